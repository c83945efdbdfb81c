"""The search that found the 1-rotational resolvable (v, 5, 1) designs of ``fives_direct``; no
solver calls it at run time.

The blocks of the base round (``fives_direct``) must hold one element of every coset of H but
H, and meet every difference outside H once. Asking the set of blocks to be left in place by
alpha (order 3) makes the search small: alpha permutes the cosets of H, in orbits of three
but for the cosets that alpha fixes, and the differences likewise, so

* a block of three alpha-images holds one coset of five orbits of cosets, and its 20
  differences meet 20 orbits of differences once each;
* when alpha fixes two cosets (c > 1), their alpha-fixed elements f and g meet only each
  other (the differences g - f and f - g are fixed by alpha, and only a pair of fixed elements
  can meet them once), so they share the one block that alpha leaves in place:
  {f, g, y, alpha y, alpha^2 y}.

``find_direct`` chooses y, then fills the blocks by randomized backtracking: each block starts
with the lowest orbit of cosets left, at a fixed element of it (translating a block by H or
turning it by alpha changes nothing), and grows by elements of later orbits while every new
difference falls in an orbit still free. Nodes are counted, nothing is timed: a seed gives
one answer. docs/golf.md lists the calls that found the stored designs.
"""

from __future__ import annotations

import random

from rituals.core.rotation.golf.fives_direct import DirectFives, RotationalGroup

SIZE = 5
Central = tuple[list[int], int]  # the block alpha leaves in place, and its orbit of cosets


class DirectSearch:
    """The orbits of cosets and of differences of one layout, and the backtracking state."""

    def __init__(self, m: int, c: int, u: int) -> None:
        self.group = group = RotationalGroup(m, m, c, u)
        n = group.order
        inside = set(group.subgroup)
        self.orbit_of = [-1] * n  # alpha-orbit of each element outside H, by number
        self.orbits = 0
        for e in range(n):
            if e not in inside and self.orbit_of[e] < 0:
                for image in group.orbit([e]):
                    self.orbit_of[image[0]] = self.orbits
                self.orbits += 1
        self.fixed = [e for e in range(n) if e not in inside and group.alpha[e] == e]
        cosets: dict[int, list[int]] = {}
        for e in range(n):
            cosets.setdefault(group.coset(e), []).append(e)
        seen: set[int] = {0}
        self.coset_orbits: list[list[int]] = []  # elements of each orbit of three cosets
        for key in sorted(cosets):
            images = {group.coset(image[0]) for image in group.orbit([cosets[key][0]])}
            if key in seen or len(images) == 1:
                continue
            seen |= images
            self.coset_orbits.append(sorted(e for k in images for e in cosets[k]))
        self.used = [False] * self.orbits

    def meet(self, block: list[int], e: int) -> list[int] | None:
        """The difference orbits that adding e to ``block`` meets, or None if one is taken twice."""
        met = []
        for x in block:
            met += [self.orbit_of[self.group.sub(e, x)], self.orbit_of[self.group.sub(x, e)]]
        if len(set(met)) < len(met) or any(self.used[k] for k in met):
            return None
        return met

    def mark(self, met: list[int], value: bool) -> None:
        for k in met:
            self.used[k] = value


def find_direct(m: int, c: int, u: int, seed: int = 0, nodes: int = 100_000, restarts: int = 100) -> DirectFives | None:
    """A 1-rotational resolvable design on m * m * c + 1 golfers with alpha's unit ``u``; None
    when ``restarts`` runs of ``nodes`` nodes each find none."""
    search = DirectSearch(m, c, u)
    if len(search.fixed) not in (0, 2) or len(search.coset_orbits) % SIZE != (1 if search.fixed else 0):
        raise ValueError("alpha must fix no element outside H, or two in different cosets")
    rng = random.Random(seed)
    for _ in range(restarts):
        for central in _centrals(search, rng):
            found = _fill(search, central, rng, [nodes])
            if found:
                blocks = ([central[0]] if central else []) + found
                text = " ".join(".".join(map(str, block)) for block in blocks)
                return DirectFives(m, m, c, u, text)
    return None


def _centrals(search: DirectSearch, rng: random.Random) -> list[Central | None]:
    """The choices of the block alpha leaves in place (with the orbit of cosets it takes), in a
    random order; [None] when alpha fixes no element outside H."""
    if not search.fixed:
        return [None]
    group = search.group
    choices: list[Central | None] = []
    for index, orbit in enumerate(search.coset_orbits):
        first = group.coset(orbit[0])
        for y in (e for e in orbit if group.coset(e) == first):
            block = search.fixed + [image[0] for image in group.orbit([y])]
            choices.append((block, index))
    rng.shuffle(choices)
    return choices


def _fill(
    search: DirectSearch, central: Central | None, rng: random.Random, budget: list[int]
) -> list[list[int]] | None:
    """The stored blocks (one per alpha-orbit) completing ``central``, or None."""
    taken = [False] * len(search.coset_orbits)
    if central is not None:
        block, index = central
        differences = [search.group.sub(a, b) for a in block for b in block if a != b]
        if len(set(differences)) < len(differences):  # alpha turns the block: an orbit is met whole
            return None
        search.mark([search.orbit_of[d] for d in differences], True)
        taken[index] = True
    blocks: list[list[int]] = []
    found = _next_block(search, taken, blocks, rng, budget)
    search.used = [False] * search.orbits
    return blocks if found else None


def _next_block(
    search: DirectSearch, taken: list[bool], blocks: list[list[int]], rng: random.Random, budget: list[int]
) -> bool:
    start = next((i for i, done in enumerate(taken) if not done), None)
    if start is None:
        return True
    taken[start] = True
    blocks.append([search.coset_orbits[start][0]])
    if _grow(search, taken, blocks, start, rng, budget):
        return True
    blocks.pop()
    taken[start] = False
    return False


def _grow(
    search: DirectSearch, taken: list[bool], blocks: list[list[int]], last: int, rng: random.Random, budget: list[int]
) -> bool:
    block = blocks[-1]
    if len(block) == SIZE:
        return _next_block(search, taken, blocks, rng, budget)
    budget[0] -= 1
    if budget[0] < 0:
        return False
    candidates = [(i, e) for i in range(last + 1, len(taken)) if not taken[i] for e in search.coset_orbits[i]]
    rng.shuffle(candidates)
    for i, e in candidates:
        met = search.meet(block, e)
        if met is None:
            continue
        search.mark(met, True)
        taken[i] = True
        block.append(e)
        if _grow(search, taken, blocks, i, rng, budget):
            return True
        block.pop()
        taken[i] = False
        search.mark(met, False)
    return False
