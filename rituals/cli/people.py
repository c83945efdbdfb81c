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
from rituals.locale import _, ngettext, pgettext
from rituals.service.people import PersonFilter

people_app = typer.Typer(
    help=_("Add, list, edit, pause, import and remove people; mark someone absent."), no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    from rituals.cli import people_import, people_time

    people_import.register(people_app)
    people_time.register(people_app)
    app.add_typer(people_app, name="people")


HOURS = typer.Option(
    None,
    "--hours",
    help=_(
        "Working hours in their zone: 'Mon-Fri 09:00-18:00', part-time "
        "'Mon,Tue,Thu 09:00-17:00'; 'default' takes their team's or office's."
    ),
)
CALENDAR = typer.Option(
    None,
    "--calendar",
    help=_(
        "Busy times for finding a slot: an .ics feed (URL or file), "
        "or caldav:URL of a calendar (its free-busy report); '' for none."
    ),
)


def _date(text: Optional[str]) -> Optional[date]:
    return parse_date(text) if text else None


def _tags(text: Optional[str]) -> tuple[str, ...]:
    return tuple(t.strip() for t in (text or "").split(",") if t.strip())


def people_rows(people: list[Person], today: date, wide: bool) -> tuple[list[str], list[list[str]]]:
    """Headers and cells; the time zone only when there is room for it (it would squeeze the rest)."""
    headers = [
        pgettext("column", "Name"),
        email_header(),
        pgettext("column", "Team"),
        pgettext("column", "Location"),
        *([pgettext("column", "Time zone")] if wide else []),
        pgettext("column", "Status"),
    ]
    rows = []
    for p in people:
        status = ""
        if p.is_paused(today):
            status = _("paused until {day}").format(day=p.paused_until)
        elif p.is_newcomer(today):
            status = pgettext("person", "new")
        if p.leave_date is not None:
            left = p.has_left(today)
            status = _("left {day}").format(day=p.leave_date) if left else _("leaves {day}").format(day=p.leave_date)
        rows.append([p.name, p.email, p.team or "—", p.location, *([p.timezone] if wide else []), status])
    return headers, rows


def email_header() -> str:
    return pgettext("column", "E-mail")


def print_people(people: list[Person], today: date) -> None:
    out = Printer()
    headers, rows = people_rows(people, today, wide=out.width >= 110)
    # an e-mail is copied and pasted: on a narrow terminal the other columns are shortened
    title = ngettext("{n} person", "{n} people", len(people)).format(n=len(people))
    out.table(title, headers, rows, keep=[email_header()])


@people_app.command("list", help=_("List people."))
def list_people(
    ctx: typer.Context,
    search: str = typer.Argument("", help=_("Words to match in name, e-mail, team, location or tags.")),
    team: Optional[str] = typer.Option(None, "--team", help=_("Only this team.")),
    location: Optional[str] = typer.Option(None, "--location", help=_("Only this office (or 'remote').")),
    status: Optional[str] = typer.Option(
        None, "--status", help=_("active, paused, newcomer or left (has a leave date).")
    ),
    fmt: OutputFormat = FormatOption,
) -> None:
    svc = service(ctx)
    people = svc.people.all(PersonFilter(search, team, location, status))
    if fmt is OutputFormat.json:
        print_json(people)
    else:
        print_people(people, svc.today())


@people_app.command(
    "show",
    help=_(
        "One person's own view: who they met (when, in which ritual), the teams they never met, their "
        "weak ties, their next sessions, and whom they would most benefit from meeting next."
    ),
)
def show(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("The person's e-mail.")),
    fmt: OutputFormat = FormatOption,
) -> None:
    from rituals.cli.people_time import print_view

    svc = service(ctx)
    view = svc.people.view(email)
    if fmt is OutputFormat.json:
        from rituals.store.codec import to_dict

        whole = to_dict(view)
        print_json({**whole.pop("person"), **whole})
        return
    print_view(view, svc.today(), svc.people.time_lines(view.person))


