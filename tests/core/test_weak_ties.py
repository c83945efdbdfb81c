"""A pairing is worth its weak tie: new cross-team, then old cross-team, then recent cross-team,
then same team. When history is full, the plan keeps mixing teams and says which repeats it made."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations

from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.costs import build_costs

TODAY = date(2026, 11, 23)


def price(pairs: dict[str, tuple[str, str, list[date]]]) -> dict[str, float]:
    """The pair cost of each named case, each case a pair of its own roster."""
    out = {}
    for name, (team_a, team_b, dates) in pairs.items():
        history = {frozenset(("a", "b")): dates} if dates else {}
        costs = build_costs(
            ["a", "b"],
            [team_a, team_b],
            ["remote"] * 2,
            mix="cross-team",
            fmt="hybrid",
            history=history,
            today=TODAY,
            excluded=[],
            odd_counts={},
        )
        out[name] = float(costs.pair[0, 1])
    return out


def test_the_weak_tie_order_of_a_pairing() -> None:
    week, year_ago = TODAY - timedelta(weeks=1), TODAY - timedelta(days=365)
    cost = price(
        {
            "new cross": ("A", "B", []),
            "old cross": ("A", "B", [year_ago]),
            "recent cross": ("A", "B", [week]),
            "recent and often cross": ("A", "B", [week - timedelta(weeks=i) for i in range(30)]),
            "new same": ("A", "A", []),
            "old same": ("A", "A", [year_ago]),
        }
    )
    assert cost["new cross"] == 0
    assert cost["new cross"] < cost["old cross"] < cost["recent cross"] < cost["recent and often cross"]
    assert cost["recent and often cross"] < cost["new same"] < cost["old same"]


def test_a_recent_cross_team_repeat_beats_a_new_pair_of_teammates() -> None:
    # a1 a2 of team A, b1 b2 of team B, in pairs: the two cross-team pairings met last week,
    # the teammates never met. Teammates already know each other: the plan repeats across teams.
    met = {frozenset(p): [TODAY - timedelta(weeks=1)] for p in [("a1", "b1"), ("a2", "b2"), ("a1", "b2"), ("a2", "b1")]}
    members = [Member("a1", "A"), Member("a2", "A"), Member("b1", "B"), Member("b2", "B")]
    plan = plan_rounds(members, 2, 1, history=met, today=TODAY, seed=1)
    assert plan.metrics["same_team_pairs"] == 0
    assert all("could not avoid one repeat, across teams" in e.text() for e in plan.explanations[0])


def test_when_history_is_full_teams_stay_mixed() -> None:
    # 12 people of teams 6/3/3 in threes (4 groups), 10 past rounds of random threes: nearly
    # every pair met. By hand, the team of 6 over 4 groups puts 2 people together in 2 groups
    # every round: 2 same-team pairs a round, 8 over 4 rounds, no fewer; the others need none.
    teams = ["A"] * 6 + ["B"] * 3 + ["C"] * 3
    members = [Member(f"p{i}", t) for i, t in enumerate(teams)]
    rng = random.Random(5)
    ids = [m.id for m in members]
    met: dict[frozenset[str], list[date]] = {}
    for week in range(10, 0, -1):
        rng.shuffle(ids)
        for g in range(4):
            for p in combinations(ids[3 * g : 3 * g + 3], 2):
                met.setdefault(frozenset(p), []).append(TODAY - timedelta(weeks=week))
    assert len(met) >= 50  # of 66 pairs
    plan = plan_rounds(members, 3, 4, history=met, today=TODAY, seed=2)
    same = sum(
        teams[int(a[1:])] == teams[int(b[1:])] for groups in plan.rounds for g in groups for a, b in combinations(g, 2)
    )
    assert same == 8
    texts = [e.text() for r in plan.explanations for e in r]
    assert any("all of them across teams, last met in November" in t for t in texts)
