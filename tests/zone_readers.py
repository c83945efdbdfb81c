"""The calendar readers of the zone sweep. Each reads the one calendar file that holds every
zone's series and says, for each UID, at which UTC instants (to the minute) the occurrences are.

- recurring-ical-events: the expansion most Python tools use (icalendar, zoneinfo for IANA TZIDs);
- VTIMEZONE: recurring-ical-events on the same file with every TZID renamed, so that icalendar
  builds the zones from our VTIMEZONEs (how a client without the IANA rules sees them);
- ical: allenporter/ical (Home Assistant's calendar);
- vobject: what Radicale and many servers use; it reads VTIMEZONEs through dateutil;
- khal: a vdir of one file per UID, as a CalDAV sync leaves it (khal uses pytz's own copy of the
  IANA rules, so its reference is those rules: see ``khal_reference``);
- Radicale: one collection for every zone; a calendar-query whose time-range spans the three
  years, with expand (the server places each occurrence and tests it against the time-range),
  and plain time-range queries of one minute at the busiest instants.

Overrides (RECURRENCE-ID) are applied where the library leaves that to the application
(vobject), as the application would.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from zone_sweep import UTC, Series, to_minute, window

Found = dict[str, set[datetime]]


# --------------------------------------------------------------------------- Python libraries
def recurring_ical_events_reader(data: bytes, series: list[Series]) -> Found:
    import icalendar
    import recurring_ical_events

    lo, hi = window(series)
    query = recurring_ical_events.of(icalendar.Calendar.from_ical(data))
    # making a component of each of 100,000 occurrences costs 3/4 of the time; the occurrences
    # themselves carry the UID and start (public ``between`` is the fallback)
    occurrences = getattr(query, "_occurrences_between", None)
    found: Found = {}
    if occurrences is None:
        for event in query.between(lo.replace(tzinfo=UTC), hi.replace(tzinfo=UTC)):
            found.setdefault(str(event["UID"]), set()).add(to_minute(event["DTSTART"].dt))
        return found
    for occurrence in occurrences(lo.replace(tzinfo=UTC), hi.replace(tzinfo=UTC)):
        found.setdefault(occurrence.uid, set()).add(to_minute(occurrence.start))
    return found


def vtimezone_reader(data: bytes, series: list[Series]) -> Found:
    """recurring-ical-events once every TZID is renamed to a name no database knows: icalendar then
    builds each zone from our VTIMEZONE. icalendar keeps the zones it built for the whole process,
    by name: the new name is made from the VTIMEZONE's text."""
    for block in re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE", data, re.DOTALL):
        name = re.search(rb"\r\nTZID:([^\r]+)\r\n", block).group(1)  # type: ignore[union-attr]
        unknown = b"rituals-" + hashlib.sha256(block).hexdigest()[:16].encode()
        data = data.replace(b"TZID:" + name + b"\r\n", b"TZID:" + unknown + b"\r\n")
        data = data.replace(b"TZID=" + name + b":", b"TZID=" + unknown + b":")
    return recurring_ical_events_reader(data, series)


def ical_reader(data: bytes, series: list[Series]) -> Found:
    from ical.calendar_stream import IcsCalendarStream

    lo, hi = window(series)
    cal = IcsCalendarStream.calendar_from_ics(data.decode())
    found: Found = {}
    for event in cal.timeline_tz(UTC).overlapping(lo.replace(tzinfo=UTC), hi.replace(tzinfo=UTC)):
        found.setdefault(event.uid, set()).add(to_minute(event.start))
    return found


def vobject_reader(data: bytes, series: list[Series]) -> Found:
    import vobject

    # vobject keeps the first VTIMEZONE it ever saw for a TZID, for the whole process
    known = vars(vobject.icalendar).get("__tzidMap")
    if isinstance(known, dict):
        utc = known.get("UTC")
        known.clear()
        if utc is not None:
            known["UTC"] = utc
    lo, hi = window(series)
    (cal,) = vobject.readComponents(data.decode(), validate=True)
    masters, moved, replaced = {}, {}, {}
    for event in cal.vevent_list:
        uid = event.uid.value
        if "recurrence-id" in event.contents:
            replaced.setdefault(uid, set()).add(to_minute(event.recurrence_id.value))
            moved.setdefault(uid, set()).add(to_minute(event.dtstart.value))
        else:
            masters[uid] = event
    found: Found = {}
    for uid, event in masters.items():
        rules = event.getrruleset(addRDate=True)
        starts = {to_minute(s) for s in rules.between(lo.replace(tzinfo=UTC), hi.replace(tzinfo=UTC), inc=True)}
        found[uid] = (starts - replaced.get(uid, set())) | moved.get(uid, set())
    return found


# --------------------------------------------------------------------------- khal
KHAL_CONFIG = """[calendars]
[[sweep]]
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
datetimeformat = %Y-%m-%dT%H:%M
longdatetimeformat = %Y-%m-%dT%H:%M

[default]
default_calendar = sweep
"""


