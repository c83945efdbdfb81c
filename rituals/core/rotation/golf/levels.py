"""Uneven rounds from an affine plane with one level that turns: g groups of k, e of them k + 1.

The people are k levels: k - 1 "plain" levels of g, each a copy of the field GF(g), and one
"turning" level of g + e. Round r has a slope m_r (distinct field elements, so at most g rounds)
and group x holds, of plain level L (with its own field element lambda_L), the person
x + m_r * lambda_L. Two plain people of different levels meet exactly when their difference is
m_r (lambda_L - lambda_L'), so at most once; plain people of one level never meet.

A person of the turning level follows a *path*: one group per round, chosen so that they meet
a different person of every plain level each round (x_r + m_r lambda_L pairwise distinct over r,
for each L). The classical design gives the turning level g such paths that never share a
group (the lines of a fourth slope), and an extra person then sits in the larger group every
round: repeat-free but unfair. Here g + e paths are picked together so that in each round they
cover every group, e groups twice (those are the groups of k + 1), and two paths share a group
at most once. Then nobody meets twice, turning-level people meet one another only in the larger
groups (e pairs a round, the fewest possible), and the odd seats turn with the paths.

37 people in fours (8 fours and a five), 8 rounds: GF(9) has 126 such paths for three plain
levels, and a set of 10 is found in well under a second. Teams relabelled onto the levels
(the largest team on the turning level) meet little: the 10-people team only in the fives.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from rituals.core.rotation.work import Work

Round = list[list[int]]
MAX_PATHS = 1_500  # paths enumerated at most; the pick below is quadratic in them
NODE_CHECK = 2_000  # backtracking nodes between deadline checks
TRIES = 4  # sets of slopes tried
# backtracking nodes per set of slopes: counted, not timed, so that a seed gives one answer
# (37 in fours: 11 to 4,109 nodes, 15 to 140 ms with building the table of shared groups)
PICK_NODES = 20_000
# Work units (about a microsecond, see rotation_work): a node of the path enumeration, a pair of
# paths compared in one round for the table of shared groups (1,500 paths, 8 rounds: 2 to 4 s), a
# look at a chosen path when a candidate is checked in the pick.
PATH_NODE_WORK, TABLE_WORK, PICK_WORK = 1.0, 0.07, 0.1
# prime powers beyond the primes: (p, irreducible polynomial coefficients, low degree first)
_POLYNOMIALS = {4: (2, (1, 1, 1)), 8: (2, (1, 1, 0, 1)), 9: (3, (1, 0, 1)), 16: (2, (1, 1, 0, 0, 1))}
_PRIME = {q: p for q, (p, _) in _POLYNOMIALS.items()}


def level_rounds(
    sizes: Sequence[int],
    odd: Sequence[bool],
    rounds: int,
    most: int,
    seed: int,
    deadline: float,
    work: Work | None = None,
) -> list[Round] | None:
    """Rounds for groups of ``sizes`` (in that order) in which nobody meets twice and nobody sits
    in an ``odd`` group more than ``most`` times, or None when the layout does not apply (sizes
    other than g groups of k with a few of k + 1, the odd ones; g not a field order we know;
    more rounds than g) or no set of paths is found within ``work`` (``deadline``: safety cap)."""
    g = len(sizes)
    k = min(sizes)
    larger = [i for i, s in enumerate(sizes) if s == k + 1]
    e = len(larger)
    if k < 2 or not e or any(s not in (k, k + 1) for s in sizes) or rounds < 2 or rounds > g:
        return None
    if sorted(i for i, o in enumerate(odd) if o) != larger:
        return None
    field = _field(g)
    if field is None or k - 1 > g:
        return None
    add, mul = field
    rng = random.Random(seed)
    work = work if work is not None else Work()
    # 0, 1, then elements outside the prime subfield: levels all inside a subfield leave
    # five times more paths and a much slower pick (GF(9) with 0, 1, 2: seconds, not 25 ms)
    prime = _PRIME.get(g, g)
    lambdas = ([0, 1] + [x for x in range(2, g) if x >= prime] + list(range(2, min(prime, g))))[: k - 1]
    for _ in range(TRIES):
        if work.done or time.monotonic() >= deadline:
            return None
        slopes = sorted(rng.sample(range(g), rounds))
        paths = _paths(g, slopes, lambdas, add, mul, deadline, work)
        paths.sort()  # lexicographic order: the pick finds a set fastest (a shuffled order is much slower)
        chosen = _pick(paths, g + e, e, rounds, most, deadline, work) if paths else None
        if chosen is not None:
            result = _develop(chosen, sizes, slopes, lambdas, add, mul)
            if _fair(result, odd, most):
                return result
    return None


def _develop(
    chosen: Sequence[tuple[int, ...]],
    sizes: Sequence[int],
    slopes: list[int],
    lambdas: list[int],
    add: list[list[int]],
    mul: list[list[int]],
) -> list[Round]:
    g, k, e = len(sizes), min(sizes), len(chosen) - len(sizes)
    plain_offset = g + e
    result = []
    for r, m in enumerate(slopes):
        groups: list[list[int]] = [[] for _ in range(g)]
        for person, path in enumerate(chosen):
            groups[path[r]].append(person)
        for x in range(g):
            for level, lam in enumerate(lambdas):
                groups[x].append(plain_offset + level * g + add[x][mul[m][lam]])
        big = [grp for grp in groups if len(grp) == k + 1]
        small = [grp for grp in groups if len(grp) == k]
        ordered = [big.pop() if s == k + 1 else small.pop() for s in sizes]
        result.append(ordered)
    return result


def _field(q: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(q) for a prime q or a known prime power."""
    if q < 2:
        return None
    if all(q % d for d in range(2, int(q**0.5) + 1)):
        return ([[(a + b) % q for b in range(q)] for a in range(q)], [[a * b % q for b in range(q)] for a in range(q)])
    if q not in _POLYNOMIALS:
        return None
    p, poly = _POLYNOMIALS[q]
    n = len(poly) - 1

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(n)]

    def number(ds: list[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    def times(a: int, b: int) -> int:
        prod = [0] * (2 * n - 1)
        for i, x in enumerate(digits(a)):
            for j, y in enumerate(digits(b)):
                prod[i + j] = (prod[i + j] + x * y) % p
        for top in range(2 * n - 2, n - 1, -1):  # reduce by the monic polynomial
            c = prod[top]
            if c:
                for i, coef in enumerate(poly):
                    prod[top - n + i] = (prod[top - n + i] - c * coef) % p
        return number(prod[:n])

    add = [[number([(x + y) % p for x, y in zip(digits(a), digits(b))]) for b in range(q)] for a in range(q)]
    return add, [[times(a, b) for b in range(q)] for a in range(q)]


def _paths(
    g: int,
    slopes: list[int],
    lambdas: list[int],
    add: list[list[int]],
    mul: list[list[int]],
    deadline: float,
    work: Work,
) -> list[tuple[int, ...]]:
    """Every path (a group per round) meeting a different person of each plain level each round
    (at most ``MAX_PATHS``; those found when ``work`` runs out)."""
    out: list[tuple[int, ...]] = []
    path: list[int] = []
    nodes = 0
    masks = [
        [sum(1 << (level * g + add[x][mul[m][lam]]) for level, lam in enumerate(lambdas)) for x in range(g)]
        for m in slopes
    ]

    def rec(r: int, used: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes % NODE_CHECK == 0:
            work.spend(NODE_CHECK * PATH_NODE_WORK)
            if work.done or time.monotonic() >= deadline:
                return False
        if r == len(slopes):
            out.append(tuple(path))
            return len(out) < MAX_PATHS
        for x in range(g):
            bits = masks[r][x]
            if used & bits:
                continue
            path.append(x)
            go_on = rec(r + 1, used | bits)
            path.pop()
            if not go_on:
                return False
        return True

    rec(0, 0)
    work.spend(nodes % NODE_CHECK * PATH_NODE_WORK)
    return out


def _pick(
    paths: list[tuple[int, ...]], count: int, e: int, rounds: int, most: int, deadline: float, work: Work
) -> list[tuple[int, ...]] | None:
    """``count`` paths, any two sharing at most one group, each round with exactly e groups
    shared by two (none by three) and nobody in a shared group more than ``most`` times."""
    shared = _shared_rounds(paths, rounds, deadline, work)
    if shared is None:
        return None
    picker = _Picker(paths, shared, count, e, rounds, most, deadline, work)
    found = picker.rec(0)
    work.spend(PICK_WORK * picker.checked)
    return [paths[c] for c in picker.chosen] if found else None


class _Picker:
    """The depth-first search of ``_pick``: each round needs e pairs among ``count`` paths, the
    rest of the pairs never share a group. Its nodes and checks are counted as work."""

    def __init__(
        self,
        paths: list[tuple[int, ...]],
        shared: list[list[int]],
        count: int,
        e: int,
        rounds: int,
        most: int,
        deadline: float,
        work: Work,
    ) -> None:
        self.paths, self.shared, self.count, self.e, self.most = paths, shared, count, e, most
        self.deadline, self.work = deadline, work
        self.chosen: list[int] = []
        self.per_round = [0] * rounds
        self.seats: list[int] = []  # how often each chosen path sits in a shared group
        self.nodes = self.checked = 0

    def rec(self, start: int) -> bool | None:
        """True when found, False when not below here, None when the work or time ran out."""
        self.nodes += 1
        self.work.spend(PICK_WORK * self.checked)
        self.checked = 0
        if (
            self.nodes > PICK_NODES
            or self.work.done
            or (self.nodes % NODE_CHECK == 0 and time.monotonic() >= self.deadline)
        ):
            return None
        if len(self.chosen) == self.count:
            return all(c == self.e for c in self.per_round)
        n = len(self.paths)
        for c in range(start, n):
            if n - c < self.count - len(self.chosen):
                break
            self.checked += 1
            hits = self._hits(c)
            if hits is None:
                continue
            self._place(c, hits, 1)
            found = self.rec(c + 1)
            if found:
                return True
            self._place(c, hits, -1)
            if found is None:
                return None
        return False

    def _hits(self, c: int) -> list[tuple[int, int]] | None:
        """The (round, chosen path) pairs path c would share a group with; None if c cannot join."""
        hits: list[tuple[int, int]] = []
        for a in self.chosen:
            self.checked += 1
            r = self.shared[a][c]
            if r == -1:
                continue
            if r == -2 or self.per_round[r] + sum(1 for h, _ in hits if h == r) >= self.e:
                return None
            self.checked += len(self.chosen)
            if any(self.paths[b][r] == self.paths[c][r] for b in self.chosen if b != a):  # a third in that group
                return None
            hits.append((r, a))
        if len(hits) > self.most or any(self.seats[self.chosen.index(a)] + 1 > self.most for _, a in hits):
            return None
        return hits

    def _place(self, c: int, hits: list[tuple[int, int]], sign: int) -> None:
        """Choose path c (``sign`` 1) or take it back (-1)."""
        if sign < 0:
            self.chosen.pop()
            self.seats.pop()
        for r, a in hits:
            self.per_round[r] += sign
            self.seats[self.chosen.index(a)] += sign
        if sign > 0:
            self.chosen.append(c)
            self.seats.append(len(hits))


def _shared_rounds(paths: list[tuple[int, ...]], rounds: int, deadline: float, work: Work) -> list[list[int]] | None:
    """``shared[a][b]``: the round paths a and b share a group in, -1 none, -2 several; None
    when ``work`` runs out first."""
    n = len(paths)
    shared: list[list[int]] = []
    for a in range(n):
        if work.done or (a % 64 == 0 and time.monotonic() >= deadline):
            return None
        work.spend(TABLE_WORK * n * rounds)
        row = []
        pa = paths[a]
        for b in range(n):
            same = [r for r in range(rounds) if pa[r] == paths[b][r]]
            row.append(-1 if not same else same[0] if len(same) == 1 else -2)
        shared.append(row)
    return shared


def _fair(result: list[Round], odd: Sequence[bool], most: int) -> bool:
    counts: dict[int, int] = {}
    for groups in result:
        for grp, o in zip(groups, odd):
            if o:
                for p in grp:
                    counts[p] = counts.get(p, 0) + 1
    return not counts or max(counts.values()) <= most
