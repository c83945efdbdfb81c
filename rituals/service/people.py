"""People: list and filter, add, edit, pause, remove, import from an HR roster.

Pausing or removing someone repairs the planned groups they were in, in the same transaction
(``svc.repair``, which also previews it: `PlanRepair.pause`, `PlanRepair.remove`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.errors import Conflict, InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import REMOTE, Person, normalise_email
from rituals.service.context import Context

if TYPE_CHECKING:
    from rituals.service.imports import ImportReport
    from rituals.service.repair import PlanRepair


@frozen
class PersonFilter:
    """What `people list` and the People screen filter on; empty fields match everyone."""

    text: str = ""  # matches name, e-mail, team, location or a tag
    team: str | None = None
    location: str | None = None
    status: str | None = None  # "active", "paused", "newcomer"


class People:
    """The roster."""

    def __init__(self, context: Context, repair: Callable[[], PlanRepair]) -> None:
        self.context = context
        self.store = context.store
        self._repair = repair  # the plan repair, loaded only when someone is paused or removed

    def all(self, flt: PersonFilter | None = None) -> list[Person]:
        """Everyone in reading order of their names (`Éloïse` among the Es), or those ``flt`` matches."""
        people = reading_order(self.store.people())
        return people if flt is None else self.filter(people, flt)

    def filter(self, people: list[Person], flt: PersonFilter) -> list[Person]:
        """``all`` over people already loaded: the People screen filters as you type."""
        today = self.context.today()
        return [p for p in people if _matches(p, flt, today)]

    def get(self, email: str) -> Person:
        return self.store.person(normalise_email(email))

    def team_timezone(self) -> str | None:
        """The time zone most of the team lives in (None without people): the natural default
        for a new ritual's start."""
        zones = Counter(p.timezone for p in self.store.people())
        return zones.most_common(1)[0][0] if zones else None

    def add(
        self,
        email: str,
        name: str,
        team: str = "",
        location: str = REMOTE,
        timezone: str = "UTC",
        joined: date | None = None,
        tags: tuple[str, ...] = (),
    ) -> Person:
        person = _checked(Person(normalise_email(email), name, team, location, timezone, joined, tags))
        with self.store.transaction() as tx:
            if any(p.email == person.email for p in self.store.people()):
                raise Conflict(f"{person.email} is already in the roster (use `rituals people edit`)")
            tx.put_person(person)
            tx.summary = f"added {person.name} <{person.email}>"
        return person

    def edit(self, email: str, *, expected_revision: int | None = None, **changes: Any) -> Person:
        """Change the fields named in ``changes`` (``excluded``: e-mails never to group with).
        ``expected_revision``: the revision the caller's view of the person was read at (see
        `Store.transaction`)."""
        return self._save(email, changes, expected_revision)

    def _save(self, email: str, changes: dict[str, Any], expected_revision: int | None, summary: str = "") -> Person:
        with self.store.transaction(expected_revision) as tx:
            current = self.get(email)
            if "excluded" in changes:
                others = tuple(normalise_email(str(e)) for e in changes["excluded"])
                for other in others:
                    self.get(other)
                changes["excluded"] = tuple(sorted(set(others) - {current.email}))
            person = _checked(dataclasses.replace(current, **changes))
            tx.put_person(person)
            fields = [f.name for f in dataclasses.fields(Person) if getattr(current, f.name) != getattr(person, f.name)]
            tx.summary = summary or f"edited {person.name} <{person.email}>: {', '.join(fields) or 'nothing changed'}"
        return person

    def pause(self, email: str, until: date | None, *, expected_revision: int | None = None) -> Person:
        """Leave someone out of rotations up to ``until`` (None resumes them now), and out of
        the planned groups up to then, which are repaired. ``expected_revision``: the revision
        a preview (`PlanRepair.pause`) was made on; the pause is refused if the plan changed."""
        today = self.context.today()
        if until is not None and until < today:
            raise InvalidInput(f"the pause end {until} is in the past (today is {today})")
        with self.store.transaction(expected_revision=expected_revision) as tx:
            person = _checked(dataclasses.replace(self.get(email), paused_until=until))
            repair = self._repair()
            change = repair.pause(person.email, until)
            tx.put_person(person)
            repair.save(tx, change)
            tx.summary = (f"paused {person.name} <{person.email}> until {until}" if until
                          else f"resumed {person.name} <{person.email}>")
        return person

    def remove(self, email: str, *, expected_revision: int | None = None) -> Person:
        """Remove someone from the roster and from every planned group, which is repaired
        (held sessions stay as history; `Privacy.forget` erases those too)."""
        with self.store.transaction(expected_revision=expected_revision) as tx:
            person = self.get(email)
            repair = self._repair()
            change = repair.remove(person.email)
            tx.delete_person(person.email)
            repair.save(tx, change)
            tx.summary = f"removed {person.name} <{person.email}>"
        return person

    def leave(self, email: str, on: date | None, *, expected_revision: int | None = None) -> Person:
        """Give someone a leave date (their last day; None: they stay after all). They are
        invited to nothing after it and leave the planned groups after it, which are repaired
        (`PlanRepair.leave` previews that); they stay in the history."""
        with self.store.transaction(expected_revision=expected_revision) as tx:
            person = dataclasses.replace(self.get(email), leave_date=on)
            repair = self._repair()
            change = repair.leave({person.email: on})
            tx.put_person(person)
            repair.save(tx, change)
            tx.summary = (f"{person.name} <{person.email}> leaves after {on}" if on
                          else f"{person.name} <{person.email}> stays (leave date cleared)")
        return person

    def import_file(self, path: Path | str, **options: Any) -> ImportReport:
        """`import_text` over a roster file in any of the encodings HR tools write."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read roster {path}: {exc.strerror}") from exc
        from rituals.core.roster import decode  # deferred: listing people needs no CSV parser

        return self.import_text(decode(raw), source=path.name, **options)

    def import_text(self, text: str, *, source: str = "roster", default_timezone: str = "UTC", dates: str = "auto",
                    cities: tuple[str, ...] = (), prefer: str = "local", leave_on: date | None = None,
                    dry_run: bool = False) -> ImportReport:
        """All rows or none: any bad row stops the import and each bad row is named. ``dates``:
        auto, dmy or mdy; ``cities``: "City=Zone" entries beyond the known offices; ``prefer``:
        who wins a field edited both in rituals and in the file ("local" or "file");
        ``leave_on``: the leave date of people missing from the file (a full export). With
        ``dry_run`` nothing is saved (see ``rituals.service.imports``)."""
        from rituals.core.hr import city_zones
        from rituals.core.roster import RosterError, parse_roster
        from rituals.service.imports import PREFER, merge

        if prefer not in PREFER:
            raise InvalidInput(f"bad --prefer {prefer!r}: use file or local")
        zones = {city: check_zone(zone) for city, zone in city_zones(cities).items()} if cities else None
        roster = parse_roster(text, default_timezone=default_timezone, dates=dates,
                              **({"cities": zones} if zones else {}))
        if roster.problems:
            total = len(roster.problems) + len(roster.rows)
            raise RosterError(f"{source}: {len(roster.problems)} bad row(s) of {total}, nothing imported", roster.problems)
        today = self.context.today()
        with self.store.transaction() as tx:
            existing = {p.email: p for p in self.store.people()}
            merged = merge(roster, existing, today=today, prefer=prefer, leave_on=leave_on, source=source,
                           dry_run=dry_run)
            if dry_run:
                return merged.report
            for person in merged.people:
                tx.put_person(_checked(person))
            if merged.report.leaving:
                repair = self._repair()
                repair.save(tx, repair.leave({e: leave_on for e in merged.report.leaving}))
            r = merged.report
            tx.summary = f"imported {source}: {len(r.added)} added, {len(r.updated)} updated" + (
                f", {len(r.leaving)} leaving after {leave_on}" if r.leaving else "")
        return merged.report


def reading_order(people: list[Person]) -> list[Person]:
    """``people`` sorted as readers of the user's language sort names (then by e-mail)."""
    if len(people) < 2:
        return people  # nothing to sort: the collation library is not even loaded
    from rituals.core.collation import sorted_by  # deferred: ICU loads only to sort names

    return sorted_by(sorted(people, key=lambda p: p.email), lambda p: p.name)


