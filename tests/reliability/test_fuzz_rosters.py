"""HR rosters, fuzzed: encodings, delimiters, tricky names, bad rows, duplicates, size limits.

A roster whose rows are all good is imported whole, whatever its encoding or delimiter; a
roster with any bad row imports nothing, exits 2 with one line (plus one indented line per bad
row) and leaves the database byte-identical. Random bytes never crash the import.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import assert_clean_failure, build_small_db, cli

from rituals.core import roster
from rituals.core.roster import clean_name
from rituals.store import Store

EXAMPLES = 80
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Latin-1 letters too, so that a cp1252 export round-trips; CSV and formula characters on purpose.
NAME_CHARS = "abcxyzABCXYZéèüñçßØÅ '\",;:=+-@|\t\r\n"
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", ""]
BAD_ROWS = {
    "bad e-mail": lambda i: [f"Bad {i}", "not-an-email", "", ""],
    "missing name": lambda i: ["  ", f"noname{i}@x.org", "", ""],
    "bad date": lambda i: [f"Late {i}", f"late{i}@x.org", "", "2026-13-45"],
    "unknown zone": lambda i: [f"Far {i}", f"far{i}@x.org", "Mars/Olympus", ""],
}


_folders: list[Path] = []
with tempfile.TemporaryDirectory() as _folder:
    SMALL_DB = build_small_db(Path(_folder) / "rituals.json").read_bytes()


def _import(content: bytes):
    """Import ``content`` into a fresh small database: the result, its bytes before, its path."""
    while _folders:
        shutil.rmtree(_folders.pop(), ignore_errors=True)  # the previous case's files
    folder = Path(tempfile.mkdtemp(prefix="rituals-roster-"))
    _folders.append(folder)
    db = folder / "rituals.json"
    db.write_bytes(SMALL_DB)
    roster = folder / "roster.csv"
    roster.write_bytes(content)
    before = db.read_bytes()
    result = cli(db, "people", "import", str(roster))
    return result, before, db


good_names = st.builds(str.__add__, st.sampled_from("aZéØ"), st.text(NAME_CHARS, max_size=20))  # never blank


@st.composite
def rosters(draw: st.DrawFn) -> tuple[bytes, dict[str, str], int]:
    """(file content, the good people by e-mail, the number of bad rows)."""
    header = ["name", "email", "timezone", "joined"]
    rows, good = [], {}
    for i in range(draw(st.integers(1, 12))):
        name = draw(good_names)
        email = f"p{i}@Example.org" if draw(st.booleans()) else f" P{i}@example.org "
        rows.append([name, email, draw(st.sampled_from(ZONES)), draw(st.sampled_from(["", "2024-02-29"]))])
        good[f"p{i}@example.org"] = clean_name(name)
    bad = draw(st.lists(st.sampled_from(sorted(BAD_ROWS)), max_size=2))
    rows += [BAD_ROWS[kind](i) for i, kind in enumerate(bad)]
    if draw(st.booleans()) and rows:
        rows.append(list(rows[0]))  # a duplicate e-mail is a bad row too
        bad.append("duplicate")
    order = draw(st.permutations(range(len(rows))))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    text = io.StringIO()
    # "\r\n" ends lines so that a CR or LF inside a name is quoted, as spreadsheets do
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows([header] + [rows[i] for i in order])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.getvalue().encode(encoding), good, len(bad)


@FUZZ
@given(rosters())
def test_generated_rosters_import_whole_or_not_at_all(case: tuple[bytes, dict[str, str], int]) -> None:
    content, good, bad = case
    result, before, db = _import(content)
    if bad:
        line = assert_clean_failure(result, repr(content[:200]))
        assert "nothing imported" in line
        assert len(result.stderr.strip().splitlines()) == 1 + bad
        assert db.read_bytes() == before
        return
    assert result.exit_code == 0, result.stderr + repr(content)
    stored = {p.email: p.name for p in Store(db).people()}
    assert {email: stored.get(email) for email in good} == good


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_a_roster(content: bytes) -> None:
    result, before, db = _import(content)
    if result.exit_code != 0:
        assert_clean_failure(result, repr(content))
        assert db.read_bytes() == before
    else:
        Store(db).people()


def test_missing_columns_and_empty_files_are_named() -> None:
    for content, needle in (
        (b"", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"team,location\nData,Lyon\n", "no name, email column"),
        (b"name\nAna\n", "no email column"),
    ):
        result, before, db = _import(content)
        assert needle in assert_clean_failure(result, repr(content))
        assert db.read_bytes() == before


def test_a_roster_of_100k_rows_with_one_bad_row_imports_nothing() -> None:
    lines = ["name,email,team"] + [f"Person {i},p{i}@x.org,T{i % 40}" for i in range(100_000)]
    lines[77_777] = "Broken,broken-at-x.org,T1"
    result, before, db = _import(("\n".join(lines) + "\n").encode())
    assert "1 bad row(s) of 100000" in assert_clean_failure(result, "100k")
    assert "line 77778: bad e-mail 'broken-at-x.org'" in result.stderr
    assert db.read_bytes() == before


def test_a_roster_of_100k_rows_imports_whole() -> None:
    lines = ["name;e-mail;équipe"] + [f"Personne {i};p{i}@x.org;Équipe {i % 40}" for i in range(100_000)]
    result, _, db = _import(("\n".join(lines) + "\n").encode("utf-8-sig"))
    assert result.exit_code == 0, result.stderr
    assert "100000 added" in result.stdout
    assert len(Store(db).people()) == 100_003


def test_more_rows_than_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster, "MAX_ROWS", 1000)  # the same check as at 200k, without parsing 200k rows
    lines = ["name,email"] + [f"P{i},p{i}@x.org" for i in range(1001)]
    result, before, db = _import(("\n".join(lines) + "\n").encode())
    assert "more than 1000 rows" in assert_clean_failure(result, "too many rows")
    assert db.read_bytes() == before
