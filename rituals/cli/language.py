"""The reader's language for one run of the CLI, chosen before the command modules load.

Help texts are given to typer when a command module is imported (``help=_("...")``), so the
language must be known first: ``main()`` reads ``--lang`` from the command line itself, then
$RITUALS_LANG, then the locale. The root command's ``--lang`` option says the same again for
runs that do not go through ``main()`` (tests, ``CliRunner``): the messages printed while a
command runs follow it, and the language is put back when the run ends (``RitualsGroup.main``).
"""

import sys
from collections.abc import Mapping, Sequence
from typing import Optional

from rituals import locale

OPTION = "--lang"
_chosen_by_main = False


def from_argv(argv: Sequence[str]) -> Optional[str]:
    """The value of the last ``--lang X`` or ``--lang=X`` on a command line, if any."""
    chosen = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == OPTION and n + 1 < len(argv):
            chosen = argv[n + 1]
        elif arg.startswith(OPTION + "="):
            chosen = arg.partition("=")[2]
    return chosen


def known(value: str) -> bool:
    """``value`` names a language we have ("fr", "FR", "fr_FR.UTF-8")."""
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code in locale.LANGS


def choose(chosen: Optional[str], environ: Optional[Mapping[str, str]] = None) -> str:
    """Make the language of ``chosen`` (else $RITUALS_LANG, else the locale) the reader's, for
    our messages and for typer's and click's own; returns it."""
    lang = locale.use(locale.language_from(chosen if chosen and known(chosen) else None, environ))
    if lang != locale.SOURCE or "rituals.cli.click_texts" in sys.modules:
        from rituals.cli import click_texts  # deferred: typer speaks English already

        click_texts.install(lang)
    return lang


def start(argv: Sequence[str]) -> str:
    """The language of a whole process, from its command line (any ``--lang``, even a
    command's own) or its environment: `main()` calls it before building the app."""
    global _chosen_by_main
    _chosen_by_main = True
    return choose(from_argv(argv))


def for_run(chosen: Optional[str]) -> None:
    """The root command's ``--lang``: in a process that `main()` started, the language is
    already this one (it read the same command line); otherwise it is chosen now."""
    if chosen is not None or not _chosen_by_main:
        choose(chosen)
