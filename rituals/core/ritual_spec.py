"""Turning what a user typed (CLI options, TUI form fields) into a valid Ritual.

Every field is optional text so that one spec serves both "add" (from nothing) and "edit"
(on top of an existing ritual); ``build_ritual`` checks each field and names the bad one.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Literal, Required, TypedDict, TypeVar

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import (
    AUDIENCE_KINDS,
    FORMATS,
    KINDS,
    MIX_POLICIES,
    MONTHLY_BY,
    ON_CLOSED,
    SLOT_PREFERENCES,
    Audience,
    Format,
    Frequency,
    Grouping,
    MonthlyBy,
    OnClosed,
    Ritual,
    Schedule,
    Slot,
    normalise_email,
)
from rituals.core.roster import clean_name
from rituals.core.schedule import (
    Holidays,
    check_timezone,
    is_holiday,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_every,
)
from rituals.locale import _

MAX_GROUP = 12
C = TypeVar("C", bound=str)


@frozen
class RitualSpec:
    """A ritual as the user typed it: raw strings, checked by ``build_ritual``."""

    title: str | None = None
    kind: str | None = None
    start: str | None = None  # "2026-12-03T12:30", or a date for an all-day ritual
    timezone: str | None = None
    duration: str | None = None  # "60m", "1h30"
    every: str | None = None  # "once", "weekly", "2w", "monthly", "3m"
    monthly_on: str | None = None  # "weekday" (the 4th Thursday) or "day" (the 27th)
    until: str | None = None
    count: int | None = None
    all_day: bool | None = None
    skip_holidays: str | None = None  # country code, "" to stop skipping
    on_closed: str | None = None  # "skip" or "move" a date on a skipped holiday or in a closure
    size: int | None = None  # 0 = everyone together
    mix: str | None = None
    seats: int | None = None  # at most this many people a round (0 = everyone invited)
    audience: str | None = None  # "all", "teams:Design,Data", "people:a@x,b@x"
    description: str | None = None
    location: str | None = None
    video_link: str | None = None
    organizer: str | None = None
    format: str | None = None
    id: str | None = None
    idea_id: str | None = None
    slot: str | None = None  # "fixed" (the schedule's time for all) or "find" (each group its own)
    window: str | None = None  # where "find" looks: "week 10:00-16:00" (see rituals.core.slots)
    prefer: str | None = None  # "earliest" or "spread"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].strip("-") or "ritual"


def parse_audience(text: str) -> Audience:
    raw = text.strip()
    kind, _colon, rest = raw.partition(":")
    kind = kind.strip().lower()
    if kind not in AUDIENCE_KINDS:
        raise InvalidInput(_("bad audience {text!r}: use all, teams:A,B or people:a@x,b@y").format(text=text))
    members = tuple(m.strip() for m in rest.split(",") if m.strip())
    if kind == "people":
        members = tuple(normalise_email(m) for m in members)
    if kind != "all" and not members:
        raise InvalidInput(
            _("bad audience {text!r}: name at least one {value}").format(
                text=text, value=kind[:-1] if kind == "teams" else "person"
            )
        )
    return Audience(kind=kind, members=() if kind == "all" else members)


def _choice(text: str, allowed: tuple[C, ...], what: str) -> C:
    value = text.strip().lower()
    if value not in allowed:
        raise InvalidInput(
            _("bad {what} {value!r}: choose one of {items}").format(what=what, value=value, items=", ".join(allowed))
        )
    return value


def build_ritual(
    spec: RitualSpec, base: Ritual | None = None, *, today: date | None = None, holidays: Holidays | None = None
) -> Ritual:
    """A checked Ritual from ``spec`` laid over ``base`` (None when creating one); a country whose
    holidays are skipped is checked against ``holidays`` (see ``rituals.core.schedule.Holidays``)."""
    if base is None:
        for name in ("title", "kind", "start"):
            if not getattr(spec, name):
                raise InvalidInput(_("a new ritual needs --{name}").format(name=name))
    # without a base, the title and kind were checked to be there just above
    title = clean_name(spec.title) if spec.title is not None else (base.title if base else "")
    if not title:
        raise InvalidInput(_("the title cannot be empty"))
    ritual_id = spec.id or (base.id if base else slugify(title))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,59}", ritual_id):
        raise InvalidInput(
            _("bad ritual id {ritual_id!r}: lower-case letters, digits and dashes").format(ritual_id=ritual_id)
        )
    kind = _choice(spec.kind, KINDS, "kind") if spec.kind else (base.kind if base else "")
    schedule = _schedule(spec, base.schedule if base else None, today, holidays)
    grouping = base.grouping if base else Grouping()
    if spec.size is not None:
        if spec.size != 0 and not 2 <= spec.size <= MAX_GROUP:
            raise InvalidInput(
                _("bad group size {size}: use 2 to {max_group}, or 0 for everyone together").format(
                    size=spec.size, max_group=MAX_GROUP
                )
            )
        grouping = dataclasses.replace(grouping, size=spec.size or None)
    if spec.mix is not None:
        grouping = dataclasses.replace(grouping, mix=_choice(spec.mix, MIX_POLICIES, "mix"))
    if spec.seats is not None:
        if spec.seats != 0 and spec.seats < 2:
            raise InvalidInput(_("bad seats {seats}: at least 2, or 0 for everyone invited").format(seats=spec.seats))
        grouping = dataclasses.replace(grouping, seats=spec.seats or None)
    slot = _slot(spec, base.slot if base else None, grouping, schedule)
    changes: _RitualChanges = {
        "title": title,
        "kind": kind,
        "schedule": schedule,
        "grouping": grouping,
        "id": ritual_id,
        "slot": slot,
    }
    if spec.audience is not None:
        changes["audience"] = parse_audience(spec.audience)
    if spec.format is not None:
        changes["format"] = _choice(spec.format, FORMATS, "format")
    if spec.organizer is not None:
        changes["organizer"] = normalise_email(spec.organizer)
    texts: tuple[Literal["description", "location", "video_link", "idea_id"], ...]
    texts = ("description", "location", "video_link", "idea_id")
    for name in texts:
        value = getattr(spec, name)
        if value is not None:
            changes[name] = value.replace("\r", "").strip() if name == "description" else clean_name(value)
    if base is None:
        return Ritual(**changes)
    return dataclasses.replace(base, **changes)


class _RitualChanges(TypedDict, total=False):
    """The fields ``build_ritual`` sets, each with its field's type."""

    title: Required[str]
    kind: Required[str]
    schedule: Required[Schedule]
    grouping: Required[Grouping]
    id: Required[str]
    slot: Required[Slot | None]
    audience: Audience
    format: Format
    organizer: str
    description: str
    location: str
    video_link: str
    idea_id: str | None


