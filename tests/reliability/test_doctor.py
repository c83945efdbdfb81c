"""`rituals doctor`: finds what is wrong, repairs only what is safe, restores the backup on request."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from reliability_support import cli

from rituals.core.models import Person
from rituals.store import Store


def _edit(path: Path, change) -> None:
    """Change the file behind the store's back, as a text editor or a bad sync would."""
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_a_healthy_database_passes(small_db: Path) -> None:
    before = small_db.read_bytes()
    result = cli(small_db, "doctor")
    assert result.exit_code == 0, result.stderr
    assert "3 people, 1 rituals, 2 sessions" in result.stdout and "no problems found" in result.stdout
    assert result.stderr == ""
    assert small_db.read_bytes() == before


def test_duplicates_and_dangling_references_are_found_then_repaired(small_db: Path) -> None:
    def damage(data: dict) -> None:
        data["people"]["9"] = dict(data["people"]["1"])  # an exact duplicate
        data["rituals"]["5"] = {**data["rituals"]["1"], "title": "Lunch (newer)"}  # a differing duplicate
        data["sessions"]["7"] = {"id": "gone@2026-12-08", "ritual_id": "gone", "start": "2026-12-08T10:00"}
        data["sessions"]["8"] = {
            "id": "gone@2026-10-01",
            "ritual_id": "gone",
            "start": "2026-10-01T10:00",
            "status": "held",
            "groups": [["left@x.org"]],
        }
        data["sessions"]["2"]["groups"].append(["left@x.org"])
        data["rituals"]["1"]["audience"]["members"].append("left@x.org")

    _edit(small_db, damage)
    found = cli(small_db, "doctor")
    assert found.exit_code == 1
    for needle in (
        "'ana@x.org' is stored 2 times",
        "'lunch' is stored 2 times",
        "gone@2026-12-08 (planned) belongs to no ritual",
        "lunch@2026-12-01 names 1 unknown person(s): left@x.org",
        "audience names 1 unknown",
    ):
        assert needle in found.stderr, needle
    assert "gone@2026-10-01" not in found.stderr  # held sessions of a removed ritual are history
    broken = small_db.read_bytes()

    repaired = cli(small_db, "doctor", "--repair")
    assert repaired.exit_code == 0, repaired.stdout + repaired.stderr
    assert "no problems found" in repaired.stdout
    kept = [p for p in small_db.parent.iterdir() if ".before-repair-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    store = Store(small_db)
    assert store.ritual("lunch").title == "Lunch (newer)"  # the copy written last wins
    assert [s.id for s in store.sessions()] == ["gone@2026-10-01", "lunch@2026-11-17", "lunch@2026-12-01"]
    assert store.session("lunch@2026-12-01").groups == (("ana@x.org", "cy@x.org", "bo@x.org"),)
    assert "left@x.org" not in store.ritual("lunch").audience.members
    assert len(store.people()) == 3


def test_malformed_records_are_reported_and_never_guessed_at(small_db: Path) -> None:
    _edit(small_db, lambda d: d["people"]["2"].update(name=42, timezone="Mars/Olympus"))
    listed = cli(small_db, "people", "list")
    assert listed.exit_code == 1 and "people record 2 has 'name' that is not text" in listed.stderr
    before = small_db.read_bytes()
    result = cli(small_db, "doctor", "--repair")
    assert result.exit_code == 1
    # no .bak beside this file: the way out offered is the hand fix, not a backup that is not there
    assert "people record 2" in result.stderr and "by hand" in result.stdout and "--restore-backup" not in result.stdout
    assert small_db.read_bytes() == before


def test_a_zone_name_that_is_not_one_stops_every_command(small_db: Path) -> None:
    _edit(small_db, lambda d: d["people"]["2"].update(timezone="Europe/../../etc/passwd"))
    listed = cli(small_db, "people", "list")
    assert listed.exit_code == 1 and "people record 2 has 'timezone' that is not a time zone name" in listed.stderr


def test_an_unknown_zone_is_found_by_doctor_and_stops_the_commands_that_use_it(small_db: Path, tmp_path: Path) -> None:
    def damage(data: dict) -> None:
        data["people"]["2"]["timezone"] = "Mars/Olympus"
        data["rituals"]["1"]["schedule"]["timezone"] = "Europe/Pariss"

    _edit(small_db, damage)
    before = small_db.read_bytes()
    assert cli(small_db, "people", "list").exit_code == 0  # reading names and teams needs no zone
    found = cli(small_db, "doctor")
    assert found.exit_code == 1
    assert "people record 2 has 'timezone' that is not a known time zone ('Mars/Olympus')" in found.stderr
    assert "rituals record 1 has 'timezone' that is not a known time zone ('Europe/Pariss')" in found.stderr
    exported = cli(small_db, "export", "--all", "--dir", str(tmp_path / "out"))
    assert exported.exit_code in (1, 2) and "unknown time zone 'Europe/Pariss'" in exported.stderr
    assert "Traceback" not in exported.stderr + exported.stdout
    assert small_db.read_bytes() == before


def test_a_file_that_is_not_json_is_restored_from_the_backup_on_request(small_db: Path) -> None:
    with Store(small_db).transaction() as tx:
        tx.put_person(Person("dee@x.org", "Dee"))  # now the .bak holds the three people before Dee
    small_db.write_bytes(small_db.read_bytes()[:700])  # truncated, as by a full disk
    truncated = small_db.read_bytes()
    checked = cli(small_db, "doctor")
    assert checked.exit_code == 1 and "not valid JSON" in checked.stderr and "--restore-backup" in checked.stdout
    assert cli(small_db, "doctor", "--repair").exit_code == 1  # nothing to repair safely in half a file
    assert small_db.read_bytes() == truncated
    restored = cli(small_db, "doctor", "--restore-backup")
    assert restored.exit_code == 0, restored.stderr
    assert "restored" in restored.stdout
    assert {p.email for p in Store(small_db).people()} == {"ana@x.org", "bo@x.org", "cy@x.org"}
    kept = [p for p in small_db.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == truncated  # the broken file is kept, not lost
    assert (small_db.parent / "rituals.json.bak").exists()


def test_restoring_a_missing_or_broken_backup_changes_nothing(small_db: Path) -> None:
    before = small_db.read_bytes()
    result = cli(small_db, "doctor", "--restore-backup")
    assert result.exit_code == 1 and "no backup" in result.stderr
    small_db.with_name("rituals.json.bak").write_text("{oops")
    result = cli(small_db, "doctor", "--restore-backup")
    assert result.exit_code == 1 and "the backup cannot be restored" in result.stderr
    assert small_db.read_bytes() == before


def test_a_missing_database_is_not_an_error(tmp_path: Path) -> None:
    result = cli(tmp_path / "none.json", "doctor")
    assert result.exit_code == 0 and "no database yet" in result.stdout
    assert not (tmp_path / "none.json").exists()


def test_temporary_files_of_interrupted_writes_are_noted_then_removed(small_db: Path) -> None:
    leftover = small_db.with_name(".rituals.json.abc123.tmp")
    leftover.write_text("{half a wri")
    checked = cli(small_db, "doctor")
    assert checked.exit_code == 0 and "1 temporary file(s)" in checked.stdout
    assert leftover.exists()
    repaired = cli(small_db, "doctor", "--repair")
    assert repaired.exit_code == 0 and "removed 1 temporary file(s)" in repaired.stdout
    assert not leftover.exists()


def test_two_repairs_in_the_same_second_keep_both_copies(small_db: Path) -> None:
    for doc_id, title in (("8", "First"), ("9", "Second")):  # a duplicate of the ritual each time
        _edit(
            small_db,
            lambda d, i=doc_id, t=title: d["rituals"].update({i: {**next(iter(d["rituals"].values())), "title": t}}),
        )
        assert cli(small_db, "doctor", "--repair").exit_code == 0  # the clock is frozen: same stamp
    kept = sorted(p.name for p in small_db.parent.iterdir() if ".before-repair-" in p.name)
    assert len(kept) == 2 and kept[1].endswith("-2")
