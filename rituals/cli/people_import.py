"""`rituals people import`: an HR export, read as it means it, with a dry run that shows the difference."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from rituals.cli.common import DryRunOption, FormatOption, OutputFormat, print_json, service
from rituals.cli.plain import Printer
from rituals.core.schedule import parse_date
from rituals.locale import _

if TYPE_CHECKING:
    from rituals.service.imports import FieldChange, ImportReport


def import_help() -> str:
    # the dates paragraph says what rituals.core.hr.DATE_SHAPES_HELP says, in the reader's language
    return " ".join(
        (
            _(
                "Import or update people from an HR export (CSV: commas, semicolons or tabs; UTF-8 with or "
                "without BOM, or Windows-1252). Headers in French or English: Prénom/Nom or a full name, e-mail, "
                "équipe/department, site/location (Télétravail, Remote, Home office mean remote), fuseau/time zone "
                "(else guessed from the office city), date d'entrée/hire date, poste/job title, date de "
                "sortie/termination date, tags."
            ),
            _(
                "Dates: YYYY-MM-DD (also with a time), DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY, two-digit years, "
                "'15 Jan 2024', '15 janv. 2024', 'January 15, 2024'. With slashes, a column with a day above 12 "
                "tells day from month; otherwise --dates says it (auto: day first in a French export, month "
                "first in an English one)."
            ),
            _(
                "Any bad row stops the whole import. A field edited in rituals since the last "
                "import keeps its local value unless --prefer file."
            ),
        )
    )


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        help=import_help(),
        short_help=_("Import or update people from an HR export (French or English); --dry-run shows the difference."),
    )(import_)


def import_(
    ctx: typer.Context,
    roster: Path = typer.Argument(..., help=_("The HR export (CSV).")),
    tz: str = typer.Option("UTC", "--tz", help=_("Time zone for rows that give none and whose office is unknown.")),
    dates: str = typer.Option("auto", "--dates", help=_("Numeric dates: auto, dmy (15/01/2024) or mdy (01/15/2024).")),
    city: Optional[list[str]] = typer.Option(
        None, "--city", help=_("An office city's zone, e.g. Nantes=Europe/Paris (repeat).")
    ),
    prefer: str = typer.Option(
        "local", "--prefer", help=_("A field edited both here and in the file: keep local, or take file.")
    ),
    leave_missing: bool = typer.Option(
        False, "--leave-missing", help=_("A full export: people not in it get a leave date (never deleted).")
    ),
    leave_date: Optional[str] = typer.Option(
        None, "--leave-date", help=_("That leave date, YYYY-MM-DD (default: today).")
    ),
    dry_run: bool = DryRunOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    svc = service(ctx)
    leave_on: Optional[date] = None
    if leave_missing:
        leave_on = parse_date(leave_date) if leave_date else svc.today()
    elif leave_date:
        raise typer.BadParameter(_("--leave-date goes with --leave-missing"), param_hint="--leave-date")
    report = svc.people.import_file(
        roster,
        default_timezone=tz,
        dates=dates,
        cities=tuple(city or ()),
        prefer=prefer,
        leave_on=leave_on,
        dry_run=dry_run,
    )
    if fmt is OutputFormat.json:
        print_json(report)
        return
    print_report(report, Printer())


def print_report(report: "ImportReport", out: Printer) -> None:
    """The difference an import makes: added, updated field by field, kept, unchanged, missing."""
    from rituals.core.collation import sorted_by  # deferred: ICU loads only to sort names

    def who(email: str) -> str:
        return f"{report.names.get(email, email)} <{email}>"

    def ordered(emails: Iterable[str]) -> list[str]:
        return sorted_by(emails, lambda e: report.names.get(e, e))

    out.line(
        _("{source}: {added} added, {updated} updated, {unchanged} unchanged, {missing} missing from the file").format(
            source=report.source,
            added=len(report.added),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
            missing=len(report.missing),
        )
        + (" " + _("(dry run)") if report.dry_run else "")
    )
    for email in ordered(report.added):
        out.paragraph("+ " + _("{who}: {what}").format(who=who(email), what=report.described.get(email, "")), 2)
    by_person: dict[str, list[FieldChange]] = {}
    for change in report.changes:
        by_person.setdefault(change.email, []).append(change)
    for email in ordered(by_person):
        fields = "; ".join(f"{c.field}: {c.before or '—'} → {c.after or '—'}" for c in by_person[email])
        out.paragraph("~ " + _("{who}: {what}").format(who=who(email), what=fields), 2)
    if report.kept:
        out.line(_("kept, edited in rituals since the last import (--prefer file takes the file's):"))
        for change in sorted(report.kept, key=lambda c: (report.names.get(c.email, c.email), c.field)):
            kept = _("{field} stays {before} (file: {after})").format(
                field=change.field, before=change.before or "—", after=change.after or "—"
            )
            out.paragraph("= " + _("{who}: {what}").format(who=who(change.email), what=kept), 2)
    if report.missing:
        out.line(
            _("missing from the file, leaving after {day}:").format(day=report.leave_on)
            if report.leave_on
            else _("missing from the file, possible leavers (a full export? --leave-missing gives them a leave date):")
        )
        leaving = set(report.leaving)
        for email in ordered(report.missing):
            if email in leaving or not report.leave_on:
                out.paragraph(f"? {who(email)}", 2)
            else:
                out.paragraph(_("? {who}: already has a leave date").format(who=who(email)), 2)
    for warning in report.warnings:
        out.paragraph(_("warning: {text}").format(text=warning), 0, ("yellow",))
    if report.dry_run:
        out.line(_("nothing saved (--dry-run)"))
