"""`Service`: every area of rituals over one store, clock and seed, each area made on first use.

An area is a small class whose constructor takes the shared `Context` and the other areas it
uses; the table in `Service` is the whole dependency graph. Each area's module is imported only
when the area is first reached, so `rituals suggest` loads the ideas area and what it depends on,
never export, rotation or the doctor.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from rituals.service.context import Context

if TYPE_CHECKING:
    from rituals.service.closures import Closures
    from rituals.service.dashboard import Dashboard
    from rituals.service.doctor import Doctor
    from rituals.service.export import Export
    from rituals.service.history import History
    from rituals.service.hours import Hours
    from rituals.service.ideas import Ideas
    from rituals.service.people import People
    from rituals.service.privacy import Privacy
    from rituals.service.repair import PlanRepair
    from rituals.service.replies import Replies
    from rituals.service.reports import Reports
    from rituals.service.rituals import Rituals
    from rituals.service.rotation import Rotation
    from rituals.service.sessions import Sessions
    from rituals.service.setup import Setup
    from rituals.service.slots import Slots
    from rituals.store import Store

T = TypeVar("T")


class Area(Generic[T]):
    """An attribute of `Service` that imports ``module.Class`` on first use and builds it with
    the context and the areas named in ``needs`` (attributes of the same Service). A need
    written ``"~name"`` is handed over as a function that gives that area when called: for an
    area used by a rare operation only (pausing someone repairs the plan; listing people, which
    every quick command does, must not load the repair)."""

    def __init__(self, where: str, *needs: str) -> None:
        self.module, _, self.cls = where.rpartition(".")
        self.needs = needs
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, service: None, owner: type) -> Area[T]: ...
    @overload
    def __get__(self, service: Service, owner: type) -> T: ...
    def __get__(self, service: Service | None, owner: type) -> Area[T] | T:
        if service is None:
            return self
        cls: Any = getattr(import_module(f"rituals.service.{self.module}"), self.cls)
        area: T = cls(service.context, *(_given(service, need) for need in self.needs))
        # an instance attribute from now on: a descriptor without __set__ is looked up after it
        service.__dict__[self.name] = area
        return area


class Service:
    """Every capability of rituals, over one store, clock and seed (see the module docstring)."""

    repair: Area[PlanRepair] = Area("repair.PlanRepair")
    people: Area[People] = Area("people.People", "~repair")
    rituals: Area[Rituals] = Area("rituals.Rituals", "people")
    sessions: Area[Sessions] = Area("sessions.Sessions", "rituals")
    rotation: Area[Rotation] = Area("rotation.Rotation", "rituals")
    ideas: Area[Ideas] = Area("ideas.Ideas", "people", "rituals")
    hours: Area[Hours] = Area("hours.Hours", "people")
    dashboard: Area[Dashboard] = Area("dashboard.Dashboard", "rituals", "sessions", "repair", "hours")
    reports: Area[Reports] = Area("reports.Reports")
    export: Area[Export] = Area("export.Export", "rituals")
    replies: Area[Replies] = Area("replies.Replies", "rituals", "~repair")
    privacy: Area[Privacy] = Area("privacy.Privacy", "repair")
    doctor: Area[Doctor] = Area("doctor.Doctor", "repair")
    setup: Area[Setup] = Area("setup.Setup")
    history: Area[History] = Area("history.History")
    closures: Area[Closures] = Area("closures.Closures")
    slots: Area[Slots] = Area("slots.Slots", "people", "rituals")

    def __init__(self, context: Context) -> None:
        self.context = context

    @property
    def store(self) -> Store:
        return self.context.store

    @property
    def seed(self) -> int | None:
        return self.context.seed

    def now(self) -> datetime:
        return self.context.now()

    def today(self) -> date:
        return self.context.today()


def _given(service: Service, need: str) -> Any:
    if need.startswith("~"):
        return lambda: getattr(service, need[1:])
    return getattr(service, need)


AREAS: tuple[str, ...] = tuple(name for name, value in vars(Service).items() if isinstance(value, Area))
