"""The search that found the stored 4-RGDDs (``bases_rgdd``): no solver calls it at run time.

A resolvable group divisible design with groups of four, of type 3^(v/3) (v = 0 mod 12,
v / 3 - 1 rounds) or 2^(v/2) (v = 8 mod 12, (v - 2) / 3 rounds), is looked for as one base
round over Z_m with three levels, m the number of rounds: golfer ``level * m + x`` is the point
(x, level), and the golfers from 3m on are the fixed points (three for type 3^u, two for 2^u).
Translating by Z_m gives the m rounds; the groups of the design are {(x, 0), (x, 1), (x, 2)}
and the fixed points (type 3^u), or {(x, l), (x + m/2, l)} and the two fixed points (2^u).

The base round is asked to be left in place by the map mu: (x, l) -> (w x, l + 1), w a unit
of Z_m with w^3 = 1 (w = 1 turns the levels; the three fixed points of type 3^u turn with
them, the two of type 2^u stay, which needs w != 1: with w = 1 both of their groups would use
the difference 0 between two levels). Every orbit of mu on the points has three points, one
per level, so a base round is described by its groups up to mu, and each point orbit by its
*id* y (the orbit of (y, 0), whose point on level l is (w^l y, l)). In ids, a pair on one
level has the difference +-(q - p), a pair from level l to level l + 1 the difference w q - p,
and each such class must be met exactly once (the counts match exactly). For type 3^u the
fixed point inf_0 joins a triple of ids on the three levels (its images by mu hold inf_1 and
inf_2); for 2^u each fixed point joins one whole orbit {(y, 0), (w y, 1), (w^2 y, 2)}.

``find_rgdd`` fills the ids (a permutation of Z_m over the slots of the groups) and the levels
of the free slots by simulated annealing on the number of classes met more than once: swap the
ids of two slots, or move a slot to another level; counted steps and a seeded generator, so a
seed gives one answer. This is Stinson's hill-climbing for designs (1985) on differences,
with the symmetry mu built into the state; the reduction by three is what makes the 100 to
150 golfers a matter of seconds.
"""

from __future__ import annotations

import math
import random

from rituals.core.rotation.golf.develop import BaseRound


