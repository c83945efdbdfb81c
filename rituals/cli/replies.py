"""`rituals replies` and `rituals checkin`: attendees' answers in, "did you meet?" out."""

import sys
from typing import TYPE_CHECKING, Optional

import typer

from rituals.cli.common import FormatOption, OutputFormat, console, err_console, print_json, service
from rituals.cli.export import PASSWORD_ENV, USER, _password
from rituals.core.errors import InvalidInput

if TYPE_CHECKING:
    from rituals.service import Service
    from rituals.service.replies import ReplyRun

SOURCES = typer.Argument(
    None,
    metavar="[SOURCE]...",
    help="A maildir or mbox folder, .eml or .ics files, imap(s)://user@host/MAILBOX, or a CalDAV calendar URL.",
)


def register(app: typer.Typer) -> None:
    app.command("replies")(replies)
    app.command("checkin")(checkin)


def replies(
    ctx: typer.Context,
    sources: Optional[list[str]] = SOURCES,
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    yes: bool = typer.Option(False, "--yes", "-y", help="Apply the repairs that declines call for without asking."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be recorded and repaired."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Record attendees' answers (accepted, declined, tentative, check-ins) from mail or a calendar;
    declines of coming sessions are repaired once you confirm. Without SOURCE, only the repairs."""
    svc = service(ctx)
    password = _password(password_env) if password_env else None
    run = svc.replies.read(sources or [], user=user, password=password, dry_run=dry_run)
    if fmt is OutputFormat.json:
        print_json(
            {
                "outcomes": run.outcomes,
                "problems": run.problems,
                "messages": run.messages,
                "unrelated": run.unrelated,
                "settled": run.settled,
                "dry_run": dry_run,
                "repairs": [
                    {"session": r.before.id, "leaving": r.leaving, "groups": r.after.groups, "unplaced": r.unplaced}
                    for r in run.repairs
                ],
            }
        )
        return
    for outcome in run.outcomes:
        if outcome.kind in ("recorded", "unchanged", "note"):
            _say(f"{outcome.kind:<9} {outcome.text}")
        elif outcome.kind == "ignored":
            _warn(f"ignored   {outcome.text}")
    for problem in run.problems:
        _warn(f"unread    {problem}")
    verb = "would be recorded" if dry_run else "recorded"
    _say(
        f"{run.messages} item(s) read: {run.count('recorded')} answer(s) {verb}, "
        f"{run.count('unchanged')} already known, "
        f"{run.count('ignored') + len(run.problems)} ignored, {run.unrelated} not an answer"
    )
    for sid in run.settled:
        _say(f"attendance from the answers: {sid}")
    _repairs(svc, run, yes, dry_run)


def _repairs(svc: "Service", run: "ReplyRun", yes: bool, dry_run: bool) -> None:
    if not run.repairs:
        return
    names = run.names or {p.email: p.name or p.email for p in svc.people.all()}
    _say(f"{len(run.repairs)} coming session(s) to repair after declines:")
    for fixed in run.repairs:
        for line in fixed.lines(names):
            _say(f"  {line}")
    if dry_run:
        _say("dry run: nothing was recorded or repaired")
        return
    if not yes:
        if not sys.stdin.isatty():
            _say("not repaired: run `rituals replies --yes` to apply these repairs")
            return
        if not typer.confirm("Apply these repairs?", default=False):
            _say("not repaired")
            return
    done = svc.replies.repair(expected_revision=run.revision)
    _say(f"repaired {len(done)} session(s); `rituals send` delivers the updated invites")


def checkin(
    ctx: typer.Context,
    ritual: Optional[str] = typer.Argument(None, metavar="[RITUAL]", help="The ritual's id (or use --all)."),
    all_: bool = typer.Option(False, "--all", help="Every rotating ritual."),
    smtp: Optional[str] = typer.Option(None, "--smtp", metavar="HOST:PORT", help="The SMTP server."),
    starttls: bool = typer.Option(False, "--starttls", help="Upgrade the connection with STARTTLS."),
    sender: Optional[str] = typer.Option(None, "--from", metavar="ADDR", help="Sender (default: the organizer)."),
    lang: str = typer.Option("en", "--lang", help="en or fr: the language of the question."),
    days: int = typer.Option(7, "--days", help="Ask about sessions over within this many days."),
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say who would be asked."),
) -> None:
    """E-mail each group of the sessions just over: "Did you meet? Reply 1-5, or 'no'" (at most once a
    week per person); `rituals replies` reads the answers."""
    if all_ == bool(ritual):
        raise InvalidInput("name one ritual or use --all")
    if not dry_run and not smtp:
        raise InvalidInput("give --smtp HOST:PORT (or --dry-run to see who would be asked)")
    report = service(ctx).replies.send_checkins(
        None if all_ else [ritual or ""],
        smtp=smtp or "",
        lang=lang,
        days=days,
        sender=sender,
        starttls=starttls,
        user=user,
        password=_password(password_env),
        dry_run=dry_run,
    )
    for sid, number, to in report.sent:
        _say(f"{'would ask' if dry_run else 'asked'} {sid} group {number}: {', '.join(to)}")
    for line in report.skipped:
        _warn(f"skipped {line}")
    if not report.sent:
        _say("no group to ask (sessions over within --days, not asked yet)")


def _say(text: str) -> None:
    console.print(text, markup=False, soft_wrap=True, highlight=False)


def _warn(text: str) -> None:
    err_console.print(text, markup=False, soft_wrap=True, highlight=False)