class _ScheduleChanges(TypedDict, total=False):
    """The fields ``_schedule`` sets, each with its field's type."""

    start: datetime
    all_day: bool
    timezone: str
    duration: timedelta
    frequency: Frequency
    interval: int
    monthly_by: MonthlyBy
    until: date | None
    count: int | None
    skip_holidays: str | None
    on_closed: OnClosed


def _slot(spec: RitualSpec, current: Slot | None, grouping: Grouping, schedule: Schedule) -> Slot | None:
    """The ritual's Slot: None for "fixed", else the current one (or the default window) with
    what the spec changes."""
    from rituals.core.slots import parse_window  # deferred: only rituals that find slots need it

    mode = spec.slot.strip().lower() if spec.slot is not None else None
    if mode not in (None, "fixed", "find"):
        raise InvalidInput(
            _("bad --slot {slot!r}: fixed (every group at the ritual's time) or find (each group its own)").format(
                slot=spec.slot
            )
        )
    if mode == "fixed":
        return None
    slot = current if mode is None else (current or Slot())
    if slot is None:
        if spec.window or spec.prefer:
            raise InvalidInput(_("--window and --prefer go with --slot find"))
        return None
    if spec.window:
        span, earliest, latest, prefer = parse_window(spec.window)
        slot = dataclasses.replace(slot, span=span, earliest=earliest, latest=latest, prefer=prefer or slot.prefer)
    if spec.prefer:
        slot = dataclasses.replace(slot, prefer=_choice(spec.prefer, SLOT_PREFERENCES, "--prefer"))
    if not grouping.rotates:
        raise InvalidInput(_("--slot find gives each group its own time: it needs rotating groups (--size 2-12)"))
    if schedule.all_day:
        raise InvalidInput(_("--slot find looks for a time: an all-day ritual has none"))
    room = (int(slot.latest[:2]) * 60 + int(slot.latest[3:])) - (int(slot.earliest[:2]) * 60 + int(slot.earliest[3:]))
    if room < schedule.duration.total_seconds() // 60:
        raise InvalidInput(
            _("the window {earliest}-{latest} is shorter than the ritual itself").format(
                earliest=slot.earliest, latest=slot.latest
            )
        )
    return slot


