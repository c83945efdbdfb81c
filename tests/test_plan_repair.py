"""The living plan (issue 16, items 4, 5 and 7): pausing, removing, forgetting or marking someone
absent repairs the planned groups they were in, and only those; the dashboard and the doctor name
what an older version left behind; explanations count every planned and held session.

The plans are written by `tests.plan_helpers.plant` (a fixed rotation, not the engine), so every
expected group is known here before the service touches it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest

from rituals.core.errors import Conflict, InvalidInput
from rituals.core.journal import EditConflict
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule, Session
from rituals.service import Service, open_service
from tests.conftest import frozen
from tests.plan_helpers import NEW_PAIR, planned, plant, rotation

PAUSE_END = date(2026, 12, 10)


def check_minimal(before: Sequence[Sequence[str]], after: Sequence[Sequence[str]], leaving: Collection[str]) -> None:
    """The groups after a repair differ from those before only where someone left.

    Counted here from the groups alone: a group nobody left is still there whole (perhaps with
    someone left alone added); a group someone left keeps the rest together; the groups that are
    new are at most one per group someone left plus one per person left alone; nobody is alone,
    nobody is lost, nobody is twice."""
    gone = set(leaving)
    holders = [set(g) for g in before if set(g) & gone]
    lone = {e for g in holders for e in g - gone if len(g - gone) == 1}
    for group in before:
        rest = set(group) - gone
        if len(rest) >= 2:
            homes = [set(a) for a in after if rest <= set(a)]
            assert len(homes) == 1 and homes[0] - rest <= lone, (group, after)
    new = {frozenset(a) for a in after} - {frozenset(g) for g in before}
    assert len(new) <= len(holders) + len(lone), (before, after)
    assert all(len(a) >= 2 for a in after)
    placed = [e for a in after for e in a]
    assert sorted(placed) == sorted({e for g in before for e in g} - gone)


def test_a_pause_takes_them_out_of_every_planned_group_up_to_its_end(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 4)  # 24 Nov, 1, 8 and 15 Dec
    lunch = plant(sample_svc, "cross-team-lunch", 2)  # 26 Nov, 24 Dec
    who = coffee[0].groups[0][0]
    sample_svc.people.pause(who, PAUSE_END)
    after = planned(sample_svc)
    for old in coffee + lunch:
        new = after[old.id]
        if old.day <= PAUSE_END:
            assert who not in new.members, old.id
            check_minimal(old.groups, new.groups, {who})
            assert len(new.explanations) == len(new.groups)
        else:
            assert new.groups == old.groups, old.id  # after the pause: not touched


def test_a_pause_is_previewed_with_who_is_affected_and_nothing_saved(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 2)
    who = coffee[0].groups[3][1]
    partners = {e for s in coffee for g in s.groups if who in g for e in g} - {who}
    before = sample_svc.store.path.read_bytes()
    change = sample_svc.repair.pause(who, PAUSE_END)
    assert sample_svc.store.path.read_bytes() == before
    assert {s.before.id for s in change.sessions} == {s.id for s in coffee}
    assert partners <= set(change.affected)  # each partner left alone moves to another group
    assert who not in change.affected
    assert len(change.affected) <= 2 * 3  # per session: the partner and the pair receiving them
    assert all(line for line in change.lines())


def test_the_explanations_of_repaired_groups_are_written_again(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 1)
    who = coffee[0].groups[0][0]
    sample_svc.people.pause(who, PAUSE_END)
    session = planned(sample_svc)[coffee[0].id]
    old = {frozenset(g) for g in coffee[0].groups}
    for group, why in zip(session.groups, session.explanations):
        if frozenset(group) in old:
            assert why == NEW_PAIR  # untouched groups keep their text
        else:
            assert why and why != NEW_PAIR  # a trio now: "all 3 pairs are new" or a repeat named


def test_removing_someone_repairs_every_planned_group_they_were_in(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 3)
    who = coffee[1].groups[2][0]
    sample_svc.people.remove(who)
    after = planned(sample_svc)
    for old in coffee:
        check_minimal(old.groups, after[old.id].groups, {who})


def test_forgetting_someone_leaves_no_one_person_pair(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 3)
    who = coffee[0].groups[5][1]
    sample_svc.privacy.forget(who)
    after = planned(sample_svc)
    for old in coffee:
        check_minimal(old.groups, after[old.id].groups, {who})


def test_absent_on_one_session_changes_only_that_session(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 2)
    who = coffee[0].groups[4][0]
    preview = sample_svc.repair.absent(coffee[0].id, [who])
    assert [s.before.id for s in preview.sessions] == [coffee[0].id]
    sample_svc.repair.mark_absent(coffee[0].id, [who], expected_revision=preview.revision)
    after = planned(sample_svc)
    check_minimal(coffee[0].groups, after[coffee[0].id].groups, {who})
    assert after[coffee[1].id].groups == coffee[1].groups
    with pytest.raises(InvalidInput, match="not in"):
        sample_svc.repair.absent(coffee[0].id, [who])


def test_an_absence_applied_over_a_changed_plan_is_refused(sample_svc: Service) -> None:
    """A change to other records since the preview merges (the change journal tells them apart);
    a change to the very session shown is a conflict, and nothing is applied."""
    coffee = plant(sample_svc, "coffee-roulette", 1)
    who = coffee[0].groups[0][0]
    preview = sample_svc.repair.absent(coffee[0].id, [who])
    other = open_service(sample_svc.store.path, clock=frozen)
    other.people.add("new@x.example", "New Person")
    sample_svc.repair.mark_absent(coffee[0].id, [who], expected_revision=preview.revision)
    assert who not in sample_svc.sessions.get(coffee[0].id).members
    second = coffee[0].groups[1][0]
    preview = sample_svc.repair.absent(coffee[0].id, [second])
    a, b = (g[0] for g in other.sessions.get(coffee[0].id).groups[2:4])
    other.rotation.regroup(coffee[0].id, {a: 3, b: 2})  # another lead swaps two people of that session
    before = sample_svc.sessions.get(coffee[0].id)
    with pytest.raises(Conflict):
        sample_svc.repair.mark_absent(coffee[0].id, [second], expected_revision=preview.revision)
    assert sample_svc.sessions.get(coffee[0].id) == before


def test_a_repair_never_makes_an_excluded_pair_or_a_lunch_across_offices(sample_svc: Service) -> None:
    people = sample_svc.people.all()
    office = {p.email: p.location for p in people}
    by_office: dict[str, list[str]] = {}
    for p in people:
        by_office.setdefault(p.location, []).append(p.email)
    lunch = plant(sample_svc, "cross-team-lunch", 1)[0]
    # the lunch as the engine would plan it: each office on its own, in pairs
    groups = tuple(g for place in sorted(by_office) for g in rotation(sorted(by_office[place]), 2, 0))
    with sample_svc.store.transaction() as tx:
        tx.put_session(Session(lunch.ritual_id, lunch.start, groups, "planned", tuple(NEW_PAIR for _ in groups)))
    lyon = [g for g in groups if office[g[0]] == "Lyon"]
    leaver, stays = lyon[0][0], lyon[0][1]
    never = lyon[1][0]  # one other Lyon group holds someone they must never meet
    sample_svc.people.edit(stays, excluded=(never,))
    repaired = sample_svc.repair.absent(lunch.id, [leaver]).sessions[0].after
    home = next(g for g in repaired.groups if stays in g)
    assert never not in home
    assert {office[e] for e in home} == {"Lyon"}, home
    check_minimal(groups, repaired.groups, {leaver})


def test_the_dashboard_names_people_paused_or_gone_who_are_still_in_planned_groups(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 2)
    paused, gone = coffee[0].groups[0][0], coffee[0].groups[1][0]
    with sample_svc.store.transaction() as tx:  # as an older version left it: no repair
        tx.put_person(Person(**{**sample_svc.people.get(paused).__dict__, "paused_until": date(2027, 3, 1)}))
        tx.delete_person(gone)
    alerts = [a for a in sample_svc.dashboard.build().alerts if a.kind == "stale-member"]
    assert sorted(a.target for a in alerts) == sorted([paused, gone])
    sample_svc.repair.fix_stale()
    assert not [a for a in sample_svc.dashboard.build().alerts if a.kind == "stale-member"]
    for old in coffee:
        check_minimal(old.groups, planned(sample_svc)[old.id].groups, {paused, gone})


def test_after_a_pause_through_the_service_nothing_needs_attention(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 2)
    sample_svc.people.pause(coffee[0].groups[0][0], date(2027, 3, 1))
    assert not [a for a in sample_svc.dashboard.build().alerts if a.kind == "stale-member"]


def test_doctor_repair_leaves_no_one_person_group_and_says_what_it_did(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen)
    coffee = plant(svc, "coffee-roulette", 2)
    gone = coffee[0].groups[2][0]
    partner = coffee[0].groups[2][1]
    data = json.loads(sample_db.read_text())
    data["people"] = {k: v for k, v in data["people"].items() if v["email"] != gone}  # removed by hand
    sample_db.write_text(json.dumps(data))
    found = svc.doctor.check()
    assert any(gone in p for p in found.problems)
    repaired = svc.doctor.check(repair=True)
    assert repaired.ok, repaired.problems
    assert any(partner in line for line in repaired.fixed), repaired.fixed  # the partner's new group is named
    after = planned(svc)
    for old in coffee:
        check_minimal(old.groups, after[old.id].groups, {gone})
    assert svc.doctor.check().ok


def test_doctor_finds_one_person_groups_and_paused_people_in_planned_groups(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 1)[0]
    alone, paused = coffee.groups[0][0], coffee.groups[3][0]
    groups = ((alone,), (coffee.groups[0][1], *coffee.groups[1]), *coffee.groups[2:])
    with sample_svc.store.transaction() as tx:
        tx.put_session(coffee.__class__(**{**coffee.__dict__, "groups": groups, "explanations": ()}))
        tx.put_person(Person(**{**sample_svc.people.get(paused).__dict__, "paused_until": date(2027, 1, 1)}))
    report = sample_svc.doctor.check()
    assert any("alone" in p and alone in p for p in report.problems), report.problems
    assert any("paused" in p and paused in p for p in report.problems), report.problems
    assert sample_svc.doctor.check(repair=True).ok
    after = planned(sample_svc)[coffee.id]
    assert all(len(g) >= 2 for g in after.groups) and paused not in after.members
    assert alone in after.members


def test_a_series_audience_on_a_date_leaves_out_only_who_is_paused_that_day(sample_svc: Service) -> None:
    start = datetime(2027, 1, 14, 9, 0)
    ritual = Ritual(
        "volunteering",
        "Volunteering",
        "volunteer-day",
        Schedule(start, "Europe/Paris", frequency="weekly"),
        audience=Audience("all"),
        grouping=Grouping(None),
        format="in-person",
    )
    with sample_svc.store.transaction() as tx:
        tx.put_ritual(ritual)
    someone = sample_svc.people.all()[3].email
    sample_svc.people.pause(someone, date(2026, 12, 31))
    everyone = {p.email for p in sample_svc.people.all()}  # julien's pause ends 2 Jan, this one 31 Dec
    assert {p.email for p in sample_svc.rituals.invited(ritual, start.date())} == everyone
    assert someone not in {p.email for p in sample_svc.rituals.invited(ritual, date(2026, 12, 31))}
    first = next(o for o in sample_svc.sessions.upcoming(60) if o.ritual.id == "volunteering")
    assert first.day == start.date() and first.invited == len(everyone)


def test_a_swap_that_makes_a_pair_meeting_on_another_planned_date_is_not_a_new_pair(sample_svc: Service) -> None:
    coffee = plant(sample_svc, "coffee-roulette", 4)
    later = coffee[3]  # 15 Dec
    a, b = later.groups[0]
    dec8 = coffee[2]
    ga = next(i for i, g in enumerate(dec8.groups) if a in g)
    gb = next(i for i, g in enumerate(dec8.groups) if b in g)
    b_partner = next(e for e in dec8.groups[gb] if e != b)
    swapped = sample_svc.rotation.regroup(dec8.id, {a: gb, b_partner: ga})  # a and b together on 8 Dec too
    index = next(i for i, g in enumerate(swapped.groups) if {a, b} <= set(g))
    assert NEW_PAIR not in swapped.explanations[index]
    again = sample_svc.sessions.get(later.id)
    assert NEW_PAIR not in again.explanations[0]  # the 15 Dec session says it too


def test_saving_groups_over_groups_recorded_meanwhile_is_refused(sample_svc: Service) -> None:
    draft = sample_svc.rotation.preview("coffee-roulette", seed=3, time_limit=1)
    other = open_service(sample_svc.store.path, clock=frozen)
    plant(other, "coffee-roulette", 1)  # another window records that date's groups first
    recorded = other.sessions.get(draft.sessions[0].id).groups
    with pytest.raises(EditConflict) as refused:  # the journal says who recorded what
        sample_svc.rotation.commit(draft, expected_revision=draft.revision)
    assert f"sessions:{draft.sessions[0].id}" in refused.value.records
    assert sample_svc.sessions.get(draft.sessions[0].id).groups == recorded
