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
from rituals.core.models import KINDS, Response, Ritual, Session
from rituals.core.ritual_spec import RitualSpec

ritual_app = typer.Typer(help="Create, list, edit, cancel and remove rituals.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(ritual_app, name="ritual")


# The same options serve add and edit; on edit, only what is given changes.
TITLE = typer.Option(None, "--title", help="What people will see in their calendar.")
KIND = typer.Option(None, "--kind", help=f"One of: {', '.join(KINDS)}.")
START = typer.Option(None, "--start", help="First occurrence, local time: 2026-12-03T12:30 (a bare date = all day).")
TZ = typer.Option(
    None, "--tz", help="IANA time zone of --start, e.g. Europe/Paris (new rituals: the team's most common zone)."
)
DURATION = typer.Option(None, "--duration", help="45m, 1h30...")
EVERY = typer.Option(None, "--every", help="once, weekly, 2w, monthly, 3m...")
MONTHLY_ON = typer.Option(
    None,
    "--monthly-on",
    help="weekday: the start's weekday of the month, e.g. the 4th Thursday (default); day: its date, e.g. the 27th.",
)
UNTIL = typer.Option(None, "--until", help="Last possible date, YYYY-MM-DD.")
COUNT = typer.Option(None, "--count", help="Number of occurrences.")
ALL_DAY = typer.Option(None, "--all-day/--timed", help="An all-day ritual (volunteer day).")
HOLIDAYS = typer.Option(None, "--skip-holidays", help="Skip public holidays of this country (FR, US...).")
SLOT = typer.Option(
    None,
    "--slot",
    help="fixed: every group at the ritual's time (default); find: each group the "
    "earliest time its people are all free, from their calendars and working hours (`rituals slots`).",
)
WINDOW = typer.Option(
    None,
    "--window",
    help="Where --slot find looks: day, week (of the date) or Nd, and the hours in "
    "the ritual's zone, e.g. 'week 10:00-16:00' (the default).",
)
PREFER = typer.Option(
    None, "--prefer", help="With --slot find: earliest (default) or spread (the most room around it)."
)
ON_CLOSED = typer.Option(
    None,
    "--on-closed",
    help="A date on a skipped holiday or in a company closure: skip (default) "
    "or move (to the next working day). With --count, skipped dates do not count.",
)
SIZE = typer.Option(None, "--size", help="Group size 2-12 (rotating groups), 0 = everyone together.")
MIX = typer.Option(None, "--mix", help="cross-team, within-team or random.")
SEATS = typer.Option(None, "--seats", help="At most this many people a round, chosen fairly (0 = everyone invited).")
AUDIENCE = typer.Option(None, "--audience", help="all, teams:Design,Data or people:a@x,b@y.")
DESCRIPTION = typer.Option(None, "--description")
LOCATION = typer.Option(None, "--location", help="Where it happens.")
VIDEO = typer.Option(None, "--video", help="Video call link.")
ORGANIZER = typer.Option(None, "--organizer", help="Organizer's e-mail.")
FORMAT = typer.Option(None, "--format-kind", help="in-person, remote or hybrid.")


@ritual_app.command("add")
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
    ritual_id: Optional[str] = typer.Option(None, "--id", help="Short id (default: from the title)."),
) -> None:
    """Create a ritual, e.g. --title 'Coffee roulette' --kind coffee-chat
    --start 2026-12-03T10:00 --every weekly --size 2."""
    spec = RitualSpec(  # an option not given stays None: the spec's default
        title=title,
        kind=kind,
        start=start,
        timezone=tz,
        duration=duration,
        every=every,
        monthly_on=monthly_on,
        until=until,
        count=count,
        all_day=all_day,
        skip_holidays=skip_holidays,
        on_closed=on_closed,
        size=size,
        mix=mix,
        seats=seats,
        audience=audience,
        description=description,
        location=location,
        video_link=video,
        organizer=organizer,
        format=format_kind,
        id=ritual_id,
        slot=slot,
        window=window,
        prefer=prefer,
    )
    svc = service(ctx)
    ritual = svc.rituals.add(spec)
    console.print(
        f"created ritual {ritual.id}: {ritual.title} ({ritual.schedule.describe()})", markup=False, soft_wrap=True
    )
    _warn(svc.rituals.warnings(ritual))