@people_app.command("add", help=_("Add a person."))
def add(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("E-mail, the person's id.")),
    name: str = typer.Option(..., "--name", help=_("Full name.")),
    team: str = typer.Option("", "--team", help=_("Their team.")),
    location: str = typer.Option("remote", "--location", help=_("Office name, or 'remote'.")),
    tz: str = typer.Option("UTC", "--tz", help=_("IANA time zone, e.g. Europe/Paris.")),
    joined: Optional[str] = typer.Option(None, "--joined", help=_("Arrival date YYYY-MM-DD.")),
    tags: Optional[str] = typer.Option(None, "--tags", help=_("Comma-separated tags.")),
    hours: Optional[str] = HOURS,
    calendar: Optional[str] = CALENDAR,
    role: str = typer.Option("", "--role", help=_("Job title.")),
    language: str = typer.Option("", "--language", help=_("Language of their invites and e-mails: en or fr.")),
) -> None:
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
    console.print(
        _("added {name} <{email}>").format(name=person.name, email=person.email), markup=False, soft_wrap=True
    )


@people_app.command("edit", help=_("Change a person's details."))
def edit(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("The person's e-mail.")),
    name: Optional[str] = typer.Option(None, "--name", help=_("Full name.")),
    team: Optional[str] = typer.Option(None, "--team", help=_("Their team.")),
    location: Optional[str] = typer.Option(None, "--location", help=_("Office name, or 'remote'.")),
    tz: Optional[str] = typer.Option(None, "--tz", help=_("IANA time zone, e.g. Europe/Paris.")),
    joined: Optional[str] = typer.Option(None, "--joined", help=_("Arrival date YYYY-MM-DD.")),
    tags: Optional[str] = typer.Option(None, "--tags", help=_("Comma-separated tags.")),
    exclude: Optional[str] = typer.Option(None, "--never-with", help=_("Comma-separated e-mails never to group with.")),
    hours: Optional[str] = HOURS,
    calendar: Optional[str] = CALENDAR,
    role: Optional[str] = typer.Option(None, "--role", help=_("Job title (a change of role or team is a key moment).")),
    language: Optional[str] = typer.Option(
        None, "--language", help=_("Language of their invites and e-mails: en, fr, or '' for the organisation's.")
    ),
) -> None:
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
    console.print(
        _("updated {name} <{email}>").format(name=person.name, email=person.email), markup=False, soft_wrap=True
    )


@people_app.command(
    "pause",
    help=_(
        "Leave someone out of rotations until a date (leave, parental leave, crunch); the planned "
        "groups they were in until then are re-formed (shown first, then confirmed)."
    ),
)
def pause(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("The person's e-mail.")),
    until: Optional[str] = typer.Option(None, "--until", help=_("Last paused day; omit to resume now.")),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    svc = service(ctx)
    day = _date(until)
    change = svc.repair.pause(email, day)
    if change.sessions or dry_run:
        show_change(change)
    if dry_run:
        console.print(nothing_saved(), markup=False)
        return
    if change.sessions:
        confirm(_("Pause {email} and change these planned groups?").format(email=email), yes)
    person = svc.people.pause(email, day, expected_revision=change.revision)
    if person.paused_until:
        said = _("{name} is paused until {day}").format(name=person.name, day=person.paused_until)
    else:
        said = _("{name} is active again").format(name=person.name)
    console.print(said, markup=False, soft_wrap=True)


