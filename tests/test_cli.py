"""The CLI as a user meets it: help everywhere, JSON for scripts, one-line errors, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from rituals.cli import app

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def all_command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(command, prefix: list[str]) -> None:
        paths.append(prefix)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*prefix, name])

    walk(get_command(app), [])
    return paths


def test_every_command_has_clear_help(tmp_path: Path) -> None:
    paths = all_command_paths()
    assert ["people", "import"] in paths and ["ritual", "add"] in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output
        if path:
            command = get_command(app)
            for part in path:
                command = command.commands[part]
            assert command.help or command.short_help, f"{path} has no help text"


def test_people_list_json_has_everyone(sample_db: Path) -> None:
    result = run(sample_db, "people", "list", "--format", "json")
    assert result.exit_code == 0
    people = json.loads(result.stdout)
    assert len(people) == 45
    assert {"email", "name", "team", "location", "timezone"} <= set(people[0])


def test_people_filters(sample_db: Path) -> None:
    design = json.loads(run(sample_db, "people", "list", "--team", "design", "-f", "json").stdout)
    assert design and all(p["team"] == "Design" for p in design)
    remote = json.loads(run(sample_db, "people", "list", "--location", "remote", "-f", "json").stdout)
    assert remote and all(p["location"] == "remote" for p in remote)
    paused = json.loads(run(sample_db, "people", "list", "--status", "paused", "-f", "json").stdout)
    assert [p["email"] for p in paused] == ["julien.lefevre@hirondelle.example"]


def roster(rows: int, bad_line: int | None = None) -> str:
    lines = ["Name,Email,Team,Location,Timezone,Joined"]
    for i in range(rows):
        email = "broken-address" if i + 2 == bad_line else f"p{i}@x.org"
        lines.append(f"Person {i},{email},Team {i % 6},Paris,Europe/Paris,2026-01-0{1 + i % 9}")
    return "\n".join(lines) + "\n"


def test_import_with_one_bad_row_imports_nothing_and_names_it(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    csv_path = tmp_path / "hr.csv"
    csv_path.write_text(roster(50, bad_line=27))
    result = run(db, "people", "import", str(csv_path))
    assert result.exit_code == 2
    assert "line 27" in result.output and "nothing imported" in result.output
    assert not db.exists() or json.loads(run(db, "people", "list", "-f", "json").stdout) == []


def test_reimport_is_idempotent_and_updates_by_email(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    csv_path = tmp_path / "hr.csv"
    csv_path.write_text(roster(50))
    first = json.loads(run(db, "people", "import", str(csv_path), "-f", "json").stdout)
    assert len(first["added"]) == 50
    again = json.loads(run(db, "people", "import", str(csv_path), "-f", "json").stdout)
    assert (len(again["added"]), len(again["updated"]), len(again["unchanged"])) == (0, 0, 50)
    csv_path.write_text(roster(50).replace("Person 3,p3@x.org,Team 3", "Person 3,P3@X.org,Sales"))
    changed = json.loads(run(db, "people", "import", str(csv_path), "-f", "json").stdout)
    assert changed["updated"] == ["p3@x.org"]
    shown = json.loads(run(db, "people", "show", "p3@x.org", "-f", "json").stdout)
    assert shown["team"] == "Sales"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["people", "show", "nobody@x.org"], "unknown person"),
        (["people", "add", "bad-email", "--name", "X"], "bad e-mail"),
        (["people", "add", "x@x.org", "--name", "X", "--tz", "Mars/Olympus"], "unknown time zone"),
        (["people", "add", "x@x.org", "--name", "X", "--joined", "yesterday"], "bad date"),
        (["people", "pause", "claire.fabre@hirondelle.example", "--until", "2020-01-01"], "in the past"),
        (["ritual", "show", "no-such-ritual"], "unknown ritual"),
        (["ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2020-01-01T12:00"], "in the past"),
        (
            [
                "ritual",
                "add",
                "--title",
                "T",
                "--kind",
                "lunch",
                "--start",
                "2026-12-01T12:00",
                "--duration",
                "forever",
            ],
            "bad duration",
        ),
        (
            ["ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2026-12-01T12:00", "--tz", "Nowhere"],
            "unknown time zone",
        ),
        (["ritual", "add", "--title", "T", "--kind", "party", "--start", "2026-12-01T12:00"], "bad kind"),
        (
            ["ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2026-12-01T12:00", "--size", "1"],
            "bad group size",
        ),
        (
            [
                "ritual",
                "add",
                "--title",
                "T",
                "--kind",
                "lunch",
                "--start",
                "2026-12-01T12:00",
                "--audience",
                "people:ghost@x.org",
            ],
            "unknown person",
        ),
        (["ritual", "edit", "coffee-roulette", "--every", "daily"], "bad recurrence"),
        (["ritual", "cancel", "coffee-roulette@2031-01-01"], "unknown session"),
    ],
)
def test_bad_input_gives_one_line_exit_2_and_db_unchanged(sample_db: Path, args: list[str], needle: str) -> None:
    before = sample_db.read_bytes()
    result = run(sample_db, *args)
    assert result.exit_code == 2, result.output
    assert needle in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
    assert sample_db.read_bytes() == before


def test_ritual_lifecycle(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert run(db, "people", "add", "ann@x.org", "--name", "Ann", "--team", "Design").exit_code == 0
    added = run(
        db,
        "ritual",
        "add",
        "--title",
        "Déjeuner croisé",
        "--kind",
        "lunch",
        "--start",
        "2026-12-03T12:30",
        "--tz",
        "Europe/Paris",
        "--duration",
        "1h30",
        "--every",
        "monthly",
        "--size",
        "4",
        "--mix",
        "cross-team",
        "--organizer",
        "ann@x.org",
        "--skip-holidays",
        "FR",
    )
    assert added.exit_code == 0, added.output
    ritual = json.loads(run(db, "ritual", "show", "dejeuner-croise", "-f", "json").stdout)["ritual"]
    assert ritual["schedule"]["duration"] == 90 and ritual["grouping"] == {"size": 4, "mix": "cross-team"}
    assert run(db, "ritual", "edit", "dejeuner-croise", "--every", "2w", "--size", "0").exit_code == 0
    ritual = json.loads(run(db, "ritual", "show", "dejeuner-croise", "-f", "json").stdout)["ritual"]
    assert (ritual["schedule"]["frequency"], ritual["schedule"]["interval"], ritual["grouping"]["size"]) == (
        "weekly",
        2,
        None,
    )
    assert run(db, "ritual", "cancel", "dejeuner-croise").exit_code == 0
    assert json.loads(run(db, "ritual", "list", "-f", "json").stdout)[0]["status"] == "cancelled"
    assert run(db, "ritual", "remove", "dejeuner-croise", "--yes").exit_code == 0  # a script confirms with --yes
    assert json.loads(run(db, "ritual", "list", "-f", "json").stdout) == []


def test_init_sample_refuses_to_overwrite_data(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert run(db, "init", "--sample").exit_code == 0
    assert len(json.loads(run(db, "people", "list", "-f", "json").stdout)) == 45
    before = db.read_bytes()
    again = run(db, "init", "--sample")
    assert again.exit_code == 1 and "--force" in again.output
    assert db.read_bytes() == before


def test_console_script_reports_errors_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text("{broken")
    result = subprocess.run(
        [sys.executable, "-m", "rituals", "--db", str(db), "people", "list"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "not valid JSON" in result.stderr and "Traceback" not in result.stderr
    assert db.read_text() == "{broken"


READING = [
    ["people", "list"],
    ["people", "list", "-f", "json"],
    ["people", "show", "ana.costa@hirondelle.example"],
    ["ritual", "list"],
    ["ritual", "show", "coffee-roulette"],
    ["suggest"],
    ["suggest", "--seed", "4"],
    ["rotate", "coffee-roulette", "--rounds", "2"],
    ["report"],
    ["doctor"],
]


@pytest.mark.parametrize("args", READING, ids=[" ".join(a) for a in READING])
def test_reading_commands_never_write_the_database(sample_db: Path, args: list[str]) -> None:
    run(sample_db, "people", "list")  # an old file would be upgraded once here; the sample is current
    before, stat_before = sample_db.read_bytes(), sample_db.stat()
    result = run(sample_db, *args)
    assert result.exit_code == 0, result.output
    after = sample_db.stat()
    assert sample_db.read_bytes() == before and (after.st_ino, after.st_mtime_ns) == (
        stat_before.st_ino,
        stat_before.st_mtime_ns,
    )
    assert not sample_db.with_name(sample_db.name + ".bak").exists()


def test_ritual_list_shows_the_next_date_and_an_hour_only_for_timed_rituals(sample_db: Path) -> None:
    result = run(sample_db, "ritual", "list")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert "Tue 24 Nov 10:00" in lines["coffee-roulette"]
    assert "Thu 24 Dec" in lines["volunteer-day"] and "00:00" not in lines["volunteer-day"]


def test_a_message_is_one_line_even_when_piped_and_long(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    title = "Cross-team lunch for everyone in the Lyon and Paris offices"
    added = run(
        db,
        "ritual",
        "add",
        "--title",
        title,
        "--kind",
        "lunch",
        "--start",
        "2027-01-21T12:30",
        "--tz",
        "Europe/Paris",
        "--every",
        "monthly",
    )
    assert added.exit_code == 0, added.output
    assert added.output.count("\n") == 1 and len(added.output) > 80
    assert "monthly on the 3rd Thursday" in added.output
    shown = run(db, "ritual", "show", "cross-team-lunch-for-everyone-in-the-lyo", "--format", "json")
    assert json.loads(shown.output)["ritual"]["schedule"]["monthly_by"] == "weekday"


def test_a_new_ritual_starts_in_the_team_s_time_zone_unless_told(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    lunch = ["ritual", "add", "--kind", "lunch", "--start", "2027-01-21T12:30"]
    assert run(db, *lunch, "--title", "Alone").exit_code == 0  # nobody yet: UTC
    for email in ("ann@x.org", "bob@x.org"):
        assert run(db, "people", "add", email, "--name", email[:3], "--tz", "America/New_York").exit_code == 0
    assert run(db, "people", "add", "cy@x.org", "--name", "Cy", "--tz", "Europe/Paris").exit_code == 0
    assert run(db, *lunch, "--title", "Team").exit_code == 0
    assert run(db, *lunch, "--title", "Paris", "--tz", "Europe/Paris").exit_code == 0
    zones = {
        r["id"]: r["schedule"]["timezone"] for r in json.loads(run(db, "ritual", "list", "--format", "json").output)
    }
    assert zones == {"alone": "UTC", "team": "America/New_York", "paris": "Europe/Paris"}


def test_every_ritual_option_reaches_the_ritual(tmp_path: Path) -> None:
    """`ritual add` and `ritual edit` read their options by name into the spec: each one,
    given, must show in the stored ritual (the JSON listing), the names written here by hand."""
    db = tmp_path / "db.json"
    assert run(db, "init").exit_code == 0
    assert run(db, "people", "add", "ana@x.org", "--name", "Ana", "--team", "Design").exit_code == 0
    added = run(
        db, "ritual", "add", "--title", "Lunch", "--kind", "lunch", "--start", "2027-01-05T12:30",
        "--tz", "America/New_York", "--duration", "45m", "--every", "2w", "--until", "2027-06-01",
        "--size", "3", "--video", "https://meet.example/x", "--location", "Canteen",
        "--organizer", "ana@x.org", "--format-kind", "hybrid", "--description", "Hello", "--id", "lunch-x",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    edited = run(db, "ritual", "edit", "lunch-x", "--location", "Roof", "--video", "https://meet.example/y")
    assert edited.exit_code == 0, edited.output
    (ritual,) = json.loads(run(db, "ritual", "list", "--format", "json").output)
    text = json.dumps(ritual)
    for shown in ("lunch-x", "Lunch", "America/New_York", "Roof", "https://meet.example/y", "ana@x.org", "hybrid"):
        assert shown in text, shown
    assert "Canteen" not in text and "meet.example/x" not in text
