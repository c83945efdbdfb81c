"""`rituals report`: what the rituals achieve (`rituals log` records what happened: log.py)."""

import dataclasses
import sys
from enum import Enum
from typing import Any, Optional

import typer
from rich import box
from rich.color import Color, blend_rgb
from rich.color_triplet import ColorTriplet
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from rituals.cli.common import console, print_json, service
from rituals.core.csvsafe import csv_text
from rituals.core.insights import Report, TeamMatrix, abbreviations
from rituals.core.schedule import parse_date
from rituals.locale import N_, _, formats

COLD, WARM = ColorTriplet(90, 30, 30), ColorTriplet(40, 150, 70)  # heat map: no pair met -> all met
BLOCKS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"
SHOWN_REPEATS = 10


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command(
        "report", help=_("Participation, isolation alerts, team mixing, weak ties, repeats and ritual health.")
    )(report)


# --------------------------------------------------------------------------- report
def report(
    ctx: typer.Context,
    start: Optional[str] = typer.Option(
        None, "--from", help=_("First day counted, YYYY-MM-DD (default: all history).")
    ),
    end: Optional[str] = typer.Option(None, "--to", help=_("Last day counted, YYYY-MM-DD (default: today).")),
    team: Optional[str] = typer.Option(None, "--team", help=_("Only what involves this team's members.")),
    isolated_days: int = typer.Option(
        30, "--isolated-days", help=_("Alert on people with no session for this many days.")
    ),
    repeats: int = typer.Option(3, "--repeats", help=_("List pairs grouped together more than this many times.")),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help=_("table, json or csv.")),
) -> None:
    result = service(ctx).reports.build(
        start=parse_date(start) if start else None,
        end=parse_date(end) if end else None,
        team=team,
        isolated_days=isolated_days,
        repeats_over=repeats,
    )
    if fmt is ReportFormat.json:
        print_json(result)
    elif fmt is ReportFormat.csv:
        sys.stdout.write(csv_text(report_rows(result)))
    else:
        console.print(render_report(result, console.width))


def render_report(result: Report, width: int = 80) -> Group:
    labels = abbreviations(result.matrix.teams)
    if result.start:
        span = _("{start} to {end}").format(start=result.start, end=result.end)
    else:
        span = _("the beginning to {end}").format(end=result.end)
    if result.team:
        heading = _("Rituals report — {span}, team {team}").format(span=span, team=result.team)
    else:
        heading = _("Rituals report — {span}").format(span=span)
    return Group(
        Text(heading, style="bold"),
        _isolated(result, labels),
        _teams(result),
        _people(result, labels),
        *_heat_maps(result.matrix, labels, width),
        _weak_ties(result, width),
        _repeats(result),
        _health(result),
        *_answers(result),
    )


# columns of numbers, right-aligned
NUMERIC = {
    N_("People"),
    N_("Reached"),
    N_("Incl."),
    N_("Came"),
    N_("Rate"),
    N_("Days"),
    N_("Times"),
    N_("Held"),
    N_("Canc."),
    N_("Unlogged"),
    N_("Attend."),
    N_("Rating"),
    N_("Invited"),
    N_("Answered"),
    N_("Yes"),
    N_("No"),
    N_("Maybe"),
    N_("Silent"),
}


