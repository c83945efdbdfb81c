"""The zone sweep: every IANA zone, a weekly and a monthly series over three years, exported once
and read back by every calendar reader we know, each occurrence compared with zoneinfo.

The expected instants never come from rituals: dateutil expands the rule in wall-clock time and
zoneinfo places each occurrence (``fold=0``: the first of a repeated hour, the offset before a
skipped one, as RFC 5545 3.3.5 says). The series are made to hurt: the weekly one starts half an
hour before one of the zone's changes of offset (01:30 in Paris, on the night the clocks go
forward), the monthly one half an hour after, on the same weekday of the month.

Used by ``tests/test_zone_sweep.py`` and ``benchmarks/zones.py`` through ``zone_run.py``; the
readers are in ``zone_readers.py`` and ``zone_radicale.py``.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from dateutil import rrule as du

from rituals.core.errors import InvalidInput
from rituals.core.ical.events import Attendee, ritual_events
from rituals.core.ical.writer import to_ics
from rituals.core.models import Ritual, Schedule
from rituals.core.schedule import check_timezone
from rituals.sample import SAMPLE_ANCHOR

UTC = UTC
FIRST_DAY = SAMPLE_ANCHOR
YEARS = 3
STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ORGANIZER = Attendee("lea@example.org", "Léa")
DURATION = timedelta(minutes=30)
_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)


@dataclass(frozen=True)
class Series:
    """One exported series and where zoneinfo puts each of its occurrences."""

    uid: str
    zone: str
    shape: str  # "weekly" or "monthly"
    schedule: Schedule
    walls: tuple[datetime, ...]  # the rule's wall-clock times, expanded by dateutil
    expected: frozenset[datetime]  # naive UTC, to the minute: where zoneinfo puts them


@dataclass
class Tally:
    """One reader's verdict: occurrences compared, and those it puts elsewhere."""

    reader: str
    compared: int = 0
    missing: dict[str, set[datetime]] = field(default_factory=dict)  # uid -> expected, not found
    extra: dict[str, set[datetime]] = field(default_factory=dict)  # uid -> found, not expected

    @property
    def mismatches(self) -> int:
        return sum(map(len, self.missing.values())) + sum(map(len, self.extra.values()))

    def zones(self, by_uid: dict[str, Series]) -> dict[str, int]:
        """Mismatches per zone."""
        out: dict[str, int] = {}
        for side in (self.missing, self.extra):
            for uid, found in side.items():
                zone = by_uid[uid].zone
                out[zone] = out.get(zone, 0) + len(found)
        return dict(sorted(out.items()))


def sweep_zones() -> tuple[list[str], list[str]]:
    """(zones rituals accepts, zones it refuses) among ``zoneinfo.available_timezones()``."""
    taken, refused = [], []
    for name in sorted(available_timezones()):
        try:
            check_timezone(name)
        except InvalidInput:
            refused.append(name)
        else:
            taken.append(name)
    return taken, refused


def offset_changes(zone: ZoneInfo, lo: datetime, hi: datetime) -> list[tuple[datetime, timedelta, timedelta]]:
    """(UTC instant, offset before, offset after) of each change in [lo, hi), to the minute."""
    out = []
    moment, before = lo, lo.astimezone(zone).utcoffset()
    while moment < hi:
        nxt = moment + timedelta(days=1)  # no zone changes twice in a day
        after = nxt.astimezone(zone).utcoffset()
        if after != before:
            low, high = 0, 24 * 60  # minutes after ``moment``: the offset changes in (low, high]
            while high - low > 1:
                mid = (low + high) // 2
                at = moment + timedelta(minutes=mid)
                low, high = (mid, high) if at.astimezone(zone).utcoffset() == before else (low, mid)
            out.append((moment + timedelta(minutes=high), before, after))
        moment, before = nxt, after
    return out


def series_of(name: str, first_day: date = FIRST_DAY, years: int = YEARS) -> list[tuple[str, Schedule]]:
    """The weekly and monthly schedules that put a zone's changes of offset to the test."""
    zone = ZoneInfo(name)
    last_day = first_day.replace(year=first_day.year + years) - timedelta(days=1)
    lo = datetime.combine(first_day, time(), UTC)
    changes = offset_changes(zone, lo, lo + timedelta(days=366))
    if not changes:
        weekly_start = datetime.combine(first_day, time(9, 0))
        monthly_start = datetime.combine(_nth_weekday(first_day, 3, 2), time(17, 30))
    else:
        when, before, after = changes[0]
        wall = (when + before).replace(tzinfo=None)  # the wall clock just before the change
        weekly_start = _first_weekday_on_or_after(first_day, wall - timedelta(minutes=30))
        # after the change by half an hour, however far the clock jumped
        monthly_wall = wall + abs(after - before) + timedelta(minutes=30)
        monthly_start = _monthly_start(first_day, monthly_wall)
    return [
        ("weekly", Schedule(weekly_start, name, DURATION, "weekly", until=last_day)),
        ("monthly", Schedule(monthly_start, name, DURATION, "monthly", until=last_day, monthly_by="weekday")),
    ]


