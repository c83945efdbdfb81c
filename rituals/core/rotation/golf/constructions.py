"""Direct constructions of repeat-free schedules for the Social Golfer Problem.

Each builder returns a list of rounds (a round is a list of groups, a group a sorted list of
golfer numbers) that is repeat-free by construction, or None when it does not apply.

* ``circle_rounds``: pairs (size 2), the round-robin circle method, n - 1 rounds for even n.
* ``transversal_rounds``: g rounds when g is a prime power at least the group size (mutually
  orthogonal Latin squares), plus the rounds of each level scheduled alone when size divides g.
* ``subspace_rounds``: golfers are the points of the vector space GF(q)^k and each round is
  the set of cosets of one subspace of dimension d (groups of size q^d). Two rounds share a
  pair exactly when their subspaces share a non-zero vector, so a set of subspaces that meet
  only in 0 (a partial spread) gives a repeat-free schedule. For d = 1 every direction works:
  this is the affine geometry AG(k, q) (affine plane for k = 2: 4-4-5 over GF(4), 5-5-6 over
  GF(5)); for d > 1 a small backtracking search finds a partial spread (8-4-9 over GF(2)^5).
"""

from __future__ import annotations

import time
from itertools import product

Round = list[list[int]]
MAX_SUBSPACES = 5000  # enumerate subspaces only when there are few (8-8-9: 1,395)
SPREAD_NODES = 50_000  # depth-first nodes when looking for a partial spread


