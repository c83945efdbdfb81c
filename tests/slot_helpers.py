"""Shared by the slot tests: random busy calendars, the servers that hold them, and a brute-force
reference for the slot a group should get.

The reference knows nothing of ``rituals.core.slots``: it reads every candidate start on the
clock of each member's own zone (zoneinfo), checks the day's working span from a plain
weekday table, the public holidays from the holidays package, and every busy interval one by
one; the room around a slot is measured against every interval again.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import holidays

UTC = UTC
COUNTRY = {
    "Europe/Paris": "FR",
    "America/New_York": "US",
    "Europe/Lisbon": "PT",
    "Asia/Tokyo": "JP",
    "Europe/Berlin": "DE",
    "America/Chicago": "US",
}
# working spans by weekday (Monday 0), in minutes, as the hours text given to rituals says
HOURS = {
    "Mon-Fri 09:00-18:00": {d: (540, 1080) for d in range(5)},
    "Mon-Fri 07:30-15:30": {d: (450, 930) for d in range(5)},
    "Mon,Tue,Thu 09:00-17:00": {0: (540, 1020), 1: (540, 1020), 3: (540, 1020)},
    "Mon-Thu 10:00-19:00; Fri 09:00-13:00": {**{d: (600, 1140) for d in range(4)}, 4: (540, 780)},
}


@dataclass
class Someone:
    email: str
    name: str
    zone: str
    hours: str
    source: str = "none"  # "caldav", "http", "file" or "none"
    busy: list[tuple[datetime, datetime]] = field(default_factory=list)  # what the reference sees
    ics: list[str] = field(default_factory=list)  # VEVENT texts (one per object)


def local(day: date, minutes: int, zone: str) -> datetime:
    """A wall-clock time (minutes after midnight, 24:00 allowed) as an aware UTC time."""
    return (datetime.combine(day, time()) + timedelta(minutes=minutes)).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def random_calendar(person: Someone, rng: Random, first: date, weeks: int) -> None:
    """About twenty busy events a week for ``person``: one-offs (UTC), a standing weekly meeting
    (a repeating event), a floating-time event and an all-day one for the feeds, and a few
    transparent events (free) that must be ignored."""
    uid = 0

    def add(lines: list[str], busy: list[tuple[datetime, datetime]]) -> None:
        nonlocal uid
        uid += 1
        person.ics.append(
            "\r\n".join(["BEGIN:VEVENT", f"UID:{person.email}-{uid}", "DTSTAMP:20261101T000000Z", *lines, "END:VEVENT"])
        )
        person.busy.extend(busy)

    for n in range(18 * weeks):
        day = first + timedelta(days=rng.randrange(7 * weeks))
        start = local(day, rng.randrange(6 * 60, 20 * 60), person.zone) + timedelta(minutes=rng.choice((0, 7, 15, 30)))
        end = start + timedelta(minutes=rng.choice((15, 30, 45, 60, 90, 120)))
        if n % 9 == 0:  # free: shown, never counted
            add([f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(end)}", "TRANSP:TRANSPARENT"], [])
        else:
            add([f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(end)}"], [(start, end)])
    meeting = local(first + timedelta(days=rng.randrange(5)), rng.choice((600, 660, 840, 900)), person.zone)
    add(
        [f"DTSTART:{_stamp(meeting)}", "DURATION:PT1H", f"RRULE:FREQ=WEEKLY;COUNT={weeks}"],
        [(meeting + timedelta(weeks=w), meeting + timedelta(weeks=w, hours=1)) for w in range(weeks)],
    )
    if person.source != "caldav":  # floating and all-day times: read in the person's own zone
        day = first + timedelta(days=rng.randrange(7 * weeks))
        add(
            [f"DTSTART:{day:%Y%m%d}T120000", f"DTEND:{day:%Y%m%d}T133000"],
            [(local(day, 720, person.zone), local(day, 810, person.zone))],
        )
        off = first + timedelta(days=rng.randrange(7 * weeks))
        add(
            [f"DTSTART;VALUE=DATE:{off:%Y%m%d}", f"DTEND;VALUE=DATE:{off + timedelta(days=1):%Y%m%d}"],
            [(local(off, 0, person.zone), local(off + timedelta(days=1), 0, person.zone))],
        )


def vcalendar(events: list[str]) -> bytes:
    return (
        "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//rituals tests//slots//EN", *events, "END:VCALENDAR"])
        + "\r\n"
    ).encode()


# --------------------------------------------------------------------------- servers
def dav(url: str, method: str, user: str, password: str, body: bytes | None = None) -> int:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Content-Type": "text/calendar; charset=utf-8"}
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers)) as r:
        return r.status


def load_caldav(server: str, person: Someone, user: str, password: str) -> str:
    """``person``'s events put one by one in a calendar of their own on the server; its URL."""
    url = f"{server}{user}/{person.email.split('@')[0]}/"
    dav(url, "MKCALENDAR", user, password)
    for n, event in enumerate(person.ics):
        dav(f"{url}{n}.ics", "PUT", user, password, vcalendar([event]))
    return url


