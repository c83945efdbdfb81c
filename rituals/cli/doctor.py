"""`rituals doctor`: check the database, repair it, or restore its backup."""

import typer

from rituals.cli.common import console, err_console, service


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)


def doctor(
    ctx: typer.Context,
    repair: bool = typer.Option(False, "--repair", help="Fix what is safe to fix (a copy of the file is kept first)."),
    restore_backup: bool = typer.Option(
        False,
        "--restore-backup",
        help="Replace the file with its last good copy (<file>.bak); the current one is kept aside.",
    ),
) -> None:
    """Check the database: JSON, schema, every record, duplicate ids, references between tables."""
    report = service(ctx).doctor.check(repair=repair, restore_backup=restore_backup)
    counts = ", ".join(f"{n} {table}" for table, n in report.counts.items())
    console.print(f"checked {report.path}" + (f": {counts}" if counts else ""), markup=False, soft_wrap=True)
    for line in report.fixed:
        console.print(f"fixed: {line}", markup=False, soft_wrap=True)
    for path in report.kept:
        console.print(f"the file as it was is kept in {path}", markup=False, soft_wrap=True)
    for line in report.notes:
        console.print(f"note: {line}", markup=False, soft_wrap=True)
    for line in report.problems:
        err_console.print(f"problem: {line}", markup=False, soft_wrap=True)
    if report.problems:
        err_console.print(f"{len(report.problems)} problem(s) remain", markup=False, soft_wrap=True)
        for line in report.advice:  # only steps that can work: the backup when it is good, --repair when it helps
            console.print(f"next: {line}", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print("no problems found", markup=False, soft_wrap=True)
