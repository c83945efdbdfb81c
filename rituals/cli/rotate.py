"""`rituals rotate`: propose (and with --commit record) the groups of a ritual's next sessions.

Two modes:

* ``rituals rotate RITUAL [--date D] [--rounds R] [--commit]`` works on the database;
* ``rituals rotate --roster ROSTER.csv --size K --rounds R [--history H.json] --format json``
  needs no database. The roster has a header ``name,email,team`` (team may be empty; an optional
  ``location`` column is used too). It prints
  ``{"rounds": [[["email", ...], ...], ...], "metrics": {...}}`` with every roster member exactly
  once per round, e-mails spelled as in the roster.

The history file (``--history``) is JSON, in any of these shapes:

* ``{"meetings": [{"date": "2026-10-01", "group": ["a@x.org", "b@x.org"]}, ...]}``;
* a bare list of past groups ``[["a@x.org", "b@x.org"], ...]`` (undated: counted as recent);
* the output of a previous run, ``{"rounds": [...]}`` (counted as recent), to chain plans.
"""

from __future__ import annotations

import csv
import io
import json
import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from rituals.cli.common import FormatOption, OutputFormat, clock_from_env, console, err_console, print_json, service
from rituals.core.catalog.ideas import language_from_env
from rituals.core.errors import InvalidInput
from rituals.core.models import MIX_POLICIES, normalise_email
from rituals.core.roster import decode, parse_roster
from rituals.core.schedule import parse_date

if TYPE_CHECKING:
    from rituals.core.rotation import Member, Plan
    from rituals.service.rotation import RotationPreview

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "round": "Round", "group": "Group", "why": "Why", "left-out": "not included (paused or absent)",
        "repeats": "repeats inside the plan", "met": "pairs that met before", "same": "same-team pairs",
        "saved": "Recorded {n} planned session(s).",
        "unsaved": "Nothing saved: run again with --commit to record these groups.",
        "searching": "searching groups",
    },
    "fr": {
        "round": "Tour", "group": "Groupe", "why": "Pourquoi", "left-out": "non inclus (en pause ou absents)",
        "repeats": "répétitions dans le plan", "met": "paires déjà vues", "same": "paires de même équipe",
        "saved": "{n} séance(s) planifiée(s) enregistrée(s).",
        "unsaved": "Rien n'est enregistré\u00a0: relancez avec --commit pour garder ces groupes.",
        "searching": "recherche des groupes",
    },
}


def register(app: typer.Typer) -> None:
    app.command("rotate")(rotate)


