"""Keeping calendars in step with the plan: what each person should hold, against what they were
last sent, and exactly the messages that close the gap (RFC 5546).

The plan implies a set of events (``rituals.core.ical.events``). Each attendee of an event holds a
*copy* of it: for a group event, the event itself; for a series, the series without the dates on
which they are paused (their own EXDATEs). A channel (e-mail, a CalDAV calendar, a folder of
files) remembers, per UID, the fingerprint of the copy each person was last sent. Reconciling
compares the two:

- a person with no copy yet, or an outdated one, gets a REQUEST;
- a person who holds a copy the plan no longer gives them (moved to another group, paused,
  removed, the session or the ritual cancelled or deleted) gets a CANCEL for that UID, addressed
  to them only;
- everyone else gets nothing: a second run with nothing changed sends nothing.

Messages that carry the same copy to several people are one message. SEQUENCE belongs to the
UID, not to a channel: it goes up by one whenever anything anyone holds of that UID changes
(``Issued``), so a CANCEL always outranks the REQUEST it withdraws, whichever channel sent it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from rituals.core.ical.events import Attendee, CalendarEvent
from rituals.core.ical.messages import by_uid

Method = Literal["REQUEST", "CANCEL"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message: ``method`` for ``uid``, carrying ``events``, to ``recipients``, and why."""

    method: Method
    uid: str
    events: tuple[CalendarEvent, ...]
    recipients: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Held:
    """What a channel last delivered for one UID: each recipient's copy fingerprint, and the
    event as a plain snapshot (enough to cancel it once the plan no longer has it)."""

    copies: Mapping[str, str]
    snapshot: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Issued:
    """The UID's SEQUENCE and the digest of every copy it was computed for (shared by channels)."""

    sequence: int
    digest: str


@dataclass(frozen=True, slots=True)
class Outbox:
    deliveries: tuple[Delivery, ...]
    held: dict[str, Held]  # what the channel will hold once the deliveries are made
    issued: dict[str, Issued]
    up_to_date: int = 0  # UIDs whose every copy is already where it should be
    people: int = 0  # people who hold (or will hold) at least one copy
    unchanged: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- copies
def copies_of(events: Iterable[CalendarEvent]) -> dict[str, dict[str, tuple[CalendarEvent, ...]]]:
    """Per UID, per attendee e-mail, the events of that UID as that attendee should hold them."""
    out: dict[str, dict[str, tuple[CalendarEvent, ...]]] = {}
    for uid, group in by_uid(events).items():
        if group[0].cancelled:
            continue  # a cancelled event is held by nobody: its holders get a CANCEL
        master, overrides = group[0], group[1:]
        mine: dict[str, tuple[CalendarEvent, ...]] = {}
        for email in _attendees(group):
            skipped = tuple(master_exdates_for(master, email))
            copy = [replace(master, exdates=tuple(sorted({*master.exdates, *skipped}, key=_key)))]
            copy += [
                o for o in overrides if o.recurrence_id not in skipped and any(a.email == email for a in o.attendees)
            ]
            mine[email] = tuple(own_copy(e, email) for e in copy)
        out[uid] = mine
    return out


def own_copy(event: CalendarEvent, email: str) -> CalendarEvent:
    """``event`` as ``email`` holds it: their own words and language, nobody else's pauses."""
    mine = next((p for p in event.personal if p.email == email), None)
    if mine is None:
        return replace(event, exdates_for=(), personal=())
    return replace(
        event,
        summary=mine.summary,
        description=mine.description,
        location=mine.location,
        language=mine.language,
        exdates_for=(),
        personal=(),
    )


def master_exdates_for(master: CalendarEvent, email: str) -> tuple[datetime | date, ...]:
    """The dates of a series ``email`` does not attend (paused), as EXDATEs of their copy."""
    return next((days for who, days in master.exdates_for if who == email), ())


def copy_fingerprint(copy: Sequence[CalendarEvent]) -> str:
    # the words count: a new text or language re-sends the copy (English copies leave the language
    # out, so the copies sent before languages existed keep their fingerprints)
    facts = [(e.fingerprint(), e.summary, e.description, *([e.language] if e.language != "en" else [])) for e in copy]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


def _attendees(group: Sequence[CalendarEvent]) -> list[str]:
    seen: dict[str, None] = {}
    for event in group:
        for person in event.attendees:
            seen.setdefault(person.email)
    return list(seen)


