"""The search that found the stored difference matrices (``bases_dm``), run offline.

A (quasi-)difference matrix is searched as a few *base columns* and a symmetry that maps a
column onto others (``Layout``): x'_r = A(x_{perm[r]}) + step[r], a permutation of the rows, an
automorphism A of the group and a translation per row, or the group of order m that several such
maps make, so every base column stands for m columns (fewer if part of the symmetry leaves it in
place: its cells then copy others, ``same``, and its orbit is checked whole). The Handbook of
Combinatorial Designs (2nd ed., III.3.49-3.55) lays out its quasi-difference matrices of orders
20-30 this way; our layouts (``dm_layouts``) follow it, order 20's with the Handbook's own
symmetry, and the matrices the search finds are ours. Some cells are fixed (a hole, or 0: adding
one element to a whole column changes no difference, so one cell of each base column may be 0).
A column's orbit meets whole orbits of (row, row, difference) at once (``_Items``), so every
filling of a base column that meets no orbit twice is an option covering one representative of
each orbit it meets, and an exact cover (Knuth's Algorithm X on bit masks, random order, restarts
after ``node_limit`` nodes) picks one option per base column. 0 must be met ``zero`` times by
two rows: once for a difference matrix (the all-0 column) and once for a quasi-difference
matrix, whose holes stand for the extra points.

Run: ``python benchmarks/dm_search.py ORDER [--seed S] [--seconds T]`` prints the whole matrix
(rows of group elements, ``-`` for a hole) once found; ``dm_layouts.LAYOUTS`` holds one layout
per order the golf table needs (15, 20, 21, 24, 26, 28, 30).
"""

from __future__ import annotations

import itertools
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
    """Base columns (cells: an element, None for a hole, FREE, or ``same(r)``), the columns fixed
    by the symmetry (given whole), and the symmetry: row permutation ``perm``, automorphism
    ``auto`` and per-row ``step``, plus further generators in ``more`` (each a (perm, step, auto)
    triple); ``maps`` lists every element of the group they make, ``period`` of them."""

    def __init__(
        self,
        orders: tuple[int, ...],
        base: list[list[int | None]],
        fixed: list[list[int | None]],
        perm: list[int],
        step: list[int],
        zero: int = 1,
        auto: list[int] | None = None,
        more: tuple[tuple[list[int], list[int], list[int] | None], ...] = (),
    ) -> None:
        self.group = Group(orders)
        self.base, self.fixed, self.zero = base, fixed, zero
        self.k = len(perm)
        identity = list(range(self.group.n))
        gens = [(perm, step, auto or identity)] + [(p, s, a or identity) for p, s, a in more]
        self.maps = _closure(self.group, gens, self.k)
        self.period = len(self.maps)

    def image(self, column: list[int | None], t: int) -> list[int | None]:
        """Column moved by the t-th element of the symmetry: x'_r = A(x_perm[r]) + step[r]."""
        perm, step, auto = self.maps[t]
        add = self.group.add
        return [None if (x := column[perm[r]]) is None else add[auto[x]][step[r]] for r in range(self.k)]

    def orbit(self, column: list[int | None]) -> list[list[int | None]]:
        """The column's distinct images (fewer than ``period`` when part of the symmetry leaves it
        in place)."""
        images: list[list[int | None]] = []
        for t in range(self.period):
            image = self.image(column, t)
            if image not in images:
                images.append(image)
        return images

    def expand(self, base: list[list[int | None]]) -> list[list[int | None]]:
        """The whole matrix, one list per row."""
        columns = list(self.fixed) + [image for column in base for image in self.orbit(column)]
        return [[column[r] for column in columns] for r in range(self.k)]


Map = tuple[list[int], list[int], list[int]]


def _closure(group: Group, gens: list[Map], k: int) -> list[Map]:
    """Every product of the generators, the identity first: applying (p, s, A) then (q, t, B)
    is x -> B(A(x_p[q[r]]) + s[q[r]]) + t[r]."""
    add, n = group.add, group.n
    maps: list[Map] = [(list(range(k)), [0] * k, list(range(n)))]
    for g in maps:  # grows while read: a breadth-first closure
        for p, s, a in gens:
            gp, gs, ga = g
            image = (
                [gp[p[r]] for r in range(k)],
                [add[a[gs[p[r]]]][s[r]] for r in range(k)],
                [a[ga[x]] for x in range(n)],
            )
            if image not in maps:
                maps.append(image)
    return maps


def same(row: int) -> int:
    """A template cell that copies the cell of ``row``: for a column part of the symmetry leaves in place."""
    return -3 - row


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
    if any(x is not None and x < FREE for x in template):
        _fill_stable(items, template, taken, out)
        return
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


def _fill_stable(items: _Items, template: list[int | None], taken: set[tuple[int, int, int]], out: list) -> None:
    """Every filling of a template with ``same`` cells (a column part of the symmetry leaves in
    place, so its orbit is shorter and may meet a short orbit of differences): the few FREE cells
    are tried in full and the column's orbit is checked whole."""
    layout = items.layout
    sub = layout.group.sub
    free = [r for r, x in enumerate(template) if x == FREE]
    for values in itertools.product(range(layout.group.n), repeat=len(free)):
        column = list(template)
        for r, v in zip(free, values):
            column[r] = v
        column = [column[-3 - x] if x is not None and x < FREE else x for x in column]
        met = [
            (a, b, sub[y][x])
            for image in layout.orbit(column)
            for a, x in enumerate(image)
            for b, y in enumerate(image)
            if a < b and x is not None and y is not None
        ]
        reps = {items.rep[item] for item in met}
        if len(set(met)) == len(met) and not reps & taken:
            out.append((column, sorted(reps)))


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
