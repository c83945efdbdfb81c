"""A tabu search for the layouts of ``dm_search`` too large for its exact cover, run offline.

Same layouts (base columns, a symmetry), other way in: every FREE cell holds an element from the
start, and the cost counts how often a (row, row, difference) orbit is met more than once (plus
the pairs whose orbit is too short to be met once). A move changes one cell; the search takes the
best move whose cell did not change in the last few steps (unless it beats the best cost seen),
and a random cell now and then, until the cost is 0.

Run: ``python -m rituals.core.rotation.golf.dm_tabu ORDER [--seed S] [--seconds T]``.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from rituals.core.rotation.golf.dm_search import FREE, LAYOUTS, Layout, _Items, differences_ok


class _State:
    def __init__(self, layout: Layout, rng: random.Random) -> None:
        self.layout, self.items = layout, _Items(layout)
        sub, n = layout.group.sub, layout.group.n
        self.taken: Counter = Counter(
            self.items.rep[(a, b, sub[y][x])]
            for column in layout.fixed
            for a, x in enumerate(column)
            for b, y in enumerate(column)
            if a < b and x is not None and y is not None
        )
        self.base = [[rng.randrange(n) if x == FREE else x for x in column] for column in layout.base]
        self.cells = [(j, r) for j, column in enumerate(layout.base) for r, x in enumerate(column) if x == FREE]
        self.met: Counter = Counter(self.taken)
        self.short = 0
        for column in self.base:
            self._count(column, 1)

    def _reps(self, column: list[int | None]) -> tuple[list[tuple[int, int, int]], int]:
        sub, reps, short = self.layout.group.sub, [], 0
        for a, x in enumerate(column):
            for b in range(a + 1, len(column)):
                y = column[b]
                if x is None or y is None:
                    continue
                item = (a, b, sub[y][x])
                reps.append(self.items.rep[item])
                short += not self.items.full[item]
        return reps, short

    def _count(self, column: list[int | None], sign: int) -> None:
        reps, short = self._reps(column)
        self.short += sign * short
        for rep in reps:
            self.met[rep] += sign

    def cost(self) -> int:
        return sum(c - 1 for c in self.met.values() if c > 1) + self.short

    def delta(self, j: int, r: int, value: int) -> int:
        """The change of cost if cell (j, r) took ``value``."""
        column = self.base[j]
        self._count(column, -1)
        before = self.cost_of(column)
        old, column[r] = column[r], value
        after = self.cost_of(column)
        column[r] = old
        self._count(column, 1)
        return after - before

    def cost_of(self, column: list[int | None]) -> int:
        """The cost the column's differences add to those of the others (counted in ``met``)."""
        reps, short = self._reps(column)
        own = Counter(reps)
        return short + sum(max(0, self.met[rep] + k - 1) - max(0, self.met[rep] - 1) for rep, k in own.items())

    def move(self, j: int, r: int, value: int) -> None:
        self._count(self.base[j], -1)
        self.base[j][r] = value
        self._count(self.base[j], 1)


def tabu(layout: Layout, seed: int = 0, seconds: float = 60.0, tenure: int = 10) -> list[list[int | None]] | None:
    """Base columns whose expansion is a (quasi-)difference matrix, or None when time runs out."""
    rng = random.Random(seed)
    state = _State(layout, rng)
    end, step, best = time.monotonic() + seconds, 0, state.cost()
    last: dict[tuple[int, int], int] = {}
    while state.cost() > 0:
        if time.monotonic() > end:
            return None
        step += 1
        if step % 50 == 0 and rng.random() < 0.2:
            j, r = rng.choice(state.cells)
            state.move(j, r, rng.randrange(layout.group.n))
            continue
        moves = []
        for j, r in state.cells:
            if state.base[j][r] is None:
                continue
            for value in range(layout.group.n):
                if value != state.base[j][r]:
                    moves.append((state.delta(j, r, value), rng.random(), j, r, value))
        moves.sort()
        current = state.cost()
        for change, _, j, r, value in moves:
            if last.get((j, r), -tenure) + tenure <= step or current + change < best:
                state.move(j, r, value)
                last[(j, r)] = step
                break
        best = min(best, state.cost())
    return state.base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tabu search for a difference matrix of the golf table.")
    parser.add_argument("order", type=int, choices=sorted(LAYOUTS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=600.0)
    args = parser.parse_args(argv)
    layout = LAYOUTS[args.order]()
    start = time.monotonic()
    base = tabu(layout, args.seed, args.seconds)
    if base is None:
        print(f"order {args.order}: nothing found in {time.monotonic() - start:.0f} s")
        return 1
    rows = layout.expand(base)
    assert differences_ok(layout, rows)
    print(f"order {args.order}: found in {time.monotonic() - start:.1f} s (seed {args.seed})")
    for row in rows:
        print(" ".join("-" if x is None else str(x) for x in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
