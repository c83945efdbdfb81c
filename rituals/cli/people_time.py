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

if TYPE_CHECKING:
    from rituals.service.over_time import BudgetReport, PersonView


def register(app: typer.Typer) -> None:
    for name, command in (
        ("leave", leave),
        ("prefs", prefs),
        ("budget", budget),
        ("trail", trail),
        ("moments", moments),
    ):
        app.command(name)(command)


def _list(text: Optional[str]) -> Optional[tuple[str, ...]]:
    return None if text is None else tuple(t.strip() for t in text.split(",") if t.strip())


def leave(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="Who leaves."),
    on: Optional[str] = typer.Option(None, "--on", help="Their last day, YYYY-MM-DD."),
    stay: bool = typer.Option(False, "--stay", help="They stay after all: clear the leave date."),
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Give someone a leave date: invited to nothing after it, out of the planned groups after it
    (re-formed, shown first), still in the history; a farewell with the people they met most is proposed."""
    if (on is None) == (not stay):
        raise typer.BadParameter("give --on DATE, or --stay", param_hint="--on")
    svc = service(ctx)
    day: Optional[date] = parse_date(on) if on else None
    person = svc.people.get(email)
    change = svc.repair.leave({person.email: day})
    if change.sessions or dry_run:
        show_change(change)
    if dry_run:
        console.print("nothing saved (--dry-run)", markup=False)
        return
    if change.sessions:
        confirm(f"Give {person.email} this leave date and change these planned groups?", yes)
    person = svc.people.leave(person.email, day, expected_revision=change.revision)
    if day is None:
        console.print(f"{person.name} stays: no leave date", markup=False, soft_wrap=True)
        return
    console.print(f"{person.name} leaves after {day}: invited to nothing after it", markup=False, soft_wrap=True)
    weeks = max(1, (day - svc.today()).days // 7 + 1)  # the moments up to the leave date
    farewell = next(
        (m for m, _ in svc.people.moments(weeks=weeks) if m.kind == "departure" and m.email == person.email), None
    )
    if farewell is not None:
        console.print(f"proposed: {farewell.text}", markup=False, soft_wrap=True)
        console.print(
            f"plan it: rituals suggest --plan {farewell.idea_id} --start {day}T17:00"
            + (f" --audience people:{','.join((person.email, *farewell.with_whom))}" if farewell.with_whom else ""),
            markup=False,
            soft_wrap=True,
            style="dim",
        )


def prefs(
    ctx: typer.Context,
    email: str = typer.Argument(...),
    opt_out: Optional[str] = typer.Option(
        None, "--opt-out", help="Rituals (ids) or kinds never to be invited to, comma-separated ('' clears)."
    ),
    opt_in: Optional[str] = typer.Option(
        None, "--opt-in", help="Rituals (ids) to join beyond their audience ('' clears)."
    ),
    at_most: Optional[str] = typer.Option(
        None, "--at-most", help="Cadences, e.g. coffee-chat=2w,lunch=1m (d, w or m; '' clears)."
    ),
) -> None:
    """Someone's own participation: opt in or out per ritual, and how often at most."""
    person = service(ctx).people.set_prefs(email, opt_out=_list(opt_out), opt_in=_list(opt_in), cadence=_list(at_most))
    cadence = ", ".join(f"{k} every {n} days at most" for k, n in person.cadence) or "none"
    out = Printer()
    out.line(
        f"{person.name}: opted out of {', '.join(person.opt_out) or 'nothing'}; "
        f"opted in to {', '.join(person.opt_in) or 'nothing'}; cadence: {cadence}"
    )


