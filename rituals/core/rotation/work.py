"""Work budgets: the searches count what they do instead of watching the clock.

A search that stops at a wall-clock deadline gives a seed different groups on a busy machine
than on an idle one. Ours stop when they have spent their *work*: each search charges what a
step costs it (a swap priced, an annealing move, a tabu step over so many golfers and rounds)
from a cost model of the instance, never from the time it took. One unit is about a
microsecond of one core of the machine the models were measured on (docs/performance.md), so
that a budget reads like the seconds it buys there; on a slower or a busier machine the same
budget takes longer and gives the same result.

The clock stays, as a safety cap that a normal run never reaches (``plan_rounds``' and
``solve``'s ``time_limit``): a run that reaches it stops early, and only then may its result
depend on the machine.
"""

from __future__ import annotations

import math


class Work:
    """Units of work a search may still spend. ``share`` hands a part of them to a sub-search;
    what the part spends is spent here too."""

    def __init__(self, units: float = math.inf, parent: Work | None = None) -> None:
        self.units = units  # given at the start
        self.left = units
        self._parent = parent

    def spend(self, units: float) -> None:
        budget: Work | None = self
        while budget is not None:
            budget.left -= units
            budget = budget._parent

    @property
    def done(self) -> bool:
        return self.left <= 0

    @property
    def spent(self) -> float:
        return self.units - self.left

    def share(self, fraction: float) -> Work:
        """A budget of ``fraction`` of what is left here, charged here as it is spent."""
        return Work(fraction * max(self.left, 0.0), parent=self)

    def fraction_spent(self) -> float:
        """For progress reports: 0 at the start, 1 once the budget is spent (0 if unlimited)."""
        if not math.isfinite(self.units) or self.units <= 0:
            return 0.0
        return min(max(self.spent / self.units, 0.0), 1.0)
