"""What five calendar libraries read in .ics files: icalendar, recurring-ical-events, vobject,
`ical` and khal, each brought down to the same plain facts so that they can be compared.

Each reader returns the occurrences it sees between two UTC instants, as ``Seen`` tuples: the UID,
the start (a UTC instant to the minute, or a date for all-day events), the title and the
attendees' addresses. All five are in the ``test`` extra: a missing one is an error, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

UTC = UTC


class Seen(NamedTuple):
    uid: str
    start: str  # "2027-03-05T16:00Z" for a timed event, "2027-03-25" for an all-day one
    summary: str
    attendees: frozenset[str]


def start_key(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    assert value.tzinfo is not None, f"floating time {value}: every exported time has a zone"
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def in_window(key: str, lo: datetime, hi: datetime) -> bool:
    moment = datetime.fromisoformat(key.removesuffix("Z")) if "T" in key else datetime.fromisoformat(key)
    return lo <= moment.replace(tzinfo=UTC) < hi


def addresses(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).lower().removeprefix("mailto:") for v in values)


def _listed(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- icalendar (+ dateutil)
def read_icalendar(data: bytes, lo: datetime, hi: datetime) -> set[Seen]:
    """icalendar parses; python-dateutil expands each RRULE (icalendar itself does not expand)."""
    import icalendar
    from dateutil.rrule import rrulestr

    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    moved = {(str(e["UID"]), start_key(e["RECURRENCE-ID"].dt)) for e in events if "RECURRENCE-ID" in e}
    seen = set()
    for event in events:
        uid, first = str(event["UID"]), event["DTSTART"].dt
        starts = [first]
        if "RRULE" in event and "RECURRENCE-ID" not in event:
            rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=first)
            skipped = {start_key(d.dt) for exdate in _listed(event.get("EXDATE")) for d in exdate.dts}
            until = hi if isinstance(first, datetime) else hi.date()
            starts = [s if isinstance(first, datetime) else s.date() for s in _expand(rule, first, until)]
            starts = [s for s in starts if start_key(s) not in skipped and (uid, start_key(s)) not in moved]
        people = addresses(_listed(event.get("ATTENDEE")))
        seen |= {Seen(uid, start_key(s), str(event["SUMMARY"]), people) for s in starts}
    return {s for s in seen if in_window(s.start, lo, hi)}


def _expand(rule: Any, first: date | datetime, until: date | datetime) -> Iterator[datetime]:
    for when in rule:
        if (when if isinstance(first, datetime) else when.date()) >= until:
            return
        yield when


# --------------------------------------------------------------------------- recurring-ical-events
def read_recurring_ical_events(data: bytes, lo: datetime, hi: datetime) -> set[Seen]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data)
    seen = set()
    for event in recurring_ical_events.of(calendar).between(lo - timedelta(days=2), hi + timedelta(days=2)):
        people = addresses(_listed(event.get("ATTENDEE")))
        seen.add(Seen(str(event["UID"]), start_key(event["DTSTART"].dt), str(event["SUMMARY"]), people))
    return {s for s in seen if in_window(s.start, lo, hi)}


# --------------------------------------------------------------------------- vobject
def read_vobject(data: bytes, lo: datetime, hi: datetime) -> set[Seen]:
    """vobject, as Radicale reads calendars: its own VTIMEZONE reading, dateutil rule sets."""
    import vobject

    # vobject keeps the first VTIMEZONE it meets per TZID for the whole process; each file must be
    # read with its own definitions, or one file's reading would depend on the files read before
    registry = vars(vobject.icalendar).get("__tzidMap")
    if isinstance(registry, dict):
        utc = registry.get("UTC")
        registry.clear()
        if utc is not None:
            registry["UTC"] = utc
    (calendar,) = vobject.readComponents(data.decode("utf-8"), validate=True)
    events = list(getattr(calendar, "vevent_list", []))
    moved = {(e.uid.value, start_key(e.recurrence_id.value)) for e in events if "recurrence-id" in e.contents}
    seen = set()
    for event in events:
        uid, first = event.uid.value, event.dtstart.value
        starts = [first]
        rules = None if "recurrence-id" in event.contents else event.getrruleset(addRDate=True)
        if rules is not None:
            bounds = (lo - timedelta(days=2), hi + timedelta(days=2))
            if not isinstance(first, datetime):
                bounds = tuple(b.replace(tzinfo=None) for b in bounds)
            starts = [s if isinstance(first, datetime) else s.date() for s in rules.between(*bounds, inc=True)]
            starts = [s for s in starts if (uid, start_key(s)) not in moved]
        people = addresses(a.value for a in event.contents.get("attendee", []))
        seen |= {Seen(uid, start_key(s), event.summary.value, people) for s in starts}
    return {s for s in seen if in_window(s.start, lo, hi)}


# --------------------------------------------------------------------------- ical
def read_ical(data: bytes, lo: datetime, hi: datetime) -> set[Seen]:
    """The `ical` package: a strict parser, with its own timeline expansion."""
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    seen = set()
    for event in calendar.timeline_tz(UTC).overlapping(lo - timedelta(days=2), hi + timedelta(days=2)):
        people = addresses(a.uri for a in event.attendees)
        seen.add(Seen(event.uid, start_key(event.start), event.summary, people))
    return {s for s in seen if in_window(s.start, lo, hi)}


# --------------------------------------------------------------------------- khal
KHAL_CONFIG = """[calendars]
[[invites]]
path = {vdir}
type = calendar

