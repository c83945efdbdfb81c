"""People screen: filtering as you type, the person form, pausing, and CSV import."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from rituals.service import Service
from rituals.tui.app import RitualsApp
from rituals.tui.dialogs.person import PersonForm
from rituals.tui.dialogs.roster import ImportDialog
from rituals.tui.widgets.table import Table
from tests.tui.conftest import SIZE, settle, type_text


def names_shown(app: RitualsApp) -> list[str]:
    table = app.screen.query_one("#people", Table)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_typing_filters_the_table(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert len(names_shown(sample_app)) == 45
        await pilot.press("slash")
        await type_text(pilot, "design")
        await settle(pilot)
        shown = names_shown(sample_app)
        assert sorted(shown) == sorted(p.name for p in sample_app.service.people.all() if p.team == "Design")
        assert "5 of 45 people" in str(sample_app.screen.query_one("#people-count", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(names_shown(sample_app)) == 45


async def test_add_a_person_through_the_form(empty_app: RitualsApp, svc: Service) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await settle(pilot)
        assert isinstance(empty_app.screen, PersonForm)
        await type_text(pilot, "ana@example.org")
        await pilot.press("tab")
        await type_text(pilot, "Ana Costa")
        await pilot.press("tab")
        await type_text(pilot, "Data")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(empty_app.screen, PersonForm)
        person = svc.people.get("ana@example.org")
        assert (person.name, person.team) == ("Ana Costa", "Data")
        assert names_shown(empty_app) == ["Ana Costa"]


async def test_a_bad_email_is_shown_inline_and_nothing_is_saved(empty_app: RitualsApp, svc: Service) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await settle(pilot)
        await type_text(pilot, "not-an-email")
        await pilot.press("tab")
        await type_text(pilot, "Someone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(empty_app.screen, PersonForm)
        error = empty_app.screen.query_one("#dialog-error", Static)
        assert error.display and "bad e-mail" in str(error.render())
        assert svc.people.all() == []


async def test_pause_someone_until_a_date(sample_app: RitualsApp) -> None:
    svc = sample_app.service
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        first = svc.people.all()[0]
        await pilot.press("p")
        await settle(pilot)
        await type_text(pilot, "2027-01-15")
        await pilot.press("enter")
        await settle(pilot)
        assert str(svc.people.get(first.email).paused_until) == "2027-01-15"


async def test_import_a_bad_csv_lists_the_rows_and_imports_nothing(
    empty_app: RitualsApp, svc: Service, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,team\nAna,ana@example.org,Data\nBob,not-an-email,Sales\n,carl@example.org,Ops\n")
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "i")
        await settle(pilot)
        assert isinstance(empty_app.screen, ImportDialog)
        empty_app.screen.query_one("#f-path", Input).value = str(roster)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(empty_app.screen, ImportDialog)
        report = str(empty_app.screen.query_one("#dialog-error", Static).render())
        assert "nothing imported" in report and "line 3" in report and "line 4" in report
        assert svc.people.all() == []


async def test_import_a_good_csv(empty_app: RitualsApp, svc: Service, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("nom,courriel,équipe\nAna,ana@example.org,Data\nBob,bob@example.org,Sales\n")
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "i")
        await settle(pilot)
        empty_app.screen.query_one("#f-path", Input).value = str(roster)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(empty_app.screen, ImportDialog)
        assert [p.email for p in svc.people.all()] == ["ana@example.org", "bob@example.org"]
        assert names_shown(empty_app) == ["Ana", "Bob"]


async def test_changes_made_elsewhere_are_shown_and_announced(empty_app: RitualsApp, svc: Service) -> None:
    from rituals.service import open_service

    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert names_shown(empty_app) == []
        empty_app.service.people.add("own@x.org", "Own Save")  # this window's write: no notice
        empty_app.check_outside_changes()
        await settle(pilot)
        assert not empty_app._notifications
        other_window = open_service(svc.store.path)  # another process, as far as the file knows
        other_window.people.add("zoe@x.org", "Zoé Elsewhere")
        empty_app.check_outside_changes()
        await settle(pilot)
        assert "Zoé Elsewhere" in names_shown(empty_app)
        assert any("changed elsewhere" in n.message for n in empty_app._notifications)
        assert any("added Zoé Elsewhere <zoe@x.org>" in n.message for n in empty_app._notifications)  # from the journal


async def test_v_opens_the_person_panel_with_their_own_view(sample_app: RitualsApp) -> None:
    from rituals.tui.dialogs.person_view import PersonPanel

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        email = sample_app.screen.selected_email()
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(sample_app.screen, PersonPanel)
        view = sample_app.service.people.view(email)
        text = "\n".join(str(s.render()) for s in sample_app.screen.query(Static))
        assert f"Met ({len(view.met)})" in text and "Would most benefit from meeting" in text
        assert view.suggestions and view.suggestions[0].name in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(sample_app.screen, PersonPanel)