def _table(title: str, *columns: str, **kwargs: Any) -> Table:
    """A section's table; ``columns`` are English headers marked with N_, shown translated."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, **kwargs)
    for name in columns:
        table.add_column(
            _(name) if name else "", justify="right" if name in NUMERIC else "left", overflow="ellipsis", no_wrap=True
        )
    return table


def _pct(value: float | None) -> str:
    return "—" if value is None else formats.percent(value)


def _isolated(result: Report, labels: dict[str, str]) -> Table | Text:
    if not result.isolated:
        return Text("\n" + _("No one has gone {days} days without a session.").format(days=result.isolated_days))
    table = _table(
        "\n" + _("No session for {days}+ days (remote first)").format(days=result.isolated_days),
        N_("Name"),
        N_("Team"),
        N_("Where"),
        N_("Last seen"),
        N_("Days"),
    )
    never = _("never")
    for a in result.isolated:
        days = never if a.days is None else str(a.days)
        table.add_row(
            Text(a.name),
            Text(labels.get(a.team, a.team)),
            _("remote") if a.remote else _("office"),
            str(a.last_seen or never),
            days,
            style="bold red" if a.remote else None,
        )
    return table


def _teams(result: Report) -> Table:
    table = _table(
        "\n" + _("Participation by team"), N_("Team"), N_("People"), N_("Reached"), N_("Incl."), N_("Came"), N_("Rate")
    )
    for t in result.participation.teams:
        table.add_row(Text(t.team), str(t.people), str(t.reached), str(t.included), str(t.attended), _pct(t.rate))
    return table


def _people(result: Report, labels: dict[str, str]) -> Table:
    table = _table(
        "\n" + _("Participation by person (lowest first)"),
        N_("Name"),
        N_("Team"),
        N_("Incl."),
        N_("Came"),
        N_("Rate"),
        "",
    )
    rows = sorted(result.participation.people, key=lambda p: (p.rate if p.rate is not None else -1, p.name))
    for p in rows:
        table.add_row(
            Text(p.name),
            Text(labels.get(p.team, p.team)),
            str(p.included),
            str(p.attended),
            _pct(p.rate),
            _bar(p.rate or 0, 12),
        )
    return table


def _heat_maps(matrix: TeamMatrix, labels: dict[str, str], width: int) -> list[Any]:
    """One heat map, cut into column slices when the teams do not fit the terminal."""
    if not matrix.teams:
        return [Text("\n" + _("No team to compare yet."))]
    cell = 6  # "100%" plus padding
    per_slice = max(1, (width - 8) // cell)
    out: list[Any] = [
        Text(
            "\n"
            + _("Pairs that met, by team: {n} pairs (count, then share of possible pairs)").format(n=matrix.total_met)
        )
    ]
    n = len(matrix.teams)
    for first in range(0, n, per_slice):
        cols = range(first, min(n, first + per_slice))
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
        table.add_column("", no_wrap=True)
        for j in cols:
            table.add_column(Text(labels[matrix.teams[j]]), justify="right", no_wrap=True)
        for i, team in enumerate(matrix.teams):
            table.add_row(Text(labels[team]), *(_heat_cell(matrix, i, j) for j in cols))
        if n > per_slice:
            out.append(
                Text(_("teams {first}–{last} of {n}").format(first=first + 1, last=cols[-1] + 1, n=n), style="dim")
            )
        out.append(table)
    out.append(Text("  ".join(f"{label} {team}" for team, label in labels.items()), style="dim"))
    return out


def _heat_cell(matrix: TeamMatrix, i: int, j: int) -> Text:
    share = matrix.share[i][j]
    if share is None:
        return Text("·", style="dim")
    tone = blend_rgb(COLD, WARM, share)
    return Text(
        f"{matrix.met[i][j]}\n{formats.percent(share)}", style=Style(color="white", bgcolor=Color.from_triplet(tone))
    )


def _weak_ties(result: Report, width: int) -> Group:
    w = result.weak_ties
    lines = [
        Text(
            "\n"
            + _("Weak ties: {met} of {possible} cross-team pairs have met at least once ({share})").format(
                met=w.met, possible=w.possible, share=_pct(w.share)
            ),
            style="bold",
        )
    ]
    bar_width = max(10, min(40, width - 30))
    for point in w.trend[-12:]:
        lines.append(Text(f"{point.month} {_bar(point.share or 0, bar_width)} {_pct(point.share):>4} +{point.new}"))
    if len(w.trend) > 1:
        trend = _("trend")
        lines.append(Text(f"{trend:<7} " + _sparkline([p.share or 0 for p in w.trend[-24:]]), style="cyan"))
    return Group(*lines)


def _repeats(result: Report) -> Table | Text:
    if not result.repeats:
        return Text("\n" + _("No pair was grouped together more than {n} times.").format(n=result.repeats_over))
    table = _table(
        "\n" + _("Pairs grouped together more than {n} times").format(n=result.repeats_over),
        N_("Person"),
        N_("Person"),
        N_("Times"),
        N_("Last"),
    )
    for r in result.repeats[:SHOWN_REPEATS]:
        table.add_row(Text(r.a_name), Text(r.b_name), str(r.times), str(r.last))
    more = len(result.repeats) - SHOWN_REPEATS
    if more > 0:
        table.caption = _("and {n} more (--format json lists them all)").format(n=more)
    return table


def _health(result: Report) -> Table:
    table = _table(
        "\n" + _("Ritual health"), N_("Ritual"), N_("Held"), N_("Canc."), N_("Unlogged"), N_("Attend."), N_("Rating")
    )
    table.columns[0].max_width = 30  # the numbers matter more than a long title
    for h in result.ritual_health:
        title = h.title + (" " + _("(cancelled)") if h.status != "active" else "")
        rating = "—" if h.average_rating is None else formats.number(float(h.average_rating))
        table.add_row(Text(title), str(h.held), str(h.cancelled), str(h.unlogged), _pct(h.attendance_rate), rating)
    return table


def _answers(result: Report) -> list[Any]:
    """Answers to the invites: per ritual, per team, and the weekly trend of the answer rate."""
    figures = result.responses
    if figures is None or not figures.total.invited:
        return [Text("\n" + _("No answer to an invite recorded yet (`rituals replies` reads them)."))]
    out: list[Any] = []
    for title, rows in (
        (_("Answers to invites by ritual"), figures.rituals),
        (_("Answers to invites by team"), figures.teams),
    ):
        table = _table(
            "\n" + title,
            N_("Name"),
            N_("Invited"),
            N_("Answered"),
            N_("Yes"),
            N_("No"),
            N_("Maybe"),
            N_("Silent"),
            N_("Rate"),
        )
        for row in (*rows, figures.total):
            table.add_row(
                Text(row.label or row.key),
                str(row.invited),
                str(row.answered),
                str(row.accepted),
                str(row.declined),
                str(row.tentative),
                str(row.no_answer),
                _pct(row.rate),
                style="bold" if row is figures.total else None,
            )
        out.append(table)
    if len(figures.trend) > 1:
        weeks = figures.trend[-24:]
        out.append(
            Text(
                _("answer rate by week ({first} to {last})").format(first=weeks[0].key, last=weeks[-1].key)
                + " "
                + _sparkline([w.rate or 0 for w in weeks]),
                style="cyan",
            )
        )
    return out


def _bar(share: float, width: int) -> str:
    """A horizontal bar with eighth-of-a-cell precision."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


