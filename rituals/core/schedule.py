"""Expanding a Schedule into dated occurrences, and parsing the user's words for one.

Occurrences are naive wall-clock datetimes in the schedule's own time zone: a 12:30 lunch in
Paris stays at 12:30 across daylight-saving changes, which is what people expect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from rituals.core.closures import Closure, Planned, closure_on
from rituals.core.errors import InvalidInput
from rituals.core.models import FREQUENCIES, Frequency, Schedule
from rituals.locale import _, current, formats

if TYPE_CHECKING:
    from dateutil.rrule import rrule

_FOREVER = 500  # occurrences of an open-ended series we ever look at


def rrule_for(schedule: Schedule) -> rrule:
    """The dateutil rule of a schedule (a once-only schedule is a rule with count 1)."""
    from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays  # deferred: docs/performance.md, "dateutil"

    until = None
    if schedule.until is not None:
        until = datetime.combine(schedule.until, time(23, 59, 59))
    # RFC 5545 allows UNTIL or COUNT, not both; a file edited by hand may hold both: the end date
    # wins, as in the exported invites (core/calendar.py)
    count = schedule.count if until is None else None
    if schedule.frequency == "once":
        return rrule(WEEKLY, dtstart=schedule.start, count=1)
    freq = WEEKLY if schedule.frequency == "weekly" else MONTHLY
    if until is None and count is None:
        count = _FOREVER
    if freq == MONTHLY and schedule.monthly_by == "weekday":
        day = weekdays[schedule.start.weekday()](schedule.weekday_of_month)
        return rrule(freq, dtstart=schedule.start, interval=schedule.interval, until=until, count=count, byweekday=day)
    return rrule(freq, dtstart=schedule.start, interval=schedule.interval, until=until, count=count)


def any_occurrence_between(schedule: Schedule, lo: datetime, hi: datetime) -> bool:
    """Whether the bare rule (no exdates, no holidays) meets [lo, hi], both ends included."""
    return bool(rrule_for(schedule).between(lo, hi, inc=True))


def occurrences(
    schedule: Schedule,
    start: datetime | date | None = None,
    end: datetime | date | None = None,
    limit: int | None = None,
    *,
    holidays: Holidays | None = None,
    closures: Sequence[Closure] = (),
) -> list[datetime]:
    """Occurrences in [start, end), skipping exdates and, when asked, public holidays (from
    ``holidays``, else computed: see `Holidays`), and skipping or moving the dates in
    ``closures`` (see `planned_dates`)."""
    lo = _as_datetime(start) if start is not None else datetime.min
    hi = _as_datetime(end) if end is not None else datetime.max
    found: list[datetime] = []
    for item in planned_dates(schedule, holidays=holidays, closures=closures):
        if item.due >= hi:
            break
        if item.start is None or not lo <= item.start < hi:
            continue
        found.append(item.start)
        if limit is not None and len(found) >= limit:
            break
    return found


def planned_dates(
    schedule: Schedule, *, holidays: Holidays | None = None, closures: Sequence[Closure] = ()
) -> Iterator[Planned]:
    """Every date of the rule, in order, with where it goes: a date on a public holiday the
    schedule skips, or in a closure, is skipped or moved to the next working day (Monday to
    Friday, open, before the next date), as ``schedule.on_closed`` says. With a count, such
    dates do not count: ``count=4`` gives four sessions (a date skipped by hand still counts,
    as in a calendar's COUNT)."""
    rule = rrule_for(schedule if schedule.count is None else replace(schedule, count=schedule.count + _FOREVER))
    skipped = set(schedule.exdates)
    kept = 0
    dues = iter(rule)
    due, after = next(dues, None), next(dues, None)
    while due is not None and (schedule.count is None or kept < schedule.count):
        reason, detail = _closed_why(schedule, due.date(), holidays, closures)
        if due.date() in skipped:
            yield Planned(due, None, "by hand")
            kept += 1
        elif not reason:
            yield Planned(due, due)
            kept += 1
        elif schedule.on_closed == "move":
            moved = _next_open(schedule, due, holidays, closures, before=after)
            yield Planned(due, moved, reason, detail, stranded=moved is None)
            kept += moved is not None
        else:
            yield Planned(due, None, reason, detail)
        due, after = after, next(dues, None)


def _closed_why(
    schedule: Schedule, day: date, holidays: Holidays | None, closures: Sequence[Closure]
) -> tuple[str, str]:
    """Why ``day`` is closed, as ``Planned`` keeps it (reason, detail); ("", "") when open."""
    closure = closure_on(day, closures)
    if closure is not None:
        return "closed", closure.name or closure.id
    if is_holiday(schedule, day, holidays=holidays):
        return "holiday", schedule.skip_holidays or ""
    return "", ""


def _next_open(
    schedule: Schedule, due: datetime, holidays: Holidays | None, closures: Sequence[Closure], before: datetime | None
) -> datetime | None:
    """The first working day after ``due`` (same time) that is open, if it comes before ``before``."""
    when = due
    for _step in range(400):
        when += timedelta(days=1)
        if before is not None and when.date() >= before.date():
            return None
        if when.weekday() < 5 and not _closed_why(schedule, when.date(), holidays, closures)[0]:
            return when
    return None


def holiday_warning(
    schedule: Schedule, *, holidays: Holidays | None = None, closures: Sequence[Closure] = ()
) -> list[str]:
    """Lines that warn of a first date on a public holiday (of the country the schedule skips,
    else of its zone's country) or in a closure, and say what becomes of it."""
    from rituals.core.hours import zone_country

    first = schedule.start.date()
    plan = planned_dates(schedule, holidays=holidays, closures=closures)
    head = next(plan, None)
    kept = next((p.start for p in plan if p.start is not None), None) if head and head.start is None else None
    fate = "skipped" if head is not None and head.start is None else "moved" if head is not None and head.moved else ""
    said = {
        "day": formats.day(first, "short_year"),
        "first": formats.day(kept, "short_year") if kept else "",
        "moved": formats.day(head.start, "short_year") if head is not None and head.start is not None else "",
    }
    lines = []
    closure = closure_on(first, closures)
    if closure is not None:
        lines.append(_in_closure(fate, bool(kept), closure.describe(), said))
    country = (schedule.skip_holidays or zone_country(schedule.timezone) or "").upper()
    try:
        on_holiday = bool(country) and first in (holidays or PUBLIC_HOLIDAYS).days(country, first.year)
    except InvalidInput:  # a zone's country without a holiday calendar: nothing to say
        on_holiday = False
    if on_holiday:
        said.update(country=country, name=holiday_name(country, first))
        if not schedule.skip_holidays:
            lines.append(
                _(
                    "the first date, {day}, is a public holiday in {country} ({name}); "
                    "add --skip-holidays {country} to skip the holidays of {country}"
                ).format(**said)
            )
        else:
            lines.append(_on_holiday(fate if closure is None else "", bool(kept), said))
    return lines


def _in_closure(fate: str, kept: bool, closure: str, said: dict[str, str]) -> str:
    if fate == "skipped" and kept:
        return _(
            "the first date, {day}, falls in the closure {closure}: it is skipped, the first session is {first}"
        ).format(closure=closure, **said)
    if fate == "skipped":
        return _("the first date, {day}, falls in the closure {closure}: it is skipped").format(closure=closure, **said)
    if fate == "moved":
        return _("the first date, {day}, falls in the closure {closure}: it moves to {moved}").format(
            closure=closure, **said
        )
    return _("the first date, {day}, falls in the closure {closure}").format(closure=closure, **said)


def _on_holiday(fate: str, kept: bool, said: dict[str, str]) -> str:
    if fate == "skipped" and kept:
        return _(
            "the first date, {day}, is a public holiday in {country} ({name}): "
            "it is skipped, the first session is {first}"
        ).format(**said)
    if fate == "skipped":
        return _("the first date, {day}, is a public holiday in {country} ({name}): it is skipped").format(**said)
    if fate == "moved":
        return _("the first date, {day}, is a public holiday in {country} ({name}): it moves to {moved}").format(**said)
    return _("the first date, {day}, is a public holiday in {country} ({name})").format(**said)


def holiday_name(country: str, day: date) -> str:
    """What the public holiday on ``day`` is called, in the reader's language when the country's
    calendar has it ("Christmas Day", "Noël"), else in the calendar's own; for messages."""
    import holidays  # deferred: docs/performance.md, "Deferred imports"

    reader = {"en": "en_US"}.get(current(), current())  # the calendars spell English as en_US
    languages = holidays.list_localized_countries().get(country.upper(), [])
    language = reader if reader in languages else next((c for c in languages if c[:2] == reader[:2]), None)
    try:
        name = holidays.country_holidays(country.upper(), years=day.year, language=language).get(day)
    except NotImplementedError:
        name = None
    return str(name) if name else _("public holiday")


def skipped_holidays(
    schedule: Schedule, start: date | None = None, end: date | None = None, *, holidays: Holidays | None = None
) -> list[date]:
    """Dates of the rule that fall on a public holiday (exported as EXDATE)."""
    if not schedule.skip_holidays:
        return []
    days = [w.date() for w in rrule_for(schedule)]
    return [
        d
        for d in days
        if (start is None or d >= start) and (end is None or d < end) and is_holiday(schedule, d, holidays=holidays)
    ]


def is_holiday(schedule: Schedule, day: date, *, holidays: Holidays | None = None) -> bool:
    """Whether ``day`` is a public holiday the schedule skips (an unknown country: InvalidInput)."""
    if not schedule.skip_holidays:
        return False
    calendar = PUBLIC_HOLIDAYS if holidays is None else holidays
    return day in calendar.days(schedule.skip_holidays.upper(), day.year)


class Holidays(Protocol):
    """Where the core gets public holidays: passed in by the caller, like the clock and the seed.

    The service passes one that keeps them in the user's cache folder
    (``rituals.store.holiday_cache.HolidayFile``: docs/performance.md, "Public holidays kept
    between runs"); without one, they are computed in the process (`PublicHolidays`).
    ``country`` is an upper-case ISO code."""

    def days(self, country: str, year: int) -> frozenset[date]: ...


class PublicHolidays:
    """`Holidays` computed by the holidays package, in this process (the default)."""

    def days(self, country: str, year: int) -> frozenset[date]:
        return public_holidays(country.upper(), year)


PUBLIC_HOLIDAYS = PublicHolidays()


@lru_cache(maxsize=64)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """A country's public holidays in one year (an unknown country: InvalidInput). The answer
    depends on nothing else, so each is computed once per process."""
    import holidays  # deferred: docs/performance.md, "Deferred imports"

    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError as exc:
        raise InvalidInput(_("no public holiday calendar for country {country!r}").format(country=country)) from exc


def _as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time.min)


