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
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rituals.locale import N_, _, ngettext
from rituals.locale.formats import day, percent
from rituals.service.dashboard import DashboardView
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.feedback import attempt
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.text import when
from rituals.tui.widgets.table import Table

MAX_ROWS = 60
MAX_ALERTS_PER_KIND = 8
ALERT_ICONS = {
    "isolated": "◌",
    "no-upcoming": "∅",
    "groups-missing": "◇",
    "weekend": "◐",
    "stale-member": "⚠",
    "unsure": "?",
    "outside-hours": "☾",
    "trail": "➜",
    "moment": "✦",
}


class DashboardScreen(PlannerScreen):
    SECTION = "dashboard"
    AUTO_FOCUS = "#upcoming"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), tooltip=N_("Form the groups, or show the ritual or person")),
        Binding("tab", "app.focus_next", N_("Next panel"), show=False),
    ]

    class Loaded(Message):
        def __init__(self, data: DashboardView) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: DashboardView | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="figures")  # one line: at 80x24 the rows below need the room
        with Horizontal(id="dash-main", classes="split"):
            yield Table(id="upcoming", classes="panel")
            with Vertical(id="side"):
                yield OptionList(id="alerts", classes="panel")
                yield Table(id="recent", cursor=False, classes="panel")

    def on_mount(self) -> None:
        table = self.query_one("#upcoming", Table)
        for label in (_("When"), _("Ritual"), _("Who")):
            table.add_column(label)
        table.border_title = _("Next 14 days")
        self.query_one("#alerts").border_title = _("Needs attention")
        recent = self.query_one("#recent", Table)
        recent.border_title = _("Lately")
        recent.can_focus = False  # a record to read, nothing to act on
        for label in (_("When"), _("Ritual")):
            recent.add_column(label)
        recent.add_column(_("Came"), right=True)
        recent.add_column("★", right=True)

    def reload(self) -> None:
        if self.data is None:
            # the first picture is the real one: the app has just read the file, and an empty
            # dashboard drawn first would be drawn again (docs/performance.md, "TUI latency")
            data = attempt(self, self.service.dashboard.build)
            if data is not None:
                self.show(data)
            return
        self.load()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def load(self) -> None:
        # reading the store again and walking the history: off the UI thread
        self.post_message(self.Loaded(self.service.dashboard.build()))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        self.show(message.data)

    def show(self, data: DashboardView) -> None:
        self.data = data
        f = data.figures
        self.query_one("#figures", Static).update(figures_line(data), layout=False)
        rows = [
            (when(occ.ritual.schedule, occ.start), occ.ritual.title, ("✓ " if occ.groups_formed else "") + occ.who())
            for occ in data.upcoming[:MAX_ROWS]
        ]
        if len(data.upcoming) > MAX_ROWS:
            rows.append(("…", _("{n} more: see Rituals (3)").format(n=len(data.upcoming) - MAX_ROWS), ""))
        if not data.upcoming:
            # a first visit: say where to start rather than show an empty table
            if not f.people:
                rows.append(("—", _("no one here yet"), _("press 2, then a (or i: import a CSV)")))
            else:
                rows.append(("—", _("nothing planned yet"), _("press 3, then n (or 5 for ideas)")))
        self.query_one("#upcoming", Table).set_rows(rows)
        self.query_one("#recent", Table).set_rows(
            (
                day(held.start, "short"),
                held.title,
                f"{held.came}/{held.invited}",
                str(held.rating) if held.rating is not None else "—",
            )
            for held in data.recent
        )
        alerts = self.query_one("#alerts", OptionList)
        alerts.clear_options()
        shown: Counter[str] = Counter()
        for i, alert in enumerate(data.alerts):
            shown[alert.kind] += 1
            if shown[alert.kind] <= MAX_ALERTS_PER_KIND:  # a long list hides what matters
                alerts.add_option(Option(f"{ALERT_ICONS.get(alert.kind, '•')} {alert.text}", id=str(i)))
        for _kind, count in shown.items():
            if count > MAX_ALERTS_PER_KIND:
                more = count - MAX_ALERTS_PER_KIND
                alerts.add_option(Option("  " + _("… and {n} more like this").format(n=more), disabled=True))
        if not data.alerts:
            alerts.add_option(Option(_("✓ nothing needs your attention"), disabled=True))
        alerts.border_title = _("Needs attention ({n})").format(n=len(data.alerts))

    async def action_open(self) -> None:
        if self.data is None:
            return
        if isinstance(self.focused, OptionList):
            index = self.focused.highlighted
            if index is not None:
                await self._open_alert(self.focused.get_option_at_index(index).id)
            return
        table = self.query_one("#upcoming", Table)
        if 0 <= table.cursor_row < min(len(self.data.upcoming), MAX_ROWS):
            occ = self.data.upcoming[table.cursor_row]
            if occ.ritual.grouping.rotates:
                await self.app.open_rotation(occ.ritual.id, occ.day)
            else:
                await self.app.open_ritual(occ.ritual.id)

    @on(Table.RowSelected, "#upcoming")
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

            ritual_id, _at, on = alert.target.partition("@")
            await self.app.open_rotation(ritual_id, date.fromisoformat(on))
        elif alert.kind == "stale-member":
            self.offer_repair()
        elif alert.kind in ("isolated", "trail", "moment"):
            await self.app.open_person(alert.target)
        else:  # a ritual, or one of its sessions (ritual@day)
            await self.app.open_ritual(alert.target.partition("@")[0])

    def offer_repair(self) -> None:
        """Show who re-forming the groups of people paused or gone would affect, then do it."""
        change = attempt(self, self.service.repair.stale)
        if change is None:
            return
        if not change.sessions:
            self.reload()
            return
        lines = [change.summary(), *change.lines()[:8]]
        question = escape("\n".join(lines)) + "\n\n" + _("Re-form these groups now?")

        def answered(yes: bool | None) -> None:
            if yes and attempt(self, self.service.repair.fix_stale, expected_revision=change.revision) is not None:
                n = len(change.sessions)
                self.notify(
                    ngettext(
                        "Re-formed the groups of {n} planned session", "Re-formed the groups of {n} planned sessions", n
                    ).format(n=n),
                    title=_("Plan repaired"),
                )
            self.reload()

        self.app.push_screen(ConfirmDialog(question, _("Re-form them")), answered)

    def keep(self) -> object:
        return self.data

    def restore(self, kept: object) -> None:
        if isinstance(kept, DashboardView):
            self.show(kept)  # at once, in the new language; the service's texts follow with the reload
        self.reload()


def figures_line(data: DashboardView) -> str:
    """The key figures on one line: people, active rituals, this quarter's mixing and turnout."""
    f = data.figures
    rate = percent(f.participation) if f.participation is not None else "—"
    return _("{people} · {rituals} · this quarter: {pairs}, {rate} came").format(
        people=ngettext("[b]{n}[/b] person", "[b]{n}[/b] people", f.people).format(n=f.people),
        rituals=ngettext("[b]{n}[/b] active ritual", "[b]{n}[/b] active rituals", f.active_rituals).format(
            n=f.active_rituals
        ),
        pairs=ngettext("[b]{n}[/b] cross-team pair", "[b]{n}[/b] cross-team pairs", f.cross_team_pairs).format(
            n=f.cross_team_pairs
        ),
        rate=f"[b]{rate}[/b]",
    )
