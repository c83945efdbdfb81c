"""Resolvable designs from Denniston's maximal arcs in the projective plane over GF(2^h).

A maximal arc of degree n in PG(2, q) is a set of n q + n - q points that every line meets in 0 or
n points. Denniston (1969) built one for every n dividing q = 2^h: take x^2 + b x y + y^2,
irreducible over GF(q), and an additive subgroup A of GF(q) of order n; the arc is the points
(x : y : z) with x^2 + b x y + y^2 = a z^2 for some a in A (the point (0 : 0 : 1) for a = 0, and a
conic of q + 1 points for each other a, all with that point as nucleus).

The lines that meet the arc (its secants) are the blocks of a 2-(n q + n - q, n, 1) design:
two arc points span one line. A point P off the arc sees each arc point on exactly one line
through it, so the secants through P part the arc: one round of q / n * (n - 1) + 1 groups of
n. A set of off-arc points such that every secant holds exactly one of them is a resolution,
q + 1 rounds in all, the most there can be. It is found by a small exact cover (the secants to
cover, one option per off-arc point). This gives 15 groups of 8 over 17 rounds (q = 16, n = 8),
the resolvable (120, 8, 1) design that a 1-rotational layout cannot give (docs/golf.md), and
the known 7-4-9, 13-4-17 and 25-4-33 again.
"""

from __future__ import annotations

from rituals.core.rotation.golf.constructions import GaloisField, exact_log

Round = list[list[int]]
Point = tuple[int, int, int]


def arc_rounds(groups: int, size: int, rounds: int) -> list[Round] | None:
    """Up to ``rounds`` rounds of the resolved design of a maximal arc of degree ``size``, or
    None when no such arc has ``groups`` * ``size`` points (or no resolution is found)."""
    q = _order(groups, size)
    if q is None:
        return None
    field = GaloisField(q)
    arc = _denniston_arc(field, size)
    golfer = {point: number for number, point in enumerate(arc)}
    secants = _secants(field, arc)
    chosen = _resolution(field, arc, secants)
    if chosen is None:
        return None
    schedule = []
    for point in chosen[:rounds]:
        lines = [line for line in secants if _dot(field, line, point) == 0]
        schedule.append(sorted(sorted(golfer[p] for p in secants[line]) for line in lines))
    return schedule


def _order(groups: int, size: int) -> int | None:
    """The q = 2^h with q + 1 - q / size = ``groups``, when ``size`` is a power of 2 below q."""
    if size < 2 or exact_log(size, 2) is None or (groups - 1) * size % (size - 1):
        return None
    q = (groups - 1) * size // (size - 1)
    return q if q > size and exact_log(q, 2) is not None else None


def _points(q: int) -> list[Point]:
    """The points of PG(2, q), each with its last non-zero coordinate 1."""
    return [(x, y, 1) for x in range(q) for y in range(q)] + [(x, 1, 0) for x in range(q)] + [(1, 0, 0)]


def _denniston_arc(field: GaloisField, degree: int) -> list[Point]:
    q, add, mul = field.q, field.add, field.mul
    inverse = {a: next(b for b in range(1, q) if mul[a][b] == 1) for a in range(1, q)}
    # x^2 + b x + 1 has no root in GF(q) exactly when the absolute trace of 1 / b is 1
    b = next(b for b in range(1, q) if _trace(field, inverse[b]) == 1)
    subgroup = set(range(degree))  # in characteristic 2, addition is XOR: 0..n-1 is a subgroup
    arc = []
    for x, y, z in _points(q):
        if z == 0:  # the form has no zero on the line z = 0, so that line misses the arc
            continue
        form = add[add[mul[x][x]][mul[b][mul[x][y]]]][mul[y][y]]
        if (mul[form][inverse[mul[z][z]]] if form else 0) in subgroup:
            arc.append((x, y, z))
    return arc


def _trace(field: GaloisField, x: int) -> int:
    """x + x^2 + x^4 + ... + x^(q/2), in GF(2)."""
    total, power = 0, x
    for _ in range(exact_log(field.q, 2) or 0):
        total = field.add[total][power]
        power = field.mul[power][power]
    return total


def _normal(field: GaloisField, vector: Point) -> Point:
    """The vector scaled so that its last non-zero coordinate is 1."""
    last = next(c for c in reversed(vector) if c)
    inverse = next(b for b in range(1, field.q) if field.mul[last][b] == 1)
    x, y, z = (field.mul[c][inverse] for c in vector)
    return x, y, z


def _dot(field: GaloisField, line: Point, point: Point) -> int:
    add, mul = field.add, field.mul
    return add[add[mul[line[0]][point[0]]][mul[line[1]][point[1]]]][mul[line[2]][point[2]]]


def _secants(field: GaloisField, arc: list[Point]) -> dict[Point, list[Point]]:
    """Each line through two arc points, with the arc points on it (the cross product of two
    points is the line through them; in characteristic 2, minus is plus)."""
    add, mul = field.add, field.mul
    lines: dict[Point, list[Point]] = {}
    for i, (a, b, c) in enumerate(arc):
        for d, e, f in arc[i + 1 :]:
            cross = (add[mul[b][f]][mul[c][e]], add[mul[c][d]][mul[a][f]], add[mul[a][e]][mul[b][d]])
            lines.setdefault(_normal(field, cross), [])
    for line, on in lines.items():
        on.extend(p for p in arc if _dot(field, line, p) == 0)
    return lines


def _resolution(field: GaloisField, arc: list[Point], secants: dict[Point, list[Point]]) -> list[Point] | None:
    """Off-arc points such that every secant passes through exactly one (an exact cover)."""
    on_arc = set(arc)
    index = {line: k for k, line in enumerate(secants)}
    options = {
        point: frozenset(index[line] for line in secants if _dot(field, line, point) == 0)
        for point in _points(field.q)
        if point not in on_arc
    }
    holders: dict[int, list[Point]] = {k: [] for k in index.values()}
    for point, covered in options.items():
        for k in covered:
            holders[k].append(point)
    chosen: list[Point] = []

    def cover(done: frozenset[int]) -> bool:
        if len(done) == len(index):
            return True
        scarcest = min(
            ([p for p in holders[k] if not options[p] & done] for k in index.values() if k not in done), key=len
        )
        for point in scarcest:
            chosen.append(point)
            if cover(done | options[point]):
                return True
            chosen.pop()
        return False

    return chosen if cover(frozenset()) else None
