"""Constructions of repeat-free schedules, each checked by a checker of its own.

The checker below knows nothing of the constructions: it counts every golfer once per round and
every pair at most once over all rounds. The expected round counts come from design theory
(the counting bound, and the existence theorems the constructions realise), not from the code.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from rituals.core.rotation.golf.arcs import arc_rounds
from rituals.core.rotation.golf.bases import BASES
from rituals.core.rotation.golf.bases_packings import PACKINGS
from rituals.core.rotation.golf.bases_rotational import ROTATIONAL
from rituals.core.rotation.golf.catalog import constructed_rounds, kirkman_product
from rituals.core.rotation.golf.develop import develop, ring
from rituals.core.rotation.golf.differences import find_base_round
from rituals.core.rotation.golf.latin import mols, rectangle_rounds, resolvable_transversal, square_rounds
from rituals.core.rotation.golf.solver import solve


def check_schedule(rounds, groups, size):
    """The number of rounds, after asserting each is a partition of 0..groups*size-1 into
    ``groups`` groups of ``size`` and that no pair of golfers meets twice."""
    met = set()
    for groups_ in rounds:
        assert len(groups_) == groups
        assert all(len(group) == size for group in groups_)
        assert sorted(x for group in groups_ for x in group) == list(range(groups * size))
        for group in groups_:
            for pair in combinations(sorted(group), 2):
                assert pair not in met, f"{pair} meets twice"
                met.add(pair)
    return len(rounds)


def bound(golfers, size):
    """Each round a golfer meets size - 1 new people out of golfers - 1."""
    return (golfers - 1) // (size - 1)


def expected_rounds(family, golfers, size):
    """Rounds of each family of resolvable designs, from their definitions."""
    if family in ("kirkman", "resolvable-design"):
        return (golfers - 1) // (size - 1)
    if family == "nearly-kirkman":
        return (golfers - 2) // 2
    assert family == "resolvable-gdd"  # groups of 3 (v = 0 mod 12) or 2 (v = 8 mod 12) never meet
    return (golfers - (3 if golfers % 12 == 0 else 2)) // 3


@pytest.mark.parametrize(("golfers", "size"), sorted(BASES))
def test_every_stored_base_round_develops_into_its_design(golfers, size):
    family, base = BASES[(golfers, size)]
    assert base.golfers == golfers
    rounds = develop(base)
    assert check_schedule(rounds, golfers // size, size) == expected_rounds(family, golfers, size)


# Miller, Valkov and Abel (2026), appendix B: rounds from their own starter blocks
STARTER_BLOCKS = {(98, 7): 9, (112, 8): 8, (126, 9): 7, (135, 9): 7}


@pytest.mark.parametrize(("golfers", "size"), sorted(STARTER_BLOCKS))
def test_stored_rotational_base_rounds_reach_the_published_rounds(golfers, size):
    base = ROTATIONAL[(golfers, size)]
    assert base.golfers == golfers and base.order == STARTER_BLOCKS[(golfers, size)]
    assert check_schedule(develop(base), golfers // size, size) == STARTER_BLOCKS[(golfers, size)]
    assert constructed_rounds(golfers // size, size, 20)[1] == "rotational-base"


# Best-known rounds that no design here gives: 14-5-14 needs 4 MOLS of order 14 as a design
BEST_KNOWN_PACKINGS = {(70, 5): 14}


@pytest.mark.parametrize(("golfers", "size"), sorted(BEST_KNOWN_PACKINGS))
def test_stored_packings_reach_the_best_known_rounds(golfers, size):
    base = PACKINGS[(golfers, size)]
    assert base.golfers == golfers
    assert check_schedule(develop(base), golfers // size, size) == BEST_KNOWN_PACKINGS[(golfers, size)]
    assert constructed_rounds(golfers // size, size, 20)[1] == "resolvable-packing"


# The sizes up to 150 we claim: every admissible one for triples.
KIRKMAN = list(range(9, 151, 6))  # v = 3 mod 6
NEARLY_KIRKMAN = list(range(18, 151, 6))  # v = 0 mod 6, v >= 18
RESOLVABLE_4 = [v for v in range(16, 151, 12)]  # v = 4 mod 12
GDD_4 = [24, 32, 36, 48, 60, 72]  # 4-RGDDs of type 3^(v/3) and 2^(v/2): 6-4-7 ... 18-4-23


@pytest.mark.parametrize("golfers", KIRKMAN)
def test_kirkman_triple_systems_for_every_admissible_size(golfers):
    built = constructed_rounds(golfers // 3, 3, golfers)
    assert check_schedule(built[0], golfers // 3, 3) == (golfers - 1) // 2 == bound(golfers, 3)


@pytest.mark.parametrize("golfers", NEARLY_KIRKMAN)
def test_nearly_kirkman_triple_systems_for_every_admissible_size(golfers):
    built = constructed_rounds(golfers // 3, 3, golfers)
    assert check_schedule(built[0], golfers // 3, 3) == (golfers - 2) // 2 == bound(golfers, 3)


@pytest.mark.parametrize("golfers", RESOLVABLE_4)
def test_resolvable_designs_with_blocks_of_four_for_every_admissible_size(golfers):
    built = constructed_rounds(golfers // 4, 4, golfers)
    assert check_schedule(built[0], golfers // 4, 4) == (golfers - 1) // 3 == bound(golfers, 4)


@pytest.mark.parametrize("golfers", GDD_4)
def test_resolvable_group_divisible_designs_with_blocks_of_four(golfers):
    built = constructed_rounds(golfers // 4, 4, golfers)
    assert check_schedule(built[0], golfers // 4, 4) == (golfers - 2) // 3 == bound(golfers, 4)


@pytest.mark.parametrize("golfers", [45, 117, 135])
def test_kirkman_product(golfers):
    rounds, name = kirkman_product(golfers)
    assert name == "kirkman-product"
    assert check_schedule(rounds, golfers // 3, 3) == (golfers - 1) // 2


def assert_orthogonal(squares, n):
    for square in squares:
        assert all(sorted(row) == list(range(n)) for row in square)
        assert all(sorted(square[r][c] for r in range(n)) == list(range(n)) for c in range(n))
    for a, b in combinations(squares, 2):
        assert len({(a[r][c], b[r][c]) for r in range(n) for c in range(n)}) == n * n


# Mutually orthogonal Latin squares: n - 1 for a prime power, 1 for 6 (Tarry), and the best
# known for 10 (2) and 12 (5), Handbook of Combinatorial Designs, table III.3.87.
MOLS_KNOWN = {2: 1, 3: 2, 4: 3, 5: 4, 6: 1, 7: 6, 8: 7, 9: 8, 10: 2, 11: 10, 12: 5}


@pytest.mark.parametrize("n", sorted(MOLS_KNOWN))
def test_latin_squares_are_mutually_orthogonal(n):
    squares = mols(n)
    assert len(squares) == MOLS_KNOWN[n]
    assert_orthogonal(squares, n)


@pytest.mark.parametrize("n", [3, 5, 6, 10, 12])
def test_n_groups_of_n_reach_the_number_of_mols_plus_two(n):
    assert check_schedule(square_rounds(n, n + 1), n, n) == MOLS_KNOWN[n] + 2


@pytest.mark.parametrize(("groups", "size"), [(10, 3), (12, 4), (12, 5), (12, 6)])
def test_resolvable_transversal_designs_from_latin_squares(groups, size):
    assert check_schedule(resolvable_transversal(groups, size), groups, size) == groups


@pytest.mark.parametrize("size", [7, 8, 9, 10, 11])
def test_latin_rectangles_give_one_round_more_than_the_squares(size):
    """12 groups of 7 to 11 have no resolvable TD (6 to 10 MOLS of order 12 would be needed):
    the five squares' first rows give the columns plus 5 rounds, the 6 Miller, Valkov and Abel
    (2026) list for 12-8 to 12-11."""
    rounds = rectangle_rounds(12, size, 10)
    assert check_schedule(rounds, 12, size) == 6
    assert constructed_rounds(12, size, 10)[0] == rounds


def test_latin_rectangles_by_hand():
    # order 6 has one square (no orthogonal mate): 6 groups of 3 get the columns and its symbols
    rounds = rectangle_rounds(6, 3, 5)
    assert check_schedule(rounds, 6, 3) == 2
    assert rounds[0] == [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 16], [5, 11, 17]]
    assert rectangle_rounds(6, 6, 5) is None and rectangle_rounds(2, 3, 5) is None


@pytest.mark.parametrize(("q", "degree"), [(8, 4), (16, 4), (16, 8), (32, 8)])
def test_maximal_arcs_give_resolvable_designs(q, degree):
    """A maximal arc of degree n in PG(2, q) has n q + n - q points; its lines, one round per
    direction, meet every pair once in (v - 1) / (n - 1) = q + 1 rounds (15-8-17: q = 16, n = 8)."""
    golfers = degree * q + degree - q
    rounds = arc_rounds(golfers // degree, degree, 99)
    assert check_schedule(rounds, golfers // degree, degree) == q + 1 == bound(golfers, degree)
    assert len(arc_rounds(golfers // degree, degree, 5)) == 5


def test_maximal_arcs_only_where_they_exist():
    # 15-7 and 14-8: no q = 2^h with q + 1 - q / n groups; 9-3: n is no power of 2
    assert arc_rounds(15, 7, 9) is None and arc_rounds(14, 8, 9) is None and arc_rounds(9, 3, 9) is None
    assert constructed_rounds(15, 8, 17)[1] == "maximal-arc"


def test_no_resolvable_transversal_design_without_enough_squares():
    assert resolvable_transversal(10, 4) is None  # three MOLS of order 10 are not known
    assert resolvable_transversal(12, 7) is None


SHAPES = [(g, s) for s in range(3, 13) for g in range(s, 151 // s + 1)]


@pytest.mark.parametrize(("groups", "size"), SHAPES)
def test_every_construction_up_to_150_golfers_is_repeat_free(groups, size):
    built = constructed_rounds(groups, size, bound(groups * size, size))
    assert built is not None  # every shape up to 150 golfers has one now (Latin rectangles at least)
    assert 1 <= check_schedule(built[0], groups, size) <= bound(groups * size, size)


# Best-known counts the solver must reach at once, by construction: (groups, size, rounds).
BEST_KNOWN = [
    (11, 3, 16),  # KTS(33)
    (9, 4, 11),  # 4-RGDD of type 3^12
    (10, 4, 13),  # resolvable (40, 4, 1) design
    (10, 10, 4),  # two MOLS of order 10
    (7, 4, 9),  # resolvable (28, 4, 1) design
    (12, 12, 7),  # five MOLS of order 12
    (25, 3, 37),  # KTS(75)
    (20, 3, 29),  # NKTS(60)
    (37, 4, 49),  # resolvable (148, 4, 1) design
    (15, 8, 17),  # resolvable (120, 8, 1) design, from a maximal arc
    (18, 6, 19),  # five MOLS of order 18, then each level's 3 groups of 6
    (14, 7, 9),  # Miller, Valkov and Abel's starter-block row
]


@pytest.mark.parametrize(("groups", "size", "rounds"), BEST_KNOWN)
def test_solve_reaches_best_known_schedules(groups, size, rounds):
    result = solve(groups, size, rounds, effort=0.01)
    assert check_schedule(result.rounds, groups, size) == rounds
    assert (result.repeats, result.rounds_repeat_free) == (0, rounds)


def test_the_search_finds_base_rounds_again():
    """The stored base rounds came from ``find_base_round``: the same call gives the same one."""
    found = find_base_round("Z7", 2, 1, 3, (1, 2, 4), central=[(14, 0, 7)])
    assert found == BASES[(15, 3)][1]
    found = find_base_round("Z32", 1, 1, 3, half=16, central=[(32, 0, 16)])
    assert found == BASES[(33, 3)][1]
    found = find_base_round("Z11", 3, 3, 4, rotate=True)
    assert found == BASES[(36, 4)][1]
    assert check_schedule(develop(found), 9, 4) == 11


def test_groups_of_a_base_round_are_products_of_cyclic_groups_too():
    add, mul = ring("Z2xZ3")  # (x, y) is 3x + y
    assert add[4][5] == 0 * 3 + (1 + 2) % 3 and add[3][3] == 0 and mul[5][5] == 4
    assert sorted(add[1]) == list(range(6))
