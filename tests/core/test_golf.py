"""The Social Golfer solver: valid partitions, repeat-free schedules, honest repeat counts."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.core.errors import InvalidInput
from rituals.core.rotation.golf.constructions import GaloisField, circle_rounds, subspace_rounds, transversal_rounds
from rituals.core.rotation.golf.rotational import fitting_layouts, rotational_rounds
from rituals.core.rotation.golf.solver import max_rounds, solve
from rituals.core.rotation.golf.tabu import GolfTabu


def assert_partitions(rounds, groups, size):
    for groups_ in rounds:
        assert len(groups_) == groups
        assert all(len(group) == size for group in groups_)
        assert sorted(x for group in groups_ for x in group) == list(range(groups * size))


def extra_meetings(rounds, forbidden=()):
    """Meetings beyond a pair's first, forbidden pairs counting as met; and the clean prefix."""
    seen = Counter((min(a, b), max(a, b)) for a, b in forbidden)
    repeats, prefix = 0, None
    for w, groups in enumerate(rounds):
        for group in groups:
            for pair in combinations(sorted(group), 2):
                if seen[pair]:
                    repeats += 1
                    prefix = w if prefix is None else prefix
                seen[pair] += 1
    return repeats, len(rounds) if prefix is None else prefix


@pytest.mark.parametrize(
    ("groups", "size", "rounds", "method"),
    [
        (3, 3, 4, "affine-plane"),
        (4, 4, 5, "affine-plane"),
        (5, 5, 6, "affine-plane"),
        (9, 3, 13, "affine-space"),
        (16, 4, 21, "affine-space"),
        (8, 6, 8, "transversal"),
        (13, 5, 13, "transversal"),
        (8, 4, 10, "stored-design"),
    ],
)
def test_constructions_are_repeat_free(groups, size, rounds, method):
    result = solve(groups, size, rounds, time_limit=20)
    assert_partitions(result.rounds, groups, size)
    assert len(result.rounds) == rounds
    assert extra_meetings(result.rounds) == (0, rounds)
    assert (result.repeats, result.rounds_repeat_free, result.method) == (0, rounds, method)


@pytest.mark.parametrize(("groups", "size", "rounds"), [(5, 3, 7), (6, 3, 8), (8, 3, 10), (6, 4, 7)])
def test_searched_instances_are_repeat_free(groups, size, rounds):
    result = solve(groups, size, rounds, time_limit=20)
    assert_partitions(result.rounds, groups, size)
    assert extra_meetings(result.rounds) == (0, rounds) == (result.repeats, result.rounds_repeat_free)


@pytest.mark.parametrize(("groups", "size", "rounds"), [(8, 4, 9), (9, 5, 9), (7, 4, 7), (16, 8, 17)])
def test_transversal_designs_are_repeat_free(groups, size, rounds):
    built = transversal_rounds(groups, size, rounds)
    assert built is not None and len(built) == rounds
    assert_partitions(built, groups, size)
    assert extra_meetings(built) == (0, rounds)


def test_transversal_needs_a_prime_power_at_least_the_group_size():
    assert transversal_rounds(10, 3, 5) is None
    assert transversal_rounds(3, 4, 2) is None


