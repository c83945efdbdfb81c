"""What every main screen shares: the nav bar, the footer, the service, reloading on return."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from rituals.locale import _, current
from rituals.tui.feedback import error_text
from rituals.tui.widgets.keys import KeyBar
from rituals.tui.widgets.nav import NavBar

if TYPE_CHECKING:
    from rituals.service import Service
    from rituals.tui.app import RitualsApp


class PlannerScreen(Screen[None]):
    SECTION = ""
    language = ""
    """The language the screen was drawn in: one switched meanwhile draws it again on return."""
    if TYPE_CHECKING:
        app = getters.app(RitualsApp)  # Textual's own typing: the planner's screens run in RitualsApp

    def compose(self) -> ComposeResult:
        self.language = current()
        # the width class (-narrow, -wide) before the first styling: Textual sets it on the first
        # resize, which would style every widget a second time (docs/performance.md, "TUI latency")
        breakpoints = sorted(self.app.HORIZONTAL_BREAKPOINTS or ())
        wanted = [name for minimum, name in breakpoints if self.app.size.width >= minimum][-1:]
        for _minimum, name in breakpoints:
            self.set_class(name in wanted, name, update=False)
        yield NavBar(self.SECTION)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    @property
    def service(self) -> Service:
        return self.app.service

    async def relabel(self) -> None:
        """Draw the screen again in the reader's language (switched live), keeping what is chosen."""
        kept = self.keep()
        focused = f"#{self.focused.id}" if self.focused is not None and self.focused.id else self.AUTO_FOCUS
        await self.recompose()
        self.on_mount()
        if self.app.problem is None:
            self.restore(kept)
        again = self.query(focused) if focused else None
        if again:  # the keys go where they went: the same widget, drawn again
            again.first().focus()

    def on_mount(self) -> None:
        """Columns and titles; subclasses override (a relabel calls it again)."""

    def keep(self) -> object:
        """What the reader chose on this screen (filters, selection), kept through a relabel."""
        return None

    def restore(self, kept: object) -> None:
        """Show the data again after a relabel, with what ``keep`` returned."""
        self.reload()

    def on_screen_resume(self) -> None:
        if self.language and self.language != current():  # switched while another screen was shown
            self.language = current()  # Rotation calls this handler twice: one relabel is enough
            self.call_next(self.relabel)
            return
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
            self.notify(error_text(event.worker.error), title=_("Not done"), severity="error", markup=False, timeout=8)
