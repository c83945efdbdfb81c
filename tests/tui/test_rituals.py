"""Rituals screen: the form creates and edits with inline checks; a date can be cancelled."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, Static

from rituals.service import Service
from rituals.tui.app import RitualsApp
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.dialogs.sessions import CancelSessionDialog
from rituals.tui.widgets.table import Table
from tests.tui.conftest import SIZE, settle, type_text


async def new_ritual_form(pilot) -> RitualForm:
    """The Rituals screen's form for a new ritual, opened as a user does (3, then n)."""
    await pilot.press("3", "n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, RitualForm)
    return form


async def test_create_a_ritual_through_the_form(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    async with sample_app.run_test(size=SIZE) as pilot:
        form = await new_ritual_form(pilot)
        await type_text(pilot, "Board games night")
        form.query_one("#f-kind", Select).value = "game"
        form.query_one("#f-start", Input).focus()
        await type_text(pilot, "2026-12-10T18:30")
        form.query_one("#f-size", Input).value = "4"
        form.query_one("#f-every", Input).value = "2w"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(sample_app.screen, RitualForm)
        ritual = svc.rituals.get("board-games-night")
        assert (ritual.kind, ritual.grouping.size, ritual.schedule.interval) == ("game", 4, 2)
        assert ritual.schedule.timezone == "Europe/Paris"  # the team's most common zone
        table = sample_app.screen.query_one("#rituals", Table)
        assert table.get_row_at(table.cursor_row)[0] == "Board games night"


async def test_a_monthly_ritual_asks_which_day_of_the_month(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    async with sample_app.run_test(size=SIZE) as pilot:
        form = await new_ritual_form(pilot)
        row = form.query_one("#row-monthly_on")
        assert not row.display  # weekly by default: the choice means nothing
        await type_text(pilot, "Monthly retro")
        form.query_one("#f-kind", Select).value = "other"
        form.query_one("#f-start", Input).value = "2026-12-31T15:00"
        form.query_one("#f-every", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "monthly")
        await settle(pilot)
        assert row.display
        assert form.query_one("#f-monthly_on", Select).value == "weekday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(sample_app.screen, RitualForm)
        schedule = svc.rituals.get("monthly-retro").schedule
        assert (schedule.monthly_by, schedule.monthly_day()) == ("weekday", "the last Thursday")


async def test_bad_fields_are_named_as_you_type_and_nothing_is_saved(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    before = svc.rituals.all()
    async with sample_app.run_test(size=SIZE) as pilot:
        form = await new_ritual_form(pilot)
        await type_text(pilot, "Picnic")
        form.query_one("#f-start", Input).focus()
        await type_text(pilot, "2026-02-30")
        form.query_one("#f-duration", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "forever")
        await settle(pilot)
        assert "bad duration" in str(form.query_one("#e-duration", Static).render())
        assert form.query_one("#row-duration").has_class("-invalid")
        assert not form.query_one("#e-title", Static).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(sample_app.screen, RitualForm)
        assert "kind" in str(form.query_one("#e-kind", Static).render())
        assert form.query_one("#e-start", Static).display
        assert svc.rituals.all() == before


async def test_edit_keeps_what_was_not_touched(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    before = svc.rituals.get("coffee-roulette")
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = sample_app.screen
        assert isinstance(form, RitualForm) and form.ritual == before
        form.query_one("#f-location", Input).value = "Salle Garance"
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = svc.rituals.get("coffee-roulette")
    assert after.location == "Salle Garance"
    assert (after.schedule, after.grouping, after.audience) == (before.schedule, before.grouping, before.audience)


async def test_cancel_one_date(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "c")
        await settle(pilot)
        assert isinstance(sample_app.screen, CancelSessionDialog)
        dates = sample_app.screen.query_one("#dates", OptionList)
        assert dates.option_count > 0
        await pilot.press("down", "enter")
        await settle(pilot)
    cancelled = [s for s in svc.sessions.all("coffee-roulette") if s.status == "cancelled"]
    assert [s.start.isoformat() for s in cancelled] == ["2026-12-01T10:00:00"]
    coming = [o.day.isoformat() for o in svc.sessions.upcoming(14, ritual_id="coffee-roulette")]
    assert coming == ["2026-11-24"]


async def test_an_empty_database_invites_to_create(empty_app: RitualsApp, svc: Service) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert "Press n to create one" in str(empty_app.screen.query_one("#detail", Static).render())
