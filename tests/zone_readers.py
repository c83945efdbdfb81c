"""The calendar readers of the zone sweep: each reads one calendar file holding every zone's
series and says, for each UID, at which UTC instants (to the minute) it puts the occurrences.

- recurring-ical-events: the expansion most Python tools use (icalendar, zoneinfo for IANA TZIDs);
- VTIMEZONE: recurring-ical-events on the same file with every TZID renamed, so that icalendar
  builds the zones from our VTIMEZONEs (how a client without the IANA rules sees them);
- ical: allenporter/ical (Home Assistant's calendar);
- vobject: what Radicale and many servers use, reading the VTIMEZONE through dateutil;
- khal: a vdir of one file per UID, ``khal list`` in UTC (pytz's own copy of the IANA rules);
- Radicale: one collection for every zone, a calendar-query with expand (the server places each
  occurrence) and time-range queries of one minute at the occurrences' instants.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

from export_helpers import _wait_for_port as wait_for_port
from export_helpers import free_port
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
    builds each zone from our VTIMEZONE, as a client without the IANA rules must."""
    names = sorted(set(re.findall(rb"\r\nTZID:([^\r]+)\r\n", data)))
    for index, name in enumerate(names):
        data = data.replace(b"TZID:" + name + b"\r\n", b"TZID:rituals-zone-%d\r\n" % index)
        data = data.replace(b"TZID=" + name + b":", b"TZID=rituals-zone-%d:" % index)
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
        if "recurrence-id" in event.contents:  # an override: the application's job, not vobject's
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
    """khal over a vdir (one file per UID, as a CalDAV sync leaves them).

    ``khal list`` of the first week fills khal's cache, where it keeps each occurrence as a UTC
    timestamp; the whole window is read from that cache (listing three years of 1,200 series
    takes khal minutes), and the week it listed must say the same.
    """
    vdir = workdir / "vdir"
    vdir.mkdir(parents=True)
    for uid, text in split_by_uid(data):
        (vdir / f"{uid}.ics").write_bytes(text)
    config, cache = workdir / "khal.conf", workdir / "khal.db"
    config.write_text(KHAL_CONFIG.format(vdir=vdir, db=cache))
    lo, _ = window(series)
    week = (lo, lo + timedelta(days=7))
    # a process of its own: khal switches icalendar to pytz for the whole interpreter
    env = dict(os.environ, HOME=str(workdir), XDG_CONFIG_HOME=str(workdir / "config"),
               XDG_DATA_HOME=str(workdir / "data"), TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    command = [sys.executable, "-m", "khal", "-c", str(config), "list", "-a", "sweep",
               "--json", "uid", "--json", "start", f"{week[0]:%Y-%m-%d}", f"{week[1]:%Y-%m-%d}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env,
                          stdin=subprocess.DEVNULL, check=False)
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


def split_by_uid(data: bytes) -> Iterator[tuple[str, bytes]]:
    """One calendar per UID (a series with its overrides) and the VTIMEZONE it uses (RFC 4791
    4.1), as raw text."""
    text = data.decode()
    head = text.split("BEGIN:VTIMEZONE", 1)[0].split("BEGIN:VEVENT", 1)[0]
    zones = {m.group(1): m.group(0) for m in
             re.finditer(r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n.*?END:VTIMEZONE\r\n", text, re.S)}
    groups: dict[str, list[str]] = {}
    for block in re.finditer(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S):
        uid = re.search(r"\r\nUID:([^\r]+)\r\n", block.group(0))
        assert uid is not None
        groups.setdefault(uid.group(1), []).append(block.group(0))
    for uid, events in groups.items():
        tzids = {m.group(1) for e in events for m in re.finditer(r";TZID=([^:;]+)[:;]", e)}
        used = "".join(zones[t] for t in sorted(tzids))
        yield uid, (head + used + "".join(events) + "END:VCALENDAR\r\n").encode()


# --------------------------------------------------------------------------- Radicale
QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>{prop}</D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start:%Y%m%dT%H%M%SZ}" end="{end:%Y%m%dT%H%M%SZ}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
EXPAND = '<C:calendar-data><C:expand start="{start:%Y%m%dT%H%M%SZ}" end="{end:%Y%m%dT%H%M%SZ}"/></C:calendar-data>'
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"


@contextmanager
def radicale(workdir: Path) -> Iterator[str]:
    """A throw-away Radicale on loopback (no authentication), its expansion limit raised for the
    sweep's 100,000 occurrences in one REPORT. Yields its URL."""
    port = free_port()
    storage = workdir / "storage"
    storage.mkdir(parents=True)
    with open(workdir / "radicale.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
             "--auth-type", "none", "--rights-type", "owner_only", "--storage-filesystem-folder", str(storage),
             "--reporting-max-expand-occurrence", "1000000", "--logging-level", "warning"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=dict(os.environ, HOME=str(workdir)),
        )
        try:
            wait_for_port(server, port)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)


class Collection:
    """One calendar collection on a Radicale server, spoken to in plain HTTP."""

    def __init__(self, server: str, user: str = "sweep", name: str = "zones") -> None:
        self.url = f"{server}{user}/{name}/"
        self.auth = "Basic " + base64.b64encode(f"{user}:unused".encode()).decode()

    def request(self, method: str, body: bytes, content_type: str, depth: str | None = None) -> bytes:
        headers = {"Content-Type": content_type, "Authorization": self.auth}
        if depth is not None:
            headers["Depth"] = depth
        call = urllib.request.Request(self.url, data=body, method=method, headers=headers)
        with urllib.request.urlopen(call, timeout=600) as answer:  # noqa: S310 - loopback only
            return answer.read()

    def upload(self, data: bytes) -> None:
        """A whole calendar in one PUT: Radicale stores one item per UID."""
        self.request("PUT", data, "text/calendar; charset=utf-8")

    def query(self, start: datetime, end: datetime, prop: str = "<D:getetag/>") -> ET.Element:
        body = QUERY.format(prop=prop, start=start, end=end).encode()
        return ET.fromstring(self.request("REPORT", body, "application/xml; charset=utf-8", depth="1"))


def radicale_expand_reader(collection: Collection, series: list[Series]) -> Found:
    """The server expands every series over the whole window and says when each occurrence is."""
    lo, hi = window(series)
    answer = collection.query(lo, hi, EXPAND.format(start=lo, end=hi))
    found: Found = {}
    for data in answer.iter(f"{CALDAV}calendar-data"):
        for event in re.findall(r"BEGIN:VEVENT\r?\n.*?END:VEVENT", data.text or "", re.S):
            uid = re.search(r"\nUID:([^\r\n]+)", event)
            start = re.search(r"\nDTSTART:(\d{8}T\d{6})Z", event)
            if uid is None or start is None:
                raise AssertionError(f"an expanded occurrence without UID or UTC start: {event[:300]}")
            found.setdefault(uid.group(1), set()).add(to_minute(datetime.strptime(start.group(1), "%Y%m%dT%H%M%S")))
    return found


def uids_by_href(collection: Collection) -> dict[str, str]:
    answer = collection.query(datetime(1900, 1, 1), datetime(2200, 1, 1),
                              "<D:getetag/><C:calendar-data/>")
    out = {}
    for response in answer.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href") or ""
        data = next(response.iter(f"{CALDAV}calendar-data")).text or ""
        uid = re.search(r"\nUID:([^\r\n]+)", data)
        assert uid is not None
        out[href] = uid.group(1)
    return out


def time_range_hits(collection: Collection, start: datetime, end: datetime, uids: dict[str, str]) -> set[str]:
    """The UIDs the server says have an occurrence overlapping [start, end)."""
    answer = collection.query(start, end)
    return {uids[r.findtext(f"{DAV}href") or ""] for r in answer.iter(f"{DAV}response")}


def minutes(moment: datetime) -> Iterator[datetime]:
    yield moment
    yield moment + timedelta(minutes=1)
