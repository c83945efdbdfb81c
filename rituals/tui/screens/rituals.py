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
from rituals.locale import N_, _, ngettext, pgettext
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.dialogs.sessions import CancelSessionDialog, ConfirmDialog
from rituals.tui.feedback import attempt
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.text import value, when
from rituals.tui.widgets.table import Table


class RitualsScreen(PlannerScreen):
    SECTION = "rituals"
    AUTO_FOCUS = "#rituals"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New")),
        Binding("e", "edit", N_("Edit")),
        Binding("g", "rotate", N_("Form groups")),
        Binding("c", "cancel_session", N_("Cancel a date")),
        Binding("C", "stop", N_("Stop ritual"), show=False),
        Binding("x", "export", N_("Export")),
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
        table.add_column(pgettext("column", "Ritual"), floor=22)  # the title says which it is: the last to give way
        for label in (pgettext("column", "Rhythm"), pgettext("column", "Next"), pgettext("column", "Groups")):
            table.add_column(label)
        self.query_one("#ritual-detail").border_title = _("Details")
        table.border_title = _("Rituals")
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
            nxt = when(r.schedule, upcoming[0]) if upcoming else (_("stopped") if r.status != "active" else "—")
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
            detail.update(_("No ritual yet. Press [b]n[/b] to create one, or [b]5[/b] for ideas."))
            return
        text = attempt(self, self._describe, ritual)
        if text is not None:
            detail.update(text)

    def _describe(self, r: Ritual) -> str:
        s = r.schedule
        when_line = _("{schedule}, {length}").format(schedule=escape(s.describe()), length=s.length())
        if s.skip_holidays:
            when_line = _("{when}, skips {country} holidays").format(when=when_line, country=s.skip_holidays)
        # the labels are padded to one width, whatever their length in the reader's language
        labels = [
            _("When"),
            _("Who"),
            pgettext("place", "Where"),
            _("Video"),
            pgettext("organizer", "By"),
            pgettext("slot", "Times"),
        ]
        width = max(len(label) for label in labels) + 1

        def pad(label: str) -> str:
            return " " * (width - len(label))

        lines = [
            f"[b]{escape(r.title)}[/b]",
            f"[dim]{r.id} · {value(r.kind)} · {value(r.format)} · {value(r.status)}[/dim]",
            "",
            f"[b]{labels[0]}[/b]{pad(labels[0])} {when_line}",
            f"[b]{labels[1]}[/b]{pad(labels[1])} {escape(r.audience.describe())} · {r.grouping.describe()}",
        ]
        for label, said in ((labels[2], r.location), (labels[3], r.video_link), (labels[4], r.organizer)):
            if said:
                lines.append(f"[b]{label:<{width}}[/b] {escape(said)}")
        if r.slot is not None:
            lines.append(f"[b]{labels[5]}[/b]{pad(labels[5])} {escape(r.slot.describe())}")
        if r.description:
            lines += ["", escape(r.description)]
        if r.status == "active":
            coming = self.service.sessions.upcoming(90, ritual_id=r.id)[:5]
            lines += ["", "[b]" + _("Next dates") + "[/b]"]
            lines += [f"  {when(r.schedule, o.start)}  {'✓ ' if o.groups_formed else ''}{o.who()}" for o in coming]
            if not coming:
                lines.append("  " + _("none in the next 90 days"))
            else:  # the first date's clock in the other zones, who it is outside the hours of
                lines += [
                    f"  [dim]{escape(line)}[/dim]"
                    for line in self.service.hours.time_lines(r, coming[0].start, coming[0].session)
                ]
            skipped = self.service.rituals.skipped(r)
            if skipped:
                lines += ["", "[b]" + _("Skipped or moved") + "[/b]"]
                lines += [f"  {escape(self.service.rituals.skip_text(r, item))}" for item in skipped[:5]]
        held = [x for x in self.service.sessions.all(r.id) if x.status == "held"]
        held_line = ngettext("{n} session held", "{n} sessions held", len(held)).format(n=len(held))
        lines += ["", f"[dim]{held_line}[/dim]"]
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

        def stopped(_ritual: Ritual) -> None:
            self.notify(_("Stopped {title}; its history is kept").format(title=ritual.title))
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

        question = _("Stop [b]{title}[/b]? Its planned sessions are cancelled; the history stays.").format(
            title=escape(ritual.title)
        )
        self.app.push_screen(ConfirmDialog(question, _("Stop it")), answered)

    def keep(self) -> object:
        return self.selected_id()

    def restore(self, kept: object) -> None:
        self.wanted = kept if isinstance(kept, str) else None
        self.reload()

    def action_export(self) -> None:
        self.app.action_export(self.selected_id() or "")
