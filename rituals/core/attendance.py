"""Attendance and figures from the answers alone: who came, who answered, who has not.

After a session, someone who accepted its invite counts as having come, unless their group
answered the check-in with 'no'; a group that answered it with a rating or 'yes' met, everyone in
it who did not decline included. A session nobody answered for stays as it is (`rituals log` is
for those, and for corrections). Attendance worked out this way is worked out again when a later
answer comes, but never over what the lead logged by hand: a session whose attendance is not
what the answers gave last time was corrected, and keeps the correction.

The figures count invitations: each person invited to a session (its group members, and anyone
who answered and was then taken out of a group) once.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from rituals.core.frozen import frozen
from rituals.core.models import Person, Response, Ritual, Session

ANSWERED = ("ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED")
WONT_COME = ("DECLINED", "DELEGATED")
Standing = Mapping[str, Response]  # a series' answers for every date, by e-mail


# --------------------------------------------------------------------------- attendance
def derived(
    session: Session, standing: Standing | None = None
) -> tuple[tuple[str, ...], tuple[str, ...], int | None] | None:
    """(attended, absent, rating) from the answers, or None when no member answered anything."""
    standing = standing or {}
    answers = {r.email: r for r in session.responses}
    if not any(e in answers or e in standing for e in session.members):
        return None
    came: list[str] = []
    for group in session.groups:
        told = [answers[e] for e in group if e in answers and answers[e].met is not None]
        met = max(told, key=lambda r: r.checked_in).met if told else None
        for email in group:
            mine = answers.get(email) or standing.get(email)
            status = mine.status if mine else ""
            if met is False:
                continue
            if status == "ACCEPTED" or (met is True and status not in WONT_COME):
                came.append(email)
    absent = tuple(sorted(e for e in session.members if e not in came))
    ratings = [r.rating for r in answers.values() if r.rating is not None]
    rating = round(sum(ratings) / len(ratings)) if ratings else None
    return tuple(sorted(set(came))), absent, rating


def settle(
    before: Session,
    after: Session,
    finished: bool,
    standing_before: Standing | None = None,
    standing_after: Standing | None = None,
) -> Session:
    """``after`` (``before`` with new answers) with its attendance from the answers, when they
    say it: a planned session once ``finished``; a held one unless the lead corrected it."""
    found = derived(after, standing_after)
    if found is None or after.status == "cancelled":
        return after
    attended, absent, rating = found
    if after.status == "planned":
        if not finished:
            return after
        return dataclasses.replace(
            after,
            status="held",
            attended=attended,
            absent=absent,
            rating=rating if after.rating is None else after.rating,
        )
    last = derived(before, standing_before)
    if last is None:
        return after  # held and logged before anyone answered: the lead's record stands
    out = after
    if (before.attended, before.absent) == last[:2] and (before.attended or before.absent):
        out = dataclasses.replace(out, attended=attended, absent=absent)
    if before.rating == last[2]:
        out = dataclasses.replace(out, rating=rating)
    return out


# --------------------------------------------------------------------------- figures
@frozen
class ResponseCount:
    """Invitations and what became of them, for one ritual, one team, one week, or everyone."""

    key: str
    label: str = ""
    invited: int = 0
    answered: int = 0
    accepted: int = 0
    declined: int = 0  # declined or delegated: they will not come
    tentative: int = 0
    no_answer: int = 0
    rate: float | None = None  # answered / invited


@frozen
class ResponseFigures:
    """`rituals report`'s answers section."""

    total: ResponseCount
    rituals: tuple[ResponseCount, ...] = ()
    teams: tuple[ResponseCount, ...] = ()
    trend: tuple[ResponseCount, ...] = ()  # by ISO week of the session, oldest first


