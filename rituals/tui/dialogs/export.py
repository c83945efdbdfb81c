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

from rituals.locale import N_, _, ngettext
from rituals.service.export import ExportReport
from rituals.tui.dialogs.base import Dialog
from rituals.tui.feedback import error_text

METHODS = (
    (N_("publish — a calendar feed"), "publish"),
    (N_("request — invitations"), "request"),
    (N_("cancel — withdraw"), "cancel"),
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
        scope = [(_("Every active ritual"), EVERYTHING), *((r.title, r.id) for r in rituals)]
        start = self.ritual_id if self.ritual_id in {r.id for r in rituals} else EVERYTHING
        caldav = caldav_settings()
        with Vertical(classes="dialog", id="export-form") as box:
            box.border_title = _("Export invites")
            with Horizontal(classes="field"):
                yield Label(_("Rituals"), classes="field-label")
                yield Select(scope, value=start, allow_blank=False, id="f-scope", compact=True)
            with Horizontal(classes="field"):
                yield Label(_("Method"), classes="field-label")
                methods = [(_(label), method) for label, method in METHODS]
                yield Select(methods, value="publish", allow_blank=False, id="f-method", compact=True)
            with Horizontal(classes="field"):
                yield Label(_("Write to"), classes="field-label")
                yield Input(self._default_path(start), id="f-path", compact=True)
            yield Static(
                _(
                    "A path ending in .ics is one file; any other path is a folder with one file "
                    "per ritual and per person."
                ),
                classes="hint",
            )
            if caldav:
                yield Static(_("CalDAV: {url}").format(url=escape(caldav[0])), classes="hint", id="caldav")
            else:
                yield Static(_("CalDAV publishing: set RITUALS_CALDAV_URL (and _USER, _PASSWORD)."), classes="hint")
            with VerticalScroll(id="export-report"):
                yield Static(id="written")
                yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                if caldav:
                    yield Button(_("Publish to CalDAV"), id="publish", compact=True)
                yield Button(_("Export  ^s"), variant="primary", id="save", compact=True)
                yield Button(_("Close  esc"), id="cancel", compact=True)

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
                report, _paths = self.service.export.ics(ids, method=method, output=path)
            else:
                report, _paths = self.service.export.ics(ids, method=method, directory=path)
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
        lines += ["[dim]" + _("skipped {what}").format(what=escape(s)) + "[/dim]" for s in report.skipped]
        written = self.query_one("#written", Static)
        written.update("\n".join(lines))
        written.display = True
        written_count = len(report.lines) or report.events
        said = (
            _("Up to date")
            if report.nothing_to_do and not message.whole
            else ngettext("{n} written", "{n} written", written_count).format(n=written_count)
        )
        self.notify(said, title=_("Export"))


SHOWN = 8  # lines of a run listed in the dialog; the rest are counted


def _outcome(report: ExportReport, where: str, whole: bool) -> list[str]:
    """What went out, one line each, or that everything was already there (as the CLI says it)."""
    if whole:
        events = ngettext("{n} event", "{n} events", report.events).format(n=report.events)
        return [
            _("[b]Done:[/b] wrote {events}, {n} series → {where}").format(
                events=events, n=report.uids, where=escape(where)
            )
        ]
    if report.nothing_to_do:
        events = ngettext("{n} event", "{n} events", report.up_to_date).format(n=report.up_to_date)
        people = ngettext("{n} person", "{n} people", report.people).format(n=report.people)
        return [
            _("[b]Everything is up to date[/b] ({events}, {people}): nothing to write to {where}").format(
                events=events, people=people, where=escape(where)
            )
        ]
    lines = []
    for line in report.lines[:SHOWN]:
        who = f" → {', '.join(line.recipients)}" if line.recipients else ""
        lines.append(escape(f"{line.method:<7} {line.name}{who} ({line.why()})"))
    if len(report.lines) > SHOWN:
        lines.append("  " + _("… and {n} more").format(n=len(report.lines) - SHOWN))
    changes = ngettext("{n} change", "{n} changes", len(report.lines)).format(n=len(report.lines))
    current = ngettext("{n} event already up to date", "{n} events already up to date", report.up_to_date).format(
        n=report.up_to_date
    )
    lines.append(f"[b]{changes}[/b] → {escape(where)}; {current}")
    return lines
