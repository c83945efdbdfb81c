"""A first plan, round by round: fill each group with whoever adds the least cost to it.

Triska & Musliu start their Social Golfer search from a greedy schedule too; ours is scored with
the same pair costs and repeat charge as the tabu search, so the search starts close.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rituals.core.rotation.costs import CostModel
from rituals.core.rotation.odd import greedy_charge, odd_tiers


def greedy_rounds(
    costs: CostModel,
    sizes: Sequence[int],
    odd: np.ndarray,
    rounds: int,
    rng: np.random.Generator,
    start: Sequence[Sequence[Sequence[int]]] = (),
) -> list[list[list[int]]]:
    """``rounds`` rounds of groups of ``sizes``, the first ones ``start`` as given; ties are
    broken by the seeded rng. Odd-size groups go to whoever sat in the fewest odd groups, as the
    search charges them (``odd.greedy_charge``)."""
    n = int(costs.pair.shape[0])
    cost = costs.pair.copy()  # pair cost (float32), plus the repeat charge per meeting earlier in the plan
    odd_count = costs.odd_base.copy()
    tiers = odd_tiers(costs.odd_base, rounds * sum(s for s, o in zip(sizes, odd) if o), rounds)
    plan: list[list[list[int]]] = [[list(g) for g in groups] for groups in start]
    for fixed in plan:
        for gi, seated in enumerate(fixed):
            idx = np.asarray(seated)
            cost[np.ix_(idx, idx)] += costs.repeat[np.ix_(idx, idx)]
            if odd[gi]:
                odd_count[idx] += 1
    for _ in range(rounds - len(plan)):
        taken = np.zeros(n, dtype=np.float32)  # inf once placed: adding it rules the person out
        groups: list[list[int]] = [[] for _ in sizes]
        for gi in rng.permutation(len(sizes)):
            noise = (rng.random(n) * 1e-3).astype(np.float32)
            extra = greedy_charge(odd_count + 1, *tiers) if odd[gi] else 0.0
            if odd[gi]:
                first = int(np.argmin(extra + noise + taken))
            else:
                first = int(rng.choice(np.flatnonzero(taken == 0)))
            taken[first] = np.inf
            load = cost[first] + extra + noise + taken
            members = [first]
            while len(members) < sizes[gi]:
                pick = int(np.argmin(load))
                members.append(pick)
                taken[pick] = load[pick] = np.inf
                load += cost[pick]
            groups[gi] = members
            idx = np.asarray(members)
            cost[np.ix_(idx, idx)] += costs.repeat[np.ix_(idx, idx)]  # a zero diagonal
            if odd[gi]:
                odd_count[idx] += 1
        plan.append(groups)
    return plan
