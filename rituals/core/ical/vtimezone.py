"""VTIMEZONE text for an IANA zone that every calendar parser reads the same way.

icalendar's own generator lists transitions as comma-separated RDATEs; vobject (and so Radicale)
keeps only the first value and moves summer occurrences by an hour. We describe the zone the way
Outlook and Google write it instead: one STANDARD and one DAYLIGHT observance with a yearly RRULE
(``BYMONTH`` + ``BYDAY``) derived from the zone's real transitions. When a zone's rules cannot be
said that way over the years we need (a rule changed, or it is "the Friday before the last
Sunday"), we fall back to one observance per transition, each a plain DTSTART with no RDATE list.

The result is a list of content lines (no CRLF, not folded): the caller serialises them.
"""

from __future__ import annotations

import calendar as _cal
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from rituals.core.frozen import frozen

UTC = timezone.utc
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@frozen
class Transition:
    """A change of UTC offset, seen as the local wall-clock time just before it happens."""

    local_start: datetime  # naive, in the offset in force before the change (RFC 5545 3.6.5)
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    name: str

    def rule_key(self) -> tuple[int, int, int, int, int]:
        """(month, nth weekday or -1 for last, weekday, hour, minute) of this transition."""
        day = self.local_start
        last_day = _cal.monthrange(day.year, day.month)[1]
        nth = -1 if day.day + 7 > last_day else (day.day - 1) // 7 + 1
        return (day.month, nth, day.weekday(), day.hour, day.minute)


def vtimezone_lines(tzid: str, first_year: int, last_year: int) -> list[str]:
    """Content lines of a VTIMEZONE valid for local times from ``first_year`` to ``last_year``."""
    return list(_vtimezone_lines(tzid, first_year, last_year))


@lru_cache(maxsize=64)
def _vtimezone_lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    zone = ZoneInfo(tzid)
    # a year of margin on each side: the first event may sit just before a January transition
    # seen from UTC, and readers look at the observance in force before the window opens
    found = [t for year in range(first_year - 1, last_year + 2) for t in transitions(zone, year)]
    body: list[str]
    if not found:
        body = _fixed_offset(zone, first_year)
    else:
        body = _yearly_rules(found) or _one_per_transition(found)
    return ("BEGIN:VTIMEZONE", f"TZID:{tzid}", *body, "END:VTIMEZONE")


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every offset change of ``zone`` during ``year``, found by a daily scan and bisection."""
    out: list[Transition] = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        nxt = moment + timedelta(days=1)
        after = nxt.astimezone(zone).utcoffset()
        if after != before:
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
    return out


def _bisect(zone: ZoneInfo, lo: datetime, hi: datetime, before: timedelta | None) -> datetime:
    """The first UTC minute in (lo, hi] whose offset differs from ``before``."""
    while hi - lo > timedelta(minutes=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            mid = lo + timedelta(minutes=1)
        if mid.astimezone(zone).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return hi


def _yearly_rules(found: list[Transition]) -> list[str] | None:
    """One STANDARD + one DAYLIGHT with RRULEs, if every year follows the same two rules."""
    dst = [t for t in found if t.is_dst]
    std = [t for t in found if not t.is_dst]
    years = {t.local_start.year for t in found}
    if not dst or not std or len(dst) != len(years) or len(std) != len(years):
        return None
    lines: list[str] = []
    for name, group in (("DAYLIGHT", dst), ("STANDARD", std)):
        first = group[0]
        same = {(t.rule_key(), t.offset_from, t.offset_to, t.name) for t in group}
        if len(same) != 1:
            return None
        month, nth, weekday, _, _ = first.rule_key()
        lines += [
            f"BEGIN:{name}",
            f"DTSTART:{first.local_start:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{format_offset(first.offset_from)}",
            f"TZOFFSETTO:{format_offset(first.offset_to)}",
            *([f"TZNAME:{_tzname(first.name)}"] if _tzname(first.name) else []),
            f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{_WEEKDAYS[weekday]}",
            f"END:{name}",
        ]
    return lines


def _one_per_transition(found: list[Transition]) -> list[str]:
    lines: list[str] = []
    for t in found:
        name = "DAYLIGHT" if t.is_dst else "STANDARD"
        lines += [
            f"BEGIN:{name}",
            f"DTSTART:{t.local_start:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{format_offset(t.offset_from)}",
            f"TZOFFSETTO:{format_offset(t.offset_to)}",
            *([f"TZNAME:{_tzname(t.name)}"] if _tzname(t.name) else []),
            f"END:{name}",
        ]
    return lines


def _fixed_offset(zone: ZoneInfo, year: int) -> list[str]:
    moment = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    offset = format_offset(moment.utcoffset() or timedelta(0))
    name = _tzname(moment.tzname() or "")
    return [
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        *([f"TZNAME:{name}"] if name else []),
        "END:STANDARD",
    ]


def format_offset(offset: timedelta) -> str:
    """'+0100', '-0430', '+053000' (seconds only when the zone really has them)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _tzname(name: str) -> str:
    # TZNAME is TEXT; zone abbreviations are plain letters, digits and signs, but keep it safe
    return "".join(ch for ch in name if ch.isalnum() or ch in "+-")