class _Layout:
    """The slots of the groups up to mu: ``blocks`` lists slot numbers; slot s holds id
    ``ids[s]`` on level ``levels[s]``; the first slots (the fixed points' ones) keep their level."""

    def __init__(self, golfers: int, w: int, rng: random.Random) -> None:
        self.kind = 3 if golfers % 12 == 0 else 2
        self.m = golfers // 3 - 1 if self.kind == 3 else (golfers - 2) // 3
        self.w, m = w, self.m
        if self.kind == 3:  # inf_0 with a triple on levels 0, 1, 2, then groups of four
            self.blocks = [[0, 1, 2]] + [[3 + 4 * b + i for i in range(4)] for b in range((m - 3) // 4)]
            self.levels, self.pinned = [0, 1, 2] + [0] * (m - 3), 3
        else:  # inf_0 and inf_1 each with one whole orbit, then groups of four
            self.blocks = [[0], [1]] + [[2 + 4 * b + i for i in range(4)] for b in range((m - 2) // 4)]
            self.levels, self.pinned = [0] * m, 2
        self.block_of = [b for b, block in enumerate(self.blocks) for _ in block]
        self.ids = rng.sample(range(m), m)
        for s in range(self.pinned, m):
            self.levels[s] = rng.randrange(3)
        # target[k]: how often class k must be met (pure d in 0..m-1 by min(d, m - d), then mixed)
        self.target = [0] + [1] * (m - 1) + [0 if self.kind == 3 else 1] + [1] * (m - 1)
        if self.kind == 2:
            self.target[m // 2] = 0
        self.count = [0] * (2 * m)
        self.cost = sum(self._add(k) for k in self._all_keys())

    def key(self, s: int, t: int) -> int:
        p, q, lp, lq, m = self.ids[s], self.ids[t], self.levels[s], self.levels[t], self.m
        if lp == lq:
            d = (q - p) % m
            return min(d, m - d)
        if lq == (lp + 1) % 3:
            return m + (self.w * q - p) % m
        return m + (self.w * p - q) % m

    def single_key(self, s: int) -> int:
        """The class of a fixed point's whole orbit of type 2^u: (y, 0) and (w y, 1)."""
        return self.m + (self.w - 1) * self.ids[s] % self.m

    def _all_keys(self) -> list[int]:
        keys = [self.key(s, t) for block in self.blocks for i, s in enumerate(block) for t in block[:i]]
        return keys + ([self.single_key(0), self.single_key(1)] if self.kind == 2 else [])

    def _add(self, k: int) -> int:
        self.count[k] += 1
        return 1 if self.count[k] > self.target[k] else 0

    def _remove(self, k: int) -> int:
        self.count[k] -= 1
        return -1 if self.count[k] >= self.target[k] else 0

    def _keys_of(self, slots: tuple[int, ...]) -> list[int]:
        keys = []
        for s in slots:
            if self.kind == 2 and s < 2:
                keys.append(self.single_key(s))
                continue
            keys += [self.key(s, t) for t in self.blocks[self.block_of[s]] if t != s and (t not in slots or t < s)]
        return keys

    def change(self, slots: tuple[int, ...], ids: list[int], levels: list[int]) -> int:
        """Give ``slots`` these ids and levels; the change of cost."""
        delta = sum(self._remove(k) for k in self._keys_of(slots))
        for s, y, level in zip(slots, ids, levels):
            self.ids[s], self.levels[s] = y, level
        delta += sum(self._add(k) for k in self._keys_of(slots))
        self.cost += delta
        return delta


def find_rgdd(golfers: int, w: int = 1, seed: int = 0, steps: int = 2_000_000) -> BaseRound | None:
    """A base round of the 4-RGDD on ``golfers`` (0 or 8 mod 12) left in place by
    (x, l) -> (w x, l + 1), found by annealing within ``steps`` moves; None if not."""
    rng = random.Random(seed)
    layout = _Layout(golfers, w, rng)
    if layout.kind == 2 and (w == 1 or w**3 % layout.m != 1):
        raise ValueError("type 2^u needs a unit w != 1 with w^3 = 1 mod m")
    n, pinned = layout.m, layout.pinned
    temperature = 0.0
    for step in range(steps):
        if layout.cost == 0:
            return expand(layout)
        if step % 20_000 == 0:  # reheat: a new cooling from 0.6 every 20,000 moves
            temperature = 0.6
        temperature *= 0.99985
        s = rng.randrange(n)
        if s >= pinned and rng.random() < 0.3:
            slots, ids, levels = (s,), [layout.ids[s]], [(layout.levels[s] + rng.randrange(1, 3)) % 3]
        else:
            t = rng.randrange(n)
            if layout.block_of[s] == layout.block_of[t]:
                continue
            slots, ids, levels = (s, t), [layout.ids[t], layout.ids[s]], [layout.levels[s], layout.levels[t]]
        old = [layout.ids[x] for x in slots], [layout.levels[x] for x in slots]
        delta = layout.change(slots, ids, levels)
        if delta > 0 and rng.random() >= math.exp(-delta / max(temperature, 1e-9)):
            layout.change(slots, *old)
    return expand(layout) if layout.cost == 0 else None


def expand(layout: _Layout) -> BaseRound:
    """The whole base round: each group's images by mu, as golfer numbers."""
    m, w = layout.m, layout.w

    def golfer(y: int, level: int, turn: int) -> int:
        return (level + turn) % 3 * m + pow(w, level + turn, m) * y % m

    groups: list[list[int]] = []
    for b, block in enumerate(layout.blocks):
        points = [(layout.ids[s], layout.levels[s]) for s in block]
        if layout.kind == 2 and b < 2:
            groups.append([golfer(points[0][0], 0, turn) for turn in range(3)] + [3 * m + b])
            continue
        for turn in range(3):
            fixed = [3 * m + turn] if layout.kind == 3 and b == 0 else []
            groups.append([golfer(y, level, turn) for y, level in points] + fixed)
    text = " ".join(".".join(str(g) for g in sorted(group)) for group in sorted(sorted(g) for g in groups))
    return BaseRound(f"Z{m}", 3, 3 if layout.kind == 3 else 2, text)
