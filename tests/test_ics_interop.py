"""The invites of the sample organisation, as five calendar libraries read them, against the database.

The sample is exported as it is, plus what it lacks: a weekly ritual in Sydney (southern summer
time, hand-skipped dates, a cancelled session, a session moved across the April change) and,
in the New York demo hour (monthly, first Friday), a cancelled session and one moved after
the March change. So the files hold every shape: rotating rituals (one event per group),
series with RRULE, EXDATE and RECURRENCE-ID, monthly by weekday, all-day, a one-off, and three
time zones. What each library sees (``ics_readers``) must be what the database says, worked out
here from the database file alone with zoneinfo and a day-by-day walk of the calendar.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ics_readers import PER_FILE, Seen, in_window, read_everywhere

from tests.conftest import NOW_ENV, SAMPLE_DIR

UTC = UTC
FIRST, END = date(2026, 10, 19), date(2027, 10, 19)  # the export's --from and --to
LO, HI = datetime.combine(FIRST, time(), UTC), datetime.combine(END, time(), UTC)
SYDNEY_PEOPLE = ["olivia.chen@hirondelle.example", "priya.raman@hirondelle.example", "noah.fontaine@hirondelle.example"]


# --------------------------------------------------------------------------- the database
def with_every_shape(doc: dict[str, Any]) -> dict[str, Any]:
    """The sample document plus the shapes it lacks (written as the file stores them)."""
    organizer = next(r["organizer"] for r in doc["rituals"].values() if r["id"] == "demo-hour")
    doc["rituals"]["900"] = {
        "id": "sydney-sync",
        "title": "Sydney sync",
        "kind": "cross-team-meeting",
        "format": "remote",
        "description": "Hand-over across the date line.",
        "location": "",
        "video_link": "https://meet.example/sydney",
        "organizer": organizer,
        "status": "active",
        "idea_id": None,
        "audience": {"kind": "people", "members": SYDNEY_PEOPLE},
        "grouping": {"mix": "cross-team", "size": None},
        "schedule": {
            "start": "2026-11-02T09:00",
            "timezone": "Australia/Sydney",
            "duration": 30,
            "frequency": "weekly",
            "interval": 1,
            "until": "2027-05-31",
            "count": None,
            "all_day": False,
            "skip_holidays": None,
            "exdates": ["2026-12-28"],
            "monthly_by": "day",
        },
    }
    sessions = [
        ("sydney-sync", "2027-02-15T09:00", "cancelled", [SYDNEY_PEOPLE]),
        ("sydney-sync", "2027-04-05T13:00", "planned", [SYDNEY_PEOPLE]),  # the day after summer time ends
        ("demo-hour", "2027-03-05T11:00", "cancelled", []),
        ("demo-hour", "2027-04-02T16:30", "planned", []),
    ]  # after the US change of 14 March
    for number, (ritual, start, status, groups) in enumerate(sessions, start=900):
        doc["sessions"][str(number)] = {
            "id": f"{ritual}@{start[:10]}",
            "ritual_id": ritual,
            "start": start,
            "status": status,
            "groups": groups,
            "explanations": [],
            "attended": [],
            "absent": [],
            "rating": None,
            "note": "",
            "feedback": [],
        }
    return doc


def rule_days(schedule: dict[str, Any]) -> list[datetime]:
    """Every occurrence of a schedule up to the window's end, found by walking day by day."""
    start = datetime.fromisoformat(schedule["start"])
    if schedule["frequency"] == "once":
        return [start]
    last = min(date.fromisoformat(schedule["until"]), END) if schedule["until"] else END
    days = (start.date() + timedelta(days=n) for n in range((last - start.date()).days + 1))
    found = [datetime.combine(day, start.time()) for day in days if on_rule(day, start.date(), schedule)]
    return found[: schedule["count"]] if schedule["count"] else found


