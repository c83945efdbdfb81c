"""Export invites to .ics (one file, or a folder per ritual and person) or publish to CalDAV.

CalDAV is offered when RITUALS_CALDAV_URL is set (RITUALS_CALDAV_USER and
RITUALS_CALDAV_PASSWORD too if the server needs them): a password never goes in a form or a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from rituals.service.export import ExportReport
from rituals.tui.dialogs.base import Dialog
from rituals.tui.feedback import error_text

METHODS = (
    ("publish — a calendar feed", "publish"),
    ("request — invitations", "request"),
    ("cancel — withdraw", "cancel"),
)
EVERYTHING = "*"


def caldav_settings() -> tuple[str, str | None, str | None] | None:
    url = os.environ.get("RITUALS_CALDAV_URL", "").strip()
    if not url:
        return None
    return url, os.environ.get("RITUALS_CALDAV_USER") or None, os.environ.get("RITUALS_CALDAV_PASSWORD") or None


class ExportDialog(Dialog[ExportReport]):
    """Returns the last report, or None when closed without exporting."""

    class Done(Message):
        def __init__(
            self, report: ExportReport | None, error: BaseException | None, where: str, whole: bool = False
        ) -> None:
            super().__init__()
            self.report, self.error, self.where = report, error, where
            self.whole = whole  # one .ics file, written whole: no "up to date" to speak of

    def __init__(self, ritual_id: str | None = None) -> None:
        super().__init__()
        self.ritual_id = ritual_id
        self.report: ExportReport | None = None

    def compose(self) -> ComposeResult:
        rituals = self.service.rituals.all(include_cancelled=False)
        scope = [("Every active ritual", EVERYTHING), *((r.title, r.id) for r in rituals)]
        start = self.ritual_id if self.ritual_id in {r.id for r in rituals} else EVERYTHING
        caldav = caldav_settings()
        with Vertical(classes="dialog", id="export-form") as box:
            box.border_title = "Export invites"
            with Horizontal(classes="field"):
                yield Label("Rituals", classes="field-label")
                yield Select(scope, value=start, allow_blank=False, id="f-scope", compact=True)
            with Horizontal(classes="field"):
                yield Label("Method", classes="field-label")
                yield Select(METHODS, value="publish", allow_blank=False, id="f-method", compact=True)
            with Horizontal(classes="field"):
                yield Label("Write to", classes="field-label")
                yield Input(self._default_path(start), id="f-path", compact=True)
            yield Static(
                "A path ending in .ics is one file; any other path is a folder with one file "
                "per ritual and per person.",
                classes="hint",
            )
            if caldav:
                yield Static(f"CalDAV: {escape(caldav[0])}", classes="hint", id="caldav")
            else:
                yield Static("CalDAV publishing: set RITUALS_CALDAV_URL (and _USER, _PASSWORD).", classes="hint")
            with VerticalScroll(id="export-report"):
                yield Static(id="written")
                yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                if caldav:
                    yield Button("Publish to CalDAV", id="publish", compact=True)
                yield Button("Export  ^s", variant="primary", id="save", compact=True)
                yield Button("Close  esc", id="cancel", compact=True)

    def _default_path(self, scope: str) -> str:
        # relative: written where rituals was started, which is what the user expects
        return "rituals.ics" if scope == EVERYTHING else f"{scope}.ics"

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one("#written").display = False

    @on(Select.Changed, "#f-scope")
    def _scope_changed(self, event: Select.Changed) -> None:
        self.query_one("#f-path", Input).value = self._default_path(str(event.value))

    def _ids(self) -> list[str] | None:
        scope = self.query_one("#f-scope", Select).value
        return None if scope == EVERYTHING else [str(scope)]

    def action_cancel(self) -> None:
        self.dismiss(self.report)  # closing hands back what was written

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        path = Path(self.query_one("#f-path", Input).value.strip()).expanduser()
        method = str(self.query_one("#f-method", Select).value)
        self._busy(True)
        self.write_ics(self._ids(), method, path)

    @on(Button.Pressed, "#publish")
    def _publish(self) -> None:
        settings = caldav_settings()
        if settings:
            self._busy(True)
            self.publish(self._ids(), *settings)

    def _busy(self, busy: bool) -> None:
        for button in self.query(Button):
            button.disabled = busy and button.id != "cancel"
        self.show_error(None)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def write_ics(self, ids: list[str] | None, method: str, path: Path) -> None:
        # building calendars and writing files is I/O: never on the UI thread
        try:
            if path.suffix.lower() == ".ics":
                report, _ = self.service.export.ics(ids, method=method, output=path)
            else:
                report, _ = self.service.export.ics(ids, method=method, directory=path)
            self.post_message(self.Done(report, None, str(path), whole=path.suffix.lower() == ".ics"))
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.post_message(self.Done(None, exc, str(path)))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def publish(self, ids: list[str] | None, url: str, user: str | None, password: str | None) -> None:
        # a network round trip per event: never on the UI thread
        try:
            self.post_message(
                self.Done(self.service.export.publish(ids, url=url, user=user, password=password), None, url)
            )
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.post_message(self.Done(None, exc, url))

    def on_export_dialog_done(self, message: Done) -> None:
        self._busy(False)
        if message.error is not None:
            self.show_error(error_text(message.error))
            return
        report = self.report = message.report
        assert report is not None
        lines = _outcome(report, message.where, message.whole)
        lines += [f"[dim]skipped {escape(s)}[/dim]" for s in report.skipped]
        written = self.query_one("#written", Static)
        written.update("\n".join(lines))
        written.display = True
        said = (
            "Up to date"
            if report.nothing_to_do and not message.whole
            else f"{len(report.lines) or report.events} written"
        )
        self.notify(said, title="Export")


SHOWN = 8  # lines of a run listed in the dialog; the rest are counted


def _outcome(report: ExportReport, where: str, whole: bool) -> list[str]:
    """What went out, one line each, or that everything was already there (as the CLI says it)."""
    if whole:
        return [f"[b]Done:[/b] wrote {report.events} event(s), {report.uids} series → {escape(where)}"]
    if report.nothing_to_do:
        return [
            (
                f"[b]Everything is up to date[/b] ({report.up_to_date} event(s), {report.people} people): "
                f"nothing to write to {escape(where)}"
            )
        ]
    lines = []
    for line in report.lines[:SHOWN]:
        who = f" → {', '.join(line.recipients)}" if line.recipients else ""
        lines.append(escape(f"{line.method:<7} {line.name}{who} ({line.reason})"))
    if len(report.lines) > SHOWN:
        lines.append(f"  … and {len(report.lines) - SHOWN} more")
    lines.append(
        f"[b]{len(report.lines)} change(s)[/b] → {escape(where)}; {report.up_to_date} event(s) already up to date"
    )
    return lines
