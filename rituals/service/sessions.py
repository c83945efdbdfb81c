"""Sessions: the coming dates of the rituals, cancelling one, and logging what happened.

Occurrences come from the schedules (most are not stored until their groups are formed) and are
merged with the stored sessions of the same day, so a cancelled day drops out and a formed day
shows its groups.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput, NotFound
from rituals.core.frozen import frozen
from rituals.core.models import Feedback, Person, Ritual, Session, normalise_email, regrouped
from rituals.core.schedule import occurrences
from rituals.locale import N_, _, formats, ngettext
from rituals.service.context import Context
from rituals.service.rituals import invited_among

if TYPE_CHECKING:
    from rituals.service.rituals import Rituals


@frozen
class Occurrence:
    """One coming date of a ritual, with its stored session when there is one."""

    ritual: Ritual
    start: datetime
    session: Session | None = None
    invited: int = 0

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def groups_formed(self) -> bool:
        return self.session is not None and bool(self.session.groups)

    def who(self) -> str:
        if self.session is not None and self.session.groups:
            groups = self.session.groups
            people = sum(len(g) for g in groups)
            return ngettext("{people} people, {n} group", "{people} people, {n} groups", len(groups)).format(
                people=people, n=len(groups)
            )
        if self.ritual.grouping.rotates:
            return _("{n} invited, groups to form").format(n=self.invited)
        return _("{n} invited, together").format(n=self.invited)


class Sessions:
    """Stored sessions and the dates still to come."""

    def __init__(self, context: Context, rituals: Rituals) -> None:
        self.context = context
        self.store = context.store
        self.rituals = rituals

    def all(self, ritual_id: str | None = None, status: str | None = None) -> list[Session]:
        return [s for s in self.store.sessions(ritual_id) if status is None or s.status == status]

    def get(self, session_id: str) -> Session:
        return self.store.session(session_id.strip())

    def upcoming(
        self,
        days: int = 14,
        *,
        ritual_id: str | None = None,
        rituals: list[Ritual] | None = None,
        sessions: list[Session] | None = None,
        people: list[Person] | None = None,
    ) -> list[Occurrence]:
        """Active rituals' dates from now to ``days`` ahead, cancelled days left out, by time.
        ``rituals``, ``sessions`` and ``people`` spare a caller that loaded them a second read."""
        now = self.context.now()
        horizon = now + timedelta(days=days)
        rituals = rituals if rituals is not None else self.store.rituals()
        sessions = sessions if sessions is not None else self.store.sessions(ritual_id)
        stored = {(s.ritual_id, s.day): s for s in sessions}
        headcount = _Headcount(people if people is not None else self.store.people())
        closures = self.context.closures()
        out = []
        for ritual in rituals:
            if ritual.status != "active" or (ritual_id and ritual.id != ritual_id):
                continue
            # bounded by the horizon: a weekly ritual gives two dates, not a year of them
            for start in occurrences(
                ritual.schedule, start=now, end=horizon, holidays=self.context.holidays, closures=closures
            ):
                session = stored.get((ritual.id, start.date()))
                if session is not None and session.status == "cancelled":
                    continue
                out.append(Occurrence(ritual, start, session, headcount.of(ritual, start.date())))
        return sorted(out, key=lambda o: (o.start, o.ritual.id))

    def cancel(self, session_id: str, *, expected_revision: int | None = None) -> Session:
        with self.store.transaction(expected_revision) as tx:
            session = self.get(session_id)
            if session.status == "held":
                raise InvalidInput(
                    _("session {session} was already held; it cannot be cancelled").format(session=session.id)
                )
            session = dataclasses.replace(session, status="cancelled")
            tx.put_session(session)
            tx.say(N_("cancelled session {session}"), session=session.id)
        return session

    def cancel_occurrence(self, ritual_id: str, day: date, *, expected_revision: int | None = None) -> Session:
        """Cancel one date of a ritual, whether or not its session was stored yet."""
        ritual = self.rituals.get(ritual_id)
        existing = {s.day: s for s in self.store.sessions(ritual.id)}
        if day in existing:
            return self.cancel(existing[day].id, expected_revision=expected_revision)
        starts = self.rituals.next_dates(ritual, 1, after=datetime.combine(day, time.min))
        if not starts or starts[0].date() != day:
            raise InvalidInput(_("{ritual} has no session on {day}").format(ritual=ritual.title, day=day.isoformat()))
        session = Session(ritual.id, starts[0], status="cancelled")
        with self.store.transaction(expected_revision) as tx:
            tx.put_session(session)
            tx.say(N_("cancelled session {session}"), session=session.id)
        return session

    # ------------------------------------------------------------------ logging
    def log(
        self,
        session_id: str,
        *,
        attended: tuple[str, ...] = (),
        absent: tuple[str, ...] = (),
        late: tuple[tuple[str, int | None], ...] = (),
        rating: int | None = None,
        note: str | None = None,
        feedback: tuple[Feedback, ...] = (),
        expected_revision: int | None = None,
    ) -> Session:
        """Record a session as held: who came, how it went.

        Naming only ``attended`` marks everyone else absent; naming only ``absent`` marks everyone
        else present; naming neither means everyone came, or, on a session logged before, keeps
        the attendance recorded then. ``late`` adds people who were not in
        the plan, each to a group (1-based; may be omitted when there is only one group).
        """
        if rating is not None and not 1 <= rating <= 5:
            raise InvalidInput(_("the rating must be between 1 and 5, not {rating}").format(rating=rating))
        with self.store.transaction(expected_revision) as tx:
            session = self._loggable(session_id.strip())
            groups = self._with_late(session, late)
            members = [e for g in groups for e in g]
            came, gone = _attendance(session, members, attended, absent, late)
            session = dataclasses.replace(
                regrouped(session, tuple(tuple(g) for g in groups)),
                status="held",
                attended=tuple(sorted(came)),
                absent=tuple(sorted(gone)),
                rating=rating if rating is not None else session.rating,
                note=note if note is not None else session.note,
                feedback=_merged_feedback(session, feedback, set(came)),
            )
            tx.put_session(session)
            counts = {"session": session.id, "came": len(came), "gone": len(gone)}
            if session.rating is not None:
                tx.say(
                    N_("logged session {session}: {came} attended, {gone} absent, rated {rating}"),
                    **counts,
                    rating=session.rating,
                )
            else:
                tx.say(N_("logged session {session}: {came} attended, {gone} absent"), **counts)
        return session

    def _with_late(self, session: Session, late: tuple[tuple[str, int | None], ...]) -> list[list[str]]:
        """The session's groups with each late joiner added to theirs."""
        known = {p.email for p in self.store.people()}
        groups = [list(g) for g in session.groups]
        for email, number in late:
            email = normalise_email(email)
            if email not in known:
                raise NotFound(_("unknown person {email!r}").format(email=email))
            if email in session.members:
                raise InvalidInput(
                    _("{email} was already in {session}; list them with --attended").format(
                        email=email, session=session.id
                    )
                )
            if number is None and len(groups) > 1:
                raise InvalidInput(
                    _("{session} has {count} groups: say which one {email} joined (EMAIL:N)").format(
                        session=session.id, count=len(groups), email=email
                    )
                )
            if not groups:
                groups.append([])
            index = (number or 1) - 1
            if not 0 <= index < len(groups):
                raise InvalidInput(
                    _("{session} has no group {number} (it has {count})").format(
                        session=session.id, number=number, count=len(groups)
                    )
                )
            groups[index].append(email)
        return groups

    def _loggable(self, session_id: str) -> Session:
        ritual_id, _at, day_text = session_id.partition("@")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise InvalidInput(
                _("bad session id {session_id!r}: use RITUAL@YYYY-MM-DD").format(session_id=session_id)
            ) from None
        ritual = self.store.ritual(ritual_id)
        stored = {s.day: s for s in self.store.sessions(ritual.id)}
        session = stored.get(day)
        when = self._occurrence_on(ritual, day) if session is None else session.start
        if when is None:
            # a wrong day is the first thing to say: "in the future" would send the lead waiting
            raise NotFound(self._no_session(ritual, day, stored))
        today = self.context.today()
        if day > today:
            raise InvalidInput(
                _("{session_id} is in the future (today is {today}): log it once it happened").format(
                    session_id=session_id, today=today
                )
            )
        if session is None:
            if ritual.grouping.rotates:
                raise NotFound(
                    _("no groups were planned for {session_id} (plan them with `rituals rotate`)").format(
                        session_id=session_id
                    )
                )
            # an everyone-together ritual has no stored session until something is logged
            invited = tuple(p.email for p in self.rituals.invited(ritual, day))
            return Session(ritual.id, when, (invited,) if invited else ())
        if session.status == "cancelled":
            raise InvalidInput(
                _("{session_id} was cancelled; it cannot be logged as held").format(session_id=session_id)
            )
        if not session.groups and not ritual.grouping.rotates:  # stored for its answers only (`rituals replies`)
            invited = tuple(p.email for p in self.rituals.invited(ritual, day))
            session = dataclasses.replace(session, groups=(invited,) if invited else ())
        return session

    def _occurrence_on(self, ritual: Ritual, day: date) -> datetime | None:
        when = occurrences(
            ritual.schedule,
            start=datetime.combine(day, time.min),
            limit=1,
            holidays=self.context.holidays,
            closures=self.context.closures(),
        )
        return when[0] if when and when[0].date() == day else None

    def _no_session(self, ritual: Ritual, day: date, stored: dict[date, Session]) -> str:
        """ "No session on DAY", with the sessions either side of it as ids to paste."""
        cancelled = {d for d, s in stored.items() if s.status == "cancelled"}
        held_or_planned = {d for d in stored if d not in cancelled}
        closures = self.context.closures()
        days = {
            w.date() for w in occurrences(ritual.schedule, end=day, holidays=self.context.holidays, closures=closures)
        }
        after = occurrences(
            ritual.schedule,
            start=datetime.combine(day, time.min),
            limit=len(cancelled) + 1,
            holidays=self.context.holidays,
            closures=closures,
        )
        days = (days | {w.date() for w in after} | held_or_planned) - cancelled
        before = max((d for d in days if d < day), default=None)
        later = min((d for d in days if d > day), default=None)
        near = [f"{ritual.id}@{d.isoformat()} ({formats.day(d, 'short')})" for d in (before, later) if d is not None]
        said = {"ritual": ritual.id, "day": formats.day(day, "short_year")}
        if not near:
            return _("{ritual} has no session on {day} (it has no date at all)").format(**said)
        if len(near) == 1:
            return _("{ritual} has no session on {day}: the nearest is {near}").format(near=near[0], **said)
        return _("{ritual} has no session on {day}: the nearest are {near} and {later}").format(
            near=near[0], later=near[1], **said
        )


