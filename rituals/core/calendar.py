"""Turning rituals and sessions into iCalendar events, and events into .ics bytes.

Two shapes, as the invite issue asks:
- a ritual everyone attends together (no rotation) is one recurring VEVENT: RRULE, EXDATE for
  skipped holidays, hand-skipped dates and cancelled sessions, and a RECURRENCE-ID override for
  a session held at another time that day;
- a rotating ritual is one VEVENT per session per group, so each invite lists only that group.

UIDs come from the ritual, the session date and the group index, never from a counter, so a
re-export updates the invites people already have instead of duplicating them. SEQUENCE is not
decided here: the caller compares ``fingerprint()`` with what it exported last time.
Feedback notes and ratings are private and never reach an event.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from rituals import __version__
from rituals.core.models import Person, Ritual, Session
from rituals.core.schedule import check_timezone, rrule_for, skipped_holidays
from rituals.core.vtimezone import vtimezone_lines

UTC = timezone.utc
PRODID = f"-//rituals//rituals {__version__}//EN"
METHODS = ("PUBLISH", "REQUEST", "CANCEL")
REMINDER = timedelta(minutes=15)
ALL_DAY_REMINDER = timedelta(hours=15)  # 09:00 the day before an all-day event
_EMAIL = re.compile(r"^[^\s@,;:\"<>\\()\[\]]+@[^\s@,;:\"<>\\()\[\]]+$")
_URL = re.compile(r"^https?://[^\s\"<>\\]+$")


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. Times are naive wall-clock in ``timezone``; all-day events use dates."""

    uid: str
    ritual_id: str
    summary: str
    start: datetime | date
    end: datetime | date
    timezone: str
    organizer: Attendee
    attendees: tuple[Attendee, ...] = ()
    description: str = ""
    location: str = ""
    url: str = ""
    rrule: str = ""  # the RRULE value, e.g. "FREQ=WEEKLY;UNTIL=20270101T225959Z"
    exdates: tuple[datetime | date, ...] = ()
    recurrence_id: datetime | date | None = None
    cancelled: bool = False
    sequence: int = 0

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def fingerprint(self) -> str:
        """What makes an update significant: time, place, recurrence, status, attendees."""
        facts = [
            str(self.start), str(self.end), self.timezone, self.rrule,
            sorted(str(d) for d in self.exdates), str(self.recurrence_id),
            self.cancelled, self.location, self.url, sorted(a.email for a in self.attendees),
        ]
        return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- text hygiene
def clean_line(text: str) -> str:
    """One line of text: control characters (CR, LF, tabs, NUL...) become single spaces."""
    return " ".join(_without_controls(text, keep_newlines=False).split())


def clean_text(text: str) -> str:
    """Multi-line text: newlines normalised to LF, every other control character dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _without_controls(text, keep_newlines=True).strip()


def _without_controls(text: str, keep_newlines: bool) -> str:
    # a CR/LF or other control in a name would end the content line and start a new property
    out = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def attendee_of(person: Person | None, email: str) -> Attendee | None:
    """An attendee with a usable address, or None for an address that is not an e-mail."""
    address = clean_line(email).lower()
    if not _EMAIL.match(address):
        return None
    return Attendee(address, clean_line(person.name) if person else "")


# --------------------------------------------------------------------------- events
def ritual_events(
    ritual: Ritual,
    sessions: Iterable[Session],
    people: Mapping[str, Person],
    audience: Iterable[str],
    organizer: Attendee,
    start: date | None = None,
    end: date | None = None,
) -> list[CalendarEvent]:
    """The events of one ritual.

    ``start``/``end`` pick the sessions of a rotating ritual; for a series, ``end`` bounds the
    holidays looked up (an open-ended rule would otherwise list decades of EXDATEs).
    """
    check_timezone(ritual.schedule.timezone)
    mine = sorted((s for s in sessions if s.ritual_id == ritual.id), key=lambda s: s.start)
    if ritual.grouping.rotates:
        picked = [s for s in mine if (start is None or s.day >= start) and (end is None or s.day < end)]
        return [e for s in picked for e in session_events(ritual, s, people, organizer)]
    return series_events(ritual, mine, people, audience, organizer, end)


def series_events(
    ritual: Ritual,
    sessions: list[Session],
    people: Mapping[str, Person],
    audience: Iterable[str],
    organizer: Attendee,
    horizon: date | None = None,
) -> list[CalendarEvent]:
    """One recurring VEVENT for the whole audience, plus overrides for moved sessions."""
    schedule = ritual.schedule
    attendees = _attendees(audience, people)
    rule_times = {when.date(): when for when in rrule_for(schedule)}
    skipped = set(skipped_holidays(schedule, end=horizon)) | {d for d in schedule.exdates if d in rule_times}
    moved: list[Session] = []
    for session in sessions:
        planned = rule_times.get(session.day)
        if planned is None:
            continue
        if session.status == "cancelled":
            skipped.add(session.day)
        elif session.start != planned and not schedule.all_day:
            moved.append(session)
    uid = f"{ritual.id}@rituals"
    master = _event(
        ritual, uid, schedule.start, organizer, attendees, ritual.description,
        rrule=series_rule(ritual), cancelled=ritual.status == "cancelled",
    )
    master = replace(master, exdates=tuple(_local(rule_times[d], schedule.all_day) for d in sorted(skipped)))
    overrides = [
        replace(
            _event(ritual, uid, s.start, organizer, attendees, ritual.description),
            recurrence_id=rule_times[s.day],
        )
        for s in moved
    ]
    return [master, *overrides]


def session_events(
    ritual: Ritual, session: Session, people: Mapping[str, Person], organizer: Attendee
) -> list[CalendarEvent]:
    """One VEVENT per group of a rotating ritual's session."""
    events = []
    for index, group in enumerate(session.groups, start=1):
        names = [clean_line(people[e].name) if e in people else e for e in group]
        lines = [f"Your group: {', '.join(names)}"]
        if index <= len(session.explanations) and session.explanations[index - 1]:
            lines.append(f"Why this group: {session.explanations[index - 1]}")
        if ritual.description:
            lines += ["", ritual.description]
        uid = f"{ritual.id}-{session.day:%Y%m%d}-g{index}@rituals"
        cancelled = session.status == "cancelled" or ritual.status == "cancelled"
        events.append(
            _event(ritual, uid, session.start, organizer, _attendees(group, people), "\n".join(lines),
                   cancelled=cancelled, summary=f"{ritual.title} (group {index})")
        )
    return events