def circle_rounds(golfers: int, rounds: int) -> list[Round] | None:
    """Round-robin pairings: golfer n-1 stays put while the others turn around a circle."""
    if golfers % 2 or golfers < 2 or rounds > golfers - 1:
        return None
    turn = golfers - 1
    schedule = []
    for r in range(rounds):
        pairs = [sorted((r, turn))]
        pairs += [sorted(((r + i) % turn, (r - i) % turn)) for i in range(1, golfers // 2)]
        schedule.append(sorted(pairs))
    return schedule


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, e) with q == p**e and p prime, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    e, rest = 0, q
    while rest % p == 0:
        rest //= p
        e += 1
    return (p, e) if rest == 1 else None


def exact_log(n: int, base: int) -> int | None:
    """k with base**k == n, or None."""
    k, power = 0, 1
    while power < n:
        power *= base
        k += 1
    return k if power == n else None


class GaloisField:
    """GF(q) with elements 0..q-1 (base-p digits are polynomial coefficients) and full tables."""

    def __init__(self, q: int) -> None:
        p, e = prime_power(q) or (0, 0)
        if not p:
            raise ValueError(f"{q} is not a prime power")
        self.q = q
        digits = [[(x // p**i) % p for i in range(e)] for x in range(q)]
        self.add = [
            [sum(((a + b) % p) * p**i for i, (a, b) in enumerate(zip(digits[x], digits[y]))) for y in range(q)]
            for x in range(q)
        ]
        self.mul = self._multiplication(p, e)

    def _multiplication(self, p: int, e: int) -> list[list[int]]:
        q = self.q
        if e == 1:
            return [[(x * y) % p for y in range(q)] for x in range(q)]
        # A primitive polynomial makes x a generator: build exp/log tables from its powers.
        for tail in range(q):
            coeffs = [(tail // p**i) % p for i in range(e)]  # x^e = -(sum coeffs[i] x^i)
            exp, element = [], 1
            for _ in range(q - 1):
                exp.append(element)
                shifted = [0] + [(element // p**i) % p for i in range(e)]
                top = shifted.pop()
                element = sum(((shifted[i] - top * coeffs[i]) % p) * p**i for i in range(e))
            if 0 not in exp and len(set(exp)) == q - 1:
                log = {value: power for power, value in enumerate(exp)}
                return [
                    [0 if x == 0 or y == 0 else exp[(log[x] + log[y]) % (q - 1)] for y in range(q)] for x in range(q)
                ]
        raise AssertionError("every finite field has a primitive polynomial")


def gaussian_binomial(k: int, d: int, q: int) -> int:
    """How many d-dimensional subspaces GF(q)^k has."""
    top = bottom = 1
    for i in range(d):
        top *= q ** (k - i) - 1
        bottom *= q ** (i + 1) - 1
    return top // bottom


def _subspaces(field: GaloisField, k: int, d: int, deadline: float) -> list[frozenset[int]] | None:
    """All d-dimensional subspaces of GF(q)^k as sets of non-zero vector indices (None if slow)."""
    q, add, mul = field.q, field.add, field.mul
    vectors = list(product(range(q), repeat=k))
    index = {v: i for i, v in enumerate(vectors)}

    def span(basis: list[tuple[int, ...]]) -> frozenset[int]:
        points = {vectors[0]}
        for b in basis:
            points = {tuple(add[x][mul[c][y]] for x, y in zip(v, b)) for v in points for c in range(q)}
        return frozenset(index[v] for v in points) - {0}

    layer: list[tuple[list[tuple[int, ...]], frozenset[int]]] = [([], frozenset())]
    for _ in range(d):
        nxt: dict[frozenset[int], list[tuple[int, ...]]] = {}
        for basis, space in layer:
            for i in range(1, q**k):
                if i not in space and (not basis or i > index[basis[-1]]):
                    if time.monotonic() > deadline:
                        return None
                    grown = span(basis + [vectors[i]])
                    nxt.setdefault(grown, basis + [vectors[i]])
        layer = [(basis, space) for space, basis in nxt.items()]
    return sorted((space for _, space in layer), key=sorted)


def _partial_spread(spaces: list[frozenset[int]], want: int, deadline: float) -> list[frozenset[int]]:
    """Up to ``want`` pairwise disjoint subspaces, by depth-first search (best found if cut).

    The search stops after SPREAD_NODES nodes, so its answer does not depend on the clock
    unless the deadline comes first.
    """
    best: list[frozenset[int]] = []
    chosen: list[frozenset[int]] = []
    nodes = 0

    def extend(start: int, used: frozenset[int]) -> bool:
        nonlocal best, nodes
        nodes += 1
        if len(chosen) > len(best):
            best = list(chosen)
        if len(chosen) == want:
            return True
        if nodes > SPREAD_NODES or time.monotonic() > deadline:
            return False
        for i in range(start, len(spaces)):
            if not spaces[i] & used:
                chosen.append(spaces[i])
                if extend(i + 1, used | spaces[i]):
                    return True
                chosen.pop()
        return False

    extend(0, frozenset())
    return best


def subspace_rounds(groups: int, size: int, rounds: int, time_budget: float = 2.0) -> tuple[list[Round], str] | None:
    """Cosets of a partial spread in GF(q)^k; up to ``rounds`` rounds, with the method's name."""
    golfers = groups * size
    for q in range(size, 1, -1):  # largest field first: d = 1 (all directions) when it fits
        d, k = exact_log(size, q), exact_log(golfers, q)
        if not d or not k or k <= d or prime_power(q) is None:
            continue
        field = GaloisField(q)
        deadline = time.monotonic() + time_budget
        if d == 1:
            spaces = _directions(field, k)
        elif gaussian_binomial(k, d, q) > MAX_SUBSPACES:
            continue
        else:
            found = _subspaces(field, k, d, deadline)
            if found is None:
                continue
            spaces = _partial_spread(found, rounds, deadline)
        schedule = [_cosets(field, k, space) for space in spaces[:rounds]]
        name = "affine-plane" if d == 1 and k == 2 else ("affine-space" if d == 1 else "subspace-spread")
        return schedule, name
    return None


def _directions(field: GaloisField, k: int) -> list[frozenset[int]]:
    """The 1-dimensional subspaces (lines through 0) of GF(q)^k."""
    q, mul = field.q, field.mul
    lines = []
    for v in product(range(q), repeat=k):
        lead = next((x for x in v if x), 0)
        if lead == 1:  # one normalised representative per direction
            points = {tuple(mul[c][x] for x in v) for c in range(1, q)}
            lines.append(frozenset(_vector_index(p, q) for p in points))
    return lines


def _vector_index(vector: tuple[int, ...], q: int) -> int:
    return sum(x * q ** (len(vector) - 1 - i) for i, x in enumerate(vector))


def _cosets(field: GaloisField, k: int, space: frozenset[int]) -> Round:
    """The partition of GF(q)^k into the cosets x + space (golfer number = vector index)."""
    q, add = field.q, field.add
    vectors = list(product(range(q), repeat=k))
    offsets = [vectors[0]] + [vectors[i] for i in sorted(space)]
    seen: set[int] = set()
    groups = []
    for x in range(q**k):
        if x in seen:
            continue
        group = sorted(_vector_index(tuple(add[a][b] for a, b in zip(vectors[x], o)), q) for o in offsets)
        seen.update(group)
        groups.append(group)
    return groups


def transversal_rounds(groups: int, size: int, rounds: int, time_budget: float = 2.0) -> list[Round] | None:
    """A resolvable transversal design when ``groups`` is a prime power q >= ``size``.

    Golfer ``i * q + x`` is x in GF(q) on level i (one level per place in a group). Round b
    has the groups {(i, a + b * i) : i < size} for a in GF(q): two golfers on levels i != j
    meet only in the round b = (x - y) / (i - j), so q rounds are repeat-free (the classic
    construction from mutually orthogonal Latin squares). Golfers of one level never meet
    there; when ``size`` divides q, each level is then scheduled on its own, side by side
    (8-4-9: 8 rounds + 1).
    """
    q = groups
    if size < 2 or size > q or prime_power(q) is None:
        return None
    schedule = field_transversal(q, size, rounds)
    if len(schedule) < rounds and q % size == 0:
        inner = direct_rounds(q // size, size, rounds - len(schedule), time_budget)
        for groups_ in inner[0] if inner else []:
            schedule.append(sorted(sorted(i * q + x for x in group) for i in range(size) for group in groups_))
    return schedule


def field_transversal(q: int, size: int, rounds: int | None = None) -> list[Round]:
    """The first ``rounds`` (all q when None) rounds of the resolvable transversal design over
    GF(q) (``transversal_rounds``)."""
    field = GaloisField(q)
    add, mul = field.add, field.mul
    built = q if rounds is None else min(rounds, q)
    return [sorted(sorted(i * q + add[a][mul[b][i]] for i in range(size)) for a in range(q)) for b in range(built)]


def direct_rounds(groups: int, size: int, rounds: int, time_budget: float = 2.0) -> tuple[list[Round], str] | None:
    """The direct construction with the most rounds (up to ``rounds``), with its name."""
    if groups < 1 or size < 2 or rounds < 1:
        return None
    found = []
    if size == 2:
        circle = circle_rounds(groups * 2, rounds)
        if circle is not None:
            return circle, "circle"
    if groups < size:  # a second round would repeat a pair: one round is all there is
        return [[list(range(k * size, (k + 1) * size)) for k in range(groups)]], "single-round"
    subspace = subspace_rounds(groups, size, rounds, time_budget)
    if subspace:
        found.append(subspace)
    if not found or len(found[0][0]) < rounds:
        transversal = transversal_rounds(groups, size, rounds, time_budget)
        if transversal:
            found.append((transversal, "transversal"))
    return max(found, key=lambda pair: len(pair[0])) if found else None
