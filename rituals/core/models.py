"""The domain model: frozen dataclasses, plain values, no I/O.

A Person is identified by their normalised e-mail. A Ritual is a recurring (or one-off) moment
with a Schedule, an Audience and a Grouping. A Session is one dated occurrence of a ritual with
its groups and, once held, its attendance and feedback. Who-met-whom history is derived from held
sessions of every kind (see ``rituals.core.history``).
"""

from __future__ import annotations

from dataclasses import field, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Literal

from rituals.core.choices import (  # noqa: F401 - the vocabularies are read from here too
    ANSWERS,
    AUDIENCE_KINDS,
    FORMATS,
    FREQUENCIES,
    KINDS,
    MIX_POLICIES,
    MONTHLY_BY,
    ON_CLOSED,
    REMOTE,
    RHYTHMS,
    SESSION_STATUSES,
    SLOT_PREFERENCES,
    SLOT_SPANS,
    AudienceKind,
    Format,
    Frequency,
    MixPolicy,
    MonthlyBy,
    OnClosed,
    SlotPreference,
)
from rituals.core.frozen import frozen
from rituals.locale import _, formats, ngettext, pgettext


def normalise_email(email: str) -> str:
    """The canonical id of a person: trimmed, lower-case e-mail."""
    return email.strip().lower()


@frozen
class Person:
    """Someone on the roster, identified by their normalised e-mail."""

    email: str
    name: str
    team: str = ""
    location: str = REMOTE
    timezone: str = "UTC"
    joined: date | None = None
    tags: tuple[str, ...] = ()
    paused_until: date | None = None
    excluded: tuple[str, ...] = ()  # e-mails this person must never be grouped with
    # working hours in their own zone ("Mon-Fri 09:00-18:00", see rituals.core.hours); "" takes
    # the team's, the office's or the organisation's
    hours: str = ""
    # where their busy times are read when a ritual finds each group a time: an .ics feed (a
    # URL or a file) or "caldav:" and a calendar's URL (its free-busy report); "" for none
    calendar: str = ""
    # People over time (the store writes each of these only once it is set: files keep their shape)
    role: str = ""  # job title, as HR names it
    leave_date: date | None = None  # last day: invited to nothing after it, kept in the history
    team_since: date | None = None  # when the team last changed (a key moment); None: since arrival
    role_since: date | None = None
    opt_out: tuple[str, ...] = ()  # ritual ids or kinds this person is never invited to
    opt_in: tuple[str, ...] = ()  # ritual ids this person joins beyond the ritual's audience
    cadence: tuple[tuple[str, int], ...] = ()  # (ritual id or kind, days): at most once every N days
    imported: tuple[tuple[str, str], ...] = ()  # (field, value) as the last HR import gave them
    # the language their invites and e-mails are written in: "" for the organisation's, else "en"/"fr"
    language: str = ""

    @property
    def id(self) -> str:
        return self.email

    @property
    def is_remote(self) -> bool:
        return self.location.strip().lower() == REMOTE

    def is_paused(self, on: date) -> bool:
        return self.paused_until is not None and on <= self.paused_until

    def has_left(self, on: date) -> bool:
        """After the leave date: in the history, in no plan."""
        return self.leave_date is not None and on > self.leave_date

    def is_away(self, on: date) -> bool:
        """Left out of every ritual that day: paused, or gone."""
        return self.is_paused(on) or self.has_left(on)

    def is_newcomer(self, on: date, days: int = 90) -> bool:
        return self.joined is not None and 0 <= (on - self.joined).days <= days


