"""Rituals and their sessions: create, edit, cancel, and who is invited on a given day."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from rituals.core.errors import Conflict, InvalidInput, NotFound
from rituals.core.models import Person, Ritual, Session
from rituals.core.ritual_spec import RitualSpec, build_ritual
from rituals.core.schedule import occurrences
from rituals.service.base import ServiceBase


class RitualsMixin(ServiceBase):
    def list_rituals(self, include_cancelled: bool = True) -> list[Ritual]:
        return [r for r in self.store.rituals() if include_cancelled or r.status == "active"]

    def get_ritual(self, ritual_id: str) -> Ritual:
        return self.store.ritual(ritual_id.strip())

    def add_ritual(self, spec: RitualSpec) -> Ritual:
        """Create a ritual; without a time zone it takes the team's most common one (else UTC)."""
        if spec.timezone is None:
            spec = dataclasses.replace(spec, timezone=self.team_timezone() or "UTC")
        ritual = build_ritual(spec, today=self.today(), holidays=self.holidays)
        with self.store.transaction() as tx:
            self._check_references(ritual)
            taken = {r.id for r in self.store.rituals()}
            if spec.id and ritual.id in taken:
                raise Conflict(f"a ritual with id {ritual.id!r} already exists")
            ritual = dataclasses.replace(ritual, id=_free_id(ritual.id, taken))
            tx.put_ritual(ritual)
        return ritual

    def create_ritual(self, ritual: Ritual) -> Ritual:
        """Store a ritual built elsewhere (an idea turned into a draft), under a free id."""
        with self.store.transaction() as tx:
            self._check_references(ritual)
            ritual = dataclasses.replace(ritual, id=_free_id(ritual.id, {r.id for r in self.store.rituals()}))
            tx.put_ritual(ritual)
        return ritual

    def edit_ritual(self, ritual_id: str, spec: RitualSpec) -> Ritual:
        with self.store.transaction() as tx:
            current = self.get_ritual(ritual_id)
            if spec.id and spec.id != current.id:
                raise InvalidInput("a ritual's id cannot change (its sessions and invites refer to it)")
            ritual = build_ritual(spec, current, today=self.today(), holidays=self.holidays)
            self._check_references(ritual)
            tx.put_ritual(ritual)
        return ritual

    def cancel_ritual(self, ritual_id: str) -> Ritual:
        """Stop a ritual: it stays in the history, and its planned sessions are cancelled."""
        with self.store.transaction() as tx:
            ritual = dataclasses.replace(self.get_ritual(ritual_id), status="cancelled")
            tx.put_ritual(ritual)
            for session in self.store.sessions(ritual.id):
                if session.status == "planned":
                    tx.put_session(dataclasses.replace(session, status="cancelled"))
        return ritual

    def remove_ritual(self, ritual_id: str) -> tuple[Ritual, int]:
        """Delete a ritual and its sessions that never happened; held sessions stay as history."""
        with self.store.transaction() as tx:
            ritual = self.get_ritual(ritual_id)
            tx.delete_ritual(ritual.id)
            dropped = 0
            for session in self.store.sessions(ritual.id):
                if session.status != "held":
                    dropped += tx.delete_session(session.id)
        return ritual, dropped

    def _check_references(self, ritual: Ritual) -> None:
        people = {p.email for p in self.store.people()}
        if ritual.organizer and ritual.organizer not in people:
            raise NotFound(f"unknown organizer {ritual.organizer!r}")
        if ritual.audience.kind == "people":
            unknown = [m for m in ritual.audience.members if m not in people]
            if unknown:
                raise NotFound(f"unknown person {unknown[0]!r} in the audience")
        elif ritual.audience.kind == "teams":
            teams = {p.team.lower() for p in self.store.people()}
            unknown = [t for t in ritual.audience.members if t.lower() not in teams]
            if unknown:
                raise NotFound(f"unknown team {unknown[0]!r} in the audience")

    # ------------------------------------------------------------------ dates and people
    def next_dates(self, ritual: Ritual, count: int = 1, after: date | datetime | None = None) -> list[datetime]:
        """The next ``count`` occurrences from ``after`` (default: now)."""
        start = after if after is not None else self.now()
        return occurrences(ritual.schedule, start=start, limit=count, holidays=self.holidays)

    def invited(self, ritual: Ritual, on: date | None = None) -> list[Person]:
        """The ritual's audience, minus people paused on that day."""
        return self.invited_among(ritual, self.store.people(), on or self.today())

    def invited_among(self, ritual: Ritual, people: list[Person], on: date) -> list[Person]:
        """The ritual's audience among ``people`` (already loaded), minus those paused on that day."""
        audience = ritual.audience
        if audience.kind == "teams":
            teams = {t.lower() for t in audience.members}
            people = [p for p in people if p.team.lower() in teams]
        elif audience.kind == "people":
            wanted = set(audience.members)
            people = [p for p in people if p.email in wanted]
        return [p for p in people if not p.is_paused(on)]

    # ------------------------------------------------------------------ sessions
    def list_sessions(self, ritual_id: str | None = None, status: str | None = None) -> list[Session]:
        return [s for s in self.store.sessions(ritual_id) if status is None or s.status == status]

    def get_session(self, session_id: str) -> Session:
        return self.store.session(session_id.strip())

    def upcoming_sessions(self, days: int = 30) -> list[Session]:
        now = self.now()
        horizon = now + timedelta(days=days)
        return [s for s in self.store.sessions() if s.status == "planned" and now <= s.start < horizon]

    def cancel_session(self, session_id: str) -> Session:
        with self.store.transaction() as tx:
            session = self.get_session(session_id)
            if session.status == "held":
                raise InvalidInput(f"session {session.id} was already held; it cannot be cancelled")
            session = dataclasses.replace(session, status="cancelled")
            tx.put_session(session)
        return session


def _free_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
