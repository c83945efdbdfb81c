"""Odd seats over a history and a new plan, in `rotate --roster` mode (issue 18, part 5).

A roster whose size does not divide into groups has odd seats every round (a trio among pairs, a
five among fours). Over the history's rounds plus the new ones, the spread between the people
who sat in odd groups most and least shows whether the plan remembered who already did. For each
roster: the history (random rounds, read with `read_past` as `rotate --roster --history` reads
it), then 8 new rounds planned without the history's odd seats and with them, and the least
spread any plan could reach (the new odd seats given, round by round, to whoever has had fewest),
and beside each plan its repeats (pairs that met before) and same-team pairs.

    python benchmarks/odd_seats.py [--seeds 1-3]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rituals.core.rotation import Member, plan_rounds  # noqa: E402
from rituals.core.rotation.sizes import group_sizes  # noqa: E402
from rituals.service.roster_rotation import read_past  # noqa: E402

TODAY = date(2026, 11, 23)
ROSTERS = [(23, 4, 2), (37, 8, 4), (29, 5, 3)]  # people, teams, group size
PAST, NEW = 26, 8


def history(people: list[str], size: int, rng: random.Random) -> str:
    """``PAST`` weekly rounds of random groups, as a --history file holds them."""
    meetings = []
    for week in range(PAST):
        day = TODAY - timedelta(weeks=PAST - week)
        shuffled = rng.sample(people, len(people))
        start = 0
        for n in group_sizes(len(people), size):
            meetings.append({"date": day.isoformat(), "group": shuffled[start : start + n]})
            start += n
    return json.dumps({"meetings": meetings})


def odd_seats(rounds: list[list[tuple[str, ...]]], size: int) -> Counter[str]:
    seats: Counter[str] = Counter()
    for groups in rounds:
        for group in groups:
            if len(group) != size:
                seats.update(group)
    return seats


def best_spread(past: dict[str, int], people: list[str], per_round: int) -> int:
    """Water filling: each new round's odd seats to those with the fewest so far."""
    counts = {p: past.get(p, 0) for p in people}
    for _ in range(NEW):
        for person in sorted(people, key=lambda p: (counts[p], p))[:per_round]:
            counts[person] += 1
    return max(counts.values()) - min(counts.values())


def pair_counts(
    rounds: list[list[tuple[str, ...]]], met: set[frozenset[str]], team_of: dict[str, str]
) -> tuple[int, int]:
    """(repeats, same-team pairs): a repeat is a pair that met before, in the history or in an
    earlier round of the plan."""
    met, repeats, same = set(met), 0, 0
    for groups in rounds:
        pairs = {frozenset((a, b)) for g in groups for i, a in enumerate(g) for b in g[i + 1 :]}
        repeats += len(pairs & met)
        same += sum(1 for pair in pairs if len({team_of[p] for p in pair}) == 1)
        met |= pairs
    return repeats, same


def run(count: int, teams: int, size: int, seed: int) -> None:
    rng = random.Random(seed)
    people = [f"p{i}@org.example" for i in range(count)]
    members = [Member(p, f"Team {i % teams}") for i, p in enumerate(people)]
    team_of = {m.id: m.team for m in members}
    pairs, odd = read_past(history(people, size, rng), TODAY, size)
    per_round = sum(n for n in group_sizes(count, size) if n != size)
    line = [f"seed {seed}, {count} people in groups of {size} ({per_round} odd seats a round), {PAST} past rounds:"]
    for label, counts in (("without the history's odd seats", None), ("with them", odd)):
        plan = plan_rounds(members, size, NEW, history=pairs, today=TODAY, odd_counts=counts, seed=seed)
        total = Counter(odd) + odd_seats(plan.rounds, size)
        spread = max(total.get(p, 0) for p in people) - min(total.get(p, 0) for p in people)
        repeats, same = pair_counts(plan.rounds, set(pairs), team_of)
        line.append(f"{label} {spread} (repeats {repeats}, same-team {same})")
    line.append(f"least possible {best_spread(odd, people, per_round)}")
    print(" · ".join([line[0], *line[1:]]).replace(": ·", ":"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1", help="e.g. 1-3: a history and a plan per seed")
    args = parser.parse_args()
    low, _, high = args.seeds.partition("-")
    for count, teams, size in ROSTERS:
        for seed in range(int(low), int(high or low) + 1):
            run(count, teams, size, seed)


if __name__ == "__main__":
    main()
