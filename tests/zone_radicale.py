"""Radicale as a reader of the zone sweep: one collection holds every zone's series.

Radicale takes 0.12 s per PUT and rewrites the VTIMEZONEs of a calendar PUT as a whole (vobject
makes new ones from its own reading), so the series of a few zones go through PUT as
``rituals publish`` sends them and the others are laid in the collection's folder, one file per
UID, before the server starts: the layout Radicale itself keeps. The server copies every
property into each expanded occurrence (1 ms each with alarms and organizer), so the files keep
only what places an event in time, and series whose files differ only by the TZID (aliases,
zones with the same rules and so the same test times) share one resource: the server reads a
VTIMEZONE by its content. A zone vobject takes for UTC (offset +00:00 from 2000 to 2019) is
looked up by name instead, so each of those keeps its own resource.

Two questions are asked: a calendar-query whose time-range spans the three years, with expand
(the server places every occurrence and tests it against the time-range), and plain time-range
queries of one minute at the instants where the most occurrences next to a change of offset
start (the other code path: which resources have an occurrence there).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from export_helpers import _wait_for_port as wait_for_port
from export_helpers import free_port
from zone_readers import Found, split_by_uid
from zone_sweep import DURATION, Series, to_minute, window

KEEP = ("UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID")
PUT_ZONES = frozenset(
    {
        "Africa/Casablanca",
        "America/St_Johns",
        "Asia/Tehran",
        "Australia/Lord_Howe",
        "Australia/Sydney",
        "Europe/Paris",
        "America/Mexico_City",
    }
)
PROBES = 4
USER, NAME = "sweep", "zones"
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


@dataclass(frozen=True)
class Probe:
    """One plain time-range query: which series should and do have an occurrence in it."""

    start: datetime
    end: datetime
    expected: frozenset[str]
    found: frozenset[str]


def radicale_readers(data: bytes, series: list[Series], workdir: Path) -> tuple[Found, list[Probe], int]:
    """(the expanded occurrences, the time-range probes, how many resources) of one collection."""
    by_zone = {s.uid: s.zone for s in series}
    resources, stands_for = _resources(data, by_zone)
    folder = workdir / "storage" / "collection-root" / USER / NAME
    folder.mkdir(parents=True)
    (folder / ".Radicale.props").write_text(json.dumps({"tag": "VCALENDAR"}))
    for uid, text in resources:
        if by_zone[uid] not in PUT_ZONES:
            (folder / f"{uid}.ics").write_bytes(text)
    with radicale(workdir) as server:
        collection = Collection(server)
        for uid, text in resources:
            if by_zone[uid] in PUT_ZONES:
                collection.put(uid, text)
        found = expanded(collection, series)
        probes = [collection.probe(start, series) for start in busiest(series, PROBES)]
    spread = {uid: found.get(first, set()) for first, uids in stands_for.items() for uid in uids}
    probes = [replace(p, found=frozenset(u for f in p.found for u in stands_for[f])) for p in probes]
    return spread, probes, len(resources)


def _resources(data: bytes, by_zone: dict[str, str]) -> tuple[list[tuple[str, bytes]], dict[str, list[str]]]:
    """One resource per distinct file (the zone's name aside), and the series each answers for."""
    chosen: dict[bytes, tuple[str, bytes]] = {}
    stands_for: dict[str, list[str]] = {}
    # the zones sent by PUT come first, so that their resource answers for their aliases
    items = sorted(split_by_uid(data, keep=KEEP), key=lambda item: by_zone[item[0]] not in PUT_ZONES)
    for uid, text in items:
        utc_like = b"BEGIN:DAYLIGHT" not in text and b"TZOFFSETTO:+0000" in text
        key = text.replace(uid.encode(), b"UID")
        if not utc_like:
            key = key.replace(by_zone[uid].encode(), b"ZONE")
        first, _ = chosen.setdefault(key, (uid, text))
        stands_for.setdefault(first, []).append(uid)
    return list(chosen.values()), stands_for


@contextmanager
def radicale(workdir: Path) -> Iterator[str]:
    """A throw-away Radicale on loopback, no authentication, its expansion limit raised for the
    sweep's 100,000 occurrences in one REPORT. Yields its URL."""
    port = free_port()
    with open(workdir / "radicale.log", "wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                "--server-hosts",
                f"127.0.0.1:{port}",
                "--auth-type",
                "none",
                "--rights-type",
                "owner_only",
                "--storage-filesystem-folder",
                str(workdir / "storage"),
                "--reporting-max-expand-occurrence",
                "1000000",
                "--logging-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=dict(os.environ, HOME=str(workdir)),
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
    """The sweep's calendar collection, spoken to in plain HTTP."""

    def __init__(self, server: str) -> None:
        self.url = f"{server}{USER}/{NAME}/"
        self.auth = "Basic " + base64.b64encode(f"{USER}:unused".encode()).decode()

    def request(self, method: str, url: str, body: bytes, content_type: str, depth: str | None = None) -> bytes:
        headers = {"Content-Type": content_type, "Authorization": self.auth}
        if depth is not None:
            headers["Depth"] = depth
        call = urllib.request.Request(url, data=body, method=method, headers=headers)
        with urllib.request.urlopen(call, timeout=600) as answer:
            return answer.read()

    def put(self, uid: str, text: bytes) -> None:
        self.request("PUT", f"{self.url}{uid}.ics", text, "text/calendar; charset=utf-8")

    def query(self, start: datetime, end: datetime, prop: str = "<D:getetag/>") -> ET.Element:
        body = QUERY.format(prop=prop, start=start, end=end).encode()
        return ET.fromstring(self.request("REPORT", self.url, body, "application/xml; charset=utf-8", "1"))

    def probe(self, start: datetime, series: list[Series]) -> Probe:
        end = start + timedelta(minutes=1)
        expected = frozenset(s.uid for s in series if any(o < end and o + DURATION > start for o in s.expected))
        hrefs = (r.findtext(f"{DAV}href") or "" for r in self.query(start, end).iter(f"{DAV}response"))
        return Probe(start, end, expected, frozenset(h.rsplit("/", 1)[-1].removesuffix(".ics") for h in hrefs))


def expanded(collection: Collection, series: list[Series]) -> Found:
    """Every occurrence as the server expands it over the whole window."""
    lo, hi = window(series)
    answer = collection.query(lo, hi, EXPAND.format(start=lo, end=hi))
    found: Found = {}
    for data in answer.iter(f"{CALDAV}calendar-data"):
        for event in re.findall(r"BEGIN:VEVENT\r?\n.*?END:VEVENT", data.text or "", re.DOTALL):
            uid = re.search(r"\nUID:([^\r\n]+)", event)
            start = re.search(r"\nDTSTART:(\d{8}T\d{6})Z", event)
            if uid is None or start is None:
                raise AssertionError(f"an expanded occurrence without UID or UTC start: {event[:300]}")
            moment = datetime.strptime(start.group(1), "%Y%m%dT%H%M%S")
            found.setdefault(uid.group(1), set()).add(to_minute(moment))
    return found


def busiest(series: list[Series], count: int) -> list[datetime]:
    """The instants at which the most occurrences next to a change of offset start (the first
    or last occurrence at an offset), earliest first among equals."""
    starts: Counter[datetime] = Counter()
    for s in series:
        zone = ZoneInfo(s.zone)
        instants = [to_minute(w.replace(tzinfo=zone)) for w in s.walls]
        offsets = [w - i for w, i in zip(s.walls, instants)]
        for k, moment in enumerate(instants):
            if offsets[max(k - 1, 0)] != offsets[k] or offsets[min(k + 1, len(offsets) - 1)] != offsets[k]:
                starts[moment] += 1
    return sorted(sorted(starts, key=lambda o: (-starts[o], o))[:count])
