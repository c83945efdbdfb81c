"""The search for resolvable (v, 5, 1) designs (golf ``fives_search``), checked independently.

This search found no design (the stored ones come from ``fives_direct``): these tests check its parts,
its exact cover against a planted answer and its item counts against a count by hand.
"""

from __future__ import annotations

import random

from rituals.core.rotation.golf.fives_search import Layout, exact_cover


def test_exact_cover_finds_a_planted_cover_and_says_none_when_there_is_none():
    rng = random.Random(1)
    items = list(range(100))
    rng.shuffle(items)
    planted = [sum(1 << i for i in items[k : k + 10]) for k in range(0, 100, 10)]
    rows = planted + [sum(1 << i for i in rng.sample(range(100), 10)) for _ in range(100)]
    rng.shuffle(rows)
    everything = (1 << 100) - 1
    cover = exact_cover(rows, everything, random.Random(0))
    assert cover is not None
    assert sum(cover) == everything  # the rows are disjoint and cover every item
    assert all(row in rows for row in cover)
    assert exact_cover(rows[:5], everything, random.Random(0)) is None


def test_the_85_golfer_layout_leaves_the_items_a_design_must_cover():
    """By hand: beside the central group (the fixed golfer and (0, 0), ..., (0, 3)), a design
    left in place by phi = (4 x, (1 2 3)) has one group holding (7, 0) and (14, 0) (phi fixes
    them) with an orbit of three: 2 golfers, 1 orbit of golfers and 4 orbits of differences
    (the difference 7 within level 0, which phi fixes, and three orbits of three); and five
    orbits of three groups, each 5 orbits of golfers and 10 orbits of differences."""
    layout = Layout(21, 4, 1, 4, (0, 2, 3, 1))
    central = layout.mask(layout.central)
    assert central is not None
    left = layout.all_items & ~central
    assert bin(left).count("1") == (2 + 1 + 4) + 5 * (5 + 10)
