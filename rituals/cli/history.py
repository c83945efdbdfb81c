"""`rituals history` (who changed what, when, from where) and `rituals undo`."""

from typing import Optional

import typer

from rituals.cli.common import FormatOption, OutputFormat, console, print_json, service
from rituals.cli.plain import Printer
from rituals.core.errors import InvalidInput
from rituals.core.journal import Change, local_time
from rituals.locale import _, ngettext, pgettext


def register(app: typer.Typer) -> None:
    app.command(
        "history",
        help=_("List the latest changes to the plan: when, by whom, from which command or screen, and what."),
    )(history)
    app.command("undo", help=_("Undo the latest change(s); an undo is a change too: `rituals undo` again redoes."))(
        undo
    )


def history(
    ctx: typer.Context,
    person: Optional[str] = typer.Option(
        None, "--person", help=_("Only changes about this e-mail (their record, sessions, audiences).")
    ),
    ritual: Optional[str] = typer.Option(
        None, "--ritual", help=_("Only changes about this ritual id (the ritual and its sessions).")
    ),
    count: int = typer.Option(20, "-n", "--count", min=1, help=_("How many changes to list, newest first.")),
    fmt: OutputFormat = FormatOption,
) -> None:
    changes = service(ctx).history.entries(count, person=person, ritual=ritual)
    if fmt is OutputFormat.json:
        print_json(changes)
        return
    out = Printer()
    rows = [[c.label + ("" if c.undoable else " ·"), local_time(c.at), c.by, c.via, c.summary] for c in changes]
    n = len(changes)
    title = ngettext("{n} change(s), newest first", "{n} change(s), newest first", n).format(n=n)
    if not changes:
        title += " " + _("(the journal is empty)")
    what = pgettext("column", "What")
    headers = ["#", pgettext("column", "When"), pgettext("column", "Who"), pgettext("column", "From"), what]
    out.table(title, headers, rows, keep=["#", what])
    if any(not c.undoable for c in changes):
        out.line(
            out.style(
                _("· cannot be undone (an erasure, a record of what was sent, or an entry kept as a summary)"), "dim"
            )
        )


def undo(
    ctx: typer.Context,
    count: Optional[int] = typer.Argument(None, min=1, help=_("How many of the latest changes to undo (default 1).")),
    to: Optional[int] = typer.Option(
        None, "--to", min=1, help=_("Undo every change back to this entry number, included.")
    ),
) -> None:
    if count is not None and to is not None:
        raise InvalidInput(_("give a number of changes or --to ENTRY, not both"))
    done = service(ctx).history.undo(count or 1, to=to)
    for change in done.undone:
        console.print(_("undid {change}").format(change=_line(change)), markup=False, soft_wrap=True)
    for change in done.kept:
        console.print(
            _("left as it was: {change} (it cannot be undone)").format(change=_line(change)),
            markup=False,
            soft_wrap=True,
        )
    console.print(
        _("recorded as #{n}: `rituals undo` again puts it back").format(n=done.revision), markup=False, soft_wrap=True
    )


def _line(change: Change) -> str:
    return f"{change.label} {change.summary} ({change.by}, {local_time(change.at)})"
