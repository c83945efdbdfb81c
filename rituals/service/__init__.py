"""The one API that the CLI and the TUI call. No UI here (a test enforces it)."""

from __future__ import annotations

from pathlib import Path

from rituals.service.base import Clock, ServiceBase, default_db_path
from rituals.service.dashboard import DashboardMixin
from rituals.service.doctor import DoctorMixin
from rituals.service.export import ExportMixin
from rituals.service.insights import InsightsMixin
from rituals.service.people import PeopleMixin
from rituals.service.rituals import RitualsMixin
from rituals.service.rotation import RotationMixin
from rituals.service.suggest import SuggestMixin
from rituals.store import Store


class Service(PeopleMixin, RitualsMixin, ExportMixin, DashboardMixin, SuggestMixin, InsightsMixin, DoctorMixin, RotationMixin, ServiceBase):
    """Every capability of rituals, over one store, clock and seed."""


def open_service(db: str | Path | None = None, *, clock: Clock | None = None, seed: int | None = None) -> Service:
    """The factory used by the CLI, the TUI and the tests."""
    path = Path(db).expanduser() if db else default_db_path()
    return Service(Store(path), clock=clock, seed=seed)


__all__ = ["Service", "open_service", "default_db_path"]
