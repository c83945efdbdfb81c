"""Choose the group to pin someone to."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rituals.locale import _
from rituals.tui.dialogs.base import Dialog


class PinDialog(Dialog[int]):
    """Returns the 0-based group index, or None."""

    def __init__(self, who: str, groups: list[str]) -> None:
        super().__init__()
        self.who = who
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="pin") as box:
            box.border_title = _("Pin {name} to a group").format(name=self.who)
            yield Static(_("They stay in that group when you reshuffle or mark someone absent."), classes="hint")
            yield OptionList(
                *(Option(_("Group {n}: {names}").format(n=i + 1, names=g)) for i, g in enumerate(self.groups)),
                id="groups-choice",
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
