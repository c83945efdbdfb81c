"""The row of screen names at the top: shows where you are, and each name is clickable."""

from __future__ import annotations

from textual.widgets import Static

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("1", "dashboard", "Dashboard"),
    ("2", "people", "People"),
    ("3", "rituals", "Rituals"),
    ("4", "rotation", "Rotation"),
    ("5", "ideas", "Ideas"),
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
            parts.append(f"[{style}][@click=app.switch_mode('{mode}')] {key} {label} [/][/]")
        parts.append("[@click=app.help] ? [/]")
        return " ".join(parts)
