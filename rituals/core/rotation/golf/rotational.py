"""Rotational schedules for the Social Golfer Problem, found by local search on differences.

Golfers are ``levels`` copies of the cyclic group Z_m, numbered ``level * m + x``, plus a few
fixed golfers (the "infinity" points) numbered from ``m * levels``. We look for a few base
rounds; each base round, with every cyclic golfer shifted by t = 0..m-1 (fixed golfers stay
put), gives m rounds. Shifting preserves differences, so the developed rounds never repeat a
pair exactly when, over all base rounds, each *difference key* is used at most once:

* a pair within one level uses the class {d, -d}, never d = m/2 (that pair would come back
  after m/2 shifts);
* a pair across levels i < j uses the difference y - x;
* a fixed golfer meets at most one golfer of each level, and never another fixed golfer.

This is how Kirkman's schoolgirls (5-3-7) are classically built. The search reaches 6-3-8
(Z_4 x 4 levels + 2 fixed golfers, two base rounds), 10-3-13, 8-3-11, 6-4-7 and 7-4-9 within
seconds, where plain local search on the whole schedule struggles: the search space is m
times smaller. It is the same conflict-directed tabu as ``golf_tabu``, with "pair met twice"
replaced by "difference key used twice". Layouts with no spare key (1-rotational designs
such as 10-4-13 over Z_13) are much harder for it, and a layout may have no solution at all
(6-3-8 over Z_8 has none), which the search cannot tell: layouts are tried in turns.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from math import comb

from rituals.core.rotation.golf.keys import KeyTabu
from rituals.core.rotation.work import Work

Round = list[list[int]]
TIGHTEN_STEPS = 1500  # moves spent on fewer pairs within a level, once a schedule is found
FITTING = 2  # layouts that give just the rounds asked, searched first
FITTING_STEPS = 1000  # moves each gets before the turns
MAX_GOLFERS = 200  # beyond, building key tables and each move cost too much for a budget


def layouts(groups: int, size: int, rounds: int) -> list[tuple[int, int, int, int]]:
    """Candidate (m, levels, fixed, bases) with just enough difference keys, tightest first."""
    found = _candidates(groups, size, rounds)
    return [(m, levels, fixed, bases) for _, bases, m, levels, fixed in sorted(found)]


def fitting_layouts(groups: int, size: int, rounds: int) -> list[tuple[int, int, int, int]]:
    """The layouts whose bases give just the rounds asked (bases * m = rounds): fewest bases
    first (one base round is the smallest search), then the most spare keys.

    A tight layout gives the most rounds its keys allow, which is how designs are built; but
    when its bases give more rounds than asked, all of them must still be repeat-free. A
    layout that gives exactly the rounds asked, with keys to spare, is often solved at once:
    10-5-8 over Z_8, 10-8-5 over Z_5 and 21-7-13 over Z_13 take a few hundred moves, 14-7-9
    over Z_9 a few thousand, where the tightest layouts (Z_16, Z_17, ...) ask for more rounds
    than anyone knows how to reach.
    """
    found = [c for c in _candidates(groups, size, rounds) if c[1] * c[2] == rounds]
    return [(m, levels, fixed, bases) for _, bases, m, levels, fixed in sorted(found, key=lambda c: (c[1], -c[0]))]


def _candidates(groups: int, size: int, rounds: int) -> list[tuple[int, int, int, int, int]]:
    """(spare keys, bases, m, levels, fixed) of every layout whose keys suffice for the rounds."""
    golfers, pairs = groups * size, groups * comb(size, 2)
    found = []
    for levels in range(1, golfers + 1):
        for fixed in range(0, groups + 1):
            m, rest = divmod(golfers - fixed, levels)
            if rest or m < 3 or (fixed and levels < size - 1):
                continue
            bases = -(-rounds // m)
            keys = _keys(m, levels, fixed)
            if keys >= bases * pairs:
                found.append((keys - bases * pairs, bases, m, levels, fixed))
    return found


def _keys(m: int, levels: int, fixed: int) -> int:
    """Difference keys of a layout: {d, -d} within a level (d != m / 2), y - x across two
    levels, and a fixed golfer with each level."""
    return levels * ((m - 1) // 2) + comb(levels, 2) * m + fixed * levels


def rotational_rounds(
    groups: int,
    size: int,
    rounds: int,
    seed: int,
    deadline: float,
    tries: int = 4,
    tick: Callable[[], None] | None = None,
    work: Work | None = None,
) -> list[Round] | None:
    """``rounds`` repeat-free rounds developed from rotational base rounds, or None.

    The first ``FITTING`` layouts that give just the rounds asked get a head start of
    ``FITTING_STEPS`` moves each; then they and the tightest ``tries`` layouts are searched in
    turns with growing step budgets, so a layout that has no solution (which the search cannot
    prove) does not starve the others. Each layout has its own random stream, so the answer
    depends on the seed, not on the clock. The search gives up once it has spent ``work``
    (``deadline`` is only a safety cap).
    """
    if groups * size > MAX_GOLFERS:
        return None
    work = work or Work()
    tight = layouts(groups, size, rounds)[:tries]
    fitting = [layout for layout in fitting_layouts(groups, size, rounds)[:FITTING] if layout not in tight]
    searches = []
    for i, layout in enumerate(tight + fitting):
        if time.monotonic() > deadline:
            return None
        searches.append(KeyTabu(groups, size, *layout, random.Random(seed * 7919 + i)))
    for search in searches[len(tight) :]:
        if search.run(deadline, FITTING_STEPS, work):
            return _developed(search, rounds)
    budget = 200
    while searches and not work.done and time.monotonic() < deadline:
        for search in searches:
            if tick:
                tick()
            if search.run(deadline, search.step + budget, work):
                return _developed(search, rounds)
        budget = budget * 3 // 2
    return None


def _developed(search: KeyTabu, rounds: int) -> list[Round]:
    developed = [_shift(base, t, search.m, search.levels) for base in search.bases for t in range(search.m)]
    return developed[:rounds]


def uneven_rounds(
    sizes: list[int],
    odd: list[bool],
    rounds: int,
    most: int,
    seed: int,
    deadline: float,
    tries: int = 4,
    work: Work | None = None,
) -> list[Round] | None:
    """Rotational rounds for groups of ``sizes`` in which nobody sits in an ``odd`` group more
    than ``most`` times, or None once ``work`` is spent. The layouts are those whose keys suffice
    and whose odd seats, spread evenly over the levels, give each golfer at most ``most`` of them."""
    golfers, pairs = sum(sizes), sum(comb(s, 2) for s in sizes)
    seats = sum(s for s, o in zip(sizes, odd) if o)
    plain = [s for s, o in zip(sizes, odd) if not o]
    if golfers > MAX_GOLFERS or not seats or not plain:
        return None
    found = []
    for levels in range(1, golfers + 1):
        for fixed in range(0, len(plain) + 1):  # fixed golfers never meet: one per plain group
            m, rest = divmod(golfers - fixed, levels)
            if rest or m < 3 or (fixed and levels < max(plain) - 1):
                continue
            bases = -(-rounds // m)
            keys = _keys(m, levels, fixed)
            if keys >= bases * pairs and -(-seats // levels) * bases <= most:
                found.append((keys - bases * pairs, bases, m, levels, fixed))
    searches = []
    for i, (_, bases, m, levels, fixed) in enumerate(sorted(found)[:tries]):
        rng = random.Random(seed * 7919 + i)
        searches.append(KeyTabu(len(sizes), max(sizes), m, levels, fixed, bases, rng, list(odd), list(sizes)))
    work = work or Work()
    budget = 200
    while searches and not work.done and time.monotonic() < deadline:
        for search in searches:
            if search.run(deadline, search.step + budget, work):
                m, levels = search.m, search.levels
                chosen = _fewest_within_levels(search, deadline, work)
                developed = [_shift(base, t, m, levels) for base in chosen for t in range(m)]
                return [sorted(groups, key=len, reverse=True) for groups in developed[:rounds]]
        budget = budget * 3 // 2
    return None


def _fewest_within_levels(search: KeyTabu, deadline: float, work: Work) -> list[Round]:
    """From a solution, ask for one pair within a level fewer at a time (``TIGHTEN_STEPS`` in
    all); the last solution wins. Without this, levels meet as often as across, and a team
    seated on a level would meet itself about a dozen times more over 8 rounds (37 people)."""
    best = [[list(g) for g in base] for base in search.bases]
    fixed = len(search.kind) - search.m * search.levels
    plain = sorted((s for s, o in zip(search.sizes, search.odd) if not o), reverse=True)
    sizes = [s for s, o in zip(search.sizes, search.odd) if o] + [s - (i < fixed) for i, s in enumerate(plain)]
    floor = 0  # pairs within a level no base round avoids: levels spread evenly in each group
    for size in sizes:
        q, r = divmod(size, search.levels)
        floor += r * comb(q + 1, 2) + (search.levels - r) * comb(q, 2)
    until = search.step + TIGHTEN_STEPS
    while search.pure_uses > floor * len(best):
        search.allow = search.pure_uses - 1
        search.restart(best)
        search.best_cost, search.best, search.stable = search.cost, best, 0
        search.tabu.clear()
        if not search.run(deadline, until, work):
            break
        best = [[list(g) for g in base] for base in search.bases]
    return best


def _shift(base: Round, t: int, m: int, levels: int) -> Round:
    cyclic = m * levels
    return sorted(sorted(x if x >= cyclic else x - x % m + (x % m + t) % m for x in group) for group in base)
