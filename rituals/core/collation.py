"""Sorting names the way people read them: `Éloïse` among the Es, `Aïcha` before `Ashley`.

Code points put every accented capital after `Z`, and lower-casing alone does not fold `É` into
`E`. The Unicode Collation Algorithm does, with each language's tailoring, as ICU implements it
(PyICU). ICU costs about 7 ms to load (docs/performance.md, "Collation"), so this module is
imported only where a list of names is sorted for someone to read: `people list`, the People
screen, a person's own view, the import's dry run. The store keeps its cheap code-point order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

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


@cache
def _collator(locale: str) -> Callable[[str], bytes]:
    import icu  # deferred: see the module docstring

    collator = icu.Collator.createInstance(icu.Locale(locale) if locale else icu.Locale.getRoot())
    return collator.getSortKey


def sort_key(text: str, locale: str | None = None) -> bytes:
    """A key that orders ``text`` as a reader of ``locale`` (default: the environment's) expects."""
    return _collator(locale_name() if locale is None else locale)(text)


def sorted_by(items: Iterable[T], text: Callable[[T], str], locale: str | None = None) -> list[T]:
    """``items`` in reading order of ``text(item)``; equal texts keep their order."""
    key = _collator(locale_name() if locale is None else locale)
    return sorted(items, key=lambda item: key(text(item)))
