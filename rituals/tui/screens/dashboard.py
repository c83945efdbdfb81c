"""Dashboard: the coming sessions, what needs attention, and the quarter's key figures."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from rituals.service.dashboard import DashboardView
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.feedback import attempt
from rituals.tui.screens.base import PlannerScreen

MAX_ROWS = 60
MAX_ALERTS_PER_KIND = 8
ALERT_ICONS = {"isolated": "◌", "no-upcoming": "∅", "groups-missing": "◇", "weekend": "◐", "stale-member": "⚠",
               "unsure": "?", "outside-hours": "☾", "trail": "➜", "moment": "✦"}


class DashboardScreen(PlannerScreen):
    SECTION = "dashboard"
    AUTO_FOCUS = "#upcoming"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Form the groups, or show the ritual or person"),
        Binding("tab", "app.focus_next", "Next panel", show=False),
    ]

    class Loaded(Message):
        def __init__(self, data: DashboardView) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: DashboardView | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="figures"):
            for name in ("people", "rituals", "pairs", "participation"):
                yield Static(classes="figure", id=f"fig-{name}")
        with Horizontal(id="dash-main", classes="split"):
            with Vertical(id="upcoming-panel", classes="panel"):
                yield DataTable(id="upcoming", cursor_type="row", zebra_stripes=True)
            with Vertical(id="side"):
                with Vertical(id="alerts-panel", classes="panel"):
                    yield OptionList(id="alerts")
                with Vertical(id="recent-panel", classes="panel"):
                    yield DataTable(id="recent", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#upcoming", DataTable)
        # fixed widths: auto widths are not recomputed when the rows are replaced
        table.add_column("When", key="when", width=16)
        table.add_column("Ritual", key="ritual", width=30)
        table.add_column("Who", key="who")
        self.query_one("#upcoming-panel").border_title = "Next 14 days"
        self.query_one("#alerts-panel").border_title = "Needs attention"
        self.query_one("#recent-panel").border_title = "Lately"
        recent = self.query_one("#recent", DataTable)
        recent.can_focus = False  # a record to read, nothing to act on
        for label, width in (("When", 10), ("Ritual", 30), ("Came", 7), ("★", 2)):
            recent.add_column(label, key=label, width=width)

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def load(self) -> None:
        # reading the store and walking the history is I/O-bound: keep it off the UI thread
        self.post_message(self.Loaded(self.service.dashboard.build()))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        self.data = data = message.data
        f = data.figures
        rate = f"{f.participation:.0%}" if f.participation is not None else "—"
        cards = {
            "people": (f.people, "people"),
            "rituals": (f.active_rituals, "active rituals"),
            "pairs": (f.cross_team_pairs, "cross-team pairs met this quarter"),
            "participation": (rate, "turnout this quarter"),
        }
        for name, (value, label) in cards.items():
            self.query_one(f"#fig-{name}", Static).update(f"[b]{value}[/b]\n[dim]{label}[/dim]")
        table = self.query_one("#upcoming", DataTable)
        table.clear()
        for i, occ in enumerate(data.upcoming[:MAX_ROWS]):
            mark = "✓ " if occ.groups_formed else ""
            table.add_row(occ.ritual.schedule.when(occ.start), occ.ritual.title, mark + occ.who(), key=str(i))
        if len(data.upcoming) > MAX_ROWS:
            table.add_row("…", f"{len(data.upcoming) - MAX_ROWS} more: see Rituals (3)", "")
        if not data.upcoming:
            # a first visit: say where to start rather than show an empty table
            if not f.people:
                table.add_row("—", "no one here yet", "press 2, then a (or i: import a CSV)")
            else:
                table.add_row("—", "nothing planned yet", "press 3, then n (or 5 for ideas)")
        recent = self.query_one("#recent", DataTable)
        recent.clear()
        for held in data.recent:
            stars = str(held.rating) if held.rating is not None else "—"
            recent.add_row(held.start.strftime("%a %d %b"), held.title, f"{held.came}/{held.invited}", stars)
        alerts = self.query_one("#alerts", OptionList)
        alerts.clear_options()
        shown: Counter[str] = Counter()
        for i, alert in enumerate(data.alerts):
            shown[alert.kind] += 1
            if shown[alert.kind] <= MAX_ALERTS_PER_KIND:  # a long list hides what matters
                alerts.add_option(Option(f"{ALERT_ICONS.get(alert.kind, '•')} {alert.text}", id=str(i)))
        for kind, count in shown.items():
            if count > MAX_ALERTS_PER_KIND:
                alerts.add_option(Option(f"  … and {count - MAX_ALERTS_PER_KIND} more like this", disabled=True))
        if not data.alerts:
            alerts.add_option(Option("✓ nothing needs your attention", disabled=True))
        self.query_one("#alerts-panel").border_title = f"Needs attention ({len(data.alerts)})"

    async def action_open(self) -> None:
        if self.data is None:
            return
        if isinstance(self.focused, OptionList):
            index = self.focused.highlighted
            if index is not None:
                await self._open_alert(self.focused.get_option_at_index(index).id)
            return
        table = self.query_one("#upcoming", DataTable)
        if 0 <= table.cursor_row < min(len(self.data.upcoming), MAX_ROWS):
            occ = self.data.upcoming[table.cursor_row]
            if occ.ritual.grouping.rotates:
                await self.app.open_rotation(occ.ritual.id, occ.day)  # type: ignore[attr-defined]
            else:
                await self.app.switch_mode("rituals")
                self.app.screen.select_ritual(occ.ritual.id)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#upcoming")
    async def _row_chosen(self) -> None:
        await self.action_open()

    @on(OptionList.OptionSelected, "#alerts")
    async def _alert_chosen(self, event: OptionList.OptionSelected) -> None:
        await self._open_alert(event.option.id)

    async def _open_alert(self, option_id: str | None) -> None:
        # option ids are indexes into the alerts (summary lines have none)
        if self.data is None or option_id is None:
            return
        alert = self.data.alerts[int(option_id)]
        if alert.kind == "groups-missing":
            from datetime import date

            ritual_id, _, day = alert.target.partition("@")
            await self.app.open_rotation(ritual_id, date.fromisoformat(day))  # type: ignore[attr-defined]
        elif alert.kind == "stale-member":
            self.offer_repair()
        elif alert.kind in ("isolated", "trail", "moment"):
            await self.app.switch_mode("people")
            self.app.screen.show_person(alert.target)  # type: ignore[attr-defined]
        else:  # a ritual, or one of its sessions (ritual@day)
            await self.app.switch_mode("rituals")
            self.app.screen.select_ritual(alert.target.partition("@")[0])  # type: ignore[attr-defined]

    def offer_repair(self) -> None:
        """Show who re-forming the groups of people paused or gone would affect, then do it."""
        change = attempt(self, self.service.repair.stale)
        if change is None:
            return
        if not change.sessions:
            self.reload()
            return
        lines = [change.summary(), *change.lines()[:8]]
        question = escape("\n".join(lines)) + "\n\nRe-form these groups now?"

        def answered(yes: bool | None) -> None:
            if yes and attempt(self, self.service.repair.fix_stale, expected_revision=change.revision) is not None:
                self.notify(f"Re-formed the groups of {len(change.sessions)} planned session(s)", title="Plan repaired")
            self.reload()

        self.app.push_screen(ConfirmDialog(question, "Re-form them"), answered)
