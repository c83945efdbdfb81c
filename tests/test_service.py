"""The service as one object: areas made once over one context, and the calls that used to live
in the CLI (the stateless rotation) reachable without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rituals.core.errors import InvalidInput
from rituals.service import AREAS, Service, open_service
from tests.conftest import frozen

ROSTER = "name,email,team\n" + "".join(f"Person {i},P{i}@Example.org,{['Ops', 'Sales'][i % 2]}\n" for i in range(8))


def test_each_area_is_made_once_and_shares_the_context(svc: Service) -> None:
    for name in AREAS:
        area = getattr(svc, name)
        assert getattr(svc, name) is area
        assert area.context is svc.context
    # an area given another is given the very one the service holds, not a second copy
    assert svc.ideas.rituals is svc.rituals and svc.ideas.people is svc.people
    assert svc.rituals.people is svc.people
    assert svc.dashboard.sessions is svc.sessions and svc.sessions.rituals is svc.rituals
    # given lazily ("~repair"): the people area asks for it only to pause or remove someone
    assert svc.people._repair() is svc.repair and svc.doctor.repair is svc.repair


def test_an_idea_is_planned_by_a_service_that_used_nothing_else(tmp_path: Path) -> None:
    db = tmp_path / "plan.json"
    made = open_service(db, clock=frozen).ideas.plan("lunch-roulette", "2026-12-03T12:30", "Europe/Paris")
    assert open_service(db).rituals.get(made.id).idea_id == "lunch-roulette"


def test_a_roster_plans_alike_from_its_text_and_from_its_file(svc: Service, tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(ROSTER, encoding="utf-8")
    from_text = svc.rotation.plan_roster(ROSTER, size=2, rounds=2, seed=3, time_limit=1)
    from_file = svc.rotation.plan_roster(path, size=2, rounds=2, seed=3, time_limit=1)
    assert from_text.rounds == from_file.rounds
    spelled = sorted(f"P{i}@Example.org" for i in range(8))  # as the roster writes them
    for groups in from_text.rounds:
        assert sorted(e for g in groups for e in g) == spelled
    assert len(from_text.lines(1)) == len(from_text.rounds[1])


def test_a_roster_plan_avoids_the_pairs_given_as_text(svc: Service) -> None:
    met = [["p0@example.org", "p1@example.org"], ["p2@example.org", "p3@example.org"]]
    plan = svc.rotation.plan_roster(ROSTER, size=2, rounds=1, history=json.dumps(met), seed=1, time_limit=1)
    pairs = {frozenset(e.lower() for e in g) for g in plan.rounds[0]}
    assert not pairs & {frozenset(g) for g in met}


@pytest.mark.parametrize(
    "roster, options, message",
    [
        (ROSTER, {"size": None}, "--roster needs --size"),
        (ROSTER, {"size": 2, "mix": "shuffled"}, "unknown --mix 'shuffled'"),
        ("name,email\nAna,not-an-email\n", {"size": 2}, "bad roster text:"),
        (ROSTER, {"size": 2, "history": "{"}, "history text is not JSON"),
        (Path("no-such-roster.csv"), {"size": 2}, "cannot read roster no-such-roster.csv"),
    ],
)
def test_a_bad_roster_plan_is_refused_with_one_message(
    svc: Service, roster: str | Path, options: dict, message: str
) -> None:
    with pytest.raises(InvalidInput, match="^" + message.replace("(", r"\(")):
        svc.rotation.plan_roster(roster, **options)
