"""Key moments: when relationships are built (an arrival, a move, a promotion, a departure) and
kept (a work anniversary), each with an idea from the catalog to mark it.

A departure proposes a farewell with the people the leaver met most. Pure: people and sessions in,
moments out; the catalog's titles are looked up by the caller.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from rituals.core.frozen import frozen
from rituals.core.models import Person, Session
from rituals.locale import _, formats, ngettext

KINDS = ("arrival", "anniversary", "team-change", "role-change", "departure")
# The catalog idea proposed for each moment (remote people get the remote version where there is one).
IDEAS = {
    "arrival": ("welcome-breakfast", "remote-welcome-kit"),
    "anniversary": ("kudos-circle", "kudos-circle"),
    "team-change": ("new-role-handover", "new-role-handover"),
    "role-change": ("new-role-handover", "new-role-handover"),
    "departure": ("farewell-drinks", "remote-farewell"),
}
RECENT = timedelta(days=7)  # a moment of last week is still worth marking


@frozen
class Moment:
    """A key moment of one person: what, when, the idea that marks it, and with whom."""

    kind: str
    email: str
    name: str
    day: date
    text: str
    idea_id: str
    with_whom: tuple[str, ...] = ()  # e-mails: a farewell's people met most; everyone of a shared anniversary


def met_most(email: str, sessions: Iterable[Session], limit: int = 5) -> list[str]:
    """The people ``email`` met most often in held sessions, the most recent first among equals."""
    count: Counter[str] = Counter()
    last: dict[str, date] = {}
    for session in sessions:
        for group in session.participants():
            if email in group and len(group) <= 12:
                for other in group:
                    if other != email:
                        count[other] += 1
                        last[other] = max(last.get(other, session.day), session.day)
    ranked = sorted(count, key=lambda e: (-count[e], -last[e].toordinal(), e))
    return ranked[:limit]


def key_moments(people: Sequence[Person], sessions: Sequence[Session], today: date, weeks: int = 4) -> list[Moment]:
    """The moments from a week ago to ``weeks`` ahead, by date."""
    lo, hi = today - RECENT, today + timedelta(weeks=weeks)
    names = {p.email: p.name for p in people}
    found: list[Moment] = []
    for person in people:
        if person.has_left(lo):
            continue
        idea = _idea_for(person)
        if person.joined and lo <= person.joined <= hi:
            found.append(
                Moment(
                    "arrival",
                    person.email,
                    person.name,
                    person.joined,
                    _("{name} arrives in {team}").format(name=person.name, team=person.team)
                    if person.team
                    else _("{name} arrives in the team").format(name=person.name),
                    idea("arrival"),
                )
            )
        for kind, since, what in (
            ("team-change", person.team_since, _("{name} joins {team}").format(name=person.name, team=person.team)),
            ("role-change", person.role_since, _("{name} becomes {role}").format(name=person.name, role=person.role)),
        ):
            if since and lo <= since <= hi:
                found.append(Moment(kind, person.email, person.name, since, what, idea(kind)))
        if person.leave_date and lo <= person.leave_date <= hi:
            friends = tuple(met_most(person.email, sessions))
            who = ", ".join(names.get(e, e) for e in friends)
            said = {"name": person.name, "day": formats.day(person.leave_date, "day_month"), "who": who}
            if friends:
                text = _("{name} leaves (last day {day}): a farewell with the people they met most, {who}").format(
                    **said
                )
            else:
                text = _("{name} leaves (last day {day})").format(**said)
            found.append(
                Moment("departure", person.email, person.name, person.leave_date, text, idea("departure"), friends)
            )
    found += _anniversaries(people, lo, hi)
    return sorted(found, key=lambda m: (m.day, KINDS.index(m.kind), m.name))


def _anniversaries(people: Sequence[Person], lo: date, hi: date) -> list[Moment]:
    """Work anniversaries between ``lo`` and ``hi``; people hired together share one moment."""
    together: dict[tuple[date, int], list[Person]] = {}
    for person in people:
        if person.joined is None or person.has_left(lo):
            continue
        for years in range(max(1, lo.year - person.joined.year), hi.year - person.joined.year + 1):
            day = _anniversary(person.joined, years)
            if lo <= day <= hi and not person.has_left(day):
                together.setdefault((day, years), []).append(person)
    out = []
    for (day, years), group in together.items():
        names = [p.name for p in group]
        who = (
            names[0] if len(names) == 1 else _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
        )
        out.append(
            Moment(
                "anniversary",
                group[0].email,
                who,
                day,
                ngettext("{who}: {n} year here", "{who}: {n} years here", years).format(who=who, n=years),
                IDEAS["anniversary"][0],
                tuple(p.email for p in group) if len(group) > 1 else (),
            )
        )
    return out


def _idea_for(person: Person) -> Callable[[str], str]:
    return lambda kind: IDEAS[kind][1 if person.is_remote else 0]


def _anniversary(joined: date, years: int) -> date:
    try:
        return joined.replace(year=joined.year + years)
    except ValueError:  # joined on 29 February
        return date(joined.year + years, 3, 1)