def _schedule(spec: RitualSpec, base: Schedule | None, today: date | None, holidays: Holidays | None) -> Schedule:
    changes: _ScheduleChanges = {}
    if spec.start is not None:
        start = parse_datetime(spec.start)
        if today is not None and start.date() < today and (base is None or start != base.start):
            raise InvalidInput(
                _("the start {start} is in the past (today is {today})").format(
                    start=spec.start, today=today.isoformat()
                )
            )
        changes["start"] = start
        looks_all_day = "T" not in spec.start and " " not in spec.start.strip()
        if spec.all_day is None and base is None:
            changes["all_day"] = looks_all_day
    if spec.all_day is not None:
        changes["all_day"] = spec.all_day
    if spec.timezone is not None:
        changes["timezone"] = check_timezone(spec.timezone)
    if spec.duration is not None:
        changes["duration"] = parse_duration(spec.duration)
    if spec.every is not None:
        changes["frequency"], changes["interval"] = parse_every(spec.every)
    chosen = _choice(spec.monthly_on, MONTHLY_BY, "--monthly-on") if spec.monthly_on is not None else None
    if changes.get("frequency", base.frequency if base else "once") == "monthly":
        if chosen is not None:
            changes["monthly_by"] = chosen
        elif base is None or base.frequency != "monthly":
            changes["monthly_by"] = "weekday"  # a ritual that becomes monthly keeps its weekday
    # otherwise it means nothing until the ritual is monthly: left as it is
    if spec.until and spec.count is not None:
        raise InvalidInput(_("give --until or --count, not both (a calendar rule holds only one)"))
    if spec.until is not None:
        changes["until"] = parse_date(spec.until) if spec.until else None
        if spec.until:
            changes["count"] = None  # on edit, a new end date replaces a number of occurrences
    if spec.count is not None:
        if not 1 <= spec.count <= 1000:
            raise InvalidInput(_("bad count {count}: use 1 to 1000").format(count=spec.count))
        changes["count"], changes["until"] = spec.count, None
    if spec.skip_holidays is not None:
        changes["skip_holidays"] = spec.skip_holidays.strip().upper() or None
    if spec.on_closed is not None:
        changes["on_closed"] = _choice(spec.on_closed, ON_CLOSED, "--on-closed")
    schedule = dataclasses.replace(base, **changes) if base else Schedule(**changes)
    if schedule.all_day:
        schedule = dataclasses.replace(schedule, start=datetime.combine(schedule.start.date(), time.min))
    if schedule.until is not None and schedule.until < schedule.start.date():
        raise InvalidInput(
            _("--until {until} is before the start {date}").format(until=schedule.until, date=schedule.start.date())
        )
    if schedule.skip_holidays:
        is_holiday(schedule, schedule.start.date(), holidays=holidays)  # fails early on an unknown country
    return schedule
