"""Large rosters: sparse costs (the same prices as the dense matrices), legal rounds that mix
teams and avoid the history, fair odd seats, exclusions, the same plan for the same seed."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from itertools import combinations

import numpy as np
import pytest

from rituals.core.errors import InvalidInput
from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.costs import build_costs
from rituals.core.rotation.large import sparse_costs
from rituals.core.rotation.plan import DENSE_MAX_PEOPLE

TODAY = date(2026, 11, 23)
N = DENSE_MAX_PEOPLE + 1000


def roster(n: int, team_size: int = 50) -> list[Member]:
    members = [Member(f"p{i}", f"T{i // team_size}") for i in range(n)]
    random.Random(n).shuffle(members)
    return members


def pair_history(members: list[Member], rounds: int, seed: int) -> dict[frozenset[str], list[date]]:
    rng = random.Random(seed)
    ids = [m.id for m in members]
    met: dict[frozenset[str], list[date]] = {}
    for week in range(rounds, 0, -1):
        rng.shuffle(ids)
        for a, b in zip(ids[::2], ids[1::2]):
            met.setdefault(frozenset((a, b)), []).append(TODAY - timedelta(weeks=week))
    return met


@pytest.mark.parametrize("mix, fmt", [("cross-team", "hybrid"), ("within-team", "in-person"), ("random", "remote")])
def test_sparse_prices_equal_the_dense_matrices(mix: str, fmt: str) -> None:
    people = [Member(f"p{i}", ["A", "B", ""][i % 3], ["Paris", "", "Lyon"][i % 4 % 3]) for i in range(24)]
    ids = [m.id for m in people]
    met = pair_history(people, 5, seed=1)
    options = dict(mix=mix, fmt=fmt, history=met, today=TODAY, excluded=[("p0", "p5"), ("p7", "p3")])
    teams = [m.team for m in people]
    places = [m.location.lower() or "remote" for m in people]
    dense = build_costs(ids, teams, places, odd_counts={}, **options)
    sparse = sparse_costs(ids, teams, places, **options)
    a, b = (x.ravel() for x in np.meshgrid(np.arange(24), np.arange(24)))
    off = a != b
    assert np.allclose(sparse.pair(a[off], b[off]), dense.pair[a[off], b[off]], rtol=1e-6)
    assert np.array_equal(sparse.repeat(a[off], b[off]), dense.repeat[a[off], b[off]])


def test_a_large_roster_mixes_teams_and_avoids_its_history() -> None:
    members = roster(N)
    met = pair_history(members, 26, seed=2)
    plan = plan_rounds(members, 2, 3, history=met, today=TODAY, seed=1)
    assert plan.metrics["method"].startswith("large")
    team = {m.id: m.team for m in members}
    seen: set[frozenset[str]] = set(met)
    for groups in plan.rounds:
        assert sorted(p for g in groups for p in g) == sorted(team)
        assert sorted(map(len, groups)) == [2] * (N // 2)
        pairs = {frozenset(g) for g in groups}
        assert not pairs & seen  # 0 repeats: of the history or of an earlier round
        assert all(team[a] != team[b] for a, b in groups)
        seen |= pairs


def test_odd_seats_of_a_large_roster_go_to_those_who_had_fewest() -> None:
    members = roster(N + 1)  # one trio a round
    veterans = {m.id: 3 for m in members[:5000]}
    plan = plan_rounds(members, 2, 4, odd_counts=veterans, seed=3)
    trios = [next(g for g in groups if len(g) == 3) for groups in plan.rounds]
    seated = Counter(p for g in trios for p in g)
    assert max(seated.values()) == 1 and not seated.keys() & veterans.keys()


def test_excluded_pairs_stay_apart_and_the_seed_decides() -> None:
    members = roster(N, team_size=N)  # one team: nothing to mix, only the exclusions count
    ids = sorted(m.id for m in members)
    excluded = [(ids[i], ids[i + 1]) for i in range(0, 400, 2)]
    first = plan_rounds(members, 4, 2, excluded=excluded, mix="random", seed=9)
    again = plan_rounds(members, 4, 2, excluded=excluded, mix="random", seed=9)
    assert first.rounds == again.rounds
    banned = {frozenset(p) for p in excluded}
    assert not any(frozenset(p) in banned for groups in first.rounds for g in groups for p in combinations(g, 2))
    assert first.metrics["excluded_together"] == 0


def test_an_impossible_exclusion_on_a_large_roster_is_a_clear_error() -> None:
    members = [Member(f"p{i}") for i in range(N)]
    everyone_but_one = [("p0", f"p{i}") for i in range(1, N)]
    with pytest.raises(InvalidInput, match="apart"):
        plan_rounds(members, 2, 1, excluded=everyone_but_one, seed=1, effort=0.05)
