"""`rituals export | publish | send`: calendar invites as files, on a CalDAV server, by e-mail."""

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from rituals.cli.common import console, err_console, service
from rituals.core.errors import InvalidInput
from rituals.core.schedule import parse_date
from rituals.locale import _, ngettext
from rituals.locale.said import Nn_

if TYPE_CHECKING:
    from rituals.service.export import ExportReport

RITUAL = typer.Argument(None, metavar="[RITUAL]", help=_("The ritual's id (or use --all)."))
ALL = typer.Option(False, "--all", help=_("Every ritual."))
FROM = typer.Option(None, "--from", help=_("First session date, YYYY-MM-DD (default: today)."))
TO = typer.Option(None, "--to", help=_("Sessions before this date, YYYY-MM-DD (default: a year after --from)."))
USER = typer.Option(None, "--user", help=_("User name on the server."))
PASSWORD_ENV = typer.Option(
    None,
    "--password-env",
    metavar="VAR",
    help=_("Name of the environment variable holding the password (never stored)."),
)


def register(app: typer.Typer) -> None:
    app.command("export", help=_("Export invites as .ics (standard iCalendar); without -o or --dir, print it."))(export)
    app.command(
        "publish", help=_("Keep a CalDAV calendar in step: new and changed events are put, dropped ones removed.")
    )(publish)
    app.command(
        "send",
        help=_(
            "E-mail each person the invitations, updates and cancellations that bring their calendar in "
            "step with the plan (iMIP: one event per message); what they already have is not sent again."
        ),
    )(send)


DRY_RUN = typer.Option(False, "--dry-run", help=_("Only say what would go out (who gets what, and why)."))


def export(
    ctx: typer.Context,
    ritual: Optional[str] = RITUAL,
    all_: bool = ALL,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help=_("Write one .ics file.")),
    directory: Optional[Path] = typer.Option(
        None,
        "--dir",
        help=_("Keep a folder in step: one file per ritual and per person (one per UID for request/cancel)."),
    ),
    method: str = typer.Option("publish", "--method", help=_("publish (a feed), request (invitations) or cancel.")),
    start: Optional[str] = FROM,
    end: Optional[str] = TO,
    dry_run: bool = DRY_RUN,
) -> None:
    if output is not None and directory is not None:
        raise InvalidInput(_("give either -o FILE or --dir DIR, not both"))
    if dry_run and directory is None:
        raise InvalidInput(_("--dry-run goes with --dir (a single file or the printed calendar is written whole)"))
    report, data = service(ctx).export.ics(
        _which(ritual, all_),
        method=method,
        output=output,
        directory=directory,
        start=_date(start),
        end=_date(end),
        dry_run=dry_run,
    )
    if output is None and directory is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        _skipped(report.skipped)
        return
    if output is not None:
        _say(
            ngettext("Exported {n} event(s) to {path}", "Exported {n} event(s) to {path}", report.uids).format(
                n=report.uids, path=output
            )
        )
    else:
        n = len(report.files)
        done = ngettext("{n} file(s) written to {path}", "{n} file(s) written to {path}", n).format(n=n, path=directory)
        _outcome(report, done, "file")
    _skipped(report.skipped)


def publish(
    ctx: typer.Context,
    ritual: Optional[str] = RITUAL,
    all_: bool = ALL,
    caldav: str = typer.Option(..., "--caldav", metavar="URL", help=_("The calendar collection's URL.")),
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    start: Optional[str] = FROM,
    end: Optional[str] = TO,
    dry_run: bool = DRY_RUN,
) -> None:
    report = service(ctx).export.publish(
        _which(ritual, all_),
        url=caldav,
        user=user,
        password=_password(password_env),
        start=_date(start),
        end=_date(end),
        dry_run=dry_run,
    )
    puts = sum(1 for line in report.lines if line.method == "PUT")
    done = ngettext(
        "Published {n} event(s), removed {removed}", "Published {n} event(s), removed {removed}", puts
    ).format(n=puts, removed=report.removed)
    _outcome(report, done, "event")
    _skipped(report.skipped)