def _first_weekday_on_or_after(first_day: date, model: datetime) -> datetime:
    day = first_day + timedelta(days=(model.weekday() - first_day.weekday()) % 7)
    return datetime.combine(day, model.time())


def _nth_weekday(first_day: date, weekday: int, n: int) -> date:
    first = first_day.replace(day=1)
    if first_day.day > 1:
        first = (first + timedelta(days=32)).replace(day=1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _monthly_start(first_day: date, model: datetime) -> datetime:
    """The model's weekday of the month (1st to 4th, or last), in the first month of the series."""
    days = _cal.monthrange(model.year, model.month)[1]
    if model.day + 7 > days:  # the last one: a start on the 29th or later says "last" to rituals
        month = first_day.replace(day=1)
        while True:
            days = _cal.monthrange(month.year, month.month)[1]
            last = date(month.year, month.month, days)
            last -= timedelta(days=(last.weekday() - model.weekday()) % 7)
            if last.day >= 29 and last >= first_day:
                return datetime.combine(last, model.time())
            month = (month + timedelta(days=32)).replace(day=1)
    return datetime.combine(_nth_weekday(first_day, model.weekday(), (model.day - 1) // 7 + 1), model.time())


def wall_times(schedule: Schedule) -> tuple[datetime, ...]:
    """dateutil expands the rule in wall-clock time."""
    assert schedule.until is not None
    until = datetime.combine(schedule.until, time(23, 59, 59))
    if schedule.frequency == "weekly":
        rule = du.rrule(du.WEEKLY, dtstart=schedule.start, until=until)
    else:
        n = (schedule.start.day - 1) // 7 + 1
        nth = -1 if n == 5 else n
        rule = du.rrule(
            du.MONTHLY, dtstart=schedule.start, until=until, byweekday=_WEEKDAYS[schedule.start.weekday()](nth)
        )
    return tuple(rule)


def to_minute(moment: datetime) -> datetime:
    """Naive UTC to the minute: how every reader's answer is compared."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(second=0, microsecond=0)


def plan(zones: Iterable[str], first_day: date = FIRST_DAY, years: int = YEARS) -> list[Series]:
    out = []
    for name in zones:
        for shape, schedule in series_of(name, first_day, years):
            ritual = _ritual(name, shape, schedule)
            (event,) = ritual_events(ritual, [], {}, [], ORGANIZER)
            walls = wall_times(schedule)
            zone = ZoneInfo(name)
            expected = frozenset(to_minute(w.replace(tzinfo=zone)) for w in walls)
            out.append(Series(event.uid, name, shape, schedule, walls, expected))
    return out


def _ritual(zone: str, shape: str, schedule: Schedule) -> Ritual:
    slug = zone.lower().replace("/", "-").replace("_", "-")
    return Ritual(
        id=f"{slug}-{shape}", title=f"{zone} {shape}", kind="sweep", schedule=schedule, organizer=ORGANIZER.email
    )


def export(series: Iterable[Series]) -> bytes:
    """One calendar with every series: what ``rituals export`` writes for them."""
    events = []
    for s in series:
        events += ritual_events(_ritual(s.zone, s.shape, s.schedule), [], {}, [], ORGANIZER)
    return to_ics(events, None, STAMP)


def window(series: Iterable[Series]) -> tuple[datetime, datetime]:
    """UTC bounds (naive) that hold every expected occurrence, with a day to spare."""
    every = [m for s in series for m in s.expected]
    return min(every) - timedelta(days=1), max(every) + timedelta(days=1)


def compare(
    reader: str,
    series: list[Series],
    found: Mapping[str, AbstractSet[datetime]],
    reference: Mapping[str, frozenset[datetime]] | None = None,
) -> Tally:
    """Each series' occurrences against zoneinfo's instants (or ``reference``'s, by UID)."""
    tally = Tally(reader)
    for s in series:
        want = s.expected if reference is None else reference[s.uid]
        got = found.get(s.uid, set())
        tally.compared += len(want)
        if want - got:
            tally.missing[s.uid] = set(want - got)
        if got - want:
            tally.extra[s.uid] = set(got - want)
    return tally
