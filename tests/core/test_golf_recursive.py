"""Triple systems by recursive constructions, and their ingredients, checked by checkers of their own.

The checkers know nothing of inflation or filling: every round a partition of the points into
triples, no pair twice, and for the ingredients every pair across the groups met exactly once
(the definitions of a 3-RGDD and a Kirkman frame). The expected round counts come from the
definitions: (v - 1) / 2 rounds for a KTS(v), (v - 2) / 2 for an NKTS(v), g (u - 1) / 2 for a
3-RGDD of type g^u.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from rituals.core.rotation.golf.bases_small_rgdd import FRAME_2_10, RGDD_6_7
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.develop import develop
from rituals.core.rotation.golf.recursive import inflate, recursive_rounds, resolvable_td
from rituals.core.rotation.golf.recursive_search import find_frame_2_10, find_rgdd_6_7
from rituals.core.rotation.golf.solver import solve
from tests.core.test_golf_designs import check_schedule
from tests.core.test_golf_frames import assert_frame

# golfers: rounds of the KTS (v = 3 mod 6) or NKTS (v = 0 mod 6)
SYSTEMS = {126: 62, 141: 70, 150: 74}


def assert_rgdd(rounds, groups):
    """Every round a partition of all the points into triples; no pair within a group; every
    pair across two groups met exactly once; g (u - 1) / 2 rounds for type g^u."""
    group_of = {x: i for i, group in enumerate(groups) for x in group}
    points = len(group_of)
    met = set()
    for round_ in rounds:
        assert sorted(x for triple in round_ for x in triple) == list(range(points))
        for triple in round_:
            assert len(triple) == 3
            for a, b in combinations(sorted(triple), 2):
                assert group_of[a] != group_of[b] and (a, b) not in met
                met.add((a, b))
    g, u = len(groups[0]), len(groups)
    assert all(len(group) == g for group in groups)
    assert len(met) == points * (points - 1) // 2 - u * g * (g - 1) // 2
    assert len(rounds) == g * (u - 1) // 2


@pytest.mark.parametrize("golfers", sorted(SYSTEMS))
def test_recursive_triple_systems_reach_the_counting_bound(golfers):
    rounds, _ = recursive_rounds(golfers)
    assert check_schedule(rounds, golfers // 3, 3) == SYSTEMS[golfers]
    built = constructed_rounds(golfers // 3, 3, golfers)
    assert check_schedule(built[0], golfers // 3, 3) == SYSTEMS[golfers]


def test_solve_returns_the_construction():
    result = solve(50, 3, 74, effort=0.01)
    assert result.method == "recursive-rgdd" and result.rounds_repeat_free == 74 and result.repeats == 0


def test_other_sizes_are_not_claimed():
    assert recursive_rounds(144) is None


@pytest.mark.parametrize("m", [3, 7, 10])
def test_resolvable_td_is_a_3_rgdd_of_type_m_cubed(m):
    # point (coordinate c, value i) is c * m + i; the groups are the coordinates
    rounds = [[[i, m + j, 2 * m + k] for i, j, k in cells] for cells in resolvable_td(m)]
    assert_rgdd(rounds, [list(range(c * m, c * m + m)) for c in range(3)])  # type m^3: m rounds


def test_rgdd_6_7_is_a_3_rgdd():
    assert_rgdd(develop(RGDD_6_7), [[level * 7 + x for level in range(6)] for x in range(7)])


def test_frame_2_10_is_a_kirkman_frame():
    rounds = develop(FRAME_2_10)
    groups = [{x, 5 + x} for x in range(5)] + [{10 + x, 15 + x} for x in range(5)]
    assert_frame(rounds, groups)
    assert len(rounds) == 10  # one holey round per group of 2


def test_inflating_the_3_rgdd_6_7_by_3_gives_type_18_7():
    groups = [[(level * 7 + x) * 3 + i for level in range(6) for i in range(3)] for x in range(7)]
    assert_rgdd(inflate(develop(RGDD_6_7), 3), groups)


def test_inflating_a_frame_keeps_the_holes():
    rounds = inflate(develop(FRAME_2_10), 7)
    pairs = [{x, 5 + x} for x in range(5)] + [{10 + x, 15 + x} for x in range(5)]
    assert_frame(rounds, [{p * 7 + i for p in pair for i in range(7)} for pair in pairs])


def test_searches_find_the_stored_ingredients_again():
    frame = find_frame_2_10(seed=0)
    assert frame == FRAME_2_10
    assert_frame(develop(frame), [{x, 5 + x} for x in range(5)] + [{10 + x, 15 + x} for x in range(5)])
    rgdd = find_rgdd_6_7(seed=0)
    assert rgdd == RGDD_6_7
    assert_rgdd(develop(rgdd), [[level * 7 + x for level in range(6)] for x in range(7)])


def test_another_seed_finds_another_valid_frame():
    frame = find_frame_2_10(seed=3)
    assert frame is not None
    assert_frame(develop(frame), [{x, 5 + x} for x in range(5)] + [{10 + x, 15 + x} for x in range(5)])