class _Headcount:
    """How many people a ritual invites on a date, the roster counted once per team rather than
    per occurrence; only those paused that day are left out (a pause ending in December leaves
    a person in January's dates)."""

    def __init__(self, people: list[Person]) -> None:
        # people with choices of their own (opted in or out, leaving) are counted one by one
        self.choosy = [p for p in people if p.opt_in or p.opt_out or p.leave_date is not None]
        plain = [p for p in people if not (p.opt_in or p.opt_out or p.leave_date is not None)]
        self.everyone = len(plain)
        self.by_team = Counter(p.team.lower() for p in plain)
        self.emails = {p.email for p in plain}
        self.pausing = [p for p in plain if p.paused_until is not None]

    def of(self, ritual: Ritual, day: date) -> int:
        return self._plain(ritual, day) + len(invited_among(ritual, self.choosy, day))

    def _plain(self, ritual: Ritual, day: date) -> int:
        audience = ritual.audience
        away = [p for p in self.pausing if p.is_paused(day)]
        if audience.kind == "teams":
            teams = {t.lower() for t in audience.members}
            return sum(self.by_team[t] for t in teams) - sum(p.team.lower() in teams for p in away)
        if audience.kind == "people":
            wanted = set(audience.members)
            return len(self.emails & wanted) - sum(p.email in wanted for p in away)
        return self.everyone - len(away)


