"""The search that found the stored difference matrices (``bases_dm``), run offline.

A (quasi-)difference matrix is searched as a few *base columns* and a symmetry that maps a
column onto others (``Layout``): x'_r = A(x_{perm[r]}) + step[r], a permutation of the rows, an
automorphism A of the group and a translation per row, of order m, so every base column stands
for m columns. The Handbook of Combinatorial Designs (2nd ed., III.3.49-3.55) lays out its
quasi-difference matrices of orders 20-30 this way; the layouts below are ours, and so are the
matrices the search finds. Some cells are fixed (a hole, or 0: adding one element to a whole
column changes no difference, so one cell of each base column may be 0). A column's orbit meets
whole orbits of (row, row, difference) at once (``_Items``), so every filling of a base column
that meets no orbit twice is an option covering one representative of each orbit it meets, and
an exact cover (Knuth's Algorithm X on bit masks, random order, restarts after ``node_limit``
nodes) picks one option per base column. 0 must be met ``zero`` times by two rows: once for a
difference matrix (the all-0 column) and once for a quasi-difference matrix, whose holes stand
for the extra points.

Run: ``python benchmarks/dm_search.py ORDER [--seed S] [--seconds T]`` prints the whole matrix
(rows of group elements, ``-`` for a hole) once found; ``LAYOUTS`` holds one layout per order the
golf table needs (15, 20, 21, 24, 26, 28, 30).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeGuard

FREE = -2  # a cell to be searched; None is a hole


class Group:
    """A product of cyclic groups Z_o1 x Z_o2 x ..., elements coded 0..n-1 (mixed radix)."""

    def __init__(self, orders: tuple[int, ...]) -> None:
        self.orders = orders
        self.n = 1
        for o in orders:
            self.n *= o
        digits = [self.digits(x) for x in range(self.n)]
        self.add = [[self.code([(a + b) % o for a, b, o in zip(dx, dy, orders)]) for dy in digits] for dx in digits]
        self.neg = [self.code([(-a) % o for a, o in zip(dx, orders)]) for dx in digits]
        self.sub = [[self.add[x][self.neg[y]] for y in range(self.n)] for x in range(self.n)]

    def digits(self, x: int) -> list[int]:
        out = []
        for o in reversed(self.orders):
            x, d = divmod(x, o)
            out.append(d)
        return out[::-1]

    def code(self, digits: list[int]) -> int:
        x = 0
        for o, d in zip(self.orders, digits):
            x = x * o + d
        return x


class Layout:
    """Base columns (cells: an element, None for a hole, FREE), the columns fixed by the
    symmetry (given whole), and the symmetry: row permutation ``perm`` and per-row ``step``."""

    def __init__(
        self,
        orders: tuple[int, ...],
        base: list[list[int | None]],
        fixed: list[list[int | None]],
        perm: list[int],
        step: list[int],
        period: int,
        zero: int = 1,
        auto: list[int] | None = None,
    ) -> None:
        self.group = Group(orders)
        self.base, self.fixed, self.perm, self.step, self.period, self.zero = base, fixed, perm, step, period, zero
        self.k = len(perm)
        self.auto = auto if auto is not None else list(range(self.group.n))

    def image(self, column: list[int | None], times: int) -> list[int | None]:
        out = list(column)
        for _ in range(times):
            out = [self._move(out[self.perm[r]], r) for r in range(self.k)]
        return out

    def _move(self, x: int | None, row: int) -> int | None:
        return None if x is None else self.group.add[self.auto[x]][self.step[row]]

    def expand(self, base: list[list[int | None]]) -> list[list[int | None]]:
        """The whole matrix, one list per row."""
        columns = list(self.fixed)
        for column in base:
            columns.extend(self.image(column, t) for t in range(self.period))
        return [[column[r] for column in columns] for r in range(self.k)]


def differences_ok(layout: Layout, rows: list[list[int | None]], lam: int = 1) -> bool:
    """Every pair of rows meets every non-zero difference ``lam`` times and 0 ``layout.zero`` times."""
    sub, n = layout.group.sub, layout.group.n
    for r in range(layout.k):
        for s in range(r + 1, layout.k):
            counts = [0] * n
            for x, y in zip(rows[r], rows[s]):
                if x is not None and y is not None:
                    counts[sub[y][x]] += 1
            if counts[0] != layout.zero or any(c != lam for c in counts[1:]):
                return False
    return True


class _Items:
    """The orbits of (row, row, difference) under the layout's symmetry: a column's orbit meets a
    whole orbit of them at once, so the exact cover works on one representative per orbit."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.rep: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        self.full: dict[tuple[int, int, int], bool] = {}
        sub = layout.group.sub
        for a in range(layout.k):
            for b in range(a + 1, layout.k):
                for d in range(layout.group.n):
                    column: list[int | None] = [None] * layout.k
                    column[a], column[b] = 0, d
                    orbit = []
                    for t in range(layout.period):
                        image = layout.image(column, t)
                        i, j = (r for r in range(layout.k) if image[r] is not None)
                        x, y = image[i], image[j]
                        assert x is not None and y is not None
                        orbit.append((i, j, sub[y][x]))
                    self.rep[(a, b, d)] = min(orbit)
                    self.full[(a, b, d)] = len(set(orbit)) == layout.period

    def met(self, column: list[int | None], r: int) -> list[tuple[int, int, int]] | None:
        """The representatives met by the pairs of cell r with the other known cells of a base
        column, or None if one of them would be met twice by the orbit."""
        sub, x = self.layout.group.sub, column[r]
        out: list[tuple[int, int, int]] = []
        if x is None:
            return out
        for q, y in enumerate(column):
            if q == r or y is None or y == FREE:
                continue
            item = (r, q, sub[y][x]) if r < q else (q, r, sub[x][y])
            if not self.full[item]:
                return None
            out.append(self.rep[item])
        return out


