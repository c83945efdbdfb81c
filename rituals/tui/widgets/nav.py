"""The row of screen names at the top: shows where you are, and each name is clickable."""

from __future__ import annotations

from textual.widgets import Static

from rituals.locale import N_, _

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("1", "dashboard", N_("Dashboard")),
    ("2", "people", N_("People")),
    ("3", "rituals", N_("Rituals")),
    ("4", "rotation", N_("Rotation")),
    ("5", "ideas", N_("Ideas")),
)


class NavBar(Static):
    DEFAULT_CSS = """
    NavBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, current: str) -> None:
        super().__init__(self._markup(current))

    @staticmethod
    def _markup(current: str) -> str:
        parts = ["[b]rituals[/b] "]
        for key, mode, label in SECTIONS:
            style = "reverse bold" if mode == current else "not bold"
            parts.append(f"[{style}][@click=app.switch_mode('{mode}')] {key} {_(label)} [/][/]")
        parts.append("[@click=app.help] ? [/]")
        return " ".join(parts)
