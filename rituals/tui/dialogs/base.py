"""What the dialogs share: a framed box, an inline error line, escape to close."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import getters, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rituals.locale import N_
from rituals.tui.feedback import error_text

if TYPE_CHECKING:
    from rituals.service import Service
    from rituals.tui.app import RitualsApp

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Close")),
        Binding("ctrl+s", "submit", N_("Save"), priority=True),
    ]
    if TYPE_CHECKING:
        app = getters.app(RitualsApp)  # Textual's own typing: the dialogs run in RitualsApp

    @property
    def service(self) -> Service:
        return self.app.service

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        # every dialog's Cancel/Close button does what escape does
        self.action_cancel()

    def action_submit(self) -> None:
        """Subclasses save here."""

    def show_error(self, error: BaseException | str | None) -> None:
        """The error line under the form: empty when all is well."""
        line = self.query_one("#dialog-error", Static)
        text = error if isinstance(error, str) or error is None else error_text(error)
        line.update(text or "")
        line.display = bool(text)
