"""Rotation: propose, adjust (absent, swap, pin, reshuffle) and accept a session's groups."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Static

from rituals.service import Service
from rituals.tui.app import RitualsApp, build_app
from rituals.tui.dialogs.pin import PinDialog
from rituals.tui.screens.rotation import RotationScreen
from tests.tui.conftest import SIZE, settle

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def app(sample_svc: Service) -> RitualsApp:
    # coffee roulette (pairs) reaches a perfect plan well before this limit: results are stable
    return build_app(sample_svc, rotation_time_limit=2.0)


async def open_coffee(app: RitualsApp, pilot) -> RotationScreen:
    await app.open_rotation("coffee-roulette", TUESDAY)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RotationScreen) and screen.preview is not None
    return screen


def groups(screen: RotationScreen) -> tuple[tuple[str, ...], ...]:
    assert screen.preview is not None
    return screen.preview.sessions[0].groups


async def test_dashboard_enter_proposes_then_accept_records_the_session(app: RitualsApp) -> None:
    svc = app.service
    invited = {p.email for p in svc.rituals.invited(svc.rituals.get("coffee-roulette"), TUESDAY)}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first coming session: Tuesday's coffee roulette
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RotationScreen)
        table = screen.query_one("#groups", DataTable)
        assert table.row_count == len(invited) // 2  # one line per group of two
        assert "new pair" in str(screen.query_one("#explain", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    session = svc.sessions.get(f"coffee-roulette@{TUESDAY}")
    assert session.status == "planned"
    assert sorted(e for g in session.groups for e in g) == sorted(invited)
    assert all(len(g) == 2 for g in session.groups)
    assert len(session.explanations) == len(session.groups)


async def test_absent_people_are_left_out(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coffee(app, pilot)
        gone = screen.current_email()
        await pilot.press("a")
        await settle(pilot)
        assert gone not in {e for g in groups(screen) for e in g}
        assert "Left out" in str(screen.query_one("#explain", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    session = app.service.sessions.get(f"coffee-roulette@{TUESDAY}")
    assert gone not in session.members


async def test_swap_two_people_and_keep_them_through_a_reshuffle(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coffee(app, pilot)
        first = screen.current_email()
        await pilot.press("s", "down")  # one line per group: the first seat of group 2
        other = screen.current_email()
        partner_of_other = next(e for g in groups(screen) for e in g if other in g and e != other)
        await pilot.press("s")
        await settle(pilot)
        assert any(set(g) == {first, partner_of_other} for g in groups(screen))
        before = groups(screen)
        await pilot.press("r")
        await settle(pilot)
        after = groups(screen)
        assert after != before
        assert screen.pins == {first: 1, other: 0}
        assert first in after[1] and other in after[0]


async def test_pin_someone_to_a_group(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coffee(app, pilot)
        who = screen.current_email()
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PinDialog)
        await pilot.press("down", "down", "enter")  # group 3
        await settle(pilot)
        assert who in groups(screen)[2]
        assert sorted(len(g) for g in groups(screen)) == [2] * len(groups(screen))
        await pilot.press("ctrl+s")  # the dialog closed: the screen still knows what to record
        await settle(pilot)
    assert who in app.service.sessions.get(f"coffee-roulette@{TUESDAY}").groups[2]


async def test_a_ritual_that_cannot_rotate_says_why(app: RitualsApp) -> None:
    svc = app.service
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for person in svc.people.all()[1:]:
            svc.people.pause(person.email, date(2027, 1, 1))
        await app.open_rotation("coffee-roulette", TUESDAY)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RotationScreen) and screen.preview is None
        assert "Cannot form groups" in str(screen.query_one("#explain", Static).render())
        await pilot.press("ctrl+s")
        assert app.is_running


async def test_a_ritual_without_groups_is_refused_kindly(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_rotation("demo-hour")
        await settle(pilot)
        assert app.is_running
        assert any("meets as one group" in n.message for n in app._notifications)


async def test_opened_with_nothing_chosen_the_keyboard_picks_a_ritual(app: RitualsApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RotationScreen) and screen.chosen() is None
        assert app.focused is not None and app.focused.id == "rot-ritual"
        await pilot.press("enter", "down", "enter")  # open the picker, take the first ritual
        await settle(pilot)
        assert screen.chosen() is not None and screen.preview is not None
        assert screen.query_one("#groups", DataTable).row_count > 0
