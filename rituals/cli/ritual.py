"""`rituals ritual ...`: the rituals and their sessions."""

from collections import Counter
from typing import Optional

import typer

from rituals.cli.common import (
    FormatOption,
    OutputFormat,
    YesOption,
    confirm,
    console,
    err_console,
    print_json,
    service,
)
from rituals.cli.plain import Printer
from rituals.cli.ritual_options import (
    ALL_DAY,
    AUDIENCE,
    COUNT,
    DESCRIPTION,
    DURATION,
    EVERY,
    FORMAT,
    HOLIDAYS,
    KIND,
    LOCATION,
    MIX,
    MONTHLY_ON,
    ON_CLOSED,
    ORGANIZER,
    PREFER,
    SEATS,
    SIZE,
    SLOT,
    START,
    TITLE,
    TZ,
    UNTIL,
    VIDEO,
    WINDOW,
    spec_from,
)
from rituals.core.models import Response, Ritual, Session
from rituals.locale import N_, _, ngettext, pgettext

ritual_app = typer.Typer(help=_("Create, list, edit, cancel and remove rituals."), no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(ritual_app, name="ritual")


@ritual_app.command(
    "add",
    help=_(
        "Create a ritual, e.g. --title 'Coffee roulette' --kind coffee-chat "
        "--start 2026-12-03T10:00 --every weekly --size 2."
    ),
)
def add(
    ctx: typer.Context,
    title: Optional[str] = TITLE,
    kind: Optional[str] = KIND,
    start: Optional[str] = START,
    tz: Optional[str] = TZ,
    duration: Optional[str] = DURATION,
    every: Optional[str] = EVERY,
    monthly_on: Optional[str] = MONTHLY_ON,
    until: Optional[str] = UNTIL,
    count: Optional[int] = COUNT,
    all_day: Optional[bool] = ALL_DAY,
    skip_holidays: Optional[str] = HOLIDAYS,
    on_closed: Optional[str] = ON_CLOSED,
    size: Optional[int] = SIZE,
    mix: Optional[str] = MIX,
    seats: Optional[int] = SEATS,
    audience: Optional[str] = AUDIENCE,
    description: Optional[str] = DESCRIPTION,
    location: Optional[str] = LOCATION,
    video: Optional[str] = VIDEO,
    organizer: Optional[str] = ORGANIZER,
    format_kind: Optional[str] = FORMAT,
    slot: Optional[str] = SLOT,
    window: Optional[str] = WINDOW,
    prefer: Optional[str] = PREFER,
    ritual_id: Optional[str] = typer.Option(None, "--id", help=_("Short id (default: from the title).")),
) -> None:
    spec = spec_from(ctx.params)  # an option not given stays None: the spec's default
    svc = service(ctx)
    ritual = svc.rituals.add(spec)
    console.print(
        _("created ritual {id}: {title} ({schedule})").format(
            id=ritual.id, title=ritual.title, schedule=ritual.schedule.describe()
        ),
        markup=False,
        soft_wrap=True,
    )
    _warn(svc.rituals.warnings(ritual))


@ritual_app.command("edit", help=_("Change a ritual; only the options given change."))
def edit(
    ctx: typer.Context,
    ritual_id: str = typer.Argument(..., help=_("The ritual's id.")),
    title: Optional[str] = TITLE,
    kind: Optional[str] = KIND,
    start: Optional[str] = START,
    tz: Optional[str] = TZ,
    duration: Optional[str] = DURATION,
    every: Optional[str] = EVERY,
    monthly_on: Optional[str] = MONTHLY_ON,
    until: Optional[str] = UNTIL,
    count: Optional[int] = COUNT,
    all_day: Optional[bool] = ALL_DAY,
    skip_holidays: Optional[str] = HOLIDAYS,
    on_closed: Optional[str] = ON_CLOSED,
    size: Optional[int] = SIZE,
    mix: Optional[str] = MIX,
    seats: Optional[int] = SEATS,
    audience: Optional[str] = AUDIENCE,
    description: Optional[str] = DESCRIPTION,
    location: Optional[str] = LOCATION,
    video: Optional[str] = VIDEO,
    organizer: Optional[str] = ORGANIZER,
    format_kind: Optional[str] = FORMAT,
    slot: Optional[str] = SLOT,
    window: Optional[str] = WINDOW,
    prefer: Optional[str] = PREFER,
) -> None:
    spec = spec_from(ctx.params, leave=("ritual_id",))  # the argument names the ritual edited
    svc = service(ctx)
    ritual = svc.rituals.edit(ritual_id, spec)
    console.print(
        _("updated ritual {id}: {schedule}").format(id=ritual.id, schedule=ritual.schedule.describe()),
        markup=False,
        soft_wrap=True,
    )
    if start is not None or skip_holidays is not None or on_closed is not None:
        _warn(svc.rituals.warnings(ritual))


def _warn(lines: list[str]) -> None:
    for line in lines:
        err_console.print(_("warning: {text}").format(text=line), markup=False, soft_wrap=True)


@ritual_app.command("list", help=_("List rituals with their next date."))
def list_(ctx: typer.Context, fmt: OutputFormat = FormatOption) -> None:
    svc = service(ctx)
    rituals = svc.rituals.all()
    if fmt is OutputFormat.json:
        print_json(rituals)
        return
    rows = []
    for r in rituals:
        upcoming = svc.rituals.next_dates(r, 1) if r.status == "active" else []
        nxt = (
            r.schedule.when(upcoming[0])
            if upcoming
            else (pgettext("ritual", "cancelled") if r.status != "active" else "—")
        )
        rows.append([r.id, r.title, r.kind, r.schedule.describe(), nxt, r.grouping.describe()])
    ident = pgettext("column", "Id")
    headers = [
        ident,
        pgettext("column", "Title"),
        pgettext("column", "Kind"),
        pgettext("column", "Rhythm"),
        pgettext("column", "Next"),
        pgettext("column", "Groups"),
    ]
    # the id is what every other command takes: it is never shortened
    title = ngettext("{n} ritual", "{n} rituals", len(rituals)).format(n=len(rituals))
    Printer().table(title, headers, rows, keep=[ident])


SHOW_SKIPPED = 12  # dates skipped or moved that `ritual show` lists


@ritual_app.command("show", help=_("Show a ritual, its next dates and its sessions."))
def show(
    ctx: typer.Context,
    ritual_id: str = typer.Argument(..., help=_("The ritual's id.")),
    fmt: OutputFormat = FormatOption,
) -> None:
    svc = service(ctx)
    ritual = svc.rituals.get(ritual_id)
    sessions = svc.sessions.all(ritual.id)
    series = svc.replies.standing_by_ritual().get(ritual.id, {})  # answers to every date of a series
    if fmt is OutputFormat.json:
        print_json({"ritual": ritual, "sessions": sessions, "answers": sorted(series.values(), key=lambda r: r.email)})
        return
    from rich.markup import escape  # deferred: `ritual list` prints without rich

    lines = [
        f"[bold]{escape(ritual.title)}[/] ({ritual.id}, {escape(ritual.kind)}, {ritual.format}, "
        f"{_status(ritual.status)})",
        _("when: {schedule}, {length}").format(schedule=ritual.schedule.describe(), length=ritual.schedule.length()),
        _("who: {audience}; {grouping}").format(
            audience=escape(ritual.audience.describe()), grouping=ritual.grouping.describe()
        ),
    ]
    if ritual.slot is not None:
        lines.append(_("time: {slot}").format(slot=ritual.slot.describe()))
    for text in (
        ritual.location,
        ritual.video_link,
        ritual.organizer and _("organizer: {email}").format(email=ritual.organizer),
        ritual.description,
    ):
        if text:
            lines.append(str(text).replace("[", r"\["))
    console.print("\n".join(lines))
    upcoming = svc.rituals.next_dates(ritual, 3) if ritual.status == "active" else []
    if upcoming:
        dates = ", ".join(ritual.schedule.when(d, year=True) for d in upcoming)
        console.print(_("next: {dates}").format(dates=dates), markup=False)
        for line in svc.hours.time_lines(ritual, upcoming[0], {s.day: s for s in sessions}.get(upcoming[0].date())):
            console.print(f"  {line}", markup=False, soft_wrap=True)
    skipped = svc.rituals.skipped(ritual) if ritual.status == "active" else []
    if skipped:
        console.print(_("skipped or moved (the coming year):"), markup=False)
        for item in skipped[:SHOW_SKIPPED]:
            console.print(f"  {svc.rituals.skip_text(ritual, item)}", markup=False, soft_wrap=True)
        if len(skipped) > SHOW_SKIPPED:
            console.print("  " + _("… and {n} more").format(n=len(skipped) - SHOW_SKIPPED), markup=False)
    held = [s for s in sessions if s.status == "held"]
    planned = [s for s in sessions if s.status == "planned"]
    console.print(
        _("sessions: {held} held, {planned} planned").format(held=len(held), planned=len(planned)),
        markup=False,
        soft_wrap=True,
    )
    _answers(ritual, sessions, series)


def _answers(ritual: Ritual, sessions: list[Session], series: dict[str, Response]) -> None:
    """One line per session someone answered for: accepted, declined, tentative, no answer."""
    from rituals.core.attendance import invitations  # deferred: only a ritual with answers needs it

    if series:
        said = Counter(r.status.lower() for r in series.values())
        console.print(_("answers to every date: {counts}").format(counts=_counts(said)), markup=False)
    for session in sessions:
        if session.status == "cancelled" or not (session.responses or series):
            continue
        said = Counter(status.lower() for _who, status in invitations(session, series))
        met = [r.met for r in session.responses if r.met is not None]
        checkin = ""
        if met:
            checkin = _("; check-in: {met} met, {missed} did not").format(met=sum(met), missed=sum(not m for m in met))
        console.print(
            f"  {session.id} ({_status(session.status)}): " + _counts(said) + checkin,
            markup=False,
            soft_wrap=True,
        )


# an answer to an invite (iCalendar's PARTSTAT) and a session's status, as a reader says them
ANSWERS = {
    "accepted": N_("{n} accepted"),
    "declined": N_("{n} declined"),
    "tentative": N_("{n} tentative"),
    "needs-action": N_("{n} no answer"),
    "delegated": N_("{n} delegated"),
}
STATUSES = {"active": N_("active"), "planned": N_("planned"), "held": N_("held"), "cancelled": N_("cancelled")}


def _counts(said: Counter[str]) -> str:
    """ "2 accepted, 1 no answer": in the order of the English words, as before."""
    order = sorted(said.items(), key=lambda item: item[0].replace("needs-action", "no answer"))
    return ", ".join(_(ANSWERS[s]).format(n=n) if s in ANSWERS else f"{n} {s}" for s, n in order)


def _status(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


@ritual_app.command("cancel", help=_("Cancel a whole ritual (history kept) or a single session."))
def cancel(
    ctx: typer.Context,
    ritual_id: str = typer.Argument(..., help=_("A ritual id, or a session id RITUAL@YYYY-MM-DD.")),
) -> None:
    svc = service(ctx)
    if "@" in ritual_id:
        session = svc.sessions.cancel(ritual_id)
        console.print(_("cancelled session {id}").format(id=session.id), markup=False, soft_wrap=True)
    else:
        ritual = svc.rituals.cancel(ritual_id)
        console.print(
            _("cancelled ritual {id}; its planned sessions are cancelled too").format(id=ritual.id),
            markup=False,
            soft_wrap=True,
        )


@ritual_app.command(
    "remove", help=_("Delete a ritual and its sessions that never happened (held sessions stay as history).")
)
def remove(
    ctx: typer.Context, ritual_id: str = typer.Argument(..., help=_("The ritual's id.")), yes: bool = YesOption
) -> None:
    svc = service(ctx)
    ritual, count = svc.rituals.remove(ritual_id, dry_run=True)
    question = ngettext(
        "Remove ritual {id} and its {n} session(s) not held (held ones stay as history)?",
        "Remove ritual {id} and its {n} session(s) not held (held ones stay as history)?",
        count,
    ).format(id=ritual.id, n=count)
    confirm(question, yes)
    ritual, dropped = svc.rituals.remove(ritual.id)
    said = ngettext(
        "removed ritual {id} and {n} session(s) not held", "removed ritual {id} and {n} session(s) not held", dropped
    ).format(id=ritual.id, n=dropped)
    console.print(said, markup=False, soft_wrap=True)
