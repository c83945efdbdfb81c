"""`rituals log` and `rituals report`: record what happened, then see what the rituals achieve."""

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
from rituals.core.errors import InvalidInput
from rituals.core.insights import Report, TeamMatrix, abbreviations
from rituals.core.models import Feedback
from rituals.core.schedule import parse_date

COLD, WARM = ColorTriplet(90, 30, 30), ColorTriplet(40, 150, 70)  # heat map: no pair met -> all met
BLOCKS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"
SHOWN_REPEATS = 10


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command("log")(log)
    app.command("report")(report)


# --------------------------------------------------------------------------- log
def _emails(text: Optional[str]) -> tuple[str, ...]:
    return tuple(e.strip() for e in (text or "").split(",") if e.strip())


def _rating(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{what} must be a whole number from 1 to 5, not {text!r}") from None


def parse_feedback(text: str) -> Feedback:
    """EMAIL=RATING:NOTE, where the rating or the note may be left out (EMAIL=4, EMAIL=:note)."""
    email, sep, rest = text.partition("=")
    if not sep or not email.strip():
        raise InvalidInput(f"bad --feedback {text!r}: use EMAIL=RATING:NOTE")
    rating, _, note = rest.partition(":")
    value = _rating(rating.strip(), f"the rating in --feedback {email.strip()}") if rating.strip() else None
    return Feedback(email.strip(), value, note.strip())


def parse_late(text: str) -> tuple[str, int | None]:
    email, sep, number = text.partition(":")
    if not sep:
        return email.strip(), None
    if not number.strip().isdigit():
        raise InvalidInput(f"bad --late {text!r}: use EMAIL or EMAIL:GROUP_NUMBER")
    return email.strip(), int(number)


def log(
    ctx: typer.Context,
    session_id: str = typer.Argument(
        ..., metavar="SESSION", help="RITUAL@YYYY-MM-DD, e.g. coffee-roulette@2026-11-17."
    ),
    attended: Optional[str] = typer.Option(
        None, "--attended", help="Comma-separated e-mails who came; the others were absent."
    ),
    absent: Optional[str] = typer.Option(
        None, "--absent", help="Comma-separated e-mails who did not come; the others came."
    ),
    late: Optional[list[str]] = typer.Option(
        None, "--late", help="EMAIL[:GROUP] who joined without being planned (repeatable)."
    ),
    rating: Optional[str] = typer.Option(None, "--rating", help="How it went overall, 1 to 5."),
    note: Optional[str] = typer.Option(None, "--note", help="A private note (never sent in invites)."),
    feedback: Optional[list[str]] = typer.Option(
        None, "--feedback", help="EMAIL=RATING:NOTE from one attendee (repeatable)."
    ),
) -> None:
    """Record a session as held: attendance, rating, feedback."""
    session = service(ctx).sessions.log(
        session_id,
        attended=_emails(attended),
        absent=_emails(absent),
        late=tuple(parse_late(item) for item in late or ()),
        rating=_rating(rating, "--rating") if rating is not None else None,
        note=note,
        feedback=tuple(parse_feedback(item) for item in feedback or ()),
    )
    rated = f", rating {session.rating}" if session.rating is not None else ""
    console.print(
        f"logged {session.id}: {len(session.attended)} attended, {len(session.absent)} absent{rated}", markup=False
    )


# --------------------------------------------------------------------------- report
def report(
    ctx: typer.Context,
    start: Optional[str] = typer.Option(None, "--from", help="First day counted, YYYY-MM-DD (default: all history)."),
    end: Optional[str] = typer.Option(None, "--to", help="Last day counted, YYYY-MM-DD (default: today)."),
    team: Optional[str] = typer.Option(None, "--team", help="Only what involves this team's members."),
    isolated_days: int = typer.Option(
        30, "--isolated-days", help="Alert on people with no session for this many days."
    ),
    repeats: int = typer.Option(3, "--repeats", help="List pairs grouped together more than this many times."),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """Participation, isolation alerts, team mixing, weak ties, repeats and ritual health."""
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
    span = f"{result.start or 'the beginning'} to {result.end}" + (f", team {result.team}" if result.team else "")
    return Group(
        Text(f"Rituals report — {span}", style="bold"),
        _isolated(result, labels),
        _teams(result),
        _people(result, labels),
        *_heat_maps(result.matrix, labels, width),
        _weak_ties(result, width),
        _repeats(result),
        _health(result),
        *_answers(result),
    )


def _table(title: str, *columns: str, **kwargs: Any) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, **kwargs)
    for name in columns:
        numeric = name in {
            "People",
            "Reached",
            "Incl.",
            "Came",
            "Rate",
            "Days",
            "Times",
            "Held",
            "Canc.",
            "Unlogged",
            "Attend.",
            "Rating",
            "Invited",
            "Answered",
            "Yes",
            "No",
            "Maybe",
            "Silent",
        }
        table.add_column(name, justify="right" if numeric else "left", overflow="ellipsis", no_wrap=True)
    return table


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _isolated(result: Report, labels: dict[str, str]) -> Table | Text:
    if not result.isolated:
        return Text(f"\nNo one has gone {result.isolated_days} days without a session.")
    table = _table(
        f"\nNo session for {result.isolated_days}+ days (remote first)", "Name", "Team", "Where", "Last seen", "Days"
    )
    for a in result.isolated:
        days = "never" if a.days is None else str(a.days)
        table.add_row(
            Text(a.name),
            Text(labels.get(a.team, a.team)),
            "remote" if a.remote else "office",
            str(a.last_seen or "never"),
            days,
            style="bold red" if a.remote else None,
        )
    return table


def _teams(result: Report) -> Table:
    table = _table("\nParticipation by team", "Team", "People", "Reached", "Incl.", "Came", "Rate")
    for t in result.participation.teams:
        table.add_row(Text(t.team), str(t.people), str(t.reached), str(t.included), str(t.attended), _pct(t.rate))
    return table


def _people(result: Report, labels: dict[str, str]) -> Table:
    table = _table("\nParticipation by person (lowest first)", "Name", "Team", "Incl.", "Came", "Rate", "")
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
        return [Text("\nNo team to compare yet.")]
    cell = 6  # "100%" plus padding
    per_slice = max(1, (width - 8) // cell)
    out: list[Any] = [
        Text(f"\nPairs that met, by team: {matrix.total_met} pairs (count, then share of possible pairs)")
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
            out.append(Text(f"teams {first + 1}–{cols[-1] + 1} of {n}", style="dim"))
        out.append(table)
    out.append(Text("  ".join(f"{label} {team}" for team, label in labels.items()), style="dim"))
    return out


def _heat_cell(matrix: TeamMatrix, i: int, j: int) -> Text:
    share = matrix.share[i][j]
    if share is None:
        return Text("·", style="dim")
    tone = blend_rgb(COLD, WARM, share)
    return Text(f"{matrix.met[i][j]}\n{share:.0%}", style=Style(color="white", bgcolor=Color.from_triplet(tone)))


def _weak_ties(result: Report, width: int) -> Group:
    w = result.weak_ties
    lines = [
        Text(
            f"\nWeak ties: {w.met} of {w.possible} cross-team pairs have met at least once ({_pct(w.share)})",
            style="bold",
        )
    ]
    bar_width = max(10, min(40, width - 30))
    for point in w.trend[-12:]:
        lines.append(Text(f"{point.month} {_bar(point.share or 0, bar_width)} {_pct(point.share):>4} +{point.new}"))
    if len(w.trend) > 1:
        lines.append(Text("trend   " + _sparkline([p.share or 0 for p in w.trend[-24:]]), style="cyan"))
    return Group(*lines)


def _repeats(result: Report) -> Table | Text:
    if not result.repeats:
        return Text(f"\nNo pair was grouped together more than {result.repeats_over} times.")
    table = _table(
        f"\nPairs grouped together more than {result.repeats_over} times", "Person", "Person", "Times", "Last"
    )
    for r in result.repeats[:SHOWN_REPEATS]:
        table.add_row(Text(r.a_name), Text(r.b_name), str(r.times), str(r.last))
    more = len(result.repeats) - SHOWN_REPEATS
    if more > 0:
        table.caption = f"and {more} more (--format json lists them all)"
    return table


def _health(result: Report) -> Table:
    table = _table("\nRitual health", "Ritual", "Held", "Canc.", "Unlogged", "Attend.", "Rating")
    table.columns[0].max_width = 30  # the numbers matter more than a long title
    for h in result.ritual_health:
        title = h.title + (" (cancelled)" if h.status != "active" else "")
        rating = "—" if h.average_rating is None else f"{h.average_rating:.1f}"
        table.add_row(Text(title), str(h.held), str(h.cancelled), str(h.unlogged), _pct(h.attendance_rate), rating)
    return table


def _answers(result: Report) -> list[Any]:
    """Answers to the invites: per ritual, per team, and the weekly trend of the answer rate."""
    figures = result.responses
    if figures is None or not figures.total.invited:
        return [Text("\nNo answer to an invite recorded yet (`rituals replies` reads them).")]
    out: list[Any] = []
    for title, rows in (("by ritual", figures.rituals), ("by team", figures.teams)):
        table = _table(
            f"\nAnswers to invites {title}", "Name", "Invited", "Answered", "Yes", "No", "Maybe", "Silent", "Rate"
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
                f"answer rate by week ({weeks[0].key} to {weeks[-1].key}) " + _sparkline([w.rate or 0 for w in weeks]),
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
