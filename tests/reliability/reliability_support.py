"""What the reliability tests share: running the CLI and judging how it failed."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule, Session
from rituals.store import Store

ROOT = Path(__file__).resolve().parents[2]
NOW_ENV = "2026-11-23T09:00"
runner = CliRunner()


def cli(db: Path, *args: str, env: dict[str, str] | None = None):
    """One in-process CLI run on ``db`` with the clock frozen."""
    return runner.invoke(app, ["--db", str(db), *args], env={"RITUALS_NOW": NOW_ENV, **(env or {})})


def process_env(db: Path) -> dict[str, str]:
    """The environment of a real `rituals` process on ``db``."""
    return {**os.environ, "RITUALS_DB": str(db), "RITUALS_NOW": NOW_ENV, "PYTHONPATH": str(ROOT)}


def rituals_command() -> list[str]:
    return [sys.executable, "-m", "rituals"]


def assert_clean_failure(result, what: str = "") -> str:
    """Exit 1 or 2, no traceback, and one clear line first on stderr; returns that line.

    Typer's own usage errors (an option given a non-number...) come boxed with the usage line:
    they exit 2 and name the option, which is clear too. A roster error lists its bad rows
    after the first line, one per line, each indented."""
    everything = result.stdout + result.stderr
    assert result.exit_code in (1, 2), f"{what}: exit {result.exit_code}\n{everything}"
    assert "Traceback" not in everything, f"{what}: traceback\n{everything}"
    # in the reader's language: --lang fr is among the arguments the fuzzers draw
    assert "internal error" not in everything and "erreur interne" not in everything, f"{what}: a bug\n{everything}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{what}: {result.exception!r}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, f"{what}: nothing on stderr"
    if result.exit_code == 2 and ("Usage:" in result.stderr or "Utilisation\u00a0:" in result.stderr):
        return lines[-1]
    assert lines[0].startswith(("error: ", "erreur\u00a0: ")), f"{what}: {result.stderr}"
    assert all(line.startswith("  ") for line in lines[1:]), f"{what}: more than one line\n{result.stderr}"
    return lines[0]


def build_small_db(path: Path) -> Path:
    """Three people, one rotating ritual with a planned and a held session, default hours, a closure."""
    store = Store(path)
    with store.transaction() as tx:
        for email, name, team in (
            ("ana@x.org", "Ana", "Data"),
            ("bo@x.org", "Bo", "Sales"),
            ("cy@x.org", "Cy", "Data"),
        ):
            tx.put_person(Person(email, name, team, joined=date(2025, 1, 6)))
        schedule = Schedule(datetime(2026, 12, 1, 12, 30), "Europe/Paris", frequency="weekly")
        tx.put_ritual(
            Ritual(
                "lunch",
                "Lunch",
                "lunch",
                schedule,
                organizer="ana@x.org",
                audience=Audience("people", ("ana@x.org", "bo@x.org", "cy@x.org")),
                grouping=Grouping(2),
            )
        )
        tx.put_session(Session("lunch", datetime(2026, 11, 17, 12, 30), (("ana@x.org", "bo@x.org"),), "held"))
        # three people in pairs make one trio: a group of one is a "pair" nobody would meet
        tx.put_session(Session("lunch", datetime(2026, 12, 1, 12, 30), (("ana@x.org", "cy@x.org", "bo@x.org"),)))
        # the settings tables: a team's default working hours and a company closure
        tx.set_state("hours", "team:data", "Mon-Thu 09:00-17:00")
        tx.set_state(
            "closures", "christmas-week", {"start": "2026-12-24", "end": "2027-01-01", "name": "Christmas week"}
        )
    return path
