"""The one API that the CLI and the TUI call. No UI here (a test enforces it).

``open_service(db)`` builds a `Service` whose areas (``svc.people``, ``svc.rituals``,
``svc.sessions``, ``svc.rotation``, ``svc.ideas``, ``svc.dashboard``, ``svc.reports``,
``svc.export``, ``svc.privacy``, ``svc.doctor``, ``svc.setup``, ``svc.repair``, ``svc.history``)
are small classes made on first use, each given the shared `Context` and the areas it depends on
(see `rituals.service.areas`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rituals.service.areas import AREAS, Service
from rituals.service.context import Clock, Context, default_db_path

if TYPE_CHECKING:
    from rituals.core.schedule import Holidays


def open_service(
    db: str | Path | None = None,
    *,
    clock: Clock | None = None,
    seed: int | None = None,
    holidays: Holidays | None = None,
) -> Service:
    """The factory used by the CLI, the TUI and the tests: the Service over the database ``db``
    (default: $RITUALS_DB, else the user data folder). Nothing is read or written until an area
    asks. Public holidays come from ``holidays``, by default a file in the user's cache folder."""
    from rituals.store import Store
    from rituals.store.holiday_cache import HolidayFile

    path = Path(db).expanduser() if db else default_db_path()
    calendar = HolidayFile() if holidays is None else holidays
    return Service(Context(Store(path), clock=clock, seed=seed, holidays=calendar))


__all__ = ["AREAS", "Clock", "Context", "Service", "default_db_path", "open_service"]
