"""The 4-RGDDs of ``bases_rgdd``, checked by a checker that knows nothing of how they were made.

A 4-RGDD of type 3^u on v golfers (v = 0 mod 12) has v / 3 - 1 rounds, one of type 2^u
(v = 8 mod 12) has (v - 2) / 3: each golfer meets 3 new people a round and misses only the
2 or 1 others of its group (Ge, Lam, Ling and Shen 2005).
"""

from __future__ import annotations

from itertools import combinations

import pytest

from rituals.core.rotation.golf.bases_rgdd import RGDD
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.develop import develop
from rituals.core.rotation.golf.mols_product import product_mols
from rituals.core.rotation.golf.rgdd import find_rgdd, rgdd_shape, symmetries
from tests.core.test_golf_designs import check_schedule


def repeat_free_rounds(rounds, golfers):
    """The number of rounds, after asserting each splits 0..golfers-1 into groups of four and that no
    pair meets twice (the checker of test_golf_designs)."""
    return check_schedule(rounds, golfers // 4, 4)


def rounds_of_the_design(golfers):
    return golfers // 3 - 1 if golfers % 12 == 0 else (golfers - 2) // 3


@pytest.mark.parametrize("golfers", sorted(v for v, _ in RGDD))
def test_every_stored_rgdd_develops_into_its_design(golfers):
    family, base = RGDD[(golfers, 4)]
    assert family == "resolvable-gdd" and base.golfers == golfers
    assert repeat_free_rounds(develop(base), golfers) == rounds_of_the_design(golfers)


@pytest.mark.parametrize("golfers", sorted(v for v, _ in RGDD))
def test_the_catalog_builds_them_at_once(golfers):
    rounds, name = constructed_rounds(golfers // 4, 4, golfers)
    assert name == "resolvable-gdd"
    assert repeat_free_rounds(rounds, golfers) == rounds_of_the_design(golfers)


@pytest.mark.parametrize(("golfers", "unit"), [(44, 9), (96, 5)])
def test_the_search_finds_the_stored_base_round_again(golfers, unit):
    found = find_rgdd(golfers, unit)
    assert found == RGDD[(golfers, 4)][1]


@pytest.mark.parametrize("golfers", [36, 44])
def test_the_search_with_look_ahead_finds_a_design_too(golfers):
    found = find_rgdd(golfers, 1 if golfers % 12 == 0 else 9, look_ahead=True)
    assert repeat_free_rounds(develop(found), golfers) == rounds_of_the_design(golfers)


def test_the_symmetries_form_a_group_that_keeps_the_fixed_points_apart():
    maps = symmetries(96, 5)  # rho and nu: order 9
    assert len(maps) == 9
    as_set = {tuple(p) for p in maps}
    assert all(tuple(a[b[g]] for g in range(96)) in as_set for a in maps for b in maps)
    assert all(sorted(p) == list(range(96)) for p in maps)
    assert {p[93] for p in maps} == {93, 94, 95}  # the fixed points turn with the levels
    assert all(p[42] == 42 and p[43] == 43 for p in symmetries(44, 9))  # type 2^u: they stay


def test_shapes_without_such_a_design_or_symmetry_are_refused():
    assert rgdd_shape(44) == (14, 2) and rgdd_shape(96) == (31, 3)
    with pytest.raises(ValueError):
        rgdd_shape(40)
    with pytest.raises(ValueError):
        symmetries(44, 1)  # type 2^u needs w != 1
    with pytest.raises(ValueError):
        symmetries(96, 2)  # 2^3 is not 1 mod 31


@pytest.mark.parametrize(("n", "count"), [(36, 3), (20, 3), (15, 2), (12, 2)])
def test_macneish_products_are_mutually_orthogonal(n, count):
    squares = product_mols(n)  # min(q) - 1 over the prime-power factors q of n
    assert len(squares) == count
    for square in squares:
        assert all(sorted(row) == list(range(n)) for row in square)
        assert all(sorted(square[r][c] for r in range(n)) == list(range(n)) for c in range(n))
    for a, b in combinations(squares, 2):
        assert len({(a[r][c], b[r][c]) for r in range(n) for c in range(n)}) == n * n


def test_36_4_reaches_the_rgdd_of_type_3_48_through_a_resolvable_transversal_design():
    rounds, name = constructed_rounds(36, 4, 47)  # RTD(4, 36): 36 rounds, then 3^12 on each level: 11
    assert name == "transversal"
    assert repeat_free_rounds(rounds, 144) == 47 == rounds_of_the_design(144)
