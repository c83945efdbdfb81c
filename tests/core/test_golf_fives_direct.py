"""The 1-rotational resolvable (v, 5, 1) designs (golf ``fives_direct``), checked independently.

The checker knows nothing of the construction: every round is a partition of 0..v-1 into
groups of five, no pair meets twice. The expected number of rounds is (v - 1) / 4, the rounds
of a resolvable (v, 5, 1) design (each golfer meets the v - 1 others four at a time).
"""

from __future__ import annotations

import random
from collections import Counter
from itertools import permutations

import pytest

from rituals.core.rotation.golf.bases_fives2 import DIRECT_FIVES
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.fives_direct import DirectFives, RotationalGroup, direct_rounds
from rituals.core.rotation.golf.fives_direct_search import find_direct
from rituals.core.rotation.golf.fives_lift_search import find_lift, find_lifted, find_shadow
from rituals.core.rotation.golf.solver import solve
from tests.core.test_golf_designs import check_schedule


def repeat_free_rounds(rounds, golfers):
    """The number of rounds, after ``check_schedule`` asserts each is a partition of
    0..golfers-1 into groups of five and that no pair meets twice."""
    return check_schedule(rounds, golfers // 5, 5)


@pytest.mark.parametrize("golfers", sorted(DIRECT_FIVES))
def test_every_stored_design_develops_into_a_resolvable_design(golfers):
    design = DIRECT_FIVES[golfers]
    assert design.golfers == golfers
    rounds = direct_rounds(design)
    assert repeat_free_rounds(rounds, golfers) == (golfers - 1) // 4
    # every pair meets: the rounds are a whole (v, 5, 1) design, not a packing
    assert len(rounds) * (golfers // 5) * 10 == golfers * (golfers - 1) // 2


@pytest.mark.parametrize("golfers", [65, 85, 105, 145])
def test_the_catalog_and_solve_return_the_design(golfers):
    groups, rounds = golfers // 5, (golfers - 1) // 4
    built = constructed_rounds(groups, 5, rounds + 5)
    assert built is not None and built[1] == "rotational-fives"
    assert repeat_free_rounds(built[0], golfers) == rounds
    result = solve(groups, 5, rounds, effort=0.01)
    assert (result.repeats, result.rounds_repeat_free) == (0, rounds)
    assert repeat_free_rounds(result.rounds, golfers) == rounds


def test_the_subgroup_holds_every_involution_and_alpha_is_an_automorphism_of_order_3():
    """By brute force over the elements, for each layout we store."""
    for a, b, c, u in [(8, 8, 1, 1), (4, 4, 9, 4), (1, 4, 21, 0), (1, 8, 13, 0)]:
        group = RotationalGroup(a, b, c, u)
        involutions = {e for e in range(1, group.order) if group.add(e, e) == 0}
        assert len(group.subgroup) == 4 and involutions <= set(group.subgroup)
        assert {group.add(x, y) for x in group.subgroup for y in group.subgroup} == set(group.subgroup)
        alpha = group.alpha
        assert sorted(alpha) == list(range(group.order))
        pairs = random.Random(0).sample(list(permutations(range(group.order), 2)), 300)
        assert all(alpha[group.add(x, y)] == group.add(alpha[x], alpha[y]) for x, y in pairs)
        assert all(alpha[alpha[alpha[e]]] == e for e in range(group.order))
        assert {alpha[h] for h in group.subgroup} == set(group.subgroup)


def test_the_search_with_alpha_finds_the_65_golfer_design_again():
    found = find_direct(8, 1, 1)
    assert found == DIRECT_FIVES[65]
    assert repeat_free_rounds(direct_rounds(found), 65) == 16


def test_the_lift_search_finds_a_design_on_25_golfers():
    """Over Z_24 (H = {0, 6, 12, 18}): one block, whose lift the search finds at once."""
    found = find_lifted(1, 8, 3, tries=5)
    assert found is not None
    assert repeat_free_rounds(direct_rounds(found), 25) == 6


def test_a_shadow_meets_every_difference_of_the_quotient_four_times():
    """Counted in Z_21 by hand: Z_84 / H is Z_21 (the coset of x is x mod 21)."""
    group = RotationalGroup(1, 4, 21, 0)
    shadow = find_shadow(group, random.Random(6))  # the first seed whose first try succeeds
    assert shadow is not None
    residues = [[q % 21 for q in block] for block in shadow]
    assert sorted(r for block in residues for r in block) == list(range(1, 21))
    counts = Counter((x - y) % 21 for block in residues for x, y in permutations(block, 2))
    assert counts == {r: 4 for r in range(1, 21)}


def test_a_lift_meets_no_difference_twice_or_says_there_is_none():
    group = RotationalGroup(1, 4, 21, 0)
    design = DIRECT_FIVES[85]
    shadow = [[group.coset(e) for e in block] for block in design.stored()]
    lifted = find_lift(group, shadow)
    assert lifted is not None
    assert repeat_free_rounds(direct_rounds(DirectFives(1, 4, 21, 0, _text(lifted))), 85) == 21
    broken = [shadow[0][:4] + [shadow[1][0]], shadow[1][1:] + [shadow[0][4]]] + shadow[2:]
    assert find_lift(group, broken) is None


def _text(blocks):
    return " ".join(".".join(map(str, block)) for block in blocks)
