"""Declines repair the group: someone who declined (or delegated) a planned session leaves its
groups, exactly as if marked absent (``svc.repair.absent``, the plan repair of pauses and
absences: the smallest change, priced as the rotation engine prices pairs). Groups keep their
numbers, so the next `rituals send` updates exactly the invites whose people changed, and cancels
the decliner's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

from rituals.core.attendance import WONT_COME
from rituals.core.frozen import frozen
from rituals.core.models import Ritual, Session
from rituals.locale import _


@frozen
class DeclineRepair:
    """One planned session before and after its decliners leave its groups."""

    before: Session
    after: Session
    leaving: tuple[str, ...]
    unplaced: tuple[str, ...] = ()

    def lines(self, names: Mapping[str, str]) -> list[str]:
        def name(email: str) -> str:
            return names.get(email, email)

        old = {frozenset(g) for g in self.before.groups}
        out = [
            _("{name} declined: leaves group {number}").format(name=name(e), number=n)
            for e in self.leaving
            for n, g in zip(self.before.numbers(), self.before.groups)
            if e in g
        ]
        out += [
            _("group {number} is now {names}").format(number=n, names=", ".join(name(e) for e in g))
            for n, g in zip(self.after.numbers(), self.after.groups)
            if frozenset(g) not in old
        ]
        out += [_("{name} has no group left (nobody they may meet)").format(name=name(e)) for e in self.unplaced]
        return [_("{session}: {change}").format(session=self.before.id, change=line) for line in out]


def declined(
    rituals: Mapping[str, Ritual], sessions: Iterable[Session], now: datetime
) -> Iterator[tuple[str, list[str]]]:
    """(session id, the members who declined it) for every coming planned session of a rotating
    ritual where someone in its groups declined."""
    for session in sessions:
        ritual = rituals.get(session.ritual_id)
        if ritual is None or not ritual.grouping.rotates or session.status != "planned" or session.start <= now:
            continue
        leaving = sorted(r.email for r in session.responses if r.status in WONT_COME and r.email in session.members)
        if leaving:
            yield session.id, leaving
