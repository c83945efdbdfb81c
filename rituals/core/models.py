"""The domain model: frozen dataclasses, plain values, no I/O.

A Person is identified by their normalised e-mail. A Ritual is a recurring (or one-off) moment
with a Schedule, an Audience and a Grouping. A Session is one dated occurrence of a ritual with
its groups and, once held, its attendance and feedback. Who-met-whom history is derived from held
sessions of every kind (see ``rituals.core.history``).
"""

from __future__ import annotations

from dataclasses import field
from functools import cached_property
from datetime import date, datetime, timedelta
from typing import Literal

from rituals.core.frozen import frozen

KINDS: tuple[str, ...] = (
    "lunch",
    "volunteer-day",
    "cross-team-meeting",
    "coffee-chat",
    "gratitude-circle",
    "welcome",
    "farewell",
    "skill-share",
    "outdoor",
    "game",
    "wellbeing",
    "other",
)
FREQUENCIES: tuple[str, ...] = ("once", "weekly", "monthly")
MIX_POLICIES: tuple[str, ...] = ("cross-team", "within-team", "random")
FORMATS: tuple[str, ...] = ("in-person", "remote", "hybrid")
AUDIENCE_KINDS: tuple[str, ...] = ("all", "teams", "people")
SESSION_STATUSES: tuple[str, ...] = ("planned", "held", "cancelled")
REMOTE = "remote"

Frequency = Literal["once", "weekly", "monthly"]
MixPolicy = Literal["cross-team", "within-team", "random"]
MonthlyBy = Literal["day", "weekday"]
MONTHLY_BY: tuple[str, ...] = ("weekday", "day")


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

    @property
    def id(self) -> str:
        return self.email

    @property
    def is_remote(self) -> bool:
        return self.location.strip().lower() == REMOTE

    def is_paused(self, on: date) -> bool:
        return self.paused_until is not None and on <= self.paused_until

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

    @property
    def weekday_of_month(self) -> int:
        """Which of the month's weekdays the start is: 1 to 4, or -1 for the last (the 5th)."""
        n = (self.start.day - 1) // 7 + 1
        return -1 if n == 5 else n

    def when(self, moment: datetime, year: bool = False) -> str:
        """An occurrence as lists show it: "Tue 24 Nov 10:00", or "Thu 24 Dec" when all-day."""
        day = "%a %d %b %Y" if year else "%a %d %b"
        return moment.strftime(day if self.all_day else f"{day} %H:%M")

    def length(self) -> str:
        """How long one occurrence lasts, as lists show it: "45 min", or "all day" ("3 days"), whatever
        hours an all-day ritual carries (its calendar event spans whole days: see ical.events)."""
        if self.all_day:
            days = max(1, self.duration.days)
            return "all day" if days == 1 else f"{days} days"
        return f"{int(self.duration.total_seconds() // 60)} min"

    def rhythm(self) -> str:
        """How often, in a word or three: "weekly", "every 3 months" (lists show this)."""
        if self.frequency == "once" or self.interval == 1:
            return self.frequency
        unit = "weeks" if self.frequency == "weekly" else "months"
        return f"every {self.interval} {unit}"

    def describe(self) -> str:
        rhythm = self.rhythm()
        if self.frequency == "monthly":
            rhythm += f" on {self.monthly_day()}"
        when = self.start.strftime("%Y-%m-%d") if self.all_day else self.start.strftime("%Y-%m-%d %H:%M")
        return f"{rhythm} from {when} {self.timezone}"

    def monthly_day(self) -> str:
        """Which day of each month: "the 4th Thursday", "the last Friday" or "day 27"."""
        if self.monthly_by != "weekday":
            return f"day {self.start.day}"
        n = self.weekday_of_month
        which = "last" if n == -1 else ("1st", "2nd", "3rd", "4th")[n - 1]
        return f"the {which} {self.start:%A}"


@frozen
class Audience:
    """Who is invited: everyone, some teams, or named people."""

    kind: Literal["all", "teams", "people"] = "all"
    members: tuple[str, ...] = ()  # team names or e-mails, by kind

    def describe(self) -> str:
        return "everyone" if self.kind == "all" else f"{self.kind}: {', '.join(self.members)}"

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

    @property
    def rotates(self) -> bool:
        return self.size is not None

    def describe(self) -> str:
        return f"groups of {self.size}, {self.mix}" if self.size else "everyone together"


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
    format: Literal["in-person", "remote", "hybrid"] = "hybrid"
    status: Literal["active", "cancelled"] = "active"
    idea_id: str | None = None  # the catalog idea it came from, if any


@frozen
class Feedback:
    """One person's rating and note about a session."""

    email: str
    rating: int | None = None
    note: str = ""


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

    @property
    def id(self) -> str:
        return session_id(self.ritual_id, self.start.date())

    def numbers(self) -> tuple[int, ...]:
        """The number of each group (see ``group_numbers``)."""
        if len(self.group_numbers) == len(self.groups):
            return self.group_numbers
        return tuple(range(1, len(self.groups) + 1))

    @property
    def day(self) -> date:
        return self.start.date()

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


def session_id(ritual_id: str, day: date) -> str:
    return f"{ritual_id}@{day.isoformat()}"
