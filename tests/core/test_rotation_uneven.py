"""Uneven group sizes from a Social Golfer schedule, and what that buys cross-team plans."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
import pytest

from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.relabel import golf_rounds
from rituals.core.rotation.sizes import group_sizes


def meetings(rounds) -> Counter:
    return Counter(frozenset(p) for groups in rounds for g in groups for p in combinations(g, 2))


@pytest.mark.parametrize(
    "people, size, rounds, how",
    [
        (37, 4, 8, "+extras"),  # 9 x 4 and one more: a transversal design plus an extra golfer
        (35, 4, 8, "+holes"),  # 9 x 4 less one: eight fours and a three
        (22, 3, 6, "+extras"),  # 7 x 3 and one more
    ],
)
def test_uneven_sizes_come_from_an_even_schedule_without_repeats(people, size, rounds, how) -> None:
    sizes = group_sizes(people, size)
    found = golf_rounds(sizes, rounds, seed=1, time_limit=10.0, rng=np.random.default_rng(1))
    assert found is not None
    structure, method = found
    assert method.endswith(how)
    assert len(structure) == rounds
    for groups in structure:
        assert [len(g) for g in groups] == sizes
        assert sorted(x for g in groups for x in g) == list(range(people))
    assert max(meetings(structure).values()) == 1


def org(team_sizes: list[int]) -> list[Member]:
    """Teams of the given sizes, interleaved so that roster order says nothing about teams."""
    members = [Member(f"t{t}p{i}", f"Team {t}") for t, n in enumerate(team_sizes) for i in range(n)]
    return members[::2] + members[1::2]


def odd_seats(plan, size: int) -> Counter:
    return Counter(p for groups in plan.rounds for g in groups if len(g) != size for p in g)


def fair(odd: Counter, people: int) -> bool:
    """Nobody sits in an odd-size group more than once past the share (rounded up)."""
    return not odd or max(odd.values()) <= -(-sum(odd.values()) // people) + 1


def test_cross_team_plan_for_uneven_teams_is_repeat_free_fair_and_mixed() -> None:
    # The benchmark's first organisation: one team of 10 over 9 groups forces a same-team pair
    # each round (8 in all); a random shuffle gives about 80. An even design plus one extra
    # golfer reaches 12 but seats the extra in the group of five every round; the odd seat
    # must turn. An affine plane over GF(9) with a turning level of 10 (golf_levels) does both:
    # the team of 10 on that level meets only in the fives; 11 to 13 over seeds 1..5.
    members = org([10, 7, 6, 5, 5, 4])
    plan = plan_rounds(members, 4, 8, mix="cross-team", seed=1, time_limit=60)
    assert plan.metrics["repeat_pairs"] == 0
    assert fair(odd_seats(plan, 4), len(members))
    assert plan.metrics["same_team_pairs"] <= 16
    assert plan.metrics["method"].startswith("golf:")


def test_smaller_uneven_teams_too() -> None:
    members = org([8, 6, 5, 4, 2])  # 25 people in seven threes and a four; a shuffle, about 38 same-team meetings
    plan = plan_rounds(members, 3, 7, mix="cross-team", seed=2, time_limit=60)
    assert plan.metrics["repeat_pairs"] == 0
    assert fair(odd_seats(plan, 3), len(members))
    assert plan.metrics["same_team_pairs"] <= 10


@pytest.mark.parametrize("people, size, rounds", [(22, 3, 8), (37, 4, 8)])
def test_odd_seats_turn_fairly_in_a_repeat_free_plan_near_the_bound(people, size, rounds) -> None:
    # 22 in threes: one four a round, 8 rounds of a bound of 10; 37 in fours: one five, 8 of 12.
    # An extra golfer added to an even schedule would sit in the larger group every round.
    members = [Member(f"p{i}") for i in range(people)]
    plan = plan_rounds(members, size, rounds, mix="random", seed=1, time_limit=30)
    assert plan.metrics["repeat_pairs"] == 0
    odd = Counter(p for groups in plan.rounds for g in groups if len(g) != size for p in g)
    assert max(odd.values()) <= -(-sum(odd.values()) // people) + 1
    assert "rotational-uneven" in plan.metrics["method"] or "affine-levels" in plan.metrics["method"]


@pytest.mark.parametrize("team_sizes, size", [([20, 18, 16, 14, 13, 12, 11, 10, 10, 9, 9, 9], 5), ([7, 7, 7, 7, 6], 5)])
def test_the_search_stops_once_no_better_plan_can_exist(team_sizes: list[int], size: int) -> None:
    # With N not a multiple of k some people must sit in the odd group, so the objective never
    # reaches zero; the search used to spend its whole budget on a plan that was already the
    # best possible (151 people: 8 s instead of 0.2 s). It must stop at the lower bound.
    members = org(team_sizes)
    assert len(members) % size
    plan = plan_rounds(members, size, 4, seed=3, time_limit=120.0)
    m = plan.metrics
    assert m["repeat_pairs"] == 0 and m["same_team_pairs"] == 0
    assert fair(odd_seats(plan, size), len(members))
    assert m["iterations"] < 300, "the search went on past a plan no other plan beats"
