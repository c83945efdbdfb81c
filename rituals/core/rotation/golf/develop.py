"""Resolvable designs by the method of differences: one base round developed over a group.

A stored design is a *base round*: a partition of the golfers into groups, where golfer
``level * n + x`` is the element x of an abelian group G of order n on one of a few levels, and
the golfers from ``levels * n`` on are fixed points that every translation leaves in place.
Adding t in G to every non-fixed golfer gives another round; the distinct rounds over all t are
the schedule. Translation keeps differences, so no pair meets twice exactly when each
difference (within a level: x - y up to sign; across two levels: y - x; a fixed golfer and a
level) is met by one pair of the base round only, and the rounds are then resolvable designs:
Kirkman triple systems (Bose 1939's method, after Kirkman 1847), resolvable (v, 4, 1) designs,
resolvable group divisible designs. A base round left unchanged by a translation of order 2
(1-rotational Kirkman systems: {inf, 0, n/2} is one of its groups) develops into n/2 rounds.

To keep the stored data small, a base round may be given by a few of its groups and
``multipliers``: the base round is then the union of their images under x -> m * x (m in the
multipliers, a subgroup of the units of the ring, on every level at once). The groups that a
multiplication leaves in place, such as {inf, (0, 0), (0, 1)}, are stored once.

Some designs need several base rounds (each developed alike, ``/`` between them in
``blocks``): KTS(21) is two base rounds over Z_5, with four levels and one fixed golfer.

G is Z_n (``"Z13"``) or the additive group of the field GF(q) (``"GF25"``), where the
multiplication is the field's.
"""

from __future__ import annotations

from rituals.core.frozen import frozen
from rituals.core.rotation.golf.constructions import GaloisField

Round = list[list[int]]


@frozen
class BaseRound:
    """``blocks``: the groups of the base round as golfer numbers (``"0.16.32 1.5.18 ..."``:
    groups separated by spaces, golfers by dots, base rounds by ``/``), up to the
    ``multipliers``."""

    group: str
    levels: int
    fixed: int
    blocks: str
    multipliers: tuple[int, ...] = (1,)

    @property
    def order(self) -> int:
        return len(ring(self.group)[0])

    @property
    def golfers(self) -> int:
        return self.levels * self.order + self.fixed

    def rounds(self) -> list[list[list[int]]]:
        """The base rounds (several when ``blocks`` separates them with ``/``), as golfer lists."""
        return [[[int(x) for x in block.split(".")] for block in part.split()] for part in self.blocks.split("/")]


def ring(group: str) -> tuple[list[list[int]], list[list[int]]]:
    """Addition and multiplication tables of Z_n, GF(q) or a product Z_a x Z_b (``"Z2xZ34"``,
    element ``x * b + y`` for (x, y), both operations componentwise)."""
    if group.startswith("GF"):
        field = GaloisField(int(group[2:]))
        return field.add, field.mul
    orders = [int(part[1:]) for part in group.split("x") if part.startswith("Z")]
    if not orders or len(orders) != len(group.split("x")):
        raise ValueError(f"unknown group {group!r}")
    add, mul = [[0]], [[0]]
    for n in orders:  # the product with Z_n, one factor at a time
        size = len(add)
        add = [[add[a // n][b // n] * n + (a + b) % n for b in range(size * n)] for a in range(size * n)]
        mul = [[mul[a // n][b // n] * n + (a * b) % n for b in range(size * n)] for a in range(size * n)]
    return add, mul


def develop(base: BaseRound) -> list[Round]:
    """The distinct translates of each base round, in the order of the translating element."""
    add, mul = ring(base.group)
    n, cyclic = base.order, base.levels * base.order

    def image(golfer: int, m: int, t: int) -> int:
        if golfer >= cyclic:
            return golfer
        return golfer - golfer % n + add[mul[m][golfer % n]][t]

    rounds: list[Round] = []
    seen: set[tuple[tuple[int, ...], ...]] = set()
    for part in base.rounds():
        blocks = {tuple(sorted(image(x, m, 0) for x in block)) for block in part for m in base.multipliers}
        for t in range(n):
            moved = tuple(sorted(tuple(sorted(image(x, 1, t) for x in block)) for block in blocks))
            if moved not in seen:
                seen.add(moved)
                rounds.append([list(block) for block in moved])
    return rounds
