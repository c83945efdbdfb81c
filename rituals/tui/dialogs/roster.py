"""Import people from an HR roster CSV: all rows or none, each bad row named."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DirectoryTree, Input, Label, Static

from rituals.locale import _
from rituals.service.imports import ImportReport
from rituals.tui.dialogs.base import Dialog
from rituals.tui.feedback import error_text


class CsvTree(DirectoryTree):
    """Folders and CSV files only: a roster is what we are looking for."""

    def filter_paths(self, paths):
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in (".csv", ".txt"))]


class ImportDialog(Dialog[ImportReport]):
    """Returns the import report, or None when closed or when nothing was imported."""

    class Done(Message):
        def __init__(self, report: ImportReport | None, error: BaseException | None) -> None:
            super().__init__()
            self.report = report
            self.error = error

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-form") as box:
            box.border_title = _("Import a roster (CSV)")
            yield Static(
                _(
                    "Columns: name, email, team, location, timezone, joined, tags (French headers work too).\n"
                    "Nothing is imported unless every row is valid."
                ),
                classes="hint",
            )
            with Horizontal(classes="field"):
                yield Label(_("File"), classes="field-label")
                yield Input(placeholder=_("path/to/roster.csv"), id="f-path", compact=True)
            yield CsvTree(self.folder, id="tree")
            with VerticalScroll(id="import-report"):
                yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Import  ^s"), variant="primary", id="save", compact=True)
                yield Button(_("Close  esc"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one("#f-path", Input).focus()

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#f-path", Input).value = str(event.path)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        path = self.query_one("#f-path", Input).value.strip()
        if not path:
            self.show_error(_("Type a path or pick a file below."))
            return
        self.show_error(None)
        self.query_one("#save", Button).disabled = True
        self.run_import(Path(path).expanduser())

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_import(self, path: Path) -> None:
        # reading and checking a large roster is I/O: the dialog stays responsive meanwhile
        try:
            self.post_message(self.Done(self.service.people.import_file(path), None))
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, row by row
            self.post_message(self.Done(None, exc))

    def on_import_dialog_done(self, message: Done) -> None:
        self.query_one("#save", Button).disabled = False
        if message.error is not None:
            problems = getattr(message.error, "problems", None)
            text = error_text(message.error) if not problems else "\n".join([str(message.error), *problems])
            self.show_error(text)
            return
        report = message.report
        assert report is not None
        self.notify(
            _("Imported: {added} added, {updated} updated, {unchanged} unchanged").format(
                added=len(report.added), updated=len(report.updated), unchanged=len(report.unchanged)
            ),
            title=_("Roster"),
        )
        self.dismiss(report)
