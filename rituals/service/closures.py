"""Company closures (the Christmas week): add, list, remove. Every ritual's dates in a closure
are skipped or moved to the next working day, as the ritual says (``Schedule.on_closed``); the
groups already planned on such a date move with it, or are dropped (their invites are then
cancelled by the next export). Removing a closure opens its dates again."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import TYPE_CHECKING

from rituals.core.closures import Closure, checked_closure, closures_from
from rituals.core.errors import NotFound
from rituals.core.frozen import frozen
from rituals.core.models import Session
from rituals.core.ritual_spec import slugify
from rituals.core.schedule import planned_dates
from rituals.locale import N_, _
from rituals.locale.said import Said, said, spoken
from rituals.service.context import CLOSURES, Context

if TYPE_CHECKING:
    from rituals.store.transaction import Transaction


@frozen
class ClosureChange:
    """A closure added, and what became of the planned sessions it covers."""

    closure: Closure
    moved: tuple[tuple[str, str], ...] = ()  # (old session id, new session id)
    dropped: tuple[str, ...] = ()  # session ids

    def summary(self) -> str:
        return spoken(self.said()) or self.closure.id

    def said(self) -> Said:
        return said(
            N_("closure {closure}: {moved} planned session(s) moved, {dropped} dropped"),
            closure=self.closure.said(),
            moved=len(self.moved),
            dropped=len(self.dropped),
        )


class Closures:
    """The company's closures."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.store = context.store

    def all(self) -> tuple[Closure, ...]:
        return closures_from(self.store.states(CLOSURES))

    def add(self, start: date, end: date, name: str = "") -> ClosureChange:
        """Close the company from ``start`` to ``end`` (both included)."""
        name = " ".join(name.split())
        with self.store.transaction() as tx:
            taken = {c.id for c in self.all()}
            wanted = slugify(name) if name else f"closure-{start.isoformat()}"
            key, n = wanted, 2
            while key in taken:
                key, n = f"{wanted}-{n}", n + 1
            closure = checked_closure(Closure(key, start, end, name))
            tx.set_state(CLOSURES, key, {"start": start.isoformat(), "end": end.isoformat(), "name": name})
            change = self._reschedule(tx, (*self.all(), closure), closure)
            tx.say(N_("added {closure}"), closure=change.said())
        return change

    def remove(self, closure_id: str) -> Closure:
        """Open the closure's dates again (sessions dropped for it are planned again as usual)."""
        with self.store.transaction() as tx:
            closure = next((c for c in self.all() if c.id == closure_id.strip()), None)
            if closure is None:
                raise NotFound(
                    _("unknown closure {closure_id!r} (see `rituals closure list`)").format(closure_id=closure_id)
                )
            tx.delete_state(CLOSURES, closure.id)
            tx.say(N_("removed the closure {closure}"), closure=closure.said())
        return closure

    def _reschedule(self, tx: Transaction, closures: tuple[Closure, ...], added: Closure) -> ClosureChange:
        """Move or drop the planned sessions on the dates ``added`` closes."""
        moved: list[tuple[str, str]] = []
        dropped: list[str] = []
        sessions = [s for s in self.store.sessions() if s.status == "planned" and added.covers(s.day)]
        taken = {s.id for s in self.store.sessions()}
        for ritual in self.store.rituals():
            mine = {s.day: s for s in sessions if s.ritual_id == ritual.id}
            if not mine:
                continue
            for item in planned_dates(ritual.schedule, holidays=self.context.holidays, closures=closures):
                if item.due.date() > added.end:
                    break
                session = mine.get(item.due.date())
                if session is None or not item.why:
                    continue
                tx.delete_session(session.id)
                if item.start is None:
                    dropped.append(session.id)
                    continue
                again = _moved(session, item.start)
                if again.id in taken:
                    dropped.append(session.id)
                    continue
                tx.put_session(again)
                moved.append((session.id, again.id))
        return ClosureChange(added, tuple(moved), tuple(dropped))


def _moved(session: Session, start: datetime) -> Session:
    """``session`` on the date it moves to."""
    return dataclasses.replace(session, start=start)
