"""The line of keys at the bottom: what the screen's keys do, on one line that always fits.

Textual's Footer lets the keys run off the right edge: at 80 columns the People screen lost
"q Quit". This bar keeps Help and Quit whatever the width, gives the palette hint the room
that is left, and drops the least needed keys first (they stay in the palette and in Help).
Each key is clickable, as in the Footer.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static

from rituals.locale import N_, _

ESSENTIAL = ("help", "quit")  # actions always shown: the ways to learn the rest, and to leave
PALETTE = ("ctrl+p", N_("palette"))
GAP = "  "


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    _shown = ""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def keys(self) -> list[tuple[str, str, str, str]]:
        """(key, shown as, description, action) of each binding to show, once per action."""
        seen: dict[str, tuple[str, str, str, str]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and enabled and binding.action not in seen:
                seen[binding.action] = (
                    binding.key,
                    self.app.get_key_display(binding),
                    _(binding.description),  # the screens' BINDINGS mark it: shown in the reader's language
                    binding.action,
                )
        return list(seen.values())

    def show_keys(self) -> None:
        room = self.size.width
        keys = self.keys()
        essential = [k for k in keys if k[3] in ESSENTIAL]
        others = [k for k in keys if k[3] not in ESSENTIAL]
        while others and _width(others + essential) > room:
            others.pop()  # the screen's own keys come first: the last ones are the least needed
        shown = others + essential
        line = GAP.join(_markup(key, display, text) for key, display, text, _action in shown)
        palette = self.app.get_key_display(Binding(PALETTE[0], "command_palette"))
        spare = room - _width(shown) - len(palette) - 1 - len(_(PALETTE[1]))
        if spare >= 4 and PALETTE[0] in self.screen.active_bindings:  # it takes what is left, at the right
            line += " " * spare + _markup(PALETTE[0], palette, _(PALETTE[1]))
        if line != self._shown:  # bindings change at every focus change: mostly to the same keys
            self._shown = line
            self.update(line, layout=False)  # one line whatever it says


def _width(items: list[tuple[str, str, str, str]]) -> int:
    return sum(len(display) + 1 + len(text) for _key, display, text, _action in items) + len(GAP) * max(
        len(items) - 1, 0
    )


def _markup(key: str, display: str, text: str) -> str:
    return f"[@click=app.simulate_key({key!r})][b $footer-key-foreground]{escape(display)}[/] {escape(text)}[/]"