@ritual_app.command("edit")
def edit(
    ctx: typer.Context,
    ritual_id: str = typer.Argument(..., help="The ritual's id."),
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
    """Change a ritual; only the options given change."""
    spec = RitualSpec(  # an option not given stays None: the spec's default
        title=title,
        kind=kind,
        start=start,
        timezone=tz,
        duration=duration,
        every=every,
        monthly_on=monthly_on,
        until=until,
        count=count,
        all_day=all_day,
        skip_holidays=skip_holidays,
        on_closed=on_closed,
        size=size,
        mix=mix,
        seats=seats,
        audience=audience,
        description=description,
        location=location,
        video_link=video,
        organizer=organizer,
        format=format_kind,
        slot=slot,
        window=window,
        prefer=prefer,
    )
    svc = service(ctx)
    ritual = svc.rituals.edit(ritual_id, spec)
    console.print(f"updated ritual {ritual.id}: {ritual.schedule.describe()}", markup=False, soft_wrap=True)
    if start is not None or skip_holidays is not None or on_closed is not None:
        _warn(svc.rituals.warnings(ritual))


def _warn(lines: list[str]) -> None:
    for line in lines:
        err_console.print(f"warning: {line}", markup=False, soft_wrap=True)


@ritual_app.command("list")
def list_(ctx: typer.Context, fmt: OutputFormat = FormatOption) -> None:
    """List rituals with their next date."""
    svc = service(ctx)
    rituals = svc.rituals.all()
    if fmt is OutputFormat.json:
        print_json(rituals)
        return
    rows = []
    for r in rituals:
        upcoming = svc.rituals.next_dates(r, 1) if r.status == "active" else []
        nxt = r.schedule.when(upcoming[0]) if upcoming else ("cancelled" if r.status != "active" else "—")
        rows.append([r.id, r.title, r.kind, r.schedule.describe(), nxt, r.grouping.describe()])
    headers = ["Id", "Title", "Kind", "Rhythm", "Next", "Groups"]
    # the id is what every other command takes: it is never shortened
    Printer().table(f"{len(rituals)} {'ritual' if len(rituals) == 1 else 'rituals'}", headers, rows, keep=["Id"])


SHOW_SKIPPED = 12  # dates skipped or moved that `ritual show` lists


@ritual_app.command("show")
def show(ctx: typer.Context, ritual_id: str = typer.Argument(...), fmt: OutputFormat = FormatOption) -> None:
    """Show a ritual, its next dates and its sessions."""
    svc = service(ctx)
    ritual = svc.rituals.get(ritual_id)
    sessions = svc.sessions.all(ritual.id)
    series = svc.replies.standing_by_ritual().get(ritual.id, {})  # answers to every date of a series
    if fmt is OutputFormat.json:
        print_json({"ritual": ritual, "sessions": sessions, "answers": sorted(series.values(), key=lambda r: r.email)})
        return
    from rich.markup import escape  # deferred: `ritual list` prints without rich

    lines = [
        f"[bold]{escape(ritual.title)}[/] ({ritual.id}, {escape(ritual.kind)}, {ritual.format}, {ritual.status})",
        f"when: {ritual.schedule.describe()}, {ritual.schedule.length()}",
        f"who: {escape(ritual.audience.describe())}; {ritual.grouping.describe()}",
    ]
    if ritual.slot is not None:
        lines.append(f"time: {ritual.slot.describe()}")
    for text in (
        ritual.location,
        ritual.video_link,
        ritual.organizer and f"organizer: {ritual.organizer}",
        ritual.description,
    ):
        if text:
            lines.append(str(text).replace("[", r"\["))
    console.print("\n".join(lines))
    upcoming = svc.rituals.next_dates(ritual, 3) if ritual.status == "active" else []
    if upcoming:
        console.print("next: " + ", ".join(ritual.schedule.when(d, year=True) for d in upcoming), markup=False)
        for line in svc.hours.time_lines(ritual, upcoming[0], {s.day: s for s in sessions}.get(upcoming[0].date())):
            console.print(f"  {line}", markup=False, soft_wrap=True)
    skipped = svc.rituals.skipped(ritual) if ritual.status == "active" else []
    if skipped:
        console.print("skipped or moved (the coming year):", markup=False)
        for item in skipped[:SHOW_SKIPPED]:
            console.print(f"  {svc.rituals.skip_text(ritual, item)}", markup=False, soft_wrap=True)
        if len(skipped) > SHOW_SKIPPED:
            console.print(f"  … and {len(skipped) - SHOW_SKIPPED} more", markup=False)
    held = [s for s in sessions if s.status == "held"]
    planned = [s for s in sessions if s.status == "planned"]
    console.print(f"sessions: {len(held)} held, {len(planned)} planned", markup=False, soft_wrap=True)
    _answers(ritual, sessions, series)


def _answers(ritual: Ritual, sessions: list[Session], series: dict[str, Response]) -> None:
    """One line per session someone answered for: accepted, declined, tentative, no answer."""
    from rituals.core.attendance import invitations  # deferred: only a ritual with answers needs it

    if series:
        said = Counter(r.status.lower() for r in series.values())
        console.print("answers to every date: " + ", ".join(f"{n} {s}" for s, n in sorted(said.items())), markup=False)
    for session in sessions:
        if session.status == "cancelled" or not (session.responses or series):
            continue
        said = Counter(
            status.lower().replace("needs-action", "no answer") for _, status in invitations(session, series)
        )
        met = [r.met for r in session.responses if r.met is not None]
        checkin = f"; check-in: {sum(met)} met, {sum(not m for m in met)} did not" if met else ""
        console.print(
            f"  {session.id} ({session.status}): " + ", ".join(f"{n} {s}" for s, n in sorted(said.items())) + checkin,
            markup=False,
            soft_wrap=True,
        )


@ritual_app.command("cancel")
def cancel(
    ctx: typer.Context,
    ritual_id: str = typer.Argument(..., help="A ritual id, or a session id RITUAL@YYYY-MM-DD."),
) -> None:
    """Cancel a whole ritual (history kept) or a single session."""
    svc = service(ctx)
    if "@" in ritual_id:
        session = svc.sessions.cancel(ritual_id)
        console.print(f"cancelled session {session.id}", markup=False, soft_wrap=True)
    else:
        ritual = svc.rituals.cancel(ritual_id)
        console.print(
            f"cancelled ritual {ritual.id}; its planned sessions are cancelled too", markup=False, soft_wrap=True
        )


@ritual_app.command("remove")
def remove(ctx: typer.Context, ritual_id: str = typer.Argument(...), yes: bool = YesOption) -> None:
    """Delete a ritual and its sessions that never happened (held sessions stay as history)."""
    svc = service(ctx)
    ritual, count = svc.rituals.remove(ritual_id, dry_run=True)
    confirm(f"Remove ritual {ritual.id} and its {count} session(s) not held (held ones stay as history)?", yes)
    ritual, dropped = svc.rituals.remove(ritual.id)
    console.print(f"removed ritual {ritual.id} and {dropped} session(s) not held", markup=False, soft_wrap=True)
