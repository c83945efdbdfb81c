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
   early once no plan can cost less (the odd seats make that bound above zero).

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

from rituals.core.frozen import frozen

from rituals.core.errors import InvalidInput
from rituals.core.rotation.costs import FORMATS, MIXES, build_costs, place_of
from rituals.core.rotation.explain import GroupExplanation, RepeatNote, evaluate, explain_rounds
from rituals.core.rotation.greedy import greedy_rounds
from rituals.core.rotation.relabel import anneal_relabel, golf_candidates
from rituals.core.rotation.search import ANNEAL_MOVES_PER_PERSON, tabu_search
from rituals.core.rotation.series import Series
from rituals.core.rotation.sizes import group_sizes, repeat_free_bound
from rituals.core.rotation.teams import team_level_rounds
from rituals.core.rotation.work import Work

__all__ = ["Member", "Plan", "GroupExplanation", "RepeatNote", "plan_rounds", "evaluate", "group_sizes"]

MAX_ROUNDS = 250
MAX_PEOPLE = 5000  # pair costs are dense N x N matrices: about 25 bytes per pair in all
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
    ``wishes`` maps ``(a, b)`` to what meeting b is worth to a (``costs.wish_costs``).
    """
    deadline = time.monotonic() + time_limit
    history = history or {}
    ids = [m.id for m in members]
    _check(ids, size, rounds, mix, fmt, time_limit, effort)
    if history and today is None:
        raise InvalidInput("a meeting history needs today's date to weigh how recent it is")
    today = today or date.min
    excluded = list(excluded)
    sizes = group_sizes(len(ids), size)
    odd = np.array([s != size for s in sizes])
    if odd.all():  # no group has the target size (one group, or 12 "in fives" as two sixes)
        odd[:] = False  # then nobody is singled out by an odd seat
    teams = [m.team.strip() for m in members]
    costs = build_costs(ids, teams, [place_of(m.location) for m in members], mix=mix, fmt=fmt, history=history,
                        today=today, excluded=excluded, odd_counts=odd_counts or {}, wishes=wishes)
    rng = np.random.default_rng(seed % 2**63)  # any integer is a seed; numpy wants one >= 0
    work = Work(effort * PLAN_WORK)
    series = Series(costs, sizes, odd, greedy_rounds(costs, sizes, odd, rounds, rng))
    method = "greedy+tabu"
    # Repeats are certain when a group outnumbers the groups (two of its members shared a group
    # the round before) or past the counting bound: then no solver can remove them all.
    forced = rounds > 1 and (max(sizes) > len(sizes) or rounds > repeat_free_bound(len(ids), sizes))
    mixing = mix == "cross-team" and bool(costs.same_team.any())
    moves = ANNEAL_MOVES_PER_PERSON * len(ids)

    def consider(structure: list[list[list[int]]], name: str, stream: np.random.Generator,
                 relabel: bool = True) -> None:
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
        consider(levels, "team-levels+tabu", own, relabel=len(ids) <= GOLF_MAX_PEOPLE)
    if not forced and not series.perfect() and _wants_golf(series, sizes, rounds, mixing):
        cap = max(deadline - time.monotonic(), 0.0)
        # Uneven sizes may get two schedules (odd groups turning, or teams on levels): the
        # objective, odd-seat charges included, picks after relabelling each.
        relabelled = "+relabel" if costs.pair.any() else ""
        for structure, golf_method in golf_candidates(sizes, rounds, seed=seed, time_limit=cap, rng=rng, odd=odd,
                                                      work=work.share(GOLF_SHARE)):
            consider(structure, f"golf:{golf_method}{relabelled}+tabu", rng)
    best, iterations = tabu_search(series, rng, deadline, work=work, progress=progress, repeats_forced=forced)
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
    return Plan(plan, explain_rounds(plan, members, history, fmt), metrics)


def _check(ids: list[str], size: int, rounds: int, mix: str, fmt: str, time_limit: float, effort: float) -> None:
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise InvalidInput(f"each person may take part once, but {', '.join(twice[:3])} appear twice")
    if len(ids) > MAX_PEOPLE:
        raise InvalidInput(f"at most {MAX_PEOPLE} people can be grouped at once, got {len(ids)}; split by site or team")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise InvalidInput(f"rounds must be between 1 and {MAX_ROUNDS}, got {rounds}")
    if mix not in MIXES:
        raise InvalidInput(f"unknown mix {mix!r}; use one of {', '.join(MIXES)}")
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not time_limit > 0:
        raise InvalidInput(f"the time limit must be positive, got {time_limit}")
    if not effort > 0:
        raise InvalidInput(f"the effort must be positive, got {effort}")
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
            raise InvalidInput(f"cannot form groups of {size} that keep {ids[a]} and {ids[b]} apart")
