"""The rotation engine: legal partitions, hard constraints, repeats avoided, teams mixed, fairness."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from itertools import combinations
from math import comb

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rituals.core.errors import InvalidInput
from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.sizes import group_sizes

TODAY = date(2026, 11, 23)
FAST = dict(time_limit=0.5)


def people(n: int, teams: int = 0, place: str = "") -> list[Member]:
    return [Member(f"p{i:02d}", f"T{i % teams}" if teams else "", place) for i in range(n)]


def pairs_of(plan) -> Counter:
    return Counter(frozenset(p) for groups in plan.rounds for g in groups for p in combinations(g, 2))


# ---------------------------------------------------------------- sizes
@given(n=st.integers(2, 200), k=st.integers(2, 12))
def test_sizes_cover_everyone_differ_by_one_and_leave_nobody_alone(n: int, k: int) -> None:
    sizes = group_sizes(n, k)
    assert sum(sizes) == n
    assert max(sizes) - min(sizes) <= 1
    assert min(sizes) >= 2
    if n % k == 0:
        assert set(sizes) == {k}
    elif n > k * k:  # enough groups to absorb the remainder one seat each
        assert all(abs(s - k) <= 1 for s in sizes)


def test_odd_pairs_make_one_trio() -> None:
    assert group_sizes(7, 2) == [3, 2, 2]
    assert group_sizes(37, 4) == [5, 4, 4, 4, 4, 4, 4, 4, 4]


@pytest.mark.parametrize("n, k", [(1, 2), (0, 3), (5, 1), (5, 13)])
def test_impossible_sizes_are_refused(n: int, k: int) -> None:
    with pytest.raises(InvalidInput):
        group_sizes(n, k)


def test_one_person_cannot_be_grouped() -> None:
    with pytest.raises(InvalidInput, match="at least 2"):
        plan_rounds(people(1), 2)


def test_duplicate_people_are_refused() -> None:
    with pytest.raises(InvalidInput, match="twice"):
        plan_rounds([Member("a"), Member("a"), Member("b")], 2)


# ---------------------------------------------------------------- properties
@st.composite
def instances(draw):
    n = draw(st.integers(2, 24))
    k = draw(st.integers(2, 6))
    rounds = draw(st.integers(1, 3))
    teams = draw(st.integers(0, 4))
    ids = list(range(n))
    shuffled = draw(st.permutations(ids))
    matched = draw(st.integers(0, n // 2))
    excluded = [(f"p{shuffled[2 * i]:02d}", f"p{shuffled[2 * i + 1]:02d}") for i in range(min(matched, 3))]
    seed = draw(st.integers(-(2**40), 2**40))  # any integer, negative ones too
    return n, k, rounds, teams, excluded, seed


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_round_is_a_legal_partition_and_keeps_excluded_pairs_apart(case) -> None:
    n, k, rounds, teams, excluded, seed = case
    members = people(n, teams)
    if excluded and len(group_sizes(n, k)) == 1:
        with pytest.raises(InvalidInput, match="apart"):
            plan_rounds(members, k, rounds, excluded=excluded, seed=seed, **FAST)
        return
    plan = plan_rounds(members, k, rounds, excluded=excluded, seed=seed, **FAST)
    assert len(plan.rounds) == rounds
    banned = {frozenset(p) for p in excluded}
    for groups in plan.rounds:
        everyone = [p for g in groups for p in g]
        assert sorted(everyone) == sorted(m.id for m in members)
        assert sorted(map(len, groups), reverse=True) == group_sizes(n, k)
        for g in groups:
            assert not any(frozenset(p) in banned for p in combinations(g, 2))
    assert [len(r) for r in plan.explanations] == [len(r) for r in plan.rounds]


@settings(max_examples=5, deadline=None)
@given(n=st.integers(4, 12), k=st.integers(2, 4), seed=st.integers(0, 1000))
def test_the_same_seed_gives_the_same_plan(n: int, k: int, seed: int) -> None:
    members = people(n, 3)
    first = plan_rounds(members, k, 2, seed=seed, time_limit=30)
    again = plan_rounds(members, k, 2, seed=seed, time_limit=30)
    assert first.rounds == again.rounds


# ---------------------------------------------------------------- repeats
@pytest.mark.parametrize("n, k, rounds", [(8, 2, 7), (9, 3, 4), (16, 4, 5), (15, 3, 5)])
def test_series_is_repeat_free_while_a_repeat_free_series_exists(n: int, k: int, rounds: int) -> None:
    plan = plan_rounds(people(n), k, rounds, seed=3, time_limit=20)
    assert max(pairs_of(plan).values()) == 1
    assert plan.metrics["repeat_pairs"] == 0
    assert plan.metrics["rounds_repeat_free"] == rounds


# A fresh roster gets the best-known schedule from the planner itself, not only from the golf
# solver: far from the counting bound (large groups) and from 121 to 150 people, where the
# planner used to keep to its own search (10-10-4: 3 clean rounds, 12-12-7: 3, 37-4-49: 35).
# The figures are the literature's, counted here with the module's own pair counter.
@pytest.mark.parametrize(
    "groups, size, rounds",
    [
        (10, 10, 4),  # two orthogonal Latin squares of order 10 (Parker 1959)
        (12, 11, 6),  # five MOLS of order 12 less a row: columns and symbols (Johnson, Dulmage, Mendelsohn 1961)
        (11, 11, 12),  # the affine plane of order 11
        (12, 12, 7),  # five MOLS of order 12
        (37, 4, 49),  # a resolvable (148, 4, 1) design (Hanani, Ray-Chaudhuri, Wilson 1972)
        (50, 3, 74),  # a nearly Kirkman triple system on 150 points (Baker and Wilson 1977)
    ],
)
def test_a_fresh_roster_reaches_the_best_known_schedule(groups: int, size: int, rounds: int) -> None:
    plan = plan_rounds(people(groups * size), size, rounds, seed=1, time_limit=60)
    assert [len(g) for r in plan.rounds for g in r] == [size] * (groups * rounds)
    assert max(pairs_of(plan).values()) == 1
    assert len(pairs_of(plan)) == groups * rounds * size * (size - 1) // 2


def test_a_light_history_still_gets_a_schedule_of_design_theory() -> None:
    """144 people in twelves met in two random rounds, then ask five: five MOLS of order 12 give
    seven rounds with no pair meeting twice, and any relabelling of them keeps that, so five
    clean rounds exist whatever the past. The planner alone had 3 (86 pairs met twice); it now
    takes such a schedule and relabels it around the past."""
    rng = random.Random(7)
    ids = [p.id for p in people(144)]
    met: dict[frozenset[str], list[date]] = {}
    for week in (14, 7):
        rng.shuffle(ids)
        for g in range(12):
            for pair in combinations(ids[12 * g : 12 * g + 12], 2):
                met.setdefault(frozenset(pair), []).append(TODAY - timedelta(days=week))
    plan = plan_rounds(people(144), 12, 5, history=met, today=TODAY, seed=1, time_limit=60)
    pairs = pairs_of(plan)
    assert max(pairs.values()) == 1
    # and it dodges the past: a shuffle blind to it would meet each past pair with the chance
    # that a pair is a past one (3,960 pairs of 10,296, 1,584 of them past: about 609)
    blind = len(pairs) * len(met) / comb(144, 2)
    assert len(set(pairs) & set(met)) < blind / 2


def test_teams_far_from_the_bound_get_a_schedule_when_the_search_alone_repeats() -> None:
    """128 people of 10 teams in elevens (8 groups of 11, 4 of 10) for 5 rounds: twelve groups
    of up to 11 from five MOLS of order 12 less some seats give 5 rounds with no pair twice. The
    search from the greedy plan alone met 49 pairs twice (3 clean rounds); the solver's schedule,
    asked once that search still repeats, does not."""
    plan = plan_rounds(people(128, teams=10), 11, 5, seed=1, time_limit=60)
    assert sorted(p for groups in plan.rounds for g in groups for p in g) == sorted([m.id for m in people(128)] * 5)
    assert max(pairs_of(plan).values()) == 1


def test_history_pairs_are_avoided_when_possible() -> None:
    met = {frozenset(("p00", "p01")): [TODAY - timedelta(days=7)], frozenset(("p02", "p03")): [TODAY]}
    plan = plan_rounds(people(6), 2, 1, history=met, today=TODAY, seed=1)
    assert not set(pairs_of(plan)) & set(met)
    assert plan.metrics["history_repeats"] == 0


def test_a_forced_repeat_picks_the_pair_that_met_longest_ago() -> None:
    # Four people in pairs: three possible rounds, each pairing met before, one of them long ago.
    a, b, c, d = "p00", "p01", "p02", "p03"
    met = {
        frozenset((a, b)): [TODAY - timedelta(days=7)],
        frozenset((c, d)): [TODAY - timedelta(days=7)],
        frozenset((a, c)): [TODAY - timedelta(days=700)],
        frozenset((b, d)): [TODAY - timedelta(days=700)],
        frozenset((a, d)): [TODAY - timedelta(days=30)],
        frozenset((b, c)): [TODAY - timedelta(days=30)],
    }
    plan = plan_rounds(people(4), 2, 1, history=met, today=TODAY, seed=5)
    assert set(pairs_of(plan)) == {frozenset((a, c)), frozenset((b, d))}
    note = plan.explanations[0][0].repeats[0]
    assert note.times == 1 and note.last_met == TODAY - timedelta(days=700)
    assert "could not avoid one repeat" in plan.explanations[0][0].text()


def test_frequent_pairs_weigh_more_than_rare_ones_of_the_same_age() -> None:
    a, b, c, d = "p00", "p01", "p02", "p03"
    old = TODAY - timedelta(days=60)
    met = {frozenset(p): [old] for p in combinations((a, b, c, d), 2)}
    met[frozenset((a, b))] = [old] * 3
    met[frozenset((a, c))] = [old] * 3
    plan = plan_rounds(people(4), 2, 1, history=met, today=TODAY, seed=2)
    assert set(pairs_of(plan)) == {frozenset((a, d)), frozenset((b, c))}


# ---------------------------------------------------------------- teams and places
def test_cross_team_pairs_never_share_a_team_when_avoidable() -> None:
    members = [Member(f"a{i}", "A") for i in range(4)] + [Member(f"b{i}", "B") for i in range(4)]
    plan = plan_rounds(members, 2, 3, mix="cross-team", seed=1)
    assert plan.metrics["same_team_pairs"] == 0
    assert all(len(e.teams) == 2 for r in plan.explanations for e in r)


def test_within_team_keeps_teams_together() -> None:
    members = [Member(f"a{i}", "A") for i in range(4)] + [Member(f"b{i}", "B") for i in range(4)]
    plan = plan_rounds(members, 4, 1, mix="within-team", seed=1)
    assert sorted(e.teams for e in plan.explanations[0]) == [("A",), ("B",)]


def test_in_person_groups_stay_in_one_office_and_remote_people_meet_on_video() -> None:
    members = [Member(f"p{i}", "", "Paris") for i in range(4)] + [Member(f"r{i}", "", "") for i in range(4)]
    plan = plan_rounds(members, 4, 1, fmt="in-person", seed=4)
    assert sorted(e.places for e in plan.explanations[0]) == [("Paris",), ("remote",)]
    assert plan.metrics["split_place_pairs"] == 0


# ---------------------------------------------------------------- fairness and hard constraints
def test_the_odd_seat_goes_to_those_who_had_it_least() -> None:
    counts = {"p00": 4, "p01": 4, "p02": 4}
    plan = plan_rounds(people(5), 2, 1, odd_counts=counts, seed=8)
    trio = next(g for g in plan.rounds[0] if len(g) == 3)
    assert {"p03", "p04"} <= set(trio)


def test_the_odd_seat_rotates_over_the_rounds() -> None:
    plan = plan_rounds(people(9), 2, 3, seed=8, time_limit=5)
    in_trio = Counter(p for groups in plan.rounds for g in groups if len(g) == 3 for p in g)
    assert max(in_trio.values()) == 1


def test_an_impossible_exclusion_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="p00 and p01 apart"):
        plan_rounds(people(3), 4, excluded=[("p00", "p01")])


def test_progress_goes_from_zero_to_one() -> None:
    seen: list[float] = []
    plan_rounds(people(12, 3), 3, 2, seed=1, progress=seen.append)
    assert seen and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)


def test_explanations_count_new_pairs_and_mixed_teams() -> None:
    members = [Member("a", "Ops"), Member("b", "Sales"), Member("c", "Tech")]
    met = {frozenset(("a", "b")): [date(2026, 10, 1), date(2026, 11, 2)]}
    plan = plan_rounds(members, 3, 1, history=met, today=TODAY)
    note = plan.explanations[0][0]
    assert (note.pairs, note.new_pairs, note.teams) == (3, 2, ("Ops", "Sales", "Tech"))
    text = note.text({"a": "Ana", "b": "Bob"})
    assert "2 of 3 pairs are new" in text and "mixes 3 teams" in text
    assert "Ana & Bob (met 2 times, last 2026-11-02)" in text or "Bob & Ana (met 2 times, last 2026-11-02)" in text


def test_history_needs_today() -> None:
    with pytest.raises(InvalidInput, match="today"):
        plan_rounds(people(4), 2, history={frozenset(("p00", "p01")): [TODAY]})


def test_explanations_read_in_french_too() -> None:
    members = [Member("a", "Ops", "Paris"), Member("b", "Sales", ""), Member("c", "Ops", "Paris")]
    met = {frozenset(("a", "b")): [date(2026, 11, 2)]}
    note = plan_rounds(members, 3, 1, history=met, today=TODAY).explanations[0][0]
    text = note.text({"a": "Ana", "b": "Bob"}, "fr")
    assert text.startswith("2 paires nouvelles sur 3")
    assert "mêle 2 équipes (Ops, Sales)" in text
    assert "à distance" in text and "une répétition inévitable" in text
    assert "dernière fois le 2026-11-02" in text


def test_remote_rituals_do_not_talk_about_places() -> None:
    members = [Member("a", "", "Paris"), Member("b", "", "Lyon")]
    note = plan_rounds(members, 2, 1, fmt="remote").explanations[0][0]
    assert note.places == () and "spans" not in note.text()


def test_equal_groups_off_the_target_size_still_partition_everyone() -> None:
    # 12 people "in fives" make two groups of six: the exact solver must be asked for sixes.
    plan = plan_rounds(people(12), 5, 3, seed=3, time_limit=1)
    for groups in plan.rounds:
        assert sorted(map(len, groups)) == [6, 6]
        assert sorted(p for g in groups for p in g) == [m.id for m in people(12)]


def test_a_plan_cut_by_the_clock_still_keeps_excluded_pairs_apart() -> None:
    """The clock (a safety cap) may stop the search at once; two pairs to keep apart among ten
    people in pairs are still kept apart (by hand: any pairing that splits them will do), and
    the error "cannot keep apart" is not claimed for a roster where it is plainly possible."""
    members = people(10, 2)
    excluded = [("p00", "p01"), ("p02", "p03")]
    plan = plan_rounds(members, 2, 3, excluded=excluded, seed=1, time_limit=1e-6)
    for groups in plan.rounds:
        assert sorted(p for g in groups for p in g) == sorted(m.id for m in members)
        assert all(len(g) == 2 for g in groups)
        assert not any({*pair} <= {*g} for g in groups for pair in excluded)
