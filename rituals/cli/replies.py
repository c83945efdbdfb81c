"""`rituals replies` and `rituals checkin`: attendees' answers in, "did you meet?" out."""

import sys
from typing import TYPE_CHECKING, Optional

import typer

from rituals.cli.common import FormatOption, OutputFormat, console, err_console, print_json, service
from rituals.cli.export import PASSWORD_ENV, USER, _password
from rituals.core.errors import InvalidInput
from rituals.locale import N_, _, current, ngettext

if TYPE_CHECKING:
    from rituals.service import Service
    from rituals.service.replies import ReplyRun

SOURCES = typer.Argument(
    None,
    metavar="[SOURCE]...",
    help=_("A maildir or mbox folder, .eml or .ics files, imap(s)://user@host/MAILBOX, or a CalDAV calendar URL."),
)


def register(app: typer.Typer) -> None:
    app.command(
        "replies",
        help=_(
            "Record attendees' answers (accepted, declined, tentative, check-ins) from mail or a calendar; "
            "declines of coming sessions are repaired once you confirm. Without SOURCE, only the repairs."
        ),
    )(replies)
    app.command(
        "checkin",
        help=_(
            "E-mail each group of the sessions just over: \"Did you meet? Reply 1-5, or 'no'\" (at most once a "
            "week per person); `rituals replies` reads the answers."
        ),
    )(checkin)


def replies(
    ctx: typer.Context,
    sources: Optional[list[str]] = SOURCES,
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Apply the repairs that declines call for without asking.")),
    dry_run: bool = typer.Option(False, "--dry-run", help=_("Only say what would be recorded and repaired.")),
    fmt: OutputFormat = FormatOption,
) -> None:
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
            _say(f"{_(OUTCOMES[outcome.kind]):<9} {outcome.text}")
        elif outcome.kind == "ignored":
            _warn(f"{_(OUTCOMES['ignored']):<9} {outcome.text}")
    for problem in run.problems:
        _warn(f"{_(OUTCOMES['unread']):<9} {problem}")
    counts = {
        "n": run.messages,
        "recorded": run.count("recorded"),
        "known": run.count("unchanged"),
        "ignored": run.count("ignored") + len(run.problems),
        "other": run.unrelated,
    }
    if dry_run:
        summary = _(
            "{n} item(s) read: {recorded} answer(s) would be recorded, {known} already known, "
            "{ignored} ignored, {other} not an answer"
        ).format(**counts)
    else:
        summary = _(
            "{n} item(s) read: {recorded} answer(s) recorded, {known} already known, "
            "{ignored} ignored, {other} not an answer"
        ).format(**counts)
    _say(summary)
    for sid in run.settled:
        _say(_("attendance from the answers: {id}").format(id=sid))
    _repairs(svc, run, yes, dry_run)


def _repairs(svc: "Service", run: "ReplyRun", yes: bool, dry_run: bool) -> None:
    if not run.repairs:
        return
    names = run.names or {p.email: p.name or p.email for p in svc.people.all()}
    n = len(run.repairs)
    _say(
        ngettext(
            "{n} coming session(s) to repair after declines:", "{n} coming session(s) to repair after declines:", n
        ).format(n=n)
    )
    for fixed in run.repairs:
        for line in fixed.lines(names):
            _say(f"  {line}")
    if dry_run:
        _say(_("dry run: nothing was recorded or repaired"))
        return
    if not yes:
        if not sys.stdin.isatty():
            _say(_("not repaired: run `rituals replies --yes` to apply these repairs"))
            return
        if not typer.confirm(_("Apply these repairs?"), default=False):
            _say(_("not repaired"))
            return
    done = svc.replies.repair(expected_revision=run.revision)
    _say(
        ngettext(
            "repaired {n} session(s); `rituals send` delivers the updated invites",
            "repaired {n} session(s); `rituals send` delivers the updated invites",
            len(done),
        ).format(n=len(done))
    )


# what became of each item read, as the first word of its line
OUTCOMES = {
    "recorded": N_("recorded"),
    "unchanged": N_("unchanged"),
    "note": N_("note"),
    "ignored": N_("ignored"),
    "unread": N_("unread"),
}


def checkin(
    ctx: typer.Context,
    ritual: Optional[str] = typer.Argument(None, metavar="[RITUAL]", help=_("The ritual's id (or use --all).")),
    all_: bool = typer.Option(False, "--all", help=_("Every rotating ritual.")),
    smtp: Optional[str] = typer.Option(None, "--smtp", metavar="HOST:PORT", help=_("The SMTP server.")),
    starttls: bool = typer.Option(False, "--starttls", help=_("Upgrade the connection with STARTTLS.")),
    sender: Optional[str] = typer.Option(None, "--from", metavar="ADDR", help=_("Sender (default: the organizer).")),
    lang: Optional[str] = typer.Option(
        None, "--lang", help=_("en or fr: the language of the question (default: the language you read).")
    ),
    days: int = typer.Option(7, "--days", help=_("Ask about sessions over within this many days.")),
    user: Optional[str] = USER,
    password_env: Optional[str] = PASSWORD_ENV,
    dry_run: bool = typer.Option(False, "--dry-run", help=_("Only say who would be asked.")),
) -> None:
    if all_ == bool(ritual):
        raise InvalidInput(_("name one ritual or use --all"))
    if not dry_run and not smtp:
        raise InvalidInput(_("give --smtp HOST:PORT (or --dry-run to see who would be asked)"))
    report = service(ctx).replies.send_checkins(
        None if all_ else [ritual or ""],
        smtp=smtp or "",
        lang=lang or current(),
        days=days,
        sender=sender,
        starttls=starttls,
        user=user,
        password=_password(password_env),
        dry_run=dry_run,
    )
    for sid, number, to in report.sent:
        if dry_run:
            _say(_("would ask {id} group {n}: {emails}").format(id=sid, n=number, emails=", ".join(to)))
        else:
            _say(_("asked {id} group {n}: {emails}").format(id=sid, n=number, emails=", ".join(to)))
    for line in report.skipped:
        _warn(_("skipped {text}").format(text=line))
    if not report.sent:
        _say(_("no group to ask (sessions over within --days, not asked yet)"))


def _say(text: str) -> None:
    console.print(text, markup=False, soft_wrap=True, highlight=False)


def _warn(text: str) -> None:
    err_console.print(text, markup=False, soft_wrap=True, highlight=False)
