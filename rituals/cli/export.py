"""`rituals export | publish | send`: calendar invites as files, on a CalDAV server, by e-mail."""

import os
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from rituals.cli.common import console, err_console, service
from rituals.core.errors import InvalidInput
from rituals.core.schedule import parse_date

RITUAL = typer.Argument(None, metavar="[RITUAL]", help="The ritual's id (or use --all).")
ALL = typer.Option(False, "--all", help="Every ritual.")
FROM = typer.Option(None, "--from", help="First session date, YYYY-MM-DD (default: today).")
TO = typer.Option(None, "--to", help="Sessions before this date, YYYY-MM-DD (default: a year after --from).")
USER = typer.Option(None, "--user", help="User name on the server.")
PASSWORD_ENV = typer.Option(
    None, "--password-env", metavar="VAR", help="Name of the environment variable holding the password (never stored)."
)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("publish")(publish)
    app.command("send")(send)


def export(
    ctx: typer.Context,
    ritual: Optional[str] = RITUAL,
    all_: bool = ALL,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write one .ics file."),
    directory: Optional[Path] = typer.Option(
        None, "--dir", help="Write a folder: one file per ritual and per person (one per UID for request/cancel)."
    ),
    method: str = typer.Option("publish", "--method", help="publish (a feed), request (invitations) or cancel."),
    start: Optional[str] = FROM,
    end: Optional[str] = TO,
) -> None:
    """Export invites as .ics (standard iCalendar); without -o or --dir, print it."""
    if output is not None and directory is not None:
        raise InvalidInput("give either -o FILE or --dir DIR, not both")
    report, data = service(ctx).export.ics(
        _which(ritual, all_), method=method, output=output, directory=directory,
        start=_date(start), end=_date(end),
    )
    if output is None and directory is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        _skipped(report.skipped)
        return
    where = output if output is not None else f"{directory} ({len(report.files)} files)"
    console.print(f"Exported {report.uids} event(s) to {where}", markup=False, soft_wrap=True)
    _skipped(report.skipped)


def publish(
    ctx: typer.Context,
    ritual: Optional[str] = RITUAL,
    all_: bool = ALL,
    caldav: str = typer.Option(..., "--caldav", metavar="URL", help="The calendar collection's URL."),
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    start: Optional[str] = FROM,
    end: Optional[str] = TO,
) -> None:
    """Put the events on a CalDAV calendar, updating them in place; cancelled ones are removed."""
    report = service(ctx).export.publish(
        _which(ritual, all_), url=caldav, user=user, password=_password(password_env),
        start=_date(start), end=_date(end),
    )
    console.print(f"Published {report.uids} event(s), removed {report.removed} cancelled", markup=False, soft_wrap=True)
    _skipped(report.skipped)


def send(
    ctx: typer.Context,
    ritual: str = typer.Argument(..., help="The ritual's id."),
    smtp: Optional[str] = typer.Option(None, "--smtp", metavar="HOST:PORT", help="The SMTP server."),
    starttls: bool = typer.Option(False, "--starttls", help="Upgrade the connection with STARTTLS."),
    sender: Optional[str] = typer.Option(None, "--from", metavar="ADDR", help="Sender (default: the organizer)."),
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    dry_run: bool = typer.Option(False, "--dry-run", help="Write .eml files instead of sending."),
    directory: Path = typer.Option(Path("invites"), "--dir", help="Where --dry-run writes the .eml files."),
) -> None:
    """E-mail each attendee an invite for the coming year (iMIP: one event per message)."""
    if not dry_run and not smtp:
        raise InvalidInput("give --smtp HOST:PORT (or --dry-run to write .eml files)")
    report = service(ctx).export.send(
        ritual, smtp=smtp or "", starttls=starttls, sender=sender, user=user,
        password=_password(password_env), dry_run_dir=directory if dry_run else None,
    )
    if dry_run:
        console.print(f"Wrote {report.messages} message(s) to {directory}", markup=False, soft_wrap=True)
    else:
        console.print(f"Sent {report.messages} invite(s) for {report.uids} event(s)", markup=False, soft_wrap=True)


def _which(ritual: str | None, all_: bool) -> list[str] | None:
    if all_ and ritual:
        raise InvalidInput("name one ritual or use --all, not both")
    if not all_ and not ritual:
        raise InvalidInput("name a ritual or use --all")
    return None if all_ else [ritual]


def _date(text: str | None) -> date | None:
    return parse_date(text) if text else None


def _password(variable: str | None) -> str | None:
    # passwords come from the environment only: never on the command line, never stored
    if not variable:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise InvalidInput(f"environment variable {variable} is not set (--password-env names it)")
    return value


def _skipped(lines: list[str]) -> None:
    for line in lines:
        err_console.print(f"skipped {line}", markup=False, soft_wrap=True)
