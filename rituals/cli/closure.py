"""`rituals closure ...`: the company's closures (the Christmas week), which every ritual skips
or moves out of."""

from typing import Optional

import typer

from rituals.cli.common import FormatOption, OutputFormat, console, print_json, service
from rituals.cli.plain import Printer
from rituals.core.schedule import parse_date

closure_app = typer.Typer(help="Company closures: the dates every ritual skips or moves out of.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(closure_app, name="closure")


@closure_app.command("add")
def add(
    ctx: typer.Context,
    start: str = typer.Option(..., "--from", help="First closed day, YYYY-MM-DD."),
    end: Optional[str] = typer.Option(None, "--to", help="Last closed day (default: the first)."),
    name: str = typer.Option("", "--name", help="What it is, e.g. 'Christmas week'."),
) -> None:
    """Close the company for some days: each ritual skips or moves its dates there (--on-closed)."""
    first = parse_date(start)
    change = service(ctx).closures.add(first, parse_date(end) if end else first, name)
    console.print(f"added {change.summary()}", markup=False, soft_wrap=True)
    for old, new in change.moved:
        console.print(f"  moved {old} to {new.partition('@')[2]}", markup=False, soft_wrap=True)
    for old in change.dropped:
        console.print(f"  dropped {old} (its invites are cancelled at the next export)", markup=False, soft_wrap=True)


@closure_app.command("list")
def list_(ctx: typer.Context, fmt: OutputFormat = FormatOption) -> None:
    """List the closures."""
    closures = service(ctx).closures.all()
    if fmt is OutputFormat.json:
        print_json(list(closures))
        return
    rows = [[c.id, c.name or "—", c.start.isoformat(), c.end.isoformat()] for c in closures]
    Printer().table(
        f"{len(rows)} {'closure' if len(rows) == 1 else 'closures'}", ["Id", "Name", "From", "To"], rows, keep=["Id"]
    )


@closure_app.command("remove")
def remove(
    ctx: typer.Context, closure_id: str = typer.Argument(..., help="The closure's id (see closure list).")
) -> None:
    """Open a closure's dates again."""
    closure = service(ctx).closures.remove(closure_id)
    console.print(f"removed the closure {closure.describe()}", markup=False, soft_wrap=True)
