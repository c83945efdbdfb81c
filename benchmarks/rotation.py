"""Rotation engine benchmark: Social Golfer instances and generated organisation rosters.

For each instance it prints the repeat-free rounds reached, the repeated pairs, the same-team
share and the wall time, next to a history-blind random shuffle into the same group sizes.
Organisation rosters go through the public stateless CLI contract
(``rituals rotate --roster R.csv --size K --rounds R --format json``), so its start-up counts.
The searches are budgeted by work (docs/performance.md), so the groups do not depend on how
busy the machine is; the wall time does. A run that reached the time cap is marked "capped".

    python benchmarks/rotation.py            # everything (a few minutes)
    python benchmarks/rotation.py --quick    # a 5 s cap on the Social Golfer instances
    python benchmarks/rotation.py --only org
    python benchmarks/rotation.py --only history [--seeds 1-5] [--peer CMD]  # when history is full
    python benchmarks/rotation.py --only scale                      # 1,000 to 20,000 people
    python benchmarks/rotation.py --only prefix                     # more rounds asked, first ones clean

The full-history rosters (``history_full.py``) and the cost curve of large rosters
(``scale.py``) have their own modules.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.history_full import parse_seeds, run_history_full  # noqa: E402
from benchmarks.scale import run_scale  # noqa: E402
from rituals.core.rotation import Member, evaluate, plan_rounds  # noqa: E402
from rituals.core.rotation.sizes import group_sizes  # noqa: E402

# groups-size-weeks, and the weeks a repeat-free schedule is known to reach
SGP = [(5, 3, 7), (4, 4, 5), (6, 3, 8), (8, 3, 10), (10, 3, 13), (5, 5, 6), (8, 4, 9)]
PAIRS = [10, 20, 32]
ORGS = [  # people, teams, size, rounds, at the CLI's default effort (the 2,000-people runs must end within 10 s)
    (37, 6, 4, 8),
    (150, 12, 5, 8),
    (2000, 40, 5, 8),
    (2000, 8, 5, 8),
    # N not divisible by k: some groups are one smaller or larger, and who sits there must turn
    (53, 7, 4, 8),
    (151, 12, 5, 8),
    (2003, 40, 5, 8),
    (2003, 8, 5, 8),
]


def sgp_instances() -> list[tuple[int, int, int]]:
    """The golf benchmark's list when it is there (it includes pairs), else ours plus pairs."""
    try:
        from benchmarks.sgp import INSTANCES  # type: ignore[import-not-found]

        return [(g, s, w) for g, s, w in INSTANCES]
    except ImportError:
        return SGP + [(n // 2, 2, n - 1) for n in PAIRS]


def random_plan(ids: list[str], size: int, rounds: int, rng: random.Random) -> list[list[tuple[str, ...]]]:
    """What a history-blind shuffle would do: new random groups of the same sizes each round."""
    sizes = group_sizes(len(ids), size)
    plan = []
    for _ in range(rounds):
        order = ids[:]
        rng.shuffle(order)
        groups, at = [], 0
        for s in sizes:
            groups.append(tuple(order[at : at + s]))
            at += s
        plan.append(groups)
    return plan


def org_roster(people: int, teams: int, seed: int) -> list[tuple[str, str, str]]:
    """Uneven teams: sizes follow 1/sqrt(rank), so the first team is about three times the last."""
    weights = [1 / (i + 1) ** 0.5 for i in range(teams)]
    raw = [people * w / sum(weights) for w in weights]
    sizes = [int(r) for r in raw]
    for i in sorted(range(teams), key=lambda i: raw[i] - sizes[i], reverse=True)[: people - sum(sizes)]:
        sizes[i] += 1
    rows: list[tuple[str, str, str]] = []
    for t, n in enumerate(sizes):
        rows += [(f"Person {len(rows) + i}", f"p{len(rows) + i}@org.example", f"Team {t + 1}") for i in range(n)]
    random.Random(seed).shuffle(rows)
    return rows


def same_team_floor(rows: list[tuple[str, str, str]], size: int, rounds: int) -> int:
    """Same-team pairs no plan avoids, even ignoring repeats: each round, a team spread as evenly
    as it can be over the groups still puts ceil(team / groups) of its people in some groups."""
    groups = len(group_sizes(len(rows), size))
    per_round = 0
    for team in {t for *_, t in rows if t}:
        count = sum(1 for *_, t in rows if t == team)
        q, r = divmod(count, groups)
        per_round += r * (q + 1) * q // 2 + (groups - r) * q * (q - 1) // 2
    return per_round * rounds


def line(label: str, m: dict, wall: float, base: dict) -> str:
    bound = m.get("repeat_free_bound", "?")
    ratio = f"{m['same_team_pairs'] / base['same_team_pairs']:.2f}" if base["same_team_pairs"] else "n/a"
    return (
        f"{label:<16} repeat-free {m['rounds_repeat_free']:>2}/{m['rounds']:<2} (bound {bound:>3})  "
        f"repeats {m['repeat_pairs']:>4}  same-team {m['same_team_share']:6.1%}  {wall:6.2f}s  "
        f"{m.get('method', ''):<28}"
        f" | random: repeat-free {base['rounds_repeat_free']:>2}, repeats {base['repeat_pairs']:>4}, "
        f"same-team {base['same_team_share']:6.1%}  (ours/random same-team pairs {ratio})"
        + ("  capped" if m.get("time_capped") else "")
    )


def run_sgp(time_limit: float) -> None:
    print(f"Social Golfer instances (time cap {time_limit:g}s each)")
    for groups, size, weeks in sgp_instances():
        members = [Member(f"g{i}") for i in range(groups * size)]
        started = time.perf_counter()
        plan = plan_rounds(members, size, weeks, seed=1, time_limit=time_limit)
        wall = time.perf_counter() - started
        base = evaluate(members, random_plan([m.id for m in members], size, weeks, random.Random(1)))
        print(line(f"{groups}-{size}-{weeks}", plan.metrics, wall, base))


def run_orgs() -> None:
    print("\nOrganisation rosters through the CLI (default effort and cap; wall time includes start-up)")
    with tempfile.TemporaryDirectory() as tmp:
        for people, teams, size, rounds in ORGS:
            rows = org_roster(people, teams, seed=people)
            path = Path(tmp) / f"roster-{people}.csv"
            path.write_text("name,email,team\n" + "".join(f"{n},{e},{t}\n" for n, e, t in rows), encoding="utf-8")
            command = [
                sys.executable,
                "-m",
                "rituals",
                "rotate",
                "--roster",
                str(path),
                "--size",
                str(size),
                "--rounds",
                str(rounds),
                "--seed",
                "1",
                "--format",
                "json",
            ]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - started
            if done.returncode:
                print(f"{people} people: failed: {done.stderr.strip()}")
                continue
            data = json.loads(done.stdout)
            members = [Member(e, t) for _, e, t in rows]
            assert all(
                sorted(x for g in groups for x in g) == sorted(m.id for m in members) for groups in data["rounds"]
            )
            ours = evaluate(members, data["rounds"]) | {k: data["metrics"].get(k) for k in ("method", "time_capped")}
            base = evaluate(members, random_plan([m.id for m in members], size, rounds, random.Random(1)))
            floor = same_team_floor(rows, size, rounds)
            print(
                line(f"{people}p/{teams}t k={size}", ours, wall, base)
                + f"  same-team pairs {ours['same_team_pairs']} (floor {floor}) vs random {base['same_team_pairs']}"
            )


PREFIX = [(10, 4, range(8, 13)), (11, 3, range(14, 17)), (9, 4, range(9, 12))]  # groups, size, rounds asked


def run_prefix() -> None:
    """Asking for more rounds must never spoil the first ones: clean leading rounds per horizon."""
    print("\nClean leading rounds when more rounds are asked (default effort)")
    for groups, size, horizons in PREFIX:
        members = [Member(f"g{i}") for i in range(groups * size)]
        cells = []
        for rounds in horizons:
            started = time.perf_counter()
            m = plan_rounds(members, size, rounds, seed=1).metrics
            cells.append(
                f"asked {rounds}: {m['rounds_repeat_free']} clean, {m['repeat_pairs']} repeats, "
                f"{time.perf_counter() - started:.1f}s"
            )
        print(f"{groups}-{size}: " + "; ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 5 s cap on the Social Golfer instances")
    parser.add_argument("--only", choices=("sgp", "org", "history", "scale", "prefix"))
    parser.add_argument(
        "--history-full",
        action="store_const",
        const="history",
        dest="only",
        help="only the rosters whose history is full (same as --only history)",
    )
    parser.add_argument("--peer", help="a command that plans the full-history rosters too (see history_full.py)")
    parser.add_argument(
        "--seeds", type=parse_seeds, default=[1], help="full-history rosters: e.g. 1-5, a plan and a history per seed"
    )
    args = parser.parse_args()
    if args.only in (None, "sgp"):
        run_sgp(5.0 if args.quick else 30.0)
    if args.only in (None, "org"):
        run_orgs()
    if args.only in (None, "history"):
        run_history_full(args.peer, args.seeds)
    if args.only in (None, "prefix"):
        run_prefix()
    if args.only in (None, "scale"):
        run_scale()


if __name__ == "__main__":
    main()
