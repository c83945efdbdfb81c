"""Rituals: the list, the chosen one's details, and create, edit, cancel."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from rituals.core.models import Ritual
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.dialogs.sessions import CancelSessionDialog, ConfirmDialog
from rituals.tui.feedback import attempt
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.widgets.table import Table


class RitualsScreen(PlannerScreen):
    SECTION = "rituals"
    AUTO_FOCUS = "#rituals"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("g", "rotate", "Form groups"),
        Binding("c", "cancel_session", "Cancel a date"),
        Binding("C", "stop", "Stop ritual", show=False),
        Binding("x", "export", "Export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rituals: list[Ritual] = []
        self.wanted: str | None = None
        self.revision: int | None = None  # the one the list was read at

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rituals-main", classes="split"):
            yield Table(id="rituals", classes="panel")
            with VerticalScroll(id="ritual-detail", classes="panel"):
                yield Static(id="detail")

    def on_mount(self) -> None:
        table = self.query_one("#rituals", Table)
        table.add_column("Ritual", floor=22)  # the title says which it is: the last to give way
        for label in ("Rhythm", "Next", "Groups"):
            table.add_column(label)
        self.query_one("#ritual-detail").border_title = "Details"
        table.border_title = "Rituals"
        table.focus()

    def reload(self) -> None:
        self.revision = attempt(self, self.service.history.revision)
        rituals = attempt(self, self.service.rituals.all)
        if rituals is None:
            return
        table = self.query_one("#rituals", Table)
        keep = self.wanted or self.selected_id()
        self.wanted = None
        rows = []
        for r in rituals:
            upcoming = self.service.rituals.next_dates(r, 1) if r.status == "active" else []
            nxt = r.schedule.when(upcoming[0]) if upcoming else ("stopped" if r.status != "active" else "—")
            rows.append((r.title, r.schedule.rhythm(), nxt, r.grouping.describe()))
        self.rituals = rituals
        table.set_rows(rows)
        ids = [r.id for r in rituals]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self.show_detail()

    def selected(self) -> Ritual | None:
        table = self.query_one("#rituals", Table)
        if not self.rituals or not 0 <= table.cursor_row < len(self.rituals):
            return None
        return self.rituals[table.cursor_row]

    def selected_id(self) -> str | None:
        ritual = self.selected()
        return ritual.id if ritual else None

    def select_ritual(self, ritual_id: str) -> None:
        """Show one ritual (from the dashboard or an idea turned into a ritual)."""
        ids = [r.id for r in self.rituals]
        if ritual_id in ids:
            self.query_one("#rituals", Table).move_cursor(row=ids.index(ritual_id), animate=False)
        else:
            self.wanted = ritual_id  # not loaded yet: picked on the next reload

    @on(Table.RowHighlighted, "#rituals")
    def show_detail(self) -> None:
        ritual = self.selected()
        detail = self.query_one("#detail", Static)
        if ritual is None:
            detail.update("No ritual yet. Press [b]n[/b] to create one, or [b]5[/b] for ideas.")
            return
        text = attempt(self, self._describe, ritual)
        if text is not None:
            detail.update(text)

    def _describe(self, r: Ritual) -> str:
        s = r.schedule
        lines = [
            f"[b]{escape(r.title)}[/b]",
            f"[dim]{r.id} · {r.kind} · {r.format} · {r.status}[/dim]",
            "",
            f"[b]When[/b]   {escape(s.describe())}, {s.length()}"
            + (f", skips {s.skip_holidays} holidays" if s.skip_holidays else ""),
            f"[b]Who[/b]    {escape(r.audience.describe())} · {r.grouping.describe()}",
        ]
        for label, value in (("Where", r.location), ("Video", r.video_link), ("By", r.organizer)):
            if value:
                lines.append(f"[b]{label:<6}[/b] {escape(value)}")
        if r.slot is not None:
            lines.append(f"[b]Times[/b]  {escape(r.slot.describe())}")
        if r.description:
            lines += ["", escape(r.description)]
        if r.status == "active":
            coming = self.service.sessions.upcoming(90, ritual_id=r.id)[:5]
            lines += ["", "[b]Next dates[/b]"]
            lines += [f"  {r.schedule.when(o.start)}  {'✓ ' if o.groups_formed else ''}{o.who()}" for o in coming]
            if not coming:
                lines.append("  none in the next 90 days")
            else:  # the first date's clock in the other zones, who it is outside the hours of
                lines += [
                    f"  [dim]{escape(line)}[/dim]"
                    for line in self.service.hours.time_lines(r, coming[0].start, coming[0].session)
                ]
            skipped = self.service.rituals.skipped(r)
            if skipped:
                lines += ["", "[b]Skipped or moved[/b]"]
                lines += [f"  {escape(self.service.rituals.skip_text(r, item))}" for item in skipped[:5]]
        held = [x for x in self.service.sessions.all(r.id) if x.status == "held"]
        lines += ["", f"[dim]{len(held)} sessions held[/dim]"]
        return "\n".join(lines)

    @on(Table.RowSelected, "#rituals")
    def _chosen(self) -> None:
        self.action_edit()

    def action_new(self) -> None:
        self.app.push_screen(RitualForm(), self._saved)

    def action_edit(self) -> None:
        ritual = self.selected()
        if ritual is None:
            return
        revision = attempt(self, self.service.history.revision)  # read first: the form's edits are checked against it
        fresh = attempt(self, self.service.rituals.get, ritual.id)
        if fresh is not None:
            self.app.push_screen(RitualForm(fresh, revision=revision), self._saved)

    def _saved(self, ritual: Ritual | None) -> None:
        if ritual is not None:
            self.wanted = ritual.id
            self.reload()

    async def action_rotate(self) -> None:
        ritual = self.selected()
        if ritual is not None:
            await self.app.open_rotation(ritual.id)

    def action_cancel_session(self) -> None:
        ritual = self.selected()
        if ritual is not None:
            self.app.push_screen(CancelSessionDialog(ritual))

    def action_stop(self) -> None:
        ritual = self.selected()
        if ritual is None or ritual.status != "active":
            return

        def stopped(_: Ritual) -> None:
            self.notify(f"Stopped {ritual.title}; its history is kept")
            self.reload()

        def answered(yes: bool | None) -> None:
            if yes:
                write_checked(
                    self,
                    lambda expected: self.service.rituals.cancel(ritual.id, expected_revision=expected),
                    self.revision,
                    stopped,
                    self.reload,
                )

        question = f"Stop [b]{escape(ritual.title)}[/b]? Its planned sessions are cancelled; the history stays."
        self.app.push_screen(ConfirmDialog(question, "Stop it"), answered)

    def action_export(self) -> None:
        self.app.action_export(self.selected_id() or "")
