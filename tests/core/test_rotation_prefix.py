"""Asking for more rounds never spoils the first ones: the plan for W rounds has at least as many
clean leading rounds (no pair meeting twice) as the plan for any W' < W, and the repeats that
cannot be avoided go to the last rounds."""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.order import clean_first
from rituals.core.rotation.sizes import group_sizes, repeat_free_bound


def clean_lead(rounds) -> int:
    """Leading rounds in which no pair meets twice, counted from the groups themselves."""
    seen: set[frozenset[str]] = set()
    for r, groups in enumerate(rounds):
        pairs = {frozenset(p) for g in groups for p in combinations(g, 2)}
        if pairs & seen:
            return r
        seen |= pairs
    return len(rounds)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(6, 14), k=st.integers(2, 4), teams=st.integers(0, 3), seed=st.integers(0, 10**6))
def test_more_rounds_never_spoil_the_first_ones(n: int, k: int, teams: int, seed: int) -> None:
    members = [Member(f"p{i}", f"T{i % teams}" if teams else "") for i in range(n)]
    bound = repeat_free_bound(n, group_sizes(n, k))
    best_before = 0
    for w in range(1, bound + 3):
        plan = plan_rounds(members, k, w, seed=seed, effort=0.05)
        lead = clean_lead(plan.rounds)
        assert lead >= best_before, f"{w} rounds: {lead} clean, {w - 1} rounds had {best_before}"
        assert plan.metrics["rounds_repeat_free"] == lead
        best_before = max(best_before, lead)


def test_the_clean_rounds_come_first_and_the_rest_repeat_least_first() -> None:
    # rounds as plain pairings of 0..3: A and C share no pair, B repeats A's pairs, D one of them
    a, b, c, d = [[0, 1], [2, 3]], [[0, 1], [2, 3]], [[0, 2], [1, 3]], [[0, 1], [2, 4], [3, 5]]
    assert clean_first([b, a, d, c]) == [b, c, d, a]  # {b, c} clean (b kept before c); d repeats 1, a 2
    assert clean_first([a, c], pair_cost=[5.0, 1.0]) == [c, a]  # the dearer history goes last
