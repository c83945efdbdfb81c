"""Resolvable (v, 5, 1) designs that are 1-rotational: a base round developed over a group of order v - 1.

The golfers are the elements of G = Z_m x Z_m x Z_c (element ``(x * m + y) * c + z``, n = m * m * c
of them) and one more, inf (golfer n). H, the elements with x and y in (m / 2) Z_m and z = 0, is a
subgroup of order 4 holding every element of order 2 of G. A *base round* is

    {inf} + H,   and  B + h  for every stored block B and every h in H,

so it is a round exactly when the blocks hold one element of each coset of H but H itself.
Translating it by one element of each coset of H gives (v - 1) / 4 rounds, and no pair meets
twice exactly when the differences x - y of the blocks' pairs (both orders) are the elements of
G outside H, each once (a pair {inf, x} meets in the round of x's coset, a pair inside a coset
of H in the translate of {inf} + H). This is a 1-rotational resolvable difference family, the
structure of Buratti and Zuanni, *G-invariantly resolvable Steiner 2-designs which are
1-rotational over G*, Bull. Belg. Math. Soc. 5 (1998); the difference method is Bose's (1939).

To keep the data small (and the search that found it small, ``fives_direct_search``), the
blocks are invariant as a whole under alpha: (x, y, z) -> (-y, x - y, u z), an automorphism of
order 3 (x + y w over the Galois ring Z_m[w] / (w^2 + w + 1), times w; u of order 3 in Z_c or
u = 1 when c = 1) that maps H onto itself; only one block of each alpha-orbit is stored.
"""

from __future__ import annotations

from rituals.core.frozen import frozen

Round = list[list[int]]


@frozen
class DirectFives:
    """A stored design: the group Z_m x Z_m x Z_c, the unit ``u`` of alpha on Z_c, and one block
    of each alpha-orbit (``"1.9.20.33.50 ..."``, elements by number, blocks by spaces)."""

    m: int
    c: int
    u: int
    blocks: str

    @property
    def golfers(self) -> int:
        return self.m * self.m * self.c + 1

    def stored(self) -> list[list[int]]:
        return [[int(x) for x in block.split(".")] for block in self.blocks.split()]


class RotationalGroup:
    """Z_m x Z_m x Z_c with its addition, alpha and the subgroup H of order 4."""

    def __init__(self, m: int, c: int, u: int) -> None:
        self.m, self.c, self.u = m, c, u
        self.order = m * m * c
        self.parts = [(e // c // m, e // c % m, e % c) for e in range(self.order)]
        self.alpha = [self._number(-y, x - y, u * z) for x, y, z in self.parts]
        half = m // 2
        self.subgroup = [self._number(a * half, b * half, 0) for a in range(2) for b in range(2)]

    def _number(self, x: int, y: int, z: int) -> int:
        return (x % self.m * self.m + y % self.m) * self.c + z % self.c

    def add(self, a: int, b: int) -> int:
        (x, y, z), (s, t, r) = self.parts[a], self.parts[b]
        return self._number(x + s, y + t, z + r)

    def sub(self, a: int, b: int) -> int:
        (x, y, z), (s, t, r) = self.parts[a], self.parts[b]
        return self._number(x - s, y - t, z - r)

    def coset(self, e: int) -> int:
        """The coset of H holding e, by number (0 for H itself)."""
        half = self.m // 2
        x, y, z = self.parts[e]
        return (x % half * half + y % half) * self.c + z

    def orbit(self, block: list[int]) -> list[list[int]]:
        """The distinct images of ``block`` under the powers of alpha."""
        images = [sorted(block)]
        while (image := sorted(self.alpha[e] for e in images[-1])) != images[0]:
            images.append(image)
        return images


def direct_rounds(design: DirectFives) -> list[Round]:
    """The (v - 1) / 4 rounds of the design: the base round translated by a coset leader each."""
    group = RotationalGroup(design.m, design.c, design.u)
    inf = group.order
    blocks = [image for block in design.stored() for image in group.orbit(block)]
    base = [[inf, *group.subgroup]] + [[group.add(x, h) for x in block] for block in blocks for h in group.subgroup]
    leaders: dict[int, int] = {}
    for e in range(group.order):
        leaders.setdefault(group.coset(e), e)
    return [
        sorted(sorted(x if x == inf else group.add(x, t) for x in block) for block in base) for t in leaders.values()
    ]
