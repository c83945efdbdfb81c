"""Each person's language: set with `people add/edit --language`, read from an HR roster, shown by
`people show`, stored only once set (a file that never used it keeps its shape)."""

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


def stored_people(db: Path) -> list[dict]:
    return list(json.loads(db.read_text())["people"].values())


def test_a_language_is_set_shown_cleared_and_stored_only_when_set(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    assert run(db, "people", "add", "lea@x.org", "--name", "Léa", "--language", "Français").exit_code == 0
    assert run(db, "people", "add", "omar@x.org", "--name", "Omar").exit_code == 0
    docs = {d["email"]: d for d in stored_people(db)}
    assert docs["lea@x.org"]["language"] == "fr" and "language" not in docs["omar@x.org"]
    assert "language: fr" in run(db, "people", "show", "lea@x.org").stdout
    assert run(db, "people", "edit", "omar@x.org", "--language", "en").exit_code == 0
    assert run(db, "people", "edit", "lea@x.org", "--language", "").exit_code == 0
    docs = {d["email"]: d for d in stored_people(db)}
    assert "language" not in docs["lea@x.org"] and docs["omar@x.org"]["language"] == "en"
    assert "language:" not in run(db, "people", "show", "lea@x.org").stdout


def test_an_unknown_language_is_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    result = run(db, "people", "add", "lea@x.org", "--name", "Léa", "--language", "klingon")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["error: unknown language 'klingon': use en, fr"]


def test_a_roster_gives_each_person_a_language(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Prénom;Nom;Courriel;Langue\nLéa;Martin;lea@x.org;Français\nOmar;Haddad;omar@x.org;en\nAna;Ruiz;ana@x.org;\n",
        encoding="utf-8",
    )
    result = run(db, "people", "import", str(roster))
    assert result.exit_code == 0, result.output
    languages = {d["email"]: d.get("language", "") for d in stored_people(db)}
    assert languages == {"lea@x.org": "fr", "omar@x.org": "en", "ana@x.org": ""}
    # an empty cell later keeps the language set in rituals
    assert run(db, "people", "edit", "ana@x.org", "--language", "fr").exit_code == 0
    assert run(db, "people", "import", str(roster)).exit_code == 0
    assert {d["email"]: d.get("language", "") for d in stored_people(db)}["ana@x.org"] == "fr"
