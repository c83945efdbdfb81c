"""A faster search for the 4-RGDDs of ``rgdd``'s layout: the scarcest difference first.

``rgdd.find_rgdd`` fills a base round over Z_m (three levels, three or two fixed golfers, left
in place by a group H of maps) golfer by golfer: the lowest golfer not yet placed is given a
group, at random, while every difference is still free. In an exact design every difference
must be met once, and that order dies when some difference is left with no pair of unplaced
golfers to meet it, deep in the tree. ``Scarce`` keeps ``rgdd``'s look ahead (how many pairs
of unplaced golfers each difference still has) and branches on the difference with the fewest
such pairs to spare: each of its pairs in turn, completed by two more golfers at random, places
a group and its orbit under H. The first branches then settle the hardest differences while
there is still room, which is where the golfer-first order spent its restarts.

On this machine (JIT-compiled Python, under load) it found 80 golfers in 11 s where the
golfer-first order took 65 s, and 84 golfers in 7 s against 156 s (seed 0); the stored
116-golfer design (``bases_rgdd4``) took it 43 s, the 120-golfer one 400 s. Counted nodes and
restarts, nothing timed: a seed gives one answer.

Why type 2^u on 68, 92, 104 and 140 golfers is not searched this way (docs/golf.md): with
m = 2p and p = 11, 15, 17, 23, Z_p has no unit of order 3, and every map of order 3 that
keeps the differences (levels turned, with offsets or multipliers) gives the groups of the two
fixed points the same differences; the search without symmetry is far out of reach.
"""

from __future__ import annotations

import random
from typing import Any

from rituals.core.rotation.golf.develop import BaseRound, ring
from rituals.core.rotation.golf.differences import _differences
from rituals.core.rotation.golf.rgdd import _Forward, first_base_round, rgdd_shape, symmetries


def find_scarce(
    golfers: int,
    unit: int = 1,
    seed: int = 0,
    nodes: int = 20_000,
    restarts: int = 100,
    diagonal: bool = False,
) -> BaseRound | None:
    """A base round of the 4-RGDD on ``golfers`` left in place by ``rgdd``'s H (``unit``: u
    for type 3^u, w for 2^u), found by ``Scarce``; None if ``restarts`` tries of ``nodes``
    nodes each find none. ``diagonal`` (type 3^u, u of order 3) keeps only the maps of H that
    multiply by u^i and turn the levels by i, a group of order 3 instead of 9."""
    m, fixed = rgdd_shape(golfers)
    add, _ = ring(f"Z{m}")
    key, allowed = _differences(add, m, 3, fixed, None)
    maps = symmetries(golfers, unit)
    if diagonal:
        maps = [move for move in maps if any(move[0] == i * m and move[1] == i * m + unit**i % m for i in range(3))]
    rng = random.Random(seed)
    return first_base_round(lambda: Scarce(key, allowed, maps, 4, golfers, rng, nodes), key, m, fixed, restarts)


class Scarce(_Forward):
    """``rgdd``'s look-ahead search, branching on the scarcest difference instead of the lowest
    golfer: the class still to meet with the fewest pairs of unplaced golfers left is met first,
    by each such pair in turn, completed by two more golfers (an exact design has no room for a
    difference left to chance, and the scarce ones are where the golfer-first order dies)."""

    def __init__(self, key: list[list[int]], allowed: list[int], *rest: Any) -> None:
        super().__init__(key, allowed, *rest)
        self.pairs: list[list[tuple[int, int]]] = [[] for _ in allowed]
        for a, row in enumerate(key):
            for b, k in enumerate(row[:a]):
                if k >= 0:
                    self.pairs[k].append((b, a))

    def fill(self) -> bool | None:
        self.nodes_left -= 1
        if self.nodes_left < 0:
            return None
        free, used, allowed = self.free, self.used, self.allowed
        open_ = [k for k in self.needed if used[k] < allowed[k]]
        if not open_:
            return all(self.placed)
        fewest = min(free[k] - (allowed[k] - used[k]) for k in open_)
        if fewest < 0:
            return False
        scarce = self.rng.choice([k for k in open_ if free[k] - (allowed[k] - used[k]) == fewest])
        pairs = [(a, b) for a, b in self.pairs[scarce] if not self.placed[a] and not self.placed[b]]
        self.rng.shuffle(pairs)
        rest = [g for g, done in enumerate(self.placed) if not done]
        for a, b in pairs:
            free_ = [g for g in rest if g != a and g != b and self._free(a, g) and self._free(b, g)]
            self.rng.shuffle(free_)
            found = self._grow([a, b], free_)
            if found or found is None:
                return found
        return False