def invitations(session: Session, standing: Standing | None = None) -> list[tuple[str, str]]:
    """(e-mail, PARTSTAT) of everyone invited to ``session``: its members and anyone who
    answered and was taken out of its groups since (a decline repaired away)."""
    standing = standing or {}
    answers = {r.email: r for r in session.responses}
    invited = dict.fromkeys(session.members)
    invited.update(dict.fromkeys(e for e, r in answers.items() if r.status != "NEEDS-ACTION"))
    out = []
    for email in invited:
        mine = answers.get(email)
        if mine is None or mine.status == "NEEDS-ACTION":
            mine = standing.get(email, mine)
        out.append((email, mine.status if mine else "NEEDS-ACTION"))
    return out


def response_figures(
    people: Iterable[Person],
    rituals: Iterable[Ritual],
    sessions: Iterable[Session],
    standing: Mapping[str, Standing],
    focus: set[str] | None = None,
) -> ResponseFigures:
    """Answered, accepted, declined, tentative and no answer per ritual, per team and per week,
    over ``sessions`` that were not cancelled (``standing``: each series' answers, by ritual)."""
    team = {p.email: p.team or "(no team)" for p in people}
    titles = {r.id: r.title for r in rituals}
    tallies: dict[str, dict[str, list[int]]] = {
        "ritual": defaultdict(_zero),
        "team": defaultdict(_zero),
        "week": defaultdict(_zero),
        "total": defaultdict(_zero),
    }
    for session in sessions:
        if session.status == "cancelled":
            continue
        week = "{}-W{:02d}".format(*session.day.isocalendar()[:2])
        for email, status in invitations(session, standing.get(session.ritual_id)):
            if focus is not None and email not in focus:
                continue
            for kind, key in (
                ("ritual", session.ritual_id),
                ("team", team.get(email, "(gone)")),
                ("week", week),
                ("total", "all"),
            ):
                _count(tallies[kind][key], status)
    made = {
        kind: tuple(_figure(k, v, titles.get(k, "") if kind == "ritual" else "") for k, v in sorted(t.items()))
        for kind, t in tallies.items()
    }
    total = made["total"][0] if made["total"] else ResponseCount("all")
    return ResponseFigures(total, made["ritual"], made["team"], made["week"])


def _zero() -> list[int]:
    return [0, 0, 0, 0, 0]  # invited, answered, accepted, declined, tentative


def _count(tally: list[int], status: str) -> None:
    tally[0] += 1
    tally[1] += status in ANSWERED
    tally[2] += status == "ACCEPTED"
    tally[3] += status in WONT_COME
    tally[4] += status == "TENTATIVE"


def _figure(key: str, t: list[int], label: str) -> ResponseCount:
    rate = round(t[1] / t[0], 4) if t[0] else None
    return ResponseCount(key, label, t[0], t[1], t[2], t[3], t[4], t[0] - t[1], rate)


# --------------------------------------------------------------------------- the dashboard
@frozen
class Unsure:
    """Someone whose presence at a session in the next hours is not sure: TENTATIVE, or no answer."""

    session: str
    email: str
    status: str  # TENTATIVE or NEEDS-ACTION
    start: datetime


def unsure(
    sessions: Iterable[Session], now: datetime, standing: Mapping[str, Standing], hours: int = 24
) -> list[Unsure]:
    """Members of sessions starting within ``hours`` who answered TENTATIVE or have not answered,
    once at least one person of that session answered (before that, nobody is reading replies)."""
    out = []
    horizon = now + timedelta(hours=hours)
    for session in sessions:
        if session.status != "planned" or not now <= session.start <= horizon:
            continue
        mine = standing.get(session.ritual_id, {})
        pairs = invitations(session, mine)
        if not any(status != "NEEDS-ACTION" for _, status in pairs):
            continue
        members = set(session.members)
        out += [
            Unsure(session.id, email, status, session.start)
            for email, status in pairs
            if email in members and status in ("TENTATIVE", "NEEDS-ACTION")
        ]
    return out


def day_of(stamp: str) -> date | None:
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None


SERIES_ANSWERS = "answers"  # the state table of answers to a whole series: "<ritual id> <e-mail>" -> Response


def series_key(ritual_id: str, email: str) -> str:
    return f"{ritual_id} {email}"
