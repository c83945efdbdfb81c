"""Cancel one date of a ritual; confirm before stopping a whole ritual."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from rituals.core.models import Ritual, Session
from rituals.locale import _
from rituals.locale.formats import day
from rituals.tui.dialogs.base import Dialog
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.text import when

if TYPE_CHECKING:
    from rituals.service.sessions import Occurrence

HORIZON_DAYS = 180


class CancelSessionDialog(Dialog[Session]):
    """Pick a coming date of the ritual and cancel it; returns the cancelled session."""

    def __init__(self, ritual: Ritual) -> None:
        super().__init__()
        self.ritual = ritual
        self.dates: list[Occurrence] = []
        self.revision: int | None = None  # the one the dates were read at

    def compose(self) -> ComposeResult:
        self.revision = self.service.history.revision()
        self.dates = self.service.sessions.upcoming(HORIZON_DAYS, ritual_id=self.ritual.id)[:20]
        with Vertical(classes="dialog small", id="cancel-form") as box:
            box.border_title = _("Cancel a session of {title}").format(title=self.ritual.title)
            yield Static(_("Pick the date to cancel (enter). The other dates stay planned."), classes="hint")
            yield OptionList(
                *(
                    Option(f"{when(self.ritual.schedule, o.start, year=True)}  {o.who()}", id=str(i))
                    for i, o in enumerate(self.dates)
                ),
                id="dates",
            )
            yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Close  esc"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.show_error(None if self.dates else _("No coming date in the next six months."))
        self.query_one("#dates", OptionList).focus()

    @on(OptionList.OptionSelected, "#dates")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        occ = self.dates[event.option_index]

        def cancelled(session: Session) -> None:
            self.notify(_("Cancelled {title} on {day}").format(title=self.ritual.title, day=day(occ.start, "short")))
            self.dismiss(session)

        write_checked(
            self,
            lambda expected: self.service.sessions.cancel_occurrence(
                self.ritual.id, occ.day, expected_revision=expected
            ),
            self.revision,
            cancelled,
            self.reload,
            self.show_error,
        )

    async def reload(self) -> None:
        """The dates as they are now (someone else changed one)."""
        await self.recompose()
        self.on_mount()


class ConfirmDialog(Dialog[bool]):
    """Yes or no to a consequential action."""

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="confirm"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="error", id="yes", compact=True)
                yield Button(_("No  esc"), id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
