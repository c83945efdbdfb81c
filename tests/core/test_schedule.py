from datetime import date, datetime, timedelta

import pytest

from rituals.core.errors import InvalidInput
from rituals.core.models import Schedule
from rituals.core.schedule import (
    any_occurrence_between,
    check_timezone,
    is_holiday,
    occurrences,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_every,
    rrule_for,
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
    [
        ("once", ("once", 1)),
        ("weekly", ("weekly", 1)),
        ("2w", ("weekly", 2)),
        ("3 weeks", ("weekly", 3)),
        ("monthly", ("monthly", 1)),
        ("3m", ("monthly", 3)),
        ("quarterly", ("monthly", 3)),
        ("biweekly", ("weekly", 2)),
    ],
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
    schedule = Schedule(
        datetime(2026, 1, 5, 9), frequency="weekly", interval=2, until=date(2026, 3, 2), exdates=(date(2026, 2, 2),)
    )
    found = [d.date() for d in occurrences(schedule)]
    assert found == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 16), date(2026, 3, 2)]
    assert [d.date() for d in occurrences(schedule, start=date(2026, 2, 1), end=date(2026, 3, 1))] == [
        date(2026, 2, 16)
    ]
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


class OfficeClosed:
    """A holiday calendar passed in: the office's own closing days, whatever the country."""

    def __init__(self, *days: date) -> None:
        self.closed = frozenset(days)

    def days(self, country: str, year: int) -> frozenset[date]:
        return frozenset(d for d in self.closed if d.year == year)


def test_the_holiday_calendar_passed_in_is_the_one_used() -> None:
    skipping = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4, skip_holidays="FR")
    closed = OfficeClosed(date(2026, 12, 18), date(2027, 1, 1))
    # four sessions on Fridays from 18 December: the 18th and New Year's Day are closed, Christmas
    # is not, and the skipped dates do not count (issue 19: --count 4 gives four sessions)
    assert [d.date() for d in occurrences(skipping, holidays=closed)] == [
        date(2026, 12, 25),
        date(2027, 1, 8),
        date(2027, 1, 15),
        date(2027, 1, 22),
    ]
    assert skipped_holidays(skipping, holidays=closed) == [date(2026, 12, 18), date(2027, 1, 1)]
    assert is_holiday(skipping, date(2026, 12, 18), holidays=closed)
    assert not is_holiday(skipping, date(2026, 12, 25), holidays=closed)
    plain = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4)
    assert not is_holiday(plain, date(2026, 12, 18), holidays=closed)  # it skips no country's holidays


@pytest.mark.parametrize(
    ("schedule", "lo", "hi", "expected"),
    [
        # every other Monday from 4 January 2027: the 4th and the 18th, not the 11th
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly", interval=2),
            datetime(2027, 1, 11),
            datetime(2027, 1, 17),
            False,
        ),
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly", interval=2),
            datetime(2027, 1, 11),
            datetime(2027, 1, 18, 10),
            True,
        ),
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly", interval=2),
            datetime(2027, 1, 18, 10),
            datetime(2027, 1, 18, 10),
            True,
        ),
        # three Mondays only (4, 11 and 18 January), or until the 11th
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly", count=3),
            datetime(2027, 1, 19),
            datetime(2027, 3, 1),
            False,
        ),
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly", until=date(2027, 1, 11)),
            datetime(2027, 1, 12),
            datetime(2027, 3, 1),
            False,
        ),
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly", until=date(2027, 1, 11)),
            datetime(2027, 1, 11, 9),
            datetime(2027, 1, 11, 11),
            True,
        ),
        # a one-off, and a window before the start
        (Schedule(datetime(2027, 1, 4, 10)), datetime(2027, 1, 1), datetime(2027, 1, 31), True),
        (Schedule(datetime(2027, 1, 4, 10)), datetime(2027, 1, 5), datetime(2027, 12, 31), False),
        (
            Schedule(datetime(2027, 1, 4, 10), frequency="weekly"),
            datetime(2026, 12, 1),
            datetime(2027, 1, 4, 9, 59),
            False,
        ),
        # the third Friday: 15 January, 19 February 2027
        (
            Schedule(datetime(2027, 1, 15, 12), frequency="monthly", monthly_by="weekday"),
            datetime(2027, 2, 1),
            datetime(2027, 2, 18),
            False,
        ),
        (
            Schedule(datetime(2027, 1, 15, 12), frequency="monthly", monthly_by="weekday"),
            datetime(2027, 2, 1),
            datetime(2027, 2, 19, 12),
            True,
        ),
    ],
)
def test_any_occurrence_between_includes_both_ends(
    schedule: Schedule, lo: datetime, hi: datetime, expected: bool
) -> None:
    assert any_occurrence_between(schedule, lo, hi) is expected


