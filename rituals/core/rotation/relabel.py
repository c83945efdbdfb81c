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
from collections.abc import Sequence

import numpy as np

from rituals.core.rotation.costs import TEAM
from rituals.core.rotation.work import Work

try:  # the exact solver is optional: without it the tabu search starts from the greedy plan
    from rituals.core.rotation.golf import solver as golf
    from rituals.core.rotation.golf.levels import level_rounds
    from rituals.core.rotation.golf.rotational import uneven_rounds

    HAVE_GOLF = True
except ImportError:  # pragma: no cover - depends on the checkout
    HAVE_GOLF = False

Rounds = list[list[list[int]]]
RELABEL_MOVE_WORK = 11.0  # work units (about a microsecond) an annealing move costs, see rotation_work
EXTRA_TRIES = 32  # seatings (or choices of holes) tried; each costs about rounds x people
# Of the solver's work: first an affine plane with a turning level (found in milliseconds when
# it is, 37 in fours: 16 ms, while a layout with no set of paths spends its whole share), then a
# rotational schedule with turning odd groups.
LEVELS_SHARE, UNEVEN_SHARE = 0.25, 0.5


def golf_rounds(
    sizes: Sequence[int],
    rounds: int,
    *,
    seed: int,
    time_limit: float,
    rng: np.random.Generator,
    odd: Sequence[bool] | np.ndarray = (),
    work: Work | None = None,
) -> tuple[Rounds, str] | None:
    """A golfer schedule for groups of ``sizes`` (largest first, differing by at most one), or
    None when no solver is available. The searches spend ``work`` (by default what ``solve``
    spends at effort 1); ``time_limit`` is only their safety cap.

    Uneven sizes with ``odd`` groups first try an affine plane whose largest level turns
    through the odd groups (``level_rounds``: 37 in fours, 8 rounds), then a rotational
    schedule whose odd groups turn with the rounds (``uneven_rounds``); in both, nobody sits in
    them more than once past their share.
    Else they come from an even schedule: with few larger groups, the solver seats min(sizes)
    per group and the rest join (``_seat_extras``); with many, it seats max(sizes) and golfers
    who never meet there leave (``_without_holes``), which keeps a repeat-free schedule
    repeat-free, but the same golfers (the extras, or the level-mates of the holes) then hold
    the odd seats in every round: fairness is left to the tabu search."""
    if not HAVE_GOLF or time_limit <= 0:
        return None
    deadline = time.monotonic() + time_limit
    work = work if work is not None else Work(golf.SOLVE_WORK)
    groups, people = len(sizes), sum(sizes)
    small = min(sizes)
    extras = people - groups * small
    if not extras:
        result = golf.solve(groups, small, rounds, seed=seed, time_limit=time_limit, work=work)
        return _lists(result.rounds), str(result.method)
    if any(odd):
        most = -(-rounds * sum(s for s, o in zip(sizes, odd) if o) // people) + 1
        levels = level_rounds(list(sizes), list(odd), rounds, most, seed, deadline, work.share(LEVELS_SHARE))
        if levels is not None:
            return _lists(levels), "affine-levels"
        turning = uneven_rounds(list(sizes), list(odd), rounds, most, seed, deadline, work=work.share(UNEVEN_SHARE))
        if turning is not None:
            return _lists(turning), "rotational-uneven"
    return _from_even(sizes, rounds, seed=seed, deadline=deadline, rng=rng, work=work)


def golf_candidates(
    sizes: Sequence[int],
    rounds: int,
    *,
    seed: int,
    time_limit: float,
    rng: np.random.Generator,
    odd: Sequence[bool] | np.ndarray,  # the planner's is an array of bools
    work: Work | None = None,
) -> list[tuple[Rounds, str]]:
    """The schedules worth relabelling: the one with turning odd groups when it is found (the
    one from an even schedule seats its extras in the odd groups every round, which the odd-seat
    charge, far above a same-team pair, would reject anyway), else the one ``golf_rounds`` has."""
    found = golf_rounds(sizes, rounds, seed=seed, time_limit=time_limit, rng=rng, odd=odd, work=work)
    return [found] if found else []


def _from_even(
    sizes: Sequence[int], rounds: int, *, seed: int, deadline: float, rng: np.random.Generator, work: Work
) -> tuple[Rounds, str]:
    groups, people = len(sizes), sum(sizes)
    small = min(sizes)
    extras = people - groups * small
    if 2 * extras > groups:
        result = golf.solve(groups, small + 1, rounds, seed=seed, time_limit=_left(deadline), work=work.share(0.5))
        holes = _without_holes(_lists(result.rounds), groups - extras, rng)
        if holes is not None:
            return holes, f"{result.method}+holes"
    result = golf.solve(groups, small, rounds, seed=seed, time_limit=_left(deadline), work=work)
    repeats, seated = _seat_extras(_lists(result.rounds), groups * small, extras, rng)
    if repeats:  # the tightest designs leave an extra no group it has not met: try a transversal one
        from rituals.core.rotation.golf.catalog import transversal_rounds

        built = transversal_rounds(groups, small, rounds, _left(deadline))
        if built and len(built[0]) == rounds:
            again, there = _seat_extras(_lists(built[0]), groups * small, extras, rng)
            if again < repeats:
                return there, f"{built[1]}+extras"
    return seated, f"{result.method}+extras"


def _left(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.0)


def _lists(rounds: Sequence[Sequence[Sequence[int]]]) -> Rounds:
    return [[list(map(int, g)) for g in rnd] for rnd in rounds]


def _without_holes(structure: Rounds, holes: int, rng: np.random.Generator) -> Rounds | None:
    """``structure`` less ``holes`` golfers who never share a group (so no group loses two),
    the others numbered 0.. again; None when a few greedy tries find no such golfers."""
    n = sum(len(g) for g in structure[0])
    met = _together(structure, n) > 0
    for _ in range(EXTRA_TRIES):
        chosen: list[int] = []
        for golfer in rng.permutation(n):
            if not met[golfer, chosen].any():
                chosen.append(int(golfer))
                if len(chosen) == holes:
                    gone = set(chosen)
                    number = {g: i for i, g in enumerate(x for x in range(n) if x not in gone)}
                    return [
                        sorted(([number[x] for x in g if x not in gone] for g in groups), key=len, reverse=True)
                        for groups in structure
                    ]
    return None


def _seat_extras(structure: Rounds, base: int, extras: int, rng: np.random.Generator) -> tuple[int, Rounds]:
    """Golfers base..base+extras-1 added one per group, each choosing in each round the group
    that holds the fewest people they already met (a solved schedule keeps its groups apart
    across rounds, so an extra who meets new people every round usually exists); the seating
    with the fewest repeats of a few tries wins (with how many), larger groups first."""
    best: tuple[int, Rounds] | None = None
    for _ in range(EXTRA_TRIES):
        met: list[set[int]] = [set() for _ in range(extras)]
        repeats, seated = 0, []
        for groups in structure:
            free = list(rng.permutation(len(groups)))
            joined: dict[int, int] = {}
            for x in rng.permutation(extras):
                g = min(free, key=lambda g: len(met[x].intersection(groups[g])))
                free.remove(g)
                repeats += len(met[x].intersection(groups[g]))
                met[x].update(groups[g])
                joined[g] = base + int(x)
            grown = [members + [joined[g]] if g in joined else list(members) for g, members in enumerate(groups)]
            seated.append(sorted(grown, key=len, reverse=True))
        if best is None or repeats < best[0]:
            best = (repeats, seated)
        if repeats == 0:
            break
    assert best is not None
    return best


def anneal_relabel(
    structure: Rounds,
    pair_cost: np.ndarray,
    rng: np.random.Generator,
    deadline: float,
    *,
    moves: int,
    work: Work | None = None,
) -> Rounds:
    """``structure`` with golfer i played by the person that lowers the pair costs most, found by
    simulated annealing over swaps of two people's positions in the whole series (from the
    identity, so never worse than ``structure``). The cooling is counted in moves, not seconds,
    so a seed gives the same result on any machine (``deadline``, a safety cap, only cuts it
    short); the moves made are charged to ``work``.
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
    done = 0
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
    if work is not None:
        work.spend(RELABEL_MOVE_WORK * done)
    return [[[int(best_person[i]) for i in members] for members in groups] for groups in structure]


def _together(structure: Rounds, n: int) -> np.ndarray:
    together = np.zeros((n, n), dtype=np.float64)
    for groups in structure:
        for members in groups:
            idx = np.asarray(members)
            together[np.ix_(idx, idx)] += 1
    np.fill_diagonal(together, 0)
    return together
