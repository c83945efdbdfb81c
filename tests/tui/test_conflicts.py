"""Changes made elsewhere while the planner is open: accepting groups over a date another lead
recorded (issue 17, item 1), saving a person someone else changed, and the history screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Static
from typer.testing import CliRunner

from rituals.cli import app as cli_app
from rituals.service import Service, open_service
from rituals.tui.app import RitualsApp, build_app
from rituals.tui.dialogs.conflict import ConflictDialog
from rituals.tui.dialogs.person import PersonForm
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.screens.history import HistoryScreen
from rituals.tui.screens.people import PeopleScreen
from rituals.tui.screens.rotation import RotationScreen
from tests.conftest import NOW_ENV, frozen
from tests.tui.conftest import SIZE, settle

TUESDAY = date(2026, 11, 24)
COFFEE = f"coffee-roulette@{TUESDAY}"
CAMILLE = "camille.laurent@hirondelle.example"


def other_lead(db: Path, *args: str) -> None:
    """A second lead, from the command line, on the same file."""
    done = CliRunner().invoke(cli_app, ["--db", str(db), *args], env={"RITUALS_NOW": NOW_ENV, "RITUALS_USER": "lead-b"})
    assert done.exit_code == 0, done.output


def stored_groups(db: Path) -> tuple[tuple[str, ...], ...]:
    return open_service(db, clock=frozen).sessions.get(COFFEE).groups


def dialog_text(dialog: ConflictDialog) -> str:
    return " ".join(str(dialog.query_one(f"#{i}", Static).render()) for i in ("conflict-message", "conflict-changes"))


async def propose_coffee(app: RitualsApp, pilot) -> RotationScreen:
    await app.open_rotation("coffee-roulette", TUESDAY)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RotationScreen) and screen.preview is not None
    return screen


async def test_accepting_groups_over_a_date_recorded_meanwhile_is_caught_then_reloaded(sample_db: Path) -> None:
    app = build_app(open_service(sample_db, clock=frozen, seed=1), rotation_time_limit=2.0)
    async with app.run_test(size=SIZE) as pilot:
        await propose_coffee(app, pilot)
        other_lead(
            sample_db,
            "rotate",
            "coffee-roulette",
            "--date",
            str(TUESDAY),
            "--commit",
            "--seed",
            "99",
            "--time-limit",
            "0.5",
        )
        theirs = stored_groups(sample_db)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        text = dialog_text(dialog)
        assert "lead-b" in text and COFFEE in text and "(rotate)" in text and "recorded the groups" in text
        assert stored_groups(sample_db) == theirs  # nothing overwritten yet
        await pilot.click("#reload")
        await settle(pilot)
        assert isinstance(app.screen, RotationScreen)
        assert stored_groups(sample_db) == theirs  # reloading keeps theirs
        assert app.screen.preview is not None and app.screen.preview.revision == app.service.store.revision


async def test_applying_on_top_records_the_planners_groups(sample_db: Path) -> None:
    app = build_app(open_service(sample_db, clock=frozen, seed=1), rotation_time_limit=2.0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await propose_coffee(app, pilot)
        mine = screen.preview.sessions[0].groups
        other_lead(
            sample_db,
            "rotate",
            "coffee-roulette",
            "--date",
            str(TUESDAY),
            "--commit",
            "--seed",
            "99",
            "--time-limit",
            "0.5",
        )
        assert stored_groups(sample_db) != mine
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#apply")
        await settle(pilot)
    assert stored_groups(sample_db) == mine


async def test_groups_recorded_for_another_date_meanwhile_merge_silently(sample_db: Path) -> None:
    app = build_app(open_service(sample_db, clock=frozen, seed=1), rotation_time_limit=2.0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await propose_coffee(app, pilot)
        mine = screen.preview.sessions[0].groups
        other_lead(sample_db, "rotate", "coffee-roulette", "--date", "2026-12-01", "--commit", "--time-limit", "0.5")
        other_lead(sample_db, "people", "edit", CAMILLE, "--team", "Ops")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictDialog)
    assert stored_groups(sample_db) == mine
    assert open_service(sample_db).people.get(CAMILLE).team == "Ops"


async def open_person(app: RitualsApp, pilot, email: str) -> PersonForm:
    await app.switch_mode("people")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    screen.show_person(email)
    await settle(pilot)
    screen.action_edit()
    await settle(pilot)
    form = app.screen
    assert isinstance(form, PersonForm) and form.person is not None and form.person.email == email
    return form


async def test_a_person_changed_meanwhile_is_shown_and_reloaded(sample_db: Path) -> None:
    app = build_app(open_service(sample_db, clock=frozen, seed=1))
    async with app.run_test(size=SIZE) as pilot:
        form = await open_person(app, pilot, CAMILLE)
        form.query_one("#f-location", Input).value = "Lyon"
        other_lead(sample_db, "people", "edit", CAMILLE, "--team", "Ops")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert "team:" in dialog_text(app.screen) and "→ Ops" in dialog_text(app.screen)
        await pilot.click("#reload")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonForm)
        assert form.query_one("#f-team", Input).value == "Ops"  # theirs is shown; mine was not saved
        assert open_service(sample_db).people.get(CAMILLE).location != "Lyon"
        form.query_one("#f-location", Input).value = "Lyon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (PersonForm, ConflictDialog))
    camille = open_service(sample_db).people.get(CAMILLE)
    assert (camille.team, camille.location) == ("Ops", "Lyon")


async def test_the_history_screen_lists_changes_and_undoes_back_to_one(
    sample_app: RitualsApp, sample_svc: Service
) -> None:
    sample_svc.context.source = "test"
    sample_svc.people.edit(CAMILLE, team="Ops")
    sample_svc.people.edit(CAMILLE, location="Lyon")
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = sample_app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#changes", DataTable)
        assert table.row_count == 2
        assert "location" in str(table.get_row_at(0)[4]) and "team" in str(table.get_row_at(1)[4])
        await pilot.press("down", "u")
        await settle(pilot)
        assert isinstance(sample_app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot)
        assert table.row_count == 3 and "undid 2 changes" in str(table.get_row_at(0)[4])
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(sample_app.screen, HistoryScreen)
    camille = sample_svc.people.get(CAMILLE)
    assert (camille.team, camille.location) != ("Ops", "Lyon") and camille.team != "Ops"
