"""The rituals planner: one Textual app over a Service, built by ``build_app`` for the CLI and tests."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.markup import escape

from rituals.core.errors import RitualsError
from rituals.locale import N_, _, current, use
from rituals.tui.commands import RitualsCommands
from rituals.tui.dialogs.base import Dialog
from rituals.tui.dialogs.export import ExportDialog
from rituals.tui.dialogs.person import PersonForm
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.dialogs.roster import ImportDialog
from rituals.tui.dialogs.sessions import ConfirmDialog
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.screens.broken import BrokenDatabaseScreen
from rituals.tui.screens.dashboard import DashboardScreen
from rituals.tui.screens.help import HelpScreen
from rituals.tui.screens.history import HistoryScreen
from rituals.tui.screens.ideas import IdeasScreen
from rituals.tui.screens.people import PeopleScreen
from rituals.tui.screens.rituals import RitualsScreen
from rituals.tui.screens.rotation import RotationScreen

if TYPE_CHECKING:
    from datetime import date

    from textual.screen import Screen

    from rituals.service import Service

DARK, LIGHT = "textual-dark", "textual-light"
WATCH_SECONDS = 2.0  # how often the planner looks for changes made by another window or command


class RitualsApp(App[None]):
    """Plan, rotate, review and export team rituals."""

    CSS_PATH = "app.tcss"
    TITLE = "rituals"
    COMMANDS = App.COMMANDS | {RitualsCommands}
    MODES: ClassVar = {
        "dashboard": DashboardScreen,
        "people": PeopleScreen,
        "rituals": RitualsScreen,
        "rotation": RotationScreen,
        "ideas": IdeasScreen,
    }
    DEFAULT_MODE = "dashboard"
    # side-by-side panels need room; below 110 columns they stack (see app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('dashboard')", N_("Dashboard"), show=False, id="go-dashboard"),
        Binding("2", "switch_mode('people')", N_("People"), show=False, id="go-people"),
        Binding("3", "switch_mode('rituals')", N_("Rituals"), show=False, id="go-rituals"),
        Binding("4", "switch_mode('rotation')", N_("Rotation"), show=False, id="go-rotation"),
        Binding("5", "switch_mode('ideas')", N_("Ideas"), show=False, id="go-ideas"),
        Binding("x", "export", N_("Export"), tooltip=N_("Export invites to .ics or publish to CalDAV"), id="export"),
        Binding("h", "history", N_("History"), show=False, tooltip=N_("Who changed what; undo"), id="history"),
        Binding("question_mark", "help", N_("Help"), key_display="?", id="help"),
        Binding("ctrl+t", "toggle_theme", N_("Theme"), show=False, id="theme"),
        # English <-> French, live; hidden: the Ideas screen shows it, Help and the palette say it
        Binding("l", "switch_language", N_("EN/FR"), show=False, id="language"),
        Binding("q", "quit", N_("Quit"), id="quit"),
    ]

    def __init__(
        self, service: Service, *, theme: str = DARK, rotation_time_limit: float = 300.0, lang: str | None = None
    ) -> None:
        super().__init__()
        if lang is not None:
            use(lang)  # else the reader's language, chosen by the CLI before the app was built
        self.service = service
        """Every read and write goes through it; the app holds no domain logic."""
        self.theme = theme
        self.rotation_time_limit = rotation_time_limit
        """Seconds the group search may take; it stops sooner once the groups cannot improve."""
        self.problem: RitualsError | None = None
        """Why the database cannot be read, if it cannot: the screens then load nothing."""
        self._seen_revision = self._revision()  # read before any screen loads: they skip a broken file
        self._collecting = gc.isenabled()

    def on_load(self) -> None:
        # start-up makes objects that live as long as the app (Textual's, the data's); the
        # collector walking them all, several times, is most of a slow start on a big team
        # (docs/performance.md, "TUI latency"): it waits until the first screen is shown
        self._collecting = gc.isenabled()
        gc.disable()

    def on_mount(self) -> None:
        if self.problem is not None:
            self.push_screen(BrokenDatabaseScreen(self.problem))
        self.set_interval(WATCH_SECONDS, self.check_outside_changes)
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        """The first screen is shown: what exists now is frozen (later collections skip it, so
        a pause while typing stays short) and the collector runs again."""
        gc.freeze()
        if self._collecting:
            gc.enable()

    def on_unmount(self) -> None:
        gc.unfreeze()  # what this app made may be freed once it is gone (the tests run many)
        if self._collecting:
            gc.enable()

    def _revision(self) -> int | None:
        try:
            revision = self.service.store.revision
        except RitualsError as exc:
            self.problem = exc
            return None
        self.problem = None
        return revision

    def check_outside_changes(self) -> None:
        """Another window or command wrote the database: show the new data, and say so. A file
        that breaks is said full-screen; one that can be read again brings the planner back."""
        revision = self._revision()
        broken = isinstance(self.screen, BrokenDatabaseScreen)
        if self.problem is not None:
            if not broken:
                self.push_screen(BrokenDatabaseScreen(self.problem))
            return
        if broken:
            self._seen_revision = revision
            self.pop_screen()  # the screen below reloads as it comes back
            self.notify(_("The database can be read again."), title=_("Back"))
            return
        if revision == self._seen_revision:
            return
        self._seen_revision = revision
        if revision == self.service.store.written_revision:
            return  # our own save: the screen that made it already shows it
        if isinstance(self.screen, PlannerScreen):
            self.screen.reload()
        latest = next(iter(self.service.store.changes(1)), None)  # the journal says who, and what
        if latest is None:
            said = _("The database was changed elsewhere. Showing the new data.")
        else:
            said = _("The database was changed elsewhere by {who} ({where}): {what}. Showing the new data.").format(
                who=latest.by, where=latest.via or _("another program"), what=latest.summary
            )
        self.notify(said, title=_("Updated"), markup=False)

    async def action_quit(self) -> None:
        """Quit; with groups changed in the Rotation screen and not saved, ask first."""
        unsaved = self.unsaved()
        if unsaved is None:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            ConfirmDialog(escape(_("Quit without saving {what}?").format(what=unsaved)), _("Quit")), answered
        )

    def unsaved(self) -> str | None:
        """What quitting now would lose, if anything."""
        try:
            stack = self.get_screen_stack("rotation")
        except KeyError:
            return None  # the Rotation screen was never opened
        return next((s.unsaved for s in stack if isinstance(s, RotationScreen) and s.unsaved), None)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a dialog drawn again would lose what was typed in it: the language waits until it is closed
        return not (action == "switch_language" and isinstance(self.screen, Dialog))

    async def action_switch_language(self, lang: str = "") -> None:
        """Switch the planner to ``lang`` (default: English <-> French) and draw it again: the
        screen shown now at once, the others as they come back (``PlannerScreen.language``)."""
        use(lang or ("en" if current() == "fr" else "fr"))
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
        self.notify(_("The planner now speaks English."), title=_("Language"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands, named in the reader's language (commands.TEXTUAL_TEXTS)
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[None]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_export(self, ritual_id: str = "") -> None:
        self.push_screen(ExportDialog(ritual_id or None))

    def action_new_ritual(self) -> None:
        self.push_screen(RitualForm())

    def action_add_person(self) -> None:
        self.push_screen(PersonForm(None))

    def action_import_roster(self) -> None:
        self.push_screen(ImportDialog())

    async def open_rotation(self, ritual_id: str, day: date | None = None) -> None:
        """Jump to the Rotation screen for one ritual (and date)."""
        await self.switch_mode("rotation")
        screen = self.screen
        if isinstance(screen, RotationScreen):
            screen.choose(ritual_id, day)

    async def open_ritual(self, ritual_id: str) -> None:
        """Jump to the Rituals screen, on one ritual."""
        await self.switch_mode("rituals")
        screen = self.screen
        if isinstance(screen, RitualsScreen):
            screen.select_ritual(ritual_id)

    async def open_person(self, email: str) -> None:
        """Jump to the People screen, on one person."""
        await self.switch_mode("people")
        screen = self.screen
        if isinstance(screen, PeopleScreen):
            screen.show_person(email)


def build_app(
    service: Service, *, theme: str = DARK, rotation_time_limit: float = 300.0, lang: str | None = None
) -> RitualsApp:
    """The one factory: the CLI runs what it returns, the tests drive it headless. ``lang``: the
    planner's language (default: the reader's, ``rituals.locale.current()``)."""
    return RitualsApp(service, theme=theme, rotation_time_limit=rotation_time_limit, lang=lang)


def run_tui(service: Service) -> None:
    build_app(service).run()
