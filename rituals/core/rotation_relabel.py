"""Borrow a repeat-free series from the Social Golfer solver, then choose who plays which golfer.

A golfer schedule without repeats stays without repeats under any relabelling of golfers onto
people, so the labelling is free to serve the other costs (history, teams, places, exclusions).
Choosing it is a quadratic assignment problem: minimise sum over pairs of together(i, j) *
cost(person(i), person(j)); we improve it by best-improvement label swaps, scored with numpy.
"""

from __future__ import annotations

import time

import numpy as np

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


def relabel(
    structure: Rounds, pair_cost: np.ndarray, rng: np.random.Generator, deadline: float, *, shuffle: bool = True
) -> Rounds:
    """``structure`` with golfer i played by the person that lowers the pair costs most; without
    ``shuffle`` golfer i starts as person i, so the result is never worse than the structure."""
    n = pair_cost.shape[0]
    together = np.zeros((n, n), dtype=np.float64)
    for groups in structure:
        for members in groups:
            idx = np.asarray(members)
            together[np.ix_(idx, idx)] += 1
    np.fill_diagonal(together, 0)
    person = rng.permutation(n) if shuffle else np.arange(n)  # golfer -> person
    cost = pair_cost.astype(np.float64)[np.ix_(person, person)]
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for u in rng.permutation(n):
            gain = _swap_deltas(together, cost, int(u))
            v = int(np.argmin(gain))
            if gain[v] < -1e-9:
                person[[u, v]] = person[[v, u]]
                cost[[u, v], :] = cost[[v, u], :]
                cost[:, [u, v]] = cost[:, [v, u]]
                improved = True
    return [[[int(person[i]) for i in members] for members in groups] for groups in structure]


def _swap_deltas(together: np.ndarray, cost: np.ndarray, u: int) -> np.ndarray:
    """Change of sum(together * cost) / 2 when golfers u and v trade people, for every v.

    For symmetric matrices with zero diagonals the change is
    sum over x not in {u, v} of (T[u,x] - T[v,x]) * (C[v,x] - C[u,x]).
    """
    full = cost @ together[u] - together[u] @ cost[u] - (together * cost).sum(axis=1) + together @ cost[u]
    delta = full + 2 * together[u] * cost[u]
    delta[u] = np.inf
    return delta
