"""The order of the rounds: clean rounds first, unavoidable repeats last.

A plan is read from its first week: a team lead planning a quarter wants the first rounds clean
(no pair meeting twice) even when the last ones cannot be. Every cost of the objective is the
same whatever the order of the rounds (pair costs, meetings counted over the whole series, odd
seats), so the rounds can be put in any order afterwards at no price. ``clean_first`` puts the
largest set of rounds that share no pair first (their order kept), then the others, each time
the one that repeats the fewest pairs of the rounds before it; among the clean rounds, those
that renew fewer and older ties of the history come first, so the repeats that history forces
land late and on the least recent pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

Rounds = list[list[list[int]]]
EXACT_ROUNDS = 24  # up to this many rounds the largest clean set is searched exactly
SEARCH_NODES = 200_000  # a counted cap on that search (same result on any machine)


def clean_first(plan: Rounds, pair_cost: Sequence[float] | None = None) -> Rounds:
    """``plan`` reordered (see the module docstring). ``pair_cost[r]`` is what round r pays for
    its pairs' history (lower first among the clean rounds); by default, their order is kept."""
    if len(plan) < 2:
        return plan
    pairs = [_pairs(groups) for groups in plan]
    shared = np.array([[bool(a & b) if i != j else False for j, b in enumerate(pairs)] for i, a in enumerate(pairs)])
    clean = _largest_clean_set(shared)
    cost = list(pair_cost) if pair_cost is not None else [0.0] * len(plan)
    order = sorted(clean, key=lambda r: (cost[r], r))
    seen: set[tuple[int, int]] = set().union(*(pairs[r] for r in order))
    rest = [r for r in range(len(plan)) if r not in clean]
    while rest:
        nxt = min(rest, key=lambda r: (len(pairs[r] & seen), cost[r], r))
        rest.remove(nxt)
        order.append(nxt)
        seen |= pairs[nxt]
    return [plan[r] for r in order]


def _pairs(groups: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    return {(min(a, b), max(a, b)) for g in groups for a, b in combinations(g, 2)}


def _largest_clean_set(shared: np.ndarray) -> list[int]:
    """Rounds that pairwise share no pair, as many as can be found: a maximum independent set of
    the conflict graph, exact by branch and bound for few rounds, else greedy (fewest conflicts
    first). The rounds come back in their plan order."""
    n = len(shared)
    greedy: list[int] = []
    for r in sorted(range(n), key=lambda r: (shared[r].sum(), r)):
        if not any(shared[r, s] for s in greedy):
            greedy.append(r)
    if n > EXACT_ROUNDS or len(greedy) == n:
        return sorted(greedy)
    best = list(greedy)
    nodes = [SEARCH_NODES]

    def grow(chosen: list[int], candidates: list[int]) -> None:
        nonlocal best
        nodes[0] -= 1
        if len(chosen) > len(best):
            best = list(chosen)
        if nodes[0] <= 0 or len(chosen) + len(candidates) <= len(best):
            return
        for i, r in enumerate(candidates):
            if len(chosen) + len(candidates) - i <= len(best):
                return
            grow(chosen + [r], [s for s in candidates[i + 1 :] if not shared[r, s]])

    grow([], list(range(n)))
    return sorted(best)
