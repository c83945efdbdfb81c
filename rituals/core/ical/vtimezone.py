"""VTIMEZONE text for an IANA zone that every calendar reader takes the same way, and the test of
whether one exists for the years an export uses.

The shape is the one Outlook and Google write, and the one Outlook is reported to read: one
STANDARD and one DAYLIGHT observance, each a yearly RRULE (``BYMONTH`` + ``BYDAY=nWD``) that
starts in 1970, or one STANDARD for a zone with a fixed offset over those years (Outlook is
reported to ignore RDATEs). vobject (so Radicale) takes a zone whose offset does not move
between 2000 and 2019 for UTC and then applies the offset of the first occurrence to the whole
series: rules that start in 1970 show it the zone's changes.

A zone whose changes fit no such pair over the years used (Morocco's Ramadan changes, Chile's
"first Sunday on or after the 2nd", Palestine) is not ``outlook_shaped``: the writer gives its
times in UTC instead (see ``rituals.core.ical.writer``). ``vtimezone_lines`` still describes
it, one observance per change, for the rare series the writer cannot say in UTC.

The result is a list of content lines (no CRLF, not folded): the caller serialises them.
Measured reasons and the readers' bugs: docs/timezones.md.
"""

from __future__ import annotations

import calendar as _cal
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from rituals.core.frozen import frozen

UTC = UTC
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EPOCH = 1970  # where yearly rules start: vobject looks at 2000-2019 to tell a zone from UTC


@frozen
class Transition:
    """A change of UTC offset, seen as the local wall-clock time just before it happens."""

    local_start: datetime  # naive, in the offset in force before the change (RFC 5545 3.6.5)
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    name: str

    def rule_keys(self) -> set[tuple[int, int, int, int, int]]:
        """Every (month, nth weekday or -1 for last, weekday, hour, minute) naming this change."""
        day = self.local_start
        nth = (day.day - 1) // 7 + 1
        last = day.day + 7 > _cal.monthrange(day.year, day.month)[1]
        return {
            (day.month, n, day.weekday(), day.hour, day.minute)
            for n in ({nth} if nth <= 4 else set()) | ({-1} if last else set())
        }


def vtimezone_lines(tzid: str, first_year: int, last_year: int) -> list[str]:
    """Content lines of a VTIMEZONE right for local times from ``first_year`` to ``last_year``."""
    return list(_vtimezone_lines(tzid, first_year, last_year))


def outlook_shaped(tzid: str, first_year: int, last_year: int) -> bool:
    """Whether one fixed STANDARD, or one STANDARD and one DAYLIGHT yearly rule, is right for
    every local time from ``first_year`` to ``last_year``."""
    return _shape(tzid, first_year, last_year) is not None


def misread(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether ``wall`` is skipped or repeated by a change of offset: readers disagree on it.

    RFC 5545 3.3.5 (the first of a repeated time, the offset before a skipped one) is what
    zoneinfo's ``fold=0`` does; dateutil takes the later offset of a skipped time and pytz (so
    khal) the second of a repeated one.
    """
    return wall.replace(tzinfo=zone, fold=0).utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset()


def instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant RFC 5545 gives a wall-clock time in ``zone`` (naive, UTC)."""
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC).replace(tzinfo=None)


@lru_cache(maxsize=256)
def _vtimezone_lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    body = _shape(tzid, first_year, last_year)
    if body is None:
        body = _one_per_transition(ZoneInfo(tzid), first_year, last_year)
    return ("BEGIN:VTIMEZONE", f"TZID:{tzid}", *body, "END:VTIMEZONE")


