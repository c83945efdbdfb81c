"""Teams on the levels of a transversal design (rotation_teams) and what the engine makes of it."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.sizes import group_sizes
from rituals.core.rotation.teams import team_level_rounds


def labels(team_sizes: list[int]) -> list[str]:
    """One label a person, teams interleaved so that the order says nothing, a few without team."""
    people = [f"Team {t}" for t, n in enumerate(team_sizes) for _ in range(n)]
    return people[::2] + people[1::2]


@pytest.mark.parametrize(
    "team_sizes, size, rounds",
    [
        ([8, 8, 8, 8], 4, 8),  # each team fills a level: 8 rounds, nobody meets a teammate
        ([7, 7, 7, 7, 6], 5, 7),  # 34 in fives: one group of four a round, the holes on one level
        ([5, 5, 4, 3, 3, 3, 2, 2, 2, 2, 2], 3, 11),  # small teams packed whole onto 3 levels of 11
        # orders that are not prime powers: the rows of mutually orthogonal Latin squares
        ([10] * 9 + [7], 10, 3),  # a pair of squares of order 10: the columns and 2 squares' symbols
        ([12] * 12, 12, 6),  # five squares of order 12
        ([6] * 6, 6, 2),  # one square of order 6 (it has no orthogonal mate)
        ([12, 12, 12, 12, 12, 10], 6, 12),  # a resolvable transversal design from those five
        ([10, 10, 10], 3, 10),  # ... and from the pair of order 10
    ],
)
def test_whole_teams_on_levels_never_meet_and_nobody_meets_twice(team_sizes, size, rounds) -> None:
    teams = labels(team_sizes)
    sizes = group_sizes(len(teams), size)
    plan = team_level_rounds(teams, sizes, rounds)
    assert plan is not None and len(plan) == rounds
    met: Counter = Counter()
    for groups in plan:
        assert [len(g) for g in groups] == sizes
        assert sorted(p for g in groups for p in g) == list(range(len(teams)))
        met.update(frozenset(pair) for g in groups for pair in combinations(g, 2))
    assert max(met.values()) == 1
    assert not [pair for pair in met if len({teams[p] for p in pair}) == 1]


def test_a_team_larger_than_a_level_is_split_and_meets_only_where_its_parts_cross() -> None:
    teams = labels([10, 8, 7, 7])  # 32 in fours: levels of 8, the team of 10 cannot fit one
    plan = team_level_rounds(teams, group_sizes(32, 4), 8)
    assert plan is not None
    same = Counter(
        frozenset(pair)
        for groups in plan
        for g in groups
        for pair in combinations(g, 2)
        if teams[pair[0]] == teams[pair[1]]
    )
    assert 0 < sum(same.values()) <= 2 * 8 + 1 * 7  # two left over: each meets the 8-part once


@pytest.mark.parametrize(
    "people, size, rounds", [(30, 6, 2), (36, 6, 7), (40, 4, 11), (3, 2, 1), (36, 6, 3), (100, 10, 4)]
)
def test_layouts_it_cannot_build_say_so(people: int, size: int, rounds: int) -> None:
    # 5 groups of 6: more levels than groups; 6 groups for 7 rounds and 10 groups for 11: more
    # rounds than groups; one group: nothing to lay out; 6 groups of 6 for 3 rounds and 10 of 10
    # for 4: the squares of order 6 (one) and 10 (two) give one round more than their number
    assert team_level_rounds(labels([people]), group_sizes(people, size), rounds) is None


def test_the_engine_seats_four_teams_of_eight_apart_for_seven_rounds() -> None:
    # A team-blind Social Golfer schedule relabelled onto the people kept 28 same-team pairs.
    members = [Member(f"p{i}@x.org", team) for i, team in enumerate(labels([8, 8, 8, 8]))]
    plan = plan_rounds(members, 4, 7, seed=5, time_limit=60.0)
    assert plan.metrics["repeat_pairs"] == 0 and plan.metrics["same_team_pairs"] == 0
    assert plan.metrics["method"] == "team-levels+tabu"


def test_the_engine_seats_twelve_teams_of_twelve_apart_in_twelves() -> None:
    # 12 is not a prime power: the levels are the rows of five MOLS of order 12. A team-blind
    # Social Golfer schedule relabelled onto the people kept 119 same-team pairs here.
    members = [Member(f"p{i}@x.org", team) for i, team in enumerate(labels([12] * 12))]
    plan = plan_rounds(members, 12, 6, seed=1)
    assert plan.metrics["repeat_pairs"] == 0 and plan.metrics["same_team_pairs"] == 0
