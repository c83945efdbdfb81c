"""A last pass for cross-team plans: fewer pairs of teammates, and not one repeat more.

The tabu search (``rotation_search``) weighs every pair by its weak tie (``rotation_costs``). When
history is full, almost every pair met before, and a swap that parts two teammates also moves
the four to eight cross-team pairs around them: renewing a recent tie instead of an old one can
outweigh the teammates' price, and the search keeps a few teammates together (61 people of 9
teams in fours: 0 to 3 pairs where team sizes force none). Counted the way people read a plan,
that is the wrong trade: a pair of teammates does nothing for silos, while a cross-team pair
that met before is one repeat whatever its date.

This pass, after the search, swaps two people of one round when the swap leaves fewer pairs of
teammates, no more repeats (pairs that met before, in the history or in an earlier round) and
costs at most ``TEAM_VALUE`` same-team prices (``costs.TEAM``) more for each pair of
teammates it parts: the recency of the ties around them, never an exclusion, an office, or
an odd seat (swaps between an odd-size group and another are left alone). A swap's three
counts come from per-group sums, like the search's own deltas, so a pass over a round costs
what a tabu iteration does.
"""

from __future__ import annotations

import numpy as np

from rituals.core.rotation.costs import TEAM, CostModel
from rituals.core.rotation.series import Series
from rituals.core.rotation.work import Work

TEAM_VALUE = 3.0  # how many same-team prices a swap may cost in recency, per pair of teammates parted
PASSES = 8  # over every round; a pass that changes nothing ends it
SWAP_WORK = 0.04  # work units for each swap counted (the search's BLOCK_SWAP_WORK)


def fewer_teammates(series: Series, costs: CostModel, work: Work) -> int:
    """Swap within rounds of ``series`` (see the module docstring); the swaps made."""
    same = costs.same_team.astype(np.int64)
    np.fill_diagonal(same, 0)
    made = 0
    for _ in range(PASSES):
        before = made
        for r in range(series.frozen, series.rounds):
            made += _round_pass(series, r, same, costs.history_pairs, work)
        if made == before:
            break
    return made


def _round_pass(series: Series, r: int, same: np.ndarray, met: np.ndarray, work: Work) -> int:
    """Part the teammates of round ``r``, one best swap at a time."""
    made = 0
    for _ in range(series.n):
        group = series.group[r]
        together = same * (group[:, None] == group[None, :])
        costly = np.flatnonzero(together.any(axis=1))
        move = None
        for a in costly:
            work.spend(SWAP_WORK * series.n)
            found = _best_swap(series, r, int(a), same, met)
            if found is not None and (move is None or found[0] < move[0]):
                move = found
        if move is None:
            return made
        _, a, b = move
        series.swap(r, a, b)
        made += 1
    return made


def _best_swap(
    series: Series, r: int, a: int, same: np.ndarray, met: np.ndarray
) -> tuple[tuple[int, int, float], int, int] | None:
    """The swap of ``a`` in round ``r`` that parts the most teammates, then saves the most
    repeats, then costs least; None when none qualifies."""
    group = series.group[r]
    ga = group[a]
    meets = series.meets
    again = (meets >= 1) | met  # a pair joined now would be a repeat
    repeat = (meets >= 2) | met  # a pair of this round that is a repeat (meets counts this round)
    groups = len(series.sizes)

    def by_group(matrix: np.ndarray) -> np.ndarray:
        """(N, groups): each person's sum of ``matrix`` over the people of each group."""
        out = np.zeros((series.n, groups))
        np.add.at(out.T, group, matrix.T.astype(np.float64))
        return out

    s, ad, rm = by_group(same), by_group(again), by_group(repeat)
    gb = group
    own_s, own_rm = s[np.arange(series.n), gb], rm[np.arange(series.n), gb]
    d_same = s[:, ga] - same[:, a] + s[a, gb] - same[a] - own_s[a] - own_s
    d_rep = ad[:, ga] - again[:, a] + ad[a, gb] - again[a] - own_rm[a] - own_rm
    d_cost = series.deltas(r, a, series.own(np.array([r]))[0])
    other = d_cost - TEAM * d_same
    ok = (d_same < 0) & (d_rep <= 0) & (gb != ga) & (series.odd[gb] == series.odd[ga])
    ok &= other <= TEAM_VALUE * TEAM * -d_same
    if not ok.any():
        return None
    candidates = np.flatnonzero(ok)
    b = min(candidates, key=lambda x: (d_same[x], d_rep[x], d_cost[x], x))
    return (float(d_same[b]), float(d_rep[b]), float(d_cost[b])), a, int(b)
