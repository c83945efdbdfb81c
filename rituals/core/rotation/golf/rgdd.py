"""The search that found the stored 4-RGDDs of ``bases_rgdd``: no solver calls it at run time.

A resolvable group divisible design with groups of four, of type 3^(v/3) (v = 0 mod 12,
v / 3 - 1 rounds) or 2^(v/2) (v = 8 mod 12, (v - 2) / 3 rounds), is looked for as one base
round over Z_m with three levels, m the number of rounds: golfer ``level * m + x`` is the point
(x, level), golfer ``3m + k`` the fixed point inf_k (three of them for type 3^u, two for 2^u).
Translating by Z_m gives the m rounds, and ``differences`` counts which pairs they meet: the
pairs that never meet are the design's groups, {(x, 0), (x, 1), (x, 2)} and the fixed points
(3^u), or {(x, l), (x + m/2, l)} and the fixed points (2^u).

The base round is asked to be left in place by a group H of maps that commute with the
translations, so that placing one group of four places its whole orbit under H:

* type 3^u: rho: (x, l) -> (x, l + 1), inf_k -> inf_(k+1) (turning the levels, as
  ``find_base_round(rotate=True)`` does), and, when u is a unit of order 3 of Z_m, also
  nu: (x, l) -> (u x, l), inf_k -> inf_(k+1). H then has order 9, and the group of inf_0 is
  {inf_0, (t, 0), (u^2 t, 1), (u t, 2)}, left in place by rho^-1 nu.
* type 2^u: mu: (x, l) -> (w x, l + 1), the fixed points staying, w a unit with w^3 = 1,
  w != 1: with w = 1 the groups of both fixed points would meet the difference 0 between two
  levels, so no base round of this shape is left in place by rho alone. Each fixed point's
  group is then {inf, (y, 0), (w y, 1), (w^2 y, 2)}.

The filling is ``differences``'s randomized backtracking over orbits (the lowest golfer not
yet placed first, its group completed golfer by golfer while every new pair's difference is
still free), with counted nodes and restarts: a seed gives one answer. With H of order 9,
96 to 132 golfers take a second; with order 3, 44 and 56 golfers take seconds, 80 and 84
minutes, and it grows fast beyond (docs/golf.md has the calls and times).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from rituals.core.rotation.golf.develop import BaseRound, ring
from rituals.core.rotation.golf.differences import Block, _differences, _Search


def rgdd_shape(golfers: int) -> tuple[int, int]:
    """(m, fixed points) of the 4-RGDD on ``golfers``: m rounds over Z_m."""
    if golfers % 12 == 0:
        return golfers // 3 - 1, 3
    if golfers % 12 == 8:
        return (golfers - 2) // 3, 2
    raise ValueError(f"no 4-RGDD of type 3^u or 2^u on {golfers} golfers")


def symmetries(golfers: int, unit: int) -> list[list[int]]:
    """The maps of H (see the module) as golfer permutations, ``unit`` being u or w."""
    m, fixed = rgdd_shape(golfers)
    if unit**3 % m != 1 or (fixed == 2 and unit % m == 1):
        raise ValueError(f"{unit} is not a unit of order 3 of Z{m} (nor 1 for type 3^u)")
    maps = set()
    for i in range(3):
        for turn in range(3) if fixed == 3 else [i]:
            step = pow(unit, i, m)
            points = [(level + turn) % 3 * m + step * x % m for level in range(3) for x in range(m)]
            if fixed == 3:
                ends = [3 * m + (k + turn + (i if unit != 1 else 0)) % 3 for k in range(3)]
            else:
                ends = [3 * m, 3 * m + 1]
            maps.add(tuple(points + ends))
    return [list(p) for p in sorted(maps)]


def find_rgdd(
    golfers: int, unit: int = 1, seed: int = 0, nodes: int = 20_000, restarts: int = 100, look_ahead: bool = False
) -> BaseRound | None:
    """A base round of the 4-RGDD on ``golfers`` left in place by H (``unit`` = u for type
    3^u, w for 2^u), or None if ``restarts`` tries of ``nodes`` nodes each find none;
    ``look_ahead`` prunes the branches where a difference can no longer be met (``_Forward``)."""
    m, fixed = rgdd_shape(golfers)
    add, _ = ring(f"Z{m}")
    key, allowed = _differences(add, m, 3, fixed, None)
    maps = symmetries(golfers, unit)
    rng = random.Random(seed)
    search = _Forward if look_ahead else _Search
    return first_base_round(lambda: search(key, allowed, maps, 4, golfers, rng, nodes), key, m, fixed, restarts)


def first_base_round(make: Callable[[], _Search], key: Any, m: int, fixed: int, restarts: int) -> BaseRound | None:
    """The base round of the first of ``restarts`` searches ``make()`` that fills one, or None."""
    for _ in range(restarts):
        state = make()
        if isinstance(state, _Forward) and fixed == 3:
            # the design's groups {(x, 0), (x, 1), (x, 2)} are differences never met
            state.needed = [k for k in state.needed if k not in {key[0][m], key[0][2 * m], key[m][2 * m]}]
        if state.fill():
            blocks = sorted(tuple(sorted(block)) for block in state.blocks)
            return BaseRound(f"Z{m}", 3, fixed, " ".join(".".join(map(str, block)) for block in blocks))
    return None


class _Forward(_Search):
    """``differences``'s search, and a look ahead: a group of four is placed only when every
    difference still to meet has a pair of golfers left to meet it (``free[k]`` counts the
    pairs of difference k between golfers not yet placed; ``needed``: the differences that
    must be met, all but those of the design's groups)."""

    def __init__(self, key: list[list[int]], allowed: list[int], *rest: Any) -> None:
        super().__init__(key, allowed, *rest)
        self.free = [0] * len(allowed)
        self.needed = list(range(len(allowed)))
        for a, row in enumerate(key):
            for k in row[:a]:
                if k >= 0:
                    self.free[k] += 1

    def _count(self, golfers: list[int], step: int) -> None:
        key, free = self.key, self.free
        rest = [h for h, done in enumerate(self.placed) if not done]  # listed once, not per golfer
        for i, g in enumerate(golfers):
            row = key[g]
            for h in golfers[:i]:
                if row[h] >= 0:
                    free[row[h]] += step
            for h in rest:
                if row[h] >= 0:
                    free[row[h]] += step

    def place(self, block: Block) -> list[Block] | None:
        orbit = super().place(block)
        if orbit is not None:
            self._count([g for b in orbit for g in b], -1)
        return orbit

    def remove(self, orbit: list[Block]) -> None:
        self._count([g for b in orbit for g in b], 1)
        super().remove(orbit)

    def fill(self) -> bool | None:
        free, used, allowed = self.free, self.used, self.allowed
        if any(free[k] < allowed[k] - used[k] for k in self.needed):
            return False  # a difference can no longer be met: this branch is dead
        return super().fill()
