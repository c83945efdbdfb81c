"""What every service area is given: the store, the clock and the seed, all passed in."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rituals.core.closures import Closure
    from rituals.core.schedule import Holidays
    from rituals.store import Store
    from rituals.store.journal import Stamp

Clock = Callable[[], datetime]
CLOSURES = "closures"  # the table of company closures: key its id, value {"start", "end", "name"}


def default_db_path() -> Path:
    """--db, else $RITUALS_DB, else the user data dir (e.g. ~/.local/share/rituals/rituals.json)."""
    env = os.environ.get("RITUALS_DB")
    if env:
        return Path(env).expanduser()
    from rituals.store.userdirs import user_dir

    return user_dir("data") / "rituals.json"


class Context:
    """The store, the clock, the seed and the public-holiday calendar that one Service and all its
    areas share (passed in, never installed in a module), and who is changing the plan from
    where: every write's journal entry is stamped with them."""

    __slots__ = ("store", "clock", "seed", "holidays", "source", "user")

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        holidays: Holidays | None = None,
        source: str = "",
        user: str | None = None,
    ) -> None:
        self.store = store
        self.clock: Clock = clock or datetime.now
        self.seed = seed
        self.holidays = holidays  # None: the core computes them (rituals.core.schedule.Holidays)
        self.source = source
        """The command (`people edit`) or planner screen (`planner: people`) changes come from:
        the CLI sets it once per command, the planner each time a screen comes up."""
        self.user = user
        """Who changes the plan; None: $RITUALS_USER, else the system's user name."""
        store.stamper = self.stamp

    def stamp(self) -> Stamp:
        """Who, from where and when, for the journal entry of a write happening now."""
        from rituals.store.journal import Stamp, user_name, utc_stamp  # deferred: only writes need it

        return Stamp(self.user or user_name(), self.source, utc_stamp(self.clock()))

    def closures(self) -> tuple[Closure, ...]:
        """The company's closures as stored now (`rituals.service.closures` changes them): every
        ritual's dates in one are skipped or moved."""
        from rituals.core.closures import closures_from  # deferred: a command reading no dates never needs it

        return closures_from(self.store.states(CLOSURES))

    def now(self) -> datetime:
        """The clock's time to the minute, naive (local): what schedules and sessions use."""
        return self.clock().replace(tzinfo=None, second=0, microsecond=0)

    def today(self) -> date:
        return self.now().date()
