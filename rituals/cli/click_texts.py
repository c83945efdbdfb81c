"""typer's and click's own words (``Usage:``, ``Options``, ``Show this message and exit.``, the
usage errors) in the reader's language.

Both libraries look their texts up with the standard library's ``gettext`` (the "messages"
domain and the process locale), which knows neither ``--lang`` nor our catalog; typer's rich
help even reads its headings once, into constants, when it is imported. The texts a person can
meet are listed here (``N_``) so that our catalog carries them, and ``install()`` points the
libraries' look-ups at the reader's catalog. English needs nothing: it is what they print.
"""

import gettext
import importlib
import sys
from collections.abc import Callable

from rituals.locale import N_, SOURCE, for_language

TEXTS = (
    N_("Usage:"),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Aborted!"),
    N_("Aborted."),
    N_("Error"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("unknown error"),
    N_("Do you want to continue?"),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("(dynamic)"),
    N_("deprecated"),
    N_("(deprecated) "),
    N_("[default: {}]"),
    N_("[env var: {}]"),
    N_("[required]"),
)
# click's plural messages, singular and plural: the reader's plural rule picks one, then its
# translation is looked up (each English form has its own entry)
PLURALS = (
    (N_("Got unexpected extra argument ({args})"), N_("Got unexpected extra arguments ({args})")),
    (N_("Did you mean {possibility}?"), N_("(Did you mean one of: {possibilities}?)")),
    (N_("{value!r} is not {choice}."), N_("{value!r} is not one of {choices}.")),
    (N_("{value!r} does not match the format {format}."), N_("{value!r} does not match the formats {formats}.")),
    (N_("Option {name!r} requires an argument."), N_("Option {name!r} requires {nargs} arguments.")),
    (N_("Takes {nargs} values but 1 was given."), N_("Takes {nargs} values but {len} were given.")),
)
# the modules that call gettext's `_` (and `ngettext`) when they print
MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "typer.core",
)
# typer's rich help and errors: constants read from `_` when typer.rich_utils was imported
RICH_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}

_installed = SOURCE


def translators(lang: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """``gettext`` and ``ngettext`` in ``lang`` for the libraries' messages."""
    catalog = for_language(lang)
    rule: Callable[[int], int] = getattr(catalog, "plural", lambda n: int(n != 1))

    def plural(singular: str, many: str, n: int) -> str:
        return catalog.gettext(singular if rule(n) == 0 else many)

    return catalog.gettext, plural


def install(lang: str) -> None:
    """typer and click speak ``lang`` from now on (back to their own gettext for English)."""
    global _installed
    if lang == _installed:
        return  # English at start-up: nothing to load
    if lang == SOURCE:
        text, plural = gettext.gettext, gettext.ngettext
    else:
        text, plural = translators(lang)
    for name in MODULES:
        module = sys.modules.get(name) or importlib.import_module(name)
        module._ = text  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = plural  # type: ignore[attr-defined]
    rich_utils = importlib.import_module("typer.rich_utils")  # rich is there for French help anyway
    for name, english in RICH_CONSTANTS.items():
        setattr(rich_utils, name, text(english))
    _installed = lang
