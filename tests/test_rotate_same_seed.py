"""Same seed, same groups, through the stateless CLI: three runs print the same bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import NOW_ENV, ROOT

TEAMS = [10, 7, 6, 5, 5, 4]  # 37 people: 12 rounds of fours is the counting bound


def write_roster(path: Path) -> Path:
    rows = [(f"Person {t}-{i}", f"t{t}p{i}@org.example", f"Team {t}") for t, n in enumerate(TEAMS) for i in range(n)]
    rows = rows[::2] + rows[1::2]  # teams interleaved
    path.write_text("name,email,team\n" + "".join(f"{n},{e},{t}\n" for n, e, t in rows), encoding="utf-8")
    return path


def test_the_same_seed_prints_the_same_plan_three_times(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.csv")
    command = [
        sys.executable,
        "-m",
        "rituals",
        "rotate",
        "--roster",
        str(roster),
        "--size",
        "4",
        "--rounds",
        "12",
        "--seed",
        "1",
        "--format",
        "json",
    ]
    env = {k: v for k, v in os.environ.items() if k != "RITUALS_DB"} | {"RITUALS_NOW": NOW_ENV}
    # all three at once: each also runs on a machine the other two keep busy
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env) for _ in range(3)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs[0][1].decode()
    assert outputs[0][0] == outputs[1][0] == outputs[2][0]
    plan = json.loads(outputs[0][0])
    assert len(plan["rounds"]) == 12
    assert plan["metrics"]["time_capped"] is False
    assert "elapsed" not in plan["metrics"]  # seconds would differ from run to run
