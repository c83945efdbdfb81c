"""Same inputs and seed, same groups: the searches stop on counted work, not on the clock.

The reference plan is a mid-size instance that runs every search to its budget (37 people of 6
teams in fours, 12 rounds, with a history): the golf solver is asked (12 rounds is the counting
bound) and cannot make them repeat-free, so its phases spend their shares, and the tabu search
never stalls long enough to stop early.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from rituals.core.rotation import Member, Plan, plan_rounds
from rituals.core.rotation.golf.levels import level_rounds
from rituals.core.rotation.golf.rotational import uneven_rounds
from rituals.core.rotation.golf.solver import solve
from rituals.core.rotation.sizes import group_sizes
from rituals.core.rotation.work import Work

TODAY = date(2026, 11, 23)
TEAMS = [10, 7, 6, 5, 5, 4]  # 37 people


def roster() -> list[Member]:
    """Teams interleaved, so that roster order says nothing about teams."""
    members = [Member(f"t{t}p{i}@org.example", f"Team {t}") for t, n in enumerate(TEAMS) for i in range(n)]
    return members[::2] + members[1::2]


def history(members: list[Member]) -> dict[frozenset[str], list[date]]:
    """Three past weekly sessions in fours, each a different stride through the roster."""
    met: dict[frozenset[str], list[date]] = {}
    for week, stride in enumerate((1, 5, 7), 1):
        order = [members[(i * stride) % len(members)].id for i in range(len(members))]
        for start in range(0, len(order) - 3, 4):
            group = order[start : start + 4]
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    met.setdefault(frozenset((a, b)), []).append(TODAY - timedelta(weeks=week))
    return met


def plan(**limits: float) -> Plan:
    # half the default effort: the searches still run to their budgets, the tests take half as long
    members = roster()
    return plan_rounds(members, 4, 12, history=history(members), today=TODAY, seed=1, effort=0.5, **limits)


@contextmanager
def busy_machine(processes: int = 2) -> Iterator[None]:
    """Other processes spinning on the cores (the machine has two) while the block runs."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


@pytest.fixture(scope="module")
def reference() -> Plan:
    return plan()


def test_the_reference_runs_every_search_to_its_budget(reference: Plan) -> None:
    # else the tests below would prove little: a search that ends on its own never met the clock
    assert reference.metrics["repeat_pairs"] > 0  # 12 rounds of fours for 37: no solver avoids them here
    assert reference.metrics["work"] >= 1_500_000  # the whole budget of effort 0.5 (docs/performance.md)
    assert reference.metrics["time_capped"] is False


def test_the_same_plan_three_times_in_a_row(reference: Plan) -> None:
    again, third = plan(), plan()
    assert again.rounds == reference.rounds == third.rounds
    assert again.metrics == reference.metrics == third.metrics  # iterations and work included


def test_a_busy_machine_gives_the_same_plan_as_an_idle_one(reference: Plan) -> None:
    with busy_machine():
        busy = plan()
    assert busy.rounds == reference.rounds
    assert busy.metrics == reference.metrics


def test_the_safety_cap_is_not_what_ends_a_normal_run(reference: Plan) -> None:
    unbounded = plan(time_limit=1e6)
    assert unbounded.rounds == reference.rounds
    assert unbounded.metrics == reference.metrics


def test_a_run_that_reaches_the_cap_says_so() -> None:
    capped = plan(time_limit=1e-3)
    assert capped.metrics["time_capped"] is True
    assert all(sorted(p for g in groups for p in g) == sorted(m.id for m in roster()) for groups in capped.rounds)


def test_the_budget_is_what_stops_a_long_search() -> None:
    # 300 people of 3 teams in fives, 8 rounds: no golf (too many people), no team levels (60
    # groups is no prime power), and teams of 100 over 60 groups keep pairs of teammates that
    # the search goes on trying to remove for thousands of iterations. Hand
    # count with the model of docs/performance.md: one round of 300 x 300 swaps an iteration,
    # 100 + 0.04 * 90,000 = 3,700 units; effort 0.05 is 150,000 units: 40 iterations leave
    # 2,000, so a 41st starts, and the search has spent 151,700.
    members = [Member(f"p{i}", f"T{i % 3}") for i in range(300)]
    short = plan_rounds(members, 5, 8, seed=2, effort=0.05)
    assert (short.metrics["iterations"], short.metrics["work"]) == (41, 151_700)
    assert short.metrics["method"] == "greedy+tabu"
    longer = plan_rounds(members, 5, 8, seed=2, effort=0.1)
    assert longer.metrics["iterations"] == 82  # 300,000 / 3,700 = 81.1


def test_the_golf_solver_spends_its_budget_the_same_way_on_a_busy_machine() -> None:
    # 4 groups of 3 cannot play 5 rounds without a repeat: every phase spends its share
    idle = solve(4, 3, 5, seed=3, effort=0.02)
    with busy_machine():
        busy = solve(4, 3, 5, seed=3, effort=0.02)
    assert (busy.rounds, busy.method, busy.repeats) == (idle.rounds, idle.method, idle.repeats)
    assert idle.rounds_repeat_free == 4


def test_uneven_schedules_are_searched_by_work_too() -> None:
    # 25 in threes: an affine plane with a turning level, whose slopes leave no set of paths;
    # the tables it builds cost seconds, and a time limit used to decide how many got built
    sizes, odd = [4] + [3] * 7, [True] + [False] * 7
    assert level_rounds(sizes, odd, 7, 3, 1, float("inf"), Work(200_000)) is None
    # 22 in threes: a rotational schedule is found, then tightened (fewer pairs within a level)
    # until the budget runs out
    sizes = group_sizes(22, 3)
    odd = [s != 3 for s in sizes]
    with busy_machine():
        busy = uneven_rounds(sizes, odd, 8, 3, 1, float("inf"), work=Work(200_000))
    idle = uneven_rounds(sizes, odd, 8, 3, 1, float("inf"), work=Work(200_000))
    assert busy is not None and busy == idle


def test_a_share_of_a_budget_is_spent_from_it_too() -> None:
    whole = Work(1000.0)
    whole.spend(100.0)
    part = whole.share(0.5)  # half of the 900 left
    part.spend(300.0)
    assert (part.left, whole.left, whole.spent) == (150.0, 600.0, 400.0)
    assert not part.done
    part.spend(150.0)
    assert part.done and not whole.done
    assert whole.fraction_spent() == pytest.approx(0.55)
    assert Work().fraction_spent() == 0.0 and not Work().done  # no budget: never done


def test_a_bad_effort_is_refused() -> None:
    from rituals.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="effort"):
        plan_rounds(roster(), 4, 2, effort=0)
    with pytest.raises(InvalidInput, match="effort"):
        solve(3, 3, 2, effort=-1)