def on_rule(day: date, first: date, schedule: dict[str, Any]) -> bool:
    if schedule["frequency"] == "weekly":
        return (day - first).days % (7 * schedule["interval"]) == 0
    if ((day.year - first.year) * 12 + day.month - first.month) % schedule["interval"]:
        return False
    if schedule["monthly_by"] == "day":
        return day.day == first.day
    nth = (first.day - 1) // 7 + 1  # the 1st to 4th Thursday...; a 5th one means the month's last
    if day.weekday() != first.weekday():
        return False
    return (day.day - 1) // 7 + 1 == nth if nth < 5 else (day + timedelta(days=7)).month != day.month


def key(local: datetime, schedule: dict[str, Any]) -> str:
    if schedule["all_day"]:
        return local.date().isoformat()
    return local.replace(tzinfo=ZoneInfo(schedule["timezone"])).astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def audience(ritual: dict[str, Any], people: list[dict[str, Any]], days: list[date]) -> frozenset[str]:
    """The people invited to a series: its audience, less whoever is paused on every one of its
    ``days`` in the window (a pause applies date by date: paused on some, they stay invited)."""
    kind, members = ritual["audience"]["kind"], ritual["audience"]["members"]
    chosen = [
        p
        for p in people
        if kind == "all"
        or (kind == "people" and p["email"] in members)
        or (kind == "teams" and p["team"].lower() in {m.lower() for m in members})
    ]
    inside = [d for d in days if FIRST <= d < END]

    def paused_throughout(person: dict[str, Any]) -> bool:
        until = person["paused_until"]
        return bool(inside) and until is not None and all(d <= date.fromisoformat(until) for d in inside)

    return frozenset(p["email"] for p in chosen if not paused_throughout(p))


def expected_occurrences(doc: dict[str, Any], with_attendees: bool) -> Counter:
    """(start, title, attendees) of every occurrence in the window, from the database alone."""
    people = list(doc["people"].values())
    found: Counter = Counter()
    for ritual in doc["rituals"].values():
        schedule, title = ritual["schedule"], ritual["title"]
        sessions = [s for s in doc["sessions"].values() if s["ritual_id"] == ritual["id"]]
        if ritual["grouping"]["size"] is not None:  # rotating: one event per group of each session
            for session in sessions:
                if FIRST <= date.fromisoformat(session["start"][:10]) < END:
                    for number, group in enumerate(session["groups"], start=1):
                        who = frozenset(group) if with_attendees else frozenset()
                        found[
                            (key(datetime.fromisoformat(session["start"]), schedule), f"{title} (group {number})", who)
                        ] += 1
            continue
        assert not schedule["skip_holidays"], "this model has no holiday calendar: add one before such a series"
        starts = {d.date(): d for d in rule_days(schedule)}
        for day in map(date.fromisoformat, schedule["exdates"]):
            starts.pop(day, None)
        for session in sessions:
            moved = datetime.fromisoformat(session["start"])
            if moved.date() in starts:
                if session["status"] == "cancelled":
                    del starts[moved.date()]
                elif not schedule["all_day"]:
                    starts[moved.date()] = moved
        who = audience(ritual, people, sorted(starts)) if with_attendees else frozenset()
        for start in starts.values():
            found[(key(start, schedule), title, who)] += 1
    return Counter({k: n for k, n in found.items() if in_window(k[0], LO, HI)})


