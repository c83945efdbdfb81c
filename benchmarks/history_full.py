"""When history is full: small organisations with 26 past rounds, where repeats are certain.

Each instance is planned through the stateless CLI contract (``rituals rotate --roster R --size
K --rounds 8 --seed S --history H --format json``) and compared with a history-blind random
shuffle and, when ``--peer`` names one, another planner run on the same instance. ``--seeds 1-5``
runs each roster once per seed, each with its own shuffle of the teams and its own history (seed
1 is the instance docs/rotation.md quotes), and prints the worst of them. For each it
prints the same-team pairs (with the lower bound forced by team sizes, and the goal: within 10%
+ 2 of it) and the repeats (pairs of the plan that met before, in the history or in an earlier
round of the plan).

The history is 26 weekly rounds of random groups of the same size, seeded, so every run sees
the same instances.

    python benchmarks/history_full.py [--seeds 1-5] [--peer COMMAND]

A peer is any command that reads an instance on stdin, as JSON
``{"groups": g, "ofSize": s, "rounds": w, "forbidden": [[a, b], ...], "discouraged": [[...], ...]}``
(people are 0..g*s-1; the ones past the roster are placeholders, kept apart by ``forbidden``,
so that removing them leaves the same group sizes as ours; ``discouraged`` holds every past
group and every team), and prints the rounds as JSON lists of groups of numbers: the interface
of good-enough-golfers' genetic solver.
"""

from __future__ import annotations

import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from rituals.core.rotation.sizes import group_sizes

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
PAST_ROUNDS, ROUNDS = 26, 8
# (people's teams, group size): 23 people in teams of 12/6/3/2, and 61 people in 9 teams whose
# largest team forces 3 same-team pairs a round in fives (15 people over 12 groups) and none in
# fours or threes
TEAMS_23 = [12, 6, 3, 2]
TEAMS_61 = [15, 10, 8, 6, 6, 5, 4, 4, 3]
INSTANCES = [(TEAMS_23, 4), (TEAMS_23, 5), (TEAMS_61, 3), (TEAMS_61, 4), (TEAMS_61, 5)]

Rounds = list[list[list[str]]]


def roster(teams: list[int], seed: int) -> list[tuple[str, str]]:
    """(e-mail, team) rows, teams interleaved by a seeded shuffle."""
    rows = [(f"t{t}p{i}@org.example", f"Team {t + 1}") for t, n in enumerate(teams) for i in range(n)]
    random.Random(seed).shuffle(rows)
    return rows


def random_rounds(ids: list[str], size: int, rounds: int, rng: random.Random) -> Rounds:
    sizes = group_sizes(len(ids), size)
    plan = []
    for _ in range(rounds):
        order = ids[:]
        rng.shuffle(order)
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        plan.append([order[at : at + s] for at, s in zip(starts, sizes)])
    return plan


def past_meetings(ids: list[str], size: int, seed: int) -> list[tuple[date, list[str]]]:
    """26 weekly rounds of random groups, the last one a week before TODAY."""
    past = random_rounds(ids, size, PAST_ROUNDS, random.Random(seed))
    return [(TODAY - timedelta(weeks=PAST_ROUNDS - r), g) for r, groups in enumerate(past) for g in groups]


def same_team_floor(teams: list[int], people: int, size: int, rounds: int) -> int:
    """Same-team pairs no plan avoids: each round, a team spread as evenly as it can be over the
    groups still puts ceil(team / groups) of its people in some groups."""
    groups = len(group_sizes(people, size))
    per_round = 0
    for count in teams:
        q, r = divmod(count, groups)
        per_round += r * (q + 1) * q // 2 + (groups - r) * q * (q - 1) // 2
    return per_round * rounds


def score(plan: Rounds, team_of: dict[str, str], past: list[tuple[date, list[str]]]) -> tuple[int, int]:
    """(same-team pairs, repeats): a repeat is a pair of the plan that met before, in the
    history or in an earlier round."""
    met = {frozenset(p) for _, g in past for p in combinations(g, 2)}
    same = repeats = 0
    for groups in plan:
        pairs = {frozenset(p) for g in groups for p in combinations(g, 2)}
        same += sum(team_of[a] == team_of[b] for a, b in pairs)
        repeats += len(pairs & met)
        met |= pairs
    return same, repeats


