"""HR imports that respect both the file and what the lead changed in rituals since.

Each person keeps the values the last import gave (``Person.imported``). On a re-import, a field
the file changes is updated, unless it was also edited in rituals since that import: then the
local value stays (``prefer="local"``, the default) and the report names the field, or the file
wins (``prefer="file"``). Fields the file has no column for are never touched; pauses, exclusions
and preferences are rituals' own. People on the roster but not in the file are listed as possible
leavers; ``leave_on`` gives them that leave date (the plan after it is repaired), never a deletion.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import Person
from rituals.core.roster import RosterRow
from rituals.locale import N_, _
from rituals.locale.said import on
from rituals.service.person_checks import _checked, check_zone

if TYPE_CHECKING:
    from rituals.core.roster import Roster
    from rituals.service.people import People

PREFER = ("local", "file")
# Person fields an HR file can give, in the order reports list them.
FILE_FIELDS = (
    "name",
    "team",
    "role",
    "location",
    "timezone",
    "joined",
    "leave_date",
    "tags",
    "hours",
    "calendar",
    "language",
)


@frozen
class FieldChange:
    """One field of one person, as it is and as the import makes it."""

    email: str
    field: str
    before: str
    after: str


@frozen
class ImportReport:
    """What a roster import did (or, with ``dry_run``, would do)."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()  # field by field, for the updated
    kept: tuple[FieldChange, ...] = ()  # edited in rituals since the last import: the local value stayed
    missing: tuple[str, ...] = ()  # on the roster, not in the file: possible leavers
    leaving: tuple[str, ...] = ()  # of those, given a leave date by this import
    warnings: tuple[str, ...] = ()
    names: dict[str, str] = dataclasses.field(default_factory=dict)
    source: str = ""
    dry_run: bool = False
    leave_on: date | None = None
    described: dict[str, str] = dataclasses.field(default_factory=dict)  # the added, in one line each


def text_of(person: Person, name: str) -> str:
    """A field as an import compares and reports it."""
    value = getattr(person, name)
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


@frozen
class Merged:
    """The outcome for the people of one file (the store is not touched)."""

    people: tuple[Person, ...]  # to write: new and changed people, and leavers given a date
    report: ImportReport


def merge(
    roster: Roster,
    existing: Mapping[str, Person],
    *,
    today: date,
    prefer: str = "local",
    leave_on: date | None = None,
    source: str = "roster",
    dry_run: bool = False,
) -> Merged:
    """Each row of ``roster`` against the person already known (see the module docstring)."""
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    changes: list[FieldChange] = []
    kept: list[FieldChange] = []
    out: list[Person] = []
    for row in roster.rows:
        old = existing.get(row.person.email)
        if old is None:
            out.append(dataclasses.replace(row.person, imported=_snapshot(row)))
            added.append(row.person.email)
            continue
        person, mine, stayed = _merge_one(old, row, prefer, today)
        kept += stayed
        if person == old:
            unchanged.append(old.email)
            continue
        out.append(person)
        if mine:
            changes += mine
            updated.append(old.email)
        else:
            unchanged.append(old.email)  # only what the last import remembers moved
    in_file = {row.person.email for row in roster.rows}
    missing = [e for e, p in existing.items() if e not in in_file and not p.has_left(today)] if roster.rows else []
    leaving = [e for e in missing if leave_on is not None and existing[e].leave_date is None]
    out += [dataclasses.replace(existing[e], leave_date=leave_on) for e in leaving]
    names = {p.email: p.name for p in (*existing.values(), *roster.people)}
    report = ImportReport(
        tuple(added),
        tuple(updated),
        tuple(unchanged),
        tuple(changes),
        tuple(kept),
        tuple(sorted(missing)),
        tuple(sorted(leaving)),
        tuple(roster.warnings),
        names,
        source,
        dry_run,
        leave_on if leaving else None,
        {e: describe(p) for p in roster.people if (e := p.email) in added},
    )
    return Merged(tuple(out), report)


