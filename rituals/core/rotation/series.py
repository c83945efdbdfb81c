"""The state the tabu search (``rotation_search``) works on, and its objective.

R rounds of the same group sizes over people 0..N-1. The objective adds, over all rounds, the
pair costs of every group, the pair's repeat charge R (``CostModel.repeat``) for each extra
meeting of a pair inside the series (c meetings cost R * c * (c - 1) / 2), and the odd-group
charge. A swap of two people of different groups in one round changes it by what ``deltas`` (one
person against everyone) and ``block_deltas`` (every swap of some rounds at once) compute.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rituals.core.rotation.costs import CostModel
from rituals.core.rotation.odd import odd_floor, odd_tiers, odd_total, seat_charge

BLOCK_LIMIT = 400_000  # swaps scored at once (rounds x N x N) before we sample candidates


class Series:
    """R rounds; ``slots[r]`` is (groups, max size) with -1 padding, ``group[r][p]`` p's group."""

    def __init__(
        self, costs: CostModel, sizes: Sequence[int], odd: np.ndarray, rounds: list[list[list[int]]], frozen: int = 0
    ):
        self.frozen = frozen  # leading rounds the search leaves as they are (a clean prefix kept)
        self.w = costs.pair
        self.rep = costs.repeat
        self.odd_base = costs.odd_base
        self.n = self.w.shape[0]
        self.sizes = np.asarray(sizes)
        self.odd = odd  # bool per group: an odd-size group
        self.kmax = int(self.sizes.max())
        # a float64 copy speeds up scoring every swap at once, which only small rosters do
        small = self.n * self.n <= BLOCK_LIMIT
        self.w64 = self.w.astype(np.float64) if small else None
        self.rep64 = self.rep.astype(np.float64) if small else None
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
        self.odd_tiers = odd_tiers(self.odd_base, seats, rounds)  # (fair level, cap): odd.py
        self.floor = self._floor(seats, rounds)
        i, j = np.triu_indices(k, 1)
        a, b = slots[:, :, i].ravel(), slots[:, :, j].ravel()
        keep = (a >= 0) & (b >= 0)
        np.add.at(self.meets, (a[keep], b[keep]), 1)
        np.add.at(self.meets, (b[keep], a[keep]), 1)

    def _floor(self, seats: int, rounds: int) -> float:
        """No plan costs less: no pair cost, and the odd seats as cheap as history allows
        (``odd.odd_floor``). When N is not a multiple of k the objective never reaches 0, and
        this tells the search that it is done. -inf when a pair can have a negative cost (no
        such bound then)."""
        if self.w.min() < 0:
            return -np.inf
        return odd_floor(self.odd_base, seats, rounds, *self.odd_tiers)

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
        a, b = np.nonzero(self.meets > 1)  # few: a dense product would cost N x N floats
        c = self.meets[a, b].astype(np.float64)
        repeats = float((self.rep[a, b] * c * (c - 1) / 2).sum()) / 2
        return pair + repeats + odd_total(self.odd_base, self.odd_count, *self.odd_tiers)

    def odd_add(self) -> np.ndarray:
        """What each person would pay for one more odd seat."""
        return seat_charge(self.odd_count + self.odd_base + 1, *self.odd_tiers)

    def odd_remove(self) -> np.ndarray:
        """What each person would save with one odd seat fewer (only meaningful when they have one)."""
        return seat_charge(self.odd_count + self.odd_base, *self.odd_tiers)

    def own(self, rounds: np.ndarray | None = None) -> np.ndarray:
        """(rounds, N): what each person pays for their group in each round (pairs and repeats)."""
        rounds = np.arange(self.rounds) if rounds is None else rounds
        mates = self.slots[rounds[:, None], self.group[rounds]]  # (B, N, kmax)
        me = np.arange(self.n)[None, :, None]
        valid = (mates >= 0) & (mates != me)
        safe = np.where(valid, mates, 0)
        cost = self.w[me, safe] + self.rep[me, safe].astype(np.float64) * (self.meets[me, safe] - 1)
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
        rows = self.w[mates_a].astype(np.float64) + self.rep[mates_a].astype(np.float64) * self.meets[mates_a]
        into_a = rows.sum(axis=0)  # for b outside A: what b would pay with A (a still counted)
        row_a = self.w[a].astype(np.float64) + self.rep[a].astype(np.float64) * self.meets[a]
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

        With U[a, g] = sum over group g of (pair cost + R * meetings) with a, and own[a]
        what a pays in their group (one meeting fewer with each mate: this round's), swapping
        a and b of different groups changes the cost by
        U[a, g(b)] + U[b, g(a)] - 2 (pair cost + R * meetings)(a, b) - own[a] - own[b].
        (A batched matmul would do, but BLAS threads crawl on a busy machine; reduceat does not.)
        """
        assert self.w64 is not None and self.rep64 is not None, "block moves are for rosters within BLOCK_LIMIT"
        wm = self.w64 + self.rep64 * self.meets
        n, g = self.n, len(self.sizes)
        slots = self.slots[rounds]
        order = slots[slots >= 0]  # round by round, group by group
        starts = (np.arange(len(rounds))[:, None] * n + self.starts[None, :]).ravel()
        u = np.add.reduceat(wm[:, order], starts, axis=1).reshape(n, len(rounds), g).transpose(1, 0, 2)
        group = self.group[rounds]  # (B, N)
        own = self.own(rounds)
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
