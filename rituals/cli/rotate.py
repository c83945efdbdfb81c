"""`rituals rotate`: propose (and with --commit record) the groups of a ritual's next sessions.

Two modes:

* ``rituals rotate RITUAL [--date D] [--rounds R] [--commit]`` works on the database;
* ``rituals rotate --roster ROSTER.csv --size K --rounds R [--history H.json] --format json``
  needs no database. It prints ``{"rounds": [[["email", ...], ...], ...], "metrics": {...}}``
  with every roster member exactly once per round, e-mails spelled as in the roster. The roster
  and history formats are described in ``rituals.service.roster_rotation``, which plans them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from rituals.cli.common import FormatOption, OutputFormat, YesOption, confirm, console, err_console, print_json, service
from rituals.core.errors import InvalidInput
from rituals.core.journal import EditConflict
from rituals.core.schedule import parse_date
from rituals.locale import _, current, formats, ngettext, pgettext

if TYPE_CHECKING:
    from rituals.service import Service
    from rituals.service.roster_rotation import RosterPlan
    from rituals.service.rotation import RotationPreview


def register(app: typer.Typer) -> None:
    app.command("rotate", help=_("Propose groups that avoid repeats and mix teams, with the reason for each group."))(
        rotate
    )


def rotate(
    ctx: typer.Context,
    ritual_id: Optional[str] = typer.Argument(
        None, metavar="[RITUAL]", help=_("The ritual to rotate (omit with --roster).")
    ),
    day: Optional[str] = typer.Option(
        None, "--date", help=_("First date to plan, YYYY-MM-DD (default: the next one).")
    ),
    rounds: int = typer.Option(1, "--rounds", "-r", help=_("How many dates (rounds) to plan together.")),
    seed: Optional[int] = typer.Option(None, "--seed", help=_("Same seed, same groups.")),
    time_limit: float = typer.Option(
        300.0,
        "--time-limit",
        help=_("Safety cap in seconds; the search is budgeted by work, so the same seed gives the same groups."),
    ),
    absent: list[str] = typer.Option([], "--absent", help=_("E-mail of someone away that day (repeatable).")),
    commit: bool = typer.Option(False, "--commit", help=_("Record the groups as planned sessions.")),
    yes: bool = YesOption,
    roster: Optional[Path] = typer.Option(None, "--roster", help=_("Stateless mode: a CSV with name,email,team.")),
    size: Optional[int] = typer.Option(None, "--size", help=_("Stateless mode: target group size (2-12).")),
    history: Optional[Path] = typer.Option(None, "--history", help=_("Stateless mode: past groups, JSON.")),
    mix: str = typer.Option("cross-team", "--mix", help=_("Stateless mode: cross-team, within-team or random.")),
    fmt: OutputFormat = FormatOption,
    on_conflict: Optional[str] = typer.Option(
        None,
        "--on-conflict",
        metavar="stop|reload|apply",
        help=_(
            "With --commit, if someone records these dates while the groups are searched: stop (the default "
            "in scripts), reload (plan again on their data) or apply (record these over theirs); asked on a terminal."
        ),
    ),
) -> None:
    if roster is not None:
        if ritual_id or day or commit or absent:
            raise InvalidInput(_("--roster plans without the database: drop RITUAL, --date, --absent and --commit"))
        _stateless(ctx, roster, size, rounds, seed, time_limit, history, mix, fmt)
        return
    if ritual_id is None:
        raise InvalidInput(_("name a ritual to rotate, or give --roster ROSTER.csv --size K"))
    if size is not None or history is not None:
        raise InvalidInput(_("--size and --history go with --roster; a ritual has its own size and history"))
    if on_conflict not in (None, *CHOICES):
        raise InvalidInput(_("--on-conflict takes stop, reload or apply, not {value!r}").format(value=on_conflict))
    svc = service(ctx)
    first = _parse_day(day)
    lang = current()

    def plan() -> RotationPreview:
        with _progress(_("searching groups")) as progress:
            return svc.rotation.preview(
                ritual_id, day=first, rounds=rounds, seed=seed, time_limit=time_limit, absent=absent, progress=progress
            )

    preview = plan()
    if fmt != OutputFormat.json:
        _print_groups(preview, lang)
    saved: list[Any] = []
    if commit:
        _confirm_replacing(preview, yes, lang)
        final, saved = _commit(svc, preview, lang, on_conflict, plan)
        if final is not preview and fmt != OutputFormat.json:
            _print_groups(final, lang)  # planned again on the groups another lead recorded
        preview = final
    if fmt == OutputFormat.json:
        _print_preview_json(preview, bool(saved), lang)
    else:
        _print_outcome(preview, bool(saved), lang)
    if saved and preview.ritual.slot is not None:
        _find_times(svc, preview.ritual.id, [s.day for s in saved], fmt != OutputFormat.json)


def _find_times(svc: Service, ritual_id: str, days: list[date], show: bool) -> None:
    """A ritual that finds each group its time: found for the sessions just recorded (as
    `rituals slots` does, with its credentials from the environment)."""
    from rituals.cli.slots import password, show_plan

    for day in days:
        plan = svc.slots.find(
            ritual_id, day, user=os.environ.get("RITUALS_CALDAV_USER"), password=password("RITUALS_CALDAV_PASSWORD")
        )
        svc.slots.save(plan)
        if show:
            show_plan(svc, plan, True)


def _confirm_replacing(preview: RotationPreview, yes: bool, lang: str) -> None:
    """Recording over groups already recorded for a date replaces them: asked first."""
    over = [p for p in preview.sessions if p.recorded]
    if over:
        days = ", ".join(formats.day(p.start, "short") for p in over)
        question = _("{title} already has groups recorded on {days}: replace them with these?").format(
            title=preview.ritual.title, days=days
        )
        confirm(question, yes)


CHOICES = ("stop", "reload", "apply")
RELOADS = 3  # plans made again, at most, while others keep recording the same dates


def _commit(
    svc: Service, preview: RotationPreview, lang: str, on_conflict: Optional[str], plan: Any
) -> tuple[RotationPreview, list[Any]]:
    """Record ``preview``; when someone recorded the same dates while it was searched, stop,
    plan again on their data, or record these groups on top, as ``on_conflict`` (or the user) says."""
    expected, reloads = None, 0
    while True:
        try:
            return preview, svc.rotation.commit(preview, lang, expected_revision=expected)
        except EditConflict as conflict:
            choice = on_conflict or _ask(conflict)
            if choice == "reload" and reloads == RELOADS:
                choice = "stop"  # others keep recording these dates: let the user look first
            if choice == "apply" and expected is None:
                expected = conflict.current
            elif choice == "reload":
                preview, expected, reloads = plan(), None, reloads + 1
            else:
                conflict.problems.append(
                    _(
                        "nothing was recorded: run again to plan on the new data, "
                        "or add --on-conflict apply to record these groups over theirs"
                    )
                )
                raise


def _ask(conflict: EditConflict) -> str:
    """On a terminal, show what the other side did and ask; in a script, stop."""
    if not sys.stdin.isatty():
        return "stop"
    err_console.print(_("[bold yellow]conflict:[/] {message}").format(message=escape(conflict.message)), soft_wrap=True)
    for line in conflict.problems:
        err_console.print(f"  {line}", markup=False, soft_wrap=True)
    answer = typer.prompt(
        _("reload (plan again on their data), apply (record these over theirs) or stop?"), default="stop"
    )
    return answer if answer in CHOICES else "stop"


def _print_preview_json(preview: RotationPreview, committed: bool, lang: str) -> None:
    print_json(
        {
            "ritual": preview.ritual.id,
            "committed": committed,
            "sessions": [
                {
                    "id": s.id,
                    "start": s.start,
                    "groups": s.groups,
                    "explanations": preview.lines(s, lang),
                    "left_out": s.left_out,
                }
                for s in preview.sessions
            ],
            "metrics": preview.metrics,
        }
    )


def _print_groups(preview: RotationPreview, lang: str) -> None:
    for proposed in preview.sessions:
        table = Table(
            title=f"{escape(preview.ritual.title)} — {proposed.start:%Y-%m-%d %H:%M}",  # a title is user text
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_lines=False,
        )
        _columns(table)
        for n, (group, line) in enumerate(zip(proposed.groups, preview.lines(proposed, lang)), 1):
            table.add_row(str(n), escape(", ".join(preview.names.get(e, e) for e in group)), escape(line))
        console.print(table)
        if proposed.left_out:
            left_out = ", ".join(preview.names.get(e, e) for e in proposed.left_out)
            said = _("not included (paused or absent): {names}").format(names=left_out)
            console.print(f"  [dim]{escape(said)}[/]")


def _print_outcome(preview: RotationPreview, committed: bool, lang: str) -> None:
    console.print(_summary(preview.metrics))
    if committed:
        n = len(preview.sessions)
        saved = ngettext("Recorded {n} planned session(s).", "Recorded {n} planned session(s).", n).format(n=n)
        console.print(f"[green]{escape(saved)}[/]")
    else:
        unsaved = _("Nothing saved: run again with --commit to record these groups.")
        console.print(f"[dim]{escape(unsaved)}[/]")


def _stateless(
    ctx: typer.Context,
    roster: Path,
    size: Optional[int],
    rounds: int,
    seed: Optional[int],
    time_limit: float,
    history: Optional[Path],
    mix: str,
    fmt: OutputFormat,
) -> None:
    lang = current()
    with _progress(_("searching groups")) as progress:
        plan = service(ctx).rotation.plan_roster(
            roster,
            size=size,
            rounds=rounds,
            history=history,
            mix=mix,
            seed=seed,
            time_limit=time_limit,
            progress=progress,
        )
    if fmt == OutputFormat.json:
        print_json({"rounds": plan.rounds, "metrics": plan.metrics})
        return
    _print_plan(plan, lang)


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


def _summary(metrics: dict[str, Any]) -> str:
    share = float(metrics.get("same_team_share", 0.0))
    said = _(
        "repeats inside the plan: {repeats} · pairs that met before: {met} · same-team pairs: {same} ({share})"
    ).format(
        repeats=metrics.get("repeat_pairs", 0),
        met=metrics.get("history_repeats", 0),
        same=metrics.get("same_team_pairs", 0),
        share=formats.percent(share),
    )
    return "[dim]" + escape(said) + "[/]"


def _columns(table: Table) -> None:
    table.add_column("#", justify="right", style="dim")
    table.add_column(pgettext("column", "Group"))
    table.add_column(pgettext("column", "Why"), style="italic")


def _print_plan(plan: RosterPlan, lang: str) -> None:
    for r, groups in enumerate(plan.named):
        table = Table(title=_("Round {n}").format(n=r + 1), title_justify="left", box=box.SIMPLE_HEAD)
        _columns(table)
        for n, (group, line) in enumerate(zip(groups, plan.lines(r, lang)), 1):
            table.add_row(str(n), escape(", ".join(group)), escape(line))
        console.print(table)
    console.print(_summary(plan.metrics))
