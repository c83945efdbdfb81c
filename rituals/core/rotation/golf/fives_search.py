"""A search for resolvable (v, 5, 1) designs as base rounds over levels; no solver calls it (it
found none: the stored designs come from the 1-rotational layout of ``fives_direct``).

A base round over Z_q (``levels`` levels of q golfers, golfer ``level * q + x``, then ``fixed``
fixed golfers) develops into a repeat-free schedule when every difference is met by exactly
one of its pairs (``differences``). To make the search small, the base round is asked to be
left in place by phi: (x, level) -> (m x, sigma(level)), fixed golfers staying put: then only
one group of each phi-orbit is chosen, and the differences are counted by phi-orbit too.

The search is an exact cover (Knuth's Algorithm X, on bit masks): the items are the phi-orbits
of golfers and of differences that the central group {fixed, (0, 0), ..., (0, levels - 1)}
leaves, the rows are the phi-orbits of groups that meet no difference twice, and each step
branches on the item with the fewest rows left. Golfers that phi fixes (other than the central
ones) sit two by two in groups with a whole orbit of three (the only groups phi can leave in
place). The order of the rows is drawn from ``seed``; nothing is timed, so a seed gives one
answer. For 85 golfers, ``find_fives(21, 4, 1, 4, (0, 2, 3, 1))`` (phi of order 3, one level
left in place) is the search that docs/golf.md describes (it has not finished yet).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from rituals.core.rotation.golf.develop import BaseRound, ring
from rituals.core.rotation.golf.differences import _differences

Block = tuple[int, ...]
SIZE = 5
MASK64 = (1 << 64) - 1


class Layout:
    """The golfers, phi's powers and the bit of each phi-orbit of golfers and of differences."""

    def __init__(self, q: int, levels: int, fixed: int, m: int, sigma: Sequence[int]) -> None:
        self.q, self.levels, self.fixed = q, levels, fixed
        self.golfers = n = levels * q + fixed
        add, _ = ring(f"Z{q}")
        self.key = _differences(add, q, levels, fixed, None)[0]
        phi = [sigma[g // q] * q + m * (g % q) % q if g < levels * q else g for g in range(n)]
        self.powers = [list(range(n))]
        while (following := [phi[g] for g in self.powers[-1]]) != self.powers[0]:
            self.powers.append(following)
        self.central: Block = tuple([level * q for level in range(levels)] + list(range(levels * q, n)))
        bits: dict[int, int] = {}
        self.bit = [[0] * n for _ in range(n)]  # the bit of the phi-orbit of the pair's difference
        self.fixed_keys = 0  # differences that phi leaves in place: only groups phi keeps may meet them
        for x in range(n):
            for y in range(n):
                if x != y and self.key[x][y] >= 0:
                    images = {self.key[p[x]][p[y]] for p in self.powers}
                    self.bit[x][y] = 1 << bits.setdefault(min(images), len(bits))
                    if len(images) < len(self.powers):
                        self.fixed_keys |= self.bit[x][y]
        self.orbit = {g: tuple(sorted({p[g] for p in self.powers})) for g in range(n)}
        orbits = sorted(set(self.orbit.values()))
        self.point_bit = {o: 1 << (len(bits) + i) for i, o in enumerate(orbits)}
        self.all_items = (1 << (len(bits) + len(orbits))) - 1

    def mask(self, block: Block) -> int | None:
        """The items of the phi-orbit of ``block``, or None if it meets a golfer or a difference twice."""
        images = {tuple(sorted(p[g] for g in block)) for p in self.powers}
        golfers = [g for image in images for g in image]
        keys = [self.key[x][y] for image in images for i, x in enumerate(image) for y in image[:i]]
        if len(set(golfers)) < len(golfers) or min(keys) < 0 or len(set(keys)) < len(keys):
            return None
        out = 0
        for image in images:
            for i, x in enumerate(image):
                out |= self.point_bit[self.orbit[x]] | sum({self.bit[x][y] for y in image[:i]})
        return out

    def rows(self, taken: int) -> dict[int, Block]:
        """Every phi-orbit of groups that may sit beside the groups whose items are ``taken``."""
        central = self.mask(self.central) or 0
        stuck = [g for g in range(self.golfers) if len(self.orbit[g]) == 1 and not taken & self.point_bit[(g,)]]
        free = [
            o for o in sorted(set(self.orbit.values())) if len(o) == len(self.powers) and not taken & self.point_bit[o]
        ]
        found: dict[int, Block] = {}
        for pair in combinations(stuck, 2):
            for orbit in free if len(self.powers) == 3 else []:
                items = self.mask(pair + orbit)
                if items is not None and not items & taken:
                    found[items] = pair + orbit
        for i, orbit in enumerate(free):
            self._grow((orbit[0],), 0, free, i + 1, taken | central | self.fixed_keys, found)
        return found

    def _grow(self, block: Block, keys: int, free: list[Block], start: int, bad: int, found: dict[int, Block]) -> None:
        """Groups of whole free orbits, the first golfer's orbit the lowest, one golfer per orbit."""
        if len(block) == SIZE:
            found[keys | sum(self.point_bit[self.orbit[g]] for g in block)] = block
            return
        for j in range(start, len(free)):
            for g in free[j]:
                new = {self.bit[g][x] for x in block}
                if len(new) == len(block) and not (keys | bad) & sum(new):
                    self._grow((*block, g), keys | sum(new), free, j + 1, bad, found)


def exact_cover(
    rows: list[int], remaining: int, rng: random.Random, nodes: int = 20_000, restarts: int = 1_000
) -> list[int] | None:
    """Rows (bit masks) that cover each bit of ``remaining`` exactly once, or None (Algorithm X,
    the rows as numpy words so that a step filters and counts them all at once). Each try
    visits at most ``nodes`` nodes in a new random order: a long dead subtree costs one try."""
    words = (remaining.bit_length() + 63) // 64
    table = np.array([[(row >> (64 * w)) & MASK64 for w in range(words)] for row in rows], dtype=np.uint64)
    for _ in range(restarts):
        budget = [nodes]
        found = _cover(table, np.arange(len(rows)), _words(remaining, words), rng, budget)
        if found is not None:
            return [rows[i] for i in found]
        if budget[0] > 0:
            return None  # the whole tree was searched: there is none
    return None


def _words(value: int, words: int) -> np.ndarray:
    return np.array([(value >> (64 * w)) & MASK64 for w in range(words)], dtype=np.uint64)


def _cover(
    table: np.ndarray, rows: np.ndarray, remaining: np.ndarray, rng: random.Random, budget: list[int]
) -> list[int] | None:
    if not remaining.any():
        return []
    budget[0] -= 1
    if budget[0] < 0:
        return None
    rows = rows[~(table[rows] & ~remaining).any(axis=1)]
    best, fewest = None, len(rows) + 1
    for w, word in enumerate(remaining.tolist()):
        column = table[rows, w]
        for b in range(64):
            if word >> b & 1:
                count = int(np.count_nonzero(column & np.uint64(1 << b)))
                if count < fewest:
                    best, fewest = (w, b), count
    if best is None or fewest == 0:
        return None
    w, b = best
    choices = rows[(table[rows, w] & np.uint64(1 << b)) != 0].tolist()
    rng.shuffle(choices)
    for row in choices:
        rest = _cover(table, rows, remaining & ~table[row], rng, budget)
        if rest is not None:
            return [row, *rest]
        if budget[0] < 0:
            return None
    return None


def find_fives(
    q: int,
    levels: int,
    fixed: int,
    m: int,
    sigma: Sequence[int],
    seed: int = 0,
    given: Sequence[Block] = (),
    nodes: int = 20_000,
    restarts: int = 1_000,
) -> BaseRound | None:
    """A base round over Z_q of groups of five left in place by phi (see the module), the
    ``given`` groups (with their phi-orbits) among them; None if there is none."""
    layout = Layout(q, levels, fixed, m, sigma)
    remaining = layout.all_items
    for block in [layout.central, *given]:
        items = layout.mask(block)
        if items is None or items & ~remaining:
            return None
        remaining &= ~items
    rows = layout.rows(layout.all_items & ~remaining)
    cover = exact_cover(list(rows), remaining, random.Random(seed), nodes, restarts)
    if cover is None:
        return None
    chosen = [layout.central, *given, *(rows[items] for items in cover)]
    blocks = sorted({tuple(sorted(p[g] for g in block)) for block in chosen for p in layout.powers})
    text = " ".join(".".join(str(g) for g in block) for block in blocks)
    return BaseRound(f"Z{q}", levels, fixed, text)