def _attendance(
    session: Session,
    members: list[str],
    attended: tuple[str, ...],
    absent: tuple[str, ...],
    late: tuple[tuple[str, int | None], ...],
) -> tuple[list[str], list[str]]:
    """Who came and who did not, from what was named (see `Sessions.log`)."""
    came = _members_named(attended, members, session.id, "--attended")
    came += [normalise_email(e) for e, _ in late if normalise_email(e) not in came]
    gone = _members_named(absent, members, session.id, "--absent")
    both = set(came) & set(gone)
    if both:
        raise InvalidInput(_("{items} is listed both as attended and absent").format(items=sorted(both)[0]))
    if attended:
        gone = [e for e in members if e not in came]
    elif absent:
        came = [e for e in members if e not in gone]
    elif session.attended or session.absent:
        # a correction (a rating, a late joiner) keeps the attendance logged before
        before = {e for g in session.participants() for e in g}
        came = [e for e in members if e in before or e in came]
        gone = [e for e in members if e not in came]
    else:
        came = list(members)
    return came, gone


def _members_named(emails: tuple[str, ...], members: list[str], session_id: str, option: str) -> list[str]:
    out: list[str] = []
    for email in emails:
        email = normalise_email(email)
        if email not in members:
            raise InvalidInput(
                _("{email} ({option}) was not in {session_id}; add late joiners with --late").format(
                    email=email, option=option, session_id=session_id
                )
            )
        if email not in out:
            out.append(email)
    return out


def _merged_feedback(session: Session, given: tuple[Feedback, ...], present: set[str]) -> tuple[Feedback, ...]:
    mine = {f.email: f for f in session.feedback if f.email in present}
    for item in given:
        email = normalise_email(item.email)
        if email not in present:
            raise InvalidInput(
                _("feedback from {email}, who did not attend {session}").format(email=email, session=session.id)
            )
        if item.rating is not None and not 1 <= item.rating <= 5:
            raise InvalidInput(
                _("the rating from {email} must be between 1 and 5, not {rating}").format(
                    email=email, rating=item.rating
                )
            )
        mine[email] = dataclasses.replace(item, email=email)
    return tuple(mine[e] for e in sorted(mine))
