"""Attendees' answers read out of iCalendar data: an iTIP REPLY or COUNTER (RFC 5546 3.2.3 and
3.2.7) as a mail client sends it, or an event as a CalDAV server keeps it, where each ATTENDEE
carries the PARTSTAT that person gave.

Nothing here decides whether an answer is believed: ``rituals.core.responses`` does, knowing who
was invited and who sent it. Data that is not a calendar, or a calendar with no usable event,
raises `InvalidInput` with one line that says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import icalendar

from rituals.core.errors import InvalidInput
from rituals.locale import _

MAX_CALENDAR = 256 * 1024  # a REPLY names one person: a few kilobytes; anything larger is not one
ANSWER_METHODS = ("REPLY", "COUNTER")


@dataclass(frozen=True, slots=True)
class Answer:
    """One attendee's answer to one event (a series, or one occurrence of it)."""

    uid: str
    attendee: str  # the e-mail, lower case
    status: str  # the PARTSTAT, upper case
    method: str  # REPLY, COUNTER, or "" when read back from a calendar
    sequence: int = 0
    stamp: str = ""  # DTSTAMP in UTC, 2027-03-22T10:15:00Z ("" when absent)
    recurrence: datetime | date | None = None  # RECURRENCE-ID: the occurrence answered
    delegated_to: str = ""
    proposed: datetime | date | None = None  # COUNTER: the start proposed instead

    def occurrence_day(self, zone: str) -> date | None:
        """The local date, in ``zone``, of the occurrence answered (None: the whole event)."""
        return local_day(self.recurrence, zone) if self.recurrence is not None else None


def local_day(moment: datetime | date, zone: str) -> date:
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None:  # floating time: the wall clock is the ritual's
        return moment.date()
    from zoneinfo import ZoneInfo  # deferred: only replies to one occurrence need a zone

    target = UTC if zone.upper() == "UTC" else ZoneInfo(zone)
    return moment.astimezone(target).date()


def parse_calendar(data: bytes | str) -> icalendar.Calendar:
    """The VCALENDAR in ``data``, or InvalidInput with what is wrong."""
    if len(data) > MAX_CALENDAR:
        raise InvalidInput(
            _("the calendar data is {value} KB, too large for an answer").format(value=len(data) // 1024)
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError, UnicodeError) as exc:
        raise InvalidInput(_("the calendar data is broken ({detail})").format(detail=_short(exc))) from None
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise InvalidInput(_("the calendar data is not one VCALENDAR"))
    return calendar


def reply_answers(data: bytes | str) -> list[Answer]:
    """The answers of an iTIP REPLY or COUNTER (any other METHOD is refused)."""
    calendar = parse_calendar(data)
    method = str(calendar.get("METHOD", "")).strip().upper()
    if method not in ANSWER_METHODS:
        raise InvalidInput(_("the calendar is a {method} message, not a REPLY").format(method=method or "plain"))
    answers = [a for event in _events(calendar) for a in _event_answers(event, method)]
    if not answers:
        raise InvalidInput(_("the REPLY names no attendee with an answer"))
    return answers


def stored_answers(data: bytes | str) -> list[Answer]:
    """Every attendee's PARTSTAT in a calendar object as a server keeps it (no METHOD)."""
    return [a for event in _events(parse_calendar(data)) for a in _event_answers(event, "")]


def method_of(data: bytes | str) -> str:
    """The METHOD of a calendar, upper case ("" when none or unreadable): cheap triage."""
    try:
        return str(parse_calendar(data).get("METHOD", "")).strip().upper()
    except InvalidInput:
        return ""


def _events(calendar: icalendar.Calendar) -> Iterator[Any]:
    found = False
    for event in calendar.walk("VEVENT"):
        found = True
        yield event
    if not found:
        raise InvalidInput(_("the calendar holds no event"))


def _event_answers(event: Any, method: str) -> list[Answer]:
    uid = str(event.get("UID", "")).strip()
    if not uid:
        raise InvalidInput(_("an event has no UID"))
    try:
        sequence = int(str(event.get("SEQUENCE", 0)).strip() or 0)
        stamp = _utc_text(event.get("DTSTAMP"))
        recurrence = _moment(event.get("RECURRENCE-ID"))
        proposed = _moment(event.get("DTSTART")) if method == "COUNTER" else None
    except (ValueError, AttributeError, TypeError) as exc:  # icalendar 7: BrokenCalendarProperty is a ValueError
        raise InvalidInput(
            _("event {uid} has a broken date or number ({detail})").format(uid=uid[:40], detail=_short(exc))
        ) from None
    if sequence < 0:
        raise InvalidInput(_("event {uid} has a negative SEQUENCE").format(uid=uid[:40]))
    out = []
    for attendee in _list(event.get("ATTENDEE")):
        email = address_of(attendee)
        status = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).strip().upper()
        if not email:
            continue
        delegate = address_of(attendee.params.get("DELEGATED-TO", ""))
        out.append(Answer(uid, email, status, method, sequence, stamp, recurrence, delegate, proposed))
    return out


def address_of(value: Any) -> str:
    """The e-mail of a CAL-ADDRESS: mailto:, any case; else an EMAIL parameter (some clients
    name attendees by urn:uuid: and give the address there); "" when it has none."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    text = str(value).strip().strip('"')
    if text.lower().startswith("mailto:"):
        return text[7:].strip().lower()
    params = getattr(value, "params", None)
    email = str(params.get("EMAIL", "")) if params is not None else ""
    return email.strip().lower() if "@" in email else ""


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _moment(prop: Any) -> datetime | date | None:
    if prop is None:
        return None
    value = prop.dt
    if not isinstance(value, (datetime, date)):
        raise ValueError(f"not a date: {value!r}")
    return value


def _utc_text(prop: Any) -> str:
    value = _moment(prop)
    if value is None:
        return ""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:120]
