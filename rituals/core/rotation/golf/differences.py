"""The search that found most stored base rounds (``bases``): no solver calls it at run time.

A base round over a group G of order n (levels of n golfers plus fixed golfers, see
``develop``) develops into a repeat-free schedule when every *difference* (a pair of golfers up
to translation) is met no more often than its translates allow. Asking the base round to be
left in place by a subgroup M of multipliers (x -> m x on every level) and, optionally, by the
translation by an element h of order 2, cuts the search by |M| (or 2 |M|): choosing one group
places its whole orbit. ``find_base_round`` fills the base round by randomized backtracking
(the lowest golfer not yet placed first, its group completed golfer by golfer while every new
pair's difference is still free), restarting with a new random order after ``nodes`` nodes;
all is counted, nothing timed, so a seed gives one answer.

With M of order 3 or so, Kirkman triple systems up to 147 golfers and resolvable (v, 4, 1)
designs up to 148 come out in seconds (docs/golf.md lists the calls).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from rituals.core.rotation.golf.develop import BaseRound, ring

Block = tuple[int, ...]


def find_base_round(
    group: str,
    levels: int,
    fixed: int,
    size: int,
    multipliers: Sequence[int] = (1,),
    half: int | None = None,
    central: Sequence[Block] = (),
    seed: int = 0,
    nodes: int = 20_000,
    restarts: int = 100,
    rotate: bool = False,
    bases: int = 1,
) -> BaseRound | None:
    """``bases`` base rounds of groups of ``size``, each invariant under ``multipliers`` (and the
    translation by ``half``, and the cyclic rotation of the levels when ``rotate``, the fixed
    golfers turning with them when there are as many), that develop without repeats, with the
    ``central`` groups as given (golfer g of base round b numbered g + b * golfers); None if
    ``restarts`` tries of ``nodes`` nodes each find none."""
    add, mul = ring(group)
    n = len(add)
    golfers = levels * n + fixed
    base_key, allowed = _differences(add, n, levels, fixed, half)
    # several base rounds are copies of the golfers that share the differences
    key = [
        [base_key[a % golfers][b % golfers] if a // golfers == b // golfers else -1 for b in range(golfers * bases)]
        for a in range(golfers * bases)
    ]
    turns = levels if rotate else 1

    def move(g: int, m: int, shift: int, turn: int) -> int:
        copy, g = divmod(g, golfers)
        if g >= levels * n:
            moved = levels * n + (g - levels * n + turn) % fixed if fixed == levels else g
        else:
            moved = (g // n + turn) % levels * n + add[mul[m][g % n]][shift]
        return copy * golfers + moved

    moves = [
        [move(g, m, shift, turn) for g in range(golfers * bases)]
        for turn in range(turns)
        for m in multipliers
        for shift in ([0, half] if half is not None else [0])
    ]
    rng = random.Random(seed)
    for _ in range(restarts):
        state = _Search(key, allowed, moves, size, golfers * bases, rng, nodes)
        for block in central:
            if not state.place(tuple(block)):
                raise ValueError(f"the central group {block} meets a difference twice")
        if state.fill():
            per_turn = len(moves) // turns  # the base round keeps every turn: develop only multiplies
            kept = _representatives(state.blocks, moves[: per_turn : 2 if half is not None else 1])
            parts = [
                " ".join(".".join(str(g - b * golfers) for g in block) for block in kept if block[0] // golfers == b)
                for b in range(bases)
            ]
            return BaseRound(group, levels, fixed, " / ".join(parts), tuple(multipliers))
    return None


def _differences(
    add: list[list[int]], n: int, levels: int, fixed: int, half: int | None
) -> tuple[list[list[int]], list[int]]:
    """key[a][b]: the difference of golfers a and b (-1 for two fixed golfers, who never meet);
    allowed[k]: how many pairs of the base round may have difference k (its translates over the
    rounds developed, n or n / 2 of them, must not exceed the pairs with that difference)."""
    golfers = levels * n + fixed
    neg = [next(y for y in range(n) if add[x][y] == 0) for x in range(n)]
    ids: dict[tuple[int, ...], int] = {}
    key = [[-1] * golfers for _ in range(golfers)]
    for a in range(golfers):
        for b in range(a + 1, golfers):
            if b >= levels * n:
                ident: tuple[int, ...] | None = None if a >= levels * n else (-1, b, a // n)
            elif a // n == b // n:
                d = add[b % n][neg[a % n]]
                ident = (a // n, min(d, neg[d]))
            else:
                ident = (a // n, b // n, add[b % n][neg[a % n]])
            if ident is not None:
                key[a][b] = key[b][a] = ids.setdefault(ident, len(ids))
    pairs = [0] * len(ids)
    for a in range(golfers):
        for b in range(a + 1, golfers):
            if key[a][b] >= 0:
                pairs[key[a][b]] += 1
    developed = n // 2 if half is not None else n
    return key, [count // developed for count in pairs]


def _representatives(blocks: list[Block], moves: list[list[int]]) -> list[Block]:
    kept: list[Block] = []
    seen: set[Block] = set()
    for block in sorted(blocks):
        if block not in seen:
            kept.append(block)
            seen.update(tuple(sorted(move[g] for g in block)) for move in moves)
    return kept


class _Search:
    def __init__(
        self,
        key: list[list[int]],
        allowed: list[int],
        moves: list[list[int]],
        size: int,
        golfers: int,
        rng: random.Random,
        nodes: int,
    ) -> None:
        self.key, self.allowed, self.moves, self.size, self.rng = key, allowed, moves, size, rng
        self.used = [0] * len(allowed)
        self.placed = [False] * golfers
        self.blocks: list[Block] = []
        self.nodes_left = nodes

    def place(self, block: Block) -> list[Block] | None:
        """Place the orbit of ``block``; the orbit, or None (nothing changed) if it clashes."""
        orbit = sorted({tuple(sorted(move[g] for g in block)) for move in self.moves})
        golfers = [g for b in orbit for g in b]
        if len(set(golfers)) < len(golfers) or any(self.placed[g] for g in golfers):
            return None
        keys = [self.key[x][y] for b in orbit for i, x in enumerate(b) for y in b[:i]]
        if min(keys, default=0) < 0:
            return None
        for k in keys:
            self.used[k] += 1
        if any(self.used[k] > self.allowed[k] for k in keys):
            for k in keys:
                self.used[k] -= 1
            return None
        for g in golfers:
            self.placed[g] = True
        self.blocks += orbit
        return orbit

    def remove(self, orbit: list[Block]) -> None:
        for b in orbit:
            for i, a in enumerate(b):
                for c in b[:i]:
                    self.used[self.key[a][c]] -= 1
            for g in b:
                self.placed[g] = False
        del self.blocks[len(self.blocks) - len(orbit) :]

    def fill(self) -> bool | None:
        """Place groups until every golfer is placed (True); False when stuck, None when out of nodes."""
        self.nodes_left -= 1
        if self.nodes_left < 0:
            return None
        first = next((g for g, done in enumerate(self.placed) if not done), None)
        if first is None:
            return True
        free = [g for g in range(first + 1, len(self.placed)) if not self.placed[g] and self._free(first, g)]
        self.rng.shuffle(free)
        return self._grow([first], free)

    def _free(self, a: int, b: int) -> bool:
        k = self.key[a][b]
        return k >= 0 and self.used[k] < self.allowed[k]

    def _grow(self, block: list[int], free: list[int]) -> bool | None:
        if len(block) == self.size:
            orbit = self.place(tuple(block))
            if orbit is None:
                return False
            found = self.fill()
            if not found:
                self.remove(orbit)
            return found
        for i, g in enumerate(free):
            keys = [self.key[g][b] for b in block]
            if not all(self._free(g, b) for b in block) or len(set(keys)) < len(keys):
                continue
            found = self._grow(block + [g], free[i + 1 :])
            if found or found is None:
                return found
        return False
