"""The 4-RGDDs of ``bases_rgdd4`` and the search that found them (``rgdd4_search``).

The checker here knows nothing of how the designs were made: every round splits 0..v-1 into
groups of four, no pair meets twice, and the pairs that never meet are the design's groups, all
of one size g (2 when v = 8 mod 12, 3 when v = 0 mod 12), so that there are (v - g) / 3 rounds
(each golfer meets 3 new people a round: Ge, Lam, Ling and Shen 2005, from the definition).
"""

from __future__ import annotations

from itertools import combinations

import pytest

from rituals.core.rotation.golf.bases_rgdd4 import RGDD4
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.develop import develop
from rituals.core.rotation.golf.rgdd4_search import find_scarce


def rgdd_rounds(rounds, golfers):
    """The number of rounds, after asserting that they form a 4-RGDD on ``golfers``."""
    met = set()
    for groups in rounds:
        assert all(len(group) == 4 for group in groups)
        assert sorted(x for group in groups for x in group) == list(range(golfers))
        for group in groups:
            for pair in combinations(sorted(group), 2):
                assert pair not in met, f"{pair} meets twice"
                met.add(pair)
    size = 2 if golfers % 12 == 8 else 3
    never = {x: {y for y in range(golfers) if y != x and (min(x, y), max(x, y)) not in met} for x in range(golfers)}
    for x, others in never.items():
        assert len(others) == size - 1  # x misses exactly the rest of its group...
        assert all(never[y] == others - {y} | {x} for y in others)  # ...who miss the same group
    assert len(rounds) * 3 == golfers - size
    return len(rounds)


def test_the_checker_catches_a_pair_met_twice_and_a_missing_round():
    rounds = develop(find_scarce(44, 9))
    assert rgdd_rounds(rounds, 44) == 14
    with pytest.raises(AssertionError):
        rgdd_rounds(rounds + rounds[:1], 44)
    with pytest.raises(AssertionError):
        rgdd_rounds(rounds[:-1], 44)


@pytest.mark.parametrize("golfers", sorted(RGDD4))
def test_every_stored_design_is_a_4_rgdd(golfers):
    base = RGDD4[golfers]
    assert base.golfers == golfers
    assert rgdd_rounds(develop(base), golfers) == (golfers - (2 if golfers % 12 == 8 else 3)) // 3


@pytest.mark.parametrize("golfers", sorted(RGDD4))
def test_the_catalog_builds_them_at_once(golfers):
    rounds, name = constructed_rounds(golfers // 4, 4, golfers)
    assert name == "resolvable-gdd"
    assert rgdd_rounds(rounds, golfers) == (golfers - (2 if golfers % 12 == 8 else 3)) // 3


@pytest.mark.parametrize(("golfers", "unit"), [(36, 1), (44, 9), (48, 1)])
def test_the_search_finds_small_designs(golfers, unit):
    found = find_scarce(golfers, unit)
    assert found is not None
    assert rgdd_rounds(develop(found), golfers) == (golfers - (2 if golfers % 12 == 8 else 3)) // 3


def test_a_seed_gives_one_answer():
    assert find_scarce(44, 9, seed=0) == find_scarce(44, 9, seed=0)


@pytest.mark.parametrize(("golfers", "unit"), [(24, 2), (60, 7)])
def test_the_diagonal_group_of_order_3_finds_designs_too(golfers, unit):
    found = find_scarce(golfers, unit, diagonal=True)
    assert found is not None
    assert rgdd_rounds(develop(found), golfers) == golfers // 3 - 1
