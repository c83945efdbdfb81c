"""Ideas (filters, idea → ritual draft) and the export dialog (.ics, CalDAV errors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, Select, Static

from rituals.tui.app import RitualsApp
from rituals.tui.dialogs.export import ExportDialog
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.screens.ideas import IdeasScreen
from rituals.tui.screens.rituals import RitualsScreen
from rituals.tui.widgets.table import Table
from tests.tui.conftest import SIZE, settle


async def test_filters_narrow_the_ideas(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = sample_app.screen
        assert isinstance(screen, IdeasScreen)
        everything = len(screen.ideas)
        screen.query_one("#idea-goal", Select).value = "welcome"
        await settle(pilot)
        assert 0 < len(screen.ideas) < everything
        assert all("welcome" in s.idea.goals for s in screen.ideas)
        assert screen.query_one("#ideas", Table).row_count == len(screen.ideas)


async def test_an_idea_becomes_a_ritual(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        idea = sample_app.screen.ideas[0].idea
        await pilot.press("enter")
        await settle(pilot)
        form = sample_app.screen
        assert isinstance(form, RitualForm)
        assert form.query_one("#f-title", Input).value == idea.title.en
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(sample_app.screen, RitualsScreen)
    made = [r for r in svc.rituals.all() if r.idea_id == idea.id]
    assert len(made) == 1 and made[0].kind == idea.kind


async def test_french_titles_on_l(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = sample_app.screen
        await pilot.press("l")
        await settle(pilot)
        table = screen.query_one("#ideas", Table)
        assert table.get_row_at(0)[0] == screen.ideas[0].idea.title.fr


async def test_export_everything_to_one_file(sample_app: RitualsApp, tmp_path: Path) -> None:
    target = tmp_path / "team.ics"
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await settle(pilot)
        dialog = sample_app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#f-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = str(dialog.query_one("#written", Static).render())
        assert "Done" in written and "team.ics" in written
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_export_errors_stay_in_the_dialog(sample_app: RitualsApp, tmp_path: Path) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await settle(pilot)
        dialog = sample_app.screen
        dialog.query_one("#f-method", Select).value = "request"  # one UID per file: many rituals cannot share one
        dialog.query_one("#f-path", Input).value = str(tmp_path / "all.ics")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "use --dir" in str(dialog.query_one("#dialog-error", Static).render())
        assert not (tmp_path / "all.ics").exists()


async def test_caldav_failure_is_reported(sample_app: RitualsApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RITUALS_CALDAV_URL", "http://127.0.0.1:9/calendars/team/")
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await settle(pilot)
        dialog = sample_app.screen
        dialog.query_one("#publish", Button).press()
        await settle(pilot)
        assert "CalDAV" in str(dialog.query_one("#dialog-error", Static).render())
        assert sample_app.is_running
