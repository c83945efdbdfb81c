"""`rituals slots RITUAL`: each group of a planned session finds its own time (rituals with
--slot find), from its people's calendars, working hours, holidays and the plan itself."""

import os
from typing import Any, Optional

import typer

from rituals.cli.common import DryRunOption, FormatOption, OutputFormat, console, err_console, print_json, service
from rituals.core.errors import InvalidInput
from rituals.core.schedule import parse_date
from rituals.locale import _


def register(app: typer.Typer) -> None:
    app.command(
        "slots",
        help=_(
            "Find each group's time: the earliest (or best-spread) one in the ritual's window when all "
            "its people are free; their invites then carry it (export again to send the update)."
        ),
    )(slots)


USER = typer.Option(
    None,
    "--user",
    envvar="RITUALS_CALDAV_USER",
    help=_("User name for CalDAV calendars (default: $RITUALS_CALDAV_USER)."),
)
PASSWORD_ENV = typer.Option(
    "RITUALS_CALDAV_PASSWORD",
    "--password-env",
    metavar="VAR",
    help=_("Environment variable holding the CalDAV password (never stored)."),
)


def slots(
    ctx: typer.Context,
    ritual_id: str = typer.Argument(..., help=_("A ritual with --slot find.")),
    day: Optional[str] = typer.Option(None, "--date", help=_("The session, YYYY-MM-DD (default: the next planned).")),
    user: Optional[str] = USER,
    password_env: str = PASSWORD_ENV,
    dry_run: bool = DryRunOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    svc = service(ctx)
    plan = svc.slots.find(ritual_id, parse_date(day) if day else None, user=user, password=password(password_env))
    saved = None if dry_run else svc.slots.save(plan)
    if fmt is OutputFormat.json:
        print_json(
            {"session": plan.session.id, "saved": saved is not None, "groups": plan.groups, "problems": plan.problems}
        )
        return
    show_plan(svc, plan, saved is not None)


def password(variable: str) -> Optional[str]:
    # passwords come from the environment only: never on the command line, never stored
    if not variable.replace("_", "").isalnum():
        raise InvalidInput(_("bad --password-env {value!r}: name an environment variable").format(value=variable))
    return os.environ.get(variable)


def show_plan(svc: Any, plan: Any, saved: bool) -> None:
    """Each group's time (with its people's own clocks), or why none and the nearest options."""
    for line in plan.problems:
        err_console.print(_("warning: {text}").format(text=line), markup=False, soft_wrap=True)
    for group in plan.groups:
        names = ", ".join(svc.slots.names_of(group.members))
        if group.start is not None:
            said = _("group {n} ({names}): {when}").format(
                n=group.number, names=names, when=svc.slots.when(plan.ritual, group)
            )
            console.print(said, markup=False, soft_wrap=True)
            continue
        said = _("group {n} ({names}): no time in the window: {why}").format(n=group.number, names=names, why=group.why)
        console.print(said, markup=False, soft_wrap=True)
        for option in group.options:
            console.print("  " + _("nearest: {option}").format(option=option), markup=False, soft_wrap=True)
    if saved:
        outcome = _("{found} of {n} groups have a time; saved").format(found=plan.found, n=len(plan.groups))
    else:
        outcome = _("{found} of {n} groups have a time; nothing saved (--dry-run)").format(
            found=plan.found, n=len(plan.groups)
        )
    console.print(outcome, markup=False)
