"""Rows of plain text in columns, drawn line by line: the planner's lists (people, sessions,
rituals, ideas).

Textual's DataTable measures every new cell and renders each visible one through Rich; with a
thousand people that is most of a keystroke's cost in the People filter (docs/performance.md,
"TUI latency"). This table draws only the visible lines (the line API of ``ScrollView``) and
fits its columns to the width the way `rituals people list` does: the widest column gives way
first, cut with "…", and a column marked ``keep`` (an e-mail, an id) is never cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rituals.core.columns import shrink

PADDING = 1  # blank cells either side of each column, as DataTable draws them
FLOOR = 6  # a shortened column keeps at least this many cells (or its label's width)...
MINIMUM = 3  # ...unless a kept column needs them: then down to this ("A…")


@dataclass
class Column:
    label: str
    keep: bool = False  # never shortened: what other commands take (an e-mail, an id)
    right: bool = False  # numbers read best aligned right
    natural: int = 0  # the widest cell (or the label), in terminal cells
    width: int = 0  # what it gets once fitted
    floor: int = 0  # shortened, it keeps at least this many cells (0: FLOOR, or its label's width)


def fit(
    naturals: Sequence[int], room: int, kept: Sequence[bool], floors: Sequence[int], firm: Sequence[bool] = ()
) -> list[int]:
    """The columns' widths in ``room``: down to each column's floor first; if that is not
    enough, the columns without a ``firm`` floor go further, then all of them (never a kept one)."""
    firm = list(firm) or [False] * len(naturals)
    softer = [f if firm[i] else MINIMUM for i, f in enumerate(floors)]
    return shrink(naturals, room, kept, (floors, softer, [MINIMUM] * len(naturals)))


def clip(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with "…"."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""


class Table(ScrollView, can_focus=True):
    """A header line and rows of text; the cursor row is highlighted when ``cursor`` is on."""

    DEFAULT_CSS = """
    Table {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"table--header", "table--even-row", "table--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(-1000000)", show=False),
        Binding("end", "move(1000000)", show=False),
        Binding("left", "scroll_left", show=False),
        Binding("right", "scroll_right", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)
    """The highlighted row (0 when there is none)."""

    class RowHighlighted(Message):
        """The cursor moved to ``cursor_row``."""

        def __init__(self, table: Table, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> Table:
            return self.table

    class RowSelected(RowHighlighted):
        """Enter, or a click on the highlighted row."""

    def __init__(
        self, *, cursor: bool = True, zebra: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.cursor = cursor
        self.zebra = zebra
        self.columns: list[Column] = []
        self.rows: list[tuple[str, ...]] = []
        self._fitted: tuple[int, tuple[int, ...]] | None = None  # what the widths were fitted for
        self._line_width = 0  # set when the columns cannot fit: the table scrolls sideways

    # ------------------------------------------------------------------ content
    def add_column(self, label: str, *, keep: bool = False, right: bool = False, floor: int = 0) -> None:
        self.columns.append(Column(label, keep, right, cell_len(label), floor=floor))

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> list[str]:
        return list(self.rows[index])

    def set_rows(self, rows: Iterable[Sequence[str]], *, measure: bool = True) -> None:
        """Show ``rows``, the cursor on the first (callers move it back to what was chosen).
        With ``measure`` off, the columns keep the widths measured before (see `measure`):
        they do not jump as a filter narrows the rows."""
        self.rows = [tuple(row) for row in rows]
        if measure:
            self.measure(self.rows)
        self._resize_scrolling()
        self.scroll_to(y=0, animate=False)
        self.cursor_row = 0

    def add_row(self, *cells: str) -> None:
        self.set_rows([*self.rows, cells])

    def clear(self) -> None:
        self.set_rows([])

    def measure(self, rows: Iterable[Sequence[str]]) -> None:
        """Size each column for the widest of ``rows`` (and its label)."""
        for _i, column in enumerate(self.columns):
            column.natural = cell_len(column.label)
        for row in rows:
            for column, text in zip(self.columns, row):
                if len(text) > column.natural or not text.isascii():  # the cheap test first
                    column.natural = max(column.natural, cell_len(text))

    def move_cursor(self, row: int, animate: bool = False) -> None:
        self.cursor_row = max(0, min(row, len(self.rows) - 1))

    # ------------------------------------------------------------------ layout and drawing
    def _resize_scrolling(self) -> None:
        """The scrollable size for the rows (and, once fitted, the columns' width)."""
        size = Size(self._line_width, len(self.rows) + 1)
        region = self.content_region
        bars = (size.height > region.height, size.width > region.width)
        if bars == self.scrollbars_enabled:
            # the scrollbars stay as they are: resized now, they are drawn in the same update as the
            # rows (a layout pass would redraw them one update later: a keystroke's third frame)
            self.set_reactive(Table.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size  # a scrollbar comes or goes: the width changes, a layout pass
        self.refresh()

    def _fit(self) -> None:
        """The columns' widths for the width the table has now; done when a line is drawn, so
        the first drawing already has them (a Resize event comes after it: a second drawing)."""
        region = self.content_region
        # the vertical scrollbar, when the rows need one, takes its cells from the columns
        bar = self.styles.scrollbar_size_vertical if len(self.rows) + 1 > region.height else 0
        key = (region.width - bar, tuple(c.natural for c in self.columns))
        if key == self._fitted:
            return
        self._fitted = key
        room = key[0] - 2 * PADDING * len(self.columns)
        widths = fit(
            [c.natural for c in self.columns],
            room,
            [c.keep for c in self.columns],
            [c.natural if c.keep else c.floor or max(FLOOR, cell_len(c.label)) for c in self.columns],
            [bool(c.floor) for c in self.columns],
        )
        for column, width in zip(self.columns, widths):
            column.width = width
        line_width = sum(widths) + 2 * PADDING * len(self.columns)
        wider = line_width > key[0]  # only kept columns too wide for the screen scroll sideways
        if wider or self._line_width:
            self._line_width = line_width if wider else 0
            self.call_later(self._resize_scrolling)

    def _text(self, cells: Sequence[str]) -> str:
        pad = " " * PADDING
        return "".join(
            pad + (clip(cell, c.width) if not c.right else clip(cell, c.width).rstrip().rjust(c.width)) + pad
            for c, cell in zip(self.columns, cells)
        )

    def render_line(self, y: int) -> Strip:
        self._fit()
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        cells: Sequence[str]
        if y == 0:
            style, cells = base + self.get_component_rich_style("table--header"), [c.label for c in self.columns]
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, base)
            style = base
            if self.zebra and index % 2:
                style += self.get_component_rich_style("table--even-row")
            if self.cursor and index == self.cursor_row:
                style += self.get_component_rich_style("table--cursor")
            cells = self.rows[index]
        text = self._text(cells)
        if scroll_x:
            return Strip([Segment(text, style)]).crop(scroll_x, scroll_x + width).extend_cell_length(width, style)
        # one segment, one strip: a line is drawn on every update, so it is made once
        return Strip([Segment(set_cell_size(text, width), style)], width)

    # ------------------------------------------------------------------ cursor and selection
    def watch_cursor_row(self, old: int, new: int) -> None:
        if not self.rows:
            return
        height = self.scrollable_content_region.height - 1  # the header line does not scroll
        if new < self.scroll_offset.y:
            self.scroll_to(y=new, animate=False)
        elif height > 0 and new >= self.scroll_offset.y + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.refresh()
        if self.cursor:
            self.post_message(self.RowHighlighted(self, new))

    def action_move(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_select(self) -> None:
        if self.cursor and self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row))

    async def _on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y < 1 or not 0 <= index < len(self.rows) or not self.cursor:
            return
        if index == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = index

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()  # the cursor's colour says where the keyboard is

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()