@frozen
class Schedule:
    """When a ritual happens. ``start`` is naive wall-clock time in ``timezone``."""

    start: datetime
    timezone: str = "UTC"
    duration: timedelta = timedelta(hours=1)
    frequency: Frequency = "once"
    interval: int = 1  # every N weeks / months
    until: date | None = None
    count: int | None = None
    all_day: bool = False
    skip_holidays: str | None = None  # ISO country code whose public holidays are skipped
    exdates: tuple[date, ...] = ()  # occurrences skipped by hand
    # monthly: on the start's day of the month ("day": the 27th), or on its weekday of the month
    # ("weekday": the 4th Thursday; a start in a month's last seven days means the last one).
    # Stored rituals without the field are "day"; new ones follow the weekday (a lunch on the
    # 27th falls on a Sunday one month in seven).
    monthly_by: MonthlyBy = "day"
    # a date on a public holiday it skips, or in a company closure: "skip" it, or "move" it to
    # the next working day (see rituals.core.schedule.planned_dates)
    on_closed: OnClosed = "skip"

    @property
    def weekday_of_month(self) -> int:
        """Which of the month's weekdays the start is: 1 to 4, or -1 for the last (the 5th)."""
        n = (self.start.day - 1) // 7 + 1
        return -1 if n == 5 else n

    def when(self, moment: datetime, year: bool = False) -> str:
        """An occurrence as lists show it, in the reader's language: "Tue 24 Nov 10:00" ("mar. 24
        nov. 10:00"), or "Thu 24 Dec" when all-day."""
        form = "short_year" if year else "short"
        return formats.day(moment, form) if self.all_day else formats.moment(moment, form)

    def length(self) -> str:
        """How long one occurrence lasts, as lists show it: "45 min", or "all day" ("3 days"), whatever
        hours an all-day ritual carries (its calendar event spans whole days: see ical.events)."""
        if self.all_day:
            days = max(1, self.duration.days)
            return _("all day") if days == 1 else ngettext("{n} day", "{n} days", days).format(n=days)
        return _("{n} min").format(n=int(self.duration.total_seconds() // 60))

    def rhythm(self) -> str:
        """How often, in a word or three: "weekly", "every 3 months" (lists show this)."""
        if self.frequency == "once" or self.interval == 1:
            return _(RHYTHMS.get(self.frequency, self.frequency))
        if self.frequency == "weekly":
            return _("every {n} weeks").format(n=self.interval)
        return _("every {n} months").format(n=self.interval)

    def describe(self) -> str:
        when = self.start.strftime("%Y-%m-%d") if self.all_day else self.start.strftime("%Y-%m-%d %H:%M")
        said = {"rhythm": self.rhythm(), "when": when, "zone": self.timezone}
        if self.frequency == "monthly":
            return _("{rhythm} on {day} from {when} {zone}").format(day=self.monthly_day(), **said)
        return _("{rhythm} from {when} {zone}").format(**said)

    def monthly_day(self) -> str:
        """Which day of each month: "the 4th Thursday", "the last Friday" or "day 27"."""
        if self.monthly_by != "weekday":
            return _("day {n}").format(n=self.start.day)
        n, weekday = self.weekday_of_month, formats.day(self.start, "weekday")
        if n == 1:
            return _("the 1st {weekday}").format(weekday=weekday)
        if n == 2:
            return _("the 2nd {weekday}").format(weekday=weekday)
        if n == 3:
            return _("the 3rd {weekday}").format(weekday=weekday)
        if n == 4:
            return _("the 4th {weekday}").format(weekday=weekday)
        return _("the last {weekday}").format(weekday=weekday)


@frozen
class Audience:
    """Who is invited: everyone, some teams, or named people."""

    kind: AudienceKind = "all"
    members: tuple[str, ...] = ()  # team names or e-mails, by kind

    def describe(self) -> str:
        if self.kind == "all":
            return _("everyone")
        if self.kind == "teams":
            return _("teams: {members}").format(members=", ".join(self.members))
        return _("people: {members}").format(members=", ".join(self.members))

    def includes(self, person: Person) -> bool:
        """Whether ``person`` is invited, paused or not (team names match in any case)."""
        if self.kind == "teams":
            return person.team.lower() in self._teams
        if self.kind == "people":
            return person.email in self.members
        return True

    @cached_property
    def _teams(self) -> frozenset[str]:
        # made once per audience: includes() is asked of every person for every ritual
        return frozenset(t.lower() for t in self.members)


@frozen
class Grouping:
    """``size`` None means everyone meets together; otherwise groups of about ``size``."""

    size: int | None = None
    mix: MixPolicy = "cross-team"
    seats: int | None = None  # at most this many people a round; fairness chooses who (None: all)

    @property
    def rotates(self) -> bool:
        return self.size is not None

    def describe(self) -> str:
        """ "groups of 3, cross-team" ("groupes de 3, inter-équipes"): the mix as the reader names it."""
        if not self.size:
            return _("everyone together")
        mix = pgettext("value", self.mix)  # the values' names: rituals.tui.text
        if self.seats:
            return _("groups of {size}, {mix}, {seats} seats").format(size=self.size, mix=mix, seats=self.seats)
        return _("groups of {size}, {mix}").format(size=self.size, mix=mix)


@frozen
class Slot:
    """How each group of a rotating ritual finds its own time (``--slot find``): within ``span``
    of the session's date ("day", "week": its Monday to Sunday, "3d": the date and the two days
    after), between ``earliest`` and ``latest`` ("HH:MM", wall-clock in the ritual's zone), the
    earliest time all its people are free, or the best-spread one (the most room around it)."""

    span: str = "week"
    earliest: str = "10:00"
    latest: str = "16:00"
    prefer: SlotPreference = "earliest"

    def window(self) -> str:
        """ "week 10:00-16:00": what --window takes."""
        return f"{self.span} {self.earliest}-{self.latest}"

    def describe(self) -> str:
        if self.span == "day":
            where = _("the date")
        elif self.span == "week":
            where = _("the week of the date")
        else:
            where = _("{n} days from the date").format(n=self.span[:-1])
        if self.prefer == "earliest":
            return _("each group finds the earliest time everyone is free: {where}, {earliest}-{latest}").format(
                where=where, earliest=self.earliest, latest=self.latest
            )
        return _("each group finds the best-spread time everyone is free: {where}, {earliest}-{latest}").format(
            where=where, earliest=self.earliest, latest=self.latest
        )


@frozen
class Ritual:
    """A recurring (or one-off) moment: what, when, who, and how people are grouped."""

    id: str  # a slug, e.g. "coffee-roulette"
    title: str
    kind: str
    schedule: Schedule
    description: str = ""
    location: str = ""
    video_link: str = ""
    organizer: str = ""  # e-mail
    audience: Audience = field(default_factory=Audience)
    grouping: Grouping = field(default_factory=Grouping)
    format: Format = "hybrid"
    status: Literal["active", "cancelled"] = "active"
    idea_id: str | None = None  # the catalog idea it came from, if any
    slot: Slot | None = None  # None: every group meets at the schedule's time ("--slot fixed")


@frozen
class Feedback:
    """One person's rating and note about a session."""

    email: str
    rating: int | None = None
    note: str = ""


@frozen
class Response:
    """One person's answer about a session: to its invite (``status``, a PARTSTAT) and, after it,
    to the check-in ("did you meet?": ``met`` and ``rating``). ``stamp`` and ``sequence`` order
    two answers (the newer invite, then the later answer, wins); ``via`` says where it came from."""

    email: str
    status: str = "NEEDS-ACTION"
    sequence: int = 0  # the SEQUENCE of the invite answered
    stamp: str = ""  # when, in UTC: 2027-03-22T10:15:00Z (sorts as text)
    via: str = ""  # mail, imap, caldav, file
    met: bool | None = None  # the check-in: True (met, or a rating), False ('no'), None (no answer)
    rating: int | None = None  # the check-in's 1-5
    checked_in: str = ""  # when the check-in answer came, as ``stamp``


@frozen
class Session:
    """One dated occurrence of a ritual. ``start`` is naive wall-clock time in the ritual's zone."""

    ritual_id: str
    start: datetime
    groups: tuple[tuple[str, ...], ...] = ()
    status: Literal["planned", "held", "cancelled"] = "planned"
    explanations: tuple[str, ...] = ()  # one line per group: why it was formed
    attended: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    rating: int | None = None
    note: str = ""
    feedback: tuple[Feedback, ...] = ()
    # each group's number, which names its calendar event: it stays when the plan is repaired
    # (a group that loses or gains someone keeps its invite); empty means 1, 2, 3...
    group_numbers: tuple[int, ...] = ()
    responses: tuple[Response, ...] = ()  # answers to the invites and check-ins, one per person
    # each group's own time, when the ritual finds one (its Slot): (group number, start), wall-clock
    # in the ritual's zone, possibly another day of the window; a group without one meets at start
    group_times: tuple[tuple[int, datetime], ...] = ()

    @property
    def id(self) -> str:
        return session_id(self.ritual_id, self.start.date())

    def group_start(self, number: int) -> datetime:
        """When the group numbered ``number`` meets: its own time, else the session's."""
        return next((when for n, when in self.group_times if n == number), self.start)

    def numbers(self) -> tuple[int, ...]:
        """The number of each group (see ``group_numbers``)."""
        if len(self.group_numbers) == len(self.groups):
            return self.group_numbers
        return tuple(range(1, len(self.groups) + 1))

    @property
    def day(self) -> date:
        return self.start.date()

    def response(self, email: str) -> Response | None:
        return next((r for r in self.responses if r.email == email), None)

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(email for group in self.groups for email in group)

    def participants(self) -> tuple[tuple[str, ...], ...]:
        """Groups as they really met: attendees only once attendance is known."""
        if self.status != "held":
            return ()
        if self.attended:
            present = set(self.attended)
            return tuple(tuple(e for e in g if e in present) for g in self.groups)
        gone = set(self.absent)
        return tuple(tuple(e for e in g if e not in gone) for g in self.groups)


def regrouped(session: Session, groups: tuple[tuple[str, ...], ...]) -> Session:
    """``session`` with new ``groups``, each numbered after the group it grew from, so that its
    calendar event (named by the number) follows it: groups take the numbers of the old groups
    they share the most people with (the largest overlaps first, each number once); a group that
    shares nobody with a free old group takes a new number. Numbers 1, 2, 3... are not stored."""
    old = list(zip(session.numbers(), map(set, session.groups)))
    candidates = sorted(
        (
            (len(set(group) & members), -i, -n, i, n)
            for i, group in enumerate(groups)
            for n, members in old
            if set(group) & members
        ),
        reverse=True,
    )
    numbers: dict[int, int] = {}
    taken: set[int] = set()
    for *_ranks, i, n in candidates:
        if i not in numbers and n not in taken:
            numbers[i] = n
            taken.add(n)
    fresh = max(session.numbers(), default=0)
    for i in range(len(groups)):
        if i not in numbers:
            fresh += 1
            numbers[i] = fresh
    ordered = tuple(numbers[i] for i in range(len(groups)))
    taken = set(ordered)
    plain = ordered == tuple(range(1, len(groups) + 1))
    return replace(
        session,
        groups=groups,
        group_numbers=() if plain else ordered,
        group_times=tuple((n, when) for n, when in session.group_times if n in taken),
    )


def session_id(ritual_id: str, day: date) -> str:
    return f"{ritual_id}@{day.isoformat()}"
