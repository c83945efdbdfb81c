"""What every main screen shares: the nav bar, the footer, the service, reloading on return."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from rituals.tui.feedback import error_text
from rituals.tui.widgets.keys import KeyBar
from rituals.tui.widgets.nav import NavBar

if TYPE_CHECKING:
    from rituals.service import Service
    from rituals.tui.app import RitualsApp


class PlannerScreen(Screen[None]):
    SECTION = ""
    if TYPE_CHECKING:
        app = getters.app(RitualsApp)  # Textual's own typing: the planner's screens run in RitualsApp

    def compose(self) -> ComposeResult:
        # the width class (-narrow, -wide) before the first styling: Textual sets it on the first
        # resize, which would style every widget a second time (docs/performance.md, "TUI latency")
        breakpoints = sorted(self.app.HORIZONTAL_BREAKPOINTS or ())
        wanted = [name for minimum, name in breakpoints if self.app.size.width >= minimum][-1:]
        for _, name in breakpoints:
            self.set_class(name in wanted, name, update=False)
        yield NavBar(self.SECTION)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    @property
    def service(self) -> Service:
        return self.app.service

    def on_screen_resume(self) -> None:
        # the journal says which screen each change came from
        self.service.context.source = f"planner: {self.SECTION}"
        # another screen or a dialog may have changed the data meanwhile; a file that cannot be
        # read has nothing to show (the app says why, full-screen)
        if self.app.problem is None:
            self.reload()

    def reload(self) -> None:
        """Fetch and show the data again; subclasses override."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(error_text(event.worker.error), title="Not done", severity="error", markup=False, timeout=8)
