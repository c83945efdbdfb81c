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

import numpy as np

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.rotation.costs import FORMATS, MIXES, CostModel, build_costs, place_of
from rituals.core.rotation.explain import GroupExplanation, RepeatNote, evaluate, explain_rounds
from rituals.core.rotation.greedy import greedy_rounds
from rituals.core.rotation.large import plan_large, sparse_costs
from rituals.core.rotation.order import clean_first
from rituals.core.rotation.relabel import anneal_relabel, golf_candidates
from rituals.core.rotation.search import ANNEAL_MOVES_PER_PERSON, tabu_search
from rituals.core.rotation.series import Series
from rituals.core.rotation.sizes import group_sizes, repeat_free_bound
from rituals.core.rotation.teams import team_level_rounds
from rituals.core.rotation.work import Work
from rituals.locale import _

__all__ = ["Member", "Plan", "GroupExplanation", "RepeatNote", "plan_rounds", "evaluate", "group_sizes"]

MAX_ROUNDS = 250
MAX_PEOPLE = 50_000  # in fours, 4 rounds, with a history: about 7 s and 0.5 GB (docs/performance.md)
DENSE_MAX_PEOPLE = 5000  # dense N x N pair costs (about 40 bytes a pair in all); above, sparse ones (large.py)
GOLF_MAX_PEOPLE = 120  # above this we keep to our own search, whose cost per step is known
GOLF_MAX_PAIRS = 300  # pairs come from the circle method, instantly
GOLF_SHARE = 0.6  # of the work left, when the exact solver is asked
# Work units (about a microsecond each, see rotation_work) of a plan at effort 1: what a 3 s time
# limit used to buy. 2,003 people of 8 teams, 8 rounds: ~1,480 iterations, its best plan found
# by ~1,000; 53 people of 7 teams: its best by ~750 of ~1,850 (docs/performance.md).
PLAN_WORK = 3_000_000.0
TIME_CAP = 60.0  # seconds: the default safety cap, far above what a plan at effort 1 needs


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
    clean = int(plan.metrics["rounds_repeat_free"])  # type: ignore[call-overload]
    if clean >= rounds - 1 or len(members) > DENSE_MAX_PEOPLE:
        return plan  # a plan for fewer rounds has at most rounds - 1 clean ones
    # More rounds must never spoil the first ones: the plan for one round fewer (asked the same
    # way, so this holds all the way down) may have more clean leading rounds; then keep those
    # and plan the rest after them. Past the counting bound + 1, the plan for bound + 1 rounds
    # stands for all the shorter ones: going down one round at a time from, say, 250 rounds
    # would cost a search a round, and no plan has more than bound clean rounds anyway.
    shorter_rounds = min(rounds - 1, repeat_free_bound(len(members), group_sizes(len(members), size)) + 1)
    left = max(deadline - time.monotonic(), 1e-3)
    options = dict(mix=mix, fmt=fmt, excluded=excluded, seed=seed, time_limit=left, effort=effort, wishes=wishes)
    shorter = plan_rounds(members, size, shorter_rounds, history=history, today=today, odd_counts=odd_counts, **options)  # type: ignore[arg-type]
    lead = int(shorter.metrics["rounds_repeat_free"])  # type: ignore[call-overload]
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
    options: dict[str, object],
) -> Plan:
    """``prefix`` (clean rounds) kept, the other rounds searched after it. They get the share of
    the effort their rounds are of the plan: a few rounds after a clean prefix need less search."""
    share = {**options, "effort": float(options["effort"]) * (rounds - len(prefix)) / rounds}  # type: ignore[arg-type]
    plan = _plan_searched(
        members, size, rounds, history=history, today=today, odd_counts=odd_counts, prefix=prefix, **share
    )  # type: ignore[arg-type]
    used = [*tried, plan]
    prefix_method = tried[1].metrics.get("prefix_method", tried[1].metrics["method"])  # the plan the rounds come from
    plan.metrics.update(
        method=f"{len(prefix)} clean rounds first ({prefix_method}), then {plan.metrics['method']}",
        prefix_method=prefix_method,
        iterations=sum(int(p.metrics["iterations"]) for p in used),  # type: ignore[call-overload]
        work=sum(int(p.metrics["work"]) for p in used),  # type: ignore[call-overload]
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
    sizes = group_sizes(len(ids), size)
    odd = np.array([s != size for s in sizes])
    if odd.all():  # no group has the target size (one group, or 12 "in fives" as two sixes)
        odd[:] = False  # then nobody is singled out by an odd seat
    teams = [m.team.strip() for m in members]
    if len(ids) > DENSE_MAX_PEOPLE:
        return _plan_large(
            members,
            size,
            rounds,
            sizes,
            odd,
            mix=mix,
            fmt=fmt,
            history=history,
            today=today,
            excluded=excluded,
            odd_counts=odd_counts or {},
            seed=seed,
            effort=effort,
            deadline=deadline,
        )
    costs = build_costs(
        ids,
        teams,
        [place_of(m.location) for m in members],
        mix=mix,
        fmt=fmt,
        history=history,
        today=today,
        excluded=excluded,
        odd_counts=odd_counts or {},
        wishes=wishes,
    )
    rng = np.random.default_rng(seed % 2**63)  # any integer is a seed; numpy wants one >= 0
    work = Work(effort * PLAN_WORK)
    index = {pid: i for i, pid in enumerate(ids)}
    start = [[[index[p] for p in g] for g in sorted(groups, key=len, reverse=True)] for groups in prefix]
    series = Series(costs, sizes, odd, greedy_rounds(costs, sizes, odd, rounds, rng, start), frozen=len(start))
    # Repeats are certain when a group outnumbers the groups (two of its members shared a group
    # the round before) or past the counting bound: then no solver can remove them all.
    forced = rounds > 1 and (max(sizes) > len(sizes) or rounds > repeat_free_bound(len(ids), sizes))
    method = "greedy+tabu"
    if not start:  # whole schedules compete as starting plans; after a kept prefix, only the greedy one
        series, method = _better_start(
            series,
            costs,
            teams,
            sizes,
            odd,
            rounds,
            mix=mix,
            forced=forced,
            seed=seed,
            rng=rng,
            deadline=deadline,
            work=work,
        )
    best, iterations = tabu_search(series, rng, deadline, work=work, progress=progress, repeats_forced=forced)
    # clean rounds first, forced repeats last (after a kept prefix): the objective does not see the order
    dearer = [sum(float(costs.pair[np.ix_(g, g)].sum()) / 2 for g in groups) for groups in best]
    best = best[: len(start)] + clean_first(best[len(start) :], dearer[len(start) :])
    _check_exclusions(series, ids, costs.excluded, size)
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


def _plan_large(
    members: Sequence[Member],
    size: int,
    rounds: int,
    sizes: list[int],
    odd: np.ndarray,
    *,
    mix: str,
    fmt: str,
    history: Mapping[frozenset[str], Sequence[date]],
    today: date,
    excluded: list[tuple[str, str]],
    odd_counts: Mapping[str, int],
    seed: int,
    effort: float,
    deadline: float,
) -> Plan:
    """Large rosters: sparse costs and a local search round by round (``rotation_large``)."""
    ids = [m.id for m in members]
    costs = sparse_costs(
        ids,
        [m.team.strip() for m in members],
        [place_of(m.location) for m in members],
        mix=mix,
        fmt=fmt,
        history=history,
        today=today,
        excluded=excluded,
    )
    odd_base = np.array([max(int(odd_counts.get(pid, 0)), 0) for pid in ids], dtype=np.float64)
    work = Work(effort * PLAN_WORK)
    rng = np.random.default_rng(seed % 2**63)
    best, tries = plan_large(costs, sizes, odd, odd_base, rounds, rng, work, deadline)
    best = clean_first(best)
    for groups in best:
        group_of = np.zeros(len(ids), dtype=np.int64)
        for g, members_of_g in enumerate(groups):
            group_of[members_of_g] = g
        for a, b in costs.excluded:
            if group_of[a] == group_of[b]:
                raise InvalidInput(
                    _("cannot form groups of {size} that keep {ids} and {ids2} apart").format(
                        size=size, ids=ids[a], ids2=ids[b]
                    )
                )
    plan = [[tuple(ids[p] for p in group) for group in groups] for groups in best]
    metrics = evaluate(members, plan, mix=mix, fmt=fmt, history=history, excluded=excluded)
    metrics.update(
        method="large: random+swaps",
        iterations=tries,
        work=round(work.spent),
        seed=seed,
        time_capped=time.monotonic() >= deadline,
    )
    return Plan(plan, explain_rounds(plan, members, history, fmt, today if history else None), metrics)


def _better_start(
    series: Series,
    costs: CostModel,
    teams: list[str],
    sizes: list[int],
    odd: np.ndarray,
    rounds: int,
    *,
    mix: str,
    forced: bool,
    seed: int,
    rng: np.random.Generator,
    deadline: float,
    work: Work,
) -> tuple[Series, str]:
    """The greedy plan ``series``, or a whole schedule relabelled onto the people if it costs less:
    teams on the levels of a transversal design, or the Social Golfer solver's."""
    mixing = mix == "cross-team" and bool(costs.same_team.any())
    moves = ANNEAL_MOVES_PER_PERSON * series.n
    method = "greedy+tabu"

    def consider(
        structure: list[list[list[int]]], name: str, stream: np.random.Generator, relabel: bool = True
    ) -> None:
        """Relabel a starting plan onto the people (history, places, teams); keep it if it costs less."""
        nonlocal series, method
        if relabel:
            structure = anneal_relabel(structure, costs.pair, stream, deadline, moves=moves, work=work)
        start = Series(costs, sizes, odd, structure)
        if start.total() < series.total():
            series, method = start, name

    levels = team_level_rounds(teams, sizes, rounds) if mixing and not forced else None
    if levels is not None:
        # teams on the levels of a transversal design: same-team pairs a team-blind schedule
        # cannot avoid (32 people of 4 teams in fours, 7 rounds: 28 -> 0). Cheap to build;
        # relabelling costs N per move, so large rosters take it as built. Its own random stream
        # leaves the golf schedules below what they were.
        own = np.random.default_rng([seed % 2**63, 1])
        consider(levels, "team-levels+tabu", own, relabel=series.n <= GOLF_MAX_PEOPLE)
    if not forced and not series.perfect() and _wants_golf(series, sizes, rounds, mixing):
        cap = max(deadline - time.monotonic(), 0.0)
        # Uneven sizes may get two schedules (odd groups turning, or teams on levels): the
        # objective, odd-seat charges included, picks after relabelling each.
        relabelled = "+relabel" if costs.pair.any() else ""
        for structure, golf_method in golf_candidates(
            sizes, rounds, seed=seed, time_limit=cap, rng=rng, odd=odd, work=work.share(GOLF_SHARE)
        ):
            consider(structure, f"golf:{golf_method}{relabelled}+tabu", rng)
    return series, method


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


def _wants_golf(series: Series, sizes: list[int], rounds: int, mixing: bool) -> bool:
    """Ask the exact solver only where it pays: a horizon near the counting bound (far from it
    the tabu search finds repeat-free plans on its own) and a greedy plan that repeats, or teams
    to mix: a solved schedule leaves whole classes of people apart (the levels of a transversal
    design never meet), and relabelling seats each team in one of them, which local search from
    the greedy plan does not find (37 people in 6 teams: about 12 same-team pairs against 33).
    Large rosters stay with the tabu search, whose cost per step is known."""
    if len(sizes) < 2 or rounds < 2:
        return False
    near_bound = 2 * rounds > repeat_free_bound(series.n, sizes)
    small = series.n <= (GOLF_MAX_PAIRS if min(sizes) == 2 else GOLF_MAX_PEOPLE)
    return near_bound and small and (series.repeat_pairs() > 0 or mixing)


def _check_exclusions(series: Series, ids: list[str], banned: np.ndarray, size: int) -> None:
    """The search pays a huge price for an excluded pair; if the best plan still has one, no
    plan keeps them apart (or the search could not find it): say so rather than plan it."""
    for a, b in np.argwhere(np.triu(banned)):
        if (series.group[:, a] == series.group[:, b]).any():
            raise InvalidInput(
                _("cannot form groups of {size} that keep {ids} and {ids2} apart").format(
                    size=size, ids=ids[a], ids2=ids[b]
                )
            )
