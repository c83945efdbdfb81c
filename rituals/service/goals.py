"""The organisation's goals for people over time, as the lead sets them: the participation
budget (at most so many invitations a week or a month) and the newcomers' onboarding trail.
`People.set_budget` and `People.set_trail` are the entry points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.locale import N_, _
from rituals.locale.said import Nn_

if TYPE_CHECKING:
    from rituals.core.budget import Budget
    from rituals.core.trail import TrailGoal
    from rituals.store import Store


def set_budget(
    store: Store, per_week: int | None, per_month: int | None, team: str | None = None, clear: bool = False
) -> Budget:
    """Cap each person's ritual invitations per calendar week and month, for the organisation
    or one ``team``; ``clear`` removes those caps."""
    from rituals.core.budget import Budget, Caps
    from rituals.service.participation import SETTINGS, read_budget

    for value in (per_week, per_month):
        if value is not None and value < 1:
            raise InvalidInput(_("a cap is at least 1 invitation (use --clear to remove it)"))
    with store.transaction() as tx:
        budget = read_budget(store)
        caps = Caps() if clear else Caps(per_week, per_month)
        if team:
            if team.lower() not in {p.team.lower() for p in store.people()}:
                raise InvalidInput(_("unknown team {team!r}").format(team=team))
            teams = [(n, c) for n, c in budget.teams if n.lower() != team.lower()] + ([] if clear else [(team, caps)])
            budget = Budget(budget.caps, tuple(sorted(teams)))
        else:
            budget = Budget(caps, budget.teams)
        tx.set_state(SETTINGS, "budget", budget.to_dict())
        if team:
            tx.say(N_("participation budget of {team}: {caps}"), team=team, caps=caps.said())
        else:
            tx.say(N_("participation budget: {caps}"), caps=caps.said())
    return budget


def set_trail(
    store: Store,
    weeks: int | None = None,
    teams: tuple[str, ...] | None = None,
    kinds: tuple[str, ...] | None = None,
    clear: bool = False,
) -> TrailGoal | None:
    """The newcomers' goal: meet someone of each of ``teams`` (empty: every other team)
    within ``weeks`` of arriving, in rituals of ``kinds`` (empty: all); ``clear`` drops it."""
    from rituals.core.models import KINDS
    from rituals.core.trail import TrailGoal
    from rituals.service.participation import SETTINGS, read_trail

    with store.transaction() as tx:
        if clear:
            tx.delete_state(SETTINGS, "trail")
            tx.say(N_("onboarding trail goal removed"))
            return None
        goal = read_trail(store) or TrailGoal()
        if weeks is not None and not 1 <= weeks <= 52:
            raise InvalidInput(_("a trail lasts 1 to 52 weeks, not {weeks}").format(weeks=weeks))
        known = {p.team.lower(): p.team for p in store.people() if p.team}
        unknown = [t for t in teams or () if t.lower() not in known]
        if unknown:
            raise InvalidInput(_("unknown team {unknown!r}").format(unknown=unknown[0]))
        bad = [k for k in kinds or () if k not in KINDS]
        if bad:
            raise InvalidInput(_("unknown ritual kind {bad!r}: use {items}").format(bad=bad[0], items=", ".join(KINDS)))
        goal = TrailGoal(
            weeks or goal.weeks,
            goal.teams if teams is None else tuple(known[t.lower()] for t in teams),
            goal.kinds if kinds is None else tuple(kinds),
        )
        tx.set_state(SETTINGS, "trail", goal.to_dict())
        tx.say(
            Nn_("onboarding trail: every team within {n} week", "onboarding trail: every team within {n} weeks"),
            n=goal.weeks,
        )
    return goal
