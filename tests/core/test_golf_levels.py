"""Affine planes with a turning level: repeat-free uneven rounds whose odd seats turn."""

from __future__ import annotations

import time
from collections import Counter
from itertools import combinations

import pytest

from rituals.core.rotation.golf.levels import _field, level_rounds


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9, 16])
def test_fields_are_fields(q) -> None:
    add, mul = _field(q)
    for a in range(1, q):
        assert sorted(mul[a]) == list(range(q))  # every non-zero element is invertible
        assert sorted(add[a]) == list(range(q))
    assert all(mul[a][b] == mul[b][a] for a in range(q) for b in range(q))


@pytest.mark.parametrize(
    "sizes, rounds",
    [
        ([5] + [4] * 8, 8),  # 37 in fours: 8 rounds of a bound of 12
        ([4] + [3] * 6, 6),  # 22 in threes over GF(7)
        ([4, 4] + [3] * 5, 5),  # two larger groups a round
    ],
)
def test_rounds_are_repeat_free_and_turn_the_odd_seats(sizes, rounds) -> None:
    odd = [s != min(sizes) for s in sizes]
    people = sum(sizes)
    seats = rounds * sum(s for s, o in zip(sizes, odd) if o)
    most = -(-seats // people) + 1
    found = level_rounds(sizes, odd, rounds, most, 1, time.monotonic() + 20)
    assert found is not None
    assert len(found) == rounds
    for groups in found:
        assert [len(g) for g in groups] == sizes
        assert sorted(x for g in groups for x in g) == list(range(people))
    meetings = Counter(frozenset(p) for groups in found for g in groups for p in combinations(g, 2))
    assert max(meetings.values()) == 1
    seats_of = Counter(p for groups in found for g, o in zip(groups, odd) if o for p in g)
    assert max(seats_of.values()) <= most
    assert found == level_rounds(sizes, odd, rounds, most, 1, time.monotonic() + 20)  # deterministic


def test_layouts_it_does_not_cover() -> None:
    far = time.monotonic() + 5
    assert level_rounds([4] * 9, [False] * 9, 8, 2, 1, far) is None  # nothing uneven
    assert level_rounds([5] + [4] * 5, [True] + [False] * 5, 5, 3, 1, far) is None  # 6 is no field order
    assert level_rounds([5] + [4] * 4, [True] + [False] * 4, 6, 3, 1, far) is None  # more rounds than slopes
