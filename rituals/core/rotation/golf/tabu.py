"""Tabu search for the Social Golfer Problem.

After Dotú & Van Hentenryck, "Scheduling social golfers locally" (CPAIOR 2005): the cost of a
schedule is the number of extra meetings (for each pair, meetings beyond the first; history
pairs count as already met once). A move swaps two golfers of different groups in the same
round, the first of whom is in conflict (meets a group-mate for the second time). Each step
takes the best move that is not tabu (a tabu move is allowed when it beats the best cost
seen); the swapped pair stays tabu in that round for a random tenure. After a long stretch
without a new best, the search goes back to the best schedule and kicks it with random swaps.

Rounds are built greedily first (after Triska & Musliu's greedy initialisation: each new
member is the free golfer who has met the fewest of the group so far).

Everything is bitmasks: ``met1[x]`` has bit y when x and y met at least once, ``met2[x]`` at
least twice, and a group is a mask, so a move's cost change is a few ANDs and bit counts.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from rituals.core.rotation.work import Work

Round = list[list[int]]

TENURE = (4, 14)  # tabu tenure drawn per move; short tenures suit these small neighbourhoods
STAGNATION = 1500  # steps without a new best before going back to it and kicking
KICKS = 3  # random swaps per kick
# Work units (about a microsecond, see rotation_work) of a step: a fixed part, each golfer's
# conflicts counted in each round searched, each swap priced (a conflicted golfer against the
# golfers of the other groups).
STEP_WORK, SCAN_WORK, PRICE_WORK = 10.0, 0.15, 0.15


class GolfTabu:
    """A schedule under repair: ``rounds[w][k]`` lists the golfers of group k in round w."""

    def __init__(
        self, groups: int, size: int, rounds: list[Round], history: set[tuple[int, int]], rng: random.Random
    ) -> None:
        self.groups, self.size, self.golfers = groups, size, groups * size
        self.history = history
        self.rng = rng
        self._load(rounds)
        self.best_cost, self.steps = self.cost, 0  # of the last search

    def _load(self, rounds: list[Round]) -> None:
        n = self.golfers
        self.bit = [1 << x for x in range(n)]
        self.meet = [[0] * n for _ in range(n)]
        self.met1 = [0] * n
        self.met2 = [0] * n
        self.cost = 0
        for a, b in self.history:
            self._inc(a, b)
        self.members: list[Round] = []
        self.masks: list[list[int]] = []
        self.where: list[list[int]] = []
        for groups in rounds:
            self.add_round(groups)

    def add_round(self, groups: Round) -> None:
        where = [0] * self.golfers
        masks = []
        for k, group in enumerate(groups):
            mask = 0
            for i, x in enumerate(group):
                where[x] = k
                mask |= self.bit[x]
                for y in group[:i]:
                    self._inc(x, y)
            masks.append(mask)
        self.members.append([list(group) for group in groups])
        self.masks.append(masks)
        self.where.append(where)

    def greedy_round(self) -> Round:
        """A round where each group grows with the free golfer who met the fewest members."""
        free = list(range(self.golfers))
        self.rng.shuffle(free)
        met1, bit = self.met1, self.bit
        groups = []
        for _ in range(self.groups):
            first = free.pop()
            group, mask = [first], bit[first]
            while len(group) < self.size:
                # The first free golfer who met nobody in the group is the minimum: look for
                # it before counting everyone's meetings.
                pick = next((i for i, y in enumerate(free) if not met1[y] & mask), None)
                if pick is None:
                    pick = min(range(len(free)), key=lambda i: (met1[free[i]] & mask).bit_count())
                chosen = free.pop(pick)
                group.append(chosen)
                mask |= bit[chosen]
            groups.append(group)
        return groups

    def _inc(self, a: int, b: int) -> None:
        count = self.meet[a][b]
        self.meet[a][b] = self.meet[b][a] = count + 1
        if count == 0:
            self.met1[a] |= self.bit[b]
            self.met1[b] |= self.bit[a]
            return
        if count == 1:
            self.met2[a] |= self.bit[b]
            self.met2[b] |= self.bit[a]
        self.cost += 1

    def _dec(self, a: int, b: int) -> None:
        count = self.meet[a][b]
        self.meet[a][b] = self.meet[b][a] = count - 1
        if count == 1:
            self.met1[a] &= ~self.bit[b]
            self.met1[b] &= ~self.bit[a]
            return
        if count == 2:
            self.met2[a] &= ~self.bit[b]
            self.met2[b] &= ~self.bit[a]
        self.cost -= 1

    def swap(self, w: int, a: int, b: int) -> None:
        """Exchange golfers a and b (in different groups) in round w."""
        where, members, masks = self.where[w], self.members[w], self.masks[w]
        ka, kb = where[a], where[b]
        for c in members[ka]:
            if c != a:
                self._dec(a, c)
                self._inc(b, c)
        for d in members[kb]:
            if d != b:
                self._dec(b, d)
                self._inc(a, d)
        members[ka][members[ka].index(a)] = b
        members[kb][members[kb].index(b)] = a
        flip = self.bit[a] | self.bit[b]
        masks[ka] ^= flip
        masks[kb] ^= flip
        where[a], where[b] = kb, ka

    def snapshot(self) -> list[Round]:
        return [[sorted(group) for group in groups] for groups in self.members]

    def _best_move(
        self, first: int, step: int, tabu: dict[int, int], slack: int
    ) -> tuple[tuple[int, int, int] | None, int]:
        """The lowest-delta allowed swap (ties broken at random), as (round, a, b), and how many
        swaps were priced (the work of the step)."""
        n, met1, met2, bit, rng = self.golfers, self.met1, self.met2, self.bit, self.rng
        best_delta, choice, ties = 1 << 30, None, 0
        tried = 0
        for w in range(first, len(self.members)):
            masks, members = self.masks[w], self.members[w]
            out = [0] * n
            for k, group in enumerate(members):
                mask = masks[k]
                for x in group:
                    out[x] = (met2[x] & mask).bit_count()
            for k1, group1 in enumerate(members):
                mask1 = masks[k1]
                for a in group1:
                    out_a = out[a]
                    if not out_a:
                        continue
                    rest1, met_a = mask1 ^ bit[a], met1[a]
                    tried += n - len(group1)
                    for k2, group2 in enumerate(members):
                        if k2 == k1:
                            continue
                        base = (met_a & masks[k2]).bit_count() - out_a
                        for b in group2:
                            delta = base - ((met_a >> b) & 1) + (met1[b] & rest1).bit_count() - out[b]
                            if delta > best_delta:
                                continue
                            key = (w * n + min(a, b)) * n + max(a, b)
                            if tabu.get(key, -1) >= step and delta >= slack:
                                continue
                            if delta < best_delta:
                                best_delta, choice, ties = delta, (w, a, b), 1
                            else:
                                ties += 1
                                if rng.randrange(ties) == 0:
                                    choice = (w, a, b)
        return choice, tried

    def search(
        self,
        deadline: float,
        target: int = 0,
        first: int = 0,
        tick: Callable[[], None] | None = None,
        max_steps: int | None = None,
        work: Work | None = None,
    ) -> list[Round]:
        """Repair rounds ``first``.. until the cost reaches ``target``, ``max_steps`` moves are
        made or the ``work`` budget is spent (``deadline`` is only a safety cap); the best
        schedule found (its cost in ``best_cost``, the moves made in ``steps``)."""
        rng, n = self.rng, self.golfers
        best_cost, best = self.cost, self.snapshot()
        tabu: dict[int, int] = {}
        step = stable = 0
        work = work if work is not None else Work()
        scanned = n * (len(self.members) - first)  # conflicts counted per golfer and round
        while best_cost > target and (max_steps is None or step < max_steps) and not work.done:
            step += 1
            if time.monotonic() > deadline:  # every step: a step costs far more than the clock
                break
            if tick and step % 64 == 0:
                tick()
            if stable > STAGNATION:
                self._load(best)
                for _ in range(KICKS):
                    w = rng.randrange(first, len(self.members))
                    ka, kb = rng.sample(range(self.groups), 2)
                    self.swap(w, rng.choice(self.members[w][ka]), rng.choice(self.members[w][kb]))
                tabu.clear()
                stable = 0
            move, priced = self._best_move(first, step, tabu, best_cost - self.cost)
            work.spend(STEP_WORK + SCAN_WORK * scanned + PRICE_WORK * priced)
            if move is None:  # every move is tabu: forget the list
                tabu.clear()
                stable += 1
                continue
            w, a, b = move
            self.swap(w, a, b)
            tabu[(w * n + min(a, b)) * n + max(a, b)] = step + rng.randint(*TENURE)
            if self.cost < best_cost:
                best_cost, best, stable = self.cost, self.snapshot(), 0
            else:
                stable += 1
        self.best_cost, self.steps = best_cost, step
        return best
