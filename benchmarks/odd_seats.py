"""Odd seats over a history and a new plan, in `rotate --roster` mode (issue 18, part 5).

A roster whose size does not divide into groups has odd seats every round (a trio among pairs, a
five among fours). Over the history's rounds plus the new ones, the spread between the people
who sat in odd groups most and least shows whether the plan remembered who already did. For each
roster: the history (random rounds, read with `read_past` as `rotate --roster --history` reads
it), then 8 new rounds planned without the history's odd seats and with them, and the least
spread any plan could reach (the new odd seats given, round by round, to whoever has had fewest).

    python benchmarks/odd_seats.py [--seed 1]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for count, teams, size in ROSTERS:
        rng = random.Random(args.seed)
        people = [f"p{i}@org.example" for i in range(count)]
        members = [Member(p, f"Team {i % teams}") for i, p in enumerate(people)]
        pairs, odd = read_past(history(people, size, rng), TODAY, size)
        per_round = sum(n for n in group_sizes(count, size) if n != size)
        line = [f"{count} people in groups of {size} ({per_round} odd seats a round), {PAST} past rounds:"]
        for label, counts in (("without the history's odd seats", None), ("with them", odd)):
            plan = plan_rounds(members, size, NEW, history=pairs, today=TODAY, odd_counts=counts, seed=args.seed)
            total = Counter(odd) + odd_seats(plan.rounds, size)
            spread = max(total.get(p, 0) for p in people) - min(total.get(p, 0) for p in people)
            line.append(f"{label} {spread}")
        line.append(f"least possible {best_spread(odd, people, per_round)}")
        print(" · ".join([line[0], *line[1:]]).replace(": ·", ":"))


if __name__ == "__main__":
    main()
