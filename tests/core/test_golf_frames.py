"""Kirkman frames filled in, checked by a checker of their own.

The checker knows nothing of frames: every round a partition of the golfers into triples, no
pair twice. The expected round counts are those of Kirkman and nearly Kirkman triple systems,
from their definitions: (v - 1) / 2 rounds for v = 3 mod 6, (v - 2) / 2 for v = 0 mod 6.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from rituals.core.rotation.golf.bases_frames import FRAMES
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.develop import develop
from rituals.core.rotation.golf.frame_search import find_frame, tabu_frame
from rituals.core.rotation.golf.frames import framed_rounds
from tests.core.test_golf_designs import check_schedule


def repeat_free_rounds(rounds, golfers):
    """The number of rounds, after asserting each splits 0..golfers-1 into triples and that no
    pair meets twice (the checker of test_golf_designs)."""
    return check_schedule(rounds, golfers // 3, 3)


def triple_system_rounds(golfers):
    return (golfers - 1) // 2 if golfers % 6 == 3 else (golfers - 2) // 2


def frame_groups(n, levels, span, u):
    """The frame's groups, from the layout's definition: the same level mod levels / span, the
    same x mod u."""
    groups = {}
    for golfer in range(levels * n):
        level, x = divmod(golfer, n)
        groups.setdefault((level % (levels // span), x % u), set()).add(golfer)
    return list(groups.values())


def assert_frame(rounds, groups):
    """Each holey round misses exactly one group and covers the rest once; every pair from
    different groups meets once over all rounds, no pair within a group ever."""
    group_of = {x: i for i, group in enumerate(groups) for x in group}
    points = len(group_of)
    met = set()
    for round_ in rounds:
        covered = sorted(x for triple in round_ for x in triple)
        assert len(covered) == len(set(covered))
        missed = set(range(points)) - set(covered)
        assert missed in groups
        for triple in round_:
            for a, b in combinations(sorted(triple), 2):
                assert group_of[a] != group_of[b] and (a, b) not in met
                met.add((a, b))
    across = points * (points - 1) // 2 - sum(len(g) * (len(g) - 1) // 2 for g in groups)
    assert len(met) == across


@pytest.mark.parametrize("golfers", sorted(FRAMES))
def test_every_stored_frame_gives_its_triple_system(golfers):
    rounds, name = framed_rounds(golfers)
    assert name == "kirkman-frame"
    assert repeat_free_rounds(rounds, golfers) == triple_system_rounds(golfers)


@pytest.mark.parametrize("golfers", sorted(FRAMES))
def test_the_catalog_builds_the_framed_sizes(golfers):
    rounds, _ = constructed_rounds(golfers // 3, 3, golfers)
    assert repeat_free_rounds(rounds, golfers) == triple_system_rounds(golfers)


def test_the_search_finds_a_frame_again():
    """Type 6^5 twice: over Z_15 with two levels, and over Z_5 with six levels turned by two
    (three base holey rounds)."""
    small = find_frame((15, 2, 2, 5, 2), seed=3)
    assert_frame(develop(small), frame_groups(15, 2, 2, 5))
    turned = find_frame((5, 6, 6, 5, 2), seed=0)
    assert_frame(develop(turned), frame_groups(5, 6, 6, 5))
    # four base holey rounds, the fourth turn swapping the levels of each group: type 10^4
    swapped = find_frame((5, 8, 2, 1, 1), seed=0)
    assert_frame(develop(swapped), frame_groups(5, 8, 2, 1))


def test_the_tabu_search_finds_a_frame_again():
    """Type 6^5 over Z_5 with six levels turned by two, the layout of KTS(69)'s frame."""
    found = tabu_frame((5, 6, 6, 5, 2), seed=0, steps=20_000)
    assert_frame(develop(found), frame_groups(5, 6, 6, 5))


def test_turns_that_would_repeat_pairs_are_refused():
    with pytest.raises(ValueError):  # two of the four groups would never be missed
        find_frame((3, 8, 2, 1, 2))


def test_nothing_stored_for_other_sizes():
    assert framed_rounds(30) is None
