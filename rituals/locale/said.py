"""Lines written once and read later, each time in the reader's language.

A change's journal line is written by one lead and read in `rituals history` or the planner by
others, in English or in French. So the line is kept as its message and arguments (``said``), and
also spelled out in English in the entry's ``summary`` for any other reader of the file. An
argument is a text or a number as it is (names, ids, counts), a date as ``{"date": ISO}`` (shown
as the reader's language writes dates), a list of words as ``{"words": [msgid, ...]}`` (each
translated, then joined with commas: the fields an edit changed), or another said line (an undo
names what it undid).
"""

from __future__ import annotations

from datetime import date
from string import Formatter
from typing import Any

from rituals.locale import SOURCE, _, ngettext

Said = dict[str, Any]  # {"msg": msgid, "plural": msgid_plural (with "n" in args), "args": {...}}


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - a gettext-style marker
    """Marks a message with a plural for the catalog; it is translated where shown (with ``n``)."""
    return singular, plural


def said(message: str | tuple[str, str], **args: Any) -> Said:
    """``message`` (marked with ``N_`` or ``Nn_``) and its arguments, kept to be said later."""
    kept: Said = {"msg": message if isinstance(message, str) else message[0], "args": dict(args)}
    if not isinstance(message, str):
        kept["plural"] = message[1]
    return kept


def on(day: date) -> dict[str, str]:
    """A date argument, written the reader's way when said."""
    return {"date": day.isoformat()}


def words(*msgids: str) -> dict[str, list[str]]:
    """A list argument of messages marked with ``N_``, each said in the reader's language."""
    return {"words": list(msgids)}


def spoken(line: Any, translate: bool = True) -> str | None:
    """The line in the reader's language (in English with ``translate`` off); None when ``line``
    is not a said line this version can read (the caller shows the stored summary instead)."""
    try:
        message, plural, args = line["msg"], line.get("plural"), line["args"]
        values = {name: _value(value, translate) for name, value in args.items()}
        if isinstance(plural, str):
            n = args["n"]
            text = ngettext(message, plural, n) if translate else (message if n == 1 else plural)
        else:
            text = _(message) if translate else message
        return _fill(text, values) if isinstance(text, str) else None
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        return None


def _fill(template: str, values: dict[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by its value. The template may come from the
    file, so only plain names are filled: no attribute, index, conversion or format spec that
    would let a line reach beyond its own arguments (str.format would follow them)."""
    out = []
    for literal, name, spec, conversion in Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"not a plain placeholder: {name!r}")
        out.append(str(values[name]))
    return "".join(out)


def _value(value: Any, translate: bool) -> Any:
    if isinstance(value, dict) and "date" in value:
        from rituals.locale import formats  # deferred: Babel's dates only when a date is said

        day = date.fromisoformat(value["date"])
        return formats.day(day, "day_month_year", None if translate else SOURCE)
    if isinstance(value, dict) and "words" in value:
        items = value["words"]
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise TypeError("words must be a list of texts")
        return ", ".join(_(item) if translate else item for item in items)
    if isinstance(value, dict):
        text = spoken(value, translate)
        if text is None:
            raise ValueError("unreadable said line")
        return text
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise TypeError("not an argument a line can say")