def _fresh(
    met: list[tuple[int, int, int]] | None, seen: set[tuple[int, int, int]]
) -> TypeGuard[list[tuple[int, int, int]]]:
    """Whether ``met`` (None: an orbit too short) holds no representative twice and none seen."""
    return met is not None and len(set(met)) == len(met) and not seen.intersection(met)


def _fill(items: _Items, template: list[int | None], taken: set[tuple[int, int, int]], out: list) -> None:
    """Every filling of the template's FREE cells whose orbit meets no difference twice, with the
    representatives it meets."""
    n = items.layout.group.n
    column = list(template)
    seen: set[tuple[int, int, int]] = set(taken)
    for r, x in enumerate(template):
        if x is not None and x != FREE:
            # the later fixed cells are hidden, so each pair of fixed cells counts once
            met = items.met(column[: r + 1] + [None] * (len(column) - r - 1), r)
            if not _fresh(met, seen):
                return
            seen.update(met)
    free = [r for r, x in enumerate(template) if x == FREE]
    base = sorted(seen - set(taken))

    def rec(i: int) -> None:
        if i == len(free):
            out.append((list(column), base + sorted(seen.difference(base, taken))))
            return
        r = free[i]
        for v in range(n):
            column[r] = v
            met = items.met(column, r)
            if not _fresh(met, seen):
                continue
            seen.update(met)
            rec(i + 1)
            seen.difference_update(met)
        column[r] = FREE

    rec(0)


def _cover(options: list[list[int]], count: int, rng: random.Random, budget: list[int]) -> list[int] | None:
    """Knuth's Algorithm X on bit masks: cover the item with the fewest options left, trying
    them in random order; None once the whole tree is searched, TimeoutError past the budget."""
    masks = [sum(1 << i for i in items) for items in options]
    full = (1 << count) - 1

    def rec(candidates: list[int], covered: int, chosen: list[int]) -> list[int] | None:
        if covered == full:
            return chosen
        budget[0] -= 1
        if budget[0] < 0:
            raise TimeoutError
        counts = [0] * count
        for o in candidates:
            for i in options[o]:
                counts[i] += 1
        item = min((i for i in range(count) if not covered >> i & 1), key=counts.__getitem__)
        if counts[item] == 0:
            return None
        bit = 1 << item
        choices = [o for o in candidates if masks[o] & bit]
        rng.shuffle(choices)
        for o in choices:
            mask = masks[o]
            found = rec([p for p in candidates if not masks[p] & mask], covered | mask, chosen + [o])
            if found is not None:
                return found
        return None

    return rec(list(range(len(options))), 0, [])


def search(
    layout: Layout,
    seed: int = 0,
    seconds: float = 60.0,
    node_limit: int = 100_000,
    log: Callable[[int, int], None] | None = None,
) -> list[list[int | None]] | None:
    """Base columns that expand to a (quasi-)difference matrix, or None when time runs out: every
    filling of every template is an option covering the differences its orbit meets (and its
    template, when no other template is the same), and an exact cover picks one per template."""
    rng = random.Random(seed)
    end = time.monotonic() + seconds
    orbits = _Items(layout)
    sub = layout.group.sub
    taken = {
        orbits.rep[(a, b, sub[y][x])]
        for column in layout.fixed
        for a, x in enumerate(column)
        for b, y in enumerate(column)
        if a < b and x is not None and y is not None
    }
    items: dict[tuple, int] = {}
    fillings: list[list[int | None]] = []
    rows: list[list[int]] = []
    signatures: set[frozenset] = set()
    for j, template in enumerate(layout.base):
        if any(template == earlier for earlier in layout.base[:j]):
            continue
        own = [] if layout.base.count(template) > 1 else [("template", j)]
        found: list = []
        _fill(orbits, template, taken, found)
        for column, reps in found:
            signature = frozenset(own + reps)
            if signature in signatures:
                continue  # the same orbit of columns, reached from another of its columns
            signatures.add(signature)
            rows.append([items.setdefault(key, len(items)) for key in own + reps])
            fillings.append(column)
    for key in {orbits.rep[item] for item in _wanted(layout)} - taken:
        items.setdefault(key, len(items))
    if log is not None:
        log(len(rows), len(items))
    while time.monotonic() < end:
        try:
            chosen = _cover(rows, len(items), rng, [node_limit])
        except TimeoutError:
            continue
        return None if chosen is None else [fillings[o] for o in chosen]  # None: no such matrix here
    return None


