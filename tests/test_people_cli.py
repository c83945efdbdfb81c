"""The people-over-time commands as a user meets them: output, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def test_leave_then_stay(sample_db: Path) -> None:
    email = "mehdi.benali@hirondelle.example"
    left = run(sample_db, "people", "leave", email, "--on", "2026-12-15", "--yes")
    assert left.exit_code == 0, left.output
    assert "leaves after 2026-12-15" in left.stdout and "proposed: Mehdi Benali leaves" in left.stdout
    assert "rituals suggest --plan farewell-drinks" in left.stdout
    listed = run(sample_db, "people", "list", "--status", "left")
    assert "leaves 2026-12-15" in listed.stdout and "1 person" in listed.stdout
    assert run(sample_db, "people", "leave", email, "--stay").exit_code == 0
    assert "leave_date" not in json.loads(run(sample_db, "people", "show", email, "-f", "json").stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["people", "leave", "mehdi.benali@hirondelle.example"],
        ["people", "leave", "mehdi.benali@hirondelle.example", "--on", "someday"],
        ["people", "budget", "--per-week", "0"],
        ["people", "budget", "--team", "Nowhere", "--per-week", "2"],
        ["people", "trail", "--weeks", "99"],
        ["people", "trail", "--teams", "Nowhere"],
        ["people", "prefs", "mehdi.benali@hirondelle.example", "--opt-out", "no-such-ritual"],
        ["people", "prefs", "mehdi.benali@hirondelle.example", "--at-most", "coffee-chat=often"],
        ["people", "import", "roster.csv", "--dates", "ydm"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(sample_db: Path, args: list[str], tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("name,email\nA,a@x.org\n")
    args = [str(tmp_path / "roster.csv") if a == "roster.csv" else a for a in args]
    result = run(sample_db, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_budget_prefs_trail_and_moments(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    budget = run(sample_db, "people", "budget", "--per-week", "2", "--per-month", "6", "--from", "2026-09-01")
    assert budget.exit_code == 0, budget.output
    assert budget.stdout.startswith("budget: at most 2 a week and 6 a month")
    assert "Sep 2026" in budget.stdout and "spread (most - least included):" in budget.stdout
    report = json.loads(run(sample_db, "people", "budget", "-f", "json").stdout)
    assert report["budget"]["caps"] == {"per_week": 2, "per_month": 6} and len(report["rows"]) == 45
    prefs = run(
        sample_db,
        "people",
        "prefs",
        "mehdi.benali@hirondelle.example",
        "--opt-out",
        "gratitude-circle",
        "--at-most",
        "coffee-chat=2w",
    )
    assert prefs.exit_code == 0 and "opted out of gratitude-circle" in prefs.stdout and "every 14 days" in prefs.stdout
    trail = run(sample_db, "people", "trail", "--weeks", "6")
    assert trail.exit_code == 0 and "teams met" in trail.stdout, trail.output
    moments = run(sample_db, "people", "moments", "--weeks", "2")
    assert moments.exit_code == 0 and "2 years here" in moments.stdout and "idea: Kudos circle" in moments.stdout
