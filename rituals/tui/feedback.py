"""Turning service failures into messages on screen: the TUI never crashes on a user's mistake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode

from rituals.core.errors import RitualsError
from rituals.locale import _

T = TypeVar("T")


def error_text(exc: BaseException) -> str:
    if isinstance(exc, RitualsError):
        lines = [exc.message, *getattr(exc, "problems", [])[:8]]
        more = len(getattr(exc, "problems", [])) - 8
        if more > 0:
            lines.append(_("… and {n} more").format(n=more))
        return "\n".join(lines)
    # a bug: still a message, never a traceback over the user's screen
    return _("unexpected error: {kind}: {error}").format(kind=type(exc).__name__, error=exc)


def attempt(node: DOMNode, call: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """``call(*args)``; on failure, notify and return None."""
    try:
        return call(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a notification
        node.app.notify(error_text(exc), title=_("Not done"), severity="error", markup=False, timeout=8)
        return None
