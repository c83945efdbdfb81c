"""Turning rituals and sessions into calendar events (``rituals.core.ical.writer`` writes them).

Two shapes, as the invite issue asks:
- a ritual everyone attends together (no rotation) is one recurring VEVENT: RRULE, EXDATE for
  skipped holidays, hand-skipped dates and cancelled sessions, and a RECURRENCE-ID override for
  a session held at another time that day;
- a rotating ritual is one VEVENT per session per group, so each invite lists only that group.

UIDs come from the ritual, the session date and the group index, never from a counter, so a
re-export updates the invites people already have instead of duplicating them. They are
name-based UUIDs (RFC 7986 5.3 recommends UUIDs), so they differ from their first characters on,
which some tools use as a short key; ``CalendarEvent.name`` is the readable form for file names.
SEQUENCE is not decided here: the caller compares ``fingerprint()`` with its last export.
Feedback notes and ratings are private and never reach an event.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from rituals.core.closures import Closure
from rituals.core.frozen import frozen
from rituals.core.ical import wording
from rituals.core.ical.series_dates import counted_end, local_day, paused_dates, series_plan
from rituals.core.ical.text import clean_line, clean_text
from rituals.core.ical.wording import PairHistory, Personal
from rituals.core.models import Person, Ritual, Session
from rituals.core.schedule import Holidays, check_timezone, rrule_for

UTC = UTC
_EMAIL = re.compile(r"^[^\s@,;:\"<>\\()\[\]]+@[^\s@,;:\"<>\\()\[\]]+$")
_URL = re.compile(r"^https?://[^\s\"<>\\]+$")
UID_NAMESPACE = uuid.UUID("f16950da-f013-4966-8810-ab0846b901ee")  # fixed forever: UIDs depend on it


@frozen
class Attendee:
    """One invited person as a calendar sees them."""

    email: str
    name: str = ""


@frozen
class CalendarEvent:
    """One VEVENT. Times are naive wall-clock in ``timezone``; all-day events use dates."""

    uid: str
    name: str  # readable and unique per UID: "coffee-2027-03-22-g1"; used for file names
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
    # a series' dates that some attendees do not attend (paused): (e-mail, dates) pairs; their own
    # copy carries them as EXDATEs (see ``rituals.core.ical.reconcile``)
    exdates_for: tuple[tuple[str, tuple[datetime | date, ...]], ...] = ()
    language: str = ""  # of the text: each attendee's copy is in theirs (``personal``)
    personal: tuple[Personal, ...] = ()  # each attendee's summary and text (see wording)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def fingerprint(self) -> str:
        """What makes an update significant: time, place, recurrence, status, attendees."""
        facts = [
            str(self.start),
            str(self.end),
            self.timezone,
            self.rrule,
            sorted(str(d) for d in self.exdates),
            str(self.recurrence_id),
            self.cancelled,
            self.location,
            self.url,
            sorted(a.email for a in self.attendees),
        ]
        return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


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
    *,
    holidays: Holidays | None = None,
    closures: Sequence[Closure] = (),
    met: PairHistory | None = None,
    lang: str | None = None,
) -> list[CalendarEvent]:
    """The events of one ritual.

    ``met``: who met whom and when (``rituals.core.history.pair_history``), so that a group's
    invite says whether they met before; ``lang``: the organisation's language, that of the
    organiser's copy and of the people who chose none (default: the reader's).

    ``start``/``end`` pick the sessions of a rotating ritual; for a series, ``end`` bounds the
    holidays looked up (an open-ended rule would otherwise list decades of EXDATEs), which come
    from ``holidays`` (see ``rituals.core.schedule.Holidays``).
    """
    check_timezone(ritual.schedule.timezone)
    mine = sorted((s for s in sessions if s.ritual_id == ritual.id), key=lambda s: s.start)
    if ritual.grouping.rotates:
        picked = [s for s in mine if (start is None or s.day >= start) and (end is None or s.day < end)]
        return [e for s in picked for e in session_events(ritual, s, people, organizer, met or {}, lang)]
    found = series_events(ritual, mine, people, audience, organizer, end, start, holidays=holidays, closures=closures)
    return [_series_personal(ritual, e, people, lang) for e in found]


def series_events(
    ritual: Ritual,
    sessions: list[Session],
    people: Mapping[str, Person],
    audience: Iterable[str],
    organizer: Attendee,
    horizon: date | None = None,
    first: date | None = None,
    *,
    holidays: Holidays | None = None,
    closures: Sequence[Closure] = (),
) -> list[CalendarEvent]:
    """One recurring VEVENT for the whole audience, plus overrides for moved sessions (by hand,
    or off a closure or a holiday: see ``rituals.core.schedule.planned_dates``).

    Pauses apply date by date: someone paused on some of the dates from ``first`` to ``horizon``
    stays an attendee, and the series lists those dates for them (``exdates_for``: their own
    copy skips them); someone paused on every one of those dates is not invited."""
    schedule = ritual.schedule
    plan = series_plan(schedule, horizon, holidays, closures)
    last = counted_end(schedule, plan)
    if last is not None:  # skipped dates do not count: the rule ends on its last session instead
        ritual = replace(ritual, schedule=replace(schedule, count=None, until=last))
    rule_times = {when.date(): when for when in rrule_for(ritual.schedule)}
    due = [p for p in plan if horizon is None or p.due.date() < horizon]
    skipped = {p.due.date() for p in due if p.start is None and p.reason != "by hand"}
    skipped |= {d for d in schedule.exdates if d in rule_times}
    # a date moved off a closure or a holiday, or a session moved by hand (which wins): an override
    moved: dict[date, datetime] = {p.due.date(): p.start for p in due if p.start is not None and p.moved}
    for session in sessions:
        planned = rule_times.get(session.day)
        if planned is None:
            continue
        if session.status == "cancelled":
            skipped.add(session.day)
            moved.pop(session.day, None)
        elif session.start != planned and not schedule.all_day:
            moved[session.day] = session.start
    window = [
        rule_times[d]
        for d in sorted(rule_times)
        if (first is None or d >= first) and (horizon is None or d < horizon) and d not in skipped
    ]
    audience, paused = paused_dates(audience, people, window, schedule.all_day)
    attendees = _attendees(audience, people)
    ident = (event_uid(ritual.id), event_name(ritual.id))
    master = _event(
        ritual,
        ident,
        schedule.start,
        organizer,
        attendees,
        ritual.description,
        rrule=series_rule(ritual),
        cancelled=ritual.status == "cancelled",
    )
    master = replace(
        master, exdates=tuple(local_day(rule_times[d], schedule.all_day) for d in sorted(skipped)), exdates_for=paused
    )
    overrides = [
        replace(
            _event(ritual, ident, start, organizer, attendees, ritual.description, cancelled=master.cancelled),
            recurrence_id=local_day(rule_times[day], schedule.all_day),
        )
        for day, start in sorted(moved.items())
    ]
    return [master, *overrides]


def session_events(
    ritual: Ritual,
    session: Session,
    people: Mapping[str, Person],
    organizer: Attendee,
    met: PairHistory | None = None,
    lang: str | None = None,
) -> list[CalendarEvent]:
    """One VEVENT per group of a rotating ritual's session; each attendee's copy tells them, in
    their language, who they meet (see ``rituals.core.ical.wording``)."""
    events = []
    default = wording.language_of(None, lang)
    for number, group in zip(session.numbers(), session.groups):
        start = session.group_start(number)
        # the group's number, not its place: a repaired plan keeps each group's invite
        ident = (event_uid(ritual.id, session.day, number), event_name(ritual.id, session.day, number))
        cancelled = session.status == "cancelled" or ritual.status == "cancelled"
        attendees = _attendees(group, people)
        texts = {
            code: wording.group_text(ritual, session, number, group, people, code)
            for code in {default, *(wording.language_of(people.get(a.email), default) for a in attendees)}
        }
        personal = []
        for a in attendees:
            code = wording.language_of(people.get(a.email), default)
            mine = wording.with_whom(ritual, a.email, group, people, met or {}, session.day, code)
            summary, text = texts[code]
            event = _event(ritual, ident, start, organizer, attendees, "\n".join(filter(None, (mine, text))), lang=code)
            personal.append(Personal(a.email, code, summary, event.description, event.location))
        # a group's own time (a slot found for it) changes its event, so its people get an update
        summary, text = texts[default]
        head = wording.group_line(group, people, default)
        event = _event(ritual, ident, start, organizer, attendees, f"{head}\n{text}", cancelled=cancelled, lang=default)
        events.append(replace(event, summary=clean_line(summary), language=default, personal=tuple(personal)))
    return events


def _series_personal(
    ritual: Ritual, event: CalendarEvent, people: Mapping[str, Person], lang: str | None
) -> CalendarEvent:
    """A series event with each attendee's copy in their language: only its link line and its
    place differ (the title and the description are the organiser's words)."""
    default = wording.language_of(None, lang)
    codes = {a.email: wording.language_of(people.get(a.email), default) for a in event.attendees}
    own = {code: _words(ritual, ritual.description, code) for code in {default, *codes.values()}}
    personal = tuple(Personal(e, c, event.summary, *own[c]) for e, c in codes.items())
    text, place = own[default]
    return replace(event, description=text, location=clean_line(place), language=default, personal=personal)


def event_uid(ritual_id: str, day: date | None = None, group: int | None = None) -> str:
    """The UID of a ritual's series, or of one group's event in a session."""
    key = ritual_id if day is None else f"{ritual_id}/{day.isoformat()}/{group}"
    return str(uuid.uuid5(UID_NAMESPACE, key))


def event_name(ritual_id: str, day: date | None = None, group: int | None = None) -> str:
    return ritual_id if day is None else f"{ritual_id}-{day.isoformat()}-g{group}"


def series_rule(ritual: Ritual) -> str:
    """The RRULE value of a schedule; UNTIL in UTC (RFC 5545 3.3.10), none for a one-off."""
    schedule = ritual.schedule
    if schedule.frequency == "once":
        return ""
    parts = [f"FREQ={schedule.frequency.upper()}"]
    if schedule.interval > 1:
        parts.append(f"INTERVAL={schedule.interval}")
    if schedule.frequency == "monthly" and schedule.monthly_by == "weekday":
        parts.append(
            f"BYDAY={schedule.weekday_of_month}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[schedule.start.weekday()]}"
        )
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
    ritual: Ritual,
    ident: tuple[str, str],
    start: datetime,
    organizer: Attendee,
    attendees: tuple[Attendee, ...],
    description: str,
    rrule: str = "",
    cancelled: bool = False,
    summary: str = "",
    lang: str | None = None,
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
    code = wording.language_of(None, lang)
    text, location = _words(ritual, description, code)
    return CalendarEvent(
        uid=ident[0],
        name=ident[1],
        ritual_id=ritual.id,
        summary=clean_line(summary or ritual.title),
        start=first,
        end=last,
        timezone=schedule.timezone,
        organizer=organizer,
        attendees=attendees,
        description=text,
        location=clean_line(location),
        url=url,
        rrule=rrule,
        cancelled=cancelled,
        language=code,
    )


def _words(ritual: Ritual, description: str, lang: str) -> tuple[str, str]:
    """An event's text (``description`` and the link to join) and its place, in ``lang``."""
    url = ritual.video_link.strip() if _URL.match(ritual.video_link.strip()) else ""
    text = clean_text(description)
    if ritual.video_link.strip():
        text = f"{text}\n\n{wording.join_line(clean_line(ritual.video_link), lang)}".strip()
    return text, ritual.location or (wording.video_call(lang) if url else "")


def _attendees(emails: Iterable[str], people: Mapping[str, Person]) -> tuple[Attendee, ...]:
    seen: dict[str, Attendee] = {}
    for email in emails:
        found = attendee_of(people.get(email), email)
        if found is not None and found.email not in seen:
            seen[found.email] = found
    return tuple(seen.values())


def _to_utc(local: datetime, zone: str) -> datetime:
    return local.replace(tzinfo=_zone(zone)).astimezone(UTC)


def _zone(name: str) -> timezone | ZoneInfo:
    return UTC if name.upper() == "UTC" else ZoneInfo(name)
