"""Tabu search over a whole series of rounds (the greedy start is in ``rotation_greedy``).

The state is R rounds of the same group sizes over people 0..N-1. The objective adds, over all
rounds, the pair costs of every group, REPEAT for each extra meeting of a pair inside the series
(c meetings cost REPEAT * c * (c - 1) / 2), and the odd-group charge. The move is the one of
Dotú & Van Hentenryck's tabu search for the Social Golfer Problem: swap two people of different
groups in one round; a person just moved is tabu in that round for a random tenure, unless the
move beats the best plan found. Small rosters score every swap of every round at once (their
full neighbourhood); large ones score a few costly people of one round against everyone.

When the search stalls it is kicked from its best plan: first by re-choosing who sits where in
the whole series (``anneal_relabel``, which keeps every meeting count, so a repeat-free plan stays
repeat-free while teams and history get another chance), then by a few random swaps.

It stops when the plan is perfect, when it has stalled, or when it has spent its work budget
(``rotation_work``): each iteration is charged for the swaps it prices, each kick for its
annealing moves, so a seed gives the same plan however busy the machine is. The deadline it is
given is only a safety cap.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from rituals.core.rotation.costs import ODD, ODD_OVER, REPEAT, CostModel
from rituals.core.rotation.relabel import anneal_relabel
from rituals.core.rotation.work import Work

Progress = Callable[[float], None]
BLOCK_LIMIT = 400_000  # swaps scored at once (rounds x N x N) before we sample candidates
SAMPLED_CANDIDATES = 4  # costly people scored per iteration on large rosters
RELABEL_MAX_PEOPLE = 400  # the relabelling kick costs N per move and N moves per person
ANNEAL_MOVES_PER_PERSON = 400  # enough to settle 37 people in ~15k moves, a fraction of a second
KICKS = 3  # kicks (relabelling, else random swaps) per patience span before giving up
# What the search charges its work budget (``rotation_work``: units of about a microsecond,
# measured on one core, see docs/performance.md): an iteration's fixed cost, each swap priced
# in a block, each swap priced one person against everyone (large rosters: slices, no blocks).
ITERATION_WORK = 100.0
BLOCK_SWAP_WORK = 0.04
SAMPLED_SWAP_WORK = 0.24


class Series:
    """R rounds; ``slots[r]`` is (groups, max size) with -1 padding, ``group[r][p]`` p's group."""

    def __init__(self, costs: CostModel, sizes: Sequence[int], odd: np.ndarray, rounds: list[list[list[int]]]):
        self.w = costs.pair
        self.odd_base = costs.odd_base
        self.n = self.w.shape[0]
        self.sizes = np.asarray(sizes)
        self.odd = odd  # bool per group: an odd-size group
        self.kmax = int(self.sizes.max())
        # a float64 copy speeds up scoring every swap at once, which only small rosters do
        self.w64 = self.w.astype(np.float64) if self.n * self.n <= BLOCK_LIMIT else None
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))
        self.load(rounds)

    def load(self, rounds: list[list[list[int]]]) -> None:
        slots = np.full((len(rounds), len(self.sizes), self.kmax), -1, dtype=np.int64)
        for r, groups in enumerate(rounds):
            for gi, members in enumerate(groups):
                slots[r, gi, : len(members)] = members
        self.load_slots(slots)

    def load_slots(self, slots: np.ndarray) -> None:
        """Take ``slots`` (copied) as the plan and rebuild every derived count."""
        n = self.n
        self.slots = slots.copy()
        rounds, groups, k = slots.shape
        self.group = np.zeros((rounds, n), dtype=np.int64)
        self.pos = np.zeros((rounds, n), dtype=np.int64)
        self.meets = np.zeros((n, n), dtype=np.int16)
        self.odd_count = np.zeros(n, dtype=np.float64)
        r_idx, g_idx, p_idx = np.nonzero(slots >= 0)
        people = slots[r_idx, g_idx, p_idx]
        self.group[r_idx, people] = g_idx
        self.pos[r_idx, people] = p_idx
        np.add.at(self.odd_count, people[self.odd[g_idx]], 1)
        seats = rounds * int(self.sizes[self.odd].sum())
        self.odd_cap = -(-int(self.odd_base.sum() + seats) // max(n, 1)) + 1  # fair share + 1
        self.floor = self._floor(seats, rounds)
        i, j = np.triu_indices(k, 1)
        a, b = slots[:, :, i].ravel(), slots[:, :, j].ravel()
        keep = (a >= 0) & (b >= 0)
        np.add.at(self.meets, (a[keep], b[keep]), 1)
        np.add.at(self.meets, (b[keep], a[keep]), 1)

    def _floor(self, seats: int, rounds: int) -> float:
        """No plan costs less: no pair cost, and the odd seats spread as evenly as history allows
        (the j-th new odd seat of a person costs ODD * (past + j): the cheapest ``seats`` of those).
        When N is not a multiple of k the objective never reaches 0, and this tells the search
        that it is done. -inf when a pair can have a negative cost (no such bound then)."""
        if self.w.min() < 0:
            return -np.inf
        if seats == 0:
            return 0.0
        marginal = (self.odd_base[:, None] + np.arange(1, rounds + 1)[None, :]).ravel()
        cheapest = np.partition(marginal, seats - 1)[:seats] if seats < marginal.size else marginal
        return float(ODD * cheapest.sum())

    def at_floor(self, cost: float) -> bool:
        """No plan can cost less than ``cost`` (see ``_floor``; a running cost drifts by rounding)."""
        return cost <= self.floor + 1e-6 * max(1.0, abs(self.floor))

    def perfect(self) -> bool:
        """No plan can cost less than this one."""
        return self.at_floor(self.total())

    @property
    def rounds(self) -> int:
        return self.slots.shape[0]

    def as_lists(self) -> list[list[list[int]]]:
        return [[[int(p) for p in row if p >= 0] for row in groups] for groups in self.slots]

    def total(self) -> float:
        """The objective, from scratch (float64, so that it does not drift)."""
        i, j = np.triu_indices(self.kmax, 1)
        a, b = self.slots[:, :, i].ravel(), self.slots[:, :, j].ravel()
        keep = (a >= 0) & (b >= 0)
        pair = float(self.w[a[keep], b[keep]].astype(np.float64).sum())
        c = self.meets.astype(np.float64)
        repeats = REPEAT * (c * (c - 1) / 2).sum() / 2
        k, base = self.odd_count, self.odd_base
        odd = ODD * (k * base + k * (k + 1) / 2).sum()
        over = ODD_OVER * np.maximum(base + k - np.maximum(self.odd_cap, base), 0).sum()
        return pair + repeats + odd + over

    def odd_add(self) -> np.ndarray:
        """What each person would pay for one more odd seat."""
        f = self.odd_count + self.odd_base
        return ODD * (f + 1) + ODD_OVER * (f + 1 > self.odd_cap)

    def odd_remove(self) -> np.ndarray:
        """What each person would save with one odd seat fewer (only meaningful when they have one)."""
        f = self.odd_count + self.odd_base
        return ODD * f + ODD_OVER * (f > self.odd_cap)

    def own(self, rounds: np.ndarray | None = None) -> np.ndarray:
        """(rounds, N): what each person pays for their group in each round (pairs and repeats)."""
        rounds = np.arange(self.rounds) if rounds is None else rounds
        mates = self.slots[rounds[:, None], self.group[rounds]]  # (B, N, kmax)
        me = np.arange(self.n)[None, :, None]
        valid = (mates >= 0) & (mates != me)
        safe = np.where(valid, mates, 0)
        cost = self.w[me, safe] + REPEAT * (self.meets[me, safe] - 1)
        return np.where(valid, cost, 0.0).sum(axis=2)

    def odd_pressure(self, rounds: np.ndarray | None = None) -> np.ndarray:
        """(rounds, N): the odd-group charge a person would shed by leaving their odd group."""
        in_odd = self.odd[self.group if rounds is None else self.group[rounds]]
        return np.where(in_odd, self.odd_remove()[None, :], 0.0)

    def deltas(self, r: int, a: int, own_r: np.ndarray) -> np.ndarray:
        """Change of the objective for swapping ``a`` with each person of round ``r`` (inf if same group)."""
        group_r = self.group[r]
        ga = group_r[a]
        mates_a = self.slots[r, ga]
        mates_a = mates_a[mates_a >= 0]
        rows = self.w[mates_a].astype(np.float64) + REPEAT * self.meets[mates_a]
        into_a = rows.sum(axis=0)  # for b outside A: what b would pay with A (a still counted)
        row_a = self.w[a].astype(np.float64) + REPEAT * self.meets[a]
        to_groups = np.bincount(group_r, weights=row_a, minlength=len(self.sizes))
        delta = to_groups[group_r] - row_a - own_r[a] + into_a - row_a - own_r
        if self.odd.any():
            add, remove = self.odd_add(), self.odd_remove()
            odd_b = self.odd[group_r]
            if self.odd[ga]:
                delta += np.where(odd_b, 0.0, add - remove[a])
            else:
                delta += np.where(odd_b, add[a] - remove, 0.0)
        delta[group_r == ga] = np.inf
        return delta

    def block_deltas(self, rounds: np.ndarray) -> np.ndarray:
        """(len(rounds), N, N): every swap of those rounds at once, inf inside a group.

        With U[a, g] = sum over group g of (pair cost + REPEAT * meetings) with a, and own[a]
        what a pays in their group (one meeting fewer with each mate: this round's), swapping
        a and b of different groups changes the cost by
        U[a, g(b)] + U[b, g(a)] - 2 (pair cost + REPEAT * meetings)(a, b) - own[a] - own[b].
        (A batched matmul would do, but BLAS threads crawl on a busy machine; reduceat does not.)
        """
        wm = self.w64 + REPEAT * self.meets
        n, g = self.n, len(self.sizes)
        slots = self.slots[rounds]
        order = slots[slots >= 0]  # round by round, group by group
        starts = (np.arange(len(rounds))[:, None] * n + self.starts[None, :]).ravel()
        u = np.add.reduceat(wm[:, order], starts, axis=1).reshape(n, len(rounds), g).transpose(1, 0, 2)
        group = self.group[rounds]  # (B, N)
        own = np.take_along_axis(u, group[:, :, None], axis=2)[:, :, 0] - REPEAT * (self.sizes[group] - 1)
        x = np.take_along_axis(u, np.broadcast_to(group[:, None, :], (len(rounds), n, n)), axis=2)
        d = x + x.transpose(0, 2, 1) - 2 * wm[None] - own[:, :, None] - own[:, None, :]
        if self.odd.any():
            in_odd = self.odd[group]
            leave = in_odd[:, :, None] & ~in_odd[:, None, :]  # a leaves an odd group, b joins it
            gain = self.odd_add()[None, :] - self.odd_remove()[:, None]
            d += np.where(leave, gain[None], 0.0) + np.where(leave.transpose(0, 2, 1), gain.T[None], 0.0)
        d[group[:, :, None] == group[:, None, :]] = np.inf
        return d

    def swap(self, r: int, a: int, b: int) -> None:
        ga, gb = self.group[r, a], self.group[r, b]
        pa, pb = self.pos[r, a], self.pos[r, b]
        rest_a = self.slots[r, ga]
        rest_a = rest_a[(rest_a >= 0) & (rest_a != a)]
        rest_b = self.slots[r, gb]
        rest_b = rest_b[(rest_b >= 0) & (rest_b != b)]
        for x, gone, new in ((a, rest_a, rest_b), (b, rest_b, rest_a)):
            self.meets[x, gone] -= 1
            self.meets[gone, x] -= 1
            self.meets[x, new] += 1
            self.meets[new, x] += 1
        if self.odd[ga] != self.odd[gb]:
            self.odd_count[a] += 1 if self.odd[gb] else -1
            self.odd_count[b] += 1 if self.odd[ga] else -1
        self.slots[r, ga, pa], self.slots[r, gb, pb] = b, a
        self.group[r, a], self.group[r, b] = gb, ga
        self.pos[r, a], self.pos[r, b] = pb, pa

    def repeat_pairs(self) -> int:
        return int(np.maximum(self.meets.astype(np.int64) - 1, 0).sum() // 2)


def tabu_search(
    series: Series,
    rng: np.random.Generator,
    deadline: float,
    *,
    work: Work,
    progress: Progress | None = None,
    patience: int | None = None,
    repeats_forced: bool = False,
) -> tuple[list[list[list[int]]], int]:
    """Improve ``series`` until it is perfect, stalls or has spent its ``work`` budget.

    Returns the best rounds found and the number of iterations. Stalling means no better plan
    for ``patience`` iterations once the best plan has no repeat inside the series, five times
    that otherwise (repeats are worth the wait), unless ``repeats_forced`` says no plan avoids them.
    Work is counted (``iteration_work``, and the relabelling kicks' moves), never timed, so the
    same inputs and seed give the same plan; ``deadline`` is a safety cap that a normal run never
    reaches. ``progress`` receives the share of the budget spent.
    """
    n, groups = series.n, len(series.sizes)
    if groups < 2:
        return series.as_lists(), 0
    patience = patience or min(3000, max(300, 20 * series.rounds * groups))
    tenure_top = 4 + max(8, n // 3)
    tabu = np.zeros((series.rounds, n), dtype=np.int64)
    cost = best_cost = series.total()
    best = series.slots.copy()
    best_at = it = 0
    step = iteration_work(n, series.rounds)
    best_repeats: int | None = None
    relabelled = False
    large = n * n > BLOCK_LIMIT
    quiet = 0
    next_report = 0.0
    while not work.done:
        now = time.monotonic()
        if now >= deadline or series.at_floor(best_cost):
            break  # past the safety cap, or nothing better exists
        if progress is not None and now >= next_report:  # the clock only paces the reports
            progress(work.fraction_spent())
            next_report = now + 0.1
        if large:  # one round per iteration, in turn: scoring every round costs too much
            r = it % series.rounds
            own = series.own(np.array([r]))
            pressure = np.maximum(own, 0.0) + series.odd_pressure(np.array([r]))
            quiet = quiet + 1 if pressure.sum() <= 1e-9 else 0
            if quiet >= series.rounds:
                break  # a whole turn of rounds without any cost: perfect
        else:
            own = series.own()
            pressure = np.maximum(own, 0.0) + series.odd_pressure()
            per_round = pressure.sum(axis=1)
            if per_round.sum() <= 1e-9:
                break  # nothing costs anything: perfect
        stalled = it - best_at
        if stalled > patience:
            if best_repeats is None:
                best_repeats = count_repeats(best)
            if best_repeats == 0 or repeats_forced or stalled > 5 * patience:
                break
        it += 1
        work.spend(step)
        if stalled and stalled % (patience // KICKS + 1) == 0:
            _kick(series, best, rng, deadline, work, relabel=not relabelled)
            relabelled = True
            cost = series.total()
            tabu[:] = 0
        else:
            if large:
                move = _best_sampled_move(series, r, own[0], pressure[0], tabu, it - 1, cost, best_cost, rng)
            else:
                rounds = _rounds_to_search(series, per_round, rng)
                move = _best_block_move(series, rounds, pressure, tabu, it - 1, cost, best_cost, rng)
            if move is None:
                continue
            delta, r, a, b = move
            series.swap(r, a, b)
            cost += delta
            tabu[r, a] = it + rng.integers(4, tenure_top)
            tabu[r, b] = it + rng.integers(4, tenure_top)
        if cost < best_cost - 1e-6:
            best_cost, best, best_at, best_repeats, relabelled = cost, series.slots.copy(), it, None, False
    if progress is not None:
        progress(1.0)
    series.load_slots(best)
    return series.as_lists(), it


def iteration_work(n: int, rounds: int) -> float:
    """What one iteration costs: a fixed part and the swaps it prices (every swap of every round
    on small rosters, of one round on mid-size ones, a few people against everyone on large ones)."""
    if n * n > BLOCK_LIMIT:
        return ITERATION_WORK + SAMPLED_SWAP_WORK * SAMPLED_CANDIDATES * n
    return ITERATION_WORK + BLOCK_SWAP_WORK * (rounds if n * n * rounds <= BLOCK_LIMIT else 1) * n * n


def _kick(series: Series, best: np.ndarray, rng: np.random.Generator, deadline: float, work: Work, *,
          relabel: bool) -> None:
    """Back to ``best``, then out of its basin."""
    series.load_slots(best)
    if relabel and series.n <= RELABEL_MAX_PEOPLE:
        # A kick that keeps every meeting count: trade people between positions of the whole
        # series (see rotation_relabel); it often reaches a better basin.
        moves = ANNEAL_MOVES_PER_PERSON * series.n
        series.load(anneal_relabel(series.as_lists(), series.w, rng, deadline, moves=moves, work=work))
    else:
        _perturb(series, rng)


def _rounds_to_search(series: Series, per_round: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """All rounds when the full neighbourhood is cheap, else one round drawn by its cost."""
    if series.n * series.n * series.rounds <= BLOCK_LIMIT:
        return np.arange(series.rounds)
    return np.array([rng.choice(series.rounds, p=per_round / per_round.sum())])


def _best_block_move(series, rounds, pressure, tabu, it, cost, best_cost, rng):
    """The best non-tabu swap touching someone who pays for something (D&VH's neighbourhood)."""
    delta = series.block_deltas(rounds)
    live = pressure[rounds] > 0
    frozen = tabu[rounds] > it
    blocked = (frozen[:, :, None] | frozen[:, None, :]) & (cost + delta >= best_cost - 1e-6)
    blocked |= ~(live[:, :, None] | live[:, None, :])
    delta = np.where(blocked, np.inf, delta) + rng.random(delta.shape) * 1e-6
    flat = int(np.argmin(delta))
    i, a, b = np.unravel_index(flat, delta.shape)
    if not np.isfinite(delta[i, a, b]):
        return None
    return float(delta[i, a, b]), int(rounds[i]), int(a), int(b)


def _best_sampled_move(series, r, own_r, weights, tabu, it, cost, best_cost, rng):
    """For large rosters: a few costly people of round ``r``, each against everyone."""
    live = np.flatnonzero(weights > 0)
    if len(live) > SAMPLED_CANDIDATES:
        live = rng.choice(live, size=SAMPLED_CANDIDATES, replace=False, p=weights[live] / weights[live].sum())
    move = None
    for a in live:
        delta = series.deltas(r, int(a), own_r)
        allowed = (tabu[r] <= it) & (tabu[r, a] <= it)
        delta = np.where(allowed | (cost + delta < best_cost - 1e-6), delta, np.inf)
        b = int(np.argmin(delta + rng.random(series.n) * 1e-6))
        if np.isfinite(delta[b]) and (move is None or delta[b] < move[0]):
            move = (float(delta[b]), r, int(a), b)
    return move


def count_repeats(slots: np.ndarray) -> int:
    """Extra meetings of pairs across the rounds of ``slots`` (R, groups, max size)."""
    k = slots.shape[2]
    i, j = np.triu_indices(k, 1)
    a, b = slots[:, :, i].ravel(), slots[:, :, j].ravel()
    keep = (a >= 0) & (b >= 0)
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    keys = lo * (int(slots.max()) + 1) + hi
    return int(len(keys) - len(np.unique(keys)))


def _perturb(series: Series, rng: np.random.Generator) -> None:
    """Shake the plan by a few random swaps, to leave a basin."""
    moves = max(2, series.rounds * len(series.sizes) // 10)
    for _ in range(moves):
        r = int(rng.integers(series.rounds))
        a, b = rng.choice(series.n, size=2, replace=False)
        if series.group[r, a] != series.group[r, b]:
            series.swap(r, int(a), int(b))