@lru_cache(maxsize=1024)
def _shape(tzid: str, first_year: int, last_year: int) -> tuple[str, ...] | None:
    zone = ZoneInfo(tzid)
    if not any(transitions(zone, year) for year in range(first_year, last_year + 1)):
        return _fixed_offset(zone, first_year)
    # a yearly rule is one seen at least twice: a single year of Ramadan changes fits some
    # "nth Sunday" by chance
    years = range(first_year, max(last_year, first_year + 1) + 1)
    found = [t for year in years for t in transitions(zone, year)]
    rules = _yearly_rules(found, years, _offset_at(zone, datetime(first_year, 1, 1)))
    return tuple(rules) if rules else None


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every offset change of ``zone`` during ``year``, found by a daily scan and bisection."""
    return list(_transitions(zone.key, year))


@lru_cache(maxsize=4096)
def _transitions(tzid: str, year: int) -> tuple[Transition, ...]:
    zone = ZoneInfo(tzid)
    out: list[Transition] = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        nxt = moment + timedelta(days=1)
        after = nxt.astimezone(zone).utcoffset()
        if after != before and before is not None and after is not None:
            when = _bisect(zone, moment, nxt, before)
            out.append(
                Transition(
                    local_start=(when + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    # the larger offset is "summer" even where tzdata calls winter the DST
                    # (Europe/Dublin): clients label observances that way
                    is_dst=after > before,
                    name=when.astimezone(zone).tzname() or "",
                )
            )
        before, moment = after, nxt
    return tuple(out)


def _bisect(zone: ZoneInfo, lo: datetime, hi: datetime, before: timedelta) -> datetime:
    """The first UTC minute in (lo, hi] whose offset differs from ``before``."""
    low, high = 0, int((hi - lo).total_seconds() // 60)
    while high - low > 1:
        mid = (low + high) // 2
        if (lo + timedelta(minutes=mid)).astimezone(zone).utcoffset() == before:
            low = mid
        else:
            high = mid
    return lo + timedelta(minutes=high)


def _offset_at(zone: ZoneInfo, wall: datetime) -> timedelta:
    return wall.replace(tzinfo=zone).utcoffset() or timedelta(0)


def _yearly_rules(found: list[Transition], years: range, start: timedelta) -> list[str] | None:
    """One DAYLIGHT + one STANDARD with yearly RRULEs, if every year follows the same two rules
    and they give the offset in force on the first day."""
    groups = ([t for t in found if t.is_dst], [t for t in found if not t.is_dst])
    lines: list[str] = []
    keys = []
    for name, group in zip(("DAYLIGHT", "STANDARD"), groups):
        if [t.local_start.year for t in group] != list(years):
            return None
        first = group[0]
        if len({(t.offset_from, t.offset_to, t.name) for t in group}) != 1:
            return None
        common = set.intersection(*(t.rule_keys() for t in group))
        if not common:
            return None
        key = max(common, key=lambda k: (k[1] == -1, k[1]))  # "last" when it is also the 4th
        keys.append((key, first))
        month, nth, weekday, hour, minute = key
        lines += [
            f"BEGIN:{name}",
            f"DTSTART:{_nth_weekday(_EPOCH, month, nth, weekday):%Y%m%d}T{hour:02d}{minute:02d}00",
            f"TZOFFSETFROM:{format_offset(first.offset_from)}",
            f"TZOFFSETTO:{format_offset(first.offset_to)}",
            *_tzname_line(first.name),
            f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{_WEEKDAYS[weekday]}",
            f"END:{name}",
        ]
    # on 1 January the later change of the year before is in force (DAYLIGHT in the south)
    later = max(keys, key=lambda k: (k[0][0], k[1].local_start.day))[1]
    return lines if later.offset_to == start else None


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> datetime:
    if nth == -1:
        last = datetime(year, month, _cal.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _one_per_transition(zone: ZoneInfo, first_year: int, last_year: int) -> tuple[str, ...]:
    """An observance from 1970 for the offset in force when the years open, then one per change."""
    found = [t for year in range(first_year, last_year + 1) for t in transitions(zone, year)]
    # open on a transition to an offset other than +00:00 when there is one within five years:
    # a zone that reads +00:00 from 2000 to 2019 is UTC to vobject
    earlier = [t for year in range(first_year - 5, first_year) for t in transitions(zone, year)]
    while earlier and found and found[0].offset_from == timedelta(0):
        found.insert(0, earlier.pop())
    opening = found[0].offset_from if found else _offset_at(zone, datetime(first_year, 1, 1))
    lines = list(_observance("STANDARD", datetime(_EPOCH, 1, 1), opening, opening, ""))
    for t in found:
        lines += _observance("DAYLIGHT" if t.is_dst else "STANDARD", t.local_start, t.offset_from, t.offset_to, t.name)
    return tuple(lines)


def _observance(kind: str, start: datetime, before: timedelta, after: timedelta, name: str) -> list[str]:
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{format_offset(before)}",
        f"TZOFFSETTO:{format_offset(after)}",
        *_tzname_line(name),
        f"END:{kind}",
    ]


def _fixed_offset(zone: ZoneInfo, year: int) -> tuple[str, ...]:
    moment = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    offset = moment.utcoffset() or timedelta(0)
    return tuple(_observance("STANDARD", datetime(_EPOCH, 1, 1), offset, offset, moment.tzname() or ""))


def format_offset(offset: timedelta) -> str:
    """'+0100', '-0430', '+053000' (seconds only when the zone really has them)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _tzname_line(name: str) -> list[str]:
    # TZNAME is TEXT; zone abbreviations are plain letters, digits and signs, but keep it safe
    clean = "".join(ch for ch in name if ch.isalnum() or ch in "+-")
    return [f"TZNAME:{clean}"] if clean else []
