"""The pure .ics builder: events from rituals, escaping, time zones, iTIP shapes.

Interoperability with other parsers (vobject, ical, khal, Radicale) is checked in
tests/test_export.py; here we read the output back with icalendar and dateutil.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import tz as dateutil_tz

from rituals.core.errors import InvalidInput
from rituals.core.ical.events import (
    Attendee,
    clean_line,
    event_uid,
    ritual_events,
    series_rule,
)
from rituals.core.ical.messages import scheduling_messages
from rituals.core.ical.vtimezone import vtimezone_lines
from rituals.core.ical.writer import to_ics
from rituals.core.models import Audience, Feedback, Grouping, Person, Ritual, Schedule, Session

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ORG = Attendee("lea@example.org", "Léa")
ZOE = Person("zoe@example.org", 'Zoë "Z" O\'Neil, Jr.; QA')
EVIL = Person("eve@example.org", "Eve\r\nATTENDEE:mailto:intruder@example.org\nX")
LI = Person("li@example.org", "李雷")
PEOPLE = {p.email: p for p in (ZOE, EVIL, LI)}


def weekly(**changes) -> Ritual:
    schedule = Schedule(
        datetime(2027, 3, 1, 10, 0), "Europe/Paris", timedelta(minutes=30), "weekly", until=date(2027, 11, 29)
    )
    fields = dict(id="circle", title="Circle", kind="gratitude-circle", schedule=schedule, organizer=ORG.email)
    fields.update(changes)
    return Ritual(**fields)


def rotating() -> Ritual:
    return weekly(id="coffee", grouping=Grouping(size=2), video_link="https://meet.example.org/x")


def session(day: date, hour: int = 10, **changes) -> Session:
    fields = dict(
        ritual_id="coffee",
        start=datetime.combine(day, datetime.min.time()).replace(hour=hour),
        groups=((ZOE.email, EVIL.email), (LI.email,)),
        explanations=("never met", "solo"),
    )
    fields.update(changes)
    return Session(**fields)


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events_of(ritual, sessions=(), audience=()):
    return ritual_events(ritual, sessions, PEOPLE, audience, ORG, date(2027, 1, 1), date(2028, 1, 1))


# --------------------------------------------------------------------------- time zones
@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Paris",
        "America/New_York",
        "Australia/Sydney",
        "Europe/Dublin",
        "Africa/Casablanca",
        "Asia/Kolkata",
        "America/Sao_Paulo",
    ],
)
def test_vtimezone_agrees_with_iana_every_six_hours(zone):
    text = "\r\n".join(vtimezone_lines(zone, 2027, 2028)) + "\r\n"
    parsed = dateutil_tz.tzical(io.StringIO(text)).get()
    iana = ZoneInfo(zone)
    moment = datetime(2027, 1, 1, tzinfo=UTC)
    while moment < datetime(2029, 1, 1, tzinfo=UTC):
        local = moment.astimezone(iana)
        assert parsed.utcoffset(local.replace(tzinfo=None)) == local.utcoffset(), local
        moment += timedelta(hours=6)


def test_vtimezone_uses_yearly_rules_and_never_rdate_lists():
    paris = vtimezone_lines("Europe/Paris", 2027, 2030)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in paris
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in paris
    assert sum(line.startswith("BEGIN:") for line in paris) == 3  # VTIMEZONE + 2 observances
    # Casablanca's Ramadan changes fit no yearly rule: one plain observance per change
    morocco = vtimezone_lines("Africa/Casablanca", 2027, 2027)
    assert not any(line.startswith(("RDATE", "RRULE")) for line in morocco)
    assert sum(line == "BEGIN:STANDARD" for line in morocco) >= 2


def test_one_vtimezone_per_zone_used():
    ny = weekly(id="ny", schedule=Schedule(datetime(2027, 1, 15, 12, 30), "America/New_York", frequency="monthly"))
    cal = parse(to_ics(events_of(weekly()) + events_of(ny) + events_of(weekly(id="other")), "PUBLISH", STAMP))
    assert sorted(str(t["TZID"]) for t in cal.walk("VTIMEZONE")) == ["America/New_York", "Europe/Paris"]


def test_recurring_event_keeps_wall_clock_time_across_daylight_saving():
    import recurring_ical_events

    cal = parse(to_ics(events_of(weekly()), "PUBLISH", STAMP))
    found = recurring_ical_events.of(cal).between(datetime(2027, 3, 20), datetime(2027, 11, 10))
    starts = [o["DTSTART"].dt for o in found]
    assert {(s.hour, s.minute) for s in starts} == {(10, 0)}
    assert {s.utcoffset() for s in starts} == {timedelta(hours=1), timedelta(hours=2)}


def test_until_is_utc_and_unknown_zone_is_refused():
    assert series_rule(weekly()) == "FREQ=WEEKLY;UNTIL=20271129T225959Z"
    with pytest.raises(InvalidInput, match="Mars/Olympus"):
        events_of(weekly(schedule=Schedule(datetime(2027, 3, 1, 10), "Mars/Olympus", frequency="weekly")))


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        (datetime(2027, 1, 28, 12, 30), "FREQ=MONTHLY;BYDAY=4TH"),
        (datetime(2027, 1, 29, 12, 30), "FREQ=MONTHLY;BYDAY=-1FR"),  # the 5th Friday: the last one
    ],
)
def test_monthly_on_a_weekday_is_the_same_weekday_in_every_calendar(start: datetime, rule: str) -> None:
    import recurring_ical_events

    from rituals.core.schedule import occurrences

    schedule = Schedule(start, "Europe/Paris", timedelta(hours=1), "monthly", monthly_by="weekday")
    ritual = weekly(schedule=schedule)
    assert series_rule(ritual) == rule
    cal = parse(to_ics(events_of(ritual), "PUBLISH", STAMP))
    found = recurring_ical_events.of(cal).between(datetime(2027, 1, 1), datetime(2028, 1, 1))
    ours = occurrences(schedule, end=datetime(2028, 1, 1))
    assert [o["DTSTART"].dt.replace(tzinfo=None) for o in found] == ours
    assert len(ours) == 12 and {d.weekday() for d in ours} == {start.weekday()}


# --------------------------------------------------------------------------- shapes
def test_series_skips_holidays_hand_skipped_dates_and_cancelled_sessions():
    ritual = weekly(
        schedule=Schedule(
            datetime(2027, 3, 1, 10),
            "Europe/Paris",
            frequency="weekly",
            until=date(2027, 12, 31),
            skip_holidays="FR",
            exdates=(date(2027, 8, 9),),
        )
    )
    cancelled = Session("circle", datetime(2027, 6, 7, 10), status="cancelled")
    cal = parse(to_ics(events_of(ritual, [cancelled]), "PUBLISH", STAMP))
    skipped = {d.dt.date() for lst in cal.walk("VEVENT")[0].get("EXDATE") for d in lst.dts}
    # Easter Monday, Whit Monday and All Saints' Day 2027 are Mondays
    assert skipped == {date(2027, 3, 29), date(2027, 5, 17), date(2027, 11, 1), date(2027, 8, 9), date(2027, 6, 7)}


def test_the_holiday_calendar_passed_in_gives_the_exdates():
    ritual = weekly(
        schedule=Schedule(
            datetime(2027, 3, 1, 10), "Europe/Paris", frequency="weekly", until=date(2027, 12, 31), skip_holidays="FR"
        )
    )

    class OfficeClosed:
        def days(self, country: str, year: int) -> frozenset[date]:
            return frozenset({date(2027, 4, 12), date(2027, 4, 14)})  # a Monday, and a Wednesday

    events = ritual_events(ritual, [], PEOPLE, [LI.email], ORG, end=date(2028, 1, 1), holidays=OfficeClosed())
    assert events[0].exdates == (datetime(2027, 4, 12, 10),)  # the Wednesday is no date of the rule


def test_moved_session_of_a_series_becomes_an_override():
    moved = Session("circle", datetime(2027, 6, 14, 11, 30))
    events = events_of(weekly(), [moved])
    assert [e.recurrence_id for e in events] == [None, datetime(2027, 6, 14, 10, 0)]
    assert events[1].start == datetime(2027, 6, 14, 11, 30) and events[1].uid == events[0].uid


def test_rotating_ritual_is_one_event_per_group_with_stable_uids():
    first = events_of(rotating(), [session(date(2027, 3, 22))])
    again = events_of(rotating(), [session(date(2027, 3, 22), hour=11)])
    assert (
        [e.uid for e in first]
        == [e.uid for e in again]
        == [event_uid("coffee", date(2027, 3, 22), 1), event_uid("coffee", date(2027, 3, 22), 2)]
    )
    assert [e.name for e in first] == ["coffee-2027-03-22-g1", "coffee-2027-03-22-g2"]
    other_day = events_of(rotating(), [session(date(2027, 3, 29))])
    assert {e.uid[:13] for e in first}.isdisjoint(e.uid[:13] for e in other_day)
    assert [len(e.attendees) for e in first] == [2, 1]
    assert first[0].fingerprint() != again[0].fingerprint()
    # the engine's reasons stay out of the invite: each attendee's copy says who they meet
    assert "never met" not in first[0].description.split("\n")[0]
    zoe = next(p for p in first[0].personal if p.email == ZOE.email)
    assert zoe.description.startswith("You are meeting Eve ATTENDEE:mailto:intruder@example.org X: you have never met")
    assert "\r" not in zoe.description


def test_fingerprint_ignores_wording_but_not_place_or_people():
    base = events_of(weekly(), audience=[ZOE.email])[0]
    assert events_of(weekly(title="New name"), audience=[ZOE.email])[0].fingerprint() == base.fingerprint()
    assert events_of(weekly(location="Room 2"), audience=[ZOE.email])[0].fingerprint() != base.fingerprint()
    assert events_of(weekly(), audience=[ZOE.email, LI.email])[0].fingerprint() != base.fingerprint()


def test_all_day_event_uses_dates_and_an_exclusive_end():
    ritual = weekly(schedule=Schedule(datetime(2027, 6, 11), "Europe/Paris", timedelta(days=1), "once", all_day=True))
    cal = parse(to_ics(events_of(ritual), "PUBLISH", STAMP))
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].dt == date(2027, 6, 11) and event["DTEND"].dt == date(2027, 6, 12)
    assert "RRULE" not in event and not cal.walk("VTIMEZONE")
    assert b"DTSTART;VALUE=DATE:20270611" in to_ics(events_of(ritual), "PUBLISH", STAMP)


def test_publish_has_no_attendees_and_request_is_one_uid_per_message():
    events = events_of(rotating(), [session(date(2027, 3, 22)), session(date(2027, 3, 29), status="cancelled")])
    published = parse(to_ics(events, "PUBLISH", STAMP)).walk("VEVENT")
    assert len(published) == 4 and not any("ATTENDEE" in e for e in published)
    messages = scheduling_messages(events, "REQUEST")
    assert [(m, len({e.uid for e in group})) for m, group in messages] == [
        ("REQUEST", 1),
        ("REQUEST", 1),
        ("CANCEL", 1),
        ("CANCEL", 1),
    ]
    cancel = parse(to_ics(messages[2][1], "CANCEL", STAMP)).walk("VEVENT")[0]
    assert str(cancel["STATUS"]) == "CANCELLED" and not cancel.walk("VALARM")
    request = parse(to_ics(messages[0][1], "REQUEST", STAMP)).walk("VEVENT")[0]
    attendee = request["ATTENDEE"][0]
    wanted = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    assert {k: attendee.params.get(k) for k in wanted} == wanted
    assert request["DTSTAMP"].dt == STAMP and request.walk("VALARM")


# --------------------------------------------------------------------------- text safety
def test_names_with_quotes_commas_and_semicolons_round_trip():
    data = to_ics(events_of(rotating(), [session(date(2027, 3, 22))])[:1], "REQUEST", STAMP)
    attendees = parse(data).walk("VEVENT")[0]["ATTENDEE"]
    assert attendees[0].params["CN"] == ZOE.name
    assert 'Zoë "Z" O\'Neil, Jr.; QA' in str(parse(data).walk("VEVENT")[0]["DESCRIPTION"])


def test_crlf_in_a_name_cannot_inject_a_property():
    data = to_ics(events_of(rotating(), [session(date(2027, 3, 22))])[:1], "REQUEST", STAMP)
    event = parse(data).walk("VEVENT")[0]
    assert sorted(str(a) for a in event["ATTENDEE"]) == ["mailto:eve@example.org", "mailto:zoe@example.org"]
    # shown on one line in every client, not only in those that decode RFC 6868 ^n
    assert event["ATTENDEE"][1].params["CN"] == "Eve ATTENDEE:mailto:intruder@example.org X"
    unfolded = data.replace(b"\r\n ", b"")
    assert not any(line.startswith(b"ATTENDEE:") or line.startswith(b"X") for line in unfolded.split(b"\r\n"))
    assert b"\r\n" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    assert clean_line("a\r\nb\x00c\u2028d") == "a b c d"


def test_summary_with_newline_and_emoji_stays_one_property():
    data = to_ics(events_of(weekly(title="Tea ☕,\r\nDESCRIPTION:hacked")), "PUBLISH", STAMP)
    event = parse(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Tea ☕, DESCRIPTION:hacked" and "DESCRIPTION" not in event


def test_feedback_notes_are_never_exported():
    secret = "secret feedback words"
    held = session(date(2027, 3, 22), status="held", note=secret, feedback=(Feedback(ZOE.email, 2, secret),))
    data = to_ics(events_of(rotating(), [held]), "REQUEST", STAMP)
    assert b"secret" not in data


def test_addresses_that_are_not_emails_are_left_out():
    odd = {"bad": Person("bad", "No address"), **PEOPLE}
    events = ritual_events(weekly(), [], odd, ["bad", ZOE.email], ORG)
    assert [a.email for a in events[0].attendees] == [ZOE.email]


def test_audience_excludes_everyone_else():
    ritual = weekly(audience=Audience("people", (LI.email,)))
    events = ritual_events(ritual, [], PEOPLE, [LI.email], ORG)
    assert [a.email for a in events[0].attendees] == [LI.email]
