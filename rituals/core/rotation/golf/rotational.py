"""Rotational schedules for the Social Golfer Problem, found by local search on differences.

Golfers are ``levels`` copies of the cyclic group Z_m, numbered ``level * m + x``, plus a few
fixed golfers (the "infinity" points) numbered from ``m * levels``. We look for a few base
rounds; each base round, with every cyclic golfer shifted by t = 0..m-1 (fixed golfers stay
put), gives m rounds. Shifting preserves differences, so the developed rounds never repeat a
pair exactly when, over all base rounds, each *difference key* is used at most once:

* a pair within one level uses the class {d, -d}, never d = m/2 (that pair would come back
  after m/2 shifts);
* a pair across levels i < j uses the difference y - x;
* a fixed golfer meets at most one golfer of each level, and never another fixed golfer.

This is how Kirkman's schoolgirls (5-3-7) are classically built. The search reaches 6-3-8
(Z_4 x 4 levels + 2 fixed golfers, two base rounds), 10-3-13, 8-3-11, 6-4-7 and 7-4-9 within
seconds, where plain local search on the whole schedule struggles: the search space is m
times smaller. It is the same conflict-directed tabu as ``golf_tabu``, with "pair met twice"
replaced by "difference key used twice". Layouts with no spare key (1-rotational designs
such as 10-4-13 over Z_13) are much harder for it, and a layout may have no solution at all
(6-3-8 over Z_8 has none), which the search cannot tell: layouts are tried in turns.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from math import comb

from rituals.core.rotation.work import Work

Round = list[list[int]]
TENURE = (2, 8)  # tabu tenure drawn per move
STAGNATION = 400  # moves without a new best before going back to it and kicking
KICKS = 2
TIGHTEN_STEPS = 1500  # moves spent on fewer pairs within a level, once a schedule is found
MAX_GOLFERS = 200  # beyond, building key tables and each move cost too much for a time limit
# Work units (about a microsecond, see rotation_work) of a move: a fixed part, each key and each
# golfer's conflicts looked at, and per golfer of a group each swap estimated or counted exactly.
MOVE_WORK, KEY_WORK, GOLFER_WORK, GUESS_WORK, EXACT_WORK = 20.0, 0.1, 1.0, 0.12, 1.3


def layouts(groups: int, size: int, rounds: int) -> list[tuple[int, int, int, int]]:
    """Candidate (m, levels, fixed, bases) with just enough difference keys, tightest first."""
    golfers, pairs = groups * size, groups * comb(size, 2)
    found = []
    for levels in range(1, golfers + 1):
        for fixed in range(0, groups + 1):
            m, rest = divmod(golfers - fixed, levels)
            if rest or m < 3 or (fixed and levels < size - 1):
                continue
            bases = -(-rounds // m)
            keys = levels * ((m - 1) // 2) + comb(levels, 2) * m + fixed * levels
            if keys >= bases * pairs:
                found.append((keys - bases * pairs, bases, m, levels, fixed))
    return [(m, levels, fixed, bases) for _, bases, m, levels, fixed in sorted(found)]


def rotational_rounds(groups: int, size: int, rounds: int, seed: int, deadline: float,
                      tries: int = 4, tick: Callable[[], None] | None = None,
                      work: Work | None = None) -> list[Round] | None:
    """``rounds`` repeat-free rounds developed from rotational base rounds, or None.

    The candidate layouts are searched in turns with growing step budgets, so a layout that
    has no solution (which the search cannot prove) does not starve the others; each layout
    has its own random stream, so the answer depends on the seed, not on the clock. The search
    gives up once it has spent ``work`` (``deadline`` is only a safety cap).
    """
    if groups * size > MAX_GOLFERS:
        return None
    work = work or Work()
    searches = []
    for i, layout in enumerate(layouts(groups, size, rounds)[:tries]):
        if time.monotonic() > deadline:
            return None
        searches.append(_KeyTabu(groups, size, *layout, random.Random(seed * 7919 + i)))
    budget = 200
    while searches and not work.done and time.monotonic() < deadline:
        for search in searches:
            if tick:
                tick()
            if search.run(deadline, search.step + budget, work):
                m, levels = search.m, search.levels
                developed = [_shift(base, t, m, levels) for base in search.bases for t in range(m)]
                return developed[:rounds]
        budget = budget * 3 // 2
    return None


def uneven_rounds(sizes: list[int], odd: list[bool], rounds: int, most: int, seed: int, deadline: float,
                  tries: int = 4, work: Work | None = None) -> list[Round] | None:
    """Rotational rounds for groups of ``sizes`` in which nobody sits in an ``odd`` group more
    than ``most`` times, or None once ``work`` is spent. The layouts are those whose keys suffice
    and whose odd seats, spread evenly over the levels, give each golfer at most ``most`` of them."""
    golfers, pairs = sum(sizes), sum(comb(s, 2) for s in sizes)
    seats = sum(s for s, o in zip(sizes, odd) if o)
    plain = [s for s, o in zip(sizes, odd) if not o]
    if golfers > MAX_GOLFERS or not seats or not plain:
        return None
    found = []
    for levels in range(1, golfers + 1):
        for fixed in range(0, len(plain) + 1):  # fixed golfers never meet: one per plain group
            m, rest = divmod(golfers - fixed, levels)
            if rest or m < 3 or (fixed and levels < max(plain) - 1):
                continue
            bases = -(-rounds // m)
            keys = levels * ((m - 1) // 2) + comb(levels, 2) * m + fixed * levels
            if keys >= bases * pairs and -(-seats // levels) * bases <= most:
                found.append((keys - bases * pairs, bases, m, levels, fixed))
    searches = []
    for i, (_, bases, m, levels, fixed) in enumerate(sorted(found)[:tries]):
        rng = random.Random(seed * 7919 + i)
        searches.append(_KeyTabu(len(sizes), max(sizes), m, levels, fixed, bases, rng, list(odd), list(sizes)))
    work = work or Work()
    budget = 200
    while searches and not work.done and time.monotonic() < deadline:
        for search in searches:
            if search.run(deadline, search.step + budget, work):
                m, levels = search.m, search.levels
                bases = _fewest_within_levels(search, deadline, work)
                developed = [_shift(base, t, m, levels) for base in bases for t in range(m)]
                return [sorted(groups, key=len, reverse=True) for groups in developed[:rounds]]
        budget = budget * 3 // 2
    return None


def _fewest_within_levels(search: _KeyTabu, deadline: float, work: Work) -> list[Round]:
    """From a solution, ask for one pair within a level fewer at a time (``TIGHTEN_STEPS`` in
    all); the last solution wins. Without this, levels meet as often as across, and a team
    seated on a level would meet itself about a dozen times more over 8 rounds (37 people)."""
    best = [[list(g) for g in base] for base in search.bases]
    fixed = len(search.kind) - search.m * search.levels
    plain = sorted((s for s, o in zip(search.sizes, search.odd) if not o), reverse=True)
    sizes = [s for s, o in zip(search.sizes, search.odd) if o] + [s - (i < fixed) for i, s in enumerate(plain)]
    floor = 0  # pairs within a level no base round avoids: levels spread evenly in each group
    for size in sizes:
        q, r = divmod(size, search.levels)
        floor += r * comb(q + 1, 2) + (search.levels - r) * comb(q, 2)
    until = search.step + TIGHTEN_STEPS
    while search.pure_uses > floor * len(best):
        search.allow = search.pure_uses - 1
        search.restart(best)
        search.best_cost, search.best, search.stable = search.cost, best, 0
        search.tabu.clear()
        if not search.run(deadline, until, work):
            break
        best = [[list(g) for g in base] for base in search.bases]
    return best


def _shift(base: Round, t: int, m: int, levels: int) -> Round:
    cyclic = m * levels
    return sorted(sorted(x if x >= cyclic else x - x % m + (x % m + t) % m for x in group) for group in base)


class _KeyTabu:
    def __init__(self, groups: int, size: int, m: int, levels: int, fixed: int, bases: int,
                 rng: random.Random, odd: list[bool] | None = None, sizes: list[int] | None = None) -> None:
        self.sizes = sizes or [size] * groups
        self.groups, self.size, self.rng = len(self.sizes), size, rng
        self.m, self.levels = m, levels
        n = m * levels + fixed
        self.key, self.cap = _key_table(m, levels, fixed)
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
                rank = {x: i for level in range(levels) for i, x in
                        enumerate(rng.sample(range(level * m, (level + 1) * m), m))}
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
                self.bases.append([golfers[starts[k]:starts[k + 1]] for k in range(self.groups)])
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
                            guess = (into_c + sum(full[key_c[y]] for y in group_a) - 2 * full[key_a[c]] - out[c])
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


def _key_table(m: int, levels: int, fixed: int) -> tuple[list[list[int]], list[int]]:
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
