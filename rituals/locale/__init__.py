"""Every user-facing string goes through gettext: one catalog per language, loaded on first use.

English is the source language (the strings in the code); French lives in
``rituals/locale/fr/LC_MESSAGES/rituals.po`` and its compiled ``rituals.mo`` shipped in the
package. Two ways to translate:

- ``_("...")``, ``ngettext(one, many, n)``: in the language of this process's reader, chosen
  once by the CLI (``--lang``, then ``RITUALS_LANG``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``)
  and switched live by the planner;
- ``for_language(lang).gettext("...")``: in someone else's language, e.g. an invite written for
  a French-speaking colleague by an English-speaking lead.

``N_("...")`` marks a string for extraction where it is defined (a table of labels) and
translates nothing: the code translates it where it is shown. Catalogs are kept with
``python -m rituals.locale`` (extract, update, compile, stats; Babel does the work).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext as _gettext

DOMAIN = "rituals"
FOLDER = Path(__file__).resolve().parent
LANGS: tuple[str, ...] = ("en", "fr")
SOURCE = "en"

_current = SOURCE


def language_from(chosen: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The reader's language: ``chosen`` (--lang), else $RITUALS_LANG, else the locale (POSIX
    order: LC_ALL, LC_MESSAGES, LANG); English when none names a language we have."""
    env = os.environ if environ is None else environ
    for value in (chosen, env.get("RITUALS_LANG"), env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG")):
        if value and value.strip():
            code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
            return code if code in LANGS else SOURCE
    return SOURCE


def normalised(lang: str | None) -> str:
    """``lang`` as one of LANGS ("fr_FR.UTF-8" -> "fr"); English for anything else."""
    return language_from(lang or SOURCE, {})


@cache
def for_language(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` (English: the strings as written)."""
    import gettext as _gettext  # deferred: an English run never needs it (docs/performance.md, "Start-up")

    code = normalised(lang)
    if code == SOURCE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=FOLDER, languages=[code], fallback=True)


def use(lang: str | None) -> str:
    """Make ``lang`` the reader's language for this process; returns it, normalised."""
    global _current
    _current = normalised(lang)
    return _current


def current() -> str:
    return _current


def _(message: str) -> str:
    """``message`` in the reader's language."""
    if _current == SOURCE:
        return message  # what English's NullTranslations would answer, without loading gettext
    return for_language(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the reader's language (French says "1 séance",
    "0 séance" and "2 séances": its plural rule, not English's, picks the form)."""
    if _current == SOURCE:
        return singular if n == 1 else plural
    return for_language(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the reader's language, told apart from the same English word used
    elsewhere by ``context`` (a column header "Team" and a "Team" filter may differ in French)."""
    if _current == SOURCE:
        return message
    return for_language(_current).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools know
    """Marks ``message`` for the catalog where it is defined; it is translated where shown."""
    return message


__all__ = ["LANGS", "N_", "_", "current", "for_language", "language_from", "ngettext", "normalised", "pgettext", "use"]
