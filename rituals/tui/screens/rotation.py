"""Rotation: placeholder until the rotation view lands."""

from __future__ import annotations

from datetime import date

from rituals.tui.screens.base import PlannerScreen


class RotationScreen(PlannerScreen):
    SECTION = "rotation"

    def choose(self, ritual_id: str, day: date | None = None) -> None:
        pass
