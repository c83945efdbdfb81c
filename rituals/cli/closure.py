"""`rituals closure ...`: the company's closures (the Christmas week), which every ritual skips
or moves out of."""

from typing import Optional

import typer

from rituals.cli.common import FormatOption, OutputFormat, console, print_json, service
from rituals.cli.plain import Printer
from rituals.core.schedule import parse_date
from rituals.locale import _, ngettext, pgettext

closure_app = typer.Typer(
    help=_("Company closures: the dates every ritual skips or moves out of."), no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(closure_app, name="closure")


@closure_app.command(
    "add", help=_("Close the company for some days: each ritual skips or moves its dates there (--on-closed).")
)
def add(
    ctx: typer.Context,
    start: str = typer.Option(..., "--from", help=_("First closed day, YYYY-MM-DD.")),
    end: Optional[str] = typer.Option(None, "--to", help=_("Last closed day (default: the first).")),
    name: str = typer.Option("", "--name", help=_("What it is, e.g. 'Christmas week'.")),
) -> None:
    first = parse_date(start)
    change = service(ctx).closures.add(first, parse_date(end) if end else first, name)
    console.print(_("added {closure}").format(closure=change.summary()), markup=False, soft_wrap=True)
    for old, new in change.moved:
        moved = _("moved {session} to {day}").format(session=old, day=new.partition("@")[2])
        console.print(f"  {moved}", markup=False, soft_wrap=True)
    for old in change.dropped:
        dropped = _("dropped {session} (its invites are cancelled at the next export)").format(session=old)
        console.print(f"  {dropped}", markup=False, soft_wrap=True)


@closure_app.command("list", help=_("List the closures."))
def list_(ctx: typer.Context, fmt: OutputFormat = FormatOption) -> None:
    closures = service(ctx).closures.all()
    if fmt is OutputFormat.json:
        print_json(list(closures))
        return
    rows = [[c.id, c.name or "—", c.start.isoformat(), c.end.isoformat()] for c in closures]
    ident = pgettext("column", "Id")
    headers = [ident, pgettext("column", "Name"), pgettext("column", "From"), pgettext("column", "To")]
    title = ngettext("{n} closure", "{n} closures", len(rows)).format(n=len(rows))
    Printer().table(title, headers, rows, keep=[ident])


@closure_app.command("remove", help=_("Open a closure's dates again."))
def remove(
    ctx: typer.Context, closure_id: str = typer.Argument(..., help=_("The closure's id (see closure list)."))
) -> None:
    closure = service(ctx).closures.remove(closure_id)
    console.print(_("removed the closure {closure}").format(closure=closure.describe()), markup=False, soft_wrap=True)
