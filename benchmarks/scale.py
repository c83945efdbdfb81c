"""The cost curve of large rosters: people -> seconds and peak MB, in pairs and in fours.

Each roster has teams of 50 (400 teams at 20,000 people) and a history of 26 past rounds of
random pairs; it is planned for 4 rounds (and 2,000 people for 8) at the default effort, each
run in a fresh process so that its peak memory (the process's maximum resident set, which
includes Python, numpy and the roster itself) is its own. The seconds are those of
``plan_rounds`` alone; the history is built before the clock starts.

    python benchmarks/scale.py               # the whole curve (a few minutes)
    python benchmarks/scale.py --one 20000 2 4
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.rotation import Member, plan_rounds  # noqa: E402

TODAY = date(2026, 11, 23)
TEAM_SIZE, PAST_ROUNDS = 50, 26
CURVE = [1000, 2000, 5000, 10000, 20000]
RUNS = [(n, k, 4) for k in (2, 4) for n in CURVE] + [(2000, 2, 8), (2000, 4, 8)]


def instance(people: int, seed: int) -> tuple[list[Member], dict[frozenset[str], list[date]]]:
    rng = random.Random(seed)
    members = [Member(f"p{i}@org.example", f"Team {i // TEAM_SIZE + 1}") for i in range(people)]
    rng.shuffle(members)
    history: dict[frozenset[str], list[date]] = {}
    ids = [m.id for m in members]
    for week in range(PAST_ROUNDS, 0, -1):
        rng.shuffle(ids)
        for a, b in zip(ids[::2], ids[1::2]):
            history.setdefault(frozenset((a, b)), []).append(TODAY - timedelta(weeks=week))
    return members, history


def one(people: int, size: int, rounds: int) -> dict[str, object]:
    members, history = instance(people, seed=people)
    started = time.perf_counter()
    plan = plan_rounds(members, size, rounds, history=history, today=TODAY, seed=1)
    seconds = time.perf_counter() - started
    m = plan.metrics
    return {
        "people": people,
        "size": size,
        "rounds": rounds,
        "seconds": round(seconds, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "repeats": m["repeat_pairs"],
        "history_repeats": m["history_repeats"],
        "same_team": m["same_team_pairs"],
        "method": m["method"],
        "capped": m["time_capped"],
    }


def run_scale() -> None:
    print(
        f"\nLarge rosters: teams of {TEAM_SIZE}, {PAST_ROUNDS} past rounds of pairs (seconds of plan_rounds, "
        "peak MB of the process)"
    )
    for people, size, rounds in RUNS:
        command = [sys.executable, __file__, "--one", str(people), str(size), str(rounds)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            print(f"{people:>6} people in {size}s: failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(done.stdout)
        print(
            f"{r['people']:>6} people, groups of {r['size']}, {r['rounds']} rounds: {r['seconds']:6.2f} s "
            f"{r['peak_mb']:>5} MB  repeats {r['repeats']}, met before {r['history_repeats']}, "
            f"same-team {r['same_team']}  {r['method']}" + ("  capped" if r["capped"] else ""),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=3, type=int, metavar=("PEOPLE", "SIZE", "ROUNDS"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
    else:
        run_scale()


if __name__ == "__main__":
    main()