def _wanted(layout: Layout) -> list[tuple[int, int, int]]:
    """Every (row, row, difference) the matrix must meet."""
    return [
        (a, b, d)
        for a in range(layout.k)
        for b in range(a + 1, layout.k)
        for d in range(layout.group.n)
        if d != 0 or layout.zero > 0
    ]


def _plain(k: int, orders: tuple[int, ...], auto: list[int] | None = None, period: int = 1) -> Layout:
    """Row 0 all 0 and row 1 running through the group (both without loss of generality); with an
    automorphism of the group, one column for each of its orbits on the non-zero elements."""
    layout = Layout(orders, [], [[0] * k], list(range(k)), [0] * k, period, auto=auto)
    seen: set[int] = set()
    for c in range(1, layout.group.n):
        if c not in seen:
            column: list[int | None] = [0, c, *[FREE] * (k - 2)]
            layout.base.append(column)
            x = c
            for _ in range(period):
                seen.add(x)
                x = layout.auto[x]
    return layout


def _rotating(
    k: int, orders: tuple[int, ...], perm: list[int], base: list[list[int | None]], zero_column: bool
) -> Layout:
    period, p = 1, perm
    while p != list(range(k)):
        p, period = [perm[i] for i in p], period + 1
    return Layout(orders, base, [[0] * k] if zero_column else [], perm, [0] * k, period)


def _times(orders: tuple[int, ...], factors: tuple[int, ...]) -> list[int]:
    """x -> factor * x coordinate by coordinate (an automorphism when each factor is a unit)."""
    group = Group(orders)
    return [group.code([f * d % o for f, d, o in zip(factors, group.digits(x), orders)]) for x in range(group.n)]


def _gf4_times_2() -> list[int]:
    """On GF(4) x Z_7 (a + b w, y): multiplication by (w, 2), of order 3 and fixing only 0."""
    group = Group((2, 2, 7))
    return [group.code([b, (a + b) % 2, 2 * y % 7]) for a, b, y in (group.digits(x) for x in range(group.n))]


def _holes_on_the_diagonal() -> list[list[int | None]]:
    """An all-0 column and six with a hole in row j, a 0 in row j + 1 and FREE elsewhere."""
    base: list[list[int | None]] = [[0] * 6]
    base.extend([None if r == j else (0 if r == (j + 1) % 6 else FREE) for r in range(6)] for j in range(6))
    return base


F = FREE
LAYOUTS = {
    # a (15, 5; 1) difference matrix over Z_15, closed under x -> -x
    15: lambda: _plain(5, (15,), _times((15,), (14,)), 2),
    # a (19, 6; 1, 1; 1) quasi-difference matrix over Z_19, rows (0 1 2)(3 5 4): TD(6, 20)
    20: lambda: _rotating(
        6, (19,), [1, 2, 0, 4, 5, 3], [[None, 0, F, F, F, F], [F, F, F, None, 0, F]] + [[0, F, F, F, F, F]] * 5, False
    ),
    # a (21, 6; 1) difference matrix over Z_21, rows 0-4 rotating, row 5 all 0: RTD(6, 21)
    21: lambda: _rotating(6, (21,), [1, 2, 3, 4, 0, 5], [[F, F, F, F, F, 0]] * 4, True),
    # a (24, 5; 1) difference matrix over Z_2^3 x Z_3, each column paired with its translate by
    # an element of order 2 that differs from row to row
    24: lambda: Layout((2, 2, 2, 3), [[0, F, F, F, F]] * 12, [], list(range(5)), [0, 3, 6, 9, 12], 2),
    # a (21, 6; 1, 1; 5) quasi-difference matrix over Z_21, rows rotating: TD(6, 26)
    26: lambda: _rotating(6, (21,), [1, 2, 3, 4, 5, 0], [[None, 0, F, F, F, F]] * 5, True),
    # a (28, 5; 1) difference matrix over GF(4) x Z_7, closed under x -> (w, 2) x
    28: lambda: _plain(5, (2, 2, 7), _gf4_times_2(), 3),
    # a (25, 6; 1, 1; 5) quasi-difference matrix over Z_5^2, columns translated per row: TD(6, 30)
    30: lambda: Layout(
        (5, 5),
        _holes_on_the_diagonal(),
        [],
        list(range(6)),
        [4, 18, 2, 8, 3, 15],  # the first of random choices whose layout holds a matrix
        5,
    ),
}
