"""Driving the planner headless: the app factory over the test services, and a settle helper."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

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


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


@pytest.fixture
def sample_app(sample_svc: Service) -> RitualsApp:
    return build_app(sample_svc)


@pytest.fixture
def empty_app(svc: Service) -> RitualsApp:
    return build_app(svc)
