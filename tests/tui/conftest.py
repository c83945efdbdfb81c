"""Driving the planner headless: the app factory over the test services, and a settle helper."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

from rituals.locale import use
from rituals.service import Service
from rituals.tui.app import RitualsApp, build_app

SIZE = (100, 30)


async def settle(pilot: Pilot) -> None:
    """Let messages, workers and their replies run out."""
    await pilot.pause()
    # a directory tree's loader waits for work forever: wait for every other worker
    ours = [w for w in pilot.app.workers if w.group != "_loader"]
    # a cancelled worker (superseded by a newer one) is fine: its reply was never wanted
    await asyncio.gather(*(w.wait() for w in ours), return_exceptions=True)
    await pilot.pause()


async def steady(pilot: Pilot, tries: int = 100) -> None:
    """Settle, then wait until two pictures of the whole screen in a row are the same.

    `pilot.pause()` decides the app is idle when the process used no CPU for a moment; on a
    loaded machine a process the scheduler starves uses none while work is still pending (a
    table measuring its columns on idle, a panel filled after a resize), and a picture taken
    then shows a screen half drawn. A fixed point of the picture does not depend on timing."""
    previous = None
    for _ in range(tries):
        await settle(pilot)
        await pilot._wait_for_screen()
        picture = "\n".join(repr(list(strip)) for strip in pilot.app.screen._compositor.render_strips())
        if picture == previous:
            return
        previous = picture
    raise AssertionError("the screen never stopped changing")


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


@pytest.fixture
def sample_app(sample_svc: Service) -> RitualsApp:
    return build_app(sample_svc)


@pytest.fixture
def empty_app(svc: Service) -> RitualsApp:
    return build_app(svc)


@pytest.fixture(autouse=True)
def english_planner():
    """Each test starts in English and leaves the process in English: the reader's language is
    one per process, and a test that switches it must not change the next test's screens."""
    use("en")
    yield
    use("en")
