"""typer's own words (``Usage:``, ``Options``, ``Show this message and exit.``, the usage errors)
in the reader's language.

typer looks some texts up with the standard library's ``gettext`` (the "messages" domain and the
process locale, which know neither ``--lang`` nor our catalog) and reads its rich help's headings
once, into constants, when that module is imported; the click it ships (``typer._click``) writes
its texts in English with no look-up at all. ``install()`` points the look-ups and the constants
at the reader's catalog, and puts the click texts a person meets (the help option, the usage
line, the usage errors) through it. The texts are marked here (``N_``) so that the catalog has
them. English needs nothing: it is what typer prints, and nothing is loaded for it.
"""

import gettext as stdlib_gettext
import importlib
import importlib.util
import re
from collections.abc import Callable
from typing import Any

from rituals.locale import N_, SOURCE, for_language

HELP_OPTION = N_("Show this message and exit.")
USAGE = N_("Usage:")
# typer's rich help and errors: constants read from `_` when typer.rich_utils was imported
RICH_CONSTANTS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
# typer's rich help: "[required]", the word translated, the brackets kept
BRACKETED = {"REQUIRED_LONG_STRING": N_("required")}
# what typer.core asks gettext for (plain help, errors raised by typer itself)
TYPER_TEXTS = (
    N_("Aborted!"),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("(dynamic)"),
)
# the usage errors of typer's click, as it words them: (pattern, message); a "message" group is
# itself translated (an option's bad value, inside "Invalid value for ...")
ERRORS = (
    (r"Invalid value for (?P<param_hint>.+?): (?P<message>.*)", N_("Invalid value for {param_hint}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"Missing argument (?P<param_hint>.*?)\.", N_("Missing argument {param_hint}.")),
    (r"Missing option (?P<param_hint>.*?)\.", N_("Missing option {param_hint}.")),
    (r"Missing parameter (?P<param_hint>.*?)\.", N_("Missing parameter {param_hint}.")),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"\(Possible options: (?P<possibilities>.*)\)", N_("(Possible options: {possibilities})")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("Got unexpected extra argument(s) ({args})")),
    (r"Option (?P<name>'[^']*') requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>'[^']*') requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} arguments.")),
    (r"Option (?P<name>'[^']*') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
    (r"(?P<value>'.*') is not a valid integer\.", N_("{value} is not a valid integer.")),
    (r"(?P<value>'.*') is not a valid float\.", N_("{value} is not a valid number.")),
    (
        r"(?P<value>'.*') is not a valid boolean\. Recognized values: (?P<states>.*)",
        N_("{value} is not a valid boolean. Recognized values: {states}"),
    ),
    (r"(?P<value>\S+) is not in the range (?P<range>.*)\.", N_("{value} is not in the range {range}.")),
)
MESSAGES = [message for _pattern, message in ERRORS]
_PATTERNS = [(re.compile(pattern, re.DOTALL), index) for index, (pattern, _message) in enumerate(ERRORS)]

_installed = SOURCE
_originals: dict[tuple[Any, str], Any] = {}


def translate_error(text: str, gettext: Callable[[str], str]) -> str:
    """``text``, a usage error worded by typer's click, in the catalog of ``gettext``."""
    for pattern, index in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            parts = found.groupdict()
            if "message" in parts:
                parts["message"] = translate_error(parts["message"], gettext)
            return gettext(MESSAGES[index]).format(**parts)
    for pattern, index in _PATTERNS:  # a sentence inside a longer one ("... (Possible options: ...)")
        text = pattern.sub(_in_catalog(gettext, index), text)
    return text


def _in_catalog(gettext: Callable[[str], str], index: int) -> Callable[[re.Match[str]], str]:
    """What ``re.sub`` puts for a match: message ``index`` of the catalog, filled with the
    match's named groups."""

    def fill(match: re.Match[str]) -> str:
        return gettext(MESSAGES[index]).format(**match.groupdict())

    return fill


def _replace(owner: Any, name: str, make: Callable[[Any], Any]) -> None:
    """``owner.name`` becomes ``make(original)``; the original is kept for English."""
    original = _originals.setdefault((owner, name), getattr(owner, name))
    setattr(owner, name, make(original))


def _restore() -> None:
    for (owner, name), original in _originals.items():
        setattr(owner, name, original)


def _vendored_click(text: Callable[[str], str]) -> None:
    """typer's click: the help option, the usage line and the usage errors."""
    core = importlib.import_module("typer._click.core")
    formatting = importlib.import_module("typer._click.formatting")
    exceptions = importlib.import_module("typer._click.exceptions")

    def help_option(original: Any) -> Any:
        def get_help_option(self: Any, ctx: Any) -> Any:
            option = original(self, ctx)
            if option is not None:
                option.help = text(HELP_OPTION)
            return option

        return get_help_option

    def usage(original: Any) -> Any:
        def write_usage(self: Any, prog: str, args: str = "", prefix: Any = None) -> None:
            original(self, prog, args, text(USAGE) + " " if prefix is None else prefix)

        return write_usage

    def message(original: Any) -> Any:
        return lambda self: translate_error(original(self), text)

    _replace(core.Command, "get_help_option", help_option)
    _replace(formatting.HelpFormatter, "write_usage", usage)
    for cls in vars(exceptions).values():
        if isinstance(cls, type) and "format_message" in vars(cls):
            _replace(cls, "format_message", message)


def install(lang: str) -> None:
    """typer speaks ``lang`` from now on (back to its own words for English)."""
    global _installed
    if lang == _installed:
        return  # English at start-up: nothing to load
    typer_core = importlib.import_module("typer.core")
    rich_utils = importlib.import_module("typer.rich_utils")  # rich is loaded for the help and errors anyway
    if lang == SOURCE:
        _restore()
        typer_core._ = stdlib_gettext.gettext  # type: ignore[attr-defined]  # typer.core's private gettext
        for name, english in RICH_CONSTANTS.items():
            setattr(rich_utils, name, stdlib_gettext.gettext(english))
        for name, english in BRACKETED.items():
            setattr(rich_utils, name, f"[{english}]")
    else:
        text = for_language(lang).gettext
        typer_core._ = text  # type: ignore[attr-defined]  # typer.core's private gettext, ours now
        for name, english in RICH_CONSTANTS.items():
            setattr(rich_utils, name, text(english))
        for name, english in BRACKETED.items():
            setattr(rich_utils, name, f"[{text(english)}]")
        if importlib.util.find_spec("typer._click") is not None:
            _vendored_click(text)
    _installed = lang
