"""How the columns of a table share a width, for the CLI's plain tables and the planner's.

Both shells draw rows of text in a width they do not choose (the terminal's); the one rule of
which column gives up cells first lives here, so a table reads the same in both.
"""

from __future__ import annotations

from collections.abc import Sequence


def shrink(widths: Sequence[int], room: int, kept: Sequence[bool], stages: Sequence[Sequence[int]]) -> list[int]:
    """``widths`` shrunk until they fit ``room``: the widest column not ``kept`` gives up one
    cell at a time, down to each column's least width of the first of ``stages``; if that is not
    enough, down to the next stage's, and so on. Still too wide at the end: the kept columns
    alone are (the caller wraps or scrolls)."""
    shrunk = list(widths)
    for least in stages:
        while sum(shrunk) > room:
            shrinkable = [i for i, w in enumerate(shrunk) if not kept[i] and w > least[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: shrunk[i])
            shrunk[widest] -= 1
    return shrunk