def _key(day: datetime | date) -> str:
    return day.isoformat()


# --------------------------------------------------------------------------- reconciling
def reconcile(
    events: Iterable[CalendarEvent],
    held: Mapping[str, Held],
    issued: Mapping[str, Issued],
    *,
    scope: Iterable[str] | None = None,
) -> Outbox:
    """The messages that bring a channel from ``held`` to what ``events`` imply.

    ``scope``: the UIDs this run speaks for (for example one ritual's); a held UID outside it is
    left alone. None: every held UID is in scope, so one the plan no longer has is cancelled."""
    wanted = copies_of(events)
    masters = {uid: group[0] for uid, group in by_uid(events).items()}
    in_scope = set(wanted) | (set(held) if scope is None else set(scope) & set(held))
    deliveries: list[Delivery] = []
    new_held = {uid: h for uid, h in held.items() if uid not in in_scope}
    new_issued = dict(issued)
    unchanged: list[str] = []
    for uid in sorted(in_scope, key=lambda u: _order(masters.get(u), held.get(u))):
        copies = wanted.get(uid, {})
        before = held.get(uid)
        prints = {email: copy_fingerprint(copy) for email, copy in copies.items()}
        sequence = _sequence(uid, prints, new_issued)
        sends = _deliveries(uid, copies, prints, before, masters.get(uid), sequence)
        if not sends:
            unchanged.append(uid)
        deliveries += sends
        if copies:
            new_held[uid] = Held(prints, snapshot(masters[uid]))
    people = {e for h in new_held.values() for e in h.copies}
    return Outbox(tuple(deliveries), new_held, new_issued, len(unchanged), len(people), tuple(unchanged))


def _order(master: CalendarEvent | None, before: Held | None) -> str:
    if master is not None:
        return f"{master.start}|{master.name}"
    return (
        f"{(before.snapshot if before else {}).get('start', '')}|{(before.snapshot if before else {}).get('name', '')}"
    )


def _sequence(uid: str, prints: Mapping[str, str], issued: dict[str, Issued]) -> int:
    """The UID's SEQUENCE for what everyone now holds of it: the same in every channel, since it
    depends only on the copies (``prints``), and one more whenever they change."""
    digest = hashlib.sha256(json.dumps(sorted(prints.items())).encode()).hexdigest()[:16]
    previous = issued.get(uid)
    if previous is None:
        issued[uid] = Issued(0, digest)
    elif previous.digest != digest:
        issued[uid] = Issued(previous.sequence + 1, digest)
    return issued[uid].sequence


def _deliveries(
    uid: str,
    copies: Mapping[str, tuple[CalendarEvent, ...]],
    prints: Mapping[str, str],
    before: Held | None,
    master: CalendarEvent | None,
    sequence: int,
) -> list[Delivery]:
    had = dict(before.copies) if before else {}
    out: list[Delivery] = []
    by_print: dict[str, list[str]] = {}
    for email, fp in prints.items():
        if had.get(email) != fp:
            by_print.setdefault(fp, []).append(email)
    for emails in by_print.values():
        copy = tuple(replace(e, sequence=sequence) for e in copies[emails[0]])
        reason = "new" if all(e not in had for e in emails) else _what_changed(before, master)
        out.append(Delivery("REQUEST", uid, copy, tuple(sorted(emails)), reason))
    dropped = sorted(set(had) - set(prints))
    if dropped:
        source = master if master is not None else event_from_snapshot(before.snapshot if before else {})
        cancel = replace(
            source,
            sequence=sequence,
            cancelled=True,
            exdates_for=(),
            personal=(),
            rrule=source.rrule,
            attendees=tuple(Attendee(e) for e in dropped),
        )
        why = "no longer planned" if master is None else "cancelled" if master.cancelled else "no longer in this event"
        out.append(Delivery("CANCEL", uid, (cancel,), tuple(dropped), why))
    return out


def _what_changed(before: Held | None, master: CalendarEvent | None) -> str:
    if before is None or master is None:
        return "updated"
    old, new = before.snapshot, snapshot(master)
    parts = [
        label
        for key, label in (
            ("start", "time"),
            ("end", "time"),
            ("attendees", "people"),
            ("location", "place"),
            ("rrule", "dates"),
            ("exdates", "dates"),
            ("summary", "title"),
        )
        if old.get(key) != new.get(key)
    ]
    return "changed: " + ", ".join(dict.fromkeys(parts)) if parts else "updated"


