"""Company closures and skipped dates: what a schedule's dates become, and how a calendar reads them.

Expected dates are counted by hand on a calendar of December 2026 and January 2027 (Friday 25
December and Friday 1 January are public holidays in France); the exported series is read back
by recurring-ical-events, a reader of its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import recurring_ical_events

from rituals.core.closures import Closure
from rituals.core.ical.events import Attendee, ritual_events
from rituals.core.ical.writer import to_ics
from rituals.core.models import Ritual, Schedule
from rituals.core.schedule import holiday_warning, occurrences, planned_dates

XMAS = Closure("christmas-week", date(2026, 12, 24), date(2027, 1, 1), "Christmas week")
ORG = Attendee("lea@example.org", "Léa")


def fridays(**changes: object) -> Schedule:
    base = dict(start=datetime(2026, 12, 18, 12), timezone="Europe/Paris", frequency="weekly", count=4)
    return Schedule(**{**base, **changes})  # type: ignore[arg-type]


def days(found: list[datetime]) -> list[date]:
    return [d.date() for d in found]


def test_count_four_with_two_holidays_gives_four_sessions() -> None:
    # 18 Dec, (25 Dec: Christmas), (1 Jan: New Year), 8 Jan, 15 Jan
    assert days(occurrences(fridays(skip_holidays="FR"))) == [
        date(2026, 12, 18),
        date(2027, 1, 8),
        date(2027, 1, 15),
        date(2027, 1, 22),
    ]
    # a date skipped by hand is one of the four (as a calendar's COUNT counts it)
    assert days(occurrences(fridays(exdates=(date(2026, 12, 25),)))) == [
        date(2026, 12, 18),
        date(2027, 1, 1),
        date(2027, 1, 8),
    ]


def test_a_closure_skips_every_ritual_and_does_not_count() -> None:
    assert days(occurrences(fridays(), closures=[XMAS])) == [
        date(2026, 12, 18),
        date(2027, 1, 8),
        date(2027, 1, 15),
        date(2027, 1, 22),
    ]
    reasons = [(p.due.date(), p.why) for p in planned_dates(fridays(), closures=[XMAS]) if p.why]
    assert reasons == [(date(2026, 12, 25), "closed: Christmas week"), (date(2027, 1, 1), "closed: Christmas week")]


def test_a_date_moves_to_the_next_working_day() -> None:
    # Tuesdays: 29 December is closed; 30, 31 Dec and 1 Jan too, then a weekend: Monday 4 January
    tuesdays = Schedule(datetime(2026, 12, 22, 10), "Europe/Paris", frequency="weekly", count=3, on_closed="move")
    assert occurrences(tuesdays, closures=[XMAS]) == [
        datetime(2026, 12, 22, 10),
        datetime(2027, 1, 4, 10),
        datetime(2027, 1, 5, 10),
    ]
    # Fridays on a French holiday: 25 Dec moves to Monday 28 Dec, 1 Jan to Monday 4 Jan
    moved = occurrences(fridays(skip_holidays="FR", on_closed="move"))
    assert days(moved) == [date(2026, 12, 18), date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 8)]


def test_a_date_that_cannot_move_before_the_next_one_is_skipped() -> None:
    fortnight = Closure("long", date(2026, 12, 21), date(2027, 1, 4), "two weeks")
    tuesdays = Schedule(datetime(2026, 12, 15, 10), "Europe/Paris", frequency="weekly", count=3, on_closed="move")
    plan = list(planned_dates(tuesdays, closures=[fortnight]))
    # every working day from 23 Dec to 4 Jan is closed: 22 Dec finds none before the 29th, and
    # 29 Dec none before Tuesday 5 January, which is a date of its own
    assert [(p.due.date(), p.start) for p in plan[:3]] == [
        (date(2026, 12, 15), datetime(2026, 12, 15, 10)),
        (date(2026, 12, 22), None),
        (date(2026, 12, 29), None),
    ]
    assert plan[1].why == "closed: two weeks; no working day before the next date"
    assert days(occurrences(tuesdays, closures=[fortnight])) == [
        date(2026, 12, 15),
        date(2027, 1, 5),
        date(2027, 1, 12),
    ]


def exported_starts(ritual: Ritual, closures: list[Closure]) -> list[datetime]:
    events = ritual_events(
        ritual, [], {}, ["zoe@example.org"], ORG, date(2026, 12, 1), date(2027, 6, 1), closures=closures
    )
    calendar = icalendar.Calendar.from_ical(to_ics(events, "PUBLISH", datetime(2026, 11, 23, tzinfo=UTC)))
    found = recurring_ical_events.of(calendar).between(datetime(2026, 12, 1), datetime(2027, 6, 1))
    return sorted(e["DTSTART"].dt.replace(tzinfo=None) for e in found)


def test_a_calendar_sees_the_same_sessions() -> None:
    lunch = Ritual("lunch", "Lunch", "lunch", fridays(skip_holidays="FR"))
    assert exported_starts(lunch, []) == [
        datetime(2026, 12, 18, 12),
        datetime(2027, 1, 8, 12),
        datetime(2027, 1, 15, 12),
        datetime(2027, 1, 22, 12),
    ]
    moving = Ritual(
        "coffee",
        "Coffee",
        "coffee-chat",
        Schedule(
            datetime(2026, 12, 22, 10), "Europe/Paris", timedelta(minutes=30), "weekly", count=3, on_closed="move"
        ),
    )
    assert exported_starts(moving, [XMAS]) == [
        datetime(2026, 12, 22, 10),
        datetime(2027, 1, 4, 10),
        datetime(2027, 1, 5, 10),
    ]


def test_a_counted_series_with_nothing_skipped_keeps_its_count() -> None:
    events = ritual_events(Ritual("lunch", "Lunch", "lunch", fridays()), [], {}, [], ORG)
    assert events[0].rrule == "FREQ=WEEKLY;COUNT=4"


def test_a_first_date_on_a_holiday_warns() -> None:
    christmas = Schedule(datetime(2026, 12, 25, 10), "Europe/Paris", frequency="weekly")
    assert holiday_warning(christmas) == [
        "the first date, Fri 25 Dec 2026, is a public holiday in FR (Christmas Day); "
        "add --skip-holidays FR to skip the holidays of FR"
    ]
    skipping = Schedule(datetime(2026, 12, 25, 10), "Europe/Paris", frequency="weekly", skip_holidays="FR")
    assert holiday_warning(skipping) == [
        "the first date, Fri 25 Dec 2026, is a public holiday in FR (Christmas Day): it is skipped, "
        "the first session is Fri 08 Jan 2027"
    ]
    assert holiday_warning(Schedule(datetime(2026, 12, 22, 10), "Europe/Paris")) == []
