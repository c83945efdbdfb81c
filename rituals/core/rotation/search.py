"""Tabu search over a whole series of rounds (the greedy start is in ``rotation_greedy``).

The state is R rounds of the same group sizes over people 0..N-1, with its objective (pair
costs, a charge for each repeat inside the series, odd seats) in ``rotation_series``. The move
is the one of Dotú & Van Hentenryck's tabu search for the Social Golfer Problem: swap two people
of different groups in one round; a person just moved is tabu in that round for a random tenure,
unless the move beats the best plan found. Small rosters score every swap of every round at
once (their full neighbourhood); large ones score a few costly people of one round against
everyone.

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
from collections.abc import Callable

import numpy as np

from rituals.core.rotation.relabel import anneal_relabel
from rituals.core.rotation.series import BLOCK_LIMIT, Series
from rituals.core.rotation.work import Work

__all__ = ["Series", "count_repeats", "iteration_work", "tabu_search"]

Progress = Callable[[float], None]
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
    if len(series.sizes) < 2:
        return series.as_lists(), 0
    groups = len(series.sizes)
    search = _Search(series, rng, deadline, work, patience or min(3000, max(300, 20 * series.rounds * groups)))
    next_report = 0.0
    while not work.done:
        now = time.monotonic()
        if now >= deadline or series.at_floor(search.best_cost):
            break  # past the safety cap, or nothing better exists
        if progress is not None and now >= next_report:  # the clock only paces the reports
            progress(work.fraction_spent())
            next_report = now + 0.1
        view = search.look()
        if view is None or search.stalled_out(repeats_forced):
            break  # perfect, or stalled
        search.iterate(view)
    if progress is not None:
        progress(1.0)
    series.load_slots(search.best)
    return series.as_lists(), search.it


# What one iteration looks at: the round searched on a large roster (else None), each person's
# own cost, the pressure on each seat, and each round's total (small rosters)
_View = tuple[int | None, np.ndarray, np.ndarray, np.ndarray | None]


class _Search:
    """The tabu search's state between iterations: the tabu tenures, the cost, the best plan."""

    def __init__(self, series: Series, rng: np.random.Generator, deadline: float, work: Work, patience: int) -> None:
        self.series, self.rng, self.deadline, self.work, self.patience = series, rng, deadline, work, patience
        n = series.n
        self.tenure_top = 4 + max(8, n // 3)
        self.tabu = np.zeros((series.rounds, n), dtype=np.int64)
        self.cost = self.best_cost = series.total()
        self.best = series.slots.copy()
        self.best_at = self.it = 0
        self.step = iteration_work(n, series.rounds)
        self.best_repeats: int | None = None
        self.relabelled = False
        self.large = n * n > BLOCK_LIMIT
        self.quiet = 0

    def look(self) -> _View | None:
        """The costs this iteration works on; None when the plan is perfect."""
        series = self.series
        if self.large:  # one round per iteration, in turn: scoring every round costs too much
            r = series.frozen + self.it % (series.rounds - series.frozen)
            own = series.own(np.array([r]))
            pressure = np.maximum(own, 0.0) + series.odd_pressure(np.array([r]))
            self.quiet = self.quiet + 1 if pressure.sum() <= 1e-9 else 0
            if self.quiet >= series.rounds - series.frozen:
                return None  # a whole turn of rounds without any cost: perfect
            return r, own, pressure, None
        own = series.own()
        pressure = np.maximum(own, 0.0) + series.odd_pressure()
        pressure[: series.frozen] = 0.0  # rounds kept as they are
        per_round = pressure.sum(axis=1)
        if per_round.sum() <= 1e-9:
            return None  # nothing costs anything: perfect
        return None, own, pressure, per_round

    def stalled_out(self, repeats_forced: bool) -> bool:
        stalled = self.it - self.best_at
        if stalled <= self.patience:
            return False
        if self.best_repeats is None:
            self.best_repeats = count_repeats(self.best)
        return self.best_repeats == 0 or repeats_forced or stalled > 5 * self.patience

    def iterate(self, view: _View) -> None:
        """One iteration: a kick when the search has stalled a while, else the best allowed swap."""
        series, rng = self.series, self.rng
        stalled = self.it - self.best_at
        self.it += 1
        self.work.spend(self.step)
        if stalled and stalled % (self.patience // KICKS + 1) == 0:
            _kick(series, self.best, rng, self.deadline, self.work, relabel=not self.relabelled)
            self.relabelled = True
            self.cost = series.total()
            self.tabu[:] = 0
        else:
            r, own, pressure, per_round = view
            if r is not None:
                move = _best_sampled_move(
                    series, r, own[0], pressure[0], self.tabu, self.it - 1, self.cost, self.best_cost, rng
                )
            else:
                assert per_round is not None
                rounds = _rounds_to_search(series, per_round, rng)
                move = _best_block_move(
                    series, rounds, pressure, self.tabu, self.it - 1, self.cost, self.best_cost, rng
                )
            if move is None:
                return
            delta, r, a, b = move
            series.swap(r, a, b)
            self.cost += delta
            self.tabu[r, a] = self.it + rng.integers(4, self.tenure_top)
            self.tabu[r, b] = self.it + rng.integers(4, self.tenure_top)
        if self.cost < self.best_cost - 1e-6:
            self.best_cost, self.best, self.best_at = self.cost, series.slots.copy(), self.it
            self.best_repeats, self.relabelled = None, False


def iteration_work(n: int, rounds: int) -> float:
    """What one iteration costs: a fixed part and the swaps it prices (every swap of every round
    on small rosters, of one round on mid-size ones, a few people against everyone on large ones)."""
    if n * n > BLOCK_LIMIT:
        return ITERATION_WORK + SAMPLED_SWAP_WORK * SAMPLED_CANDIDATES * n
    return ITERATION_WORK + BLOCK_SWAP_WORK * (rounds if n * n * rounds <= BLOCK_LIMIT else 1) * n * n


def _kick(
    series: Series, best: np.ndarray, rng: np.random.Generator, deadline: float, work: Work, *, relabel: bool
) -> None:
    """Back to ``best``, then out of its basin."""
    series.load_slots(best)
    if relabel and series.n <= RELABEL_MAX_PEOPLE and not series.frozen:  # relabelling moves every round
        # A kick that keeps every meeting count: trade people between positions of the whole
        # series (see rotation_relabel); it often reaches a better basin.
        moves = ANNEAL_MOVES_PER_PERSON * series.n
        series.load(anneal_relabel(series.as_lists(), series.w, rng, deadline, moves=moves, work=work))
    else:
        _perturb(series, rng)


def _rounds_to_search(series: Series, per_round: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """All rounds when the full neighbourhood is cheap, else one round drawn by its cost."""
    if series.n * series.n * series.rounds <= BLOCK_LIMIT:
        return np.arange(series.frozen, series.rounds)
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
        r = series.frozen + int(rng.integers(series.rounds - series.frozen))
        a, b = rng.choice(series.n, size=2, replace=False)
        if series.group[r, a] != series.group[r, b]:
            series.swap(r, int(a), int(b))