# --------------------------------------------------------------------------- the export
@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("interop")
    doc = with_every_shape(json.loads((SAMPLE_DIR / "rituals.json").read_text(encoding="utf-8")))
    (folder / "rituals.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "RITUALS_DB"}
    env.update(RITUALS_NOW=NOW_ENV, RITUALS_CACHE=str(folder / "cache"))
    for method in ("request", "publish"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "rituals",
                "--db",
                str(folder / "rituals.json"),
                "export",
                "--all",
                "--dir",
                str(folder / method),
                "--method",
                method,
                "--from",
                FIRST.isoformat(),
                "--to",
                END.isoformat(),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return folder, doc


def ritual_files(folder: Path, method: str) -> list[Path]:
    # one file per UID (REQUEST) or per ritual (PUBLISH): no UID is in two of them
    return sorted((folder / method / "rituals").rglob("*.ics"))


@pytest.mark.parametrize("method", ["request", "publish"])
def test_every_library_sees_what_the_database_says(exported, method: str, tmp_path: Path) -> None:
    folder, doc = exported
    want = expected_occurrences(doc, with_attendees=method == "request")
    assert len(want) > 150 and sum(want.values()) == len(want)  # no two occurrences alike
    seen = read_everywhere(ritual_files(folder, method), LO, HI, tmp_path)
    for library, occurrences in seen.items():
        got = Counter((s.start, s.summary, s.attendees) for s in occurrences)
        missing, extra = want - got, got - want
        assert not missing and not extra, (library, sorted(missing)[:3], sorted(extra)[:3])
    # and the same UIDs for the same occurrences, everywhere
    first = seen["icalendar"]
    assert all(occurrences == first for occurrences in seen.values()), {k: len(v ^ first) for k, v in seen.items()}


def test_the_files_hold_every_ritual_shape(exported) -> None:
    folder, _ = exported
    text = b"".join(p.read_bytes() for p in ritual_files(folder, "request")).replace(b"\r\n ", b"").decode()
    assert {"America/New_York", "Europe/Paris", "Australia/Sydney"} <= set(
        re.findall(r"^TZID:(.+)\r$", text, re.MULTILINE)
    )
    assert re.search(r"^RRULE:FREQ=MONTHLY;BYDAY=1FR\r$", text, re.MULTILINE)  # the demo hour
    assert re.search(r"^RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH\r$", text, re.MULTILINE)  # volunteer day, all-day
    assert re.search(r"^DTSTART;VALUE=DATE:20260924\r$", text, re.MULTILINE)
    assert re.search(r"^RRULE:FREQ=WEEKLY;UNTIL=\d{8}T\d{6}Z\r$", text, re.MULTILINE)
    assert len(re.findall(r"^EXDATE;TZID=Australia/Sydney:", text, re.MULTILINE)) == 2
    assert re.search(r"^EXDATE;TZID=America/New_York:20270305T110000\r$", text, re.MULTILINE)
    assert re.search(r"^RECURRENCE-ID;TZID=America/New_York:20270402T110000\r$", text, re.MULTILINE)
    assert re.search(r"^RECURRENCE-ID;TZID=Australia/Sydney:20270405T090000\r$", text, re.MULTILINE)
    assert len(re.findall(r"^SUMMARY:Coffee roulette \(group \d+\)\r$", text, re.MULTILINE)) > 90


# --------------------------------------------------------------------------- the checks can fail
def per_file(files: list[Path]) -> dict[str, set[Seen]]:
    return {name: set().union(*(read(p.read_bytes(), LO, HI) for p in files)) for name, read in PER_FILE.items()}


def test_a_lost_exdate_is_seen_by_every_library(exported, tmp_path: Path) -> None:
    folder, doc = exported
    (original,) = (folder / "request" / "rituals" / "demo-hour").glob("*.ics")
    broken = tmp_path / original.name
    broken.write_bytes(re.sub(rb"EXDATE;TZID=America/New_York:20270305T110000\r\n", b"", original.read_bytes()))
    assert broken.read_bytes() != original.read_bytes()
    want = Counter({k: n for k, n in expected_occurrences(doc, True).items() if k[1].startswith("Friday demo hour")})
    for library, occurrences in per_file([broken]).items():
        got = Counter((s.start, s.summary, s.attendees) for s in occurrences)
        assert [k[0] for k in got - want] == ["2027-03-05T16:00Z"] and not want - got, library


def test_a_wrong_time_zone_definition_is_seen_by_vobject(exported, tmp_path: Path) -> None:
    # vobject reads the file's own VTIMEZONE, as Radicale does: New York summer time an hour off
    folder, doc = exported
    (original,) = (folder / "request" / "rituals" / "demo-hour").glob("*.ics")
    broken = tmp_path / original.name
    broken.write_bytes(original.read_bytes().replace(b"TZOFFSETTO:-0400", b"TZOFFSETTO:-0300"))
    assert broken.read_bytes() != original.read_bytes()
    want = {k[0] for k in expected_occurrences(doc, True) if k[1].startswith("Friday demo hour")}
    got = {s.start for s in per_file([broken])["vobject"]}
    assert got != want and "2027-05-07T15:00Z" in want and "2027-05-07T14:00Z" in got
