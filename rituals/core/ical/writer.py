"""CalendarEvents to RFC 5545 bytes: VCALENDAR, VTIMEZONEs that every parser reads, VEVENTs.

icalendar does the escaping (TEXT, RFC 6868 parameter values) and the 75-octet folding; the
VTIMEZONEs are ours (see ``rituals.core.ical.vtimezone``) because icalendar's own RDATE lists are
misread by vobject and Radicale.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from rituals import __version__
from rituals.core.ical.events import Attendee, CalendarEvent
from rituals.core.ical.vtimezone import vtimezone_lines

UTC = timezone.utc
PRODID = f"-//rituals//rituals {__version__}//EN"
REMINDER = timedelta(minutes=15)
ALL_DAY_REMINDER = timedelta(hours=15)  # 09:00 the day before an all-day event


def to_ics(events: list[CalendarEvent], method: str | None, stamp: datetime) -> bytes:
    """A VCALENDAR with one VTIMEZONE per zone used. ``method`` None for CalDAV storage."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    for tz_lines in _vtimezones(events):
        cal.add_component(icalendar.Timezone.from_ical("\r\n".join(tz_lines)))
    for event in events:
        cal.add_component(_vevent(event, method, stamp))
    return cal.to_ical()


def _vtimezones(events: list[CalendarEvent]) -> list[list[str]]:
    years: dict[str, list[int]] = {}
    for event in events:
        if event.all_day or event.timezone.upper() == "UTC":
            continue
        found = years.setdefault(event.timezone, [])
        found += [event.start.year, event.end.year] + [d.year for d in event.exdates]
        until = re.search(r"UNTIL=(\d{4})", event.rrule)
        found.append(int(until.group(1)) if until else event.start.year + 1)
    return [vtimezone_lines(zone, min(ys), max(ys)) for zone, ys in sorted(years.items())]


def _vevent(event: CalendarEvent, method: str | None, stamp: datetime) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", event.uid)
    ev.add("dtstamp", stamp.astimezone(UTC))
    ev.add("sequence", event.sequence)
    if event.recurrence_id is not None:
        ev.add("recurrence-id", _when(event.recurrence_id, event.timezone))
    ev.add("dtstart", _when(event.start, event.timezone))
    ev.add("dtend", _when(event.end, event.timezone))
    if event.rrule:
        ev.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    for day in event.exdates:
        ev.add("exdate", _when(day, event.timezone))
    ev.add("summary", event.summary)
    if event.description:
        ev.add("description", event.description)
    if event.location:
        ev.add("location", event.location)
    if event.url:
        ev.add("url", event.url)
    ev.add("status", "CANCELLED" if event.cancelled or method == "CANCEL" else "CONFIRMED")
    ev.add("organizer", _address(event.organizer))
    if method != "PUBLISH":  # RFC 5546 3.2.1: a published event has no attendees
        for person in event.attendees:
            address = _address(person)
            address.params.update(
                {"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
            )
            ev.add("attendee", address)
    if not event.cancelled and method != "CANCEL":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Reminder: {event.summary}")
        alarm.add("trigger", -(ALL_DAY_REMINDER if event.all_day else REMINDER))
        ev.add_component(alarm)
    return ev


def _when(value: datetime | date, zone: str) -> datetime | date:
    if not isinstance(value, datetime):
        return value
    if zone.upper() == "UTC":
        return value.replace(tzinfo=UTC)
    return value.replace(tzinfo=ZoneInfo(zone))


def _address(who: Attendee) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{who.email}")
    if who.name:
        address.params["CN"] = who.name
    return address
