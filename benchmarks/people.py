"""People over time, in figures: the onboarding trail and the participation budget.

    python benchmarks/people.py            # both
    python benchmarks/people.py trail      # 60 people, 6 newcomers, 8 weekly rounds of pairs
    python benchmarks/people.py budget     # 200 random plans of 4 rituals over 3 months

The tests (tests/test_people_over_time.py) assert what these print; this script says how much.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.budget import Budget, Caps, Load, choose  # noqa: E402
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule  # noqa: E402
from rituals.service import open_service  # noqa: E402

TODAY = date(2027, 1, 4)  # a Monday
TEAMS = ("Engineering", "Sales", "Data", "Design", "Product", "Finance", "Care")


def organisation(newcomers: int = 6, size: int = 60) -> list[Person]:
    """``size`` people in seven teams; the first ``newcomers`` (one per team but the last) arrive today."""
    people = []
    for i in range(size):
        team = TEAMS[i % len(TEAMS)]
        joined = TODAY if i < newcomers else date(2020, 1, 1)
        people.append(Person(f"p{i:02d}@org.example", f"Person {i:02d}", team, "remote", "Europe/Paris", joined))
    return people


def trail_run(with_trail: bool, rounds: int = 8, weeks: int = 6, seed: int = 7) -> dict[str, object]:
    """Plan ``rounds`` weekly rounds of pairs for everyone; count, for each newcomer, the teams
    met within ``weeks``, and the pairs that meet twice."""
    with tempfile.TemporaryDirectory() as folder:
        svc = open_service(
            Path(folder) / "db.json", clock=lambda: datetime.combine(TODAY, datetime.min.time()), seed=seed
        )
        people = organisation()
        with svc.store.transaction() as tx:
            for person in people:
                tx.put_person(person)
            tx.put_ritual(
                Ritual(
                    "coffee",
                    "Coffee",
                    "coffee-chat",
                    Schedule(datetime(2027, 1, 5, 10), "Europe/Paris", frequency="weekly"),
                    grouping=Grouping(2, "cross-team"),
                    format="remote",
                )
            )
            tx.summary = "benchmark organisation"
        if with_trail:
            svc.people.set_trail(weeks=weeks)
        preview = svc.rotation.preview("coffee", rounds=rounds, seed=seed)
    team = {p.email: p.team for p in people}
    end = TODAY + timedelta(weeks=weeks)
    met: dict[str, set[str]] = {p.email: set() for p in people if p.joined == TODAY}
    pairs: Counter[frozenset[str]] = Counter()
    for session in preview.sessions:
        for group in session.groups:
            for a, b in combinations(group, 2):
                pairs[frozenset((a, b))] += 1
            for email in group:
                if email in met and session.start.date() <= end:
                    met[email].update(team[o] for o in group if o != email)
    complete = sum(len(teams - {team[e]}) == len(TEAMS) - 1 for e, teams in met.items())
    return {
        "newcomers": len(met),
        "met every team": complete,
        "repeats": sum(n - 1 for n in pairs.values() if n > 1),
        "teams met": sorted(len(t - {team[e]}) for e, t in met.items()),
    }


def random_plan(rnd: random.Random, fair: bool) -> tuple[Counter[str], int, int, set[str]]:
    """One random organisation and 4 rotating rituals over 3 months; each round decided as the
    service does (``fair``) or with everyone invited included. Returns inclusions per person,
    the weekly and monthly caps, and who is active."""
    people = [
        Person(f"p{i}@x.org", f"P{i}", rnd.choice(TEAMS[:4]), joined=date(2020, 1, 1))
        for i in range(rnd.randint(8, 30))
    ]
    week_cap, month_cap = rnd.randint(1, 3), rnd.randint(3, 8)
    budget = Budget(Caps(week_cap, month_cap))
    load = Load()
    start = date(2027, 1, 1)
    rounds = []
    for r in range(4):
        every = rnd.choice((7, 7, 14, 30))
        seats = rnd.choice((None, None, rnd.randint(2, max(2, len(people) // 2))))
        ritual = Ritual(
            f"r{r}",
            f"R{r}",
            rnd.choice(("coffee-chat", "lunch", "game")),
            Schedule(datetime(2027, 1, 1)),
            audience=Audience(),
            grouping=Grouping(rnd.randint(2, 5), seats=seats),
        )
        day = start + timedelta(days=rnd.randrange(7))
        while day < start + timedelta(days=91):
            rounds.append((day, ritual))
            day += timedelta(days=every)
    included: Counter[str] = Counter()
    for day, ritual in sorted(rounds, key=lambda item: (item[0], item[1].id)):
        candidates = [p for p in people if rnd.random() > 0.1]  # someone is always away
        if fair:
            chosen = choose(candidates, day, ritual, load, budget).chosen
        else:
            chosen = tuple(candidates)
            for p in chosen:
                load.add(p.email, day, ritual.id, ritual.kind)
        included.update(p.email for p in chosen)
    over = {e for (e, period), n in load.count.items() if n > (week_cap if period[0] == "w" else month_cap)}
    return Counter({p.email: included[p.email] for p in people}), week_cap, month_cap, over


def budget_run(plans: int = 200, seed: int = 21) -> dict[str, object]:
    rnd_before, rnd_after = random.Random(seed), random.Random(seed)
    before = [random_plan(rnd_before, fair=False) for _ in range(plans)]
    after = [random_plan(rnd_after, fair=True) for _ in range(plans)]

    def spread(runs: list) -> float:
        return sum(max(c.values()) - min(c.values()) for c, *_ in runs) / len(runs)

    return {
        "plans": plans,
        "people over budget (before)": sum(len(r[3]) for r in before),
        "people over budget (after)": sum(len(r[3]) for r in after),
        "mean spread before": round(spread(before), 2),
        "mean spread after": round(spread(after), 2),
    }


def main(argv: list[str]) -> None:
    what = argv[1:] or ["trail", "budget"]
    if "trail" in what:
        for with_trail in (False, True):
            print(("with trails:    " if with_trail else "without trails: "), trail_run(with_trail))
    if "budget" in what:
        print(budget_run())


if __name__ == "__main__":
    main(sys.argv)
