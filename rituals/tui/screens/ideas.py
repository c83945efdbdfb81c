"""Ideas: placeholder until the catalog view lands."""

from __future__ import annotations

from rituals.tui.screens.base import PlannerScreen


class IdeasScreen(PlannerScreen):
    SECTION = "ideas"