def rotate(
    ctx: typer.Context,
    ritual_id: Optional[str] = typer.Argument(None, metavar="[RITUAL]", help="The ritual to rotate (omit with --roster)."),
    day: Optional[str] = typer.Option(None, "--date", help="First date to plan, YYYY-MM-DD (default: the next one)."),
    rounds: int = typer.Option(1, "--rounds", "-r", help="How many dates (rounds) to plan together."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Same seed, same groups."),
    time_limit: float = typer.Option(
        60.0, "--time-limit", help="Safety cap in seconds; the search is budgeted by work, so the same seed gives the same groups."
    ),
    absent: list[str] = typer.Option([], "--absent", help="E-mail of someone away that day (repeatable)."),
    commit: bool = typer.Option(False, "--commit", help="Record the groups as planned sessions."),
    roster: Optional[Path] = typer.Option(None, "--roster", help="Stateless mode: a CSV with name,email,team."),
    size: Optional[int] = typer.Option(None, "--size", help="Stateless mode: target group size (2-12)."),
    history: Optional[Path] = typer.Option(None, "--history", help="Stateless mode: past groups, JSON."),
    mix: str = typer.Option("cross-team", "--mix", help="Stateless mode: cross-team, within-team or random."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """Propose groups that avoid repeats and mix teams, with the reason for each group."""
    if roster is not None:
        if ritual_id or day or commit or absent:
            raise InvalidInput("--roster plans without the database: drop RITUAL, --date, --absent and --commit")
        _stateless(roster, size, rounds, seed, time_limit, history, mix, fmt)
        return
    if ritual_id is None:
        raise InvalidInput("name a ritual to rotate, or give --roster ROSTER.csv --size K")
    if size is not None or history is not None:
        raise InvalidInput("--size and --history go with --roster; a ritual has its own size and history")
    svc = service(ctx)
    first = _parse_day(day)
    lang = language_from_env(os.environ)
    with _progress(LABELS[lang]["searching"]) as progress:
        preview = svc.preview_rotation(
            ritual_id, day=first, rounds=rounds, seed=seed, time_limit=time_limit, absent=absent, progress=progress
        )
    saved = svc.commit_rotation(preview, lang) if commit else []
    if fmt == OutputFormat.json:
        _print_preview_json(preview, bool(saved), lang)
    else:
        _print_preview(preview, bool(saved), lang)


def _print_preview_json(preview: RotationPreview, committed: bool, lang: str) -> None:
    print_json({
        "ritual": preview.ritual.id,
        "committed": committed,
        "sessions": [
            {"id": s.id, "start": s.start, "groups": s.groups, "explanations": preview.lines(s, lang), "left_out": s.left_out}
            for s in preview.sessions
        ],
        "metrics": preview.metrics,
    })


def _print_preview(preview: RotationPreview, committed: bool, lang: str) -> None:
    t = LABELS[lang]
    for proposed in preview.sessions:
        table = Table(
            title=f"{escape(preview.ritual.title)} — {proposed.start:%Y-%m-%d %H:%M}",  # a title is user text
            title_justify="left", box=box.SIMPLE_HEAD, show_lines=False,
        )
        _columns(table, t)
        for n, (group, line) in enumerate(zip(proposed.groups, preview.lines(proposed, lang)), 1):
            table.add_row(str(n), escape(", ".join(preview.names.get(e, e) for e in group)), escape(line))
        console.print(table)
        if proposed.left_out:
            left_out = ", ".join(preview.names.get(e, e) for e in proposed.left_out)
            console.print(f"  [dim]{t['left-out']}: {escape(left_out)}[/]")
    console.print(_summary(preview.metrics, t))
    if committed:
        console.print(f"[green]{t['saved'].format(n=len(preview.sessions))}[/]")
    else:
        console.print(f"[dim]{escape(t['unsaved'])}[/]")


def _stateless(
    path: Path, size: Optional[int], rounds: int, seed: Optional[int], time_limit: float,
    history_path: Optional[Path], mix: str, fmt: OutputFormat,
) -> None:
    if size is None:
        raise InvalidInput("--roster needs --size K (the target group size)")
    if mix not in MIX_POLICIES:
        raise InvalidInput(f"unknown --mix {mix!r}; use one of {', '.join(MIX_POLICIES)}")
    members, spelled = read_roster(path)
    today = (clock_from_env() or date.today)()
    today = today.date() if hasattr(today, "date") else today
    history = read_history(history_path, today) if history_path else {}
    from rituals.core.rotation import plan_rounds  # numpy: loaded only when a plan is made

    lang = language_from_env(os.environ)
    with _progress(LABELS[lang]["searching"]) as progress:
        plan = plan_rounds(
            members, size, rounds, mix=mix, fmt="hybrid", history=history, today=today,
            seed=seed or 0, time_limit=time_limit, progress=progress,
        )
    if fmt == OutputFormat.json:
        print_json({"rounds": [[[spelled[e] for e in g] for g in groups] for groups in plan.rounds], "metrics": plan.metrics})
        return
    _print_plan(plan, spelled, lang)


def read_roster(path: Path) -> tuple[list[Member], dict[str, str]]:
    """Members from a roster CSV (every row checked), and each e-mail as the roster spells it."""
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise InvalidInput(f"cannot read roster {path.name}: {exc.strerror or exc}") from None
    parsed = parse_roster(text)
    if parsed.problems:
        more = f" (and {len(parsed.problems) - 1} more)" if len(parsed.problems) > 1 else ""
        raise InvalidInput(f"bad roster {path.name}: {parsed.problems[0]}{more}")
    spelled: dict[str, str] = {}
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    for row in reader:
        raw = next((v for k, v in row.items() if k and k.strip().lower() in ("email", "e-mail", "mail")), None)
        if raw and raw.strip():
            spelled.setdefault(normalise_email(raw), raw.strip())
    from rituals.core.rotation import Member  # numpy: loaded only when a plan is made

    members = [Member(p.email, p.team, p.location) for p in parsed.people]
    return members, {m.id: spelled.get(m.id, m.id) for m in members}


def read_history(path: Path, today: date) -> dict[frozenset[str], list[date]]:
    """Pairs and the dates they met, from one of the documented JSON shapes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read history {path.name}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InvalidInput(f"history {path.name} is not JSON: {exc}") from None
    meetings: list[tuple[date, list[Any]]] = []
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        for i, item in enumerate(data["meetings"], 1):
            if not isinstance(item, dict) or not isinstance(item.get("group"), list):
                raise InvalidInput(f"history {path.name}: meeting {i} needs a \"group\" list")
            try:
                when = date.fromisoformat(str(item["date"])) if item.get("date") else today
            except ValueError:
                raise InvalidInput(f"history {path.name}: meeting {i} has a bad date {item.get('date')!r}") from None
            meetings.append((when, item["group"]))
    elif isinstance(data, dict) and isinstance(data.get("rounds"), list):
        meetings = [(today, g) for groups in data["rounds"] for g in groups]
    elif isinstance(data, list):
        meetings = [(today, g) for g in data]
    else:
        raise InvalidInput(f"history {path.name}: expected {{\"meetings\": [...]}}, {{\"rounds\": [...]}} or a list of groups")
    history: dict[frozenset[str], list[date]] = {}
    for when, group in meetings:
        if not isinstance(group, list) or not all(isinstance(e, str) for e in group):
            raise InvalidInput(f"history {path.name}: each group must be a list of e-mails")
        emails = sorted({normalise_email(e) for e in group})
        for i, a in enumerate(emails):
            for b in emails[i + 1:]:
                history.setdefault(frozenset((a, b)), []).append(when)
    return history


def _parse_day(text: Optional[str]) -> Optional[date]:
    return parse_date(text) if text is not None else None


@contextmanager
def _progress(label: str) -> Iterator[Any]:
    """A progress bar on stderr when a person is watching; nothing in scripts and pipes."""
    if not err_console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # only for terminals

    bar = Progress(TextColumn(label), BarColumn(), TimeElapsedColumn(), console=err_console.real(), transient=True)
    task = bar.add_task("rotate", total=1.0)
    with bar:
        yield lambda fraction: bar.update(task, completed=fraction)


def _summary(metrics: dict[str, Any], t: dict[str, str]) -> str:
    share = float(metrics.get("same_team_share", 0.0))  # type: ignore[arg-type]
    parts = [
        f"{t['repeats']}: {metrics.get('repeat_pairs', 0)}",
        f"{t['met']}: {metrics.get('history_repeats', 0)}",
        f"{t['same']}: {metrics.get('same_team_pairs', 0)} ({share:.0%})",
    ]
    return "[dim]" + escape(" · ".join(parts)) + "[/]"


def _columns(table: Table, t: dict[str, str]) -> None:
    table.add_column("#", justify="right", style="dim")
    table.add_column(t["group"])
    table.add_column(t["why"], style="italic")


def _print_plan(plan: Plan, spelled: dict[str, str], lang: str) -> None:
    t = LABELS[lang]
    for r, (groups, notes) in enumerate(zip(plan.rounds, plan.explanations), 1):
        table = Table(title=f"{t['round']} {r}", title_justify="left", box=box.SIMPLE_HEAD)
        _columns(table, t)
        for n, (group, note) in enumerate(zip(groups, notes), 1):
            table.add_row(str(n), escape(", ".join(spelled[e] for e in group)), escape(note.text(spelled, lang)))
        console.print(table)
    console.print(_summary(plan.metrics, t))