def khal_reader(data: bytes, series: list[Series], workdir: Path) -> Found:
    """``khal list`` of the first week fills khal's cache, where it keeps every occurrence as a
    UTC timestamp; the whole window is read from that cache (listing three years of 1,200 series
    takes khal minutes), and the week it listed must say the same."""
    vdir = workdir / "vdir"
    vdir.mkdir(parents=True)
    for uid, text in split_by_uid(data):
        (vdir / f"{uid}.ics").write_bytes(text)
    config, cache = workdir / "khal.conf", workdir / "khal.db"
    config.write_text(KHAL_CONFIG.format(vdir=vdir, db=cache))
    lo, _ = window(series)
    week = (lo, lo + timedelta(days=7))
    # a process of its own: khal switches icalendar to pytz for the whole interpreter
    env = dict(
        os.environ,
        HOME=str(workdir),
        XDG_CONFIG_HOME=str(workdir / "config"),
        XDG_DATA_HOME=str(workdir / "data"),
        TZ="UTC",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    command = [
        sys.executable,
        "-m",
        "khal",
        "-c",
        str(config),
        "list",
        "-a",
        "sweep",
        "--json",
        "uid",
        "--json",
        "start",
        f"{week[0]:%Y-%m-%d}",
        f"{week[1]:%Y-%m-%d}",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, env=env, stdin=subprocess.DEVNULL, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"khal list failed: {done.stderr.strip()[-500:]}")
    listed: set[tuple[str, datetime]] = set()
    for line in done.stdout.splitlines():
        if line.startswith("["):
            listed |= {(item["uid"], datetime.fromisoformat(item["start"])) for item in json.loads(line)}
    found: Found = {}
    with closing(sqlite3.connect(cache)) as db:
        for start, href in db.execute("SELECT dtstart, href FROM recs_loc"):
            moment = datetime.fromtimestamp(start, UTC).replace(tzinfo=None)
            found.setdefault(href.removesuffix(".ics"), set()).add(moment)
    cached = {(uid, m) for uid, ms in found.items() for m in ms if week[0] <= m < week[1]}
    listed = {(uid, m) for uid, m in listed if week[0] <= m < week[1]}
    if cached != listed:
        raise AssertionError(f"khal lists {len(listed)} occurrences in {week}, its cache holds {len(cached)}")
    return found


def khal_reference(data: bytes, series: list[Series]) -> dict[str, frozenset[datetime]]:
    """Where RFC 5545 puts each occurrence by the rules khal knows: pytz carries its own copy of
    the IANA database, which may be newer or older than the one zoneinfo reads. A series said in
    Etc/UTC (no zone rules involved) keeps zoneinfo's instants."""
    import pytz

    named = uids_by_tzid(data)
    out = {}
    for s in series:
        if s.zone not in named.get(s.uid, ()):
            out[s.uid] = s.expected
            continue
        with pytz.open_resource(s.zone) as rules:
            theirs = ZoneInfo.from_file(rules, key=s.zone)
        out[s.uid] = frozenset(to_minute(w.replace(tzinfo=theirs)) for w in s.walls)
    return out


def uids_by_tzid(data: bytes) -> dict[str, set[str]]:
    """The TZIDs of each UID's master DTSTART."""
    out: dict[str, set[str]] = {}
    for uid, text in split_by_uid(data):
        out[uid] = set(re.findall(r"\nDTSTART;TZID=([^:;]+)[:;]", text.decode()))
    return out


def split_by_uid(data: bytes, keep: tuple[str, ...] = ()) -> Iterator[tuple[str, bytes]]:
    """One calendar per UID (a series with its overrides) with the VTIMEZONEs it uses (RFC 4791
    4.1), as raw text; with ``keep``, the events keep only those properties."""
    text = data.decode().replace("\r\n ", "") if keep else data.decode()
    head = text.split("BEGIN:VTIMEZONE", 1)[0].split("BEGIN:VEVENT", 1)[0]
    zones = {
        m.group(1): m.group(0)
        for m in re.finditer(r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n.*?END:VTIMEZONE\r\n", text, re.DOTALL)
    }
    groups: dict[str, list[str]] = {}
    for block in re.finditer(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.DOTALL):
        event = block.group(0)
        uid = re.search(r"\r\nUID:([^\r]+)\r\n", event)
        assert uid is not None
        if keep:
            event = re.sub(r"BEGIN:VALARM\r\n.*?END:VALARM\r\n", "", event, flags=re.DOTALL)
            event = "".join(
                line
                for line in event.splitlines(keepends=True)
                if line.startswith(("BEGIN:", "END:")) or re.split("[;:]", line, maxsplit=1)[0] in keep
            )
        groups.setdefault(uid.group(1), []).append(event)
    for uid, events in groups.items():
        tzids = {m.group(1) for e in events for m in re.finditer(r";TZID=([^:;]+)[:;]", e)}
        used = "".join(zones[t] for t in sorted(tzids))
        yield uid, (head + used + "".join(events) + "END:VCALENDAR\r\n").encode()
