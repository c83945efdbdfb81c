from datetime import date, datetime, timedelta

import pytest

from rituals.core.errors import InvalidInput
from rituals.core.models import Schedule
from rituals.core.schedule import (
    check_timezone,
    occurrences,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_every,
    skipped_holidays,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45m", 45), ("45", 45), ("1h30", 90), ("1h30m", 90), ("2h", 120), ("90 min", 90), ("1 h 15", 75)],
)
def test_durations_people_type(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "abc", "1.5h", "0m", "4m", "25h", "-5m", "h"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("once", ("once", 1)), ("weekly", ("weekly", 1)), ("2w", ("weekly", 2)), ("3 weeks", ("weekly", 3)),
     ("monthly", ("monthly", 1)), ("3m", ("monthly", 3)), ("quarterly", ("monthly", 3)), ("biweekly", ("weekly", 2))],
)
def test_recurrences(text: str, expected: tuple[str, int]) -> None:
    assert parse_every(text) == expected


@pytest.mark.parametrize("text", ["daily", "0w", "99w", "every"])
def test_bad_recurrences_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_every(text)


def test_dates_and_zones() -> None:
    assert parse_date("2026-12-03") == date(2026, 12, 3)
    assert parse_datetime("2026-12-03T12:30") == datetime(2026, 12, 3, 12, 30)
    assert check_timezone("Europe/Paris") == "Europe/Paris"
    for bad in ("03/12/2026", "tomorrow", "9999-12-31", "0001-01-01"):
        with pytest.raises(InvalidInput):
            parse_date(bad)
    with pytest.raises(InvalidInput):
        parse_datetime("2026-12-03T12:30+01:00")
    with pytest.raises(InvalidInput, match="between"):
        parse_datetime("9999-12-31T23:00")
    with pytest.raises(InvalidInput):
        check_timezone("Europe/Atlantis")


def test_weekly_occurrences_keep_wall_clock_time_across_dst() -> None:
    schedule = Schedule(datetime(2026, 10, 20, 10, 0), "Europe/Paris", frequency="weekly")
    found = occurrences(schedule, limit=3)
    assert found == [datetime(2026, 10, 20, 10), datetime(2026, 10, 27, 10), datetime(2026, 11, 3, 10)]


def test_window_until_count_and_exdates() -> None:
    schedule = Schedule(datetime(2026, 1, 5, 9), frequency="weekly", interval=2, until=date(2026, 3, 2),
                        exdates=(date(2026, 2, 2),))
    found = [d.date() for d in occurrences(schedule)]
    assert found == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 16), date(2026, 3, 2)]
    assert [d.date() for d in occurrences(schedule, start=date(2026, 2, 1), end=date(2026, 3, 1))] == [date(2026, 2, 16)]
    counted = Schedule(datetime(2026, 1, 31, 9), frequency="monthly", count=3)
    # dateutil skips months without a 31st, as RFC 5545 says
    assert [d.date() for d in occurrences(counted)] == [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]


def test_public_holidays_are_skipped_when_asked() -> None:
    # 2026-12-25 (Christmas) and 2027-01-01 fall on Fridays
    base = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4)
    plain = [d.date() for d in occurrences(base)]
    assert date(2026, 12, 25) in plain
    skipping = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4, skip_holidays="FR")
    days = [d.date() for d in occurrences(skipping)]
    assert date(2026, 12, 25) not in days and date(2027, 1, 1) not in days
    assert skipped_holidays(skipping) == [date(2026, 12, 25), date(2027, 1, 1)]
