"""In-person rituals are planned office by office: nobody lunches with another city."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.core.errors import InvalidInput
from rituals.core.rotation import Member, plan_rounds
from rituals.core.rotation.places import by_place, plan_by_place


def roster(offices: dict[str, int], teams: int = 3) -> list[Member]:
    people = []
    for office, count in offices.items():
        people += [Member(f"{office.lower() or 'remote'}{i}@x.org", f"T{i % teams}", office) for i in range(count)]
    return people


def place(member: Member) -> str:
    return member.location.strip().lower() or "remote"


def test_no_group_spans_two_offices_and_each_office_sizes_its_own_groups() -> None:
    people = roster({"Paris": 17, "Lyon": 11, "New York": 6, "": 7})
    where = {m.id: place(m) for m in people}
    plan = plan_by_place(people, 4, 3, fmt="in-person", seed=3, time_limit=2.0)
    for groups in plan.rounds:
        assert sorted(e for g in groups for e in g) == sorted(m.id for m in people)
        assert all(len({where[e] for e in g}) == 1 for g in groups)
        by_office: dict[str, list[int]] = {}
        for g in groups:
            by_office.setdefault(where[g[0]], []).append(len(g))
        assert all(min(s) >= 2 and max(s) - min(s) <= 1 for s in by_office.values()), by_office
    assert plan.metrics["split_place_pairs"] == 0 and plan.metrics["places"] == 4
    assert len(plan.explanations) == 3 and all(len(n) == len(g) for n, g in zip(plan.explanations, plan.rounds))


def test_someone_alone_in_an_office_joins_the_video_groups() -> None:
    people = roster({"Paris": 8, "Berlin": 1, "": 3})
    places = by_place(people)
    assert [sorted({place(m) for m in p}) for p in places] == [["paris"], ["berlin", "remote"]]
    plan = plan_by_place(people, 4, 2, fmt="in-person", seed=1, time_limit=1.0)
    berlin = next(m.id for m in people if m.location == "Berlin")
    for groups in plan.rounds:
        (with_berlin,) = [g for g in groups if berlin in g]
        assert all(e.startswith(("remote", "berlin")) for e in with_berlin)


def test_other_formats_plan_the_whole_roster_as_before() -> None:
    people = roster({"Paris": 9, "Lyon": 5, "": 4})
    for fmt in ("remote", "hybrid"):
        ours = plan_by_place(people, 3, 2, fmt=fmt, seed=5, time_limit=1.0)
        plain = plan_rounds(people, 3, 2, fmt=fmt, seed=5, time_limit=1.0)
        assert ours.rounds == plain.rounds


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 9), min_size=1, max_size=4).filter(lambda s: sum(s) >= 2),
    size=st.integers(2, 5),
    seed=st.integers(0, 2**32),
)
def test_every_in_person_plan_is_a_partition_that_keeps_excluded_people_apart(
    sizes: list[int], size: int, seed: int
) -> None:
    people = roster(dict(zip(["Paris", "Lyon", "", "Oslo"], sizes)))
    excluded = [(people[0].id, people[1].id)]
    try:
        # a small work budget, not a short clock: the same answer on an idle or a loaded machine
        plan = plan_by_place(people, size, 2, fmt="in-person", excluded=excluded, seed=seed, effort=0.01)
    except InvalidInput:  # only when no plan of the whole roster can keep them apart either
        with pytest.raises(InvalidInput):
            plan_rounds(people, size, 2, fmt="in-person", excluded=excluded, seed=seed, effort=0.01)
        return
    for groups in plan.rounds:
        assert Counter(e for g in groups for e in g) == Counter(m.id for m in people)
        assert all(len(g) >= 2 for g in groups)
        assert not any(set(excluded[0]) <= set(g) for g in groups)


def test_an_office_too_small_to_keep_two_people_apart_falls_back_to_one_roster() -> None:
    people = roster({"Paris": 8, "Lyon": 2})
    lyon = [m.id for m in people if m.location == "Lyon"]
    plan = plan_by_place(people, 4, 1, fmt="in-person", excluded=[tuple(lyon)], seed=2, time_limit=1.0)
    assert not any(set(lyon) <= set(g) for g in plan.rounds[0])