def series_rule(ritual: Ritual) -> str:
    """The RRULE value of a schedule; UNTIL in UTC (RFC 5545 3.3.10), none for a one-off."""
    schedule = ritual.schedule
    if schedule.frequency == "once":
        return ""
    parts = [f"FREQ={schedule.frequency.upper()}"]
    if schedule.interval > 1:
        parts.append(f"INTERVAL={schedule.interval}")
    if schedule.until is not None:
        if schedule.all_day:
            parts.append(f"UNTIL={schedule.until:%Y%m%d}")
        else:
            last = datetime.combine(schedule.until, time(23, 59, 59))
            parts.append(f"UNTIL={_to_utc(last, schedule.timezone):%Y%m%dT%H%M%SZ}")
    elif schedule.count is not None:
        parts.append(f"COUNT={schedule.count}")
    return ";".join(parts)


def _event(
    ritual: Ritual, uid: str, start: datetime, organizer: Attendee, attendees: tuple[Attendee, ...],
    description: str, rrule: str = "", cancelled: bool = False, summary: str = "",
) -> CalendarEvent:
    schedule = ritual.schedule
    if schedule.all_day:
        # DTEND of an all-day event is exclusive: a one-day event ends the next day
        days = max(1, schedule.duration.days)
        first: datetime | date = start.date()
        last: datetime | date = start.date() + timedelta(days=days)
    else:
        first, last = start, start + schedule.duration
    url = ritual.video_link.strip() if _URL.match(ritual.video_link.strip()) else ""
    location = ritual.location or ("Video call" if url else "")
    text = clean_text(description)
    if ritual.video_link.strip():
        text = f"{text}\n\nJoin: {clean_line(ritual.video_link)}".strip()
    return CalendarEvent(
        uid=uid, ritual_id=ritual.id, summary=clean_line(summary or ritual.title),
        start=first, end=last, timezone=schedule.timezone, organizer=organizer,
        attendees=attendees, description=text, location=clean_line(location), url=url,
        rrule=rrule, cancelled=cancelled,
    )


def _attendees(emails: Iterable[str], people: Mapping[str, Person]) -> tuple[Attendee, ...]:
    seen: dict[str, Attendee] = {}
    for email in emails:
        found = attendee_of(people.get(email), email)
        if found is not None and found.email not in seen:
            seen[found.email] = found
    return tuple(seen.values())


def _local(when: datetime, all_day: bool) -> datetime | date:
    return when.date() if all_day else when


def _to_utc(local: datetime, zone: str) -> datetime:
    return local.replace(tzinfo=_zone(zone)).astimezone(UTC)


def _zone(name: str) -> timezone | ZoneInfo:
    return UTC if name.upper() == "UTC" else ZoneInfo(name)


# --------------------------------------------------------------------------- messages
def scheduling_messages(events: list[CalendarEvent], method: str) -> list[tuple[str, list[CalendarEvent]]]:
    """Split events into (METHOD, events) files as iTIP wants them.

    PUBLISH: everything in one file. REQUEST and CANCEL: one UID per message (RFC 5546 3.2);
    a cancelled event inside a REQUEST export goes out as a CANCEL.
    """
    if method == "PUBLISH":
        return [("PUBLISH", events)] if events else []
    out = []
    for uid, group in by_uid(events).items():
        if method == "CANCEL":
            out.append(("CANCEL", [replace(e, cancelled=True) for e in group]))
        else:
            out.append(("CANCEL" if group[0].cancelled else "REQUEST", group))
    return out


def by_uid(events: Iterable[CalendarEvent]) -> dict[str, list[CalendarEvent]]:
    """Events grouped by UID (a master with its overrides), in first-seen order."""
    groups: dict[str, list[CalendarEvent]] = {}
    for event in events:
        groups.setdefault(event.uid, []).append(event)
    return groups


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