@pytest.mark.parametrize("golfers", range(4, 22, 2))
def test_pairs_use_the_circle_method_for_every_round(golfers):
    result = solve(golfers // 2, 2, golfers - 1, time_limit=5)
    assert result.method == "circle"
    assert_partitions(result.rounds, golfers // 2, 2)
    met = {tuple(pair) for groups in result.rounds for pair in groups}
    assert len(met) == golfers * (golfers - 1) // 2  # every pair exactly once


def test_circle_refuses_odd_counts_and_too_many_rounds():
    assert circle_rounds(7, 3) is None
    assert circle_rounds(8, 8) is None


def test_subspace_spread_gives_9_rounds_for_32_golfers_in_foursomes():
    rounds, method = subspace_rounds(8, 4, 9)
    assert method == "subspace-spread"
    assert_partitions(rounds, 8, 4)
    assert extra_meetings(rounds) == (0, 9)


def test_subspace_construction_does_not_apply_when_sizes_do_not_fit():
    assert subspace_rounds(6, 3, 5) is None  # 18 golfers is no power of 3


@pytest.mark.parametrize("q", [2, 3, 4, 5, 8, 9])
def test_galois_fields_satisfy_the_field_laws(q):
    field = GaloisField(q)
    for x in range(1, q):
        assert sum(field.mul[x][y] == 1 for y in range(q)) == 1  # one inverse each
    for a, b, c in combinations(range(q), 3):
        assert field.mul[a][field.add[b][c]] == field.add[field.mul[a][b]][field.mul[a][c]]
        assert field.add[field.add[a][b]][c] == field.add[a][field.add[b][c]]


@pytest.mark.parametrize(("groups", "size", "rounds"), [(5, 3, 7), (6, 3, 8), (6, 4, 7)])
def test_rotational_search_develops_repeat_free_rounds(groups, size, rounds):
    developed = rotational_rounds(groups, size, rounds, seed=3, deadline=float("inf"))
    assert developed is not None
    assert_partitions(developed, groups, size)
    assert extra_meetings(developed) == (0, rounds)


def test_fitting_layouts_give_just_the_rounds_asked():
    # 98 golfers over Z_9: 10 levels of 9 and 8 fixed; keys 10 * 4 + 45 * 9 + 8 * 10 = 525 for
    # 14 * 21 = 294 pairs (by hand); then three bases over Z_3 (98 = 3 * 32 + 2, 3 * 31 + 5)
    assert fitting_layouts(14, 7, 9)[:3] == [(9, 10, 8, 1), (3, 32, 2, 3), (3, 31, 5, 3)]
    assert all(m * bases == 13 for m, _, _, bases in fitting_layouts(21, 7, 13))
    assert fitting_layouts(5, 3, 7) == [(7, 2, 1, 1)]  # Kirkman's schoolgirls over Z_7 + 1 fixed


@pytest.mark.parametrize(("groups", "size", "rounds"), [(10, 5, 8), (10, 8, 5), (21, 7, 13)])
def test_solve_reaches_rounds_a_fitting_layout_gives(groups, size, rounds):
    """No construction here gives these (tabu from the Latin rectangles stopped one round
    short): one base round over Z_rounds, found in the search's head start."""
    result = solve(groups, size, rounds, seed=0, effort=0.15)
    assert_partitions(result.rounds, groups, size)
    assert extra_meetings(result.rounds) == (0, rounds)


def test_tabu_search_repairs_a_greedy_schedule():
    search = GolfTabu(4, 3, [], set(), random.Random(1))
    for _ in range(4):
        search.add_round(search.greedy_round())
    rounds = search.search(deadline=float("inf"))
    assert_partitions(rounds, 4, 3)
    assert extra_meetings(rounds) == (0, 4)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), swaps=st.integers(1, 40))
def test_tabu_cost_stays_equal_to_a_recount_after_swaps(seed, swaps):
    rng = random.Random(seed)
    forbidden = {(0, 1), (2, 5)}
    search = GolfTabu(3, 4, [], forbidden, rng)
    for _ in range(4):
        search.add_round(search.greedy_round())
    for _ in range(swaps):
        w = rng.randrange(4)
        ka, kb = rng.sample(range(3), 2)
        search.swap(w, rng.choice(search.members[w][ka]), rng.choice(search.members[w][kb]))
    assert search.cost == extra_meetings(search.snapshot(), forbidden)[0]


def test_forbidden_pairs_never_meet_when_avoidable():
    # 4 of the 5 rounds of AG(2, 4): the forbidden pairs fit in the missing round.
    forbidden = [(0, 1), (2, 3), (4, 5), (6, 7), (0, 15)]
    result = solve(4, 4, 4, time_limit=20, forbidden=forbidden)
    assert_partitions(result.rounds, 4, 4)
    met = {pair for groups in result.rounds for group in groups for pair in combinations(sorted(group), 2)}
    assert not met & {tuple(sorted(p)) for p in forbidden}
    assert (result.repeats, result.rounds_repeat_free) == (0, 4)


def test_forbidden_pairs_that_cannot_be_avoided_are_counted_as_repeats():
    result = solve(4, 4, 5, time_limit=0.3, forbidden=[(0, 1)])  # 5 rounds meet every pair
    assert result.repeats == 1 == extra_meetings(result.rounds, [(0, 1)])[0]


def test_rounds_beyond_the_bound_repeat_as_little_as_possible():
    result = solve(2, 2, 6, time_limit=5)  # 4 golfers: 3 rounds meet everyone once
    assert_partitions(result.rounds, 2, 2)
    assert result.rounds_repeat_free == 3
    assert extra_meetings(result.rounds) == (result.repeats, 3)
    assert Counter(tuple(p) for groups in result.rounds for p in groups) == Counter(
        {pair: 2 for pair in combinations(range(4), 2)}
    )


