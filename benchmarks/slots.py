"""Slot benchmark (issue 19): the time to find a group its slot, on 1,000 people with 20 busy
events each.

The people live in six zones (Paris, Lisbon, Berlin, New York, Chicago, Tokyo) with four kinds of
working hours; each has an .ics feed file of 20 busy events in the fortnight of the session (a
quarter of them repeating weekly). A weekly ritual (30 minutes, window "week 09:00-18:00" Paris)
has one planned session with all 1,000 people in groups of 2 to 4. Printed:

- the search alone (`rituals.core.slots.choose`) per group, each person's busy times and hours
  already read (median and 95th percentile over every group, earliest and best-spread);
- a whole `rituals slots` run per group: the 1,000 feeds read and parsed, the plan's own
  dates, the search, as the service does it (`Slots.find`), one run.

    python benchmarks/slots.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.hours import parse_hours  # noqa: E402
from rituals.core.models import Grouping, Person, Ritual, Schedule, Session, Slot  # noqa: E402
from rituals.core.slots import availability, candidates, choose, window_days  # noqa: E402
from rituals.service import open_service  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0)
PEOPLE = 1000
EVENTS = 20
SESSION = datetime(2026, 12, 1, 10)
ZONES = ["Europe/Paris"] * 4 + ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Tokyo"]
HOURS = [
    "Mon-Fri 09:00-18:00",
    "Mon-Fri 07:30-15:30",
    "Mon,Tue,Thu 09:00-17:00",
    "Mon-Thu 10:00-19:00; Fri 09:00-13:00",
]
UTC = UTC


def feed(rng: random.Random, zone: str) -> tuple[bytes, list[tuple[datetime, datetime]]]:
    """An .ics file of EVENTS busy events in the two weeks from 30 November, and their times."""
    lines, busy = [], []
    for n in range(EVENTS):
        day = date(2026, 11, 30) + timedelta(days=rng.randrange(14))
        start = datetime.combine(day, datetime.min.time()).replace(hour=rng.randrange(7, 19), tzinfo=ZoneInfo(zone))
        start = start.astimezone(UTC) + timedelta(minutes=rng.choice((0, 15, 30, 45)))
        end = start + timedelta(minutes=rng.choice((30, 60, 90)))
        repeat = ["RRULE:FREQ=WEEKLY;COUNT=2"] if n % 4 == 0 else []
        lines += [
            "BEGIN:VEVENT",
            f"UID:{n}",
            "DTSTAMP:20261101T000000Z",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            *repeat,
            "END:VEVENT",
        ]
        busy += [(start, end)] + ([(start + timedelta(weeks=1), end + timedelta(weeks=1))] if repeat else [])
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", *lines, "END:VCALENDAR"]) + "\r\n"
    return text.encode(), busy


def groups_of(rng: random.Random, emails: list[str]) -> tuple[tuple[str, ...], ...]:
    order = list(emails)
    rng.shuffle(order)
    groups = []
    while order:
        size = rng.choice((2, 3, 4))
        groups.append(tuple(order[:size]))
        order = order[size:]
    if len(groups[-1]) == 1:
        groups[-2] += groups.pop()
    return tuple(groups)


def main() -> None:
    rng = random.Random(19)
    with tempfile.TemporaryDirectory() as folder:
        people, busy = [], {}
        for n in range(PEOPLE):
            zone = rng.choice(ZONES)
            data, times = feed(rng, zone)
            path = Path(folder) / f"p{n:04d}.ics"
            path.write_bytes(data)
            person = Person(
                f"p{n:04d}@x.example", f"Person {n:04d}", timezone=zone, hours=rng.choice(HOURS), calendar=str(path)
            )
            people.append(person)
            busy[person.email] = times
        slot = Slot("week", "09:00", "18:00")
        ritual = Ritual(
            "coffee",
            "Coffee",
            "coffee-chat",
            Schedule(SESSION, "Europe/Paris", timedelta(minutes=30), "weekly"),
            grouping=Grouping(3),
            slot=slot,
        )
        session = Session("coffee", SESSION, groups_of(rng, [p.email for p in people]))
        search(people, busy, session, slot)
        svc = open_service(Path(folder) / "rituals.json", clock=lambda: NOW)
        with svc.store.transaction() as tx:
            for person in people:
                tx.put_person(person)
            tx.put_ritual(ritual)
            tx.put_session(session)
        began = time.perf_counter()
        plan = svc.slots.find("coffee")
        elapsed = time.perf_counter() - began
        print(
            f"a whole `rituals slots` run: {len(plan.groups)} groups, {plan.found} with a slot, "
            f"{elapsed:.1f} s, {elapsed / len(plan.groups) * 1000:.1f} ms per group (1,000 feeds read and parsed)"
        )


def search(people: list[Person], busy: dict[str, list], session: Session, slot: Slot) -> None:
    days = window_days(slot, session.day)
    span = [days[0] - timedelta(days=1) + timedelta(days=n) for n in range(len(days) + 2)]
    table = {
        p.email: availability(p.email, p.name, p.timezone, parse_hours(p.hours), span, busy[p.email]) for p in people
    }
    length = timedelta(minutes=30)
    starts = candidates(slot, days, "Europe/Paris", length)
    for prefer in ("earliest", "spread"):
        times, found = [], 0
        for group in session.groups:
            members = [table[e] for e in group]
            began = time.perf_counter()
            choice = choose(members, starts, length, prefer)
            times.append(time.perf_counter() - began)
            found += choice.start is not None
        times.sort()
        print(
            f"search alone, {prefer}: {len(times)} groups of 2-4 ({found} with a slot, {len(starts)} starts each): "
            f"median {statistics.median(times) * 1e6:.0f} µs, "
            f"95th percentile {times[int(len(times) * 0.95)] * 1e6:.0f} µs"
        )


if __name__ == "__main__":
    main()
