"""The file the user names is the file rituals writes: links are followed (and survive), anything
that is not a regular file is refused with one line, and the names rituals makes are portable.

Devices are made with mknod inside the test's own folder (as root only): no test ever points
rituals at the machine's real /dev/null, where one wrong write breaks the machine.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rituals.core.errors import StorageError
from rituals.store import Store

ADD = ["people", "add", "ana@example.org", "--name", "Ana", "--team", "Design"]


def rituals(db: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RITUALS_DB"}
    return subprocess.run(
        [sys.executable, "-m", "rituals", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def people_in(path: Path) -> list[str]:
    return [d["email"] for d in json.loads(path.read_text(encoding="utf-8"))["people"].values()]


@pytest.mark.parametrize("shape", ["absolute", "relative", "chain"])
def test_a_symlinked_database_is_written_where_it_lives_and_the_link_survives(tmp_path: Path, shape: str) -> None:
    synced = tmp_path / "Sync" / "team"
    synced.mkdir(parents=True)
    target = synced / "rituals.json"
    work = tmp_path / "work"
    work.mkdir()
    link = work / "db.json"
    if shape == "absolute":
        link.symlink_to(target)
    elif shape == "relative":
        link.symlink_to(Path("..") / "Sync" / "team" / "rituals.json")
    else:
        middle = tmp_path / "middle.json"
        middle.symlink_to(target)
        link.symlink_to(middle)
    for n in range(2):  # the first write creates the target, the second makes a backup of it
        done = rituals(link, "people", "add", f"p{n}@example.org", "--name", f"P{n}", cwd=work)
        assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.path.realpath(link) == str(target)
    assert people_in(target) == ["p0@example.org", "p1@example.org"]
    assert (synced / "rituals.json.bak").is_file() and not (synced / "rituals.json.bak").is_symlink()
    assert not (work / "db.json.bak").exists() and not (work / "db.json.lock").exists()


def test_two_links_to_one_file_take_one_lock(tmp_path: Path) -> None:
    target = tmp_path / "rituals.json"
    (tmp_path / "a.json").symlink_to(target)
    (tmp_path / "b.json").symlink_to(target)
    one, two = Store(tmp_path / "a.json"), Store(tmp_path / "b.json")
    assert one.path == two.path == target


def refused(path: Path) -> None:
    before = os.lstat(path)
    done = rituals(path, *ADD)
    assert done.returncode == 1, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "not a file" in lines[0], done.stderr
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no backup, temp or lock beside it


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    refused(folder)
    assert list(folder.iterdir()) == []


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    refused(fifo)
    for command in (["people", "list"], ["doctor"]):
        done = rituals(fifo, *command)
        assert done.returncode == 1 and "FIFO" in done.stderr, done


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_a_character_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of the test's own
    refused(device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "db.json"
    link.symlink_to(fifo)
    with pytest.raises(StorageError, match="FIFO"):
        Store(link).people()


def test_kept_copies_have_portable_names(tmp_path: Path) -> None:
    store = Store(tmp_path / "rituals.json")
    with store.transaction() as tx:
        from rituals.core.models import Person

        tx.put_person(Person("ana@example.org", "Ana"))
    kept = store._keep_copy(".before-restore-2026-12-10 09:00:00+00:00")
    assert kept.name == "rituals.json.before-restore-2026-12-10-09-00-00-00-00"
    assert not set(kept.name) & set(' :<>"\\|?*')