def _matches(person: Person, flt: PersonFilter, today: date) -> bool:
    if flt.team and person.team.lower() != flt.team.lower():
        return False
    if flt.location and person.location.lower() != flt.location.lower():
        return False
    if flt.status == "paused" and not person.is_paused(today):
        return False
    if flt.status == "active" and person.is_paused(today):
        return False
    if flt.status == "newcomer" and not person.is_newcomer(today):
        return False
    needle = flt.text.strip().lower()
    haystack = " ".join((person.name, person.email, person.team, person.location, *person.tags)).lower()
    return all(word in haystack for word in needle.split())


def check_zone(name: str) -> str:
    from rituals.core.schedule import check_timezone

    return check_timezone(name)


def _checked(person: Person) -> Person:
    from rituals.core.roster import EMAIL, clean_name
    from rituals.core.schedule import check_timezone

    if not EMAIL.match(person.email):
        raise InvalidInput(f"bad e-mail {person.email!r}")
    name = clean_name(person.name)
    if not name:
        raise InvalidInput("a person needs a name")
    return dataclasses.replace(
        person,
        name=name,
        team=clean_name(person.team),
        location=clean_name(person.location) or REMOTE,
        timezone=check_timezone(person.timezone),
        tags=tuple(clean_name(t) for t in person.tags if clean_name(t)),
    )
