"""The searches that found the small ingredients of ``recursive``: no solver calls them at run time.

Both ingredients are stored as base rounds over Z_n (``develop``), some of them left in place
by every translation (a *fixed* round: the union of whole orbits of triples), and both are
filled by the randomized backtracking of ``differences`` (the lowest golfer not yet placed
first, its triple completed while every difference is still free; counted nodes and
restarts, so a seed gives one answer):

* ``find_frame_2_10``: a Kirkman frame of type 2^10 on Z_5 x {0, 1, 2, 3}, groups {(0, x),
  (1, x)} and {(2, x), (3, x)}. Its two base holey rounds C_0 and C_1 miss the groups of
  (0, 0) and (2, 0); their 5 translates each miss the 10 groups once. Between them they meet
  every difference once (2 within each level, 5 across each pair of levels but the 0 across
  levels 0 and 1, and 2 and 3). The layout Z_9 x {0, 1} plus two fixed golfers has none: its
  holey round missing the fixed pair must be {x, x + 3, x + 6} on each level, and the
  backtracking then runs out of candidates.
* ``find_rgdd_6_7``: a 3-RGDD of type 6^7 on Z_7 x {0, ..., 5}, groups {(l, x) : l} (the 0
  difference across levels never meets). Of its 18 rounds, 4 are fixed: two orbits of
  triples {(a, 0), (b, y), (c, z)} on three distinct levels each, the six levels split in
  two (a fixed round cannot meet a pair within a level: such an orbit would cover a level
  twice). The 18 differences within levels are left to 2 base rounds whose translates make
  the 14 other rounds. The whole design is asked to be left in place by phi: (l, x) ->
  (pi(l), 2 x), pi = (0 1 2)(3 4 5), which cuts the search by 3 (without it, 30 draws of
  20,000 nodes each found nothing; with it the first draw does): the fixed rounds are F,
  phi(F), phi^2(F) and one round phi keeps, drawn at random (their 24 differences distinct
  and not 0), then the two base rounds, each a union of phi-orbits of triples, are searched
  on the differences left.

Every difference is met exactly once, since each is allowed once and the triples have as many
pairs as there are differences. docs/golf.md gives the calls that found the stored data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from itertools import combinations

from rituals.core.rotation.golf.develop import BaseRound, ring
from rituals.core.rotation.golf.differences import _differences, _Search

Block = tuple[int, ...]


def _key_table(n: int, levels: int, fixed: int, bases: int) -> tuple[list[list[int]], list[int]]:
    """The difference of each pair over Z_n (``differences``), for ``bases`` copies of the
    golfers that share the differences and never meet across copies."""
    add, _ = ring(f"Z{n}")
    key, allowed = _differences(add, n, levels, fixed, None)
    golfers = levels * n + fixed
    table = [
        [key[a % golfers][b % golfers] if a // golfers == b // golfers else -1 for b in range(golfers * bases)]
        for a in range(golfers * bases)
    ]
    return table, allowed


def _text(blocks: list[Block], offset: int = 0) -> str:
    return " ".join(".".join(str(g - offset) for g in block) for block in sorted(blocks))


def find_frame_2_10(seed: int = 0, nodes: int = 2_000, restarts: int = 100) -> BaseRound | None:
    """The base holey rounds C_0 and C_1 of a Kirkman frame of type 2^10 over Z_5; None if
    ``restarts`` tries of ``nodes`` nodes find none."""
    key, allowed = _key_table(5, 4, 0, 2)
    allowed[key[0][5]] = allowed[key[10][15]] = 0  # the groups: levels 0 and 1, 2 and 3
    rng = random.Random(seed)
    for _ in range(restarts):
        state = _Search(key, allowed, [list(range(40))], 3, 40, rng, nodes)
        for g in (0, 5, 20 + 10, 20 + 15):  # the groups C_0 and C_1 (golfers 20 on) miss
            state.placed[g] = True
        if state.fill():
            bases = [_text([b for b in state.blocks if b[0] // 20 == copy], 20 * copy) for copy in (0, 1)]
            return BaseRound("Z5", 4, 0, " / ".join(bases))
    return None


def _phi(golfer: int) -> int:
    """(l, x) -> (pi(l), 2 x) with pi = (0 1 2)(3 4 5), on each copy of the 42 golfers."""
    copy, level, x = golfer // 42, golfer % 42 // 7, golfer % 7
    return copy * 42 + ((level + 1) % 3 + level // 3 * 3) * 7 + 2 * x % 7


def _moved(blocks: list[Block], move: Callable[[int], int]) -> list[Block]:
    return [tuple(sorted(move(g) for g in block)) for block in blocks]


def _fixed_rounds(key: list[list[int]], allowed: list[int], rng: random.Random) -> list[list[Block]] | None:
    """Four fixed rounds of the 6^7 layout, with distinct free differences (``allowed`` is
    updated), from one random draw: F, phi(F), phi^2(F) and one round that phi leaves in place
    (the orbits of {(0, 0), (1, -2 z), (2, z)} and {(3, 0), (4, -2 w), (5, w)}); None when
    the draw meets a difference twice."""
    levels = rng.sample(range(6), 6)
    first = [(7 * a, 7 * b + rng.randrange(7), 7 * c + rng.randrange(7)) for a, b, c in (levels[:3], levels[3:])]
    z, w = rng.randrange(1, 7), rng.randrange(1, 7)
    rounds = [_translates(first)]
    rounds += [_moved(rounds[0], _phi), _moved(_moved(rounds[0], _phi), _phi)]
    rounds.append(_translates([(0, 7 + -2 * z % 7, 14 + z), (21, 28 + -2 * w % 7, 35 + w)]))
    # a round's 14 triples meet 6 differences (7 times each) when its two orbits differ
    keys = [k for round_ in rounds for k in {key[a][b] for t in round_ for a, b in combinations(t, 2)}]
    if len(keys) < 24 or len(set(keys)) < 24 or any(allowed[k] < 1 for k in keys):
        return None
    for k in keys:
        allowed[k] = 0
    return rounds


def find_rgdd_6_7(seed: int = 0, nodes: int = 20_000, restarts: int = 1000) -> BaseRound | None:
    """A 3-RGDD of type 6^7 over Z_7 with the symmetry phi: two base rounds that phi leaves in
    place, then the four fixed rounds written out whole (``develop`` keeps one copy of each);
    None if ``restarts`` draws of the fixed rounds, each searched for ``nodes`` nodes, find none."""
    rng = random.Random(seed)
    moves = [list(range(84)), [_phi(g) for g in range(84)], [_phi(_phi(g)) for g in range(84)]]
    for _ in range(restarts):
        key, allowed = _key_table(7, 6, 0, 2)
        for a, b in combinations(range(6), 2):
            allowed[key[7 * a][7 * b]] = 0  # (a, x) and (b, x) are in one group
        fixed = _fixed_rounds(key, allowed, rng)
        if fixed is None:
            continue
        state = _Search(key, allowed, moves, 3, 84, rng, nodes)
        if state.fill():
            bases = [_text([b for b in state.blocks if b[0] // 42 == copy], 42 * copy) for copy in (0, 1)]
            return BaseRound("Z7", 6, 0, " / ".join(bases + [_text(round_) for round_ in fixed]))
    return None


def _translates(blocks: Sequence[Block]) -> list[Block]:
    """A fixed round: every translate of its orbits' first triples, translate by translate."""
    return [tuple(sorted(g - g % 7 + (g + t) % 7 for g in block)) for t in range(7) for block in blocks]
