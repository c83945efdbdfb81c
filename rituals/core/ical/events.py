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
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from rituals.core.closures import BY_HAND, Closure, Planned
from rituals.core.frozen import frozen
from rituals.core.hours import city, local_times
from rituals.core.models import Person, Ritual, Schedule, Session
from rituals.core.schedule import Holidays, check_timezone, planned_dates, rrule_for

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
    *,
    holidays: Holidays | None = None,
    closures: Sequence[Closure] = (),
) -> list[CalendarEvent]:
    """The events of one ritual.

    ``start``/``end`` pick the sessions of a rotating ritual; for a series, ``end`` bounds the
    holidays looked up (an open-ended rule would otherwise list decades of EXDATEs), which come
    from ``holidays`` (see ``rituals.core.schedule.Holidays``).
    """
    check_timezone(ritual.schedule.timezone)
    mine = sorted((s for s in sessions if s.ritual_id == ritual.id), key=lambda s: s.start)
    if ritual.grouping.rotates:
        picked = [s for s in mine if (start is None or s.day >= start) and (end is None or s.day < end)]
        return [e for s in picked for e in session_events(ritual, s, people, organizer)]
    return series_events(ritual, mine, people, audience, organizer, end, start, holidays=holidays, closures=closures)


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
    plan = _series_plan(schedule, horizon, holidays, closures)
    last = _counted_end(schedule, plan)
    if last is not None:  # skipped dates do not count: the rule ends on its last session instead
        ritual = replace(ritual, schedule=replace(schedule, count=None, until=last))
    rule_times = {when.date(): when for when in rrule_for(ritual.schedule)}
    due = [p for p in plan if horizon is None or p.due.date() < horizon]
    skipped = {p.due.date() for p in due if p.start is None and p.why != BY_HAND}
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
    audience, paused = _paused_dates(audience, people, window, schedule.all_day)
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
        master, exdates=tuple(_local(rule_times[d], schedule.all_day) for d in sorted(skipped)), exdates_for=paused
    )
    overrides = [
        replace(
            _event(ritual, ident, start, organizer, attendees, ritual.description, cancelled=master.cancelled),
            recurrence_id=_local(rule_times[day], schedule.all_day),
        )
        for day, start in sorted(moved.items())
    ]
    return [master, *overrides]


def _series_plan(
    schedule: Schedule, horizon: date | None, holidays: Holidays | None, closures: Sequence[Closure]
) -> list[Planned]:
    """The schedule's dates with what skipping and moving does to them: up to ``horizon`` for an
    open-ended series, all of them for a counted one (where its last session falls)."""
    plan = []
    for item in planned_dates(schedule, holidays=holidays, closures=closures):
        if schedule.count is None and horizon is not None and item.due.date() >= horizon:
            break
        plan.append(item)
    return plan


def _counted_end(schedule: Schedule, plan: list[Planned]) -> date | None:
    """The day of the last session of a counted series whose skipped dates did not count (None
    when nothing was skipped: COUNT says it as it is)."""
    if schedule.count is None or schedule.until is not None or not plan:
        return None
    if not any(p.start is None and p.why != BY_HAND for p in plan):
        return None
    return plan[-1].due.date()


def _paused_dates(
    audience: Iterable[str], people: Mapping[str, Person], window: list[datetime], all_day: bool
) -> tuple[list[str], tuple[tuple[str, tuple[datetime | date, ...]], ...]]:
    """The audience without those paused on every date of ``window``, and for those paused on
    some of them, which ones."""
    kept: list[str] = []
    paused: list[tuple[str, tuple[datetime | date, ...]]] = []
    for email in audience:
        person = people.get(email)
        days = [w for w in window if person is not None and person.is_away(w.date())]
        if window and len(days) == len(window):
            continue
        kept.append(email)
        if days:
            paused.append((email, tuple(_local(w, all_day) for w in days)))
    return kept, tuple(paused)


def session_events(
    ritual: Ritual, session: Session, people: Mapping[str, Person], organizer: Attendee
) -> list[CalendarEvent]:
    """One VEVENT per group of a rotating ritual's session."""
    events = []
    for index, (number, group) in enumerate(zip(session.numbers(), session.groups), start=1):
        names = [clean_line(people[e].name) if e in people else e for e in group]
        lines = [f"Your group: {', '.join(names)}"]
        start = session.group_start(number)
        there = local_times(start, ritual.schedule.timezone, [people[e].timezone for e in group if e in people])
        if there and not ritual.schedule.all_day:  # a group across zones: each reads their own clock
            clocks = [(ritual.schedule.timezone, start), *there]
            lines.append(
                "Local times: "
                + ", ".join(f"{t:%H:%M}{'' if t.date() == start.date() else f' ({t:%a})'} {city(z)}" for z, t in clocks)
            )
        if index <= len(session.explanations) and session.explanations[index - 1]:
            lines.append(f"Why this group: {session.explanations[index - 1]}")
        if ritual.description:
            lines += ["", ritual.description]
        # the group's number, not its place: a repaired plan keeps each group's invite
        ident = (event_uid(ritual.id, session.day, number), event_name(ritual.id, session.day, number))
        cancelled = session.status == "cancelled" or ritual.status == "cancelled"
        # a group's own time (a slot found for it) changes its event, so its people get an update
        events.append(
            _event(
                ritual,
                ident,
                start,
                organizer,
                _attendees(group, people),
                "\n".join(lines),
                cancelled=cancelled,
                summary=f"{ritual.title} (group {number})",
            )
        )
    return events


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
    for _uid, group in by_uid(events).items():
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
