"""How fast the planner feels on a big organisation: 1,000 people, 200 rituals, some history.

Measured headless (no terminal), each figure beside a bare Textual app's in the same run, since
a shared machine's speed moves from minute to minute:

* start: from building the app to the dashboard showing its data, against a bare Textual app
  (a table and a footer) showing itself; the goal is at most 2.5 times the bare app;
* typing: in the People filter, from a key press to the app going idle with the new rows
  drawn (the last screen update the key caused); the goal is a median of 50 ms and at most
  100 ms. A bare app's input gives the floor. Keys are sent as the terminal driver sends them,
  and the time stops at the last screen update, not when the test harness notices (its own
  polling adds tens of milliseconds).

    python benchmarks/tui.py
    python benchmarks/tui.py --people 2000 --rituals 400
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
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
START_RATIO = 2.5  # dashboard ready / bare app ready
KEY_MEDIAN, KEY_WORST = 0.050, 0.100
QUIET = 0.05  # no screen update for this long after a key: the app is idle
SIZE = (120, 40)


def build_db(path: Path, n_people: int, n_rituals: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    people = [
        Person(
            f"p{i:04d}@big.example",
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            TEAMS[i % len(TEAMS)],
            rng.choice(PLACES),
            "Europe/Paris",
            date(2024, 1, 1) + timedelta(days=rng.randrange(1000)),
        )
        for i in range(n_people)
    ]
    rituals = []
    for i in range(n_rituals):
        team = TEAMS[i % len(TEAMS)]
        start = datetime.combine(NOW.date() - timedelta(days=rng.randrange(90)), clock_time(9 + i % 8, 0))
        every = rng.choice(("weekly", "monthly"))
        audience = Audience("teams", (team, TEAMS[(i + 3) % len(TEAMS)])) if i % 3 else Audience()
        rituals.append(
            Ritual(
                f"ritual-{i:03d}",
                f"Ritual {i}",
                KINDS[i % len(KINDS)],
                Schedule(start, "Europe/Paris", timedelta(minutes=45), every),
                audience=audience,
                grouping=Grouping(rng.choice((None, 2, 4, 6)), "cross-team"),
            )
        )
    sessions = []
    emails = [p.email for p in people]
    for ritual in rituals[:60]:  # a quarter of history for a few dozen rituals
        for week in range(1, 13, 3):
            day = datetime.combine(NOW.date() - timedelta(weeks=week), clock_time(12, 0))
            members = rng.sample(emails, 40)
            groups = tuple(tuple(members[k : k + 4]) for k in range(0, 40, 4))
            sessions.append(Session(ritual.id, day, groups, "held", absent=tuple(members[:2])))
    write_db(path, people, rituals, sessions)


# --------------------------------------------------------------------------- start
async def time_to_ready(db: Path) -> tuple[float, float]:
    """Seconds from building the app to the dashboard showing its data: wall time, and CPU time
    (every thread: the one figure a busy machine does not stretch)."""
    from rituals.service import open_service
    from rituals.tui.app import build_app

    started, cpu = time.perf_counter(), time.process_time()
    app = build_app(open_service(db, clock=lambda: NOW, seed=1))
    async with app.run_test(size=SIZE) as pilot:
        while getattr(app.screen, "data", None) is None:
            await asyncio.sleep(0.002)
        await pilot.pause()  # the data is on screen, not just loaded
        return time.perf_counter() - started, time.process_time() - cpu


async def bare_textual_start() -> tuple[float, float]:
    """The floor on this machine: a bare Textual app with a table and a footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

    started, cpu = time.perf_counter(), time.process_time()
    async with Bare().run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - started, time.process_time() - cpu


# --------------------------------------------------------------------------- typing
class Painter:
    """Notes when the screen was last updated (every Screen's compositor refresh)."""

    def __init__(self) -> None:
        from textual.screen import Screen

        self.last = 0.0
        self.cpu: list[float] = []
        refresh: Callable[[Screen], None] = Screen._compositor_refresh

        def noted(screen: Screen) -> None:
            refresh(screen)
            self.last = time.perf_counter()

        Screen._compositor_refresh = noted  # type: ignore[method-assign]

    async def key_to_idle(self, app, pilot, key: str) -> float:
        """Send ``key`` as the terminal driver does; the time to the last screen update it caused.
        The CPU the app spent meanwhile adds up in ``cpu`` (polling included: a slight excess)."""
        from textual import events

        started, cpu = time.perf_counter(), time.thread_time()
        app._driver.send_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))
        await self.settle(pilot)
        self.cpu.append(time.thread_time() - cpu)
        return max(0.0, self.last - started)

    async def settle(self, pilot) -> None:
        for _ in range(100):
            await pilot._wait_for_screen()  # every widget has handled its messages
            seen = self.last
            await asyncio.sleep(QUIET)
            if self.last == seen:
                return


