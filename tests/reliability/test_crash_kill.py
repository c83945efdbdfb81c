"""SIGKILL a writer 100 times at random moments: the file always holds a whole state, old or new.

Each transaction of the writer adds person number n and sets the counter to n, together. After
every kill the database must load, its counter must match its people exactly (never one
without the other), and it must not go backwards. The backup copy must hold a whole state too.
The moment of the kill is random: after a random number of completed writes, observed through
the file system (each write is a new file, so a new inode), plus a random short delay; or, for
about a third of the kills, as soon as a temporary file shows that a write is in progress. The
database is padded so that a write takes a while; the test counts the kills that left a
half-written temporary file behind (a kill in the middle of a write) and requires some.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

from rituals.core.models import Person
from rituals.store import Store

KILLS = 100
PADDING = 400  # people present from the start, so that each write takes a while


def _writer(path: str) -> None:
    store = Store(path)
    while True:
        with store.transaction() as tx:
            n = store.state("counters", "n", 0) + 1
            tx.set_state("counters", "n", n)
            tx.put_person(Person(f"w{n}@x.org", f"Written {n}"))


def _whole_state(path: Path) -> int:
    """The counter, after checking that it matches the written people exactly."""
    store = Store(path)
    n = store.state("counters", "n", 0)
    written = {p.email for p in store.people() if p.email.startswith("w")}
    assert written == {f"w{i}@x.org" for i in range(1, n + 1)}, f"counter {n} but {len(written)} people"
    assert len(store.people()) == PADDING + n
    return n


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def test_a_writer_killed_100_times_leaves_old_or_new_state_never_a_mix(tmp_path: Path) -> None:
    path = tmp_path / "rituals.json"
    with Store(path).transaction() as tx:
        for i in range(PADDING):
            tx.put_person(Person(f"pad{i}@x.org", f"Padding person {i}", "Team", "Lyon", "Europe/Paris"))
    rng = random.Random(8)
    ctx = multiprocessing.get_context("fork")
    last, mid_write = 0, 0
    for _ in range(KILLS):
        hunt = rng.random() < 0.3  # kill as soon as a write is seen in progress, else after a delay
        writes_to_see = rng.randint(0, 20 if hunt else 3)
        child = ctx.Process(target=_writer, args=(str(path),))
        child.start()
        seen, inode = 0, _inode(path)
        while seen < writes_to_see and child.is_alive():
            if hunt and any(name.endswith(".tmp") for name in os.listdir(tmp_path)):
                break
            current = _inode(path)
            if current != inode:
                seen, inode = seen + 1, current
        if not hunt:
            time.sleep(rng.uniform(0, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        mid_write += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
        n = _whole_state(path)
        assert n >= last, "a kill made the database go back in time"
        if path.with_name(path.name + ".bak").exists():
            assert _whole_state(path.with_name(path.name + ".bak")) <= n
        last = n
    assert last > 0, "the writer never completed a write: the kills proved nothing"
    print(f"\n{KILLS} kills, {last} writes survived, {mid_write} kills landed in the middle of a write")
    assert mid_write > 0, "no kill interrupted a write: make the writes longer"