[sqlite]
path = {db}

[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%MZ
longdatetimeformat = %Y-%m-%dT%H:%MZ

[default]
default_calendar = invites
"""


SEPARATOR = "\x1f"


def read_khal(files: list[Path], lo: datetime, hi: datetime, workdir: Path) -> set[Seen]:
    """khal, driven through its command line: `import --batch` into a vdir, then `list --json`.

    The files must not share a UID (an import replaces the event of the same UID). Times are
    listed in UTC (the configured local zone), so that they compare with the other readers.
    """
    vdir = workdir / "vdir"
    vdir.mkdir(parents=True)
    config = workdir / "khal.conf"
    config.write_text(KHAL_CONFIG.format(vdir=vdir, db=workdir / "khal.db"), encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(workdir),
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "XDG_DATA_HOME": str(workdir / "data"),
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    khal = [
        sys.executable,
        "-c",
        "import sys; from khal.cli import main_khal; sys.exit(main_khal())",
        "-c",
        str(config),
    ]
    done = _run([*khal, "import", "--batch", "-a", "invites", *map(str, files)], env)
    assert done.returncode == 0 and not done.stderr.strip(), done.stdout + done.stderr
    first, last = (lo - timedelta(days=2)).date().isoformat(), (hi + timedelta(days=2)).date().isoformat()
    # `--json` has no attendees field: one line per occurrence, fields split by a unit separator
    line_format = SEPARATOR.join(f"{{{name}}}" for name in ("uid", "start", "title", "attendees"))
    listed = _run([*khal, "list", "-a", "invites", "-df", "", "-f", line_format, first, last], env)
    assert listed.returncode == 0 and not listed.stderr.strip(), listed.stdout + listed.stderr
    seen = set()
    for line in filter(None, listed.stdout.splitlines()):
        uid, start, title, people = line.split(SEPARATOR)
        seen.add(Seen(uid, start, title, frozenset(a.strip().lower() for a in people.split(",") if a.strip())))
    return {s for s in seen if in_window(s.start, lo, hi)}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=600, check=False
    )


# --------------------------------------------------------------------------- all of them
PER_FILE = {
    "icalendar": read_icalendar,
    "recurring-ical-events": read_recurring_ical_events,
    "vobject": read_vobject,
    "ical": read_ical,
}


def read_everywhere(files: list[Path], lo: datetime, hi: datetime, workdir: Path) -> dict[str, set[Seen]]:
    """What each library sees in the files, by library name; khal reads them all at once."""
    found = {name: set().union(*(read(p.read_bytes(), lo, hi) for p in files)) for name, read in PER_FILE.items()}
    found["khal"] = read_khal(files, lo, hi, workdir)
    return found
