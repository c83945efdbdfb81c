"""Schema versions: an older file is migrated on open after a backup; a newer one is refused as is."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from reliability_support import assert_clean_failure, cli

from rituals.core.errors import StorageError
from rituals.service import open_service
from rituals.store import SCHEMA_VERSION, Store

# Schema 0: no meta record, a person's e-mail under "id" (as typed), sessions without their id.
LEGACY = {
    "people": {
        "1": {"id": " Ana@X.org ", "name": "Ana", "team": "Data", "timezone": "Europe/Paris"},
        "2": {"email": "bo@x.org", "name": "Bo", "team": "Sales"},
    },
    "rituals": {
        "1": {
            "id": "lunch",
            "title": "Lunch",
            "kind": "lunch",
            "schedule": {"start": "2026-12-01T12:30", "timezone": "Europe/Paris", "frequency": "weekly"},
        }
    },
    "sessions": {
        "1": {
            "ritual_id": "lunch",
            "start": "2026-11-17T12:30",
            "groups": [["ana@x.org", "bo@x.org"]],
            "status": "held",
        }
    },
}


def _legacy_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "rituals.json"
    content = json.dumps(LEGACY, indent=1).encode()
    path.write_bytes(content)
    return path, content


def test_a_schema_0_file_is_backed_up_then_migrated_when_first_read(tmp_path: Path) -> None:
    path, content = _legacy_file(tmp_path)
    svc = open_service(path)
    assert [p.email for p in svc.people.all()] == ["ana@x.org", "bo@x.org"]
    assert svc.sessions.get("lunch@2026-11-17").status == "held"  # found by the id the migration added
    backup = tmp_path / "rituals.json.v0.bak"
    assert backup.read_bytes() == content
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    written = json.loads(path.read_text())
    assert written["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert written["people"]["1"]["email"] == "ana@x.org" and "id" not in written["people"]["1"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    once = path.read_bytes()
    assert open_service(path).people.get("ANA@x.org").name == "Ana"
    assert path.read_bytes() == once  # migrated once, not on every open


def test_a_schema_0_file_is_migrated_by_the_first_write_too(tmp_path: Path) -> None:
    path, content = _legacy_file(tmp_path)
    result = cli(path, "people", "add", "cy@x.org", "--name", "Cy")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "rituals.json.v0.bak").read_bytes() == content
    assert [p.email for p in Store(path).people()] == ["ana@x.org", "bo@x.org", "cy@x.org"]


@pytest.mark.parametrize(
    "command",
    [["people", "list"], ["people", "add", "cy@x.org", "--name", "Cy"], ["ritual", "list"], ["doctor", "--repair"]],
)
def test_a_newer_schema_is_refused_clearly_and_never_rewritten(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "rituals.json"
    newer = {**LEGACY, "meta": {"1": {"schema": SCHEMA_VERSION + 1, "revision": 7}}, "future_table": {"1": {"x": 1}}}
    content = json.dumps(newer).encode()
    path.write_bytes(content)
    result = cli(path, *command)
    if command[0] == "doctor":
        assert result.exit_code == 1 and "newer" in result.stderr
    else:
        assert "newer rituals" in assert_clean_failure(result, str(command))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["rituals.json"]


def test_a_schema_version_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rituals.json"
    content = json.dumps({"meta": {"1": {"schema": "two"}}, "people": {}}).encode()
    path.write_bytes(content)
    with pytest.raises(StorageError, match="schema version"):
        Store(path).people()
    assert path.read_bytes() == content
