"""Slots: each group of a rotating ritual with ``--slot find`` gets its own time.

For one planned session, each group's time is looked for in the ritual's window around the date
(``Ritual.slot``): the earliest (or best-spread) start when every member is free, across zones
(``rituals.core.slots``). A member is busy when (a) their CalDAV calendar's free-busy report or
(b) their .ics feed says so (``rituals.service.busy``), (c) the plan itself has them elsewhere
(another ritual's date they are invited to, another group they are in), and free only within
(d) their working hours, off their public holidays (those of their zone's country). A calendar
that cannot be read is reported and the search goes on without it.

`Slots.find` only looks (nothing saved: its calendars are read outside any lock); `Slots.save`
records the times in the session (``Session.group_times``). Each group's invite then carries
its own time, and the next export sends the update (a changed time changes every copy).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from rituals.core.errors import Conflict, ExternalError, InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import Person, Ritual, Session
from rituals.locale import _, formats
from rituals.locale.said import Nn_
from rituals.service.context import Context

if TYPE_CHECKING:
    from rituals.core.slots import Availability, Choice, Interval
    from rituals.service.people import People
    from rituals.service.rituals import Rituals

UTC = UTC
LATER_WINDOWS = 2  # windows after the session's where a first free time is offered when none fits
FETCHERS = 8  # calendars read at once


@frozen
class GroupSlot:
    """One group's time: ``start`` (wall-clock in the ritual's zone), or why there is none and
    the nearest options, as lines."""

    number: int
    members: tuple[str, ...]
    start: datetime | None
    why: str = ""
    options: tuple[str, ...] = ()


@frozen
class SlotPlan:
    """The times found for a session's groups; nothing saved yet."""

    ritual: Ritual
    session: Session
    groups: tuple[GroupSlot, ...]
    problems: tuple[str, ...] = ()  # calendars not read: "Ana Costa: cannot reach ..."
    revision: int | None = None

    @property
    def found(self) -> int:
        return sum(g.start is not None for g in self.groups)