def _sparkline(values: list[float]) -> str:
    return "".join(SPARKS[min(len(SPARKS) - 1, int(max(0.0, min(1.0, v)) * len(SPARKS)))] for v in values)


# --------------------------------------------------------------------------- csv
def report_rows(result: Report) -> list[list[Any]]:
    """Every section as tidy rows: section, key, label, metric, value (a spreadsheet pivots them)."""
    rows: list[list[Any]] = [["section", "key", "label", "metric", "value"]]

    def add(section: str, key: str, label: str, item: Any, skip: tuple[str, ...]) -> None:
        for f in dataclasses.fields(item):
            if f.name not in skip:
                value = getattr(item, f.name)
                rows.append([section, key, label, f.name, "" if value is None else value])

    for p in result.participation.people:
        add("person", p.email, p.name, p, ("email", "name"))
    for t in result.participation.teams:
        add("team", t.team, "", t, ("team",))
    for a in result.isolated:
        add("isolated", a.email, a.name, a, ("email", "name"))
    m = result.matrix
    for i, team in enumerate(m.teams):
        for j in range(i, len(m.teams)):
            key = f"{team} × {m.teams[j]}"
            for metric, table in (("met", m.met), ("possible", m.possible), ("share", m.share)):
                rows.append(["matrix", key, "", metric, "" if table[i][j] is None else table[i][j]])
    w = result.weak_ties
    for metric in ("possible", "met", "share"):
        rows.append(["weak_ties", "total", "", metric, "" if getattr(w, metric) is None else getattr(w, metric)])
    for point in w.trend:
        add("weak_ties", point.month, "", point, ("month",))
    for r in result.repeats:
        add("repeats", f"{r.a} {r.b}", f"{r.a_name} & {r.b_name}", r, ("a", "b", "a_name", "b_name"))
    for h in result.ritual_health:
        add("ritual_health", h.ritual_id, h.title, h, ("ritual_id", "title"))
    if result.responses is not None:
        for section, counts in (
            ("answers_ritual", result.responses.rituals),
            ("answers_team", result.responses.teams),
            ("answers_week", result.responses.trend),
            ("answers", (result.responses.total,)),
        ):
            for c in counts:
                add(section, c.key, c.label, c, ("key", "label"))
    return rows
