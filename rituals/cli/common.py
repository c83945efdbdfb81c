"""What every command module shares: the service for --db, output formats, consoles, errors."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from enum import Enum
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup
from typer.exceptions import TyperException

from rituals.codec import to_dict
from rituals.core.errors import InvalidInput, RitualsError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


FormatOption = typer.Option(OutputFormat.table, "--format", "-f", help="table for people, json for scripts.")


def report(error: RitualsError) -> None:
    """One clear line on stderr (plus the bad rows of a roster, one per line)."""
    err_console.print(f"[bold red]error:[/] {escape(error.message)}", soft_wrap=True)
    for line in getattr(error, "problems", []):
        err_console.print(f"  {line}", markup=False, soft_wrap=True)


class RitualsGroup(TyperGroup):
    """Root command group: turns domain errors (and unexpected ones) into one clear line."""

    def invoke(self, ctx: typer.Context) -> Any:
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
            report(RitualsError(f"internal error: {type(exc).__name__}: {exc} (set RITUALS_DEBUG=1 for details)"))
            raise typer.Exit(1) from None


def clock_from_env() -> Any:
    """RITUALS_NOW=2026-11-23T09:00 freezes the clock (demos, reproducible reports, tests)."""
    frozen = os.environ.get("RITUALS_NOW")
    if not frozen:
        return None
    try:
        moment = datetime.fromisoformat(frozen)
    except ValueError:
        raise InvalidInput(f"bad RITUALS_NOW {frozen!r}: use YYYY-MM-DDTHH:MM") from None
    return lambda: moment


def service(ctx: typer.Context) -> Any:
    """The Service for this invocation (built once, from --db / $RITUALS_DB / the default path)."""
    root = ctx.find_root()
    if root.obj is None or "service" not in root.obj:
        from rituals.service import open_service

        root.obj = root.obj or {}
        root.obj["service"] = open_service(root.obj.get("db"), clock=clock_from_env())
    return root.obj["service"]


def print_json(obj: Any) -> None:
    """Plain JSON on stdout (no colour, no wrapping) so that scripts can parse it."""
    sys.stdout.write(json.dumps(to_dict(obj), ensure_ascii=False, indent=2) + "\n")

