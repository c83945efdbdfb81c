"""The shell: navigation, help, palette, theme, quitting, and errors shown rather than raised."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from rituals.service import open_service
from rituals.tui.app import RitualsApp, build_app
from rituals.tui.commands import RitualsCommands
from rituals.tui.screens.dashboard import DashboardScreen
from rituals.tui.screens.help import HelpScreen
from rituals.tui.screens.people import PeopleScreen
from rituals.tui.screens.rituals import RitualsScreen
from rituals.tui.widgets.table import Table
from tests.conftest import frozen
from tests.tui.conftest import SIZE, settle


async def test_number_keys_switch_screens(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(sample_app.screen, DashboardScreen)
        await pilot.press("2")
        assert isinstance(sample_app.screen, PeopleScreen)
        await pilot.press("3")
        assert isinstance(sample_app.screen, RitualsScreen)
        await pilot.press("1")
        assert isinstance(sample_app.screen, DashboardScreen)


async def test_dashboard_lists_next_sessions_and_alerts(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = sample_app.screen.query_one("#upcoming", Table)
        assert table.row_count == len(sample_app.service.dashboard.build().upcoming) == 6
        assert table.get_row_at(0)[1] == "Coffee roulette"
        alerts = sample_app.screen.query_one("#alerts", OptionList)
        texts = [str(alerts.get_option_at_index(i).prompt) for i in range(alerts.option_count)]
        assert any("Noah Fontaine" in t for t in texts)


async def test_an_isolated_person_alert_opens_the_person(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(sample_app.focused, OptionList)
        await pilot.press("down", "enter")  # the first alert: Noah, left out since September
        await settle(pilot)
        assert isinstance(sample_app.screen, PeopleScreen)
        table = sample_app.screen.query_one("#people", Table)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["Noah Fontaine"]


async def test_help_opens_and_closes(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(sample_app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(sample_app.screen, DashboardScreen)


async def test_theme_toggles(sample_app: RitualsApp) -> None:
    # Textual's own theme names, not the app's constants: a toggle between two equal names would pass
    async with sample_app.run_test(size=SIZE) as pilot:
        assert sample_app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert sample_app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert sample_app.theme == "textual-dark"


async def test_q_quits(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not sample_app.is_running


async def test_palette_finds_actions_rituals_and_people(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        provider = RitualsCommands(sample_app.screen)
        await provider.startup()
        titles = [str(hit.text) async for hit in provider.search("coffee")]
        assert "Open ritual: Coffee roulette" in titles
        best = max([hit async for hit in provider.search("noah fontaine")], key=lambda hit: hit.score)
        assert str(best.text) == "Find person: Noah Fontaine"
        hits = [hit async for hit in provider.search("new ritual")]
        await hits[0].command()
        await settle(pilot)
        assert type(sample_app.screen).__name__ == "RitualForm"


async def test_a_broken_database_is_a_message_not_a_crash(tmp_path: Path) -> None:
    from rituals.tui.screens.broken import BrokenDatabaseScreen

    db = tmp_path / "broken.json"
    db.write_text("{ not json")
    app = build_app(open_service(db, clock=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.is_running
        # said full-screen (tests/tui/test_small_screens.py has the details), not in a toast
        assert isinstance(app.screen, BrokenDatabaseScreen) and "not valid JSON" in app.screen.problem.message


async def test_the_mouse_works(sample_app: RitualsApp) -> None:
    from rituals.tui.dialogs.person import PersonForm
    from rituals.tui.widgets.nav import NavBar

    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        nav = sample_app.screen.query_one(NavBar)
        column = str(nav.render()).index("People") + 1  # +1: the bar's left padding
        assert await pilot.click(NavBar, offset=(column, 0))
        await settle(pilot)
        assert isinstance(sample_app.screen, PeopleScreen)
        assert await pilot.click("#people", offset=(3, 3))  # the third person
        assert sample_app.screen.selected_email() == sample_app.service.people.all()[2].email
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(sample_app.screen, PersonForm)
        assert await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(sample_app.screen, PeopleScreen)


async def test_a_first_visit_says_where_to_start(empty_app: RitualsApp) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = empty_app.screen.query_one("#upcoming", Table).get_row_at(0)
        assert row[1] == "no one here yet" and "import a CSV" in row[2]


async def test_the_collector_runs_again_once_the_planner_has_started_and_ended(sample_app: RitualsApp) -> None:
    import gc

    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.isenabled() and gc.get_freeze_count() > 0  # paused for the start-up only
    assert gc.isenabled() and gc.get_freeze_count() == 0  # nothing of the planner is kept alive
