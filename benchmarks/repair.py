"""Plan repair benchmark: marking one person absent, re-forming the whole session (what the
Rotation screen did) against repairing only their group (what it does now, `svc.rotation.absent`).

A 60-person team (6 teams, 3 offices) has four weekly coffee rounds in pairs and two monthly
lunches in fours (in person) recorded by the rotation engine. For each of 30 people drawn at
random, one session is taken without them both ways; the script prints how many of the others
get a new partner (the figure issue 16 reported: about 56 of 60), how many groups change, and the
time each way. Then it pauses 10 people, one after the other, through the service (each pause
repairs every planned session up to its end) and prints the same figures over the whole plan.

    python benchmarks/repair.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.models import Grouping, Person, Ritual, Schedule  # noqa: E402
from rituals.service import Service, open_service  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0)
CASES = 30
PAUSES = 10


def team(path: Path) -> Service:
    svc = open_service(path, clock=lambda: NOW, seed=7)
    rng = random.Random(16)
    offices = ("Paris", "Lyon", "remote")
    with svc.store.transaction() as tx:
        for i in range(60):
            tx.put_person(Person(f"p{i:02d}@x.example", f"Person {i:02d}", f"Team {i % 6}", rng.choice(offices)))
        tx.put_ritual(
            Ritual(
                "coffee",
                "Coffee",
                "coffee-chat",
                Schedule(datetime(2026, 11, 24, 10), "Europe/Paris", frequency="weekly"),
                grouping=Grouping(2),
                format="remote",
            )
        )
        tx.put_ritual(
            Ritual(
                "lunch",
                "Lunch",
                "lunch",
                Schedule(datetime(2026, 11, 26, 12, 30), "Europe/Paris", frequency="monthly"),
                grouping=Grouping(4),
                format="in-person",
            )
        )
    for ritual, rounds in (("coffee", 4), ("lunch", 2)):
        svc.rotation.commit(svc.rotation.preview(ritual, rounds=rounds, time_limit=2.0))
    return svc


def partners(groups) -> dict[str, frozenset[str]]:
    return {e: frozenset(g) - {e} for g in groups for e in g}


def changed(before, after, gone: set[str]) -> tuple[int, int]:
    """(people, other than those gone, whose group-mates changed; groups that are new)."""
    old, new = partners(before), partners(after)
    people = sum(1 for e in new if e not in gone and new[e] != old.get(e))
    groups = len({frozenset(g) for g in after} - {frozenset(g) for g in before})
    return people, groups


def absent_both_ways(svc: Service, rng: random.Random) -> None:
    rows = {"reshuffle": [], "repair": []}
    sessions = svc.sessions.all(status="planned")
    for _ in range(CASES):
        session = rng.choice(sessions)
        who = rng.choice(session.members)
        started = time.perf_counter()
        again = svc.rotation.preview(session.ritual_id, session.day, absent=[who], time_limit=2.0)
        rows["reshuffle"].append(
            (*changed(session.groups, again.sessions[0].groups, {who}), time.perf_counter() - started)
        )
        started = time.perf_counter()
        shown = svc.rotation.recorded(session.ritual_id, session.day)
        repaired = svc.rotation.absent(shown, [who])
        rows["repair"].append(
            (*changed(session.groups, repaired.sessions[0].groups, {who}), time.perf_counter() - started)
        )
    print(f"one person absent from one session, {CASES} cases (60 people; pairs and lunches in fours):")
    for way, found in rows.items():
        people = [p for p, _, _ in found]
        groups = [g for _, g, _ in found]
        seconds = [s for _, _, s in found]
        print(
            f"  {way:9}  others with new partners: mean {statistics.mean(people):5.1f}, max {max(people):2d}   "
            f"groups changed: mean {statistics.mean(groups):5.1f}, max {max(groups):2d}   "
            f"time: median {statistics.median(seconds) * 1000:7.1f} ms"
        )


def pauses(svc: Service, rng: random.Random) -> None:
    everyone = [p.email for p in svc.people.all()]
    people_moved, groups_moved, seconds, sessions = [], [], [], 0
    for who in rng.sample(everyone, PAUSES):
        before = {s.id: s for s in svc.sessions.all(status="planned")}
        until = date(2026, 11, 24) + timedelta(days=rng.randint(0, 40))
        started = time.perf_counter()
        svc.people.pause(who, until)
        seconds.append(time.perf_counter() - started)
        for after in svc.sessions.all(status="planned"):
            if after.groups != before[after.id].groups:
                sessions += 1
                p, g = changed(before[after.id].groups, after.groups, {who})
                people_moved.append(p)
                groups_moved.append(g)
                assert all(len(group) >= 2 for group in after.groups)
    print(
        f"{PAUSES} pauses through the service: {sessions} planned sessions repaired; per session, others with a "
        f"new partner: mean {statistics.mean(people_moved):.1f}, max {max(people_moved)}; groups changed: mean "
        f"{statistics.mean(groups_moved):.1f}, max {max(groups_moved)}; time per pause: median "
        f"{statistics.median(seconds) * 1000:.0f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        svc = team(Path(folder) / "plan.json")
        rng = random.Random(2026)
        absent_both_ways(svc, rng)
        pauses(svc, rng)


if __name__ == "__main__":
    main()
