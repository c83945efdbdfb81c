"""Resolvable (v, 5, 1) designs that are 1-rotational: a base round developed over a group of order v - 1.

The golfers are the elements of G = Z_a x Z_b x Z_c (element ``(x * b + y) * c + z``, n = a * b * c
of them; a, b powers of 2, c odd) and one more, inf (golfer n). H, a subgroup of order 4 holding
every element of order 2 of G (``(a / 2) Z_a x (b / 2) Z_b``, or ``(b / 4) Z_b`` when a = 1), is
left out of the blocks. A *base round* is

    {inf} + H,   and  B + h  for every block B and every h in H,

so it is a round exactly when the blocks hold one element of each coset of H but H itself.
Translating it by one element of each coset of H gives (v - 1) / 4 rounds, and no pair meets
twice exactly when the differences x - y of the blocks' pairs (both orders) are the elements of
G outside H, each once (a pair {inf, x} meets in the round of x's coset, a pair inside a coset
of H in the translate of {inf} + H). This is a 1-rotational resolvable difference family, the
structure of Buratti and Zuanni, *G-invariantly resolvable Steiner 2-designs which are
1-rotational over G*, Bull. Belg. Math. Soc. 5 (1998); the difference method is Bose's (1939).

When a = b and u > 0, the blocks are stored up to alpha: (x, y, z) -> (-y, x - y, u z), an
automorphism of order 3 (x + y w in the Galois ring Z_a[w] / (w^2 + w + 1), times w; u of order
3 in Z_c, or u = 1 when c = 1) that maps H onto itself; the set of blocks is left in place by
alpha, so one block of each alpha-orbit is enough (and the search that found it,
``fives_direct_search``, is that much smaller). With u = 0 every block is stored.
"""

from __future__ import annotations

from rituals.core.frozen import frozen

Round = list[list[int]]


@frozen
class DirectFives:
    """A stored design: the group Z_a x Z_b x Z_c, the unit ``u`` of alpha on Z_c (0: no alpha),
    and one block of each alpha-orbit (``"1.9.20.33.50 ..."``, elements by number, blocks by
    spaces)."""

    a: int
    b: int
    c: int
    u: int
    blocks: str

    @property
    def golfers(self) -> int:
        return self.a * self.b * self.c + 1

    def stored(self) -> list[list[int]]:
        return [[int(x) for x in block.split(".")] for block in self.blocks.split()]


class RotationalGroup:
    """Z_a x Z_b x Z_c with its addition, alpha (the identity when u = 0) and the subgroup H."""

    def __init__(self, a: int, b: int, c: int, u: int) -> None:
        if u and a != b:
            raise ValueError("alpha needs a = b")
        self.a, self.b, self.c = a, b, c
        self.order = a * b * c
        self.parts = [(e // c // b, e // c % b, e % c) for e in range(self.order)]
        self.alpha = [self._number(-y, x - y, u * z) if u else e for e, (x, y, z) in enumerate(self.parts)]
        pairs = (
            [(0, b // 4 * j) for j in range(4)]
            if a == 1
            else [(a // 2 * i, b // 2 * j) for i in range(2) for j in range(2)]
        )
        self.subgroup = [self._number(x, y, 0) for x, y in pairs]
        self.cosets = [min(self.add(e, h) for h in self.subgroup) for e in range(self.order)]

    def _number(self, x: int, y: int, z: int) -> int:
        return (x % self.a * self.b + y % self.b) * self.c + z % self.c

    def add(self, e: int, f: int) -> int:
        (x, y, z), (s, t, r) = self.parts[e], self.parts[f]
        return self._number(x + s, y + t, z + r)

    def sub(self, e: int, f: int) -> int:
        (x, y, z), (s, t, r) = self.parts[e], self.parts[f]
        return self._number(x - s, y - t, z - r)

    def coset(self, e: int) -> int:
        """The coset of H holding e, by its least element (0 for H itself)."""
        return self.cosets[e]

    def orbit(self, block: list[int]) -> list[list[int]]:
        """The distinct images of ``block`` under the powers of alpha."""
        images = [sorted(block)]
        while (image := sorted(self.alpha[e] for e in images[-1])) != images[0]:
            images.append(image)
        return images


def direct_rounds(design: DirectFives) -> list[Round]:
    """The (v - 1) / 4 rounds of the design: the base round translated by a coset leader each."""
    group = RotationalGroup(design.a, design.b, design.c, design.u)
    inf = group.order
    blocks = [image for block in design.stored() for image in group.orbit(block)]
    base = [[inf, *group.subgroup]] + [[group.add(x, h) for x in block] for block in blocks for h in group.subgroup]
    leaders: dict[int, int] = {}
    for e in range(group.order):
        leaders.setdefault(group.coset(e), e)
    return [
        sorted(sorted(x if x == inf else group.add(x, t) for x in block) for block in base) for t in leaders.values()
    ]
