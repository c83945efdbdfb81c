"""A database that cannot be read: said in full, instead of empty screens that look like data loss.

The planner shows which file, what is wrong with it, that nothing was written, and the way out
the doctor finds (the backup when it is good, else a hand fix or a new file). The screen
closes by itself once the file can be read again (the app checks every few seconds).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rituals.core.errors import RitualsError
from rituals.locale import N_, _
from rituals.tui.widgets.keys import KeyBar

if TYPE_CHECKING:
    from rituals.tui.app import RitualsApp


class BrokenDatabaseScreen(ModalScreen[None]):
    """Modal: the planner behind it has nothing true to show, so its keys are out of reach."""

    DEFAULT_CSS = """
    BrokenDatabaseScreen {
        background: $background;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", N_("Quit")),
        # a modal screen keeps the app's keys out of reach: the language switch is offered here too
        Binding("l", "app.switch_language", N_("EN/FR"), show=False),
    ]
    if TYPE_CHECKING:
        app = getters.app(RitualsApp)  # Textual's own typing: this screen runs in RitualsApp

    def __init__(self, problem: RitualsError) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="broken", classes="panel") as box:
            box.border_title = _("The database cannot be read")
            yield Static(self._report(), id="broken-text")
        yield KeyBar()

    async def relabel(self) -> None:
        """Drawn again in the reader's language (switched live)."""
        await self.recompose()

    def _report(self) -> Table:
        service = self.app.service
        full = str(service.store.path)
        path = _as_typed(service.store.path)
        problem = getattr(self.problem, "problem", self.problem.message)
        problem = problem.replace(f"database {full} is ", "").replace(f"database {full} ", "")  # said above
        problem = problem.replace(full, path)  # in other languages: the file as the user typed it
        try:
            advice = service.doctor.check().advice  # reads only: no repair, no restore
        except RitualsError:
            advice = []
        # the commands as they must be typed for this very file, from where the planner was started
        advice = [line.replace(full, path).replace("`rituals ", f"`rituals --db {path} ") for line in advice]
        advice.append(
            _(
                "Quit (q), and run `{command}` in a terminal: it checks the file and says what can bring it back."
            ).format(command=f"rituals --db {path} doctor")
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")  # a path is folded, never cut
        grid.add_row(_("File"), Text(path))
        grid.add_row(_("Problem"), Text(problem))
        grid.add_row("", "")
        safe = _("Nothing was changed: the planner left the file as it is and writes nothing to it.")
        grid.add_row(_("Safe"), Text(safe))
        grid.add_row("", "")
        for n, line in enumerate(advice):
            grid.add_row(_("Way out") if n == 0 else "", Text(f"• {line}"))
        grid.add_row("", "")
        grid.add_row("", Text(_("This screen closes by itself once the file can be read again."), style="dim"))
        return grid


def _as_typed(path: Path) -> str:
    """The path from the current folder when the file is in it (what the user typed, and shorter)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
