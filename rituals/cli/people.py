"""`rituals people ...`: the roster."""

from datetime import date
from typing import Any, Optional

import typer

from rituals.cli.common import (
    DryRunOption,
    FormatOption,
    OutputFormat,
    YesOption,
    confirm,
    console,
    print_json,
    service,
    show_change,
)
from rituals.cli.plain import Printer
from rituals.core.errors import InvalidInput
from rituals.core.hours import DEFAULT_HOURS
from rituals.core.models import Person
from rituals.core.schedule import parse_date
from rituals.service.people import PersonFilter

people_app = typer.Typer(
    help="Add, list, edit, pause, import and remove people; mark someone absent.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    from rituals.cli import people_import, people_time

    people_import.register(people_app)
    people_time.register(people_app)
    app.add_typer(people_app, name="people")


HOURS = typer.Option(
    None,
    "--hours",
    help="Working hours in their zone: 'Mon-Fri 09:00-18:00', part-time "
    "'Mon,Tue,Thu 09:00-17:00'; 'default' takes their team's or office's.",
)
CALENDAR = typer.Option(
    None,
    "--calendar",
    help="Busy times for finding a slot: an .ics feed (URL or file), "
    "or caldav:URL of a calendar (its free-busy report); '' for none.",
)


def _date(text: Optional[str]) -> Optional[date]:
    return parse_date(text) if text else None


def _tags(text: Optional[str]) -> tuple[str, ...]:
    return tuple(t.strip() for t in (text or "").split(",") if t.strip())


def people_rows(people: list[Person], today: date, wide: bool) -> tuple[list[str], list[list[str]]]:
    """Headers and cells; the time zone only when there is room for it (it would squeeze the rest)."""
    headers = ["Name", "E-mail", "Team", "Location", *(["Time zone"] if wide else []), "Status"]
    rows = []
    for p in people:
        status = f"paused until {p.paused_until}" if p.is_paused(today) else ("new" if p.is_newcomer(today) else "")
        if p.leave_date is not None:
            status = f"left {p.leave_date}" if p.has_left(today) else f"leaves {p.leave_date}"
        rows.append([p.name, p.email, p.team or "—", p.location, *([p.timezone] if wide else []), status])
    return headers, rows


def print_people(people: list[Person], today: date) -> None:
    out = Printer()
    headers, rows = people_rows(people, today, wide=out.width >= 110)
    # an e-mail is copied and pasted: on a narrow terminal the other columns are shortened
    out.table(f"{len(people)} {'person' if len(people) == 1 else 'people'}", headers, rows, keep=["E-mail"])


@people_app.command("list")
def list_people(
    ctx: typer.Context,
    search: str = typer.Argument("", help="Words to match in name, e-mail, team, location or tags."),
    team: Optional[str] = typer.Option(None, "--team", help="Only this team."),
    location: Optional[str] = typer.Option(None, "--location", help="Only this office (or 'remote')."),
    status: Optional[str] = typer.Option(None, "--status", help="active, paused, newcomer or left (has a leave date)."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """List people."""
    svc = service(ctx)
    people = svc.people.all(PersonFilter(search, team, location, status))
    if fmt is OutputFormat.json:
        print_json(people)
    else:
        print_people(people, svc.today())


@people_app.command("show")
def show(
    ctx: typer.Context, email: str = typer.Argument(..., help="The person's e-mail."), fmt: OutputFormat = FormatOption
) -> None:
    """One person's own view: who they met (when, in which ritual), the teams they never met, their
    weak ties, their next sessions, and whom they would most benefit from meeting next."""
    from rituals.cli.people_time import print_view

    svc = service(ctx)
    view = svc.people.view(email)
    if fmt is OutputFormat.json:
        from rituals.store.codec import to_dict

        whole = to_dict(view)
        print_json({**whole.pop("person"), **whole})
        return
    print_view(view, svc.today(), svc.people.time_lines(view.person))


@people_app.command("add")
def add(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="E-mail, the person's id."),
    name: str = typer.Option(..., "--name", help="Full name."),
    team: str = typer.Option("", "--team"),
    location: str = typer.Option("remote", "--location", help="Office name, or 'remote'."),
    tz: str = typer.Option("UTC", "--tz", help="IANA time zone, e.g. Europe/Paris."),
    joined: Optional[str] = typer.Option(None, "--joined", help="Arrival date YYYY-MM-DD."),
    tags: Optional[str] = typer.Option(None, "--tags", help="Comma-separated tags."),
    hours: Optional[str] = HOURS,
    calendar: Optional[str] = CALENDAR,
    role: str = typer.Option("", "--role", help="Job title."),
    language: str = typer.Option("", "--language", help="Language of their invites and e-mails: en or fr."),
) -> None:
    """Add a person."""
    person = service(ctx).people.add(
        email,
        name,
        team,
        location,
        tz,
        _date(joined),
        _tags(tags),
        hours=hours or "",
        calendar=calendar or "",
        role=role,
        language=language,
    )
    console.print(f"added {person.name} <{person.email}>", markup=False, soft_wrap=True)


@people_app.command("edit")
def edit(
    ctx: typer.Context,
    email: str = typer.Argument(...),
    name: Optional[str] = typer.Option(None, "--name"),
    team: Optional[str] = typer.Option(None, "--team"),
    location: Optional[str] = typer.Option(None, "--location"),
    tz: Optional[str] = typer.Option(None, "--tz"),
    joined: Optional[str] = typer.Option(None, "--joined"),
    tags: Optional[str] = typer.Option(None, "--tags"),
    exclude: Optional[str] = typer.Option(None, "--never-with", help="Comma-separated e-mails never to group with."),
    hours: Optional[str] = HOURS,
    calendar: Optional[str] = CALENDAR,
    role: Optional[str] = typer.Option(None, "--role", help="Job title (a change of role or team is a key moment)."),
    language: Optional[str] = typer.Option(
        None, "--language", help="Language of their invites and e-mails: en, fr, or '' for the organisation's."
    ),
) -> None:
    """Change a person's details."""
    changes: dict[str, Any] = {}  # People.edit takes any field's value
    for key, value in (
        ("name", name),
        ("team", team),
        ("location", location),
        ("timezone", tz),
        ("hours", hours),
        ("calendar", calendar),
        ("role", role),
        ("language", language),
    ):
        if value is not None:
            changes[key] = value
    if joined is not None:
        changes["joined"] = _date(joined)
    if tags is not None:
        changes["tags"] = _tags(tags)
    if exclude is not None:
        changes["excluded"] = _tags(exclude)
    person = service(ctx).people.edit(email, **changes)
    console.print(f"updated {person.name} <{person.email}>", markup=False, soft_wrap=True)


@people_app.command("pause")
def pause(
    ctx: typer.Context,
    email: str = typer.Argument(...),
    until: Optional[str] = typer.Option(None, "--until", help="Last paused day; omit to resume now."),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Leave someone out of rotations until a date (leave, parental leave, crunch); the planned
    groups they were in until then are re-formed (shown first, then confirmed)."""
    svc = service(ctx)
    day = _date(until)
    change = svc.repair.pause(email, day)
    if change.sessions or dry_run:
        show_change(change)
    if dry_run:
        console.print("nothing saved (--dry-run)", markup=False)
        return
    if change.sessions:
        confirm(f"Pause {email} and change these planned groups?", yes)
    person = svc.people.pause(email, day, expected_revision=change.revision)
    state = f"paused until {person.paused_until}" if person.paused_until else "active again"
    console.print(f"{person.name} is {state}", markup=False, soft_wrap=True)


@people_app.command("absent")
def absent(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="Who will be away."),
    session_id: str = typer.Argument(..., help="The planned session, RITUAL@YYYY-MM-DD."),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Mark someone away from one planned session: only their group is re-formed (their partner
    joins another group, a trio becomes a pair)."""
    svc = service(ctx)
    change = svc.repair.absent(session_id, [email])
    show_change(change)
    if dry_run:
        console.print("nothing saved (--dry-run)", markup=False)
        return
    confirm(f"Take {email} out of {session_id.strip()}?", yes)
    svc.repair.mark_absent(session_id, [email], expected_revision=change.revision)
    console.print(
        f"{email} is out of {session_id.strip()}; {len(change.affected)} people have a new group",
        markup=False,
        soft_wrap=True,
    )


@people_app.command("remove")
def remove(
    ctx: typer.Context,
    email: str = typer.Argument(...),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Remove a person from the roster and from the planned groups, which are re-formed (their
    past sessions stay; see `forget` for erasure)."""
    svc = service(ctx)
    person = svc.people.get(email)
    change = svc.repair.remove(person.email)
    show_change(change)
    if dry_run:
        console.print("nothing saved (--dry-run)", markup=False)
        return
    confirm(f"Remove {person.email} from the roster?", yes)
    svc.people.remove(person.email, expected_revision=change.revision)
    console.print(f"removed {person.name} <{person.email}>", markup=False, soft_wrap=True)


@people_app.command("forget")
def forget(
    ctx: typer.Context,
    email: str = typer.Argument(...),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Erase a person everywhere (right to erasure): roster, sessions, feedback, invites state, backup."""
    svc = service(ctx)
    change = svc.repair.remove(email)
    if change.sessions:
        show_change(change)
    confirm(f"Erase {email} from every session, feedback and backup? This cannot be undone", yes)
    done = svc.privacy.forget(email)
    console.print(
        f"forgot {done.email}: {done.sessions} sessions, {done.rituals} rituals, {done.people} exclusion lists, "
        f"{done.exports} invite records, {done.backups} backups rewritten",
        markup=False,
    )


@people_app.command("hours")
def hours_defaults(
    ctx: typer.Context,
    hours: Optional[str] = typer.Argument(None, help="'Mon-Fri 09:00-18:00'; 'default' clears it. Omit to list."),
    team: Optional[str] = typer.Option(None, "--team", help="The default of this team."),
    office: Optional[str] = typer.Option(None, "--office", help="The default of this office (a location)."),
    all_: bool = typer.Option(False, "--all", help="The default of everyone."),
) -> None:
    """Default working hours for a team, an office or everyone (a person's own come first)."""
    svc = service(ctx)
    chosen = [kind for kind, given in (("team", team), ("office", office), ("all", all_ or None)) if given]
    if hours is None:
        if chosen:
            raise InvalidInput("give the hours to set, or neither --team, --office nor --all to list them")
        defaults = svc.people.hour_defaults()
        for key in sorted(defaults):
            console.print(f"{key}: {defaults[key]}", markup=False, soft_wrap=True)
        if "all" not in defaults:
            console.print(f"all: {DEFAULT_HOURS} (built in)", markup=False)
        return
    if len(chosen) != 1:
        raise InvalidInput("say whose default these are: --team NAME, --office NAME or --all")
    kind = chosen[0]
    stored = svc.people.set_default_hours(kind, team or office or "", hours)
    whom = "everyone" if kind == "all" else f"{kind} {team or office}"
    console.print(f"default hours of {whom}: {stored or 'cleared'}", markup=False, soft_wrap=True)
