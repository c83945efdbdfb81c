"""When history is full, teams still mix: the plan reaches the fewest pairs of teammates that a
brute force finds, though every cross-team pair met recently and no teammates did."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest

from rituals.core.rotation import Member, plan_rounds

TODAY = date(2026, 11, 23)


def partitions(people: list[str], size: int):
    """Every split of ``people`` into groups of ``size`` (the first person anchors each group)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for mates in combinations(rest, size - 1):
        left = [p for p in rest if p not in mates]
        for tail in partitions(left, size):
            yield [(first, *mates), *tail]


def teammates(groups, team_of: dict[str, str]) -> int:
    return sum(team_of[a] == team_of[b] for g in groups for a, b in combinations(g, 2))


@pytest.mark.parametrize("teams, seed", [([5, 2, 2], 1), ([4, 4, 1], 2), ([6, 3, 3], 3)])
def test_fewest_teammates_of_a_brute_force_when_every_cross_team_pair_met(teams: list[int], seed: int) -> None:
    team_of = {f"t{t}p{i}": f"Team {t}" for t, n in enumerate(teams) for i in range(n)}
    people = sorted(team_of)
    # every cross-team pair met last week and often; no teammates ever met
    week = [TODAY - timedelta(weeks=w) for w in range(1, 4)]
    history = {frozenset((a, b)): week for a, b in combinations(people, 2) if team_of[a] != team_of[b]}
    fewest = min(teammates(groups, team_of) for groups in partitions(people, 3))
    members = [Member(p, team_of[p]) for p in people]
    plan = plan_rounds(members, 3, 2, history=history, today=TODAY, seed=seed)
    for groups in plan.rounds:
        assert teammates(groups, team_of) == fewest
