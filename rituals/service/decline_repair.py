"""Declines repair the group: someone who declined (or delegated) a planned session leaves its
groups, and whoever that leaves alone joins another group of that session or is matched with
another person whose partner declined (``rituals.core.rotation.repair.repair_round``: the
smallest change). Groups keep their numbers, so the next `rituals send` updates exactly the
invites whose people changed, and cancels the decliner's.

A stand-in: the plan repair of pauses and absences (``svc.repair``) does this for every kind of
leaving, with the rotation engine's pair prices. Once it is on the main line, `preview` becomes
``svc.repair.absent(session_id, decliners)`` per session and `apply` its ``save``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime

from rituals.core.attendance import WONT_COME
from rituals.core.frozen import frozen
from rituals.core.history import pair_history
from rituals.core.models import Person, Ritual, Session, normalise_email

TEAM_PRICE = 1.0  # two people of one team in a cross-team ritual cost as much as one repeat


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
        out = [f"{name(e)} declined: leaves group {n}" for e in self.leaving
               for n, g in zip(self.before.numbers(), self.before.groups) if e in g]
        out += [f"group {n} is now {', '.join(name(e) for e in g)}"
                for n, g in zip(self.after.numbers(), self.after.groups) if frozenset(g) not in old]
        out += [f"{name(e)} has no group left (nobody they may meet)" for e in self.unplaced]
        return [f"{self.before.id}: {line}" for line in out]


def preview(rituals: Mapping[str, Ritual], sessions: list[Session], people: Mapping[str, Person],
            now: datetime) -> list[DeclineRepair]:
    """The repair of every coming planned session where a member declined."""
    from rituals.core.rotation.repair import repair_round  # deferred: only when someone declined

    out = []
    plan = list(sessions)
    for index, session in enumerate(plan):
        ritual = rituals.get(session.ritual_id)
        if ritual is None or not ritual.grouping.rotates or session.status != "planned" or session.start <= now:
            continue
        leaving = sorted(r.email for r in session.responses if r.status in WONT_COME and r.email in session.members)
        if not leaving:
            continue
        cost = _pair_cost(ritual, people, [s for s in plan if s.id != session.id])
        fixed = repair_round(session.groups, leaving, size=ritual.grouping.size or 2, cost=cost)
        kept = dict(zip(map(frozenset, session.groups), session.explanations))
        why = tuple(kept.get(frozenset(g), "re-formed after a decline") for g in fixed.groups)
        after = dataclasses.replace(session, groups=fixed.groups, group_numbers=fixed.numbers(session.numbers()),
                                    explanations=why)
        plan[index] = after  # the next sessions are priced against this one
        out.append(DeclineRepair(session, after, tuple(leaving), fixed.unplaced))
    return out


def _pair_cost(ritual: Ritual, people: Mapping[str, Person], others: list[Session]):  # type: ignore[no-untyped-def]
    planned = [dataclasses.replace(s, status="held", attended=(), absent=()) if s.status == "planned" else s
               for s in others if s.status != "cancelled"]
    met = {pair: float(len(days)) for pair, days in pair_history(planned).items()}
    excluded = {frozenset((p.email, normalise_email(o))) for p in people.values() for o in p.excluded}
    team = {p.email: p.team for p in people.values()} if ritual.grouping.mix == "cross-team" else {}

    def cost(a: str, b: str) -> float | None:
        pair = frozenset((a, b))
        if pair in excluded:
            return None
        same_team = a in team and team[a] == team.get(b)
        return met.get(pair, 0.0) + (TEAM_PRICE if same_team else 0.0)

    return cost
