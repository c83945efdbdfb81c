"""A two-stage search for 1-rotational resolvable (v, 5, 1) designs (``fives_direct``) when no
automorphism alpha helps; no solver calls it at run time.

The blocks hold one element of each coset of H but H, and their differences are the elements
of G outside H, once each. Read in the quotient Q = G / H (order (v - 1) / 4), that says:

1. *shadow*: the cosets, as elements of Q, fall into blocks of five whose differences meet
   every element of Q but 0 exactly four times (the four elements of a coset of H);
2. *lift*: each coset of a shadow block is replaced by one of its four elements so that the
   four pairs whose difference lies in a coset of H have four different differences.

``find_shadow`` fills a shadow by randomized backtracking (a block starts at the least coset
left and grows by later cosets while no difference of Q is met a fifth time); ``find_lift``
tries every lift of one shadow (the first element of each block can stay the least of its
coset: translating a block by H changes nothing), depth first, block after block, pruning as
soon as a difference of G is met twice (a fraction of a second). Most shadows have no lift
(one in 16 for 85 golfers, one in 15 for 105), so ``find_lifted`` draws shadows until one
lifts. Nodes are counted, nothing timed: a seed gives one answer. docs/golf.md lists the calls
that found the stored designs.
"""

from __future__ import annotations

import random

from rituals.core.rotation.golf.fives_direct import DirectFives, RotationalGroup

SIZE = 5
MEETINGS = 4  # the elements of a coset of H: how often a shadow meets each difference of Q


def find_shadow(group: RotationalGroup, rng: random.Random, nodes: int = 20_000) -> list[list[int]] | None:
    """Shadow blocks (cosets by their least element), or None when ``nodes`` run out."""
    cosets = sorted({group.coset(e) for e in range(group.order)} - {0})
    met = dict.fromkeys(cosets, 0)
    diff = {(p, q): group.coset(group.sub(p, q)) for p in cosets for q in cosets if p != q}
    placed: set[int] = set()
    blocks: list[list[int]] = []
    budget = [nodes]

    def grow(block: list[int], free: list[int]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if len(block) == SIZE:
            blocks.append(block)
            placed.update(block)
            if fill():
                return True
            placed.difference_update(block)
            blocks.pop()
            return False
        for i, q in enumerate(free):
            keys = [diff[q, p] for p in block] + [diff[p, q] for p in block]
            for k in keys:
                met[k] += 1
            if all(met[k] <= MEETINGS for k in keys) and grow(block + [q], free[i + 1 :]):
                return True
            for k in keys:
                met[k] -= 1
        return False

    def fill() -> bool:
        left = [q for q in cosets if q not in placed]
        if not left:
            return True
        rest = left[1:]
        rng.shuffle(rest)
        return grow([left[0]], rest)

    return blocks if fill() else None


def find_lift(group: RotationalGroup, shadow: list[list[int]], nodes: int = 10_000_000) -> list[list[int]] | None:
    """Blocks of G whose cosets are the ``shadow``'s and whose differences are all different,
    or None (none exists when fewer than ``nodes`` nodes were spent)."""
    members = {q: [e for e in range(group.order) if group.coset(e) == q] for block in shadow for q in block}
    used = [False] * group.order
    slots = [(b, i) for b, block in enumerate(shadow) for i in range(SIZE)]
    lifted = [[0] * SIZE for _ in shadow]
    budget = [nodes]

    def assign(k: int) -> bool:
        if k == len(slots):
            return True
        budget[0] -= 1
        if budget[0] < 0:
            return False
        b, i = slots[k]
        for e in members[shadow[b][i]][:1] if i == 0 else members[shadow[b][i]]:
            keys = [group.sub(e, x) for x in lifted[b][:i]] + [group.sub(x, e) for x in lifted[b][:i]]
            if len(set(keys)) < len(keys) or any(used[d] for d in keys):
                continue
            for d in keys:
                used[d] = True
            lifted[b][i] = e
            if assign(k + 1):
                return True
            for d in keys:
                used[d] = False
        return False

    return lifted if assign(0) else None


def find_lifted(
    a: int, b: int, c: int, seed: int = 0, tries: int = 10_000, nodes: int = 10_000_000
) -> DirectFives | None:
    """A design over Z_a x Z_b x Z_c from the first shadow that lifts within ``nodes`` nodes,
    or None when ``tries`` tries for a shadow (20,000 nodes each) have not found one."""
    group = RotationalGroup(a, b, c, 0)
    rng = random.Random(seed)
    for _ in range(tries):
        shadow = find_shadow(group, rng)
        lifted = find_lift(group, shadow, nodes) if shadow else None
        if lifted:
            return DirectFives(a, b, c, 0, " ".join(".".join(map(str, block)) for block in lifted))
    return None
