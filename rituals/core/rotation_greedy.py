"""A first plan, round by round: fill each group with whoever adds the least cost to it.

Triska & Musliu start their Social Golfer search from a greedy schedule too; ours is scored with
the same pair costs and repeat charge as the tabu search, so the search starts close.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .rotation_costs import ODD, REPEAT, CostModel


def greedy_rounds(
    costs: CostModel, sizes: Sequence[int], odd: np.ndarray, rounds: int, rng: np.random.Generator
) -> list[list[list[int]]]:
    """``rounds`` rounds of groups of ``sizes``; ties are broken by the seeded rng. Odd-size
    groups start from whoever sat in the fewest odd groups."""
    n = costs.pair.shape[0]
    w = costs.pair.astype(np.float64)
    meets = np.zeros((n, n), dtype=np.float64)
    odd_count = costs.odd_base.copy()
    plan: list[list[list[int]]] = []
    for _ in range(rounds):
        free = np.ones(n, dtype=bool)
        groups: list[list[int]] = [[] for _ in sizes]
        for gi in rng.permutation(len(sizes)):
            noise = rng.random(n) * 1e-3
            extra = ODD * (odd_count + 1) if odd[gi] else np.zeros(n)
            if odd[gi]:
                first = int(np.argmin(np.where(free, extra + noise, np.inf)))
            else:
                first = int(rng.choice(np.flatnonzero(free)))
            members = [first]
            free[first] = False
            load = w[first] + REPEAT * meets[first] + extra + noise
            while len(members) < sizes[gi]:
                pick = int(np.argmin(np.where(free, load, np.inf)))
                members.append(pick)
                free[pick] = False
                load += w[pick] + REPEAT * meets[pick]
            groups[gi] = members
            idx = np.asarray(members)
            meets[np.ix_(idx, idx)] += 1
            if odd[gi]:
                odd_count[idx] += 1
        np.fill_diagonal(meets, 0)
        plan.append(groups)
    return plan
