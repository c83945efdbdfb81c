"""Export dialog: placeholder."""

from __future__ import annotations

from rituals.tui.dialogs.base import Dialog


class ExportDialog(Dialog[None]):
    def __init__(self, ritual_id: str | None = None) -> None:
        super().__init__()
        self.ritual_id = ritual_id
