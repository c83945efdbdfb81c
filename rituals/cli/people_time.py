"""`rituals people leave|prefs|budget|trail|moments`: people over time, and `people show`'s own view."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Optional

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
from rituals.core.schedule import parse_date
from rituals.locale import N_, _, formats, pgettext

if TYPE_CHECKING:
    from rituals.service.over_time import BudgetReport, PersonView


def register(app: typer.Typer) -> None:
    for name, command, text in (
        (
            "leave",
            leave,
            _(
                "Give someone a leave date: invited to nothing after it, out of the planned groups after it "
                "(re-formed, shown first), still in the history; a farewell with the people they met most is "
                "proposed."
            ),
        ),
        ("prefs", prefs, _("Someone's own participation: opt in or out per ritual, and how often at most.")),
        (
            "budget",
            budget,
            _(
                "The participation budget: caps per person across all rituals (set them with --per-week, "
                "--per-month), and each person's invitations per month against them."
            ),
        ),
        (
            "trail",
            trail,
            _(
                "Onboarding trails: each newcomer's progress toward meeting someone from every team; set "
                "the goal with the options."
            ),
        ),
        (
            "moments",
            moments,
            _("Key moments: arrivals, work anniversaries, changes of team or role, departures; each with an idea."),
        ),
    ):
        app.command(name, help=text)(command)


def _list(text: Optional[str]) -> Optional[tuple[str, ...]]:
    return None if text is None else tuple(t.strip() for t in text.split(",") if t.strip())


def leave(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("Who leaves.")),
    on: Optional[str] = typer.Option(None, "--on", help=_("Their last day, YYYY-MM-DD.")),
    stay: bool = typer.Option(False, "--stay", help=_("They stay after all: clear the leave date.")),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    if (on is None) == (not stay):
        raise typer.BadParameter(_("give --on DATE, or --stay"), param_hint="--on")
    svc = service(ctx)
    day: Optional[date] = parse_date(on) if on else None
    person = svc.people.get(email)
    change = svc.repair.leave({person.email: day})
    if change.sessions or dry_run:
        show_change(change)
    if dry_run:
        console.print(_("nothing saved (--dry-run)"), markup=False)
        return
    if change.sessions:
        confirm(_("Give {email} this leave date and change these planned groups?").format(email=person.email), yes)
    person = svc.people.leave(person.email, day, expected_revision=change.revision)
    if day is None:
        console.print(_("{name} stays: no leave date").format(name=person.name), markup=False, soft_wrap=True)
        return
    console.print(
        _("{name} leaves after {day}: invited to nothing after it").format(name=person.name, day=day),
        markup=False,
        soft_wrap=True,
    )
    weeks = max(1, (day - svc.today()).days // 7 + 1)  # the moments up to the leave date
    farewell = next(
        (m for m, _ in svc.people.moments(weeks=weeks) if m.kind == "departure" and m.email == person.email), None
    )
    if farewell is not None:
        console.print(_("proposed: {text}").format(text=farewell.text), markup=False, soft_wrap=True)
        command = f"rituals suggest --plan {farewell.idea_id} --start {day}T17:00" + (
            f" --audience people:{','.join((person.email, *farewell.with_whom))}" if farewell.with_whom else ""
        )
        console.print(
            _("plan it: {command}").format(command=command),
            markup=False,
            soft_wrap=True,
            style="dim",
        )


def prefs(
    ctx: typer.Context,
    email: str = typer.Argument(..., help=_("The person's e-mail.")),
    opt_out: Optional[str] = typer.Option(
        None, "--opt-out", help=_("Rituals (ids) or kinds never to be invited to, comma-separated ('' clears).")
    ),
    opt_in: Optional[str] = typer.Option(
        None, "--opt-in", help=_("Rituals (ids) to join beyond their audience ('' clears).")
    ),
    at_most: Optional[str] = typer.Option(
        None, "--at-most", help=_("Cadences, e.g. coffee-chat=2w,lunch=1m (d, w or m; '' clears).")
    ),
) -> None:
    person = service(ctx).people.set_prefs(email, opt_out=_list(opt_out), opt_in=_list(opt_in), cadence=_list(at_most))
    cadence = ", ".join(_("{kind} every {n} days at most").format(kind=k, n=n) for k, n in person.cadence)
    nothing = pgettext("preferences", "nothing")
    out = Printer()
    out.line(
        _("{name}: opted out of {out}; opted in to {into}; cadence: {cadence}").format(
            name=person.name,
            out=", ".join(person.opt_out) or nothing,
            into=", ".join(person.opt_in) or nothing,
            cadence=cadence or pgettext("cadence", "none"),
        )
    )


def budget(
    ctx: typer.Context,
    per_week: Optional[int] = typer.Option(
        None, "--per-week", help=_("Set: at most this many ritual invitations a week.")
    ),
    per_month: Optional[int] = typer.Option(None, "--per-month", help=_("Set: at most this many a month.")),
    team: Optional[str] = typer.Option(None, "--team", help=_("Set the caps of this team only.")),
    clear: bool = typer.Option(False, "--clear", help=_("Remove the caps (of --team, or the organisation's).")),
    start: Optional[str] = typer.Option(None, "--from", help=_("First month shown, YYYY-MM-DD (default: this month).")),
    months: int = typer.Option(3, "--months", help=_("How many months to show.")),
    fmt: OutputFormat = FormatOption,
) -> None:
    svc = service(ctx)
    if per_week is not None or per_month is not None or clear:
        svc.people.set_budget(per_week, per_month, team, clear)
    report = svc.people.budget_report(parse_date(start) if start else None, months)
    if fmt is OutputFormat.json:
        print_json(report)
        return
    print_budget(report)


def print_budget(report: "BudgetReport") -> None:
    from rituals.core.collation import sorted_by  # deferred: ICU loads only to sort names

    out = Printer()
    b = report.budget
    teams = "; ".join(_("{team}: {caps}").format(team=n, caps=c.describe()) for n, c in b.teams)
    caps = b.caps.describe() + (f" ({teams})" if teams else "")
    out.line(_("budget: {caps}").format(caps=caps))
    heads = [formats.day(date(y, m, 1), "month_year") for y, m in report.months]
    rows = []
    for row in sorted_by(report.rows, lambda r: r.name):
        cap = row.caps.per_month
        cells = [f"{n}/{cap}" if cap else str(n) for n in row.counts]
        cells = [c + (" " + pgettext("budget", "over") if over else "") for c, over in zip(cells, row.over)]
        rows.append([row.name, row.team or "—", *cells])
    over = sum(any(r.over) for r in report.rows)
    headers = [pgettext("column", "Name"), pgettext("column", "Team"), *heads]
    out.table(_("invitations per month: {n} over budget").format(n=over), headers, rows)
    spread = ", ".join(f"{h} {report.spread(i)}" for i, h in enumerate(heads))
    out.line(_("spread (most - least included): {months}").format(months=spread))


def trail(
    ctx: typer.Context,
    weeks: Optional[int] = typer.Option(None, "--weeks", help=_("Set: weeks from arrival to meet every team.")),
    teams: Optional[str] = typer.Option(
        None, "--teams", help=_("Set: the teams to meet, comma-separated ('' = every other team).")
    ),
    kinds: Optional[str] = typer.Option(None, "--kinds", help=_("Set: the ritual kinds that count ('' = all).")),
    clear: bool = typer.Option(False, "--clear", help=_("Remove the goal.")),
    fmt: OutputFormat = FormatOption,
) -> None:
    svc = service(ctx)
    if weeks is not None or teams is not None or kinds is not None or clear:
        svc.people.set_trail(weeks, _list(teams), _list(kinds), clear)
    found = svc.people.trails()
    if fmt is OutputFormat.json:
        print_json(found)
        return
    out = Printer()
    if not found:
        out.line(_("no newcomer on an onboarding trail (set a goal: rituals people trail --weeks 6)"))
    for progress in found:
        out.paragraph(
            ("⚠ " if progress.at_risk else "• ") + progress.text(), 0, ("yellow",) if progress.at_risk else ()
        )


def moments(
    ctx: typer.Context,
    weeks: int = typer.Option(4, "--weeks", help=_("How many weeks ahead.")),
    fmt: OutputFormat = FormatOption,
) -> None:
    found = service(ctx).people.moments(weeks)
    if fmt is OutputFormat.json:
        print_json([{**_plain(m), "idea_title": title} for m, title in found])
        return
    out = Printer()
    if not found:
        out.line(_("no key moment from last week to {weeks} weeks ahead").format(weeks=weeks))
    for moment, title in found:
        out.paragraph(f"{formats.day(moment.day, 'short')}  {moment.text}", 0, label="")
        out.paragraph(
            _("idea: {title} ({command})").format(title=title, command=f"rituals suggest --plan {moment.idea_id}"),
            12,
            ("dim",),
        )


def _plain(obj: object) -> dict:
    from rituals.store.codec import to_dict

    return to_dict(obj)


def print_view(view: "PersonView", today: date, time_lines: Sequence[str] = ()) -> None:
    """`people show`: the roster row, then the person's own view."""
    from rituals.cli.people import email_header, people_rows

    out = Printer()
    p = view.person
    headers, rows = people_rows([p], today, wide=out.width >= 110)
    out.table(p.name, headers, rows, keep=[email_header()])
    facts = {
        "role": p.role,
        "language": p.language,
        "tags": ", ".join(p.tags),
        "excluded": ", ".join(p.excluded),
        "leaves": str(p.leave_date or ""),
        "opt_out": ", ".join(p.opt_out),
        "opt_in": ", ".join(p.opt_in),
        "cadence": ", ".join(_("{kind} every {n} days").format(kind=k, n=n) for k, n in p.cadence),
    }
    for key, value in facts.items():
        if value:
            out.paragraph(_(FACTS[key]).format(value=value), 0)
    for line in time_lines:  # working hours and calendar
        out.paragraph(line, 0)
    if view.trail is not None:
        out.paragraph(_("trail: {text}").format(text=view.trail.text()), 0)
    _section(
        out,
        _("met ({n})").format(n=len(view.met)),
        [
            _("{day}  {name} ({team}) in {ritual}").format(day=m.day, name=m.name, team=m.team or "—", ritual=m.ritual)
            for m in view.met[:15]
        ],
        more=len(view.met) - 15,
    )
    never = [", ".join(view.teams_never_met)] if view.teams_never_met else [_("none: every team met")]
    _section(out, _("teams never met"), never)
    _section(
        out,
        _("weak ties (met once, long ago)"),
        [
            _("{name} ({team}), {day} in {ritual}").format(name=m.name, team=m.team or "—", day=m.day, ritual=m.ritual)
            for m in view.weak_ties
        ],
    )
    _section(
        out,
        _("next sessions"),
        [
            _("{day}  {title}: {names}").format(day=d, title=title, names=", ".join(group))
            for d, title, group in view.next_sessions[:8]
        ],
    )
    _section(
        out,
        _("would most benefit from meeting"),
        [_("{name} ({team}): {why}").format(name=s.name, team=s.team or "—", why=s.why) for s in view.suggestions],
    )


# the facts of `people show`, each with its label
FACTS = {
    "role": N_("role: {value}"),
    "language": N_("language: {value}"),
    "tags": N_("tags: {value}"),
    "excluded": N_("never grouped with: {value}"),
    "leaves": N_("leaves after: {value}"),
    "opt_out": N_("opted out of: {value}"),
    "opt_in": N_("opted in to: {value}"),
    "cadence": N_("at most: {value}"),
}


def _section(out: Printer, title: str, lines: list[str], more: int = 0) -> None:
    out.line()
    out.line(out.style(title, "bold"))
    for line in lines or ["—"]:
        out.paragraph(line, 2)
    if more > 0:
        out.paragraph(_("… and {n} more (--format json shows all)").format(n=more), 2, ("dim",))
