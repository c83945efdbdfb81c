"""Acceptance (issue 16): absent or paused, one person changes at most the groups they were in,
over 200 random cases.

More precisely, a repair may change the groups that person was in plus, per person it leaves
alone, the one group that receives them (or the new group two people left alone make together);
every other group of every planned session stays as it was, nobody is left alone, no excluded
pair and no lunch across two offices is made. The rule is checked here from the groups before
and after only (`check_minimal`), on random rosters, teams, offices, exclusions, group sizes and
formats, with three planned rounds each.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from rituals.core.models import Grouping, Person, Ritual, Schedule, Session
from rituals.service import Service, open_service
from tests.conftest import frozen
from tests.plan_helpers import rotation

PLANS = 10
CASES_PER_PLAN = 20  # 200 cases in all
OFFICES = ("Paris", "Lyon", "remote")


def random_plan(path: Path, rng: random.Random) -> tuple[Service, list[Session]]:
    svc = open_service(path, clock=frozen, seed=1)
    count = rng.randint(8, 40)
    fmt = rng.choice(("in-person", "remote", "hybrid"))
    size = rng.choice((2, 2, 3, 4))
    teams = [f"Team {i}" for i in range(rng.randint(2, 5))]
    people = [
        Person(f"p{i:02d}@x.example", f"Person {i}", rng.choice(teams), rng.choice(OFFICES)) for i in range(count)
    ]
    emails = [p.email for p in people]
    excluded: dict[str, list[str]] = {}
    for _ in range(rng.randint(0, count // 3)):
        a, b = rng.sample(emails, 2)
        excluded.setdefault(a, []).append(b)
    start = datetime(2026, 11, 24, 10, 0)
    ritual = Ritual(
        "coffee",
        "Coffee",
        "coffee-chat",
        Schedule(start, "Europe/Paris", frequency="weekly"),
        grouping=Grouping(size, rng.choice(("cross-team", "within-team", "random"))),
        format=fmt,
    )
    sessions = []
    for r in range(3):
        if fmt == "in-person":  # each office on its own, as the engine plans it
            groups = [g for place in OFFICES for g in _office_groups(people, place, size, r)]
        else:
            groups = rotation(emails, size, r)
        sessions.append(
            Session("coffee", start + timedelta(weeks=r), tuple(groups), "planned", tuple("planted" for _ in groups))
        )
    with svc.store.transaction() as tx:
        for p in people:
            tx.put_person(Person(**{**p.__dict__, "excluded": tuple(excluded.get(p.email, ()))}))
        tx.put_ritual(ritual)
        for s in sessions:
            tx.put_session(s)
    return svc, sessions


def _office_groups(people: list[Person], place: str, size: int, r: int) -> list[tuple[str, ...]]:
    here = sorted(p.email for p in people if p.location == place)
    return rotation(here, size, r) if len(here) >= 2 else []


def forbidden(svc: Service, a: str, b: str, fmt: str) -> bool:
    pa, pb = svc.people.get(a), svc.people.get(b)
    if b in pa.excluded or a in pb.excluded:
        return True
    return fmt == "in-person" and "remote" not in (pa.location, pb.location) and pa.location != pb.location


def check_case(svc: Service, before: Session, after: Session, who: str, unplaced: tuple[str, ...], fmt: str) -> int:
    """The rule of the module docstring for one session; returns how many groups changed."""
    holders = [set(g) for g in before.groups if who in g]
    lone = {e for g in holders for e in g - {who} if len(g) == 2}
    old = {frozenset(g) for g in before.groups}
    new = [frozenset(g) for g in after.groups if frozenset(g) not in old]
    for group in before.groups:
        rest = set(group) - {who}
        if len(rest) >= 2:
            homes = [set(g) for g in after.groups if rest <= set(g)]
            assert len(homes) == 1 and homes[0] - rest <= lone, (group, after.groups)
    assert len(new) <= len(holders) + len(lone)
    assert all(len(g) >= 2 for g in after.groups)
    assert sorted([e for g in after.groups for e in g] + list(unplaced)) == sorted(set(before.members) - {who})
    assert set(unplaced) <= lone
    for group in new:  # every pair made by the repair is allowed
        members = sorted(group)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                met_before = any({a, b} <= set(g) for g in before.groups)
                assert met_before or not forbidden(svc, a, b, fmt), (a, b, group)
    return len(new)


@pytest.mark.parametrize("plan", range(PLANS))
def test_one_person_absent_or_paused_changes_only_their_groups(tmp_path: Path, plan: int) -> None:
    rng = random.Random(1600 + plan)
    svc, sessions = random_plan(tmp_path / "plan.json", rng)
    fmt = svc.rituals.get("coffee").format
    changed = repaired_sessions = unplaced = 0
    for _ in range(CASES_PER_PLAN):
        who = rng.choice(sorted({e for s in sessions for e in s.members}))
        if rng.random() < 0.5:
            session = rng.choice(sessions)
            change = svc.repair.absent(session.id, [who])
        else:
            change = svc.repair.pause(who, date(2026, 11, 24) + timedelta(days=rng.randint(0, 20)))
        assert {r.before.id for r in change.sessions} <= {s.id for s in sessions if who in s.members}
        for repaired in change.sessions:
            changed += check_case(svc, repaired.before, repaired.after, who, repaired.unplaced, fmt)
            repaired_sessions += 1
            unplaced += len(repaired.unplaced)
    print(
        f"plan {plan} ({len(sessions[0].members)} people, {fmt}, groups of {svc.rituals.get('coffee').grouping.size}): "
        f"{CASES_PER_PLAN} cases, {repaired_sessions} sessions repaired, {changed} groups new or changed, "
        f"{unplaced} left without a group (no allowed group)"
    )