@people_app.command(
    "absent",
    help=_(
        "Mark someone away from one planned session: only their group is re-formed (their partner "
        "joins another group, a trio becomes a pair)."
    ),
)
def absent(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("Who will be away.")),
    session_id: str = typer.Argument(..., help=_("The planned session, RITUAL@YYYY-MM-DD.")),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    svc = service(ctx)
    change = svc.repair.absent(session_id, [email])
    show_change(change)
    if dry_run:
        console.print(nothing_saved(), markup=False)
        return
    confirm(_("Take {email} out of {session}?").format(email=email, session=session_id.strip()), yes)
    svc.repair.mark_absent(session_id, [email], expected_revision=change.revision)
    moved = len(change.affected)
    console.print(
        ngettext(
            "{email} is out of {session}; {n} people have a new group",
            "{email} is out of {session}; {n} people have a new group",
            moved,
        ).format(email=email, session=session_id.strip(), n=moved),
        markup=False,
        soft_wrap=True,
    )


@people_app.command(
    "remove",
    help=_(
        "Remove a person from the roster and from the planned groups, which are re-formed (their "
        "past sessions stay; see `forget` for erasure)."
    ),
)
def remove(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("The person's e-mail.")),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    svc = service(ctx)
    person = svc.people.get(email)
    change = svc.repair.remove(person.email)
    show_change(change)
    if dry_run:
        console.print(nothing_saved(), markup=False)
        return
    confirm(_("Remove {email} from the roster?").format(email=person.email), yes)
    svc.people.remove(person.email, expected_revision=change.revision)
    console.print(
        _("removed {name} <{email}>").format(name=person.name, email=person.email), markup=False, soft_wrap=True
    )


@people_app.command(
    "forget",
    help=_("Erase a person everywhere (right to erasure): roster, sessions, feedback, invites state, backup."),
)
def forget(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("The person's e-mail.")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Do not ask for confirmation.")),
) -> None:
    svc = service(ctx)
    change = svc.repair.remove(email)
    if change.sessions:
        show_change(change)
    confirm(_("Erase {email} from every session, feedback and backup? This cannot be undone").format(email=email), yes)
    done = svc.privacy.forget(email)
    console.print(
        _(
            "forgot {email}: {sessions} sessions, {rituals} rituals, {people} exclusion lists, "
            "{exports} invite records, {backups} backups rewritten"
        ).format(
            email=done.email,
            sessions=done.sessions,
            rituals=done.rituals,
            people=done.people,
            exports=done.exports,
            backups=done.backups,
        ),
        markup=False,
    )


@people_app.command(
    "hours", help=_("Default working hours for a team, an office or everyone (a person's own come first).")
)
def hours_defaults(
    ctx: typer.Context,
    hours: Optional[str] = typer.Argument(None, help=_("'Mon-Fri 09:00-18:00'; 'default' clears it. Omit to list.")),
    team: Optional[str] = typer.Option(None, "--team", help=_("The default of this team.")),
    office: Optional[str] = typer.Option(None, "--office", help=_("The default of this office (a location).")),
    all_: bool = typer.Option(False, "--all", help=_("The default of everyone.")),
) -> None:
    svc = service(ctx)
    chosen = [kind for kind, given in (("team", team), ("office", office), ("all", all_ or None)) if given]
    if hours is None:
        if chosen:
            raise InvalidInput(_("give the hours to set, or neither --team, --office nor --all to list them"))
        defaults = svc.people.hour_defaults()
        for key in sorted(defaults):
            console.print(_("{whom}: {hours}").format(whom=key, hours=defaults[key]), markup=False, soft_wrap=True)
        if "all" not in defaults:
            console.print(_("all: {hours} (built in)").format(hours=DEFAULT_HOURS), markup=False)
        return
    if len(chosen) != 1:
        raise InvalidInput(_("say whose default these are: --team NAME, --office NAME or --all"))
    kind = chosen[0]
    stored = svc.people.set_default_hours(kind, team or office or "", hours)
    if kind == "all":
        whom = _("everyone")
    elif kind == "team":
        whom = _("team {name}").format(name=team)
    else:
        whom = _("office {name}").format(name=office)
    said = _("default hours of {whom}: {hours}").format(whom=whom, hours=stored or _("cleared"))
    console.print(said, markup=False, soft_wrap=True)


def nothing_saved() -> str:  # one sentence, said by several commands
    return _("nothing saved (--dry-run)")
