"""The tabu search of the rotational schedules (``golf_rotational``): over base rounds, on keys.

A base round's pairs are *difference keys* (see ``golf_rotational``); developed over the cyclic
group, the base rounds are repeat-free exactly when no key is used more often than it may be.
The search is ``golf_tabu``'s, with "pair met twice" replaced by "key used twice": swap two
golfers of different groups in one base round, the best allowed swap each move, a random tabu
tenure, and back to the best bases with a few random swaps when it stalls.
"""

from __future__ import annotations

import random
import time

from rituals.core.rotation.work import Work

Round = list[list[int]]
TENURE = (2, 8)  # tabu tenure drawn per move
STAGNATION = 400  # moves without a new best before going back to it and kicking
KICKS = 2
# Work units (about a microsecond, see rotation_work) of a move: a fixed part, each key and each
# golfer's conflicts looked at, and per golfer of a group each swap estimated or counted exactly.
MOVE_WORK, KEY_WORK, GOLFER_WORK, GUESS_WORK, EXACT_WORK = 20.0, 0.1, 1.0, 0.12, 1.3


class KeyTabu:
    def __init__(
        self,
        groups: int,
        size: int,
        m: int,
        levels: int,
        fixed: int,
        bases: int,
        rng: random.Random,
        odd: list[bool] | None = None,
        sizes: list[int] | None = None,
    ) -> None:
        self.sizes = sizes or [size] * groups
        self.groups, self.size, self.rng = len(self.sizes), size, rng
        self.m, self.levels = m, levels
        n = m * levels + fixed
        self.key, self.cap = key_table(m, levels, fixed)
        self.count = [0] * len(self.cap)
        self.cost = 0
        # Pairs within a level beyond ``allow`` cost one each (None: free). Levels never meeting
        # is what lets a relabelling seat a team on a level, as transversal designs do.
        self.pure = [False] * len(self.cap)
        for x in range(m * levels):
            for y in range(x - x % m, x):
                self.pure[self.key[x][y]] = True
        self.allow: int | None = None
        self.pure_uses = 0
        # Odd groups (uneven sizes) hold only cyclic golfers, as evenly spread over the levels
        # as can be, and swaps across odd and other groups keep the level: shifting then moves
        # the odd seats along every level, so nobody sits in them in many rounds.
        self.odd = odd or [False] * self.groups
        self.kind = [min(x // m, levels) for x in range(n)]  # a level, or ``levels`` when fixed
        self.bases: list[Round] = []
        for _ in range(bases):
            if any(self.odd):
                # rank within the level, at random: the first ``seats`` by rank cover the levels evenly
                rank = {
                    x: i
                    for level in range(levels)
                    for i, x in enumerate(rng.sample(range(level * m, (level + 1) * m), m))
                }
                spread = sorted(rank, key=lambda x: (rank[x], rng.random()))
                seats = sum(s for s, o in zip(self.sizes, self.odd) if o)
                rest = spread[:seats] + rng.sample(spread[seats:], len(spread) - seats)
                seated: list[list[int]] = [[] for _ in range(self.groups)]
                others = [g for g in range(self.groups) if not self.odd[g]]
                for g, x in zip(others, range(m * levels, n)):  # fixed golfers never meet
                    seated[g].append(x)
                for g in [g for g in range(self.groups) if self.odd[g]] + others:
                    while len(seated[g]) < self.sizes[g]:
                        seated[g].append(rest.pop(0))
                self.bases.append(seated)
            else:
                golfers = list(range(n))
                rng.shuffle(golfers)
                starts = [sum(self.sizes[:k]) for k in range(self.groups + 1)]
                self.bases.append([golfers[starts[k] : starts[k + 1]] for k in range(self.groups)])
        for base in self.bases:
            for group in base:
                for i, x in enumerate(group):
                    for y in group[:i]:
                        self._bump(self.key[x][y], 1)
        self.best_cost, self.best = self.cost, [[list(g) for g in base] for base in self.bases]
        self.tabu: dict[tuple[int, int, int], int] = {}
        self.step = self.stable = 0

    def _excess(self, uses: int) -> int:
        return 0 if self.allow is None else max(0, uses - self.allow)

    def _bump(self, k: int, step: int) -> None:
        if self.pure[k]:
            self.cost -= self._excess(self.pure_uses)
            self.pure_uses += step
            self.cost += self._excess(self.pure_uses)
        before = self.count[k]
        self.count[k] = before + step
        if step > 0 and before >= self.cap[k]:
            self.cost += 1
        elif step < 0 and before > self.cap[k]:
            self.cost -= 1

    def _changes(self, base: Round, ga: int, a: int, gc: int, c: int) -> list[tuple[int, int]]:
        key = self.key
        out = []
        for y in base[ga]:
            if y != a:
                out += [(key[a][y], -1), (key[c][y], 1)]
        for z in base[gc]:
            if z != c:
                out += [(key[c][z], -1), (key[a][z], 1)]
        return out

    def _delta(self, changes: list[tuple[int, int]]) -> int:
        count, cap = self.count, self.cap
        pending: dict[int, int] = {}
        delta = 0
        for k, step in changes:
            now = count[k] + pending.get(k, 0)
            delta += (now >= cap[k]) if step > 0 else -(now > cap[k])
            pending[k] = pending.get(k, 0) + step
        if self.allow is not None:
            uses = self.pure_uses + sum(step for k, step in changes if self.pure[k])
            delta += self._excess(uses) - self._excess(self.pure_uses)
        return delta

    def run(self, deadline: float, until_step: int, work: Work) -> bool:
        """Search until every key is used at most once (True), or stop (False; resumable) at
        ``until_step``, once ``work`` is spent, or at the safety cap ``deadline``."""
        rng, tabu = self.rng, self.tabu
        fixed = MOVE_WORK + KEY_WORK * len(self.cap) + GOLFER_WORK * len(self.kind) * len(self.bases)
        while self.cost > 0:
            if self.step >= until_step or work.done:
                return False
            self.step += 1
            step = self.step
            if time.monotonic() > deadline:
                return False
            if self.stable > STAGNATION:
                self.restart(self.best)
                for _ in range(KICKS):
                    base = rng.choice(self.bases)
                    ga, gc = rng.sample(range(self.groups), 2)
                    a, c = rng.choice(base[ga]), rng.choice(base[gc])
                    if self.odd[ga] == self.odd[gc] or self.kind[a] == self.kind[c]:
                        self._apply(base, ga, a, gc, c)
                tabu.clear()
                self.stable = 0
            move, guessed, exact = self._best_move(step)
            work.spend(fixed + self.size * (GUESS_WORK * guessed + EXACT_WORK * exact))
            if move is None:
                tabu.clear()
                self.stable += 1
                continue
            b, ga, a, gc, c = move
            self._apply(self.bases[b], ga, a, gc, c)
            tabu[(b, min(a, c), max(a, c))] = step + rng.randint(*TENURE)
            if self.cost < self.best_cost:
                self.best_cost, self.stable = self.cost, 0
                self.best = [[list(g) for g in base] for base in self.bases]
            else:
                self.stable += 1
        return True

    def _best_move(self, step: int) -> tuple[tuple[int, int, int, int, int] | None, int, int]:
        """The lowest-delta allowed swap (ties at random) as (base, group a, a, group c, c), with
        how many swaps were estimated and how many counted exactly (the work of the move).

        A first estimate treats the key changes of a swap as independent, from per-golfer
        sums; only swaps whose estimate comes close to the best so far are counted exactly.
        """
        key, count, cap, rng, tabu = self.key, self.count, self.cap, self.rng, self.tabu
        full = [n >= c for n, c in zip(count, cap)]  # one more use would cost
        crowded = self._excess(self.pure_uses) > 0  # then a pair within a level is a conflict too
        kind, levels, excess = self.kind, self.levels, self._excess
        now = excess(self.pure_uses)
        over = [n > c for n, c in zip(count, cap)]  # one use less would save
        move, best_delta, ties = None, 1 << 30, 0
        guessed = exact = 0
        for b, base in enumerate(self.bases):
            out = {x: sum(over[key[x][y]] for y in group if y != x) for group in base for x in group}
            # per group and level, how many: the change of pairs within levels, exactly
            lv = [[0] * (levels + 1) for _ in base]
            for g, group in enumerate(base):
                for x in group:
                    lv[g][kind[x]] += 1
            for ga, group_a in enumerate(base):
                for a in group_a:
                    if not out[a] and not (crowded and any(self.kind[y] == self.kind[a] for y in group_a if y != a)):
                        continue
                    key_a = key[a]
                    for gc, group_c in enumerate(base):
                        if gc == ga:
                            continue
                        into_c = sum(full[key_a[z]] for z in group_c) - out[a]
                        guessed += len(group_c)
                        keep = self.kind[a] if self.odd[ga] != self.odd[gc] else None
                        for c in group_c:
                            if keep is not None and self.kind[c] != keep:
                                continue
                            key_c = key[c]
                            guess = into_c + sum(full[key_c[y]] for y in group_a) - 2 * full[key_a[c]] - out[c]
                            if self.allow is not None:
                                ka, kc = kind[a], kind[c]
                                dp = 0 if ka == levels else lv[gc][ka] - (kc == ka) - lv[ga][ka] + 1
                                dp += 0 if kc == levels else lv[ga][kc] - (ka == kc) - lv[gc][kc] + 1
                                guess += excess(self.pure_uses + dp) - now
                            if guess - 1 > best_delta:
                                continue
                            delta = self._delta(self._changes(base, ga, a, gc, c))
                            exact += 1
                            if delta > best_delta:
                                continue
                            if tabu.get((b, min(a, c), max(a, c)), -1) >= step and self.cost + delta >= self.best_cost:
                                continue
                            if delta < best_delta:
                                move, best_delta, ties = (b, ga, a, gc, c), delta, 1
                            else:
                                ties += 1
                                if rng.randrange(ties) == 0:
                                    move = (b, ga, a, gc, c)
        return move, guessed, exact

    def _apply(self, base: Round, ga: int, a: int, gc: int, c: int) -> None:
        for k, step in self._changes(base, ga, a, gc, c):
            self._bump(k, step)
        base[ga][base[ga].index(a)] = c
        base[gc][base[gc].index(c)] = a

    def restart(self, bases: list[Round]) -> None:
        self.bases = [[list(g) for g in base] for base in bases]
        self.count = [0] * len(self.cap)
        self.cost = self.pure_uses = 0
        for base in self.bases:
            for group in base:
                for i, x in enumerate(group):
                    for y in group[:i]:
                        self._bump(self.key[x][y], 1)


def key_table(m: int, levels: int, fixed: int) -> tuple[list[list[int]], list[int]]:
    """key[x][y]: the difference key of the pair; cap[k]: how often key k may be used (0 or 1)."""
    cyclic = m * levels
    n = cyclic + fixed
    ids: dict[tuple[int, int, int], int] = {}

    def ident(x: int, y: int) -> tuple[int, int, int]:
        if x >= cyclic and y >= cyclic:
            return (-1, -1, -1)  # two fixed golfers: never allowed
        if y >= cyclic:
            x, y = y, x
        if x >= cyclic:
            return (-2 - (x - cyclic), y // m, 0)
        (lx, dx), (ly, dy) = divmod(x, m), divmod(y, m)
        if lx == ly:
            d = (dy - dx) % m
            return (lx, lx, min(d, m - d)) if 2 * d != m else (-1, -1, -1)
        if lx > ly:
            lx, ly, dx, dy = ly, lx, dy, dx
        return (lx, ly, (dy - dx) % m)

    table = [[0] * n for _ in range(n)]
    for x in range(n):
        for y in range(n):
            if x != y:
                table[x][y] = ids.setdefault(ident(x, y), len(ids))
    cap = [0 if ident_key == (-1, -1, -1) else 1 for ident_key in ids]
    return table, cap
