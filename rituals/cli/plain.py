"""Fast text output for the quick commands (`suggest`, `people list`, `ritual list`).

Importing rich costs as much as importing typer itself, which alone would put `rituals suggest`
over its start-up budget. These commands print wrapped paragraphs and aligned columns, which the
standard library does well; rich stays for the reports, previews and progress bars.

Colour follows the usual conventions: NO_COLOR turns it off, FORCE_COLOR on, otherwise only a
terminal gets it. Widths count what a terminal shows (accents, CJK, emoji), not code points.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import TextIO

from rituals.core.columns import shrink

CODES = {"bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
GAP = "  "


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colour_on(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and is_terminal(stream)


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80 (as rich does when output is piped)."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def cell_width(text: str) -> int:
    """Columns a terminal uses for ``text``: wide East Asian characters take two, combining marks none."""
    if text.isascii():
        return len(text)  # most cells: docs/performance.md, "Plain output"
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def clean(text: str) -> str:
    """Control characters (from a roster, a title) shown as spaces: they must not move the cursor.

    Spaces other than " " are kept: French puts a non-breaking space before ":" and inside « »,
    and wrapping must not break there (`str.isprintable` says no to them)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or unicodedata.category(c) == "Zs" else " " for c in text)


def truncate(text: str, width: int) -> str:
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = cell_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


class Printer:
    """Writes styled lines to one stream; styles are dropped when colour is off."""

    def __init__(self, stream: TextIO | None = None, width: int | None = None) -> None:
        self.stream = stream or sys.stdout
        self.terminal = is_terminal(self.stream)
        self.colour = colour_on(self.stream)
        self.width = width or terminal_width()

    def style(self, text: str, *styles: str) -> str:
        if not self.colour or not styles or not text:
            return text
        return f"\x1b[{';'.join(CODES[s] for s in styles)}m{text}\x1b[0m"

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")

    def paragraph(
        self,
        text: str,
        indent: int = 0,
        styles: Sequence[str] = (),
        label: str = "",
        label_styles: Sequence[str] = (),
        hang: bool = False,
    ) -> None:
        """``label`` then ``text``, wrapped to the width and indented; each part keeps its style.
        With ``hang``, the lines after the first start under the text, not under the label."""
        label = clean(label)
        room = max(20, self.width - indent - 1)
        lines = textwrap.wrap(
            label + clean(text), room, break_on_hyphens=False, subsequent_indent=" " * cell_width(label) if hang else ""
        ) or [""]
        for n, text_line in enumerate(lines):
            head = ""
            if n == 0 and label and text_line.startswith(label.rstrip()):
                head, text_line = self.style(label.rstrip(), *label_styles), text_line[len(label.rstrip()) :]
            self.line(" " * indent + head + self.style(text_line, *styles))

    def table(
        self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], keep: Sequence[str] = ()
    ) -> None:
        """Aligned columns under a bold header. On a terminal too narrow for them, the widest
        columns not in ``keep`` are shortened with "…"; piped output keeps every cell whole."""
        cells = [[clean(c) for c in row] for row in rows]
        widths = [max([cell_width(h), *(cell_width(r[i]) for r in cells)]) for i, h in enumerate(headers)]
        if self.terminal:
            widths = fit(widths, self.width - len(GAP) * (len(headers) - 1), [h in keep for h in headers], headers)
        self.line(self.style(title, "bold"))
        self.line(self.style(GAP.join(pad(h, w) for h, w in zip(headers, widths)).rstrip(), "bold"))
        for row in cells:
            self.line(GAP.join(pad(truncate(c, w), w) for c, w in zip(row, widths)).rstrip())


def fit(widths: list[int], room: int, kept: list[bool], headers: Sequence[str]) -> list[int]:
    """The columns' widths in ``room``: the widest not kept gives up a cell at a time, down to
    its header's width (at least 6), never less: a header stays readable, and what is still
    too wide runs past the edge as it would unshortened."""
    return shrink(widths, room, kept, [[max(cell_width(h), 6) for h in headers]])