def describe(person: Person) -> str:
    """Team · role · site (zone) · arrival, as far as known."""
    site = f"{person.location} ({person.timezone})"
    joined = f"joined {person.joined.isoformat()}" if person.joined else ""
    return " · ".join(part for part in (person.team, person.role, site, joined) if part)


def _merge_one(
    old: Person, row: RosterRow, prefer: str, today: date
) -> tuple[Person, list[FieldChange], list[FieldChange]]:
    """``old`` updated from ``row``: the person, the changes made, the local edits kept."""
    last = dict(old.imported)
    updates: dict[str, Any] = {}
    made: list[FieldChange] = []
    stayed: list[FieldChange] = []
    for name in FILE_FIELDS:
        if name not in row.given:
            continue
        mine, theirs = text_of(old, name), text_of(row.person, name)
        if mine == theirs or (name in ("tags", "hours", "calendar", "language") and not theirs):
            continue  # a roster with the cell empty keeps the tags, hours, calendar or language set in rituals
        edited_here = name in last and last[name] != mine
        if edited_here and prefer != "file":
            stayed.append(FieldChange(old.email, name, mine, theirs))
            continue
        updates[name] = getattr(row.person, name)
        made.append(FieldChange(old.email, name, mine, theirs))
    if "team" in updates and old.team:
        updates["team_since"] = today  # a change of team is a key moment
    if "role" in updates and old.role:
        updates["role_since"] = today
    person = dataclasses.replace(old, **updates, imported=_snapshot(row))
    return person, made, stayed


def _snapshot(row: RosterRow) -> tuple[tuple[str, str], ...]:
    return tuple((name, text_of(row.person, name)) for name in FILE_FIELDS if name in row.given)


def leaving_dates(people: Iterable[Person]) -> dict[str, date]:
    """E-mail -> leave date of everyone who has one."""
    return {p.email: p.leave_date for p in people if p.leave_date is not None}


def import_roster(
    people: People,
    text: str,
    *,
    source: str = "roster",
    default_timezone: str = "UTC",
    dates: str = "auto",
    cities: tuple[str, ...] = (),
    prefer: str = "local",
    leave_on: date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """All rows or none: any bad row stops the import and each bad row is named. ``dates``:
    auto, dmy or mdy; ``cities``: "City=Zone" entries beyond the known offices; ``prefer``:
    who wins a field edited both in rituals and in the file ("local" or "file");
    ``leave_on``: the leave date of people missing from the file (a full export). With
    ``dry_run`` nothing is saved (see ``rituals.service.imports``)."""
    from rituals.core.hr import city_zones
    from rituals.core.roster import RosterError, parse_roster

    if prefer not in PREFER:
        raise InvalidInput(_("bad --prefer {prefer!r}: use file or local").format(prefer=prefer))
    zones = city_zones(cities)
    for entry in cities:  # the lead's own entries; the table's are known zones
        check_zone(entry.partition("=")[2])
    roster = parse_roster(text, default_timezone=default_timezone, dates=dates, cities=zones)
    if roster.problems:
        total = len(roster.problems) + len(roster.rows)
        raise RosterError(
            _("{source}: {count} bad row(s) of {total}, nothing imported").format(
                source=source, count=len(roster.problems), total=total
            ),
            roster.problems,
        )
    today = people.context.today()
    with people.store.transaction() as tx:
        existing = {p.email: p for p in people.store.people()}
        merged = merge(roster, existing, today=today, prefer=prefer, leave_on=leave_on, source=source, dry_run=dry_run)
        if dry_run:
            return merged.report
        for person in merged.people:
            tx.put_person(_checked(person))
        if merged.report.leaving:
            repair = people.plan_repair()
            repair.save(tx, repair.leave({e: leave_on for e in merged.report.leaving}))
        r = merged.report
        counts = {"source": source, "added": len(r.added), "updated": len(r.updated)}
        if r.leaving and leave_on:
            leaving = N_("imported {source}: {added} added, {updated} updated, {leaving} leaving after {day}")
            tx.say(leaving, **counts, leaving=len(r.leaving), day=on(leave_on))
        else:
            tx.say(N_("imported {source}: {added} added, {updated} updated"), **counts)
    return merged.report
