"""A change made elsewhere meets yours: say what the other side did, and let the user choose to
reload (see their change, drop yours) or to apply theirs-then-yours (yours on top)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Button, Static

from rituals.core.errors import RitualsError
from rituals.core.journal import EditConflict
from rituals.locale import _
from rituals.tui.dialogs.base import Dialog
from rituals.tui.feedback import error_text

T = TypeVar("T")
RELOAD, APPLY = "reload", "apply"


class ConflictDialog(Dialog[str]):
    """Returns RELOAD, APPLY, or None (closed: nothing is written, the form stays open)."""

    def __init__(self, conflict: EditConflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflict") as box:
            box.border_title = _("Changed meanwhile by someone else")
            with VerticalScroll(classes="form"):
                yield Static(self.conflict.message, markup=False, id="conflict-message")
                yield Static("\n".join(self.conflict.problems), markup=False, id="conflict-changes", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(_("Reload theirs"), variant="primary", id=RELOAD, compact=True)
                yield Button(_("Apply mine on top"), variant="warning", id=APPLY, compact=True)
                yield Button(_("Cancel  esc"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{RELOAD}", Button).focus()

    @on(Button.Pressed, f"#{RELOAD}")
    @on(Button.Pressed, f"#{APPLY}")
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


def write_checked(
    node: DOMNode,
    write: Callable[[int | None], T],
    expected: int | None,
    done: Callable[[T], Any],
    reload: Callable[[], Any],
    failed: Callable[[RitualsError], Any] | None = None,
) -> None:
    """``write(expected)``, then ``done(result)``. A conflict asks the user: reload calls
    ``reload()``; apply writes again on top of the revision the conflict found. Other failures go
    to ``failed`` (default: a notification)."""

    def fail(exc: RitualsError) -> None:
        if failed is not None:
            failed(exc)
        else:
            node.app.notify(error_text(exc), title=_("Not done"), severity="error", markup=False, timeout=8)

    try:
        result = write(expected)
    except EditConflict as conflict:
        current = conflict.current  # the name of an except clause is gone once the clause ends

        def chosen(answer: str | None) -> None:
            if answer == APPLY:
                write_checked(node, write, current, done, reload, failed)
            elif answer == RELOAD:
                node.call_later(reload)  # a reload may recompose a form: after this dialog is gone

        node.app.push_screen(ConflictDialog(conflict), chosen)
        return
    except RitualsError as exc:
        fail(exc)
        return
    done(result)
