"""Sorting names the way people read them: `Éloïse` among the Es, `Aïcha` before `Ashley`.

Code points put every accented capital after `Z`, and lower-casing alone does not fold `É` into
`E`. The Unicode Collation Algorithm does, with each language's tailoring, as ICU implements it
(PyICU, the optional ``icu`` extra: it builds against the system's ICU, so a plain ``pip install``
cannot count on it). Without it, names are folded (accents and case set aside, ligatures spelt
out, numbers read by value) and ties broken by accents, then case: the order a French or English
reader expects for names in Latin letters. This module is used only where a list of names is
sorted for someone to read: `people list`, the People screen, a person's own view, the import's
dry run, team names (reports, trails) and a group's note ("mixes N teams", "spans" its places).
The store keeps its cheap code-point order.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def locale_name(environ: dict[str, str] | None = None) -> str:
    """The collation locale: LC_ALL, else LC_COLLATE, else LANG ("fr_FR.UTF-8" -> "fr_FR");
    "" (ICU's root order, right for most languages written in Latin letters) when unset or C."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_COLLATE", "LANG"):
        value = env.get(name, "")
        if value:
            base = value.split(".")[0].split("@")[0]
            return "" if base in ("C", "POSIX") else base
    return ""


LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ĳ": "ij", "Ĳ": "IJ"})


DIGITS = re.compile(r"(\d+)")


def numbered(text: str) -> tuple[str | int, ...]:
    """``text`` cut into letters and numbers, the numbers read by value: `Team 2` before `Team 10`.
    The cut always starts with letters (maybe none), so two keys compare part by part."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(DIGITS.split(text)))


def folded_key(text: str) -> tuple[tuple[str | int, ...], str, str]:
    """Letters first (no accents, no case, numbers by value), then accents, then case: `Éloïse`
    sorts with `Eloise`, before `Emile`; `Aïcha` before `Ashley`; `Équipe 9` before `Équipe 10`."""
    spelt = text.translate(LIGATURES)
    decomposed = unicodedata.normalize("NFKD", spelt)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return numbered(base.casefold()), decomposed.casefold(), spelt


@cache
def _collator(locale: str) -> Callable[[str], Any]:
    try:
        import icu  # deferred: see the module docstring
    except ImportError:
        return folded_key
    collator = icu.Collator.createInstance(icu.Locale(locale) if locale else icu.Locale.getRoot())
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator.getSortKey


def sort_key(text: str, locale: str | None = None) -> Any:
    """A key that orders ``text`` as a reader of ``locale`` (default: the environment's) expects."""
    return _collator(locale_name() if locale is None else locale)(text)


def sorted_by(items: Iterable[T], text: Callable[[T], str], locale: str | None = None) -> list[T]:
    """``items`` in reading order of ``text(item)``; equal texts keep their order."""
    key = _collator(locale_name() if locale is None else locale)
    return sorted(items, key=lambda item: key(text(item)))


def sorted_names(names: Iterable[str], locale: str | None = None) -> list[str]:
    """The distinct ``names`` (teams, places) in reading order; names that read the same (`Œuvre`,
    `Oeuvre`) keep their code-point order, so the list is the same on every run."""
    return sorted_by(sorted(set(names)), str, locale)
