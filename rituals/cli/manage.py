"""`rituals init`, `rituals demo`, and opening the TUI."""

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rituals.cli.common import clock_from_env, console, service
from rituals.locale import _

if TYPE_CHECKING:
    from rituals.service import Service


def register(app: typer.Typer) -> None:
    app.command("init", help=_("Create your database (optionally with the sample organisation)."))(init)
    app.command("demo", help=_("Open the planner on a throw-away copy of the sample organisation."))(demo)


def init(
    ctx: typer.Context,
    sample: bool = typer.Option(False, "--sample", help=_("Load the fictional Hirondelle organisation.")),
    force: bool = typer.Option(False, "--force", help=_("With --sample: replace a database that already holds data.")),
) -> None:
    svc = service(ctx)
    done = svc.setup.init(sample=sample, force=force)
    path = svc.store.path
    if done.outcome == "sample":
        console.print(_("sample organisation loaded into {path}").format(path=path), markup=False, soft_wrap=True)
    elif done.outcome == "exists":
        console.print(
            _("{path} already exists: {people} people, {rituals} rituals").format(
                path=path, people=done.people, rituals=done.rituals
            ),
            markup=False,
            soft_wrap=True,
        )
    else:
        console.print(_("created {path}").format(path=path), markup=False, soft_wrap=True)


def demo(ctx: typer.Context) -> None:
    from rituals.service import open_service

    folder = Path(tempfile.mkdtemp(prefix="rituals-demo-"))
    try:
        svc = open_service(folder / "demo.json", clock=clock_from_env())
        svc.setup.load_sample()
        _run_tui(svc)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def open_tui(ctx: typer.Context) -> None:
    _run_tui(service(ctx))


def _run_tui(svc: "Service") -> None:
    from rituals.tui.app import run_tui  # deferred: Textual is heavy and only the TUI needs it

    run_tui(svc)
