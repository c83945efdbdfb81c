"""Working hours in the plan: who a session's time falls outside of, in their own zone.

The dashboard warns of it ("Coffee roulette on Tue 24 Nov 10:00 (Paris) is 04:00 for Ashley Brooks (New
York)"), `ritual show` lists those people, and `people show` gives a person's coming sessions in
their own time. A rotating ritual's groups are checked at each group's own time (a found slot).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from rituals.core.frozen import frozen
from rituals.core.models import Person, Ritual, Session
from rituals.locale import _, formats, ngettext
from rituals.service.context import Context
from rituals.service.rituals import invited_among

SHOW_OUTSIDE = 8  # people named per line; the rest are counted

if TYPE_CHECKING:
    from rituals.core.hours import OutsideHours, WorkHours
    from rituals.service.people import People
    from rituals.service.sessions import Occurrence


@frozen
class OffHours:
    """A session (or one group of it) at a time outside some people's hours."""

    ritual: Ritual
    start: datetime  # wall-clock in the ritual's zone
    outside: tuple[OutsideHours, ...]
    group: int | None = None  # the group's number, for a rotating ritual's formed groups

    def text(self) -> str:
        """ "Coffee roulette on Tue 24 Nov 10:00 (Paris) is 04:00 for Ashley Brooks (New York)"."""
        from rituals.core.hours import city  # deferred: with the rest of the zone maths

        first, more = self.outside[0], len(self.outside) - 1
        whom = first.text(self.start.date())
        if more:
            whom = ngettext(
                "{whom} and {n} more outside their hours", "{whom} and {n} more outside their hours", more
            ).format(whom=whom, n=more)
        title = self.ritual.title
        if self.group is not None:
            title = _("{title} (group {number})").format(title=title, number=self.group)
        return _("{title} on {when} ({place}) is {whom}").format(
            title=title, when=formats.moment(self.start), place=city(self.ritual.schedule.timezone), whom=whom
        )


