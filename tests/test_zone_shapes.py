"""How the export says times so that every reader places them alike (docs/timezones.md): the
VTIMEZONE's shape, the UTC overrides of skipped and repeated wall-clock times, and series in
zones no yearly rule describes, said in Etc/UTC. Expected instants are worked out by hand or
by zoneinfo, never by the writer; windows in the past keep them true whatever tzdata comes.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import tz as dateutil_tz
from zone_readers import (
    ical_reader,
    recurring_ical_events_reader,
    vobject_reader,
    vtimezone_reader,
)
from zone_sweep import Series, compare, to_minute, wall_times

from rituals.core.ical.events import Attendee, ritual_events
from rituals.core.ical.vtimezone import outlook_shaped, vtimezone_lines
from rituals.core.ical.writer import to_ics
from rituals.core.models import Ritual, Schedule, Session

UTC = UTC
STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ORG = Attendee("lea@example.org", "Léa")
READERS = (
    ("recurring-ical-events", recurring_ical_events_reader),
    ("vobject", vobject_reader),
    ("VTIMEZONE (icalendar)", vtimezone_reader),
    ("ical", ical_reader),
)


def ritual(schedule: Schedule, ident: str = "tea") -> Ritual:
    return Ritual(id=ident, title="Tea", kind="sweep", schedule=schedule, organizer=ORG.email)


def export(schedule: Schedule, sessions: tuple[Session, ...] = ()) -> tuple[bytes, list]:
    events = ritual_events(ritual(schedule), sessions, {}, [], ORG)
    return to_ics(events, "PUBLISH", STAMP), events


def placed_alike(schedule: Schedule, moved: dict[date, datetime] | None = None) -> bytes:
    """Export the series and check that every reader puts each occurrence where zoneinfo does."""
    moved = moved or {}
    sessions = tuple(Session("tea", when) for when in moved.values())
    data, events = export(schedule, sessions)
    zone = ZoneInfo(schedule.timezone)
    walls = [w for w in wall_times(schedule) if w.date() not in schedule.exdates]
    expected = frozenset(to_minute(moved.get(w.date(), w).replace(tzinfo=zone)) for w in walls)
    series = [Series(events[0].uid, schedule.timezone, "weekly", schedule, tuple(walls), expected)]
    for name, reader in READERS:
        tally = compare(name, series, reader(data, series))
        assert tally.mismatches == 0, (
            name,
            sorted(tally.missing.get(events[0].uid, ())),
            sorted(tally.extra.get(events[0].uid, ())),
        )
    return data


def lines(data: bytes, name: str) -> list[str]:
    """The ``name`` lines of the VEVENTs, in order."""
    events = "".join(re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data.decode(), re.DOTALL))
    return re.findall(rf"\r\n({name}[;:][^\r]*)", "\r\n" + events)


# --------------------------------------------------------------------------- VTIMEZONE
def test_yearly_rules_start_in_1970_as_outlook_and_google_write_them() -> None:
    paris = vtimezone_lines("Europe/Paris", 2027, 2029)
    assert "DTSTART:19700329T020000" in paris and "DTSTART:19701025T030000" in paris
    sydney = vtimezone_lines("Australia/Sydney", 2027, 2029)  # summer time over New Year
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU" in sydney and "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU" in sydney


def test_london_is_not_taken_for_utc_by_vobject() -> None:
    # vobject compares a zone with UTC over 2000-2019; rules that start there were read as UTC
    # and every summer occurrence came an hour late
    placed_alike(
        Schedule(datetime(2027, 1, 4, 9, 0), "Europe/London", timedelta(minutes=30), "weekly", until=date(2027, 12, 31))
    )


def test_mexico_city_after_2022_has_one_fixed_standard() -> None:
    mexico = vtimezone_lines("America/Mexico_City", 2023, 2025)
    assert [x for x in mexico if x.startswith(("BEGIN:S", "BEGIN:D", "TZOFFSET"))] == [
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0600",
        "TZOFFSETTO:-0600",
    ]
    text = "\r\n".join(mexico) + "\r\n"
    assert dateutil_tz.tzical(io.StringIO(text)).get().utcoffset(datetime(2023, 7, 1, 12)) == timedelta(hours=-6)
    # summer time in 2022 and none after: no pair of yearly rules says both
    assert not outlook_shaped("America/Mexico_City", 2022, 2024)


# --------------------------------------------------------------------------- skipped and repeated
def test_a_skipped_wall_clock_time_is_an_override_in_utc() -> None:
    # Paris, Sunday 28 March 2027: 02:00 CET becomes 03:00 CEST; 02:30 is read with the offset
    # before the change (RFC 5545 3.3.5): 01:30 UTC, which clocks show as 03:30
    data = placed_alike(
        Schedule(datetime(2027, 3, 21, 2, 30), "Europe/Paris", timedelta(minutes=30), "weekly", until=date(2027, 4, 4))
    )
    assert lines(data, "RECURRENCE-ID") == ["RECURRENCE-ID;TZID=Europe/Paris:20270328T023000"]
    assert "DTSTART:20270328T013000Z" in lines(data, "DTSTART")


def test_a_repeated_wall_clock_time_is_its_first_occurrence() -> None:
    # Paris, Sunday 31 October 2027: 02:30 happens at 00:30 UTC (CEST), then at 01:30 UTC (CET)
    data = placed_alike(
        Schedule(
            datetime(2027, 10, 24, 2, 30), "Europe/Paris", timedelta(minutes=30), "weekly", until=date(2027, 11, 7)
        )
    )
    assert "DTSTART:20271031T003000Z" in lines(data, "DTSTART")


def test_a_series_whose_end_is_skipped_says_its_duration() -> None:
    data, _ = export(
        Schedule(datetime(2027, 3, 28, 1, 45), "Europe/Paris", timedelta(minutes=45), "weekly", until=date(2027, 4, 11))
    )
    master = data.split(b"BEGIN:VEVENT")[1]
    assert b"DURATION:PT45M" in master and b"DTEND" not in master


# --------------------------------------------------------------------------- said in Etc/UTC
MEXICO = Schedule(
    datetime(2022, 9, 5, 9, 0),
    "America/Mexico_City",
    timedelta(minutes=30),
    "weekly",
    until=date(2022, 11, 28),
    exdates=(date(2022, 9, 19),),
)


def test_a_zone_whose_rules_changed_is_said_in_etc_utc() -> None:
    data = placed_alike(MEXICO)
    assert b"TZID:America/Mexico_City" not in data
    # CDT (-05) until 30 October, CST (-06) after: the rule is at the most common offset
    assert lines(data, "DTSTART")[0] == "DTSTART;TZID=Etc/UTC:20220905T140000"
    assert lines(data, "EXDATE") == ["EXDATE;TZID=Etc/UTC:20220919T140000"]
    assert "RECURRENCE-ID;TZID=Etc/UTC:20221031T140000" in lines(data, "RECURRENCE-ID")
    assert "DTSTART:20221031T150000Z" in lines(data, "DTSTART")


def test_a_moved_session_in_a_series_said_in_utc() -> None:
    moved = {date(2022, 10, 3): datetime(2022, 10, 3, 11, 0), date(2022, 11, 7): datetime(2022, 11, 7, 8, 0)}
    data = placed_alike(MEXICO, moved)
    assert "RECURRENCE-ID;TZID=Etc/UTC:20221107T140000" in lines(data, "RECURRENCE-ID")
    assert "DTSTART:20221107T140000Z" in lines(data, "DTSTART")  # 08:00 CST


@pytest.mark.parametrize("start", [datetime(2021, 1, 1, 0, 30), datetime(2021, 1, 29, 0, 15)])
def test_a_monthly_weekday_across_midnight_in_utc(start: datetime) -> None:
    # Casablanca's Ramadan changes (2021-2022) fit no yearly rule; the first (or last) Friday at
    # 00:30 is a Thursday in UTC, which no "first Thursday" rule gives
    schedule = Schedule(
        start, "Africa/Casablanca", timedelta(minutes=30), "monthly", until=date(2022, 12, 31), monthly_by="weekday"
    )
    data = placed_alike(schedule)
    assert b"TZID:Africa/Casablanca" not in data


def test_a_one_off_in_such_a_zone_is_written_in_utc() -> None:
    data, _ = export(Schedule(datetime(2022, 10, 31, 9, 0), "America/Mexico_City", timedelta(hours=1), "once"))
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert event["DTSTART"].dt == datetime(2022, 10, 31, 15, 0, tzinfo=UTC)  # CST: -06
    assert b"TZID:America/Mexico_City" not in data
