"""`rituals init`, `rituals demo`, and opening the TUI."""

import shutil
import tempfile
from pathlib import Path

import typer

from rituals.cli.common import clock_from_env, console, service
from rituals.core.errors import Conflict


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)


def init(
    ctx: typer.Context,
    sample: bool = typer.Option(False, "--sample", help="Load the fictional Hirondelle organisation."),
    force: bool = typer.Option(False, "--force", help="With --sample: replace a database that already holds data."),
) -> None:
    """Create your database (optionally with the sample organisation)."""
    svc = service(ctx)
    store = svc.store
    if sample:
        if store.exists and (store.people() or store.rituals()) and not force:
            raise Conflict(f"{store.path} already holds data; add --force to replace it with the sample")
        from rituals.sample import write_sample_db

        write_sample_db(store.path, svc.today())
        console.print(f"sample organisation loaded into {store.path}", markup=False, soft_wrap=True)
        return
    if store.exists:
        console.print(f"{store.path} already exists: {len(store.people())} people, {len(store.rituals())} rituals", markup=False, soft_wrap=True)
        return
    with store.transaction() as tx:
        tx.changed = True  # write the empty, versioned file
    console.print(f"created {store.path}", markup=False, soft_wrap=True)


def demo(ctx: typer.Context) -> None:
    """Open the planner on a throw-away copy of the sample organisation."""
    from rituals.sample import write_sample_db
    from rituals.service import open_service

    folder = Path(tempfile.mkdtemp(prefix="rituals-demo-"))
    try:
        svc = open_service(folder / "demo.json", clock=clock_from_env())
        write_sample_db(svc.store.path, svc.today())
        _run_tui(svc)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def open_tui(ctx: typer.Context) -> None:
    _run_tui(service(ctx))


def _run_tui(svc: object) -> None:
    from rituals.tui.app import run_tui  # deferred: Textual is heavy and only the TUI needs it

    run_tui(svc)
