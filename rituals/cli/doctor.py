"""`rituals doctor`: check the database, repair it, or restore its backup."""

import typer

from rituals.cli.common import console, err_console, service
from rituals.locale import N_, _, ngettext


def register(app: typer.Typer) -> None:
    app.command(
        "doctor", help=_("Check the database: JSON, schema, every record, duplicate ids, references between tables.")
    )(doctor)


def doctor(
    ctx: typer.Context,
    repair: bool = typer.Option(
        False, "--repair", help=_("Fix what is safe to fix (a copy of the file is kept first).")
    ),
    restore_backup: bool = typer.Option(
        False,
        "--restore-backup",
        help=_("Replace the file with its last good copy (<file>.bak); the current one is kept aside."),
    ),
) -> None:
    report = service(ctx).doctor.check(repair=repair, restore_backup=restore_backup)
    counts = ", ".join(
        _(TABLES[table]).format(n=n) if table in TABLES else f"{n} {table}" for table, n in report.counts.items()
    )
    if counts:
        _say(_("checked {path}: {counts}").format(path=report.path, counts=counts))
    else:
        _say(_("checked {path}").format(path=report.path))
    for line in report.fixed:
        _say(_("fixed: {text}").format(text=line))
    for path in report.kept:
        _say(_("the file as it was is kept in {path}").format(path=path))
    for line in report.notes:
        _say(_("note: {text}").format(text=line))
    for line in report.problems:
        err_console.print(_("problem: {text}").format(text=line), markup=False, soft_wrap=True)
    if report.problems:
        n = len(report.problems)
        remain = ngettext("{n} problem(s) remain", "{n} problem(s) remain", n).format(n=n)
        err_console.print(remain, markup=False, soft_wrap=True)
        for line in report.advice:  # only steps that can work: the backup when it is good, --repair when it helps
            _say(_("next: {text}").format(text=line))
        raise typer.Exit(1)
    _say(_("no problems found"))


# the records of each table, counted
TABLES = {"people": N_("{n} people"), "rituals": N_("{n} rituals"), "sessions": N_("{n} sessions")}


def _say(text: str) -> None:
    console.print(text, markup=False, soft_wrap=True)
