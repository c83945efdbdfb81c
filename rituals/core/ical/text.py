"""Text that goes into a calendar: control characters out, so that a name or a description can
never end a content line and start a property of its own (RFC 5545 3.1)."""

from __future__ import annotations

import unicodedata


def clean_line(text: str) -> str:
    """One line of text: control characters (CR, LF, tabs, NUL...) become single spaces."""
    return " ".join(_without_controls(text, keep_newlines=False).split())


def clean_text(text: str) -> str:
    """Multi-line text: newlines normalised to LF, every other control character dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _without_controls(text, keep_newlines=True).strip()


def _without_controls(text: str, keep_newlines: bool) -> str:
    # a CR/LF or other control in a name would end the content line and start a new property
    out = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