class Slots:
    """Each group's own time."""

    def __init__(self, context: Context, people: People, rituals: Rituals) -> None:
        self.context = context
        self.store = context.store
        self.people = people
        self.rituals = rituals

    def find(
        self, ritual_id: str, day: date | None = None, *, user: str | None = None, password: str | None = None
    ) -> SlotPlan:
        """The times of the groups of the ritual's planned session on ``day`` (default: the next
        one with groups); ``user``/``password``: for CalDAV calendars that want them."""
        from rituals.core.slots import candidates, choose, window_days  # deferred: zoneinfo, only here

        revision = self.store.revision
        ritual = self.rituals.get(ritual_id)
        if ritual.slot is None:
            raise InvalidInput(
                _("ritual {ritual!r} meets at its fixed time: give it --slot find to find group times").format(
                    ritual=ritual.id
                )
            )
        session = self._session(ritual, day)
        zone, length = ritual.schedule.timezone, ritual.schedule.duration
        days = window_days(ritual.slot, session.day)
        step = timedelta(days=len(days))
        later_days = [d + step * n for n in range(1, LATER_WINDOWS + 1) for d in days]
        now = self.context.now().astimezone(UTC)
        starts = candidates(ritual.slot, days, zone, length, not_before=now)
        later = candidates(ritual.slot, later_days, zone, length, not_before=now)
        lo = datetime.combine(days[0] - timedelta(days=1), time(), UTC)
        hi = datetime.combine(later_days[-1] + timedelta(days=2), time(), UTC)
        people = {p.email: p for p in self.store.people()}
        members = [people[e] for g in session.groups for e in g if e in people]
        busy, problems = self._busy(members, session, lo, hi, user, password)
        table = self._availability(members, busy, lo, hi)
        groups = []
        for number, group in zip(session.numbers(), session.groups):
            present = [table[e] for e in group if e in table]
            choice = choose(present, starts, length, ritual.slot.prefer, later)
            groups.append(_group_slot(number, group, choice, ritual))
        return SlotPlan(ritual, session, tuple(groups), tuple(problems), revision)

    def save(self, plan: SlotPlan, *, expected_revision: int | None = None) -> Session:
        """Record the times found (a group with none meets at the ritual's time); refused if
        the session's groups changed since ``plan`` was made."""
        based_on = expected_revision if expected_revision is not None else plan.revision
        with self.store.transaction(based_on) as tx:
            current = self.store.session(plan.session.id)
            if current.status != "planned" or current.groups != plan.session.groups:
                raise Conflict(
                    _("the groups of {current} changed since their times were found: find them again").format(
                        current=current.id
                    )
                )
            times = tuple((g.number, g.start) for g in plan.groups if g.start is not None)
            session = dataclasses.replace(current, group_times=times)
            tx.put_session(session)
            missing = len(plan.groups) - len(times)
            if missing:
                tx.say(
                    Nn_(
                        "found the times of {n} group of {session}; {missing} meet at the ritual's time",
                        "found the times of {n} groups of {session}; {missing} meet at the ritual's time",
                    ),
                    n=len(times),
                    session=session.id,
                    missing=missing,
                )
            else:
                tx.say(
                    Nn_("found the times of {n} group of {session}", "found the times of {n} groups of {session}"),
                    n=len(times),
                    session=session.id,
                )
        return session

    def names_of(self, emails: tuple[str, ...]) -> list[str]:
        people = {p.email: p.name for p in self.store.people()}
        return [people.get(e, e) for e in emails]

    def when(self, ritual: Ritual, group: GroupSlot) -> str:
        """ "Mon 23 Nov 15:00 Paris (09:00 New York)": a group's time, in its people's zones too."""
        from rituals.core.hours import clock_line  # deferred: as find

        assert group.start is not None
        people = {p.email: p for p in self.store.people()}
        return clock_line(
            group.start, ritual.schedule.timezone, [people[e].timezone for e in group.members if e in people]
        )

    def _session(self, ritual: Ritual, day: date | None) -> Session:
        planned = [s for s in self.store.sessions(ritual.id) if s.status == "planned" and s.groups]
        if day is not None:
            found = next((s for s in planned if s.day == day), None)
            if found is None:
                raise InvalidInput(
                    _("{ritual} has no planned groups on {day}: form them with `rituals rotate`").format(
                        ritual=ritual.id, day=day
                    )
                )
            return found
        today = self.context.today()
        found = next((s for s in planned if s.day >= today), None)
        if found is None:
            raise InvalidInput(
                _("{ritual} has no planned groups from {today} on: form them with `rituals rotate`").format(
                    ritual=ritual.id, today=today
                )
            )
        return found

    # ------------------------------------------------------------------ who is busy when
    def _busy(
        self,
        members: list[Person],
        session: Session,
        lo: datetime,
        hi: datetime,
        user: str | None,
        password: str | None,
    ) -> tuple[dict[str, list[Interval]], list[str]]:
        """Each member's busy intervals: their calendar's, and the plan's own."""
        from rituals.service.busy import read_busy  # deferred: icalendar and the feeds' reader

        busy: dict[str, list[Interval]] = {p.email: [] for p in members}
        problems: list[str] = []
        wanted = [p for p in members if p.calendar]

        def read(person: Person) -> list[Interval]:
            return read_busy(person.calendar, lo, hi, person.timezone, user=user, password=password)

        with ThreadPoolExecutor(max_workers=FETCHERS) as pool:
            futures = {p.email: pool.submit(read, p) for p in wanted}
        for person in wanted:
            try:
                busy[person.email] += futures[person.email].result()
            except ExternalError as exc:
                problems.append(f"{person.name}: {exc.message}; their busy times are unknown")
        for email, intervals in self._plan_busy({p.email for p in members}, session, lo, hi).items():
            busy[email] += intervals
        return busy, problems

    def _availability(
        self, members: list[Person], busy: Mapping[str, list[Interval]], lo: datetime, hi: datetime
    ) -> dict[str, Availability]:
        """Each member's `Availability` from ``lo`` to ``hi``: hours, holidays, busy times."""
        from rituals.core.hours import zone_country  # deferred: as find
        from rituals.core.schedule import PUBLIC_HOLIDAYS
        from rituals.core.slots import availability

        defaults = self.people.hour_defaults()
        days = [lo.date() + timedelta(days=n) for n in range((hi - lo).days + 1)]
        calendar = self.context.holidays or PUBLIC_HOLIDAYS
        table: dict[str, Availability] = {}
        for person in members:
            country = zone_country(person.timezone)
            off: set[date] = set()
            try:
                if country:
                    for year in sorted({d.year for d in days}):
                        off |= calendar.days(country, year)
            except InvalidInput:  # a country without a holiday calendar: none known
                off = set()
            table[person.email] = availability(
                person.email,
                person.name,
                person.timezone,
                self.people.hours_of(person, defaults),
                days,
                busy[person.email],
                off,
            )
        return table

    def _plan_busy(self, emails: set[str], session: Session, lo: datetime, hi: datetime) -> dict[str, list[Interval]]:
        """When the plan already has ``emails`` elsewhere between ``lo`` and ``hi``: the groups
        of other sessions they are in (at each group's own time), and the dates of rituals met
        all together that invite them (not paused that day). ``session`` itself is left out."""
        from rituals.core.schedule import occurrences  # deferred: as find
        from rituals.service.rituals import invited_among

        rituals = {r.id: r for r in self.store.rituals() if r.status == "active"}
        people = self.store.people()
        found: dict[str, list[Interval]] = {e: [] for e in emails}
        first, last = lo.date() - timedelta(days=1), hi.date() + timedelta(days=1)
        for other in self.store.sessions():
            ritual = rituals.get(other.ritual_id)
            if (
                ritual is None
                or other.id == session.id
                or other.status == "cancelled"
                or not first <= other.day <= last
            ):
                continue
            for number, group in zip(other.numbers(), other.groups):
                for email in set(group) & emails:
                    found[email].append(_interval(ritual, other.group_start(number)))
        closures = self.context.closures()
        for ritual in rituals.values():
            if ritual.grouping.rotates:
                continue  # only their formed groups bind anyone: counted above
            for start in occurrences(
                ritual.schedule, start=first, end=last, holidays=self.context.holidays, closures=closures
            ):
                for person in invited_among(ritual, people, start.date()):
                    if person.email in emails:
                        found[person.email].append(_interval(ritual, start))
        return found


