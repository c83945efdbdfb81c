"""The store: round trips, safe failure on broken files, versions, permissions, concurrent writers."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from rituals.core.errors import NotFound, StorageError
from rituals.core.models import Feedback, Grouping, Person, Ritual, Schedule, Session
from rituals.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]


def test_round_trip_of_every_entity(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    person = Person(
        "zoe@x.org", 'Zoë "Z" O\'Neil, Jr.; QA', "QA", "Lyon", "Europe/Paris", date(2026, 1, 2), ("mentor",)
    )
    ritual = Ritual(
        "lunch", "Lunch", "lunch", Schedule(datetime(2026, 12, 3, 12, 30), "Europe/Paris"), grouping=Grouping(4)
    )
    session = Session(
        "lunch",
        datetime(2026, 12, 3, 12, 30),
        (("zoe@x.org", "b@x.org"),),
        "held",
        attended=("zoe@x.org",),
        feedback=(Feedback("zoe@x.org", 5, "merci"),),
    )
    with store.transaction() as tx:
        tx.put_person(person)
        tx.put_ritual(ritual)
        tx.put_session(session)
        tx.set_state("exports", "uid-1", {"sequence": 2})
    fresh = Store(tmp_path / "db.json")
    assert fresh.people() == [person]
    assert fresh.ritual("lunch") == ritual
    assert fresh.session("lunch@2026-12-03") == session
    assert fresh.state("exports", "uid-1") == {"sequence": 2}
    with pytest.raises(NotFound):
        fresh.person("nobody@x.org")


def test_file_is_private_sorted_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    with store.transaction() as tx:
        tx.put_person(Person("b@x.org", "B"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert json.loads(text)["meta"]["1"]["schema"] == SCHEMA_VERSION
    before = store.revision
    with store.transaction() as tx:
        tx.put_person(Person("c@x.org", "C"))
    assert store.revision == before + 1
    assert [p.email for p in Store(path.with_name(path.name + ".bak")).people()] == ["b@x.org"]


def test_a_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    with store.transaction() as tx:
        tx.put_person(Person("a@x.org", "A"))
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put_person(Person("b@x.org", "B"))
            raise RuntimeError("boom")
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2, 3]", b'{"people": 3}', b"\xff\xfe\x00garbage"])
def test_a_broken_file_is_named_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    store = Store(path)
    with pytest.raises(StorageError, match="db.json"):
        store.people()
    with pytest.raises(StorageError):
        with store.transaction() as tx:
            tx.put_person(Person("a@x.org", "A"))
    assert path.read_bytes() == content


def test_a_newer_schema_is_refused_and_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    content = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1, "revision": 3}}, "people": {}}).encode()
    path.write_bytes(content)
    with pytest.raises(StorageError, match="newer"):
        with Store(path).transaction() as tx:
            tx.put_person(Person("a@x.org", "A"))
    assert path.read_bytes() == content


WRITER = """
import sys
from rituals.core.models import Person
from rituals.store import Store
store = Store(sys.argv[1])
for i in range(100):
    with store.transaction() as tx:
        tx.put_person(Person(f"{sys.argv[2]}{i}@x.org", f"Person {sys.argv[2]} {i}"))
"""


def test_two_processes_adding_100_people_each_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag], env=env) for tag in ("a", "b")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    store = Store(path)
    emails = {p.email for p in store.people()}
    assert len(emails) == 200
    assert store.revision == 200
    json.loads(path.read_text())  # still one valid document
