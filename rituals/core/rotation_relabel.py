"""Borrow a repeat-free series from the Social Golfer solver, then choose who plays which golfer.

A golfer schedule without repeats stays without repeats under any relabelling of golfers onto
people, so the labelling is free to serve the other costs (history, teams, places, exclusions).
Choosing it is a quadratic assignment problem: minimise sum over pairs of together(i, j) *
cost(person(i), person(j)). Swapping the people of golfers u and v changes it by
sum over x of (T[u,x] - T[v,x]) * (C[v,x] - C[u,x]) + 2 T[u,v] C[u,v] (symmetric T and C, zero
diagonals), an O(N) dot product, so simulated annealing can afford many swaps.
"""

from __future__ import annotations

import math
import time

import numpy as np

from .rotation_costs import TEAM

try:  # the exact solver is optional: without it the tabu search starts from the greedy plan
    from . import golf
except ImportError:  # pragma: no cover - depends on the checkout
    golf = None

Rounds = list[list[list[int]]]


def golf_rounds(groups: int, size: int, rounds: int, *, seed: int, time_limit: float) -> tuple[Rounds, str] | None:
    """A golfer schedule for ``groups`` x ``size`` people, or None when no solver is available."""
    if golf is None or time_limit <= 0:
        return None
    result = golf.solve(groups, size, rounds, seed=seed, time_limit=time_limit)
    return [[list(map(int, g)) for g in rnd] for rnd in result.rounds], str(result.method)


def anneal_relabel(
    structure: Rounds, pair_cost: np.ndarray, rng: np.random.Generator, deadline: float, *, moves: int
) -> Rounds:
    """``structure`` with golfer i played by the person that lowers the pair costs most, found by
    simulated annealing over swaps of two people's positions in the whole series (from the
    identity, so never worse than ``structure``). The cooling is counted in moves, not seconds,
    so a seed gives the same result on any machine (``deadline`` only cuts it short).
    """
    n = pair_cost.shape[0]
    if not pair_cost.any():
        return structure  # nothing to choose between: every labelling costs nothing
    together = _together(structure, n)
    person = np.arange(n)
    cost = pair_cost.astype(np.float64)
    current = best = 0.0
    best_person = person.copy()
    hot, cold = TEAM, TEAM / 60  # a same-team pair is often worth a try at first, never at the end
    for done in range(moves):
        if done % 256 == 0 and time.monotonic() >= deadline:
            break
        u, v = rng.integers(n, size=2)
        if u == v:
            continue
        delta = float((together[u] - together[v]) @ (cost[v] - cost[u])) + 2 * together[u, v] * cost[u, v]
        temperature = hot * (cold / hot) ** (done / moves)
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            person[[u, v]] = person[[v, u]]
            cost[[u, v], :] = cost[[v, u], :]
            cost[:, [u, v]] = cost[:, [v, u]]
            current += delta
            if current < best - 1e-9:
                best, best_person = current, person.copy()
    return [[[int(best_person[i]) for i in members] for members in groups] for groups in structure]


def _together(structure: Rounds, n: int) -> np.ndarray:
    together = np.zeros((n, n), dtype=np.float64)
    for groups in structure:
        for members in groups:
            idx = np.asarray(members)
            together[np.ix_(idx, idx)] += 1
    np.fill_diagonal(together, 0)
    return together