def test_blocks_after_a_complete_design_meet_every_pair_equally_often():
    result = solve(3, 3, 12, time_limit=10)  # AG(2, 3) meets all 36 pairs in 4 rounds
    assert_partitions(result.rounds, 3, 3)
    counts = Counter(pair for groups in result.rounds for group in groups for pair in combinations(sorted(group), 2))
    assert set(counts.values()) == {3} and len(counts) == 36
    assert (result.repeats, result.rounds_repeat_free) == (72, 4)


def test_impossible_instance_still_returns_a_full_schedule_with_honest_counts():
    result = solve(2, 3, 3, time_limit=0.3)  # two triples: any second round splits one of them
    assert_partitions(result.rounds, 2, 3)
    assert len(result.rounds) == 3
    assert extra_meetings(result.rounds) == (result.repeats, result.rounds_repeat_free)
    assert result.rounds_repeat_free == 1 and result.repeats >= 4


@pytest.mark.parametrize(("groups", "size"), [(1, 4), (5, 1)])
def test_degenerate_shapes(groups, size):
    result = solve(groups, size, 3)
    assert_partitions(result.rounds, groups, size)
    expected = (2 * 6, 1) if groups == 1 else (0, 3)
    assert (result.repeats, result.rounds_repeat_free) == expected


@pytest.mark.parametrize(("groups", "size", "bound"), [(8, 4, 10), (5, 3, 7), (6, 3, 8), (10, 2, 19), (1, 5, 1)])
def test_max_rounds_is_the_counting_bound(groups, size, bound):
    assert max_rounds(groups, size) == bound


@pytest.mark.parametrize(
    "call",
    [
        lambda: solve(0, 3, 2),
        lambda: solve(3, 3, -1),
        lambda: solve(3, 3, 2, forbidden=[(0, 9)]),
        lambda: solve(3, 3, 2, forbidden=[(4, 4)]),
        lambda: solve(3, 3, 2, time_limit=-1),
        lambda: max_rounds(3, 1),
    ],
)
def test_bad_arguments_are_rejected(call):
    with pytest.raises(InvalidInput):
        call()


def test_progress_reports_fractions_ending_at_one():
    seen = []
    solve(4, 3, 4, time_limit=5, progress=seen.append)
    assert seen and seen[-1] == 1.0
    assert all(0.0 <= x <= 1.0 for x in seen)


# Shapes with the most rounds known to be repeat-free: the search always ends before its limit.
FEASIBLE = {(2, 2): 3, (3, 2): 5, (4, 2): 7, (3, 3): 4, (4, 3): 4, (4, 4): 5, (5, 3): 7}


@settings(max_examples=15, deadline=None)
@given(shape=st.sampled_from(sorted(FEASIBLE)), data=st.data(), seed=st.integers(0, 99))
def test_feasible_instances_are_repeat_free_and_deterministic(shape, data, seed):
    groups, size = shape
    rounds = data.draw(st.integers(1, FEASIBLE[shape]))
    first = solve(groups, size, rounds, seed=seed, time_limit=60)
    again = solve(groups, size, rounds, seed=seed, time_limit=60)
    assert_partitions(first.rounds, groups, size)
    assert (first.repeats, first.rounds_repeat_free) == (0, rounds) == extra_meetings(first.rounds)
    assert (again.rounds, again.method) == (first.rounds, first.method)


@settings(max_examples=10, deadline=None)
@given(groups=st.integers(1, 4), size=st.integers(1, 4), rounds=st.integers(0, 8), seed=st.integers(0, 99))
def test_any_small_instance_gives_a_valid_schedule_with_honest_counts(groups, size, rounds, seed):
    result = solve(groups, size, rounds, seed=seed, time_limit=0.2)
    assert len(result.rounds) == rounds
    assert_partitions(result.rounds, groups, size)
    assert extra_meetings(result.rounds) == (result.repeats, result.rounds_repeat_free)


@settings(max_examples=10, deadline=None)
@given(data=st.data(), seed=st.integers(0, 99))
def test_history_is_counted_honestly(data, seed):
    groups, size = data.draw(st.sampled_from([(3, 2), (3, 3), (4, 3), (4, 4)]))
    golfers = groups * size
    pair = st.tuples(st.integers(0, golfers - 1), st.integers(0, golfers - 1)).filter(lambda p: p[0] != p[1])
    forbidden = data.draw(st.lists(pair, max_size=12))
    result = solve(groups, size, data.draw(st.integers(1, 4)), seed=seed, time_limit=0.2, forbidden=forbidden)
    assert_partitions(result.rounds, groups, size)
    assert extra_meetings(result.rounds, forbidden) == (result.repeats, result.rounds_repeat_free)
