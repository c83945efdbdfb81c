"""CSV that is safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
by common spreadsheet programs ("CSV injection"): a person's name or a feedback note
like ``=HYPERLINK(...)`` would run when a lead opens the export. Such cells get a leading
apostrophe, which spreadsheets show as plain text. Every cell goes through it, numbers included,
so no caller has to decide which columns "cannot" hold text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The text of one cell, neutralised if a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    # leading spaces do not stop every spreadsheet from evaluating what follows
    if text.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (RFC 4180 quoting, CRLF line ends), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
