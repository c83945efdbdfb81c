"""The typer CLI: a thin shell that parses, calls the service and renders.

Bare `rituals` opens the TUI on the user's DB; Textual is imported only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rituals import __version__
from rituals.cli import doctor, export, manage, people, report, ritual, rotate, suggest
from rituals.cli.common import RitualsGroup

app = typer.Typer(
    name="rituals",
    cls=RitualsGroup,
    help="Plan the rituals that keep a team connected: rotations that mix teams, ideas, invites.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rituals {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(None, "--db", envvar="RITUALS_DB", help="Database file (default: your user data folder)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Without a command, open the planner (TUI) on your database."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        manage.open_tui(ctx)


people.register(app)
ritual.register(app)
manage.register(app)
export.register(app)
suggest.register(app)
report.register(app)
doctor.register(app)
rotate.register(app)


def main() -> None:
    app()