def budget(
    ctx: typer.Context,
    per_week: Optional[int] = typer.Option(
        None, "--per-week", help="Set: at most this many ritual invitations a week."
    ),
    per_month: Optional[int] = typer.Option(None, "--per-month", help="Set: at most this many a month."),
    team: Optional[str] = typer.Option(None, "--team", help="Set the caps of this team only."),
    clear: bool = typer.Option(False, "--clear", help="Remove the caps (of --team, or the organisation's)."),
    start: Optional[str] = typer.Option(None, "--from", help="First month shown, YYYY-MM-DD (default: this month)."),
    months: int = typer.Option(3, "--months", help="How many months to show."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """The participation budget: caps per person across all rituals (set them with --per-week,
    --per-month), and each person's invitations per month against them."""
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
    teams = "; ".join(f"{n}: {c.describe()}" for n, c in b.teams)
    out.line(f"budget: {b.caps.describe()}" + (f" ({teams})" if teams else ""))
    heads = [f"{date(y, m, 1):%b %Y}" for y, m in report.months]
    rows = []
    for row in sorted_by(report.rows, lambda r: r.name):
        cap = row.caps.per_month
        cells = [f"{n}/{cap}" if cap else str(n) for n in row.counts]
        cells = [c + (" over" if over else "") for c, over in zip(cells, row.over)]
        rows.append([row.name, row.team or "—", *cells])
    over = sum(any(r.over) for r in report.rows)
    out.table(f"invitations per month: {over} over budget", ["Name", "Team", *heads], rows)
    out.line("spread (most - least included): " + ", ".join(f"{h} {report.spread(i)}" for i, h in enumerate(heads)))


def trail(
    ctx: typer.Context,
    weeks: Optional[int] = typer.Option(None, "--weeks", help="Set: weeks from arrival to meet every team."),
    teams: Optional[str] = typer.Option(
        None, "--teams", help="Set: the teams to meet, comma-separated ('' = every other team)."
    ),
    kinds: Optional[str] = typer.Option(None, "--kinds", help="Set: the ritual kinds that count ('' = all)."),
    clear: bool = typer.Option(False, "--clear", help="Remove the goal."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Onboarding trails: each newcomer's progress toward meeting someone from every team; set
    the goal with the options."""
    svc = service(ctx)
    if weeks is not None or teams is not None or kinds is not None or clear:
        svc.people.set_trail(weeks, _list(teams), _list(kinds), clear)
    found = svc.people.trails()
    if fmt is OutputFormat.json:
        print_json(found)
        return
    out = Printer()
    if not found:
        out.line("no newcomer on an onboarding trail (set a goal: rituals people trail --weeks 6)")
    for progress in found:
        out.paragraph(
            ("⚠ " if progress.at_risk else "• ") + progress.text(), 0, ("yellow",) if progress.at_risk else ()
        )


def moments(
    ctx: typer.Context,
    weeks: int = typer.Option(4, "--weeks", help="How many weeks ahead."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Key moments: arrivals, work anniversaries, changes of team or role, departures; each with an idea."""
    found = service(ctx).people.moments(weeks)
    if fmt is OutputFormat.json:
        print_json([{**_plain(m), "idea_title": title} for m, title in found])
        return
    out = Printer()
    if not found:
        out.line(f"no key moment from last week to {weeks} weeks ahead")
    for moment, title in found:
        out.paragraph(f"{moment.day:%a %d %b}  {moment.text}", 0, label="")
        out.paragraph(f"idea: {title} (rituals suggest --plan {moment.idea_id})", 12, ("dim",))


def _plain(obj: object) -> dict:
    from rituals.store.codec import to_dict

    return to_dict(obj)


def print_view(view: "PersonView", today: date, time_lines: Sequence[str] = ()) -> None:
    """`people show`: the roster row, then the person's own view."""
    from rituals.cli.people import people_rows

    out = Printer()
    p = view.person
    headers, rows = people_rows([p], today, wide=out.width >= 110)
    out.table(p.name, headers, rows, keep=["E-mail"])
    facts = [
        ("role", p.role),
        ("language", p.language),
        ("tags", ", ".join(p.tags)),
        ("never grouped with", ", ".join(p.excluded)),
        ("leaves after", str(p.leave_date or "")),
        ("opted out of", ", ".join(p.opt_out)),
        ("opted in to", ", ".join(p.opt_in)),
        ("at most", ", ".join(f"{k} every {n} days" for k, n in p.cadence)),
    ]
    for label, value in facts:
        if value:
            out.paragraph(f"{label}: {value}", 0)
    for line in time_lines:  # working hours and calendar
        out.paragraph(line, 0)
    if view.trail is not None:
        out.paragraph(f"trail: {view.trail.text()}", 0)
    _section(
        out,
        f"met ({len(view.met)})",
        [f"{m.day}  {m.name} ({m.team or '—'}) in {m.ritual}" for m in view.met[:15]],
        more=len(view.met) - 15,
    )
    _section(
        out, "teams never met", [", ".join(view.teams_never_met)] if view.teams_never_met else ["none: every team met"]
    )
    _section(
        out,
        "weak ties (met once, long ago)",
        [f"{m.name} ({m.team or '—'}), {m.day} in {m.ritual}" for m in view.weak_ties],
    )
    _section(out, "next sessions", [f"{d}  {title}: {', '.join(group)}" for d, title, group in view.next_sessions[:8]])
    _section(out, "would most benefit from meeting", [f"{s.name} ({s.team or '—'}): {s.why}" for s in view.suggestions])


def _section(out: Printer, title: str, lines: list[str], more: int = 0) -> None:
    out.line()
    out.line(out.style(title, "bold"))
    for line in lines or ["—"]:
        out.paragraph(line, 2)
    if more > 0:
        out.paragraph(f"… and {more} more (--format json shows all)", 2, ("dim",))
