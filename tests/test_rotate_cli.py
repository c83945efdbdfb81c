"""`rituals rotate`: the stateless JSON contract, the database mode, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.errors import InvalidInput
from rituals.service import open_service

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")


def roster(tmp_path: Path, rows: list[tuple[str, str, str]], name: str = "roster.csv") -> Path:
    path = tmp_path / name
    lines = ["name,email,team"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def team_roster(tmp_path: Path, n: int = 10) -> Path:
    return roster(tmp_path, [(f"Person {i}", f"P{i}@Example.org", ["Ops", "Sales", ""][i % 3]) for i in range(n)])


def rotate(*args: str):
    return runner.invoke(app, ["rotate", *args])


def test_stateless_json_places_every_member_once_per_round(tmp_path: Path) -> None:
    path = team_roster(tmp_path, 11)
    result = rotate("--roster", str(path), "--size", "3", "--rounds", "3", "--seed", "4", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    emails = sorted(f"P{i}@Example.org" for i in range(11))  # spelled as in the roster
    assert len(data["rounds"]) == 3
    for groups in data["rounds"]:
        assert sorted(e for g in groups for e in g) == emails
        assert sorted(map(len, groups)) == [2, 3, 3, 3]
    assert data["metrics"]["repeat_pairs"] == 0
    assert data["metrics"]["people"] == 11


def test_stateless_history_is_avoided(tmp_path: Path) -> None:
    path = team_roster(tmp_path, 6)
    met = [["p0@example.org", "p1@example.org"], ["P2@Example.org", "p3@example.org"]]
    history = tmp_path / "history.json"
    history.write_text(json.dumps({"meetings": [{"date": "2026-11-01", "group": g} for g in met]}), encoding="utf-8")
    result = rotate(
        "--roster", str(path), "--size", "2", "--rounds", "1", "--history", str(history), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    pairs = {frozenset(e.lower() for e in g) for g in json.loads(result.stdout)["rounds"][0]}
    assert not pairs & {frozenset(g_.lower() for g_ in g) for g in met}


def test_a_previous_output_chains_as_history(tmp_path: Path) -> None:
    path = team_roster(tmp_path, 8)
    first = rotate("--roster", str(path), "--size", "2", "--rounds", "2", "--format", "json")
    previous = tmp_path / "previous.json"
    previous.write_text(first.stdout, encoding="utf-8")
    second = rotate(
        "--roster", str(path), "--size", "2", "--rounds", "2", "--history", str(previous), "--format", "json"
    )
    assert second.exit_code == 0, second.output
    old = {frozenset(g) for groups in json.loads(first.stdout)["rounds"] for g in groups}
    new = {frozenset(g) for groups in json.loads(second.stdout)["rounds"] for g in groups}
    assert not old & new


def test_stateless_table_output_shows_rounds(tmp_path: Path) -> None:
    result = rotate("--roster", str(team_roster(tmp_path, 6)), "--size", "3", "--rounds", "2")
    assert result.exit_code == 0, result.output
    assert "Round 1" in result.stdout and "Round 2" in result.stdout


def test_stateless_table_names_people_and_json_keeps_emails(tmp_path: Path) -> None:
    """People read names (with the e-mail where two share one), scripts read e-mails. Everyone
    has met: Ana and Bob twice (the bare list counts each listed group), the others once."""
    people = [
        ("Ana", "ana@example.org", "Ops"),
        ("Marie Martin", "m1@example.org", "Sales"),
        ("Marie Martin", "M2@Example.org", "Data"),
        ("Bob", "bob@example.org", "Ops"),
    ]
    path = roster(tmp_path, people)
    emails = [e.lower() for _, e, _ in people]
    met = [[a, b] for i, a in enumerate(emails) for b in emails[i + 1 :]] + [["ana@example.org", "bob@example.org"]]
    history = tmp_path / "history.json"
    history.write_text(json.dumps(met), encoding="utf-8")
    args = ("--roster", str(path), "--size", "4", "--history", str(history))
    table = runner.invoke(app, ["rotate", *args], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    for label in ("Ana", "Bob", "Marie Martin <m1@example.org>", "Marie Martin <M2@Example.org>"):
        assert label in table.stdout
    assert "Ana & Bob (met 2 times" in table.stdout or "Bob & Ana (met 2 times" in table.stdout
    assert "ana@example.org" not in table.stdout and "bob@example.org" not in table.stdout
    data = json.loads(rotate(*args, "--format", "json").stdout)
    assert sorted(data["rounds"][0][0]) == sorted(e for _, e, _ in people)  # spelled as in the roster


@pytest.mark.parametrize(
    "args, message",
    [
        (["--size", "1"], "group size"),
        (["--size", "13"], "group size"),
        ([], "--size"),
        (["--size", "2", "--mix", "chaos"], "--mix"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = rotate("--roster", str(team_roster(tmp_path)), *args, "--format", "json")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_a_bad_csv_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = roster(tmp_path, [("Ana", "ana@example.org", "Ops"), ("Bob", "not-an-email", "Ops"), ("Eve", "", "")])
    result = rotate("--roster", str(path), "--size", "2", "--format", "json")
    assert result.exit_code == 2
    assert "bad roster" in result.stderr and "line 3" in result.stderr and "1 more" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_roster_or_history_is_exit_2(tmp_path: Path) -> None:
    assert rotate("--roster", str(tmp_path / "nope.csv"), "--size", "2").exit_code == 2
    bad = tmp_path / "h.json"
    bad.write_text("{not json", encoding="utf-8")
    result = rotate("--roster", str(team_roster(tmp_path)), "--size", "2", "--history", str(bad))
    assert result.exit_code == 2 and "not JSON" in result.stderr


def test_one_person_is_not_a_group(tmp_path: Path) -> None:
    result = rotate("--roster", str(roster(tmp_path, [("Ana", "ana@example.org", "")])), "--size", "2")
    assert result.exit_code == 2 and "at least 2" in result.stderr


# ---------------------------------------------------------------- database mode
def test_unknown_ritual_is_exit_2(sample_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(sample_db), "rotate", "no-such-ritual"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_ritual_without_groups_cannot_rotate(sample_db: Path) -> None:
    result = runner.invoke(app, ["--db", str(sample_db), "rotate", "demo-hour"])
    assert result.exit_code == 2 and "group size" in result.stderr


def test_preview_then_commit_records_planned_sessions(sample_db: Path) -> None:
    base = ["--db", str(sample_db), "rotate", "coffee-roulette", "--rounds", "2", "--seed", "3", "--time-limit", "1"]
    preview = runner.invoke(app, [*base, "--format", "json"])
    assert preview.exit_code == 0, preview.output
    data = json.loads(preview.stdout)
    assert data["committed"] is False and len(data["sessions"]) == 2
    first = data["sessions"][0]
    assert len(first["explanations"]) == len(first["groups"])
    members = [e for g in first["groups"] for e in g]
    assert len(members) == len(set(members)) and not set(members) & set(first["left_out"])

    committed = runner.invoke(app, [*base, "--commit"])
    assert committed.exit_code == 0, committed.output
    assert "Recorded 2 planned session" in committed.stdout
    stored = {s.id: s for s in open_service(sample_db).sessions.all("coffee-roulette")}
    saved = stored[first["id"]]
    assert saved.status == "planned"
    assert [list(g) for g in saved.groups] == first["groups"]
    assert all(line for line in saved.explanations)


def test_excluded_partners_never_share_a_group(sample_svc) -> None:
    ritual = sample_svc.rituals.get("cross-team-lunch")
    people = [p for p in sample_svc.rituals.invited(ritual) if p.team][:2]
    a, b = people
    sample_svc.people.edit(a.email, excluded=(b.email,))
    preview = sample_svc.rotation.preview("cross-team-lunch", rounds=2, seed=1, time_limit=1)
    for proposed in preview.sessions:
        for group in proposed.groups:
            assert not {a.email, b.email} <= set(group)


def test_absent_and_paused_people_are_left_out(sample_svc) -> None:
    ritual = sample_svc.rituals.get("coffee-roulette")
    away = sample_svc.rituals.invited(ritual)[0].email
    preview = sample_svc.rotation.preview("coffee-roulette", absent=[away], seed=2, time_limit=1)
    proposed = preview.sessions[0]
    assert away in proposed.left_out
    assert away not in {e for g in proposed.groups for e in g}


def test_regroup_moves_people_and_re_explains(sample_svc) -> None:
    preview = sample_svc.rotation.preview("cross-team-lunch", seed=1, time_limit=1)
    session = sample_svc.rotation.commit(preview)[0]
    mover = session.groups[0][0]
    moved = sample_svc.rotation.regroup(session.id, {mover: 1})
    assert mover in moved.groups[1] and mover not in moved.groups[0]
    assert len(moved.explanations) == len(moved.groups)
    assert sample_svc.sessions.get(session.id).groups == moved.groups
    with pytest.raises(InvalidInput, match="not in session"):
        sample_svc.rotation.regroup(session.id, {"nobody@example.org": 0})


def test_french_locale_gives_french_labels(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = runner.invoke(app, ["--db", str(sample_db), "rotate", "coffee-roulette", "--time-limit", "1"])
    assert result.exit_code == 0, result.output
    assert "Pourquoi" in result.stdout and "relancez avec --commit" in result.stdout


def test_a_later_rotation_avoids_the_pairs_already_planned(sample_svc) -> None:
    first = sample_svc.rotation.preview("coffee-roulette", seed=4, time_limit=1)
    sample_svc.rotation.commit(first)
    planned = {frozenset(g) for g in first.sessions[0].groups}
    ritual = sample_svc.rituals.get("coffee-roulette")
    following = sample_svc.rituals.next_dates(ritual, 2)[1].date()
    second = sample_svc.rotation.preview("coffee-roulette", day=following, seed=4, time_limit=1)
    assert second.sessions[0].start.date() == following
    assert not planned & {frozenset(g) for g in second.sessions[0].groups}


def test_everyone_absent_is_a_clear_error(sample_svc) -> None:
    ritual = sample_svc.rituals.get("coffee-roulette")
    everyone = [p.email for p in sample_svc.rituals.invited(ritual)]
    with pytest.raises(InvalidInput, match="nobody can join"):
        sample_svc.rotation.preview("coffee-roulette", absent=everyone, time_limit=1)
