"""Slots over real calendars: Radicale's free-busy reports, .ics feeds over HTTP and in files,
the plan itself, working hours and public holidays; each group's slot against a brute force.

Acceptance (issue 19): for 200 random groups or more over loaded calendars, the chosen slot is
free for all and is the one a brute-force search picks (``slot_helpers.reference``).
"""

from __future__ import annotations

import time as clock
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

import pytest
from export_helpers import radicale_server
from slot_helpers import (
    HOURS,
    UTC,
    Someone,
    feed_server,
    lay_caldav,
    load_caldav,
    random_calendar,
    reference,
    starts,
    vcalendar,
)

from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule, Session, Slot
from rituals.service import Service

PARIS = "Europe/Paris"
FIRST = date(2026, 11, 30)  # a Monday, a week after the frozen clock (tests/conftest.py)
WEEKS = 4  # of sessions; the calendars run three weeks longer (the later windows offered)
ZONES = [PARIS] * 6 + ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Tokyo"]
SOURCES = ["caldav", "http", "file", "none"]
# id, weekday and time of the fixed start, minutes, the slot's window, preference
RITUALS = [
    ("coffee", 1, (10, 0), 30, Slot("week", "09:00", "18:00", "earliest")),
    ("pairs", 2, (14, 0), 45, Slot("3d", "08:00", "20:00", "spread")),
    ("lunch", 3, (12, 30), 60, Slot("week", "11:00", "14:30", "earliest")),
    ("retro", 0, (16, 0), 30, Slot("day", "13:00", "19:00", "spread")),
]
ALL_HANDS = Ritual(
    "all-hands",
    "All hands",
    "other",
    Schedule(datetime(2026, 12, 2, 17), PARIS, timedelta(hours=1), "weekly"),
    audience=Audience("all"),
)
USER, PASSWORD = "team", "secret"


def everyone(rng: Random, count: int) -> list[Someone]:
    return [
        Someone(
            f"p{n:02d}@example.org",
            f"Person {n:02d}",
            rng.choice(ZONES),
            rng.choice(sorted(HOURS)),
            SOURCES[n % len(SOURCES)],
        )
        for n in range(count)
    ]


def groups_of(rng: Random, people: list[Someone]) -> tuple[tuple[str, ...], ...]:
    order = [p.email for p in people]
    rng.shuffle(order)
    groups: list[list[str]] = []
    while order:
        size = rng.choice((2, 2, 3, 3, 4))
        groups.append(order[:size])
        order = order[size:]
    if len(groups[-1]) == 1:
        groups[-2] += groups.pop()
    return tuple(tuple(g) for g in groups)


def plan_busy(sessions: list[tuple[Ritual, Session]], people: list[Someone]) -> dict[str, list[tuple[Session, tuple]]]:
    """What the plan holds each person to, worked out here: every group they are in (at the
    session's fixed time), and every all-hands (Wednesdays 17:00-18:00 Paris)."""
    found: dict[str, list[tuple[Session, tuple]]] = {p.email: [] for p in people}
    for ritual, session in sessions:
        start = session.start.replace(tzinfo=ZoneInfo(PARIS)).astimezone(UTC)
        for group in session.groups:
            for email in group:
                found[email].append((session, (start, start + ritual.schedule.duration)))
    for week in range(WEEKS + 3):
        start = datetime(2026, 12, 2, 17, tzinfo=ZoneInfo(PARIS)) + timedelta(weeks=week)
        for person in people:
            found[person.email].append((None, (start.astimezone(UTC), start.astimezone(UTC) + timedelta(hours=1))))
    return found


@pytest.mark.slow
def test_two_hundred_groups_get_the_slot_a_brute_force_picks(svc: Service, tmp_path: Path) -> None:
    rng = Random(19)
    people = everyone(rng, 40)
    for person in people:
        random_calendar(person, rng, FIRST - timedelta(days=7), WEEKS + 4)
    sessions = []
    for ritual_id, weekday, (hour, minute), minutes, slot in RITUALS:
        ritual = Ritual(
            ritual_id,
            ritual_id.title(),
            "other",
            Schedule(
                datetime.combine(FIRST + timedelta(days=weekday), datetime.min.time()).replace(
                    hour=hour, minute=minute
                ),
                PARIS,
                timedelta(minutes=minutes),
                "weekly",
            ),
            grouping=Grouping(3),
            slot=slot,
        )
        for week in range(WEEKS):
            sessions.append(
                (ritual, Session(ritual.id, ritual.schedule.start + timedelta(weeks=week), groups_of(rng, people)))
            )
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    dav = [p for p in people if p.source == "caldav"]
    laid = {p.email: lay_caldav(tmp_path / "radicale" / "storage", p, USER) for p in dav[1:]}
    with radicale_server(tmp_path / "radicale", USER, PASSWORD) as server, feed_server(feeds) as web:
        laid[dav[0].email] = load_caldav(server, dav[0], USER, PASSWORD).removeprefix(server)  # one through PUT
        with svc.store.transaction() as tx:
            for person in people:
                where = {
                    "caldav": lambda p: f"caldav:{server}{laid[p.email]}",
                    "http": lambda p: f"{web}{p.email}.ics",
                    "file": lambda p: str(feeds / f"{p.email}.ics"),
                    "none": lambda p: "",
                }[person.source](person)
                (feeds / f"{person.email}.ics").write_bytes(vcalendar(person.ics))
                if person.source == "none":
                    person.busy = []  # no calendar: only the plan and the hours bind them
                tx.put_person(
                    Person(person.email, person.name, timezone=person.zone, hours=person.hours, calendar=where)
                )
            tx.put_ritual(ALL_HANDS)
            for ritual, session in sessions:
                tx.put_ritual(ritual)
                tx.put_session(session)
        held = plan_busy(sessions, people)
        by_email = {p.email: p for p in people}
        checked = found = 0
        began = clock.perf_counter()
        for ritual, session in sessions:
            plan = svc.slots.find(ritual.id, session.day, user=USER, password=PASSWORD)
            assert plan.problems == ()
            extra = {e: [i for s, i in held[e] if s is not session] for e in held}
            length = ritual.schedule.duration
            assert ritual.slot is not None
            window = starts(
                ritual.slot.span,
                _minutes(ritual.slot.earliest),
                _minutes(ritual.slot.latest),
                session.day,
                PARIS,
                length,
            )
            for group in plan.groups:
                members = [by_email[e] for e in group.members]
                want = reference(members, extra, window, length, ritual.slot.prefer)
                got = None if group.start is None else group.start.replace(tzinfo=ZoneInfo(PARIS)).astimezone(UTC)
                assert got == want, (session.id, group.number, [(p.zone, p.hours, p.source) for p in members])
                checked += 1
                found += got is not None
        elapsed = clock.perf_counter() - began
    print(
        f"\nslots: {checked} groups checked against the brute force, {found} with a slot, "
        f"{checked - found} with none; {elapsed / checked * 1000:.1f} ms per group, calendars read included"
    )
    assert checked >= 200 and 0 < found < checked


def _minutes(clock_text: str) -> int:
    return int(clock_text[:2]) * 60 + int(clock_text[3:])
