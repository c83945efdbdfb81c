"""The planner tells drafts from records, repairs instead of reshuffling, and asks before losing
work (issue 16, items 4, 6, 7, 8 and 9), driven headless through Textual's Pilot."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, OptionList, Static

from rituals.service import Service, open_service
from rituals.tui.app import RitualsApp, build_app
from rituals.tui.dialogs.conflict import ConflictDialog
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.screens.people import PeopleScreen
from rituals.tui.screens.rotation import RotationScreen
from tests.conftest import frozen
from tests.plan_helpers import NEW_PAIR, group_sets, plant
from tests.tui.conftest import SIZE, settle, type_text

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def app(sample_svc: Service) -> RitualsApp:
    return build_app(sample_svc, rotation_time_limit=1.0)


async def open_day(app: RitualsApp, pilot, day: date = TUESDAY) -> RotationScreen:
    await app.open_rotation("coffee-roulette", day)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RotationScreen) and screen.preview is not None
    return screen


def shown(screen: RotationScreen) -> tuple[tuple[str, ...], ...]:
    assert screen.preview is not None
    return screen.preview.sessions[0].groups


def title(screen: RotationScreen) -> str:
    return str(screen.query_one("#groups", DataTable).border_title)


def point_at(screen: RotationScreen, email: str) -> None:
    row = next(i for i, group in enumerate(screen.rows) if email in group)
    seat = screen.rows[row].index(email) + 1  # column 0 holds the group's number
    screen.query_one("#groups", DataTable).move_cursor(row=row, column=seat, animate=False)


async def test_recorded_groups_are_shown_as_recorded_not_a_new_proposal(app: RitualsApp) -> None:
    recorded = plant(app.service, "coffee-roulette", 1)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_day(app, pilot)
        assert shown(screen) == recorded.groups
        assert "formed" in title(screen) and "draft" not in title(screen)


async def test_a_proposal_says_draft_and_the_dashboard_does_not_count_it(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_day(app, pilot)
        assert "draft" in title(screen)
        assert f"coffee-roulette@{TUESDAY}" in {
            a.target for a in app.service.dashboard.build().alerts if a.kind == "groups-missing"
        }
        assert app.service.sessions.all(status="planned") == []


async def test_saving_a_draft_over_groups_recorded_meanwhile_is_refused(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_day(app, pilot)
        await pilot.press("r")  # a draft of one's own: a change elsewhere does not replace it
        await settle(pilot)
        other_window = open_service(app.service.store.path, clock=frozen)
        recorded = plant(other_window, "coffee-roulette", 1)[0]
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the planner shows who recorded what, and asks: reload theirs or apply these on top
        assert isinstance(app.screen, ConflictDialog)
        assert app.service.sessions.get(recorded.id).groups == recorded.groups
        await pilot.press("escape")  # closed: nothing is written
        await settle(pilot)
        assert app.service.sessions.get(recorded.id).groups == recorded.groups
        assert screen.is_mounted


async def test_marking_one_person_absent_repairs_their_group_only(app: RitualsApp) -> None:
    recorded = plant(app.service, "coffee-roulette", 1)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_day(app, pilot)
        who, partner = recorded.groups[5]
        point_at(screen, who)
        await pilot.press("a")
        await settle(pilot)
        after = shown(screen)
        assert who not in {e for g in after for e in g}
        new = {frozenset(g) for g in after} - group_sets(recorded)
        assert len(new) == 1 and partner in next(iter(new))  # the partner joined one pair; 20 pairs untouched
        assert "draft" in title(screen)
        assert app.service.sessions.get(recorded.id).groups == recorded.groups  # not saved yet
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert app.service.sessions.get(recorded.id).groups == after


async def test_a_swap_checks_the_other_planned_rounds(app: RitualsApp) -> None:
    coffee = plant(app.service, "coffee-roulette", 4)
    dec8, dec15 = coffee[2], coffee[3]
    a, b = dec15.groups[0]  # they meet on 15 Dec
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_day(app, pilot, dec8.day)
        b_partner = next(e for g in shown(screen) if b in g for e in g if e != b)
        point_at(screen, a)
        await pilot.press("s")
        point_at(screen, b_partner)
        await pilot.press("s")  # a takes b's partner's place: a and b together on 8 Dec too
        await settle(pilot)
        index = next(i for i, g in enumerate(shown(screen)) if {a, b} <= set(g))
        line = screen.preview.lines(screen.preview.sessions[0])[index]
        assert line != NEW_PAIR and "met" in line


async def test_quitting_with_an_unsaved_reshuffle_asks_first(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_day(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, RotationScreen)
        await pilot.press("q")
        await settle(pilot)
        await pilot.click("#yes")
        await pilot.pause()
        assert not app.is_running


async def test_quitting_after_only_looking_asks_nothing(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_day(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_pause_dialog_shows_who_is_affected_before_saving(app: RitualsApp) -> None:
    svc = app.service
    coffee = plant(svc, "coffee-roulette", 2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        first = people.selected_email()
        partner = next(e for g in coffee[0].groups if first in g for e in g if e != first)
        await pilot.press("p")
        await settle(pilot)
        await type_text(pilot, "2026-12-10")
        await settle(pilot)
        affected = str(app.screen.query_one("#affected", Static).render())
        assert svc.people.get(partner).name in affected
        assert first in coffee[0].members and svc.sessions.get(coffee[0].id).groups == coffee[0].groups
        await pilot.press("enter")
        await settle(pilot)
    assert all(first not in s.members for s in svc.sessions.all(status="planned"))


async def test_people_paused_but_still_in_planned_groups_need_attention_until_repaired(app: RitualsApp) -> None:
    from rituals.core.models import Person

    svc = app.service
    coffee = plant(svc, "coffee-roulette", 2)
    who = coffee[0].groups[0][0]
    with svc.store.transaction() as tx:  # an older version paused her without repairing the plan
        tx.put_person(Person(**{**svc.people.get(who).__dict__, "paused_until": date(2027, 3, 1)}))
    name = svc.people.get(who).name
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        alerts = app.screen.query_one("#alerts", OptionList)
        texts = [str(alerts.get_option_at_index(i).prompt) for i in range(alerts.option_count)]
        index = next(i for i, t in enumerate(texts) if name in t and "planned" in t)
        alerts.focus()
        alerts.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot)
        assert all(who not in s.members for s in svc.sessions.all(status="planned"))
        texts = [str(alerts.get_option_at_index(i).prompt) for i in range(alerts.option_count)]
        assert not any(name in t and "planned" in t for t in texts)
