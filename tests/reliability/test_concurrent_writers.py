"""Many processes on one database: no write is lost, and no stale copy overwrites a newer one."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
from pathlib import Path

import pytest
from reliability_support import process_env, rituals_command

from rituals.core.errors import Conflict
from rituals.core.models import Person
from rituals.service import open_service
from rituals.store import Store

CLI_WRITERS = 8
COUNTER_WORKERS = 6
INCREMENTS = 30


def test_eight_cli_processes_adding_people_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    env = process_env(db)
    procs = [
        subprocess.Popen(
            [*rituals_command(), "people", "add", f"p{i}@x.org", "--name", f"Person {i}", "--team", f"T{i % 3}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(CLI_WRITERS)
    ]
    outcomes = [(p.wait(timeout=240), p.stderr.read().decode()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(code == 0 for code, _ in outcomes), outcomes
    store = Store(db)
    assert {p.email for p in store.people()} == {f"p{i}@x.org" for i in range(CLI_WRITERS)}
    assert store.revision == CLI_WRITERS  # one write each, none merged away


def test_concurrent_cli_edits_of_one_person_keep_every_field(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    with Store(db).transaction() as tx:
        tx.put_person(Person("ana@x.org", "Ana"))
    env = process_env(db)
    edits = [["--team", "Data"], ["--tags", "mentor"], ["--location", "Lyon"], ["--tz", "Europe/Paris"]]
    procs = [
        subprocess.Popen(
            [*rituals_command(), "people", "edit", "ana@x.org", *edit],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for edit in edits
    ]
    assert [p.wait(timeout=240) for p in procs] == [0] * len(edits)
    for p in procs:
        p.stderr.close()
    ana = Store(db).person("ana@x.org")
    assert (ana.team, ana.tags, ana.location, ana.timezone) == ("Data", ("mentor",), "Lyon", "Europe/Paris")


def _increment(path: str, times: int) -> None:
    store = Store(path)
    for _ in range(times):
        with store.transaction() as tx:
            tx.set_state("counters", "n", store.state("counters", "n", 0) + 1)


def test_read_modify_write_from_six_processes_never_loses_an_increment(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_increment, args=(str(db), INCREMENTS)) for _ in range(COUNTER_WORKERS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=240)
    assert [w.exitcode for w in workers] == [0] * COUNTER_WORKERS
    store = Store(db)
    assert store.state("counters", "n") == COUNTER_WORKERS * INCREMENTS
    assert store.revision == COUNTER_WORKERS * INCREMENTS


def test_a_long_lived_service_sees_another_process_write_and_is_told(small_db: Path) -> None:
    tui = open_service(small_db)  # the TUI keeps one Service for its lifetime
    seen = tui.store.revision
    assert tui.store.revision == seen
    assert len(tui.people.all()) == 3
    done = subprocess.run(
        [*rituals_command(), "people", "add", "dee@x.org", "--name", "Dee"],
        env=process_env(small_db),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert tui.store.revision > seen  # what the TUI compares to know it must reload
    assert "dee@x.org" in {p.email for p in tui.people.all()}


def test_a_stale_service_editing_after_another_process_wrote_keeps_both_changes(small_db: Path) -> None:
    stale = open_service(small_db)
    assert stale.people.get("bo@x.org").team == "Sales"  # read before the other process writes
    env = process_env(small_db)
    for args in (["people", "add", "dee@x.org", "--name", "Dee"], ["people", "edit", "bo@x.org", "--team", "Ops"]):
        done = subprocess.run([*rituals_command(), *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    stale.people.edit("bo@x.org", name="Bo Baker")
    stale.people.add("eve@x.org", "Eve")
    fresh = Store(small_db)
    bo = fresh.person("bo@x.org")
    assert (bo.name, bo.team) == ("Bo Baker", "Ops")
    assert {"dee@x.org", "eve@x.org"} <= {p.email for p in fresh.people()}


def test_a_write_based_on_an_old_revision_is_refused_and_changes_nothing(small_db: Path) -> None:
    reader, writer = Store(small_db), Store(small_db)
    seen = reader.revision
    with writer.transaction() as tx:
        tx.put_person(Person("dee@x.org", "Dee"))
    before = small_db.read_bytes()
    with pytest.raises(Conflict, match="changed since"):
        with reader.transaction(expected_revision=seen) as tx:
            tx.delete_person("dee@x.org")
    assert small_db.read_bytes() == before
    with reader.transaction(expected_revision=reader.revision) as tx:
        tx.delete_person("dee@x.org")
    assert "dee@x.org" not in {p.email for p in Store(small_db).people()}


def test_a_change_of_same_size_within_one_clock_tick_is_still_seen(small_db: Path) -> None:
    reader = Store(small_db)
    assert reader.person("ana@x.org").name == "Ana"
    stamp = small_db.stat()
    # another program's atomic write of the same size (a rituals write also grows the journal)
    changed = small_db.read_bytes().replace(b'"name": "Ana"', b'"name": "Abe"')
    fresh = small_db.with_name("replacement.json")
    fresh.write_bytes(changed)
    os.replace(fresh, small_db)
    os.utime(small_db, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same mtime, as on a coarse clock
    assert small_db.stat().st_size == stamp.st_size
    assert reader.person("ana@x.org").name == "Abe"
