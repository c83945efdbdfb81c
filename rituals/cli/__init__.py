"""The typer CLI: a thin shell that parses, calls the service and renders.

Bare `rituals` opens the TUI on the user's DB; Textual is imported only then.
Typer builds every command it knows on each run, and each command module imports the part of the
service it needs, so `main()` registers only the module of the command being run: `rituals
suggest` never pays for export, rotation or the TUI (docs/performance.md, "One command module").

The command modules do not use `from __future__ import annotations`: typer reads each command's
signature at every run, and string annotations would be `eval`-compiled each time
(docs/performance.md, "Annotations"). rotate.py keeps it: its run is the rotation engine's.

Help texts are translated when the command modules are imported (``help=_("...")``): `main()`
chooses the reader's language first (``--lang``, $RITUALS_LANG, the locale; see language.py), and
this module imports nothing that gives typer a text before `build_app()`.
"""

import importlib
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from rituals import __version__
from rituals.cli import language
from rituals.locale import _

# command name -> the module under rituals.cli that registers it (in the order --help lists them)
COMMANDS: dict[str, str] = {
    "people": "people",
    "ritual": "ritual",
    "closure": "closure",
    "rotate": "rotate",
    "slots": "slots",
    "suggest": "suggest",
    "log": "log",
    "report": "report",
    "export": "export",
    "publish": "export",
    "send": "export",
    "replies": "replies",
    "checkin": "replies",
    "init": "manage",
    "demo": "manage",
    "doctor": "doctor",
    "history": "history",
    "undo": "history",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rituals {__version__}")  # not for translation: a name and a number
        raise typer.Exit()


def _root() -> Any:
    """The root command's callback, made when the app is built: its options' help is then read
    in the reader's language."""

    def root(
        ctx: typer.Context,
        db: Optional[Path] = typer.Option(
            None, "--db", envvar="RITUALS_DB", help=_("Database file (default: your user data folder).")
        ),
        lang: Optional[str] = typer.Option(
            None,
            language.OPTION,
            metavar="en|fr",
            callback=_check_language,
            help=_("Language of the messages: en or fr (default: $RITUALS_LANG, then your locale)."),
        ),
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ) -> None:
        """Without a command, open the planner (TUI) on your database."""
        ctx.obj = {"db": db}
        language.for_run(lang)
        if ctx.invoked_subcommand is None:
            from rituals.cli import manage

            manage.open_tui(ctx)

    return root


def _check_language(value: Optional[str]) -> Optional[str]:
    if value is not None and not language.known(value):
        raise typer.BadParameter(_("choose en or fr, not {value!r}").format(value=value))
    return value


def build_app(command: str | None = None) -> typer.Typer:
    """The CLI with every command, only ``command``'s module when it names a known one, or none
    for ``--version``; its texts in the reader's language (chosen before: see `main()`)."""
    from rituals.cli.common import RitualsGroup  # after the language is chosen: it holds shared options

    app = typer.Typer(
        name="rituals",
        cls=RitualsGroup,
        help=_("Plan the rituals that keep a team connected: rotations that mix teams, ideas, invites."),
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
    )
    app.callback(invoke_without_command=True)(_root())
    if command in COMMANDS:
        modules = [COMMANDS[command]]
    elif command == "--version":
        modules = []  # nothing else to show: no command needs loading
    else:
        modules = list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"rituals.cli.{name}").register(app)
    return app


def command_in(argv: list[str]) -> str | None:
    """The sub-command named on a command line (skipping the root options), or "--version"."""
    args = iter(argv)
    for arg in args:
        if arg in ("--db", language.OPTION):
            next(args, None)
        elif arg == "--version":
            return arg
        elif not arg.startswith("-"):
            return arg
    return None


_full_app: typer.Typer | None = None


def __getattr__(name: str) -> Any:
    # `from rituals.cli import app` (tests, docs tools) gets the CLI with every command
    global _full_app
    if name == "app":
        if _full_app is None:
            _full_app = build_app()
        return _full_app
    raise AttributeError(name)


def main() -> None:
    language.start(sys.argv[1:])  # before any command module gives typer its texts
    build_app(command_in(sys.argv[1:]))()