def send(
    ctx: typer.Context,
    ritual: Optional[str] = typer.Argument(None, metavar="[RITUAL]", help=_("The ritual's id (or use --all).")),
    all_: bool = ALL,
    smtp: Optional[str] = typer.Option(
        None,
        "--smtp",
        metavar="HOST[:PORT]",
        help=_("The SMTP server (port: 587 with --starttls, 25 without, if not given)."),
    ),
    starttls: bool = typer.Option(False, "--starttls", help=_("Upgrade the connection with STARTTLS.")),
    sender: Optional[str] = typer.Option(None, "--from", metavar="ADDR", help=_("Sender (default: the organizer).")),
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    dry_run: bool = DRY_RUN,
    directory: Optional[Path] = typer.Option(
        None, "--dir", help=_("With --dry-run: also write the messages there as .eml files.")
    ),
) -> None:
    if not dry_run and not smtp:
        raise InvalidInput(_("give --smtp HOST[:PORT] (or --dry-run to see what would be sent)"))
    if directory is not None and not dry_run:
        raise InvalidInput(_("--dir goes with --dry-run (it writes the messages instead of sending them)"))
    report = service(ctx).export.send(
        _which(ritual, all_),
        smtp=smtp or "",
        starttls=starttls,
        sender=sender,
        user=user,
        password=_password(password_env),
        eml_dir=directory,
        dry_run=dry_run,
    )
    cancels = sum(1 for line in report.lines if line.method == "CANCEL")
    via = " " + _("via {server}").format(server=report.server) if report.server else ""
    if report.usual_port:
        port = report.server.rsplit(":", 1)[1]
        if starttls:
            via += " " + _("(no port given: {port}, the usual one with --starttls)").format(port=port)
        else:
            via += " " + _("(no port given: {port}, the usual one without --starttls)").format(port=port)
    done = _("Sent {n} message(s){via}: {invites} invitation(s) or update(s), {cancels} cancellation(s)").format(
        n=report.messages, via=via, invites=report.messages - cancels, cancels=cancels
    )
    _outcome(report, done, "message")
    _skipped(report.skipped)


def _outcome(report: "ExportReport", done: str, unit: str) -> None:
    """What went out, line by line, or would with --dry-run; or that everything was up to date."""
    if report.nothing_to_do:
        _say(_("up to date ({n} event(s), {people} people)").format(n=report.up_to_date, people=report.people))
        return
    for line in report.lines:
        who = f" -> {', '.join(line.recipients)}" if line.recipients else ""
        _say(f"{line.method:<7} {line.name}{who} ({line.why()})")
    if report.dry_run:
        n = len(report.lines)
        _say(ngettext(DRY_RUNS[unit][0], DRY_RUNS[unit][1], n).format(n=n))
    else:
        _say(_("{done}; {n} event(s) already up to date").format(done=done, n=report.up_to_date))


# what a dry run would send, by kind of thing sent
DRY_RUNS = {
    "file": Nn_(
        "dry run: {n} file would go out; nothing was sent or recorded",
        "dry run: {n} files would go out; nothing was sent or recorded",
    ),
    "event": Nn_(
        "dry run: {n} event would go out; nothing was sent or recorded",
        "dry run: {n} events would go out; nothing was sent or recorded",
    ),
    "message": Nn_(
        "dry run: {n} message would go out; nothing was sent or recorded",
        "dry run: {n} messages would go out; nothing was sent or recorded",
    ),
}


def _say(text: str) -> None:
    console.print(text, markup=False, soft_wrap=True, highlight=False)


def _which(ritual: str | None, all_: bool) -> list[str] | None:
    if all_ and ritual:
        raise InvalidInput(_("name one ritual or use --all, not both"))
    if not all_ and not ritual:
        raise InvalidInput(_("name a ritual or use --all"))
    return [ritual] if ritual and not all_ else None


def _date(text: str | None) -> date | None:
    return parse_date(text) if text else None


def _password(variable: str | None) -> str | None:
    # passwords come from the environment only: never on the command line, never stored
    if not variable:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise InvalidInput(_("environment variable {name} is not set (--password-env names it)").format(name=variable))
    return value


def _skipped(lines: list[str]) -> None:
    for line in lines:
        err_console.print(_("skipped {text}").format(text=line), markup=False, soft_wrap=True)