def sequences_for(
    events: Iterable[CalendarEvent], issued: Mapping[str, Issued]
) -> tuple[list[CalendarEvent], dict[str, Issued]]:
    """``events`` with the SEQUENCE of what they now say (as every channel numbers them)."""
    events = list(events)
    wanted = copies_of(events)
    new_issued = dict(issued)
    numbers = {}
    for uid in by_uid(events):
        prints = {email: copy_fingerprint(copy) for email, copy in wanted.get(uid, {}).items()}
        numbers[uid] = _sequence(uid, prints, new_issued)
    return [replace(e, sequence=numbers[e.uid]) for e in events], new_issued


# --------------------------------------------------------------------------- whole objects
@dataclass(frozen=True, slots=True)
class ObjectSync:
    """What a store of whole events (a CalDAV calendar, a folder) needs: the objects to put (new
    or changed, with their SEQUENCE) and the UIDs to delete, with what it will then hold."""

    puts: tuple[tuple[CalendarEvent, ...], ...]
    deletes: tuple[Mapping[str, Any], ...]  # snapshots of the events removed
    held: dict[str, Held]
    issued: dict[str, Issued]
    up_to_date: int = 0


ORGANIZER_COPY = "*"  # the holder of the organizer's whole copy in a store of objects


def sync_objects(
    events: Iterable[CalendarEvent],
    held: Mapping[str, Held],
    issued: Mapping[str, Issued],
    *,
    scope: Iterable[str] | None = None,
) -> ObjectSync:
    """The organizer's copy of every UID (the master, its overrides, every attendee) against what a
    store of objects holds: put what is new or changed, delete what the plan no longer has."""
    groups = {uid: g for uid, g in by_uid(events).items() if not g[0].cancelled}
    wanted = copies_of(events)
    in_scope = set(groups) | (set(held) if scope is None else set(scope) & set(held))
    new_issued = dict(issued)
    new_held = {uid: h for uid, h in held.items() if uid not in in_scope}
    puts: list[tuple[CalendarEvent, ...]] = []
    deletes: list[Mapping[str, Any]] = []
    same = 0
    for uid in sorted(in_scope, key=lambda u: _order(groups[u][0] if u in groups else None, held.get(u))):
        prints = {email: copy_fingerprint(copy) for email, copy in wanted.get(uid, {}).items()}
        sequence = _sequence(uid, prints, new_issued)
        if uid not in groups:
            deletes.append(held[uid].snapshot)
            continue
        whole = tuple(replace(e, sequence=sequence, exdates_for=(), personal=()) for e in groups[uid])
        fp = copy_fingerprint(whole)
        new_held[uid] = Held({ORGANIZER_COPY: fp}, snapshot(whole[0]))
        if held.get(uid) is not None and held[uid].copies.get(ORGANIZER_COPY) == fp:
            same += 1
        else:
            puts.append(whole)
    return ObjectSync(tuple(puts), tuple(deletes), new_held, new_issued, same)


# --------------------------------------------------------------------------- snapshots
def snapshot(event: CalendarEvent) -> dict[str, Any]:
    """The facts of an event as plain JSON values: what a later CANCEL needs, and what changed."""
    return {
        "name": event.name,
        "ritual_id": event.ritual_id,
        "summary": event.summary,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "all_day": event.all_day,
        "timezone": event.timezone,
        "organizer": [event.organizer.email, event.organizer.name],
        "attendees": sorted(a.email for a in event.attendees),
        "location": event.location,
        "rrule": event.rrule,
        "exdates": sorted(d.isoformat() for d in event.exdates),
        "uid": event.uid,
    }


def event_from_snapshot(facts: Mapping[str, Any]) -> CalendarEvent:
    parse = date.fromisoformat if facts.get("all_day") else datetime.fromisoformat
    organizer = facts.get("organizer") or ["", ""]
    return CalendarEvent(
        uid=str(facts.get("uid", "")),
        name=str(facts.get("name", "")),
        ritual_id=str(facts.get("ritual_id", "")),
        summary=str(facts.get("summary", "")),
        start=parse(facts["start"]),
        end=parse(facts["end"]),
        timezone=str(facts.get("timezone", "UTC")),
        organizer=Attendee(str(organizer[0]), str(organizer[1])),
        location=str(facts.get("location", "")),
        rrule=str(facts.get("rrule", "")),
    )
