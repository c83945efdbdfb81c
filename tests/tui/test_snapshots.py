"""Each screen as a picture, on the sample organisation with the clock frozen and a fixed seed.

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update`, then look at
the pictures (the report shows them) before committing.
"""

from __future__ import annotations

import pytest

from rituals.service import Service
from rituals.tui.app import LIGHT, RitualsApp, build_app
from tests.tui.conftest import settle

NORMAL, SMALL, LARGE = (100, 30), (80, 24), (200, 60)


@pytest.fixture
def app(sample_svc: Service) -> RitualsApp:
    # coffee roulette reaches its best plan long before this limit: the picture does not depend on speed
    return build_app(sample_svc, rotation_time_limit=20.0)


@pytest.mark.parametrize("size", [NORMAL, SMALL, LARGE], ids=["100x30", "80x24", "200x60"])
def test_dashboard(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_dashboard_light(snap_compare, sample_svc: Service) -> None:
    assert snap_compare(build_app(sample_svc, theme=LIGHT), terminal_size=NORMAL, run_before=settle)


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_people(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, press=["2"], terminal_size=size, run_before=settle)


def test_people_filtered(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, press=["2", "slash", *"lyon"], terminal_size=NORMAL, run_before=settle)


def test_person_form(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, press=["2", "e"], terminal_size=NORMAL, run_before=settle)


@pytest.mark.parametrize("size", [NORMAL, LARGE], ids=["100x30", "200x60"])
def test_rituals(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, press=["3"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [NORMAL, SMALL], ids=["100x30", "80x24"])
def test_ritual_form(snap_compare, app: RitualsApp, size) -> None:
    assert snap_compare(app, press=["3", "e"], terminal_size=size, run_before=settle)


def test_ritual_form_errors(snap_compare, app: RitualsApp) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("3", "n", *"Picnic", "ctrl+s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=NORMAL, run_before=run_before)


def test_rotation(snap_compare, app: RitualsApp) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")  # Tuesday's coffee roulette
        await settle(pilot)

    assert snap_compare(app, terminal_size=NORMAL, run_before=run_before)


def test_ideas(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, press=["5"], terminal_size=NORMAL, run_before=settle)


def test_export_dialog(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, press=["x"], terminal_size=NORMAL, run_before=settle)


def test_help(snap_compare, app: RitualsApp) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=NORMAL, run_before=settle)