def _interval(ritual: Ritual, start: datetime) -> Interval:
    """When a date of ``ritual`` holds its people, in UTC (an all-day one: the whole day)."""
    from rituals.core.hours import to_utc  # deferred: as Slots.find

    schedule = ritual.schedule
    if schedule.all_day:
        begin = to_utc(datetime.combine(start.date(), time()), schedule.timezone)
        return begin, begin + timedelta(days=max(1, schedule.duration.days))
    begin = to_utc(start, schedule.timezone)
    return begin, begin + schedule.duration


def _group_slot(number: int, group: tuple[str, ...], choice: Choice, ritual: Ritual) -> GroupSlot:
    """A group's choice in the ritual's own time, the options as lines."""
    from rituals.core.hours import city, in_zone  # deferred: as Slots.find

    zone = ritual.schedule.timezone
    if choice.start is not None:
        return GroupSlot(number, group, in_zone(choice.start, zone))
    lines = []
    for option in choice.options:
        when = f"{formats.moment(in_zone(option.start, zone))} {city(zone)}"
        if option.unavailable:
            who = "; ".join(_("{name} {why}").format(name=name, why=_(why)) for name, why in option.unavailable)
        else:
            who = _("everyone is free (a later window)")
        lines.append(_("{when}: {who}").format(when=when, who=who))
    return GroupSlot(number, group, None, choice.why, tuple(lines))
