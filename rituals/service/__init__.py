"""The one API that the CLI and the TUI call. No UI here (a test enforces it).

`Service` gathers every area (people, rituals, export, rotation...); it is imported on first use
so that a quick command can load just the one area it needs: ``open_service(db, area=SuggestMixin)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from rituals.service.base import Clock, ServiceBase, default_db_path

if TYPE_CHECKING:
    from rituals.core.schedule import Holidays
    from rituals.service.everything import Service

Area = TypeVar("Area", bound=ServiceBase)


@overload
def open_service(db: str | Path | None = None, *, clock: Clock | None = None, seed: int | None = None,
                 holidays: Holidays | None = None, area: None = None) -> Service: ...
@overload
def open_service(db: str | Path | None = None, *, clock: Clock | None = None, seed: int | None = None,
                 holidays: Holidays | None = None, area: type[Area]) -> Area: ...
def open_service(db: str | Path | None = None, *, clock: Clock | None = None, seed: int | None = None,
                 holidays: Holidays | None = None, area: type[Any] | None = None) -> Any:
    """The factory used by the CLI, the TUI and the tests: the whole Service, or one ``area``.
    Public holidays come from ``holidays``, by default a file in the user's cache folder."""
    from rituals.store.holiday_cache import HolidayFile
    from rituals.store import Store

    path = Path(db).expanduser() if db else default_db_path()
    if area is None:
        from rituals.service.everything import Service  # deferred: see the module docstring

        area = Service
    return area(Store(path), clock=clock, seed=seed, holidays=HolidayFile() if holidays is None else holidays)


def __getattr__(name: str) -> Any:
    if name == "Service":
        from rituals.service.everything import Service

        return Service
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Service", "open_service", "default_db_path"]
