"""The rotation engine: who meets whom, over one or several rounds.

Its one public entry is :func:`plan_rounds` (with :class:`Member` in, :class:`Plan` out); the
rooms inside are its parts: ``sizes``, ``costs``, ``greedy``, ``search``, ``relabel``, ``teams``,
``places``, ``explain``, ``work`` (the searches' budgets: counted, never timed) and the Social
Golfer solvers in ``golf/``. Names load on first use: the engine needs numpy, which quick
commands never import (see docs/performance.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rituals.core.rotation.explain import GroupExplanation as GroupExplanation
    from rituals.core.rotation.explain import RepeatNote as RepeatNote
    from rituals.core.rotation.explain import evaluate as evaluate
    from rituals.core.rotation.plan import Member as Member
    from rituals.core.rotation.plan import Plan as Plan
    from rituals.core.rotation.plan import plan_rounds as plan_rounds

_WHERE = {
    "GroupExplanation": "explain",
    "RepeatNote": "explain",
    "evaluate": "explain",
    "Member": "plan",
    "Plan": "plan",
    "plan_rounds": "plan",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