@pytest.mark.parametrize("day", [29, 30, 31])
def test_monthly_on_a_day_some_months_lack(day: int) -> None:
    schedule = Schedule(start=datetime(2027, 1, day, 12), frequency="monthly", count=3)
    february = (datetime(2027, 2, 1), datetime(2027, 2, 28, 23, 59))
    assert not any_occurrence_between(schedule, *february)  # no 29th-31st in February 2027
    assert any_occurrence_between(schedule, datetime(2027, 3, 1), datetime(2027, 3, 31, 23, 59))
    # the months without the day do not count: the third occurrence is in April (or May for the 31st)
    third = datetime(2027, 5 if day == 31 else 4, day, 12)
    assert any_occurrence_between(schedule, third, datetime(2027, 12, 31))
    assert not any_occurrence_between(schedule, third + timedelta(minutes=1), datetime(2027, 12, 31))


def test_until_and_count_never_live_together() -> None:
    from rituals.core.ritual_spec import RitualSpec, build_ritual

    today = date(2026, 11, 23)
    base = {
        "title": "Lunch",
        "kind": "lunch",
        "start": "2027-01-05T12:00",
        "timezone": "Europe/Paris",
        "every": "weekly",
    }
    with pytest.raises(InvalidInput, match="not both"):
        build_ritual(RitualSpec(**base, until="2027-03-01", count=3), today=today)
    counted = build_ritual(RitualSpec(**base, count=3), today=today)
    ended = build_ritual(RitualSpec(until="2027-03-01"), today=today, base=counted)
    assert (ended.schedule.until, ended.schedule.count) == (date(2027, 3, 1), None)
    recounted = build_ritual(RitualSpec(count=4), today=today, base=ended)
    assert (recounted.schedule.until, recounted.schedule.count) == (None, 4)
    # a hand-edited file holding both: the end date wins, as in the invites
    both = Schedule(start=datetime(2027, 1, 5, 12), frequency="weekly", until=date(2027, 3, 1), count=3)
    assert len(list(rrule_for(both))) == 8


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (
            datetime(2026, 8, 27, 12, 30),
            [date(2026, 8, 27), date(2026, 9, 24), date(2026, 10, 22), date(2026, 11, 26)],
        ),  # 4th Thu
        (
            datetime(2026, 10, 30, 16),
            [date(2026, 10, 30), date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)],
        ),  # last Fri
        (
            datetime(2026, 9, 1, 9),
            [date(2026, 9, 1), date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)],
        ),  # 1st Tue
    ],
)
def test_monthly_on_a_weekday_keeps_the_weekday(start: datetime, expected: list[date]) -> None:
    schedule = Schedule(start=start, frequency="monthly", count=4, monthly_by="weekday")
    days = [d.date() for d in occurrences(schedule)]
    assert days == expected and {d.weekday() for d in days} == {start.weekday()}
    assert schedule.describe().startswith("monthly on the " + ("last" if start.day > 28 else ""))
    assert Schedule(start=start, frequency="monthly", count=4).describe().startswith(f"monthly on day {start.day}")


def test_new_monthly_rituals_follow_the_weekday_and_edits_keep_the_choice() -> None:
    from rituals.core.ritual_spec import RitualSpec, build_ritual

    today = date(2026, 11, 23)
    base = {"title": "Lunch", "kind": "lunch", "start": "2026-12-17T12:30", "timezone": "Europe/Paris"}
    new = build_ritual(RitualSpec(**base, every="monthly"), today=today)
    assert new.schedule.monthly_by == "weekday" and new.schedule.describe().startswith("monthly on the 3rd Thursday")
    by_date = build_ritual(RitualSpec(**base, every="monthly", monthly_on="day"), today=today)
    assert by_date.schedule.monthly_by == "day"
    # an edit that does not say keeps what the ritual had; a weekly ritual made monthly follows its weekday
    assert build_ritual(RitualSpec(title="Team lunch"), by_date, today=today).schedule.monthly_by == "day"
    assert build_ritual(RitualSpec(every="2m"), by_date, today=today).schedule.monthly_by == "day"
    weekly = build_ritual(RitualSpec(**base, every="weekly"), today=today)
    assert build_ritual(RitualSpec(every="monthly"), weekly, today=today).schedule.monthly_by == "weekday"
    with pytest.raises(InvalidInput, match="monthly-on"):
        build_ritual(RitualSpec(**base, every="monthly", monthly_on="fortnight"), today=today)
