"""Working hours: when each person works, in their own time zone, and who a session falls outside of.

Hours are text a person can read and type: "Mon-Fri 09:00-18:00", or part-time
"Mon,Tue,Thu 09:00-17:00; Fri 09:00-12:00" (one span a day, in the person's zone). A person
without hours of their own takes their team's, else their office's, else the organisation's,
else `DEFAULT_HOURS` (see `hours_for`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.locale import SOURCE, _, current, formats

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from rituals.core.models import Person

DEFAULT_HOURS = "Mon-Fri 09:00-18:00"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UTC = UTC
Span = tuple[int, int]  # minutes from the local midnight: start, end (end may be 24 * 60)

_TIME = r"(\d{1,2})(?::(\d{2}))?"
_TIMES = re.compile(rf"^{_TIME}\s*-\s*{_TIME}$")


@frozen
class WorkHours:
    """One span (or none) for each weekday, Monday first, in minutes from the local midnight."""

    spans: tuple[Span | None, ...]

    def on(self, weekday: int) -> Span | None:
        return self.spans[weekday]

    def covers(self, local_start: datetime, local_end: datetime) -> bool:
        """Whether [local_start, local_end), wall-clock times in the person's zone, lies in the
        span of the start's day (a session running past midnight never does)."""
        span = self.spans[local_start.weekday()]
        if span is None:
            return False
        midnight = datetime.combine(local_start.date(), datetime.min.time())
        begin = (local_start.replace(tzinfo=None) - midnight).total_seconds() / 60
        end = (local_end.replace(tzinfo=None) - midnight).total_seconds() / 60
        return span[0] <= begin and end <= span[1]

    def describe(self) -> str:
        """The canonical text: "Mon-Thu 09:00-18:00; Fri 09:00-13:00"."""
        by_span: dict[Span, list[int]] = {}
        for day, span in enumerate(self.spans):
            if span is not None:
                by_span.setdefault(span, []).append(day)
        parts = sorted(by_span.items(), key=lambda item: item[1][0])
        return "; ".join(f"{_days_text(days)} {_clock(s)}-{_clock(e)}" for (s, e), days in parts) or "never"


def parse_hours(text: str) -> WorkHours:
    """Hours from text (see the module docstring); a part with times only means Monday to
    Friday, a part with days only means 09:00-18:00. Bad text: InvalidInput naming the part."""
    return _parsed(" ".join(text.split()))


@lru_cache(maxsize=512)
def _parsed(text: str) -> WorkHours:
    if not text:
        raise InvalidInput(_("empty working hours: use e.g. Mon-Fri 09:00-18:00"))
    spans: list[Span | None] = [None] * 7
    for part in (p.strip() for p in text.split(";")):
        days, span = _part(part, text)
        for day in days:
            if spans[day] is not None:
                raise InvalidInput(
                    _("bad working hours {text!r}: {days} is given twice").format(text=text, days=DAYS[day])
                )
            spans[day] = span
    return WorkHours(tuple(spans))


def _part(part: str, text: str) -> tuple[list[int], Span]:
    words = part.replace(", ", ",").split()
    times = [w for w in words if w[:1].isdigit()]
    named = [w for w in words if not w[:1].isdigit()]
    if len(times) > 1 or len(named) > 1 or not words:
        raise InvalidInput(
            _("bad working hours {text!r}: write each part as DAYS HH:MM-HH:MM, e.g. Mon-Fri 09:00-18:00").format(
                text=text
            )
        )
    days = _days(named[0], text) if named else list(range(5))
    span = _span(times[0], text) if times else (9 * 60, 18 * 60)
    return days, span


def _days(word: str, text: str) -> list[int]:
    found: list[int] = []
    for piece in word.split(","):
        first, _dash, last = piece.partition("-")
        a = _day(first, text)
        b = _day(last, text) if last else a
        if b < a:
            raise InvalidInput(
                _("bad working hours {text!r}: {piece} runs backwards (write Mon-Fri)").format(text=text, piece=piece)
            )
        found += range(a, b + 1)
    return found


