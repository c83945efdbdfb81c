"""The fuzzers' failures, read by a French-speaking user: every error line is in French.

The same kinds of bad input the fuzzers throw (dates, zones, durations, ids, rosters with bad rows,
broken database files) are given with the reader's language set to French; each must fail
cleanly, and no line on stderr may hold an English sentence. A sentence is judged by a list of
common English words that are not French, matched as whole words after the names, e-mail
addresses, ids, paths, option and command names are taken out (they stay as they are).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from reliability_support import build_small_db, cli

from rituals import locale

ENGLISH = (
    "the and with without people person group groups team teams session sessions invite invited added removed "
    "error nothing every from your which when week weeks day days cannot must use run this that there none "
    "already not is are has have was unknown bad missing"
).split()
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r"|no one)\b", re.IGNORECASE)
# what stays as written in any language: e-mails, ids, paths, `commands`, --options, quoted values
VERBATIM = re.compile(r"`[^`]*`|«[^»]*»|--[\w-]+|\S+@\S*|'[^']*'|\"[^\"]*\"|/\S+|\b\w+\.(json|csv)\b|\b[A-Z]{2,}\b")

ROSTER = "name,email,timezone,joined\nBad 1,not-an-email,,\n  ,noname@x.org,,\nLate,late@x.org,,2026-13-45\n"
ROSTER += "Far,far@x.org,Mars/Olympus,\nAna,ana@x.org,,\nAna,ana@x.org,,\n"

COMMANDS = [
    ("people", "add", "zed@x.org", "--name", "Zed", "--tz", "Mars/Olympus"),
    ("people", "add", "not-an-email", "--name", "Zed"),
    ("people", "add", "ana@x.org", "--name", "Ana"),
    ("people", "add", "zed@x.org", "--name", "Zed", "--joined", "2026-02-30"),
    ("people", "add", "zed@x.org", "--name", "Zed", "--language", "de"),
    ("people", "edit", "nobody@x.org", "--name", "Q"),
    ("people", "edit", "ana@x.org", "--never-with", "x@y.z"),
    ("people", "pause", "bo@x.org", "--until", "2020-01-01"),
    ("ritual", "add", "--title", "T", "--kind", "nope"),
    ("ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2026-13-01T10:00"),
    ("ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2027-01-05T10:00", "--duration", "3s"),
    ("ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2027-01-05T10:00", "--every", "5x"),
    ("ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2027-01-05T10:00", "--size", "99"),
    ("ritual", "add", "--title", "T", "--kind", "lunch", "--start", "2027-01-05T10:00", "--audience", "teams:Nope"),
    ("ritual", "edit", "lunch", "--until", "2020-01-01"),
    ("ritual", "edit", "nope", "--title", "X"),
    ("ritual", "cancel", "lunch@2026-11-17"),
    ("ritual", "cancel", "lunch@"),
    ("log", "lunch@2026-12-08"),
    ("log", "nope@x"),
    ("log", "lunch@2026-11-17", "--late", "cy@x.org:99"),
    ("log", "lunch@2026-11-17", "--feedback", "zed@x.org=5:ok"),
    ("report", "--team", "Nope"),
    ("report", "--from", "2026-12-01", "--to", "2026-11-01"),
    ("export", "lunch", "--from", "2026-12-10", "--to", "2026-12-01"),
    ("rotate", "nope"),
]


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch):
    """The reader's language is French (the CLI also reads it from RITUALS_LANG)."""
    monkeypatch.setenv("RITUALS_LANG", "fr")
    locale.use("fr")
    yield
    locale.use("en")


def english_words(stderr: str) -> list[str]:
    found = []
    for line in stderr.splitlines():
        said = line.split(":", 1)[1] if line.startswith(("error:", "erreur")) else line
        found += ENGLISH_WORD.findall(VERBATIM.sub(" ", said))
    return found


def failed_in_french(result) -> str:
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    stderr = result.stderr
    assert stderr.strip(), result.output
    assert not english_words(stderr), (english_words(stderr), stderr)
    return stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_a_bad_command_says_what_is_wrong_in_french(tmp_path: Path, french: None, args: tuple[str, ...]) -> None:
    db = build_small_db(tmp_path / "rituals.json")
    failed_in_french(cli(db, *args, env={"RITUALS_LANG": "fr"}))


def test_a_roster_with_bad_rows_lists_them_in_french(tmp_path: Path, french: None) -> None:
    db = build_small_db(tmp_path / "rituals.json")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    stderr = failed_in_french(cli(db, "people", "import", str(roster), env={"RITUALS_LANG": "fr"}))
    assert "ligne 2\u00a0: adresse e-mail 'not-an-email' invalide" in stderr
    assert "ligne 4\u00a0: date '2026-13-45' invalide\u00a0: ce jour n’existe pas" in stderr


def _broken(db: Path, how: str) -> None:
    data = json.loads(db.read_text())
    if how == "garbage":
        db.write_bytes(b"\x00\xff{not json")
        return
    if how == "newer":
        data["meta"]["1"]["schema"] = 99
    elif how == "record":
        data["people"]["1"]["timezone"] = 42
    elif how == "tables":
        data["people"] = ["not", "records"]
    db.write_text(json.dumps(data))


@pytest.mark.parametrize("how", ["garbage", "newer", "record", "tables"])
def test_a_broken_database_file_is_reported_in_french(tmp_path: Path, french: None, how: str) -> None:
    db = build_small_db(tmp_path / "rituals.json")
    _broken(db, how)
    kept = tmp_path / "kept.json"
    shutil.copy(db, kept)
    failed_in_french(cli(db, "people", "list", env={"RITUALS_LANG": "fr"}))
    assert db.read_bytes() == kept.read_bytes()
