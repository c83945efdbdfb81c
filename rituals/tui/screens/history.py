"""The change journal (h): who changed what, when and from where; undo back to a change."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Static

from rituals.core.journal import Change, local_time
from rituals.locale import N_, _, ngettext, pgettext
from rituals.service.history import UndoReport
from rituals.tui.dialogs.base import Dialog
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.feedback import attempt

SHOWN = 50  # a screenful and more; `rituals history -n` reaches further back


class HistoryScreen(Dialog[None]):
    """The latest changes, newest first; ``u`` undoes the highlighted one and every later one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "undo", N_("Undo back to here")),
        Binding("h", "cancel", N_("Close"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[Change] = []
        self.revision: int | None = None  # the one the list was read at: an undo is checked against it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="history") as box:
            box.border_title = _("Change history")
            yield Static(
                _(
                    "Newest first. [b]u[/b] undoes the highlighted change and every later one "
                    "(an undo is a change too: undo it to redo). [b]esc[/b] closes."
                ),
                classes="hint",
            )
            yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
            yield Static(id="dialog-error", classes="error")

    def on_mount(self) -> None:
        table = self.query_one("#changes", DataTable)
        columns = {
            "#": "#",
            "when": _("When"),
            "who": _("Who"),
            "from": pgettext("column", "From"),
            "what": pgettext("column", "What"),
        }
        for key, label in columns.items():
            table.add_column(label, key=key)
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
        n = len(self.changes)
        table.border_title = (
            ngettext(
                "{n} latest change · marked · cannot be undone", "{n} latest changes · marked · cannot be undone", n
            ).format(n=n)
            if self.changes
            else _("No change yet")
        )

    def selected(self) -> Change | None:
        row = self.query_one("#changes", DataTable).cursor_row
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def action_undo(self) -> None:
        change = self.selected()
        if change is None:
            return
        if not change.undoable:
            self.show_error(
                _("{change} cannot be undone (an erasure, a record of what was sent, or an old entry)").format(
                    change=change.label
                )
            )
            return
        later = self.changes.index(change)
        if later == 1:
            question = _("Undo [b]{change}[/b] ({summary}) and the change after it?").format(
                change=change.label, summary=escape(change.summary)
            )
        elif later:
            question = ngettext(
                "Undo [b]{change}[/b] ({summary}) and {n} change after it?",
                "Undo [b]{change}[/b] ({summary}) and the {n} changes after it?",
                later,
            ).format(change=change.label, summary=escape(change.summary), n=later)
        else:
            question = _("Undo [b]{change}[/b] ({summary})?").format(
                change=change.label, summary=escape(change.summary)
            )

        def undone(report: UndoReport) -> None:
            self.notify(
                _("Undid {changes}; press u on #{revision} to redo").format(
                    changes=", ".join(c.label for c in report.undone), revision=report.revision
                )
            )
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

        self.app.push_screen(ConfirmDialog(question, _("Undo")), answered)
