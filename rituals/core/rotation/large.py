"""Large rosters (a company-wide coffee roulette): sparse pair costs and a local search that only
looks at the people who cost something.

Dense N x N matrices stop at a few thousand people (20,000 people would need 1.6 GB for the
pair costs alone). But on a large roster almost every pair costs nothing: two people of two of
400 teams who never met. What costs is structured (a team, a place: compared by code) or sparse
(the pairs of the history, exclusions, the pairs of the rounds planned so far: sorted keys
looked up by binary search). So the price of any pair is computed when it is needed, from the
same weights as the dense model (``rotation_costs``), and memory grows with N and the history,
not with N squared.

Rounds are planned one after the other. Each starts from a random partition in which the odd
groups go to whoever sat in the fewest odd groups (history and earlier rounds included; ties
broken by the seeded rng), then every person who pays for something (a teammate, a past
partner, a repeat, another office) is offered swaps with ``CANDIDATES`` people drawn from
groups of the same size class, and the best swap that lowers the round's cost is made. Passes
go on until no one pays, a pass improves nothing, or the work budget (``rotation_work``) is
spent: same seed, same groups, on any machine.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from rituals.core.errors import InvalidInput
from rituals.core.rotation.ask import Ask
from rituals.core.rotation.costs import (
    EXCLUDED,
    OFFICE_SPLIT,
    PLACE_SOFT,
    REPEAT,
    REPEAT_MET,
    TEAM,
    WITHIN_TEAM,
    history_cost,
)
from rituals.core.rotation.order import clean_first
from rituals.core.rotation.work import Work
from rituals.locale import _

CANDIDATES = 256  # people a costly person is offered swaps with, per try
PASSES = 8  # passes over the costly people of a round, at most
# Work units (about a microsecond each, see rotation_work): a try's fixed part and each pair it prices
TRY_WORK = 120.0
PAIR_WORK = 0.08
Rounds = list[list[list[int]]]


@dataclass
class SparseCosts:
    """The price of any pair of people 0..n-1, computed on demand (see the module docstring)."""

    n: int
    team: np.ndarray  # int64 code, -1 for no team
    place: np.ndarray  # int64 code
    mix: str
    fmt: str
    keys: np.ndarray  # sorted int64 keys lo * n + hi of the pairs with a history or an exclusion
    extra: np.ndarray  # float64: their history cost, plus EXCLUDED when excluded
    met: np.ndarray  # bool: the key's pair met before the plan
    excluded: list[tuple[int, int]]

    def key(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.minimum(a, b) * self.n + np.maximum(a, b)

    def pair(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The pair cost of a[i] with b[i] (no repeat charge), float64."""
        cost = np.zeros(np.shape(a), dtype=np.float64)
        ta, tb = self.team[a], self.team[b]
        if self.mix == "cross-team":
            cost += TEAM * ((ta == tb) & (ta >= 0))
        elif self.mix == "within-team":
            cost += WITHIN_TEAM * ((ta != tb) & (ta >= 0) & (tb >= 0))
        if self.fmt != "remote":
            cost += (OFFICE_SPLIT if self.fmt == "in-person" else PLACE_SOFT) * (self.place[a] != self.place[b])
        return cost + gather(self.keys, self.extra, self.key(a, b), 0.0)

    def repeat(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The charge for each meeting of a[i] and b[i] beyond their first within the plan."""
        return np.where(gather(self.keys, self.met, self.key(a, b), False), REPEAT_MET, REPEAT)


def gather(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray, default: Any) -> np.ndarray:
    """The value of each wanted key in the sorted ``keys`` (``default`` where it is absent)."""
    if not len(keys):
        return np.full(np.shape(wanted), default, dtype=values.dtype)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], default)


def sparse_costs(
    ids: Sequence[str],
    teams: Sequence[str],
    places: Sequence[str],
    *,
    mix: str,
    fmt: str,
    history: Mapping[frozenset[str], Sequence[date]],
    today: date,
    excluded: Iterable[tuple[str, str]],
) -> SparseCosts:
    n = len(ids)
    index = {pid: i for i, pid in enumerate(ids)}
    team_codes: dict[str, int] = {}
    team = np.array([team_codes.setdefault(t, len(team_codes)) if t else -1 for t in teams], dtype=np.int64)
    place_codes: dict[str, int] = {}
    place = np.array([place_codes.setdefault(p, len(place_codes)) for p in places], dtype=np.int64)
    extra: dict[int, float] = {}
    met: set[int] = set()
    for pair, dates in history.items():
        found = [index[p] for p in pair if p in index]
        if len(found) == 2 and dates:
            key = min(found) * n + max(found)
            extra[key] = history_cost(dates, today)
            met.add(key)
    banned = []
    for a_id, b_id in excluded:
        a, b = index.get(a_id), index.get(b_id)
        if a is not None and b is not None and a != b:
            key = min(a, b) * n + max(a, b)
            if key not in extra or extra[key] < EXCLUDED:
                extra[key] = extra.get(key, 0.0) + EXCLUDED
                banned.append((min(a, b), max(a, b)))
    keys = np.array(sorted(extra), dtype=np.int64)
    return SparseCosts(
        n,
        team,
        place,
        mix,
        fmt,
        keys,
        np.array([extra[k] for k in keys], dtype=np.float64),
        np.array([k in met for k in keys], dtype=bool),
        banned,
    )


class Earlier:
    """How often each pair already met in the rounds planned so far: sorted keys and counts."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)
        self.counts = np.zeros(0, dtype=np.int64)

    def times(self, keys: np.ndarray) -> np.ndarray:
        return gather(self.keys, self.counts, keys, 0)

    def add(self, keys: np.ndarray) -> None:
        merged = np.union1d(self.keys, keys)
        counts = self.times(merged)  # before this round
        np.add.at(counts, np.searchsorted(merged, keys), 1)
        self.keys, self.counts = merged, counts


class Round:
    """One round being improved: groups as a (groups, max size) table padded with -1, and what
    each person pays in their group (pair costs and repeat charges)."""

    def __init__(self, costs: SparseCosts, earlier: Earlier, slots: np.ndarray) -> None:
        self.costs, self.earlier, self.slots = costs, earlier, slots
        self.group = np.zeros(costs.n, dtype=np.int64)
        self.pos = np.zeros(costs.n, dtype=np.int64)
        g, p = np.nonzero(slots >= 0)
        self.group[slots[g, p]], self.pos[slots[g, p]] = g, p
        self.own = self.paid(np.arange(costs.n), slots[self.group])

    def price(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """What a[i] pays for sharing this round's group with b[i] (0 where b[i] is padding or a[i])."""
        valid = (b >= 0) & (b != a)
        a, b = np.where(valid, a, 0), np.where(valid, b, 1)
        keys = self.costs.key(a, b)
        cost = self.costs.pair(a, b) + self.costs.repeat(a, b) * self.earlier.times(keys)
        return np.where(valid, cost, 0.0)

    def paid(self, people: np.ndarray, mates: np.ndarray) -> np.ndarray:
        """For each person, the sum of ``price`` over a row of mates."""
        return self.price(np.broadcast_to(people[:, None], mates.shape), mates).sum(axis=1)

    def best_swap(self, a: int, candidates: np.ndarray) -> tuple[float, int] | None:
        """The candidate whose swap with ``a`` lowers the round's cost most, and by how much."""
        candidates = candidates[self.group[candidates] != self.group[a]]
        if not len(candidates):
            return None
        mine = self.slots[self.group[a]]
        theirs = self.slots[self.group[candidates]]
        into_theirs = self.paid(np.full(len(candidates), a), np.where(theirs == candidates[:, None], -1, theirs))
        into_mine = self.paid(candidates, np.where(mine == a, -1, mine)[None, :].repeat(len(candidates), axis=0))
        delta = into_theirs + into_mine - self.own[a] - self.own[candidates]
        best = int(np.argmin(delta))
        return float(delta[best]), int(candidates[best])

    def swap(self, a: int, b: int) -> None:
        ga, gb = self.group[a], self.group[b]
        self.slots[ga, self.pos[a]], self.slots[gb, self.pos[b]] = b, a
        self.group[a], self.group[b] = gb, ga
        self.pos[a], self.pos[b] = self.pos[b], self.pos[a]
        touched = np.concatenate([self.slots[ga], self.slots[gb]])
        touched = touched[touched >= 0]
        self.own[touched] = self.paid(touched, self.slots[self.group[touched]])


def plan_large(
    costs: SparseCosts,
    sizes: Sequence[int],
    odd: np.ndarray,
    odd_base: np.ndarray,
    rounds: int,
    rng: np.random.Generator,
    work: Work,
    deadline: float = math.inf,
) -> tuple[Rounds, int]:
    """``rounds`` rounds of groups of ``sizes`` (see the module docstring), and the swaps tried.
    ``deadline`` is a safety cap (``time.monotonic()``) that a normal run never reaches."""
    earlier = Earlier()
    odd_count = odd_base.astype(np.float64).copy()
    plan: Rounds = []
    tries = 0
    for r in range(rounds):
        slots = _start(sizes, odd, odd_count, rng)
        state = Round(costs, earlier, slots)
        tries += _improve(
            state, odd, rng, work.share(1 / (rounds - r)), deadline
        )  # each round its part of what is left
        plan.append([[int(p) for p in row if p >= 0] for row in state.slots])
        i, j = np.triu_indices(state.slots.shape[1], 1)
        a, b = state.slots[:, i].ravel(), state.slots[:, j].ravel()
        keep = (a >= 0) & (b >= 0)
        earlier.add(costs.key(a[keep], b[keep]))
        seated = state.slots[odd]
        odd_count[seated[seated >= 0]] += 1
    return plan, tries


def _start(sizes: Sequence[int], odd: np.ndarray, odd_count: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random partition; the odd groups go to whoever sat in the fewest of them (ties at random)."""
    n = len(odd_count)
    order = rng.permutation(n)
    order = order[np.argsort(odd_count[order], kind="stable")]
    seats = int(sum(s for s, o in zip(sizes, odd) if o))
    first, rest = rng.permutation(order[:seats]), rng.permutation(order[seats:])
    slots = np.full((len(sizes), max(sizes)), -1, dtype=np.int64)
    taken = {True: 0, False: 0}
    for g, (size, is_odd) in enumerate(zip(sizes, odd)):
        pool = first if is_odd else rest
        at = taken[bool(is_odd)]
        slots[g, :size] = pool[at : at + size]
        taken[bool(is_odd)] = at + size
    return slots


def _improve(state: Round, odd: np.ndarray, rng: np.random.Generator, work: Work, deadline: float) -> int:
    """Passes of swaps for the people who pay something (see the module docstring)."""
    classes = [np.flatnonzero(odd[state.group] == flag) for flag in (False, True)]
    k = state.slots.shape[1]
    tries = 0
    for _pass in range(PASSES):
        costly = np.flatnonzero(state.own > 1e-9)
        improved = False
        for a in rng.permutation(costly):
            if work.done or (tries % 64 == 0 and time.monotonic() >= deadline):
                return tries
            if state.own[a] <= 1e-9:
                continue  # a swap made for someone else freed them
            pool = classes[int(odd[state.group[a]])]
            candidates = pool[rng.integers(len(pool), size=min(CANDIDATES, len(pool)))]
            work.spend(TRY_WORK + PAIR_WORK * 2 * k * len(candidates))
            tries += 1
            found = state.best_swap(int(a), candidates)
            if found is not None and found[0] < -1e-9:
                state.swap(int(a), found[1])
                improved = True
        if not improved:
            break
    return tries


def large_rounds(ask: Ask) -> tuple[list[list[list[int]]], int]:
    """``plan_rounds`` on a large roster: the rounds (people by index, clean rounds first) and
    the tries made, or InvalidInput when an excluded pair could not be kept apart."""
    ids = ask.ids
    costs = sparse_costs(
        ids, ask.teams, ask.places, mix=ask.mix, fmt=ask.fmt, history=ask.history, today=ask.today,
        excluded=ask.excluded,
    )  # fmt: skip
    odd_base = np.array([max(int(ask.odd_counts.get(pid, 0)), 0) for pid in ids], dtype=np.float64)
    rng = np.random.default_rng(ask.seed % 2**63)
    best, tries = plan_large(costs, ask.sizes, ask.odd, odd_base, ask.rounds, rng, ask.work, ask.deadline)
    best = clean_first(best)
    for groups in best:
        group_of = np.zeros(len(ids), dtype=np.int64)
        for g, members_of_g in enumerate(groups):
            group_of[members_of_g] = g
        for a, b in costs.excluded:
            if group_of[a] == group_of[b]:
                raise InvalidInput(
                    _("cannot form groups of {size} that keep {ids} and {ids2} apart").format(
                        size=ask.size, ids=ids[a], ids2=ids[b]
                    )
                )
    return best, tries
