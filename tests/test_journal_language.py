"""A journal line is written once and read by each lead in their language: English in the file's
``summary`` for any reader, said again in French to a French lead. Expected texts are written
here by hand from the catalog's French and the English source."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals import locale
from rituals.cli import app
from rituals.locale.said import Nn_, on, said, spoken
from rituals.service import open_service
from tests.conftest import NOW_ENV, frozen

CAMILLE = "camille.laurent@hirondelle.example"


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["--db", str(db), *args], env={"RITUALS_NOW": NOW_ENV, "RITUALS_USER": "lead", "COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def history(db: Path, lang: str = "en") -> list[str]:
    return [c["summary"] for c in json.loads(run(db, "--lang", lang, "history", "--format", "json"))]


def newest_entry(db: Path) -> dict:
    journal = json.loads(db.read_text(encoding="utf-8"))["journal"]
    return journal[max(journal, key=int)]


@pytest.fixture
def in_french():
    before = locale.current()
    locale.use("fr")
    yield
    locale.use(before)


def test_a_line_is_said_in_english_or_french_with_plurals_dates_and_what_it_names(in_french: None) -> None:
    undone = said(
        "undid {change} ({summary})",
        change="#2",
        summary=said("paused {name} <{email}> until {day}", name="Ana", email="a@x.org", day=on(date(2027, 1, 10))),
    )
    assert spoken(undone, translate=False) == "undid #2 (paused Ana <a@x.org> until 10 Jan 2027)"
    assert spoken(undone) == "annulation de #2 (personne en pause\u00a0: Ana <a@x.org>, jusqu’au 10 janv. 2027)"
    older = Nn_("{n} older change of that day, summarised", "{n} older changes of that day, summarised")
    assert spoken(said(older, n=1), translate=False) == "1 older change of that day, summarised"
    assert spoken(said(older, n=3), translate=False) == "3 older changes of that day, summarised"
    assert spoken(said(older, n=1)) == "1 changement plus ancien de ce jour, résumé"
    assert spoken(said(older, n=3)) == "3 changements plus anciens de ce jour, résumés"
    assert spoken(said("{{kept}} {n}%", n=5), translate=False) == "{kept} 5%"


@pytest.mark.parametrize(
    "line",
    [
        None,
        "paused",
        {"msg": "paused {name}"},  # no arguments
        {"msg": "paused {name}", "args": {}},  # a placeholder left without its value
        {"msg": "paused {name}", "args": {"name": ["a list"]}},
        {"msg": "{n} older", "plural": "{n} olders", "args": {}},  # a plural without n
        {"msg": "x {day}", "args": {"day": {"date": "not a date"}}},
        {"msg": 3, "args": {}},
        {"msg": "{name.__class__}", "args": {"name": "Ana"}},  # a file's line reaches no further
        {"msg": "{name[0]}", "args": {"name": "Ana"}},
        {"msg": "{name!r}", "args": {"name": "Ana"}},
        {"msg": "{name:>99}", "args": {"name": "Ana"}},
        {"msg": "edited {fields}", "args": {"fields": {"words": "team"}}},  # words not a list
        {"msg": "edited {fields}", "args": {"fields": {"words": [1]}}},
    ],
)
def test_a_line_this_version_cannot_say_is_none(line: object) -> None:
    assert spoken(line) is None


def test_history_says_each_change_in_the_readers_language_and_the_file_keeps_english(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    svc.people.pause(CAMILLE, date(2026, 12, 31))
    entry = newest_entry(sample_db)
    assert entry["summary"] == f"paused Camille Laurent <{CAMILLE}> until 31 Dec 2026"
    run(sample_db, "undo")
    english = history(sample_db)
    assert english == [
        f"undid #2 (paused Camille Laurent <{CAMILLE}> until 31 Dec 2026)",
        f"paused Camille Laurent <{CAMILLE}> until 31 Dec 2026",
    ]
    assert history(sample_db, "fr") == [
        f"annulation de #2 (personne en pause\u00a0: Camille Laurent <{CAMILLE}>, jusqu’au 31 déc. 2026)",
        f"personne en pause\u00a0: Camille Laurent <{CAMILLE}>, jusqu’au 31 déc. 2026",
    ]


def test_the_fields_an_edit_changed_are_named_in_the_readers_words(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    svc.people.edit(CAMILLE, team="Support", timezone="Europe/London")
    assert newest_entry(sample_db)["summary"] == f"edited Camille Laurent <{CAMILLE}>: team, time zone"
    french = f"personne modifiée\u00a0: Camille Laurent <{CAMILLE}>, équipe, fuseau horaire"
    assert history(sample_db, "fr")[0] == french


def test_an_unreadable_line_shows_the_stored_summary_and_the_doctor_names_it(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    svc.people.pause(CAMILLE, date(2026, 12, 31))
    data = json.loads(sample_db.read_text(encoding="utf-8"))
    (number,) = data["journal"]
    data["journal"][number]["said"] = {"msg": "paused {who}", "args": {}}
    sample_db.write_text(json.dumps(data), encoding="utf-8")
    assert history(sample_db, "fr") == [f"paused Camille Laurent <{CAMILLE}> until 31 Dec 2026"]
    doctor = CliRunner().invoke(app, ["--db", str(sample_db), "doctor"], env={"RITUALS_NOW": NOW_ENV})
    assert "is not a line rituals can say" in doctor.output


def test_an_erasure_blanks_the_names_in_the_lines_kept_to_be_said(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    svc.people.pause(CAMILLE, date(2026, 12, 31))
    svc.privacy.forget(CAMILLE)
    text = sample_db.read_text(encoding="utf-8").lower()
    assert "camille" not in text


def test_why_a_change_cannot_be_undone_reads_in_french(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    run(db, "people", "add", CAMILLE, "--name", "Camille Laurent")

    def refused(*args: str) -> str:
        result = CliRunner().invoke(app, ["--db", str(db), "--lang", "fr", "undo", *args], env={"COLUMNS": "200"})
        assert result.exit_code == 2, result.output
        return result.stderr

    assert "il n’y a pas de modification n° 9 ; voir `rituals history`" in refused("--to", "9").replace("\u202f", " ")
    assert "seules 1 modification(s) peuvent être annulées" in refused("3")
