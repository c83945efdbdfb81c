"""The Social Golfer Problem: ``groups`` groups of ``size`` golfers for ``rounds`` rounds, no
pair of golfers meeting twice.

The rotation engine calls :func:`solve` for the "pure" case (everyone present, equal groups)
and relabels golfers 0..n-1 onto people. Pairs in ``forbidden`` count as already met (history),
so meeting them again counts as a repeat. :func:`max_rounds` is the counting bound.

How the repeat-free block (up to max_rounds rounds) is built, first that works:

1. the longest construction of design theory (instant, ``catalog``): the circle method for
   pairs; Kirkman and nearly Kirkman triple systems for every size up to 150 (11-3-16,
   20-3-29), resolvable (v, 4, 1) designs and group divisible designs with groups of four
   (10-4-13, 9-4-11), stored as base rounds developed over a group (``bases``); affine
   geometries and subspace spreads (4-4-5, 16-4-21); mutually orthogonal Latin squares for n
   groups of n (10-10-4, 12-12-7) and resolvable transversal designs (8-6-8, 12-6-13); or a
   stored schedule (8-4-10). docs/golf.md lists them with their sources;
2. a short greedy + tabu run (settles the easy instances, e.g. 5-3-7, 8-3-10, 25-4-6);
3. a rotational schedule, found by local search on the differences of a few base rounds
   (6-3-8, 10-3-13, 6-4-7, 7-4-9, ...), with a third of the time left, the layouts whose base
   rounds give just the rounds asked first (10-5-8, 22-6-16, 21-7-13); see ``golf_rotational``;
4. tabu search (Dotú & Van Hentenryck) growing the schedule one round at a time, so that
   when time runs out we hold the longest repeat-free schedule found; the remaining rounds
   are then filled with as few repeats as we can; see ``golf_tabu``.

With ``forbidden`` pairs, a constructed schedule is relabelled to dodge them and repaired by
tabu search if some remain. Extending a schedule through ``forbidden`` alone can be much
harder than asking for all the rounds at once (the rounds after 5 rounds of an 8-4 spread
are algebraic needles for local search): for an unchanged roster, ask ``solve`` for the whole
horizon with the same seed and take the rounds you need, since results are deterministic.

Rounds beyond the block cannot all be repeat-free: they come in further blocks, each seeded
with the first block relabelled to meet as few old partners as possible, then repaired until
the fewest extra meetings the unmet pairs allow.

Determinism: every search is budgeted by work, counted in steps (``rotation_work``), never by
the clock, so a seed gives the same schedule on an idle or a busy machine. The budget
(``effort`` times about 30 s of searching on the reference machine, split between the phases
as above) is what impossible instances (e.g. 4-3-5), or those beyond what the search reaches,
spend; ``time_limit`` is only a safety cap, and a run that reaches it may differ.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from math import comb

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.rotational import rotational_rounds
from rituals.core.rotation.golf.tabu import GolfTabu
from rituals.core.rotation.work import Work
from rituals.locale import _

Round = list[list[int]]
RELABEL_TRIES = 64  # random relabellings tried when fitting a construction around history
QUICK_STEPS = 500  # tabu moves tried before the costlier rotational search
REPAIR_STEPS = 5000  # tabu moves to fit a rotational schedule around the history
FILL_SHARE = 0.15  # of the work left, kept to fill the rounds after the longest repeat-free prefix
LATER_BLOCKS_START = 0.6  # share of the work the first block may use when more follow
ROTATIONAL_SHARE = 1 / 3  # of the work left after the quick runs, for the rotational search
SOLVE_WORK = 30_000_000.0  # work units (about 30 s on the reference machine) at effort 1


@frozen
class SolveResult:
    """A full schedule and how good it is.

    ``rounds[w][k]`` lists the golfers (0..groups*size-1) of group k in round w; each round is
    a partition. ``repeats`` counts extra meetings (a pair meeting three times counts 2; a
    forbidden pair meeting once counts 1). ``rounds_repeat_free`` is the length of the longest
    prefix of rounds without any repeat. ``method`` names how the schedule was made.
    """

    rounds: list[Round]
    repeats: int
    rounds_repeat_free: int
    method: str
    elapsed: float


def max_rounds(groups: int, size: int) -> int:
    """The counting bound: each round a golfer meets size-1 new people out of n-1."""
    if groups < 1 or size < 2:
        raise InvalidInput(_("max_rounds needs at least one group and groups of at least 2"))
    return (groups * size - 1) // (size - 1)


def solve(
    groups: int,
    size: int,
    rounds: int,
    *,
    seed: int = 0,
    time_limit: float = 120.0,
    effort: float = 1.0,
    forbidden: Iterable[tuple[int, int]] = (),
    progress: Callable[[float], None] | None = None,
    work: Work | None = None,
) -> SolveResult:
    """A schedule of ``rounds`` rounds with as few repeats as ``effort`` allows (or ``work``, a
    budget handed down by a caller).

    ``time_limit`` is a safety cap: searches check the clock at every step, and past it only
    the remaining rounds are laid out greedily, which on large rosters (hundreds of golfers,
    many rounds) can take a few tenths of a second more. ``progress`` receives the share of the
    work spent, ending with 1.0.
    """
    started = time.monotonic()
    history = _validated(groups, size, rounds, time_limit, forbidden)
    if not effort > 0:
        raise InvalidInput(_("the effort must be positive, got {effort}").format(effort=effort))
    deadline = started + time_limit
    work = work if work is not None else Work(effort * SOLVE_WORK)

    def tick() -> None:
        if progress:
            progress(work.fraction_spent())

    rng = random.Random(seed)
    if size == 1 or groups == 1 or rounds == 0:
        schedule = [[list(range(k * size, (k + 1) * size)) for k in range(groups)] for _ in range(rounds)]
        method = "trivial"
    else:
        # Fewer groups than places in a group: round 2 must put two old group-mates together.
        first = min(rounds, 1 if groups < size else max_rounds(groups, size))
        # Rounds beyond the first block are certain to repeat: keep work for them too.
        first_work = work if first == rounds else work.share(LATER_BLOCKS_START)
        schedule, method = _first_block(groups, size, first, history, rng, seed, deadline, first_work, tick)
        pattern = schedule[: max(1, _quality(schedule, history)[1])]
        while len(schedule) < rounds:
            block = min(len(pattern), rounds - len(schedule))
            blocks_left = -(-(rounds - len(schedule)) // len(pattern))
            share = work.share(1 / blocks_left)
            schedule += _next_block(groups, size, schedule, block, history, rng, deadline, share, tick, pattern)
    if progress:
        progress(1.0)
    repeats, repeat_free = _quality(schedule, history)
    return SolveResult(schedule, repeats, repeat_free, method, time.monotonic() - started)


def _validated(
    groups: int, size: int, rounds: int, time_limit: float, forbidden: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    if groups < 1 or size < 1 or rounds < 0:
        raise InvalidInput(
            _("cannot schedule {groups} groups of {size} for {rounds} rounds").format(
                groups=groups, size=size, rounds=rounds
            )
        )
    if time_limit < 0:
        raise InvalidInput(_("the time limit cannot be negative"))
    golfers = groups * size
    pairs = set()
    for a, b in forbidden:
        if not (0 <= a < golfers and 0 <= b < golfers) or a == b:
            raise InvalidInput(
                _("forbidden pair ({a}, {b}) is not two golfers among 0..{value}").format(a=a, b=b, value=golfers - 1)
            )
        pairs.add((min(a, b), max(a, b)))
    return pairs


def _direct(groups: int, size: int, rounds: int, deadline: float) -> tuple[list[Round], str]:
    """The longest construction (possibly fewer rounds than asked, or none); its searches
    count nodes, the deadline is only the safety cap."""
    return constructed_rounds(groups, size, rounds, max(0.0, deadline - time.monotonic())) or ([], "")


def _first_block(
    groups: int,
    size: int,
    rounds: int,
    history: set[tuple[int, int]],
    rng: random.Random,
    seed: int,
    deadline: float,
    work: Work,
    tick: Callable[[], None],
) -> tuple[list[Round], str]:
    """Up to max_rounds rounds: repeat-free if we can, else the longest repeat-free prefix."""
    built, method = _direct(groups, size, rounds, deadline)
    built = _dodging(built, groups * size, history, rng)
    fallback = None
    if len(built) == rounds:
        if GolfTabu(groups, size, built, history, rng).cost == 0:
            return built, method
        # The history cannot be dodged by relabelling alone: keep the construction, with the
        # rounds that meet history pairs last, in case the searches below do no better.
        fallback = sorted(built, key=lambda groups_: _quality([groups_], history)[0]), method
    # Easy instances: a short greedy + tabu run settles them before anything costlier. A
    # partial construction can be a trap (8 transversal rounds of 8-3 leave only pairs
    # within levels, which no third round can use), so a run from scratch gets a go too.
    starts = [(built, method + "+tabu"), ([], "tabu")] if built else [([], "tabu")]
    runs: list[tuple[int, int, GolfTabu, list[Round], str]] = []
    for start, name in starts:
        search = GolfTabu(groups, size, start, history, rng)
        clean = _grow(search, rounds, [], deadline, work, tick, QUICK_STEPS)
        if len(clean) == rounds:
            return clean, name
        runs.append((len(clean), -len(runs), search, clean, name))
    _, _, search, clean, method = max(runs, key=lambda run: run[:2])
    rotational = rotational_rounds(groups, size, rounds, seed, deadline, tick=tick, work=work.share(ROTATIONAL_SHARE))
    if rotational is not None:
        repair = GolfTabu(groups, size, _dodging(rotational, groups * size, history, rng), history, rng)
        repaired = repair.search(deadline, tick=tick, max_steps=REPAIR_STEPS, work=work)
        if repair.best_cost == 0:
            return repaired, "rotational" if repair.steps == 0 else "rotational+tabu"
    clean = _grow(search, rounds, clean, deadline, work.share(1 - FILL_SHARE), tick)
    if len(clean) < rounds:
        clean += _next_block(groups, size, clean, rounds - len(clean), history, rng, deadline, work, tick)
    if fallback and _rank(fallback[0], history) > _rank(clean, history):
        return fallback
    return clean, method


def _rank(rounds: list[Round], history: set[tuple[int, int]]) -> tuple[int, int]:
    """Longer repeat-free prefix first, then fewer repeats."""
    repeats, repeat_free = _quality(rounds, history)
    return repeat_free, -repeats


def _dodging(rounds: list[Round], golfers: int, history: set[tuple[int, int]], rng: random.Random) -> list[Round]:
    """A construction relabelled to meet as few history pairs as we can find."""
    if not history or not rounds:
        return rounds
    return _relabelled(rounds, golfers, lambda a, b: (min(a, b), max(a, b)) in history, rng)


def _grow(
    search: GolfTabu,
    rounds: int,
    clean: list[Round],
    deadline: float,
    work: Work,
    tick: Callable[[], None],
    max_steps: int | None = None,
) -> list[Round]:
    """Repair, then add a greedy round, and so on until ``rounds`` rounds are repeat-free or a
    limit (``max_steps``, ``work``) is reached; the longest repeat-free schedule seen is
    returned, so stopping early still leaves the longest clean prefix we found."""
    spent = 0
    while len(clean) < rounds:
        if len(search.members) == len(clean):
            search.add_round(search.greedy_round())
            if search.cost == 0:  # the greedy round is clean already: no search, no copy
                clean = clean + [[sorted(group) for group in search.members[-1]]]
                continue
        left = None if max_steps is None else max_steps - spent
        if left is not None and left <= 0:
            break
        schedule = search.search(deadline, tick=tick, max_steps=left, work=work)
        spent += search.steps
        if search.best_cost > 0:
            break
        clean = schedule
    return clean


def _next_block(
    groups: int,
    size: int,
    done: list[Round],
    count: int,
    history: set[tuple[int, int]],
    rng: random.Random,
    deadline: float,
    work: Work,
    tick: Callable[[], None],
    pattern: list[Round] | None = None,
) -> list[Round]:
    """``count`` more rounds after ``done`` with as few extra meetings as we can find.

    They start from ``pattern`` relabelled to meet as few old partners as possible, or from
    greedy rounds, and stop early at the fewest extra meetings the unmet pairs allow.
    """
    golfers = groups * size
    search = GolfTabu(groups, size, done, history, rng)
    fixed_cost = search.cost
    meet = search.meet
    unmet = sum(1 for a in range(golfers) for b in range(a) if meet[a][b] == 0)
    if pattern:
        for groups_ in _relabelled(pattern[:count], golfers, lambda a, b: meet[a][b] ** 2, rng):
            search.add_round(groups_)
    else:
        for _ in range(count):
            search.add_round(search.greedy_round())
    floor = max(0, count * groups * comb(size, 2) - unmet)
    return search.search(deadline, target=fixed_cost + floor, first=len(done), tick=tick, work=work)[len(done) :]


def _relabelled(
    rounds: list[Round], golfers: int, penalty: Callable[[int, int], int], rng: random.Random
) -> list[Round]:
    """The schedule under the random relabelling (of a few tried) with the least penalty."""
    pairs = [(a, b) for groups in rounds for group in groups for i, a in enumerate(group) for b in group[:i]]
    best, best_score = list(range(golfers)), None
    for _try in range(RELABEL_TRIES):
        label = list(range(golfers))
        rng.shuffle(label)
        score = sum(penalty(label[a], label[b]) for a, b in pairs)
        if best_score is None or score < best_score:
            best, best_score = label, score
        if score == 0:
            break
    return [sorted(sorted(best[x] for x in group) for group in groups) for groups in rounds]


def _quality(rounds: list[Round], history: set[tuple[int, int]]) -> tuple[int, int]:
    """(extra meetings, length of the repeat-free prefix)."""
    met = set(history)
    repeats, repeat_free = 0, None
    for w, groups in enumerate(rounds):
        for group in groups:
            for i, a in enumerate(group):
                for b in group[:i]:
                    pair = (min(a, b), max(a, b))
                    if pair in met:
                        repeats += 1
                        repeat_free = w if repeat_free is None else repeat_free
                    met.add(pair)
    return repeats, len(rounds) if repeat_free is None else repeat_free
