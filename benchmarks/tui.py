"""How fast the planner feels on a big organisation: 1,000 people, 200 rituals, some history.

Two figures, measured headless (no terminal): the time from building the app to the dashboard
showing its data (target: at most 1 s), and the time each keystroke in the people search takes
to refilter the table (the handler alone, and the key press through to an idle app).

    python benchmarks/tui.py
    python benchmarks/tui.py --people 2000 --rituals 400
"""

from __future__ import annotations

import argparse
import os
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.models import KINDS, Audience, Grouping, Person, Ritual, Schedule, Session  # noqa: E402
from rituals.sample import write_db  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0)
TEAMS = ("Engineering", "Product", "Design", "Sales", "Customer Care", "Data", "Finance", "People", "Legal", "Ops")
PLACES = ("Paris", "Lyon", "New York", "remote", "Berlin")
FIRST = ("Camille", "Mehdi", "Sophie", "Lucas", "Inès", "Thomas", "Priya", "Jonas", "Aïcha", "Hugo", "Emma", "Noah")
LAST = ("Laurent", "Benali", "Martin", "Girard", "Moreau", "Nguyen", "Raman", "Weber", "Diallo", "Petit", "Roux")
TARGET_READY = 1.0


def build_db(path: Path, n_people: int, n_rituals: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    people = [
        Person(f"p{i:04d}@big.example", f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}", TEAMS[i % len(TEAMS)],
               rng.choice(PLACES), "Europe/Paris", date(2024, 1, 1) + timedelta(days=rng.randrange(1000)))
        for i in range(n_people)
    ]
    rituals = []
    for i in range(n_rituals):
        team = TEAMS[i % len(TEAMS)]
        start = datetime.combine(NOW.date() - timedelta(days=rng.randrange(90)), clock_time(9 + i % 8, 0))
        every = rng.choice(("weekly", "monthly"))
        audience = Audience("teams", (team, TEAMS[(i + 3) % len(TEAMS)])) if i % 3 else Audience()
        rituals.append(Ritual(f"ritual-{i:03d}", f"Ritual {i}", KINDS[i % len(KINDS)],
                              Schedule(start, "Europe/Paris", timedelta(minutes=45), every),
                              audience=audience, grouping=Grouping(rng.choice((None, 2, 4, 6)), "cross-team")))
    sessions = []
    emails = [p.email for p in people]
    for ritual in rituals[:60]:  # a quarter of history for a few dozen rituals
        for week in range(1, 13, 3):
            day = datetime.combine(NOW.date() - timedelta(weeks=week), clock_time(12, 0))
            members = rng.sample(emails, 40)
            groups = tuple(tuple(members[k:k + 4]) for k in range(0, 40, 4))
            sessions.append(Session(ritual.id, day, groups, "held", absent=tuple(members[:2])))
    write_db(path, people, rituals, sessions)


async def time_to_ready(db: Path) -> float:
    from rituals.service import open_service
    from rituals.tui.app import build_app

    started = time.perf_counter()
    app = build_app(open_service(db, clock=lambda: NOW, seed=1))
    async with app.run_test(size=(120, 40)) as pilot:
        while getattr(app.screen, "data", None) is None:
            await asyncio.sleep(0.002)
        await pilot.pause()  # the data is on screen, not just loaded
        return time.perf_counter() - started


async def bare_textual_start() -> float:
    """The floor on this machine: a bare Textual app with a table and a footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

    started = time.perf_counter()
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


async def measure(db: Path, query: str) -> dict[str, object]:
    from rituals.service import open_service
    from rituals.tui.app import build_app

    app = build_app(open_service(db, clock=lambda: NOW, seed=1))
    async with app.run_test(size=(120, 40)) as pilot:
        while getattr(app.screen, "data", None) is None:
            await asyncio.sleep(0.002)
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        search = screen.query_one("#search")
        handler, end_to_end = [], []
        for i in range(1, len(query) + 1):
            search.value = query[:i]  # typing this char posts Input.Changed -> refilter
            await pilot.pause()
            t = time.perf_counter()
            screen.refilter()
            handler.append(time.perf_counter() - t)
        search.value = ""
        await pilot.pause()
        search.focus()
        for ch in query:
            t = time.perf_counter()
            await pilot.press("space" if ch == " " else ch)
            await pilot.pause()
            end_to_end.append(time.perf_counter() - t)
        shown = len(screen.shown)
    return {"handler": handler, "end_to_end": end_to_end, "shown": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rituals", type=int, default=200)
    parser.add_argument("--query", default="lucas eng")
    parser.add_argument("--runs", type=int, default=5, help="app starts to time; the median is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rituals-bench-") as folder:
        db = Path(folder) / "big.json"
        build_db(db, args.people, args.rituals)
        import rituals.tui.app  # noqa: F401 - imported first: the figure is the app, not Python's imports

        starts, floors = [], []
        for _ in range(args.runs):  # interleaved: a noisy neighbour slows both alike
            starts.append(asyncio.run(time_to_ready(db)))
            floors.append(asyncio.run(bare_textual_start()))
        result = asyncio.run(measure(db, args.query))
        result["ready"] = statistics.median(starts)
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.1f} ms, max {max(xs) * 1000:.1f} ms"  # noqa: E731
    ok = "OK" if result["ready"] <= TARGET_READY else "SLOW"
    print(f"{args.people} people, {args.rituals} rituals")
    print(f"dashboard ready: median {result['ready'] * 1000:.0f} ms of {args.runs} starts, best "
          f"{min(starts) * 1000:.0f} ms (target <= {TARGET_READY * 1000:.0f} ms) {ok}")
    print(f"  for reference, a bare Textual app starts in {statistics.median(floors) * 1000:.0f} ms here")
    print(f"people filter, handler per keystroke ({len(args.query)} keys): {ms(result['handler'])}")
    print(f"people filter, key press to idle app: {ms(result['end_to_end'])}")
    print(f"rows left after typing {args.query!r}: {result['shown']}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
