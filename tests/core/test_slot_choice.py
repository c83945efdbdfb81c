"""The slot search on small hand-made cases: windows, earliest and best-spread, why none, the
options offered, and a regrouped session keeping the time of a group it keeps.

Times are in UTC on Tuesday 1 December 2026; both people work 09:00-18:00 in UTC ("Etc/UTC"
reads the same clock), so every expected start is counted by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rituals.core.errors import InvalidInput
from rituals.core.hours import parse_hours
from rituals.core.models import Session, Slot, regrouped
from rituals.core.slots import BUSY, OUTSIDE, availability, candidates, choose, merge, parse_window, window_days

UTC = UTC
DAY = date(2026, 12, 1)
OFFICE = parse_hours("Mon-Fri 09:00-18:00")
HALF = timedelta(minutes=30)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def person(name: str, *busy: tuple[datetime, datetime], hours: str = "Mon-Fri 09:00-18:00"):
    return availability(
        f"{name}@x.org", name, "UTC", parse_hours(hours), [DAY - timedelta(1), DAY, DAY + timedelta(1)], busy
    )


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("week 10:00-16:00", ("week", "10:00", "16:00", None)),
        ("day 9-12 spread", ("day", "09:00", "12:00", "spread")),
        ("3d 08:30-17:45 earliest", ("3d", "08:30", "17:45", "earliest")),
        ("Week  10 - 24", ("week", "10:00", "24:00", None)),
    ],
)
def test_windows(text: str, read: tuple) -> None:
    assert parse_window(text) == read


@pytest.mark.parametrize("text", ["fortnight 10-16", "week 16-10", "week 10:75-16", "20d 10-16", "week", "0d 10-12"])
def test_bad_windows(text: str) -> None:
    with pytest.raises(InvalidInput, match="bad window"):
        parse_window(text)


def test_window_days_and_candidates() -> None:
    assert window_days(Slot("week"), DAY) == [date(2026, 11, 30) + timedelta(n) for n in range(7)]  # Monday to Sunday
    assert window_days(Slot("3d"), DAY) == [DAY, date(2026, 12, 2), date(2026, 12, 3)]
    starts = candidates(Slot("day", "10:00", "11:00"), [DAY], "UTC", HALF)
    assert starts == [at(10), at(10, 15), at(10, 30)]  # 10:45 would end past 11:00
    # in Paris (UTC+1) the same window starts an hour earlier in UTC; none before "now"
    assert candidates(Slot("day", "10:00", "11:00"), [DAY], "Europe/Paris", HALF, not_before=at(9, 10)) == [
        at(9, 15),
        at(9, 30),
    ]


def test_earliest_and_spread() -> None:
    ana = person("Ana", (at(9), at(10)), (at(12), at(13, 30)))
    bo = person("Bo", (at(10, 30), at(11)))
    starts = candidates(Slot("day", "09:00", "18:00"), [DAY], "UTC", HALF)
    assert choose([ana, bo], starts, HALF).start == at(10)  # 09:00-10:00 Ana, 10:30-11:00 Bo
    # the most room: a start s after 13:30 leaves Ana s - 13:30 before and 18:00 - (s + 30 min)
    # after, Bo more before; the least of the two is largest at s = 15:30 (two hours each side)
    assert choose([ana, bo], starts, HALF, "spread").start == at(15, 30)
    assert merge([(at(9), at(10)), (at(10), at(11)), (at(12), at(12))]) == ((at(9), at(11)),)


def test_why_none_and_the_options() -> None:
    ana = person("Ana", (at(9), at(18)))
    bo = person("Bo")
    starts = candidates(Slot("day", "10:00", "12:00"), [DAY], "UTC", HALF)
    later = candidates(Slot("day", "10:00", "12:00"), [DAY + timedelta(1)], "UTC", HALF)
    choice = choose([ana, bo], starts, HALF, later=later)
    assert choice.start is None
    assert choice.why == "their working hours meet at 7 starts of the window, but someone is busy at each"
    assert [(o.start, o.unavailable) for o in choice.options] == [
        (at(10), (("Ana", BUSY),)),
        (at(10, 15), (("Ana", BUSY),)),
        (at(10, 30), (("Ana", BUSY),)),
        (at(10, day=DAY + timedelta(1)), ()),  # the next window, when everyone is free
    ]
    night = person("Cy", hours="Mon-Fri 20:00-23:00")
    none = choose([bo, night], starts, HALF)
    assert none.why == "no time of the window is within the working hours of Cy"
    assert none.options[0].unavailable == (("Cy", OUTSIDE),)
    assert choose([bo], [], HALF).why == "no time of the window is left"


def test_a_public_holiday_is_off() -> None:
    off = availability("a@x.org", "Ana", "UTC", OFFICE, [DAY], [], holidays=[DAY])
    assert off.obstacle(at(10), at(10, 30)) == "on a public holiday"


def test_a_group_kept_by_a_repair_keeps_its_time() -> None:
    session = Session(
        "coffee",
        datetime(2026, 12, 1, 10),
        (("a", "b"), ("c", "d")),
        group_times=((1, datetime(2026, 12, 1, 15)), (2, datetime(2026, 12, 2, 9))),
    )
    # group 2 keeps c (its number and its time); a group of people from no old group is new
    repaired = regrouped(session, (("a", "b", "e"), ("c", "f")))
    assert repaired.numbers() == (1, 2)
    assert repaired.group_times == ((1, datetime(2026, 12, 1, 15)), (2, datetime(2026, 12, 2, 9)))
    fresh = regrouped(session, (("a", "b", "c"), ("e", "f")))  # d's group lost c and d: e and f are a new group
    assert fresh.numbers() == (1, 3)
    assert fresh.group_times == ((1, datetime(2026, 12, 1, 15)),)
    assert fresh.group_start(1) == datetime(2026, 12, 1, 15) and fresh.group_start(3) == session.start