# --------------------------------------------------------------------------- parsing user input
# "90m", "1h30", "1h30m", "2h", "90 min", or bare minutes "45"
_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min|mn)?)?$", re.IGNORECASE)
_EVERY = re.compile(r"^\s*(?:(\d+)\s*)?(w|week|weeks|m|month|months)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> timedelta:
    """'90m', '1h30', '1h30m', '2h', '90 min', or a bare number of minutes."""
    match = _DURATION.match(text.strip())
    if not match or not (match.group(1) or match.group(2)):
        raise InvalidInput(_("bad duration {text!r}: use minutes like 45m, or 1h30").format(text=text))
    minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if not 5 <= minutes <= 24 * 60:
        raise InvalidInput(_("bad duration {text!r}: it must be between 5 minutes and 24 hours").format(text=text))
    return timedelta(minutes=minutes)


def parse_every(text: str) -> tuple[Frequency, int]:
    """'once', 'weekly', 'monthly', '2w', '3 weeks', '1m' -> (frequency, interval)."""
    raw = text.strip().lower()
    if raw in FREQUENCIES:
        return raw, 1
    if raw in ("biweekly", "fortnightly"):
        return "weekly", 2
    if raw in ("quarterly",):
        return "monthly", 3
    match = _EVERY.match(raw)
    if not match:
        raise InvalidInput(_("bad recurrence {text!r}: use once, weekly, monthly, 2w or 3m").format(text=text))
    interval = int(match.group(1) or 1)
    if not 1 <= interval <= 52:
        raise InvalidInput(_("bad recurrence {text!r}: the interval must be between 1 and 52").format(text=text))
    return ("weekly" if match.group(2).startswith("w") else "monthly"), interval


# Dates a planner can mean: every command adds days or years to them, so year 9999 would overflow.
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


def parse_date(text: str) -> date:
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(_("bad date {text!r}: use YYYY-MM-DD").format(text=text)) from None
    return _in_range(value, text)


def _in_range(value: date, text: str) -> date:
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(
            _("bad date {text!r}: use a date between {year} and {year2}").format(
                text=text, year=EARLIEST.year, year2=LATEST.year
            )
        )
    return value


def parse_datetime(text: str) -> datetime:
    """A naive local start: '2026-12-03T12:30', '2026-12-03 12:30' or a bare date (all day)."""
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(_("bad start {text!r}: use YYYY-MM-DDTHH:MM").format(text=text)) from None
    if value.tzinfo is not None:
        raise InvalidInput(_("bad start {text!r}: give local time and the zone with --tz").format(text=text))
    _in_range(value.date(), text)
    return value


def check_timezone(name: str) -> str:
    name = name.strip()
    if name.upper() == "UTC":
        return "UTC"
    if not _known_zone(name):
        raise InvalidInput(_("unknown time zone {name!r}: use an IANA name like Europe/Paris").format(name=name))
    return name


@lru_cache(maxsize=256)
def _known_zone(name: str) -> bool:
    # loading one zone costs far less than listing them all; ZoneInfo itself rejects paths and '..'
    if name.lower() in ("localtime", "posixrules", "factory"):
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # deferred: docs/performance.md, "zoneinfo"

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
