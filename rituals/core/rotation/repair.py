"""Repairing one planned round when people leave it (absent, paused, removed, forgotten) or come
back, changing as few groups as possible.

A lead who marks one person absent expects that person's partner to be looked after, not 56 of
60 people to get new partners. So the groups without anyone leaving stay as they are; a group
that keeps two people or more simply shrinks (a trio becomes a pair); a person left alone is
placed, as is anyone joining: into another group, or with another person left alone. A pair
never becomes one person alone.

Where each lone person goes is the cheapest choice by ``cost`` (the caller's price of two
people sharing a group: repeats of the history and of the other planned rounds, teams, None for
a pair that must never meet: an exclusion, or two offices of an in-person ritual), plus a price
for each group that changes (``CHANGE``) and for each seat above the ritual's size
(``CROWDED``). Up to ``EXHAUSTIVE`` lone people are placed by trying every choice (a test holds
the result to a brute force over every partition); more (a mass absence) one after the other,
each at its cheapest place, which may be a new group with another lone person.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

PairCost = Callable[[str, str], "float | None"]
CHANGE = 1.0  # a group that changes costs as much as one same-team pair (see docs/rotation.md)
CROWDED = 2.0  # each seat above the ritual's size
GREEDY_RETRIES = 50  # other orders tried when a greedy pass leaves someone unplaced
CANDIDATES = 8  # groups tried for each lone person when trying every choice
EXHAUSTIVE = 3  # lone people placed by trying every choice: (groups + 3) ** 3 choices at most


@dataclass(frozen=True, slots=True)
class Repair:
    """The repaired round: ``groups`` keep the order of the round they came from (a group that
    emptied is gone, new groups come last); ``changed`` are the indexes in ``groups`` of the groups
    whose members changed; ``unplaced`` are people who could not be placed anywhere (only when
    fewer than two people are left, or every choice would break a rule)."""

    groups: tuple[tuple[str, ...], ...]
    changed: tuple[int, ...]
    unplaced: tuple[str, ...] = ()
    origins: tuple[int | None, ...] = ()  # per group, the index of the round's group it was; None: new

    def numbers(self, before: Sequence[int]) -> tuple[int, ...]:
        """Each group's number, given the numbers of the round's groups ``before``: a group
        keeps its number (and so its calendar event), a new group takes the next free one."""
        free = max(before, default=0) + 1
        out = []
        for origin in self.origins:
            if origin is None:
                out.append(free)
                free += 1
            else:
                out.append(before[origin])
        return tuple(out)


def repair_round(
    groups: Sequence[Sequence[str]],
    leaving: Collection[str] = (),
    joining: Sequence[str] = (),
    *,
    size: int,
    cost: PairCost,
) -> Repair:
    """The round ``groups`` without ``leaving`` and with ``joining``, changed minimally."""
    gone = set(leaving)
    kept: list[list[str]] = []
    origins: list[int | None] = []
    touched: set[int] = set()
    lone: list[str] = []
    for index, group in enumerate(groups):
        rest = [e for e in group if e not in gone]
        if len(rest) == len(group):
            kept.append(list(group))
        elif len(rest) >= 2:
            touched.add(len(kept))
            kept.append(rest)
        else:
            lone += rest  # alone (or nobody): placed below
            continue
        origins.append(index)
    placed = {e for g in kept for e in g}
    lone += [e for e in joining if e not in placed and e not in lone and e not in gone]
    if not lone:
        return Repair(tuple(map(tuple, kept)), tuple(sorted(touched)), (), tuple(origins))
    choose = _best_exhaustive if len(lone) <= EXHAUSTIVE else _best_greedy
    found = choose(kept, touched, lone, size, cost)
    new = len(found.groups) - len(origins)
    return dataclasses.replace(found, origins=(*origins, *([None] * new)))


# A choice gives each lone person a target: an index into the kept groups, or ``NEW + k`` for the
# k-th new group made of lone people only.
NEW = 1 << 20


def _apply(kept: list[list[str]], touched: set[int], lone: list[str], targets: Sequence[int]) -> Repair:
    out = [list(g) for g in kept]
    changed = set(touched)
    fresh: dict[int, list[str]] = {}
    for person, target in zip(lone, targets):
        if target >= NEW:
            fresh.setdefault(target, []).append(person)
        else:
            out[target].append(person)
            changed.add(target)
    for key in sorted(fresh):
        changed.add(len(out))
        out.append(fresh[key])
    return Repair(tuple(map(tuple, out)), tuple(sorted(changed)))


def _price(
    kept: list[list[str]], touched: set[int], lone: Sequence[str], targets: Sequence[int], size: int, cost: PairCost
) -> float | None:
    """The price of one choice, None when it breaks a rule (a forbidden pair, someone alone)."""
    joined: dict[int, list[str]] = {}
    for person, target in zip(lone, targets):
        joined.setdefault(target, []).append(person)
    total = 0.0
    for target, newcomers in joined.items():
        if target >= NEW and len(newcomers) < 2:
            return None
        old = [] if target >= NEW else kept[target]
        members = old + newcomers
        for i, person in enumerate(newcomers):
            for other in old + newcomers[:i]:
                price = cost(person, other)
                if price is None:
                    return None
                total += price
        total += CROWDED * (max(0, len(members) - size) - max(0, len(old) - size))  # seats it adds over size
        if target >= NEW or target not in touched:
            total += CHANGE
    return total


def _best_exhaustive(kept: list[list[str]], touched: set[int], lone: list[str], size: int, cost: PairCost) -> Repair:
    """Every choice, each lone person limited to their ``CANDIDATES`` cheapest groups (on a
    session of a hundred groups, three lone people would otherwise mean a million choices)."""
    fresh = [NEW + k for k in range(len(lone) // 2)]
    options = [_cheapest(kept, touched, person, size, cost) + fresh for person in lone]
    best: tuple[float, tuple[int, ...]] | None = None
    for targets in itertools.product(*options):
        price = _price(kept, touched, lone, targets, size, cost)
        if price is not None and (best is None or price < best[0]):
            best = (price, targets)
    if best is None:
        return _best_greedy(kept, touched, lone, size, cost)
    return _apply(kept, touched, lone, best[1])


def _cheapest(kept: list[list[str]], touched: set[int], person: str, size: int, cost: PairCost) -> list[int]:
    prices = [(_price(kept, touched, [person], [j], size, cost), j) for j in range(len(kept))]
    return [j for _, j in sorted((p, j) for p, j in prices if p is not None)[:CANDIDATES]]


def _best_greedy(kept: list[list[str]], touched: set[int], lone: list[str], size: int, cost: PairCost) -> Repair:
    """The best of a few greedy passes: the most constrained lone people first, then other orders
    (fixed, so the answer is the same every time) while someone is left unplaced."""

    def choices(person: str) -> int:
        joins = sum(all(cost(person, m) is not None for m in g) for g in kept)
        return joins + sum(cost(person, o) is not None for o in lone if o != person)

    order = sorted(lone, key=choices)
    best = _greedy_pass(kept, touched, order, size, cost)
    shuffler = random.Random(len(lone))
    for _ in range(GREEDY_RETRIES):
        if not best[1].unplaced:
            break
        shuffler.shuffle(order)
        best = min(
            best, _greedy_pass(kept, touched, order, size, cost), key=lambda found: (len(found[1].unplaced), found[0])
        )
    return best[1]


def _greedy_pass(
    kept: list[list[str]], touched: set[int], lone: list[str], size: int, cost: PairCost
) -> tuple[float, Repair]:
    """One lone person after another, each to their cheapest place: an existing group, or a new
    group with another lone person (which later lone people may join). Returns the total price."""
    total = 0.0
    groups = [list(g) for g in kept]
    changed = set(touched)
    waiting = list(lone)
    unplaced: list[str] = []
    while waiting:
        person = waiting.pop(0)
        joins = [(_price(groups, changed, [person], [j], size, cost), j) for j in range(len(groups))]
        pairs = [(_pair_price(person, other, cost), -1 - i) for i, other in enumerate(waiting)]
        found = [(p, j) for p, j in joins + pairs if p is not None]
        if not found:
            unplaced.append(person)
            continue
        price, j = min(found)
        total += price
        if j < 0:
            groups.append([person, waiting.pop(-1 - j)])
            j = len(groups) - 1
        else:
            groups[j].append(person)
        changed.add(j)
    return total, Repair(tuple(map(tuple, groups)), tuple(sorted(changed)), tuple(unplaced))


def _pair_price(a: str, b: str, cost: PairCost) -> float | None:
    price = cost(a, b)
    return None if price is None else price + CHANGE
