"""Starting plans for the tabu search: the greedy plan, or a whole schedule relabelled onto the
people when it costs less (teams on the levels of a transversal design, or a Social Golfer
schedule from ``golf``). ``plan_rounds`` asks ``better_start`` once per plan.
"""

from __future__ import annotations

import time

import numpy as np

from rituals.core.rotation.costs import CostModel
from rituals.core.rotation.relabel import anneal_relabel, golf_candidates
from rituals.core.rotation.search import ANNEAL_MOVES_PER_PERSON
from rituals.core.rotation.series import Series
from rituals.core.rotation.sizes import repeat_free_bound
from rituals.core.rotation.teams import team_level_rounds
from rituals.core.rotation.work import Work

# Up to this many people the Social Golfer solver is asked (its table goes to 150); above, our
# own search, whose cost per step is known. At 120, rosters of 121 to 150 people missed the
# schedules the solver builds at once (docs/rotation.md, "Where the schedules of design theory
# come in": 144 people in twelves for 7 weeks, no teams, had 3 clean rounds in 12 s, now 7 in
# 0.5 s through ``rituals rotate``).
GOLF_MAX_PEOPLE = 150
GOLF_MAX_PAIRS = 300  # pairs come from the circle method, instantly
GOLF_SHARE = 0.6  # of the work left, when the exact solver is asked


def better_start(
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
) -> tuple[Series, str, bool]:
    """The greedy plan ``series``, or a whole schedule relabelled onto the people if it costs less:
    teams on the levels of a transversal design, or the Social Golfer solver's; and whether the
    solver is kept as a rescue instead (``golf_starts`` after the search, see ``wants_golf``)."""
    mixing = mix == "cross-team" and bool(costs.same_team.any())
    method = "greedy+tabu"

    def consider(
        structure: list[list[list[int]]], name: str, stream: np.random.Generator, relabel: bool = True
    ) -> None:
        """Relabel a starting plan onto the people (history, places, teams); keep it if it costs less."""
        nonlocal series, method
        start = (
            _relabelled(structure, costs, sizes, odd, stream, deadline, work)
            if relabel
            else Series(costs, sizes, odd, structure)
        )
        if start.total() < series.total():
            series, method = start, name

    levels = (
        team_level_rounds(teams, sizes, rounds)
        if mixing and not forced and rounds > 1 and not series.perfect()
        else None
    )
    if levels is not None:
        # teams on the levels of a transversal design: same-team pairs a team-blind schedule
        # cannot avoid (32 people of 4 teams in fours, 7 rounds: 28 -> 0). Cheap to build;
        # relabelling costs N per move, so large rosters take it as built. Its own random stream
        # leaves the golf schedules below what they were.
        own = np.random.default_rng([seed % 2**63, 1])
        consider(levels, "team-levels+tabu", own, relabel=series.n <= GOLF_MAX_PEOPLE)
    wanted = None if forced or series.perfect() else wants_golf(series, sizes, rounds, mixing, costs.history_pairs)
    if wanted == "start":
        # Uneven sizes may get two schedules (odd groups turning, or teams on levels): the
        # objective, odd-seat charges included, picks after relabelling each.
        for start, name in golf_starts(costs, sizes, odd, rounds, seed=seed, rng=rng, deadline=deadline, work=work):
            if start.total() < series.total():
                series, method = start, name
    return series, method, wanted == "rescue"


def golf_starts(
    costs: CostModel,
    sizes: list[int],
    odd: np.ndarray,
    rounds: int,
    *,
    seed: int,
    rng: np.random.Generator,
    deadline: float,
    work: Work,
) -> list[tuple[Series, str]]:
    """The Social Golfer solver's schedules, each relabelled onto the people, and their names."""
    cap = max(deadline - time.monotonic(), 0.0)
    relabelled = "+relabel" if costs.pair.any() else ""
    return [
        (_relabelled(structure, costs, sizes, odd, rng, deadline, work), f"golf:{golf_method}{relabelled}+tabu")
        for structure, golf_method in golf_candidates(
            sizes, rounds, seed=seed, time_limit=cap, rng=rng, odd=[bool(o) for o in odd], work=work.share(GOLF_SHARE)
        )
    ]


def _relabelled(
    structure: list[list[list[int]]],
    costs: CostModel,
    sizes: list[int],
    odd: np.ndarray,
    stream: np.random.Generator,
    deadline: float,
    work: Work,
) -> Series:
    """A whole schedule relabelled onto the people (history, places, teams) by annealing."""
    moves = ANNEAL_MOVES_PER_PERSON * sum(sizes)
    return Series(costs, sizes, odd, anneal_relabel(structure, costs.pair, stream, deadline, moves=moves, work=work))


def wants_golf(series: Series, sizes: list[int], rounds: int, mixing: bool, met_before: np.ndarray) -> str | None:
    """Whether to ask the exact solver: for a starting plan ("start"), only if the search from
    the greedy plan still repeats ("rescue"), or not (None).

    Near the counting bound, a starting plan, when the greedy plan repeats or there are teams to
    mix: a solved schedule leaves whole classes of people apart (the levels of a transversal
    design never meet), and relabelling seats each team in one of them, which local search from
    the greedy plan does not find (37 people in 6 teams: about 12 same-team pairs against 33).

    Far from it, only when the greedy plan repeats, and only while the history leaves room for a
    plan with no repeat: the most people anyone has met before (``met_before``, pair by pair)
    plus the new partners of ``rounds`` rounds stays within the roster. Large groups are algebra even far from the
    bound (10 groups of 10 for 4 rounds are two orthogonal Latin squares; the tabu search alone
    stops at 3), and a schedule relabelled onto people who met a little dodges their past. When
    the history is full, a schedule blind to it cost mixing (61 people of 9 teams in fours after
    26 past rounds: 6 same-team pairs on one seed of five, against 0). With teams to mix, far
    from the bound, the search from the greedy plan comes first and the solver only rescues it:
    as a start, its share of the work and a start that ends worse cost 2 of 14 random rosters a
    clean round. Large rosters stay with the tabu search, whose cost per step is known."""
    if len(sizes) < 2 or rounds < 2:
        return None
    if series.n > (GOLF_MAX_PAIRS if min(sizes) == 2 else GOLF_MAX_PEOPLE):
        return None
    if 2 * rounds > repeat_free_bound(series.n, sizes):
        return "start" if series.repeat_pairs() > 0 or mixing else None
    if series.repeat_pairs() > 0 and int(met_before.sum(axis=1).max()) + rounds * (max(sizes) - 1) <= series.n - 1:
        return "rescue" if mixing else "start"
    return None
