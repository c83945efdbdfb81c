"""Planned sessions written straight into the store, as a lead (or an older version) left them.

The groups come from a fixed rotation worked out here, not from the rotation engine, so that a
test of the plan repair sees a plan it did not make and knows every group in advance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from rituals.core.models import Session
from rituals.service import Service

NEW_PAIR = "a new pair"  # what the engine writes for a pair that never met


def rotation(emails: Sequence[str], size: int, round_index: int) -> list[tuple[str, ...]]:
    """Round ``round_index`` of a simple rotation: the people in a ring turned by the round,
    cut into groups of ``size``; a last group of one joins the one before it."""
    ring = list(emails)
    shift = round_index % max(len(ring), 1)
    ring = ring[shift:] + ring[:shift]
    if round_index % 2:
        ring = ring[::2] + ring[1::2]  # every other round, neighbours part
    groups = [tuple(ring[i : i + size]) for i in range(0, len(ring), size)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        last = groups.pop()
        groups[-1] += last
    return groups


def plant(
    svc: Service, ritual_id: str, rounds: int, *, after: date | None = None, people: Iterable[str] | None = None
) -> list[Session]:
    """Record ``rounds`` planned sessions of a rotating ritual from its next dates (after
    ``after``): its invited people of that day (or ``people``), grouped by `rotation`."""
    ritual = svc.rituals.get(ritual_id)
    start = datetime.combine(after, datetime.min.time()) if after else None
    days = svc.rituals.next_dates(ritual, rounds, after=start)
    sessions = []
    for r, when in enumerate(days):
        chosen = (
            sorted(people) if people is not None else sorted(p.email for p in svc.rituals.invited(ritual, when.date()))
        )
        groups = tuple(rotation(chosen, ritual.grouping.size or 2, r))
        sessions.append(Session(ritual.id, when, groups, "planned", tuple(NEW_PAIR for _ in groups)))
    with svc.store.transaction() as tx:
        for session in sessions:
            tx.put_session(session)
    return sessions


def planned(svc: Service) -> dict[str, Session]:
    return {s.id: s for s in svc.sessions.all(status="planned")}


def group_sets(session: Session) -> set[frozenset[str]]:
    return {frozenset(g) for g in session.groups}
