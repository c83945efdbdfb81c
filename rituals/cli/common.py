"""What every command module shares: the service for --db, output formats, consoles, errors."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from rituals.core.errors import InvalidInput, RitualsError
from rituals.locale import _

if TYPE_CHECKING:
    from rich.console import Console
    from typer._click import Context as ClickContext  # what TyperGroup.invoke takes: typer's own click

    from rituals.service import Service
    from rituals.service.repair import PlanChange

    _Proxied = Console  # to the type checker, the proxy has what a Console has
else:
    _Proxied = object


class LazyConsole(_Proxied):
    """A rich Console made on first use: rich costs as much to import as typer, and the quick
    commands (suggest, lists) print without it (see plain.py)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def real(self) -> Console:
        """The Console itself, for rich objects that take one (Progress, Live): they use it as a
        context manager, which a proxy's __getattr__ cannot provide."""
        if self._console is None:
            from rich.console import Console  # deferred: see the class docstring

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)


console = LazyConsole(highlight=False)
err_console = LazyConsole(stderr=True, highlight=False)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


# made when a command module is imported, after the reader's language is chosen (cli/__init__.py)
FormatOption = typer.Option(OutputFormat.table, "--format", "-f", help=_("table for people, json for scripts."))
YesOption = typer.Option(False, "--yes", "-y", help=_("Do not ask for confirmation (scripts)."))
DryRunOption = typer.Option(False, "--dry-run", help=_("Only show what would change; nothing is saved."))


def confirm(question: str, yes: bool) -> None:
    """Go on if ``yes``, or if the person at the terminal says so (the prompt goes to stderr);
    on a pipe, refuse with one line rather than wait for an answer nobody can type."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidInput(
            _("{question}: not confirmed; add --yes to go ahead without a prompt").format(
                question=question.rstrip(" ?\u00a0\u202f")  # French puts a narrow no-break space before "?"
            )
        )
    typer.confirm(question, abort=True, err=True)


def show_change(change: PlanChange) -> None:
    """Who a change of the plan affects: one summary line, then one line per planned session."""
    console.print(change.summary(), markup=False, soft_wrap=True)
    for line in change.lines():
        console.print(f"  {line}", markup=False, soft_wrap=True)


def report(error: RitualsError) -> None:
    """One clear line on stderr (plus the bad rows of a roster, one per line)."""
    from rich.markup import escape  # deferred: errors are rare, rich is slow to import

    err_console.print(_("[bold red]error:[/] {message}").format(message=escape(error.message)), soft_wrap=True)
    for line in getattr(error, "problems", []):
        err_console.print(f"  {line}", markup=False, soft_wrap=True)


class RitualsGroup(TyperGroup):
    """Root command group: turns domain errors (and unexpected ones) into one clear line."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from rituals.cli import language

        before = language.locale.current()
        try:
            return super().main(*args, **kwargs)
        finally:
            # a run in this process (CliRunner) chose its language: the next one starts afresh;
            # after the error lines and usage errors, which are printed in the run's language
            language.choose(before)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except RitualsError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None
        except (TyperException, typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise  # usage errors, --help, Ctrl-C: typer already says it well
        except BrokenPipeError:
            # the reader went away (`rituals ... | head`): nobody is left to tell; stay quiet at exit too
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            raise typer.Exit(1) from None
        except Exception as exc:  # a bug: still one line, the details on demand
            if os.environ.get("RITUALS_DEBUG"):
                raise
            report(
                RitualsError(
                    _("internal error: {kind}: {error} (set RITUALS_DEBUG=1 for details)").format(
                        kind=type(exc).__name__, error=exc
                    )
                )
            )
            raise typer.Exit(1) from None


def clock_from_env() -> Any:
    """RITUALS_NOW=2026-11-23T09:00 freezes the clock (demos, reproducible reports, tests)."""
    frozen = os.environ.get("RITUALS_NOW")
    if not frozen:
        return None
    try:
        moment = datetime.fromisoformat(frozen)
    except ValueError:
        raise InvalidInput(_("bad RITUALS_NOW {value!r}: use YYYY-MM-DDTHH:MM").format(value=frozen)) from None
    return lambda: moment


def service(ctx: typer.Context) -> Service:
    """The Service for this invocation, from --db / $RITUALS_DB / the default path, built once.

    Building it costs nothing: each area (``svc.people``, ``svc.ideas``...) imports its code when
    the command first reaches it, so a quick command loads only what it uses.
    """
    from rituals.service import open_service

    root = ctx.find_root()
    root.obj = root.obj or {}
    if "service" not in root.obj:
        root.obj["service"] = open_service(root.obj.get("db"), clock=clock_from_env())
    built: Service = root.obj["service"]
    # the journal says which command each change came from: "people edit", not the program's name
    built.context.source = " ".join(ctx.command_path.split()[1:]) or ctx.command_path
    return built


def print_json(obj: Any) -> None:
    """Plain JSON on stdout (no colour, no wrapping) so that scripts can parse it."""
    from rituals.store.codec import to_dict

    sys.stdout.write(json.dumps(to_dict(obj), ensure_ascii=False, indent=2) + "\n")