class Hours:
    """Working hours against the plan."""

    def __init__(self, context: Context, people: People) -> None:
        self.context = context
        self.store = context.store
        self.people = people

    def hours_table(self, people: Iterable[Person]) -> dict[str, WorkHours]:
        """Each person's working hours, by e-mail, the defaults read once."""
        defaults = self.people.hour_defaults()
        return {p.email: self.people.hours_of(p, defaults) for p in people}

    def off_hours(
        self,
        ritual: Ritual,
        start: datetime,
        session: Session | None = None,
        people: list[Person] | None = None,
        hours: Mapping[str, WorkHours] | None = None,
    ) -> list[OffHours]:
        """Who ``ritual``'s date at ``start`` falls outside of: each formed group at its own time,
        else everyone invited that day. Nothing for an all-day ritual."""
        from rituals.core.hours import outside_hours  # deferred: zoneinfo (docs/performance.md)

        if ritual.schedule.all_day:
            return []
        people = people if people is not None else self.store.people()
        by_email = {p.email: p for p in people}
        hours = hours if hours is not None else self.hours_table(people)
        groups: list[tuple[int | None, datetime, tuple[str, ...]]]
        if session is not None and session.groups:
            groups = [(n, session.group_start(n), g) for n, g in zip(session.numbers(), session.groups)]
        else:
            groups = [(None, start, tuple(p.email for p in invited_among(ritual, people, start.date())))]
        found = []
        for number, when, members in groups:
            pairs = [(by_email[e], hours[e]) for e in members if e in by_email and e in hours]
            outside = outside_hours(pairs, when, ritual.schedule.timezone, ritual.schedule.duration)
            if outside:
                found.append(OffHours(ritual, when, tuple(outside), number))
        return found

    def time_lines(self, ritual: Ritual, start: datetime, session: Session | None = None) -> list[str]:
        """What `ritual show` says of a date's time: the clock in the audience's other zones
        ("04:00 in New York"), and who it falls outside of."""
        from rituals.core.hours import city, local_times  # deferred: zoneinfo (docs/performance.md)

        if ritual.schedule.all_day:
            return []
        people = self.store.people()
        audience = invited_among(ritual, people, start.date())
        zones = sorted({p.timezone for p in audience}, key=lambda z: -sum(p.timezone == z for p in audience))
        lines = []
        there = local_times(start, ritual.schedule.timezone, zones)
        if there:
            said = ", ".join(_("{clock} in {city}").format(clock=_clock(t, start), city=city(z)) for z, t in there)
            lines.append(
                _("{moment} in {city} is {elsewhere}").format(
                    moment=formats.moment(start), city=city(ritual.schedule.timezone), elsewhere=said
                )
            )
        if ritual.slot is not None and session is not None and session.groups:
            lines += self._group_times(ritual, session, {p.email: p for p in people})
        for off in self.off_hours(ritual, start, session, people):
            by_clock: dict[tuple[str, str], list[str]] = {}
            for o in off.outside:
                clock = f"{o.local:%H:%M}" if o.local.date() == off.start.date() else _weekday_clock(o.local)
                by_clock.setdefault((clock, city(o.zone)), []).append(o.name)
            for (clock, place), names in by_clock.items():
                more = len(names) - SHOW_OUTSIDE
                who = ", ".join(names[:SHOW_OUTSIDE])
                if more > 0:
                    who = _("{names} and {n} more").format(names=who, n=more)
                where = {"clock": clock, "place": place, "who": who}
                if off.group is None:
                    lines.append(_("outside their hours: {clock} in {place} for {who}").format(**where))
                else:
                    lines.append(
                        _("outside their hours: {clock} in {place} for {who} (group {number}, {when})").format(
                            number=off.group, when=_weekday_clock(off.start), **where
                        )
                    )
        return lines

    def _group_times(self, ritual: Ritual, session: Session, people: Mapping[str, Person]) -> list[str]:
        """Each group's own time, in its people's zones, or that it has none yet."""
        from rituals.core.hours import clock_line  # deferred: as time_lines

        found = dict(session.group_times)
        lines = []
        for number, group in zip(session.numbers(), session.groups):
            if number in found:
                zones = [people[e].timezone for e in group if e in people]
                clocks = clock_line(found[number], ritual.schedule.timezone, zones)
                lines.append(_("group {number}: {clocks}").format(number=number, clocks=clocks))
            else:
                lines.append(
                    _("group {number}: no time found yet, meets at the ritual's (`rituals slots {ritual}`)").format(
                        number=number, ritual=ritual.id
                    )
                )
        return lines

    def upcoming_off_hours(self, upcoming: list[Occurrence], people: list[Person]) -> list[OffHours]:
        """The first date of each ritual in ``upcoming`` that falls outside someone's hours."""
        from rituals.core.hours import outside_hours  # deferred: zoneinfo (docs/performance.md)

        hours = self.hours_table(people)
        # one person per time zone and working hours stands for all who share them
        alike: dict[tuple[str, object], tuple[Person, WorkHours]] = {}
        for person in people:
            if person.email in hours:
                alike.setdefault((person.timezone, hours[person.email].spans), (person, hours[person.email]))
        seen: set[str] = set()
        found = []
        for occ in upcoming:
            if occ.ritual.id in seen or occ.ritual.schedule.all_day:
                continue
            schedule = occ.ritual.schedule
            if not (occ.session and occ.session.groups) and not outside_hours(
                alike.values(), occ.start, schedule.timezone, schedule.duration
            ):
                continue  # nobody at all is outside at that time: no need to ask who is invited
            off = self.off_hours(occ.ritual, occ.start, occ.session, people, hours)
            if off:
                seen.add(occ.ritual.id)
                found += off
        return found


def _clock(when: datetime, start: datetime) -> str:
    """ "15:00", or "09:00 Mon" when it is another day there."""
    return f"{when:%H:%M}" if when.date() == start.date() else f"{when:%H:%M} {formats.day(when, 'weekday_short')}"


def _weekday_clock(when: datetime) -> str:
    """ "Mon 09:00" in the reader's language."""
    return f"{formats.day(when, 'weekday_short')} {when:%H:%M}"