def ours(
    rows: list[tuple[str, str]], size: int, past: list[tuple[date, list[str]]], tmp: Path, seed: int = 1
) -> tuple[Rounds, float]:
    path, history = tmp / "roster.csv", tmp / "history.json"
    path.write_text("name,email,team\n" + "".join(f"{e},{e},{t}\n" for e, t in rows), encoding="utf-8")
    meetings = [{"date": d.isoformat(), "group": g} for d, g in past]
    history.write_text(json.dumps({"meetings": meetings}), encoding="utf-8")
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
        str(ROUNDS),
        "--seed",
        str(seed),
        "--history",
        str(history),
        "--format",
        "json",
    ]
    env = {k: v for k, v in os.environ.items() if k != "RITUALS_DB"} | {"RITUALS_NOW": f"{TODAY}T09:00"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    return json.loads(done.stdout)["rounds"], time.perf_counter() - started


def peer(
    command: str, rows: list[tuple[str, str]], size: int, past: list[tuple[date, list[str]]], teams: list[int]
) -> tuple[Rounds, float]:
    """The peer's plan with placeholders removed (see the module docstring)."""
    ids = [e for e, _ in rows]
    sizes = group_sizes(len(ids), size)
    groups, of_size = len(sizes), max(sizes)
    placeholders = list(range(len(ids), groups * of_size))
    number = {e: i for i, e in enumerate(ids)}
    by_team = [[number[e] for e, t in rows if t == f"Team {k + 1}"] for k in range(len(teams))]
    instance = {
        "groups": groups,
        "ofSize": of_size,
        "rounds": ROUNDS,
        "forbidden": [list(p) for p in combinations(placeholders, 2)],
        "discouraged": [[number[e] for e in g] for _, g in past] + by_team,
    }
    started = time.perf_counter()
    done = subprocess.run(shlex.split(command), input=json.dumps(instance), capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    plan = [[[ids[x] for x in g if x < len(ids)] for g in rnd] for rnd in json.loads(done.stdout)]
    assert all(sorted(map(len, rnd), reverse=True) == sizes for rnd in plan), "the peer changed the group sizes"
    return plan, wall


def instance(teams: list[int], size: int, seed: int) -> tuple[list[tuple[str, str]], list[tuple[date, list[str]]]]:
    """The roster and its history for one seed: seed 1 is the instance the docs quote, each
    other seed another shuffle of the teams and another random history."""
    people, shift = sum(teams), 1000 * (seed - 1)
    rows = roster(teams, seed=people + shift)
    return rows, past_meetings([e for e, _ in rows], size, seed=people * 10 + size + shift)


def run_history_full(peer_command: str | None, seeds: list[int] | None = None) -> None:
    seeds = seeds or [1]
    names = ", ".join(map(str, seeds))
    print(f"\nHistory full: {PAST_ROUNDS} past rounds of random groups, {ROUNDS} rounds planned (seeds {names})")
    with tempfile.TemporaryDirectory() as tmp:
        for teams, size in INSTANCES:
            worst: list[tuple[int, int, float, bool]] = []
            for seed in seeds:
                worst.append(_one_run(teams, size, seed, peer_command, Path(tmp)))
            if len(seeds) > 1:
                missed = sum(1 for *_, ok in worst if not ok)
                print(
                    f"  worst of {len(seeds)} seeds: same-team {max(w[0] for w in worst)}, repeats "
                    f"{max(w[1] for w in worst)}, slowest {max(w[2] for w in worst):.2f}s; goal missed on {missed}",
                    flush=True,
                )


def _one_run(
    teams: list[int], size: int, seed: int, peer_command: str | None, tmp: Path
) -> tuple[int, int, float, bool]:
    """Plan one roster for one seed and print its line: (same-team, repeats, seconds, goal met)."""
    people = sum(teams)
    rows, past = instance(teams, size, seed)
    ids = [e for e, _ in rows]
    team_of = dict(rows)
    floor = same_team_floor(teams, people, size, ROUNDS)
    plan, wall = ours(rows, size, past, tmp, seed)
    same, repeats = score(plan, team_of, past)
    base = score(random_rounds(ids, size, ROUNDS, random.Random(seed)), team_of, past)
    met = same <= 1.1 * floor + 2
    text = (
        f"seed {seed} {people} people {'/'.join(map(str, teams))}, groups of {size}: same-team {same:>3} "
        f"(bound {floor:>3}, goal <= {1.1 * floor + 2:5.1f}: {'ok' if met else 'MISSED'})  repeats {repeats:>3}  "
        f"{wall:5.2f}s | random: same-team {base[0]:>3}, repeats {base[1]:>3}"
    )
    if peer_command:
        theirs, peer_wall = peer(peer_command, rows, size, past, teams)
        other = score(theirs, team_of, past)
        verdict = "dominated" if same <= other[0] and repeats <= other[1] else "NOT dominated"
        text += f" | peer: same-team {other[0]:>3}, repeats {other[1]:>3}, {peer_wall:5.1f}s ({verdict})"
    print(text, flush=True)
    return same, repeats, wall, met


def parse_seeds(text: str) -> list[int]:
    """``1-5`` or ``1,3,7`` (or both: ``1-3,9``) as a list of seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += list(range(int(low), int(high or low) + 1))
    return seeds


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=parse_seeds, default=[1], help="e.g. 1-5: a plan and a history per seed")
    parser.add_argument("--peer", help="a command that plans the same instances (see the module docstring)")
    args = parser.parse_args()
    run_history_full(args.peer, args.seeds)


if __name__ == "__main__":
    main()
