"""The change journal on a real file: every change recorded with who, from where and what, in the
same write; stale writes refused only when they meet another's change; old entries compacted;
`rituals history` and `rituals undo`. Expected values are counted by hand or read from the raw file."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest
from tinydb import TinyDB
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.errors import Conflict, InvalidInput
from rituals.core.journal import EditConflict
from rituals.service import Service, open_service
from rituals.store import journal
from rituals.store.journal import newest
from tests.conftest import NOW, NOW_ENV, frozen


def raw(db: Path) -> dict:
    return json.loads(db.read_text(encoding="utf-8"))


def run(db: Path, *args: str, user: str = "lead-a"):
    return CliRunner().invoke(app, ["--db", str(db), *args], env={"RITUALS_NOW": NOW_ENV, "RITUALS_USER": user})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    for args in (
        ["people", "add", "ana@x.org", "--name", "Ana", "--team", "Data"],
        ["people", "add", "bo@x.org", "--name", "Bo", "--team", "Sales"],
    ):
        assert run(path, *args).exit_code == 0
    return path


def lead(db: Path, name: str) -> Service:
    svc = open_service(db, clock=frozen, seed=1)
    svc.context.user, svc.context.source = name, "planner: people"
    return svc


def test_each_change_is_recorded_in_the_same_write_with_who_from_where_and_what(db: Path) -> None:
    assert run(db, "people", "edit", "bo@x.org", "--team", "Ops", user="lead-b").exit_code == 0
    data = raw(db)
    assert data["meta"]["1"]["revision"] == 3
    entries = data["journal"]
    assert sorted(entries, key=int) == ["1", "2", "3"]
    third = entries["3"]
    assert (third["by"], third["via"], third["kind"]) == ("lead-b", "people edit", "change")
    assert third["summary"] == "edited Bo <bo@x.org>: team"
    assert third["records"] == ["people:bo@x.org"]
    before = third["revert"]["people:bo@x.org"]
    assert list(before.values())[0]["team"] == "Sales"  # what the file held before the edit
    assert entries["1"]["revert"] == {"people:ana@x.org": {}}  # she did not exist before
    assert third["at"] == NOW.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # RITUALS_NOW, in UTC
    with TinyDB(db) as plain:  # still one file any TinyDB opens
        assert len(plain.table("journal")) == 3 and len(plain.table("people")) == 2


def test_a_file_without_a_journal_keeps_working(sample_db: Path) -> None:
    assert "journal" not in raw(sample_db)
    listed = run(sample_db, "history")
    assert listed.exit_code == 0 and "journal is empty" in listed.stdout
    before = raw(sample_db)
    assert (
        run(sample_db, "people", "pause", "camille.laurent@hirondelle.example", "--until", "2026-12-31").exit_code == 0
    )
    assert list(raw(sample_db)["journal"]) == [str(before["meta"]["1"]["revision"] + 1)]
    assert run(sample_db, "undo").exit_code == 0
    after = raw(sample_db)
    assert {t: after[t] for t in ("people", "rituals", "sessions")} == {
        t: before[t] for t in ("people", "rituals", "sessions")
    }


def test_a_stale_edit_of_the_same_person_is_refused_and_says_who_did_what(db: Path) -> None:
    a, b = lead(db, "lead-a"), lead(db, "lead-b")
    seen = a.history.revision()
    b.people.edit("bo@x.org", team="Ops")
    before = db.read_bytes()
    with pytest.raises(EditConflict) as refused:
        a.people.edit("bo@x.org", expected_revision=seen, name="Bob", team="Sales")  # a form with every field
    conflict = refused.value
    assert "changed since you last read it" in conflict.message and "lead-b" in conflict.message
    assert conflict.records == ("people:bo@x.org",) and conflict.current == seen + 1
    assert any("team: Sales → Ops" in line and "planner: people" in line for line in conflict.problems)
    assert db.read_bytes() == before  # nothing written
    a.people.edit("bo@x.org", expected_revision=conflict.current, name="Bob")  # apply on top
    bo = a.people.get("bo@x.org")
    assert (bo.name, bo.team) == ("Bob", "Ops")


def test_a_stale_edit_of_another_record_merges_silently(db: Path) -> None:
    a, b = lead(db, "lead-a"), lead(db, "lead-b")
    seen = a.history.revision()
    b.people.edit("bo@x.org", team="Ops")
    a.people.edit("ana@x.org", expected_revision=seen, team="Design")
    assert (a.people.get("ana@x.org").team, a.people.get("bo@x.org").team) == ("Design", "Ops")


def test_a_writer_never_conflicts_with_its_own_changes(db: Path) -> None:
    a = lead(db, "lead-a")
    seen = a.history.revision()
    a.people.edit("bo@x.org", team="Ops")
    a.people.edit("bo@x.org", expected_revision=seen, name="Bob")
    assert a.people.get("bo@x.org").name == "Bob"


def test_a_write_the_journal_does_not_record_counts_as_a_change_to_everything(db: Path) -> None:
    a = lead(db, "lead-a")
    seen = a.history.revision()
    data = raw(db)  # an older rituals (no journal) renames Ana
    data["people"]["1"]["name"] = "Anna"
    data["meta"]["1"]["revision"] += 1
    db.write_text(json.dumps(data))
    with pytest.raises(EditConflict) as refused:
        a.people.edit("bo@x.org", expected_revision=seen, team="Ops")
    assert refused.value.records == ("people:bo@x.org",)
    assert any("changes the journal does not record" in line for line in refused.value.problems)


def test_a_restored_backup_is_a_change_to_everything_with_a_newer_revision(db: Path) -> None:
    a = lead(db, "lead-a")
    seen = a.history.revision()
    assert run(db, "doctor", "--restore-backup").exit_code == 0
    assert raw(db)["meta"]["1"]["revision"] == seen + 1  # above the lost one, not below it
    with pytest.raises(Conflict, match="restored the backup"):
        a.people.edit("ana@x.org", expected_revision=seen, team="Ops")
    assert "restored the backup" in run(db, "history", "-n", "1").stdout


def test_old_entries_are_summarised_then_folded_into_day_digests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "FULL_ENTRIES", 5)
    monkeypatch.setattr(journal, "SUMMARY_ENTRIES", 10)
    svc = open_service(tmp_path / "plan.json", clock=frozen)
    for n in range(1, 31):
        svc.people.add(f"p{n}@x.org", f"Person {n}")
    entries = raw(tmp_path / "plan.json")["journal"]
    whole = sorted(int(i) for i, e in entries.items() if "revert" in e)
    summaries = sorted(int(i) for i, e in entries.items() if "revert" not in e and e["kind"] != "digest")
    digests = [e for e in entries.values() if e["kind"] == "digest"]
    assert whole == list(range(26, 31)) and summaries == list(range(16, 26))
    assert len(digests) == 1 and (digests[0]["first"], digests[0]["revision"], digests[0]["count"]) == (1, 15, 15)
    listed = svc.history.entries(None)
    assert [c.label for c in listed][-2:] == ["#16", "#1-#15"] and len(listed) == 16
    with pytest.raises(InvalidInput, match="only 5 change"):
        svc.history.undo(6)


def test_listing_the_latest_entries_reads_only_those(tmp_path: Path) -> None:
    class Counting(dict):
        reads = 0

        def get(self, key, default=None):
            Counting.reads += 1
            return super().get(key, default)

    entries = Counting(
        {
            str(n): {
                "revision": n,
                "at": "2026-11-23T08:00:00Z",
                "by": "ana",
                "summary": f"change {n}",
                "kind": "change",
                "records": [f"people:p{n}@x.org"],
            }
            for n in range(1, 10_001)
        }
    )
    data = {"meta": {"1": {"revision": 10_000}}, "journal": entries}
    shown = [c.revision for _, c in zip(range(20), newest(data))]
    assert shown == list(range(10_000, 9_980, -1)) and Counting.reads == 20


def test_history_filters_by_person_and_ritual_and_prints_json(db: Path) -> None:
    add = [
        "ritual",
        "add",
        "--title",
        "Lunch",
        "--kind",
        "lunch",
        "--start",
        "2026-12-01T12:30",
        "--tz",
        "Europe/Paris",
        "--audience",
        "people:ana@x.org",
        "--id",
        "lunch",
    ]
    assert run(db, *add).exit_code == 0, run(db, *add).output
    assert run(db, "people", "edit", "bo@x.org", "--team", "Ops").exit_code == 0
    about_ana = run(db, "history", "--person", "ANA@x.org", "--format", "json")
    assert [c["revision"] for c in json.loads(about_ana.stdout)] == [3, 1]  # the audience names her
    about_lunch = json.loads(run(db, "history", "--ritual", "lunch", "--format", "json").stdout)
    assert [c["revision"] for c in about_lunch] == [3] and about_lunch[0]["via"] == "ritual add"
    latest = run(db, "history", "-n", "1")
    assert latest.exit_code == 0 and "#4" in latest.stdout and "#3" not in latest.stdout
    assert "edited Bo <bo@x.org>: team" in latest.stdout and "lead-a" in latest.stdout


def test_undo_then_undo_again_redoes(db: Path) -> None:
    assert run(db, "people", "edit", "bo@x.org", "--team", "Ops").exit_code == 0
    undone = run(db, "undo")
    assert undone.exit_code == 0 and "undid #3 edited Bo <bo@x.org>: team" in undone.stdout
    assert team_of(db, "bo@x.org") == "Sales"
    redone = run(db, "undo")
    assert redone.exit_code == 0 and "undid #4" in redone.stdout
    assert team_of(db, "bo@x.org") == "Ops"
    assert run(db, "undo", "2", "--to", "1").exit_code == 2
    assert run(db, "undo", "9").exit_code == 2
    assert run(db, "undo", "--to", "1").exit_code == 0  # back to before Ana: nobody left
    assert raw(db)["people"] == {}


def team_of(db: Path, email: str) -> str:
    return next(p["team"] for p in raw(db)["people"].values() if p["email"] == email)


NOAH = "noah.fontaine@hirondelle.example"
CAMILLE = "camille.laurent@hirondelle.example"


def test_forget_scrubs_the_journal_and_can_never_be_undone(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    svc.people.edit(CAMILLE, team="Ops")  # has nothing to do with Noah
    svc.people.edit(NOAH, tags=("croissants",))
    svc.privacy.forget(NOAH)
    for path in (sample_db, sample_db.with_name(sample_db.name + ".bak")):
        text = path.read_text(encoding="utf-8").lower()
        assert "noah" not in text and "croissants" not in text, path
    entries = raw(sample_db)["journal"]
    erasure = entries[max(entries, key=int)]
    assert erasure["kind"] == "erasure" and "revert" not in erasure and "people:[erased]" in erasure["records"]
    done = svc.history.undo(1)  # Noah's edit and the erasure stay; Camille's edit is undone
    assert [c.summary.split(":")[0] for c in done.undone] == [f"edited Camille Laurent <{CAMILLE}>"]
    assert len(done.kept) == 2 and "noah" not in sample_db.read_text(encoding="utf-8").lower()
    assert svc.people.get(CAMILLE).team != "Ops"


def test_undoing_a_change_an_erasure_depends_on_is_refused(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    svc.people.edit(CAMILLE, excluded=(NOAH,))  # the mention is scrubbed: this entry cannot be undone
    svc.people.edit(CAMILLE, team="Ops")
    svc.privacy.forget(NOAH)  # changes Camille's never-with list after the team change
    with pytest.raises(Conflict, match="cannot undo .*erased a person"):
        svc.history.undo(1)
    assert svc.people.get(CAMILLE).team == "Ops"


def test_doctor_checks_the_journal_and_repairs_it(db: Path) -> None:
    healthy = run(db, "doctor")
    assert healthy.exit_code == 0 and "journal: 2 entries (2 can be undone)" in healthy.stdout
    data = raw(db)
    data["journal"]["2"]["records"] = "people:bo@x.org"  # not a list
    db.write_text(json.dumps(data))
    found = run(db, "doctor")
    assert found.exit_code == 1 and "journal record 2 has 'records' that is not a list of text" in found.stderr
    assert run(db, "people", "list").exit_code == 0  # the plan itself is fine
    repaired = run(db, "doctor", "--repair")
    assert repaired.exit_code == 0 and "dropped a malformed journal entry" in repaired.stdout
    assert "2" not in raw(db)["journal"]


def test_every_kind_of_entry_names_its_source(db: Path) -> None:
    for args in (
        [
            "ritual",
            "add",
            "--title",
            "Coffee",
            "--kind",
            "coffee-chat",
            "--start",
            "2026-11-24T10:00",
            "--size",
            "2",
            "--id",
            "coffee",
        ],
        ["rotate", "coffee", "--commit", "--time-limit", "0.2"],
        ["ritual", "cancel", "coffee"],
    ):
        assert run(db, *args).exit_code == 0, run(db, *args).output
    vias = [e["via"] for _, e in sorted(raw(db)["journal"].items(), key=lambda item: int(item[0]))]
    assert vias == ["people add", "people add", "ritual add", "rotate", "ritual cancel"]
