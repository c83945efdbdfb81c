"""Each screen as a picture, on the sample organisation with the clock frozen and a fixed seed.

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update`, then look at
the pictures (the report shows them) before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from rituals.service import Service
from rituals.tui.app import LIGHT, RitualsApp, build_app
from tests.tui.conftest import settle, steady

NORMAL, SMALL, LARGE = (100, 30), (80, 24), (200, 60)


def shot(*keys: str):
    """What to do before the picture: wait for the dashboard's data, press ``keys``, settle, and
    stop the cursor blinking (a picture must not depend on when it is taken)."""

    async def run_before(pilot: Pilot) -> None:
        # a loaded CI machine can take seconds to build the dashboard: wait for the data itself
        # (up to a minute), never for a fixed time, or the picture would show an empty screen
        for _ in range(6000):
            if getattr(pilot.app.screen, "data", None) is not None:
                break
            await pilot.pause(0.01)
        assert getattr(pilot.app.screen, "data", None) is not None, "the dashboard never got its data"
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await steady(pilot)

    return run_before


@pytest.fixture
def app(sample_svc: Service) -> RitualsApp:
    # coffee roulette reaches its best plan long before this limit: the picture does not depend on speed
    return build_app(sample_svc, rotation_time_limit=20.0)


@pytest.mark.parametrize("size", [NORMAL, SMALL, LARGE], ids=["100x30", "80x24", "200x60"])
def test_dashboard(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot())


def test_dashboard_light(snap_compare, sample_svc: Service) -> None:
    assert snap_compare(build_app(sample_svc, theme=LIGHT), terminal_size=NORMAL, run_before=shot())


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_people(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("2"))


def test_people_filtered(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, terminal_size=NORMAL, run_before=shot("2", "slash", *"lyon"))


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_person_form(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("2", "e"))


@pytest.mark.parametrize("size", [NORMAL, SMALL, LARGE], ids=["100x30", "80x24", "200x60"])
def test_rituals(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("3"))


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_ritual_form(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("3", "e"))


def test_ritual_form_errors(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, terminal_size=NORMAL, run_before=shot("3", "n", *"Picnic", "ctrl+s"))


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_rotation(snap_compare, app: RitualsApp, size) -> None:
    # enter on the dashboard's first row: Tuesday's coffee roulette
    assert snap_compare(app, terminal_size=size, run_before=shot("enter"))


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_ideas(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("5"))


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_export_dialog(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("x"))


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_help(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=shot("question_mark"))


def test_broken_database(snap_compare, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rituals.service import open_service
    from tests.conftest import frozen

    monkeypatch.chdir(tmp_path)  # a relative path: the same picture wherever the test runs
    Path("team.json").write_text('{"people": {', encoding="utf-8")
    app = build_app(open_service(Path("team.json"), clock=frozen, seed=1))

    async def run_before(pilot: Pilot) -> None:
        await steady(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


# ------------------------------------------------------------------ the same screens in French
FRENCH = {
    "dashboard": (),
    "people": ("2",),
    "rituals": ("3",),
    "rotation": ("enter",),
    "ideas": ("5",),
    "help": ("question_mark",),
    "person_form": ("2", "e"),
    "pause_dialog": ("2", "p"),
    "ritual_form": ("3", "e"),
    "export_dialog": ("x",),
    "cancel_dialog": ("3", "c"),
}


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
@pytest.mark.parametrize("keys", FRENCH.values(), ids=FRENCH.keys())
def test_french(snap_compare, sample_svc: Service, keys: tuple[str, ...], size) -> None:
    app = build_app(sample_svc, rotation_time_limit=20.0, lang="fr")
    assert snap_compare(app, terminal_size=size, run_before=shot(*keys))


def test_french_broken_database(snap_compare, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rituals.service import open_service
    from tests.conftest import frozen

    monkeypatch.chdir(tmp_path)
    Path("team.json").write_text('{"people": {', encoding="utf-8")
    app = build_app(open_service(Path("team.json"), clock=frozen, seed=1), lang="fr")

    async def run_before(pilot: Pilot) -> None:
        await steady(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
