"""The change journal (h): who changed what, when and from where; undo back to a change."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Static

from rituals.core.journal import Change, local_time
from rituals.service.history import UndoReport
from rituals.tui.dialogs.base import Dialog
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.feedback import attempt

SHOWN = 50  # a screenful and more; `rituals history -n` reaches further back


class HistoryScreen(Dialog[None]):
    """The latest changes, newest first; ``u`` undoes the highlighted one and every later one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "undo", "Undo back to here"),
        Binding("h", "cancel", "Close", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[Change] = []
        self.revision: int | None = None  # the one the list was read at: an undo is checked against it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="history") as box:
            box.border_title = "Change history"
            yield Static(
                "Newest first. [b]u[/b] undoes the highlighted change and every later one "
                "(an undo is a change too: undo it to redo). [b]esc[/b] closes.",
                classes="hint",
            )
            yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
            yield Static(id="dialog-error", classes="error")

    def on_mount(self) -> None:
        table = self.query_one("#changes", DataTable)
        for label in ("#", "When", "Who", "From", "What"):
            table.add_column(label, key=label.lower())
        self.show_error(None)
        self.load()
        table.focus()

    def load(self) -> None:
        self.revision = attempt(self, self.service.history.revision)
        self.changes = attempt(self, self.service.history.entries, SHOWN) or []
        table = self.query_one("#changes", DataTable)
        table.clear()
        for c in self.changes:
            table.add_row(
                c.label + ("" if c.undoable else " ·"), local_time(c.at), escape(c.by), escape(c.via), escape(c.summary)
            )
        table.border_title = (
            f"{len(self.changes)} latest change(s) · marked · cannot be undone" if self.changes else "No change yet"
        )

    def selected(self) -> Change | None:
        row = self.query_one("#changes", DataTable).cursor_row
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def action_undo(self) -> None:
        change = self.selected()
        if change is None:
            return
        if not change.undoable:
            self.show_error(f"{change.label} cannot be undone (an erasure, a record of what was sent, or an old entry)")
            return
        later = self.changes.index(change)
        also = f" and the {later} change(s) after it" if later else ""
        question = f"Undo [b]{change.label}[/b] ({escape(change.summary)}){also}?"

        def undone(report: UndoReport) -> None:
            self.notify(f"Undid {', '.join(c.label for c in report.undone)}; press u on #{report.revision} to redo")
            self.load()

        def answered(yes: bool | None) -> None:
            if yes:
                write_checked(
                    self,
                    lambda expected: self.service.history.undo(to=change.revision, expected_revision=expected),
                    self.revision,
                    undone,
                    self.load,
                    self.show_error,
                )

        self.app.push_screen(ConfirmDialog(question, "Undo"), answered)