async def people_typing(db: Path, query: str, painter: Painter) -> dict[str, object]:
    from rituals.service import open_service
    from rituals.tui.app import build_app

    app = build_app(open_service(db, clock=lambda: NOW, seed=1))
    async with app.run_test(size=SIZE) as pilot:
        while getattr(app.screen, "data", None) is None:
            await asyncio.sleep(0.002)
        await pilot.press("2")
        await painter.settle(pilot)
        screen = app.screen
        search = screen.query_one("#search")
        search.cursor_blink = False  # a blinking cursor updates the screen twice a second
        handler = []
        for i in range(1, len(query) + 1):
            search.value = query[:i]  # typing this char posts Input.Changed -> refilter
            await pilot.pause()
            t = time.perf_counter()
            screen.refilter()
            handler.append(time.perf_counter() - t)
        search.value = ""
        search.focus()
        await painter.settle(pilot)
        painter.cpu.clear()
        typed = [await painter.key_to_idle(app, pilot, "space" if ch == " " else ch) for ch in query]
        shown = len(screen.shown)
        typed += [await painter.key_to_idle(app, pilot, "backspace") for _ in query]
    return {"handler": handler, "typed": typed, "shown": shown, "cpu": list(painter.cpu)}


async def bare_typing(query: str, painter: Painter) -> list[float]:
    """The floor: a bare Textual app's input, nothing listening to it."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()
            yield DataTable()
            yield Footer()

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one(Input)
        field.cursor_blink = False
        field.focus()
        await painter.settle(pilot)
        keys = [("space" if ch == " " else ch) for ch in query] + ["backspace"] * len(query)
        return [await painter.key_to_idle(app, pilot, key) for key in keys]


# --------------------------------------------------------------------------- report
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rituals", type=int, default=200)
    parser.add_argument("--query", default="lucas eng")
    parser.add_argument("--runs", type=int, default=7, help="app starts to time; the medians are kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rituals-bench-") as folder:
        db = Path(folder) / "big.json"
        build_db(db, args.people, args.rituals)
        import rituals.tui.app  # noqa: F401 - imported first: the figure is the app, not Python's imports

        loads = [os.getloadavg()[0]]
        asyncio.run(bare_textual_start())  # warm: the first Textual app in a process pays for its caches
        asyncio.run(time_to_ready(db))
        starts, floors = [], []
        for _ in range(args.runs):  # interleaved: a noisy neighbour slows both alike
            gc.collect()  # each start on a clean heap, as in a new process: not the last run's garbage
            floors.append(asyncio.run(bare_textual_start()))
            gc.collect()
            starts.append(asyncio.run(time_to_ready(db)))
        painter = Painter()
        bare_keys = asyncio.run(bare_typing(args.query, painter))
        typing = asyncio.run(people_typing(db, args.query, painter))
        loads.append(os.getloadavg()[0])
    report(args, starts, floors, bare_keys, typing, loads)


def report(
    args,
    starts: list[tuple[float, float]],
    floors: list[tuple[float, float]],
    bare_keys: list[float],
    typing: dict,
    loads: list[float],
) -> None:
    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    def median(pairs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(p[i] for p in pairs)

    ready, floor = median(starts, 0), median(floors, 0)
    ratio = ready / floor
    typed: list[float] = typing["typed"]  # type: ignore[assignment]
    middle, worst = statistics.median(typed), max(typed)
    print(f"{args.people} people, {args.rituals} rituals; {args.runs} starts of each, interleaved")
    print(
        f"bare Textual app ready: median {ms(floor)} (best {ms(min(f[0] for f in floors))}), "
        f"CPU {ms(median(floors, 1))}"
    )
    print(
        f"dashboard ready: median {ms(ready)} (best {ms(min(s[0] for s in starts))}), {ratio:.2f}x the bare app "
        f"(goal <= {START_RATIO}x) {'OK' if ratio <= START_RATIO else 'SLOW'}; CPU {ms(median(starts, 1))}, "
        f"{median(starts, 1) / median(floors, 1):.1f}x"
    )
    print(
        f"bare Textual input, key press to idle: median {ms(statistics.median(bare_keys))}, worst {ms(max(bare_keys))}"
    )
    ok = middle <= KEY_MEDIAN and worst <= KEY_WORST
    print(
        f"people filter, key press to idle ({len(typed)} keys: {args.query!r} typed, then erased): "
        f"median {ms(middle)}, worst {ms(worst)} (goal <= {ms(KEY_MEDIAN)}, <= {ms(KEY_WORST)}) "
        f"{'OK' if ok else 'SLOW'}; "
        f"CPU per key: median {statistics.median(typing['cpu']) * 1000:.1f} ms"
    )
    handler: list[float] = typing["handler"]  # type: ignore[assignment]
    print(
        f"people filter, the handler alone: median {statistics.median(handler) * 1000:.1f} ms, "
        f"worst {max(handler) * 1000:.1f} ms; rows left after {args.query!r}: {typing['shown']}"
    )
    print(f"load average: {loads[0]:.1f} before, {loads[1]:.1f} after, on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
