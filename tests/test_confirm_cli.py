"""Changes that touch the plan show who is affected and ask first (issue 16, items 4, 5 and 9).

On a terminal the command shows a summary and asks (run here in a real pseudo-terminal, where
the prompt is answered as a person would); ``--yes`` applies without asking, ``--dry-run`` only
shows; piped without ``--yes`` it refuses with one line and exit 2 rather than wait on a prompt
nobody can answer.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app
from rituals.service import Service, open_service
from tests.conftest import frozen
from tests.plan_helpers import planned, plant
from tests.test_terminal import run_in_pty, term_env  # noqa: F401 - term_env is a fixture

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")
ASK = "[y/N]"


@pytest.fixture
def db(term_env: dict[str, str]) -> Path:  # noqa: F811 - the fixture above, used here
    return Path(term_env["RITUALS_DB"])


@pytest.fixture
def svc(db: Path) -> Service:
    return open_service(db, clock=frozen, seed=1)


def piped(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def one_line_refusal(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "--yes" in lines[0], result.stderr
    return lines[0]


def test_pausing_someone_in_planned_groups_shows_who_is_affected_and_asks(
    db: Path,
    svc: Service,
    term_env: dict[str, str],  # noqa: F811 - the fixture of that name
) -> None:
    coffee = plant(svc, "coffee-roulette", 2)
    who, partner = coffee[0].groups[0]
    partner_name = svc.people.get(partner).name
    before = db.read_bytes()
    code, screen = run_in_pty(["people", "pause", who, "--until", "2026-12-10"], term_env, replies=[(ASK, "n\n")])
    assert ASK in screen and partner_name in screen, screen
    assert code == 1 and db.read_bytes() == before
    code, screen = run_in_pty(["people", "pause", who, "--until", "2026-12-10"], term_env, replies=[(ASK, "y\n")])
    assert code == 0, screen
    assert all(who not in s.members for s in planned(svc).values())
    assert svc.people.get(who).paused_until == date(2026, 12, 10)


def test_pause_dry_run_shows_and_changes_nothing_and_yes_applies(db: Path, svc: Service) -> None:
    coffee = plant(svc, "coffee-roulette", 2)
    who = coffee[1].groups[4][0]
    before = db.read_bytes()
    shown = piped(db, "people", "pause", who, "--until", "2026-12-10", "--dry-run")
    assert shown.exit_code == 0, shown.output
    assert "nothing saved" in shown.stdout and db.read_bytes() == before
    one_line_refusal(piped(db, "people", "pause", who, "--until", "2026-12-10"))
    assert db.read_bytes() == before
    done = piped(db, "people", "pause", who, "--until", "2026-12-10", "--yes")
    assert done.exit_code == 0, done.output
    assert all(who not in s.members for s in planned(svc).values())


def test_a_pause_that_touches_no_planned_group_needs_no_confirmation(db: Path, svc: Service) -> None:
    done = piped(db, "people", "pause", svc.people.all()[0].email, "--until", "2026-12-10")
    assert done.exit_code == 0, done.output


def test_people_remove_asks_and_repairs_the_plan(db: Path, svc: Service, term_env: dict[str, str]) -> None:  # noqa: F811
    coffee = plant(svc, "coffee-roulette", 2)
    who = coffee[0].groups[1][1]
    before = db.read_bytes()
    code, screen = run_in_pty(["people", "remove", who], term_env, replies=[(ASK, "n\n")])
    assert ASK in screen and code == 1 and db.read_bytes() == before
    one_line_refusal(piped(db, "people", "remove", who))
    done = piped(db, "people", "remove", who, "--yes")
    assert done.exit_code == 0, done.output
    assert all(who not in s.members and all(len(g) >= 2 for g in s.groups) for s in planned(svc).values())


def test_ritual_remove_asks_first(db: Path, svc: Service, term_env: dict[str, str]) -> None:  # noqa: F811
    plant(svc, "coffee-roulette", 2)
    before = db.read_bytes()
    code, screen = run_in_pty(["ritual", "remove", "coffee-roulette"], term_env, replies=[(ASK, "n\n")])
    assert ASK in screen and "2" in screen and code == 1, screen
    assert db.read_bytes() == before
    one_line_refusal(piped(db, "ritual", "remove", "coffee-roulette"))
    assert db.read_bytes() == before
    assert piped(db, "ritual", "remove", "coffee-roulette", "--yes").exit_code == 0
    assert "coffee-roulette" not in {r.id for r in svc.rituals.all()}


def test_rotate_commit_over_recorded_groups_asks_first(db: Path, svc: Service, term_env: dict[str, str]) -> None:  # noqa: F811
    recorded = plant(svc, "coffee-roulette", 1)[0]
    args = ["rotate", "coffee-roulette", "--commit", "--time-limit", "0.5", "--seed", "2"]
    code, screen = run_in_pty(args, term_env, replies=[(ASK, "n\n")])
    assert ASK in screen and code == 1, screen
    assert svc.sessions.get(recorded.id).groups == recorded.groups
    one_line_refusal(piped(db, *args))
    assert svc.sessions.get(recorded.id).groups == recorded.groups
    assert piped(db, *args, "--yes").exit_code == 0
    assert svc.sessions.get(recorded.id).groups != recorded.groups


def test_rotate_commit_on_a_date_without_groups_asks_nothing(db: Path, svc: Service) -> None:
    done = piped(db, "rotate", "coffee-roulette", "--commit", "--time-limit", "0.5")
    assert done.exit_code == 0, done.output
    assert len(planned(svc)) == 1


def test_marking_someone_absent_repairs_only_their_group(db: Path, svc: Service, term_env: dict[str, str]) -> None:  # noqa: F811
    session = plant(svc, "coffee-roulette", 1)[0]
    who, partner = session.groups[2]
    code, screen = run_in_pty(["people", "absent", who, session.id], term_env, replies=[(ASK, "y\n")])
    assert code == 0 and svc.people.get(partner).name in screen, screen
    after = svc.sessions.get(session.id)
    assert who not in after.members and all(len(g) >= 2 for g in after.groups)
    assert len({frozenset(g) for g in after.groups} - {frozenset(g) for g in session.groups}) == 1


def test_doctor_repair_says_what_it_did_and_leaves_no_one_alone(db: Path, svc: Service) -> None:
    coffee = plant(svc, "coffee-roulette", 2)
    gone, partner = coffee[0].groups[3]
    data = json.loads(db.read_text())
    data["people"] = {k: v for k, v in data["people"].items() if v["email"] != gone}
    db.write_text(json.dumps(data))
    checked = piped(db, "doctor")
    assert checked.exit_code == 1 and gone in checked.stderr
    repaired = piped(db, "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert partner in repaired.stdout and "no problems found" in repaired.stdout
    assert all(len(g) >= 2 for s in planned(svc).values() for g in s.groups)