def lay_caldav(storage: Path, person: Someone, user: str) -> str:
    """``person``'s calendar laid in a Radicale storage folder before the server starts, in the
    layout the server keeps (a PUT takes a tenth of a second); its path on the server."""
    folder = storage / "collection-root" / user / person.email.split("@")[0]
    folder.mkdir(parents=True)
    (folder / ".Radicale.props").write_text(json.dumps({"tag": "VCALENDAR"}))
    for n, event in enumerate(person.ics):
        (folder / f"{n}.ics").write_bytes(vcalendar([event]))
    return f"{user}/{person.email.split('@')[0]}/"


@contextmanager
def feed_server(folder: Path) -> Iterator[str]:
    """A small HTTP server on loopback serving the files of ``folder``; yields its URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt: str, *args: object) -> None:  # the test output stays clean
        pass


# --------------------------------------------------------------------------- the reference
def window_days(span: str, day: date) -> list[date]:
    if span == "day":
        return [day]
    if span == "week":
        return [day - timedelta(days=day.weekday() - n) for n in range(7)]
    return [day + timedelta(days=n) for n in range(int(span[:-1]))]


def starts(span: str, earliest: int, latest: int, day: date, zone: str, length: timedelta) -> list[datetime]:
    found = {
        local(d, m, zone)
        for d in window_days(span, day)
        for m in range(earliest, latest + 1, 15)
        if m + length.total_seconds() / 60 <= latest
    }
    return sorted(found)


@functools.cache
def days_off(zone: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY[zone], years=year))


def _span(person: Someone, start: datetime, length: timedelta) -> tuple[datetime, datetime] | None:
    """The working span (UTC) that holds [start, start + length) on the person's own clock, or None."""
    zone = ZoneInfo(person.zone)
    here, there = start.astimezone(zone), (start + length).astimezone(zone)
    span = HOURS[person.hours].get(here.weekday())
    if span is None or here.date() in days_off(person.zone, here.year):
        return None
    midnight = datetime.combine(here.date(), time())
    begin = (here.replace(tzinfo=None) - midnight).total_seconds() / 60
    end = (there.replace(tzinfo=None) - midnight).total_seconds() / 60
    if not (span[0] <= begin and end <= span[1]):
        return None
    return local(here.date(), span[0], person.zone), local(here.date(), span[1], person.zone)


def reference(
    group: list[Someone],
    extra: dict[str, list[tuple[datetime, datetime]]],
    candidates: list[datetime],
    length: timedelta,
    prefer: str,
) -> datetime | None:
    """The start a brute-force search picks (aware UTC), or None."""
    best: tuple[timedelta, datetime] | None = None
    for start in candidates:
        end = start + length
        room = timedelta.max
        for person in group:
            span = _span(person, start, length)
            busy = person.busy + extra.get(person.email, [])
            if span is None or any(b < end and e > start for b, e in busy):
                break
            left = max([span[0], *(e for _, e in busy if e <= start)])
            right = min([span[1], *(b for b, _ in busy if b >= end)])
            room = min(room, start - left, right - end)
        else:
            if prefer == "earliest":
                return start
            if best is None or room > best[0]:
                best = (room, start)
    return None if best is None else best[1]
