"""The CLI as a person meets it: in a real pseudo-terminal, colour and progress bars on.

CliRunner and pipes never make rich think it has a terminal, so a crash that only happens on one
(issue: `rituals rotate` died on every terminal because rich's Progress used the lazy console
proxy as a context manager) went unseen. Each command here runs as a child process whose
stdin, stdout and stderr are the slave side of a pty.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import NOW_ENV, SAMPLE_DIR

TIMEOUT = 120.0


def run_in_pty(
    args: list[str], env: dict[str, str], cols: int = 100, rows: int = 30, replies: Sequence[tuple[str, str]] = ()
) -> tuple[int, str]:
    """Run ``rituals ARGS`` with a pty as its terminal; return its exit code and everything it drew.
    ``replies``: (text, answer) in order; each answer is typed once its text has been drawn."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "rituals", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    pending = list(replies)
    try:
        while True:
            ready, _, _ = select.select([master], [], [], TIMEOUT)
            if not ready:
                proc.kill()
                raise AssertionError(f"rituals {' '.join(args)} drew nothing for {TIMEOUT} s")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
            if pending and pending[0][0] in b"".join(chunks).decode("utf-8", "replace"):
                os.write(master, pending.pop(0)[1].encode())
    finally:
        os.close(master)
    return proc.wait(timeout=TIMEOUT), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def term_env(tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "rituals.json"
    shutil.copyfile(SAMPLE_DIR / "rituals.json", db)
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "RITUALS_DB", "CI"}}
    env.update(
        RITUALS_DB=str(db),
        RITUALS_NOW=NOW_ENV,
        TERM="xterm-256color",
        FORCE_COLOR="1",
        RITUALS_CACHE=str(tmp_path / "cache"),
        COLUMNS="100",
        LINES="30",
    )
    return env


@pytest.mark.parametrize(
    "args",
    [
        ["rotate", "coffee-roulette", "--rounds", "4"],
        ["rotate", "cross-team-lunch", "--rounds", "2"],
        ["people", "list"],
        ["ritual", "list"],
        ["ritual", "show", "coffee-roulette"],
        ["suggest", "--seed", "1", "--lang", "fr"],
        ["report"],
        ["doctor"],
        ["--help"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
@pytest.mark.parametrize("lang", ["en_GB.UTF-8", "fr_FR.UTF-8"])
def test_commands_work_on_a_terminal(args: list[str], lang: str, term_env: dict[str, str]) -> None:
    code, screen = run_in_pty(args, {**term_env, "LANG": lang})
    assert "internal error" not in screen and "Traceback" not in screen, screen
    assert code == 0, screen


def test_rotate_shows_a_progress_bar_and_the_groups(term_env: dict[str, str]) -> None:
    code, screen = run_in_pty(["rotate", "coffee-roulette", "--rounds", "4"], term_env)
    assert code == 0, screen
    assert "searching" in screen  # the progress bar's label was drawn on the terminal
    assert "\x1b[" in screen  # in colour
    assert screen.count("Coffee roulette — 2026-") == 4, screen  # one table per round
