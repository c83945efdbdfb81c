"""The rotation engine: who meets whom, over one or several rounds.

``plan_rounds`` turns the people of a session (already without the paused and the absent), the
history of who met whom across every ritual, and the ritual's policy into groups:

1. sizes come from ``group_sizes`` (differ by at most one, never a person alone);
2. every pair gets a price (``rotation_costs``): exclusions, offices, history, teams, places;
3. a greedy plan is built round by round; when teams are to be mixed, a transversal design with
   each team on a level of its own competes with it (``rotation_teams``); near the counting
   bound, when the plan still repeats a pair or teams are to be mixed, the Social Golfer solver
   (``golf``) supplies a repeat-free series (uneven sizes by adding or removing a few golfers),
   relabelled onto the people so that it also serves teams and history (``rotation_relabel``);
   the objective picks the cheapest start;
4. a tabu search over the whole series improves it jointly (``rotation_search``), and stops
   early once no plan can cost less (the odd seats make that bound above zero);
5. the rounds are put in order (``rotation_order``): the largest set of rounds without a repeat
   among them first, the rounds that must repeat last.

Above ``DENSE_MAX_PEOPLE`` the pair costs are sparse and the rounds are planned one by one
(``rotation_large``).

Same inputs and seed, same groups, on an idle or a busy machine: every search is budgeted by
work, counted (``rotation_work``), never timed. A plan has ``effort`` times ``PLAN_WORK`` units
(about 3 s of searching on the reference machine, for the hardest instances; most stop long
before, once the plan is perfect or stops improving): the golf solver may use ``GOLF_SHARE`` of
what is left when it is asked, the tabu search gets the rest. ``time_limit`` is only a safety
cap that a normal run never reaches; ``metrics["time_capped"]`` says when one did (its groups
may then differ from run to run). Exclusions are hard: a plan that cannot keep an excluded pair
apart raises ``InvalidInput``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date
from typing import TypedDict

import numpy as np

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.rotation.ask import Ask
from rituals.core.rotation.costs import FORMATS, MIXES, TEAM, TEAM_FULL, build_costs, history_is_full, place_of
from rituals.core.rotation.explain import GroupExplanation, RepeatNote, evaluate, explain_rounds
from rituals.core.rotation.greedy import greedy_rounds
from rituals.core.rotation.large import large_rounds
from rituals.core.rotation.order import clean_first
from rituals.core.rotation.search import tabu_search
from rituals.core.rotation.series import Series
from rituals.core.rotation.sizes import group_sizes, repeat_free_bound
from rituals.core.rotation.starts import better_start, golf_starts
from rituals.core.rotation.work import Work
from rituals.locale import _

__all__ = ["Member", "Plan", "GroupExplanation", "RepeatNote", "plan_rounds", "evaluate", "group_sizes"]

MAX_ROUNDS = 250
MAX_PEOPLE = 50_000  # in fours, 4 rounds, with a history: about 7 s and 0.5 GB (docs/performance.md)
DENSE_MAX_PEOPLE = 5000  # dense N x N pair costs (about 40 bytes a pair in all); above, sparse ones (large.py)
# Work units (about a microsecond each, see rotation_work) of a plan at effort 1: what a 3 s time
# limit used to buy. 2,003 people of 8 teams, 8 rounds: ~1,480 iterations, its best plan found
# by ~1,000; 53 people of 7 teams: its best by ~750 of ~1,850 (docs/performance.md).
PLAN_WORK = 3_000_000.0
# With teams to mix far from the counting bound, the search from the greedy plan gets this share
# of the work; a solved schedule searched on gets the rest if that plan still repeats (starts.py).
# 0.3, 0.7 and 0.85 were each worse on pairs twice (docs/rotation.md).
RESCUE_FIRST = 0.5
TIME_CAP = 300.0  # seconds: the default safety cap, far above what a plan at effort 1 needs (docs/performance.md)


@frozen
class Member:
    """One person taking part. An empty location or "remote" means remote."""

    id: str
    team: str = ""
    location: str = ""


@frozen
class Plan:
    """``rounds[r][g]`` the ids of group g in round r, with its explanation at the same place."""

    rounds: list[list[tuple[str, ...]]]
    explanations: list[list[GroupExplanation]]
    metrics: dict[str, object] = field(default_factory=dict)


def plan_rounds(
    members: Sequence[Member],
    size: int,
    rounds: int = 1,
    *,
    mix: str = "cross-team",
    fmt: str = "hybrid",
    history: Mapping[frozenset[str], Sequence[date]] | None = None,
    today: date | None = None,
    excluded: Iterable[tuple[str, str]] = (),
    odd_counts: Mapping[str, int] | None = None,
    seed: int = 0,
    time_limit: float = TIME_CAP,
    effort: float = 1.0,
    progress: Callable[[float], None] | None = None,
    wishes: Mapping[tuple[str, str], float] | None = None,
) -> Plan:
    """Plan ``rounds`` rounds of groups of about ``size`` for ``members``.

    ``history`` maps a pair to the dates it met; ``today`` (required with a history) dates them.
    ``odd_counts`` says how often each person already sat in an odd-size group, so that the odd
    seats rotate. ``effort`` scales the work budget (``PLAN_WORK``); ``time_limit`` is a safety
    cap in seconds. ``progress`` receives fractions from 0 to 1 (of the tabu search's budget).
    The plan has at least as many clean leading rounds (no pair meeting twice) as the plan for
    fewer rounds would have.
    ``wishes`` maps ``(a, b)`` to what meeting b is worth to a (``costs.wish_costs``).
    """
    excluded = list(excluded)  # read more than once
    deadline = time.monotonic() + time_limit  # one safety cap for the plan and the shorter ones it asks
    plan = _plan_searched(
        members,
        size,
        rounds,
        mix=mix,
        fmt=fmt,
        history=history,
        today=today,
        excluded=excluded,
        odd_counts=odd_counts,
        seed=seed,
        time_limit=time_limit,
        effort=effort,
        progress=progress,
        wishes=wishes,
    )
    clean = count_of(plan, "rounds_repeat_free")
    if clean >= rounds - 1 or len(members) > DENSE_MAX_PEOPLE:
        return plan  # a plan for fewer rounds has at most rounds - 1 clean ones
    # More rounds must never spoil the first ones: the plan for one round fewer (asked the same
    # way, so this holds all the way down) may have more clean leading rounds; then keep those
    # and plan the rest after them. Past the counting bound + 1, the plan for bound + 1 rounds
    # stands for all the shorter ones: going down one round at a time from, say, 250 rounds
    # would cost a search a round, and no plan has more than bound clean rounds anyway.
    shorter_rounds = min(rounds - 1, repeat_free_bound(len(members), group_sizes(len(members), size)) + 1)
    left = max(deadline - time.monotonic(), 1e-3)
    options = _Options(mix=mix, fmt=fmt, excluded=excluded, seed=seed, time_limit=left, effort=effort, wishes=wishes)
    shorter = plan_rounds(members, size, shorter_rounds, history=history, today=today, odd_counts=odd_counts, **options)
    lead = count_of(shorter, "rounds_repeat_free")
    if lead <= clean:
        return plan
    return _after_prefix(
        members,
        size,
        rounds,
        shorter.rounds[:lead],
        [plan, shorter],
        history=history,
        today=today,
        odd_counts=odd_counts,
        options=options,
    )


class _Options(TypedDict):
    """How a plan asks for the shorter plans and the rounds after a kept prefix."""

    mix: str
    fmt: str
    excluded: list[tuple[str, str]]
    seed: int
    time_limit: float
    effort: float
    wishes: Mapping[tuple[str, str], float] | None


def count_of(plan: Plan, key: str) -> int:
    """A count among ``plan``'s metrics (iterations, work, clean rounds...)."""
    value = plan.metrics[key]
    assert isinstance(value, (int, float)), (key, value)
    return int(value)


def _after_prefix(
    members: Sequence[Member],
    size: int,
    rounds: int,
    prefix: list[list[tuple[str, ...]]],
    tried: list[Plan],
    *,
    history: Mapping[frozenset[str], Sequence[date]] | None,
    today: date | None,
    odd_counts: Mapping[str, int] | None,
    options: _Options,
) -> Plan:
    """``prefix`` (clean rounds) kept, the other rounds searched after it. They get the share of
    the effort their rounds are of the plan: a few rounds after a clean prefix need less search."""
    share = _Options(**{**options, "effort": options["effort"] * (rounds - len(prefix)) / rounds})
    plan = _plan_searched(
        members, size, rounds, history=history, today=today, odd_counts=odd_counts, prefix=prefix, **share
    )
    used = [*tried, plan]
    prefix_method = tried[1].metrics.get("prefix_method", tried[1].metrics["method"])  # the plan the rounds come from
    plan.metrics.update(
        method=f"{len(prefix)} clean rounds first ({prefix_method}), then {plan.metrics['method']}",
        prefix_method=prefix_method,
        iterations=sum(count_of(p, "iterations") for p in used),
        work=sum(count_of(p, "work") for p in used),
        time_capped=any(p.metrics["time_capped"] for p in used),
    )
    return plan


def _plan_searched(
    members: Sequence[Member],
    size: int,
    rounds: int = 1,
    *,
    mix: str = "cross-team",
    fmt: str = "hybrid",
    history: Mapping[frozenset[str], Sequence[date]] | None = None,
    today: date | None = None,
    excluded: Iterable[tuple[str, str]] = (),
    odd_counts: Mapping[str, int] | None = None,
    seed: int = 0,
    time_limit: float = TIME_CAP,
    effort: float = 1.0,
    progress: Callable[[float], None] | None = None,
    prefix: Sequence[Sequence[Sequence[str]]] = (),
    wishes: Mapping[tuple[str, str], float] | None = None,
) -> Plan:
    """``plan_rounds`` without its guard for the first rounds: one search for all the rounds, the
    first ones ``prefix`` as given (the search leaves them as they are)."""
    deadline = time.monotonic() + time_limit
    history = history or {}
    ids = [m.id for m in members]
    _check(ids, size, rounds, mix, fmt, time_limit, effort)
    if history and today is None:
        raise InvalidInput(_("a meeting history needs today's date to weigh how recent it is"))
    today = today or date.min
    excluded = list(excluded)
    sizes, odd = _seats(len(ids), size)
    work = Work(effort * PLAN_WORK)
    ask = Ask(
        ids, [m.team.strip() for m in members], [place_of(m.location) for m in members], sizes, odd, rounds, size,
        mix, fmt, history, today, excluded, odd_counts or {}, seed, work, deadline,
    )  # fmt: skip
    if len(ids) > DENSE_MAX_PEOPLE:  # sparse costs, a local search round by round (large.py)
        best, iterations = large_rounds(ask)
        method = "large: random+swaps"
    else:
        best, iterations, method = _search_dense(ask, prefix, wishes, progress)
    plan = [[tuple(ids[p] for p in group) for group in groups] for groups in best]
    metrics = evaluate(members, plan, mix=mix, fmt=fmt, history=history, excluded=excluded)
    metrics.update(
        method=method if len(sizes) > 1 else "single-group",
        iterations=iterations,
        work=round(work.spent),
        seed=seed,
        # past the cap, a search may have been cut short; else no search saw the clock
        time_capped=time.monotonic() >= deadline,
    )
    return Plan(plan, explain_rounds(plan, members, history, fmt, today if history else None), metrics)


def _search_dense(
    ask: Ask,
    prefix: Sequence[Sequence[Sequence[str]]],
    wishes: Mapping[tuple[str, str], float] | None,
    progress: Callable[[float], None] | None,
) -> tuple[list[list[list[int]]], int, str]:
    """The rounds (people by index), the tabu search's iterations and how the plan was found:
    a starting plan (the prefix kept, then greedy rounds, or a better whole schedule), improved
    by the tabu search, clean rounds first."""
    ids, sizes, odd, rounds, work, deadline = ask.ids, ask.sizes, ask.odd, ask.rounds, ask.work, ask.deadline
    costs = build_costs(
        ids, ask.teams, ask.places, mix=ask.mix, fmt=ask.fmt, history=ask.history, today=ask.today,
        excluded=ask.excluded, odd_counts=ask.odd_counts, wishes=wishes,
    )  # fmt: skip
    if ask.mix == "cross-team" and history_is_full(costs.history_pairs, sizes, rounds):
        costs.pair += np.float32(TEAM_FULL - TEAM) * costs.same_team  # repeats are certain: teams weigh more
        np.fill_diagonal(costs.pair, 0.0)
    seed = ask.seed
    rng = np.random.default_rng(seed % 2**63)  # any integer is a seed; numpy wants one >= 0
    index = {pid: i for i, pid in enumerate(ids)}
    start = [[[index[p] for p in g] for g in sorted(groups, key=len, reverse=True)] for groups in prefix]
    series = Series(costs, sizes, odd, greedy_rounds(costs, sizes, odd, rounds, rng, start), frozen=len(start))
    # Repeats are certain when a group outnumbers the groups (two of its members shared a group
    # the round before) or past the counting bound: then no solver can remove them all.
    forced = rounds > 1 and (max(sizes) > len(sizes) or rounds > repeat_free_bound(len(ids), sizes))
    method = "greedy+tabu"
    rescue = False
    if not start:  # whole schedules compete as starting plans; after a kept prefix, only the greedy one
        series, method, rescue = better_start(
            series, costs, ask.teams, sizes, odd, rounds, mix=ask.mix, forced=forced, seed=seed, rng=rng,
            deadline=deadline, work=work,
        )  # fmt: skip
    first = work.share(RESCUE_FIRST) if rescue else work
    scaled = (lambda f: progress(RESCUE_FIRST * f)) if rescue and progress else progress
    best, iterations = tabu_search(series, rng, deadline, work=first, progress=scaled, repeats_forced=forced)
    if rescue:  # the search from the greedy plan still repeats? a solved schedule, searched on, may not
        if series.repeat_pairs() > 0:  # the search leaves its best plan loaded in its series
            rest = work.share(1.0)
            rest_progress = (lambda f: progress(RESCUE_FIRST + (1 - RESCUE_FIRST) * f)) if progress else None
            for alt, name in golf_starts(costs, sizes, odd, rounds, seed=seed, rng=rng, deadline=deadline, work=rest):
                alt_best, more = tabu_search(
                    alt, rng, deadline, work=rest, progress=rest_progress, repeats_forced=forced
                )
                iterations += more
                if alt.total() < series.total():
                    series, best, method = alt, alt_best, name
        if progress is not None:
            progress(1.0)
    # clean rounds first, forced repeats last (after a kept prefix): the objective does not see the order
    dearer = [sum(float(costs.pair[np.ix_(g, g)].sum()) / 2 for g in groups) for groups in best]
    best = best[: len(start)] + clean_first(best[len(start) :], dearer[len(start) :])
    best = kept_apart(best, costs.excluded)
    _check_exclusions(best, ids, costs.excluded, ask.size)
    return best, iterations, method


def _seats(people: int, size: int) -> tuple[list[int], np.ndarray]:
    """The group sizes, and which groups are odd (not of the target size)."""
    sizes = group_sizes(people, size)
    odd = np.array([s != size for s in sizes])
    if odd.all():  # no group has the target size (one group, or 12 "in fives" as two sixes)
        odd[:] = False  # then nobody is singled out by an odd seat
    return sizes, odd


def _check(ids: list[str], size: int, rounds: int, mix: str, fmt: str, time_limit: float, effort: float) -> None:
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise InvalidInput(
            _("each person may take part once, but {items} appear twice").format(items=", ".join(twice[:3]))
        )
    if len(ids) > MAX_PEOPLE:
        raise InvalidInput(
            _("at most {max_people} people can be grouped at once, got {count}; split by site or team").format(
                max_people=MAX_PEOPLE, count=len(ids)
            )
        )
    if not 1 <= rounds <= MAX_ROUNDS:
        raise InvalidInput(
            _("rounds must be between 1 and {max_rounds}, got {rounds}").format(max_rounds=MAX_ROUNDS, rounds=rounds)
        )
    if mix not in MIXES:
        raise InvalidInput(_("unknown mix {mix!r}; use one of {items}").format(mix=mix, items=", ".join(MIXES)))
    if fmt not in FORMATS:
        raise InvalidInput(_("unknown format {fmt!r}; use one of {items}").format(fmt=fmt, items=", ".join(FORMATS)))
    if not time_limit > 0:
        raise InvalidInput(_("the time limit must be positive, got {time_limit}").format(time_limit=time_limit))
    if not effort > 0:
        raise InvalidInput(_("the effort must be positive, got {effort}").format(effort=effort))
    group_sizes(len(ids), size)  # raises on a bad size or too few people


def kept_apart(rounds: list[list[list[int]]], banned: np.ndarray) -> list[list[list[int]]]:
    """``rounds`` with each excluded pair the search left together (it ran out of time, or its
    price did not win) parted by a swap with someone of another group that brings no excluded
    pair together: keeping them apart is a rule, kept even at some cost in repeats."""
    for groups in rounds:
        for group in groups:
            for a, b in _together(group, banned):
                if a in group and b in group:
                    _part(groups, group, b, banned)
    return rounds


def _together(group: list[int], banned: np.ndarray) -> list[tuple[int, int]]:
    """The excluded pairs that ``group`` holds."""
    return [(a, b) for a in group for b in group if a < b and banned[a, b]]


def _part(groups: list[list[int]], group: list[int], moved: int, banned: np.ndarray) -> None:
    """Swap ``moved`` out of ``group`` with the first person of another group who meets no
    excluded partner either way (the plan stays a partition with the same sizes)."""
    stay = [p for p in group if p != moved]
    for other in groups:
        if other is group:
            continue
        for c in other:
            rest = [p for p in other if p != c]
            if not banned[c, stay].any() and not banned[moved, rest].any():
                group[group.index(moved)], other[other.index(c)] = c, moved
                return


def _check_exclusions(rounds: list[list[list[int]]], ids: list[str], banned: np.ndarray, size: int) -> None:
    """The search pays a huge price for an excluded pair and ``kept_apart`` parts what it left;
    if a plan still has one, no swap could part them: say so rather than plan it."""
    for groups in rounds:
        for group in groups:
            for a, b in _together(group, banned):
                raise InvalidInput(
                    _("cannot form groups of {size} that keep {ids} and {ids2} apart").format(
                        size=size, ids=ids[a], ids2=ids[b]
                    )
                )