def _day(word: str, text: str) -> int:
    key = word.strip()[:3].capitalize()
    if key not in DAYS:
        raise InvalidInput(
            _("bad working hours {text!r}: {word!r} is not a day (Mon, Tue ... Sun)").format(text=text, word=word)
        )
    return DAYS.index(key)


def _span(word: str, text: str) -> Span:
    match = _TIMES.match(word)
    if not match:
        raise InvalidInput(
            _("bad working hours {text!r}: {word!r} is not a time span like 09:00-18:00").format(text=text, word=word)
        )
    h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if m1 > 59 or m2 > 59 or h1 > 23 or end > 24 * 60 or end <= start:
        raise InvalidInput(
            _("bad working hours {text!r}: {word} must start before it ends, within one day").format(
                text=text, word=word
            )
        )
    return start, end


def canonical_hours(text: str) -> str:
    """What a person's hours are stored as: "" (the default) or the canonical form."""
    cleaned = " ".join(text.split())
    return "" if cleaned.lower() in ("", "default") else parse_hours(cleaned).describe()


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days_text(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    out = []
    for run in runs:
        out.append(f"{DAYS[run[0]]}-{DAYS[run[-1]]}" if len(run) > 2 else ",".join(DAYS[d] for d in run))
    return ",".join(out)


# --------------------------------------------------------------------------- whose hours
def default_key(kind: str, name: str) -> str:
    """The key of a default: ("team", "Sales") -> "team:sales"; ("all", "") -> "all"."""
    return "all" if kind == "all" else f"{kind}:{' '.join(name.split()).lower()}"


def hours_text_for(person: Person, defaults: Mapping[str, str]) -> str:
    """The person's own hours, else their team's, else their office's, else the organisation's
    (``defaults``: `default_key` -> hours text), else `DEFAULT_HOURS`."""
    if person.hours:
        return person.hours
    keys = [
        default_key("team", person.team) if person.team else "",
        default_key("office", person.location) if person.location else "",
        "all",
    ]
    return next((defaults[key] for key in keys if key and defaults.get(key)), DEFAULT_HOURS)


def hours_for(person: Person, defaults: Mapping[str, str]) -> WorkHours:
    return parse_hours(hours_text_for(person, defaults))


# --------------------------------------------------------------------------- zones
def zone(name: str) -> timezone | ZoneInfo:
    from zoneinfo import ZoneInfo  # deferred: docs/performance.md, "zoneinfo"

    return UTC if name.upper() == "UTC" else ZoneInfo(name)


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A naive wall-clock time in ``zone_name`` as an aware UTC time."""
    return local.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def in_zone(moment: datetime, zone_name: str) -> datetime:
    """An aware time as naive wall-clock time in ``zone_name``."""
    return moment.astimezone(zone(zone_name)).replace(tzinfo=None)


def convert(local: datetime, from_zone: str, to_zone: str) -> datetime:
    """A naive wall-clock time in one zone as the naive wall-clock time in another."""
    return local if from_zone == to_zone else in_zone(to_utc(local, from_zone), to_zone)


def city(zone_name: str, lang: str | None = None) -> str:
    """How a zone is named to people, in ``lang`` (default: the reader's): its last part in English
    ("America/New_York" -> "New York"), CLDR's name for the city in another language ("Europe/Lisbon"
    -> "Lisbonne" in French, through Babel, which English runs do not load: docs/performance.md,
    "Messages in English"), the last part again where CLDR has none."""
    code = lang or current()
    return _spelt(zone_name) if code == SOURCE else _city(zone_name, code)


def _spelt(zone_name: str) -> str:
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


@lru_cache(maxsize=1024)
def _city(zone_name: str, lang: str) -> str:
    from babel import UnknownLocaleError
    from babel.dates import get_timezone_location  # deferred: as in formats

    try:
        return get_timezone_location(zone_name, locale=lang, return_city=True)
    except (LookupError, ValueError, UnknownLocaleError):
        return _spelt(zone_name)


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    from importlib import resources
    from zoneinfo import TZPATH  # deferred: docs/performance.md, "zoneinfo"

    texts = []
    try:
        texts.append(resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8"))
    except (ModuleNotFoundError, OSError):
        pass
    for folder in TZPATH:
        try:
            with open(f"{folder}/zone.tab", encoding="utf-8") as handle:
                texts.append(handle.read())
        except OSError:
            continue
    found: dict[str, str] = {}
    for text in texts:
        for line in text.splitlines():
            cells = line.split("\t")
            if len(cells) >= 3 and not line.startswith("#"):
                found.setdefault(cells[2], cells[0])
    return found


def zone_country(zone_name: str) -> str | None:
    """The country whose public holidays someone living in ``zone_name`` has ("Europe/Paris":
    FR), from the time zone database's own table; None for UTC and zones of no country."""
    return _zone_countries().get(zone_name)


# --------------------------------------------------------------------------- who is outside
@frozen
class OutsideHours:
    """Someone a session falls outside of: it is ``local`` their time, off their hours."""

    email: str
    name: str
    zone: str
    local: datetime

    def text(self, day: date | None = None) -> str:
        """ "04:00 for Ashley Brooks (New York)"; the weekday too when it is another day there."""
        when = f"{self.local:%H:%M}"
        if self.local.date() != day:
            when = f"{formats.day(self.local, 'weekday_short')} {when}"
        return _("{when} for {name} ({city})").format(when=when, name=self.name, city=city(self.zone))


def outside_hours(
    people: Iterable[tuple[Person, WorkHours]], start: datetime, zone_name: str, length: timedelta
) -> list[OutsideHours]:
    """Those of ``people`` for whom [start, start + length), wall-clock in ``zone_name``, is not
    within their working hours in their own zone."""
    begin = to_utc(start, zone_name)
    end = begin + length
    local: dict[str, tuple[datetime, datetime]] = {}  # per zone: many people share a few zones
    covered: dict[tuple[str, object], bool] = {}  # and a few working hours: asked once each
    found = []
    for person, hours in people:
        if person.timezone not in local:
            local[person.timezone] = (in_zone(begin, person.timezone), in_zone(end, person.timezone))
        local_start, local_end = local[person.timezone]
        key = (person.timezone, hours.spans)
        if key not in covered:
            covered[key] = hours.covers(local_start, local_end)
        if not covered[key]:
            found.append(OutsideHours(person.email, person.name, person.timezone, local_start))
    return found


def local_times(start: datetime, zone_name: str, zones: Iterable[str]) -> list[tuple[str, datetime]]:
    """``start`` in each of ``zones`` other than ``zone_name`` where the clock differs, one
    per zone, in the order given: what lists add beside a time ("04:00 New York")."""
    seen: dict[str, datetime] = {}
    here = to_utc(start, zone_name)
    for name in zones:
        if name == zone_name or name in seen:
            continue
        there = in_zone(here, name)
        if there != start:
            seen[name] = there
    return list(seen.items())


def clock_line(start: datetime, zone_name: str, zones: Iterable[str]) -> str:
    """ "Mon 23 Nov 15:00 Paris (09:00 New York)": a time with its clock in the other ``zones``, in
    the reader's language ("lun. 23 nov. 15:00 Paris (09:00 New York)")."""
    there = [
        f"{t:%H:%M}{'' if t.date() == start.date() else ' ' + formats.day(t, 'weekday_short')} {city(z)}"
        for z, t in local_times(start, zone_name, zones)
    ]
    return f"{formats.moment(start)} {city(zone_name)}" + (f" ({', '.join(there)})" if there else "")
