"""Resolvable designs from Denniston's maximal arcs in the projective plane over GF(2^h).

A maximal arc of degree n in PG(2, q) is a set of n q + n - q points that every line meets in 0 or
n points. Denniston (1969) built one for every n dividing q = 2^h: take x^2 + b x y + y^2,
irreducible over GF(q), and an additive subgroup A of GF(q) of order n; the arc is the points
(x : y : z) with x^2 + b x y + y^2 = a z^2 for some a in A (the point (0 : 0 : 1) for a = 0, and a
conic of q + 1 points for each other a).

The lines that meet the arc are the blocks of a 2-(n q + n - q, n, 1) design: two arc points
span one line. The form has no zero with z = 0, so the line at infinity misses the arc and the
arc lies in the affine plane GF(q)^2. Each of the q + 1 directions of that plane is a point at
infinity: the lines in that direction part the plane, each meets the arc in 0 or n points, so
they part the arc into groups of n, one round. Two arc points span one line, in one direction,
so the q + 1 rounds meet every pair once: (q + 1 - q / n) groups of n over q + 1 rounds, the
counting bound. This gives 15 groups of 8 over 17 rounds (q = 16, n = 8), the resolvable
(120, 8, 1) design that a 1-rotational layout cannot give (docs/golf.md), and the known 7-4-9,
13-4-17 and 25-4-33 again.
"""

from __future__ import annotations

from rituals.core.rotation.golf.constructions import GaloisField, exact_log

Round = list[list[int]]


def arc_rounds(groups: int, size: int, rounds: int) -> list[Round] | None:
    """Up to ``rounds`` rounds of the resolved design of a maximal arc of degree ``size``, or
    None when no such arc has ``groups`` * ``size`` points."""
    q = _order(groups, size)
    if q is None:
        return None
    field = GaloisField(q)
    arc = _denniston_arc(field, size)
    add, mul = field.add, field.mul
    schedule = []
    # direction (1 : 0 : 0): the lines y = c; direction (d : 1 : 0): the lines x + d y = c
    for direction in [None, *range(q)][:rounds]:
        lines: dict[int, list[int]] = {}
        for golfer, (x, y) in enumerate(arc):
            lines.setdefault(y if direction is None else add[x][mul[direction][y]], []).append(golfer)
        schedule.append(sorted(lines.values()))
    return schedule


def _order(groups: int, size: int) -> int | None:
    """The q = 2^h with q + 1 - q / size = ``groups``, when ``size`` is a power of 2 below q."""
    if size < 2 or exact_log(size, 2) is None or (groups - 1) * size % (size - 1):
        return None
    q = (groups - 1) * size // (size - 1)
    return q if q > size and exact_log(q, 2) is not None else None


def _denniston_arc(field: GaloisField, degree: int) -> list[tuple[int, int]]:
    """The arc's points (x, y) in the affine plane z = 1."""
    q, add, mul = field.q, field.add, field.mul
    # x^2 + b x + 1 with no root in GF(q): then x^2 + b x y + y^2 is 0 only at (0, 0)
    b = next(b for b in range(1, q) if all(add[add[mul[x][x]][mul[b][x]]][1] for x in range(q)))
    subgroup = range(degree)  # in characteristic 2, addition is XOR: 0..n-1 is a subgroup
    return [(x, y) for x in range(q) for y in range(q) if add[add[mul[x][x]][mul[b][mul[x][y]]]][mul[y][y]] in subgroup]
