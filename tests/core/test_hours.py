"""Working hours: the text people type, whose hours apply, and who a time falls outside of.

Expected clocks are counted by hand from the zones' offsets (Paris UTC+1 in winter, New York
UTC-5, Tokyo UTC+9, Lisbon UTC+0; between the US and the EU switches in March, New York is
UTC-4 while Paris is still UTC+1), and `covers` is checked against a minute-by-minute count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.core.errors import InvalidInput
from rituals.core.hours import (
    DEFAULT_HOURS,
    WorkHours,
    canonical_hours,
    city,
    hours_for,
    hours_text_for,
    local_times,
    outside_hours,
    parse_hours,
    zone_country,
)
from rituals.core.models import Person

ASHLEY = Person("ashley@example.org", "Ashley Brooks", "Sales", "New York", "America/New_York")
CAMILLE = Person("camille@example.org", "Camille Laurent", "Design", "Paris", "Europe/Paris")
KENJI = Person("kenji@example.org", "Kenji Sato", "Data", "remote", "Asia/Tokyo")
RUI = Person("rui@example.org", "Rui Costa", "Data", "remote", "Europe/Lisbon")
OFFICE = parse_hours(DEFAULT_HOURS)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Mon-Fri 09:00-18:00", "Mon-Fri 09:00-18:00"),
        ("mon-wed,fri 10-19", "Mon-Wed,Fri 10:00-19:00"),
        ("Mon,Tue,Thu 9-17; Fri 09:00-12:30", "Mon,Tue,Thu 09:00-17:00; Fri 09:00-12:30"),
        ("8:30-16:30", "Mon-Fri 08:30-16:30"),  # times only: Monday to Friday
        ("Tue-Thu", "Tue-Thu 09:00-18:00"),  # days only: the office's day
        ("Monday,Tuesday 7-15", "Mon,Tue 07:00-15:00"),
        ("Sat-Sun 10:00-24:00", "Sat,Sun 10:00-24:00"),
        ("default", ""),
        ("", ""),
    ],
)
def test_hours_are_stored_in_one_canonical_form(typed: str, stored: str) -> None:
    assert canonical_hours(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "Fri-Mon 9-17",
        "Mon 9-17; Mon 10-12",
        "Moon 9-17",
        "9-17 10-12",
        "Mon 18-9",
        "Mon 9:75-17",
        "Mon 25-26",
        "Mon-Fri 09:00-18:00 Sat",
    ],
)
def test_bad_hours_name_what_is_wrong(typed: str) -> None:
    with pytest.raises(InvalidInput, match="bad working hours"):
        parse_hours(typed)


spans = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 24 * 60))
    .filter(lambda s: s[0] < s[1])
    .map(lambda s: (s[0] - s[0] % 15, s[1]))
    .filter(lambda s: s[0] < s[1]),
)


@given(st.lists(spans, min_size=7, max_size=7).filter(lambda days: any(days)))
def test_described_hours_read_back_as_the_same_hours(days: list[tuple[int, int] | None]) -> None:
    hours = WorkHours(tuple(days))
    assert parse_hours(hours.describe()).spans == hours.spans


@given(st.lists(spans, min_size=7, max_size=7), st.integers(0, 6), st.integers(0, 24 * 60 - 1), st.integers(1, 600))
def test_covers_is_a_minute_by_minute_check(
    days: list[tuple[int, int] | None], weekday: int, minute: int, length: int
) -> None:
    hours = WorkHours(tuple(days))
    start = datetime(2027, 3, 1) + timedelta(days=weekday, minutes=minute)  # 1 March 2027 is a Monday
    end = start + timedelta(minutes=length)
    span = days[weekday]
    # every minute of the session lies on the start's day, within that day's span
    expected = span is not None and all(
        (start + timedelta(minutes=m)).date() == start.date() and span[0] <= minute + m < span[1] for m in range(length)
    )
    assert hours.covers(start, end) is expected


def test_the_new_york_colleague_is_outside_her_hours_at_ten_in_paris() -> None:
    people = [(ASHLEY, OFFICE), (CAMILLE, OFFICE), (KENJI, OFFICE), (RUI, OFFICE)]
    # Tuesday 8 December 2026, 10:00-10:30 Paris = 09:00 UTC
    found = outside_hours(people, datetime(2026, 12, 8, 10), "Europe/Paris", timedelta(minutes=30))
    assert [(o.email, o.local) for o in found] == [
        ("ashley@example.org", datetime(2026, 12, 8, 4)),  # 04:00 New York
        ("kenji@example.org", datetime(2026, 12, 8, 18)),  # 18:00-18:30 Tokyo: past the end of the day
    ]
    assert found[0].text(datetime(2026, 12, 8).date()) == "04:00 for Ashley Brooks (New York)"
    # 22 March 2027: New York already on summer time, Paris not yet
    march = outside_hours([(ASHLEY, OFFICE)], datetime(2027, 3, 22, 10), "Europe/Paris", timedelta(minutes=30))
    assert march[0].local == datetime(2027, 3, 22, 5)


def test_a_time_the_next_day_there_names_the_day() -> None:
    found = outside_hours([(KENJI, OFFICE)], datetime(2026, 12, 8, 17), "Europe/Paris", timedelta(hours=1))
    assert found[0].text(datetime(2026, 12, 8).date()) == "Wed 01:00 for Kenji Sato (Tokyo)"


def test_part_time_days_are_outside_on_the_days_off() -> None:
    part_time = parse_hours("Mon,Tue,Thu 09:00-17:00")
    wednesday, thursday = datetime(2026, 12, 9, 10), datetime(2026, 12, 10, 10)
    assert outside_hours([(CAMILLE, part_time)], wednesday, "Europe/Paris", timedelta(minutes=30))
    assert not outside_hours([(CAMILLE, part_time)], thursday, "Europe/Paris", timedelta(minutes=30))


def test_whose_hours_apply() -> None:
    defaults = {
        "team:sales": "Mon-Fri 10:00-19:00",
        "office:new york": "Mon-Fri 08:00-17:00",
        "all": "Mon-Thu 09:00-17:00",
    }
    assert hours_text_for(ASHLEY, defaults) == "Mon-Fri 10:00-19:00"  # the team's first
    assert hours_text_for(ASHLEY, {k: v for k, v in defaults.items() if k != "team:sales"}) == "Mon-Fri 08:00-17:00"
    assert hours_text_for(CAMILLE, defaults) == "Mon-Thu 09:00-17:00"  # everyone's
    assert hours_text_for(CAMILLE, {}) == DEFAULT_HOURS
    own = Person("o@example.org", "O", "Sales", hours="Sat 10:00-12:00")
    assert hours_for(own, defaults).spans[5] == (600, 720)


def test_zones_people_read() -> None:
    assert city("America/New_York") == "New York"
    assert city("America/Argentina/Buenos_Aires") == "Buenos Aires"
    # CLDR's names in French; the zone's last part in English, or where CLDR has none
    assert city("Europe/Lisbon", "fr") == "Lisbonne" and city("Europe/Lisbon", "en") == "Lisbon"
    assert city("America/Sao_Paulo", "fr") == "São Paulo" and city("America/Sao_Paulo", "en") == "Sao Paulo"
    assert city("Etc/No_Such_Zone", "fr") == "No Such Zone"
    assert zone_country("Europe/Paris") == "FR" and zone_country("America/New_York") == "US"
    assert zone_country("UTC") is None
    there = local_times(
        datetime(2026, 12, 8, 10), "Europe/Paris", ["Europe/Paris", "America/New_York", "Europe/Berlin"]
    )
    assert there == [("America/New_York", datetime(2026, 12, 8, 4))]  # Berlin reads the same clock
