"""`rituals history` on a 50,000-entry journal, against `rituals people list` on the same file.

Issue 17's target: listing the last 20 entries of a 50,000-entry journal takes under 2x the time
`people list` takes on the same file. Both read and parse the whole file (one JSON document); the
history then counts down from the file's revision to its newest entries instead of sorting or
decoding the table, so it should cost about what listing people costs.

The file is the sample organisation plus a journal of 50,000 entries as rituals writes them: the
newest 200 whole (with before-images), the others summaries (no before-images). rituals itself
never keeps that many (it compacts to 2,000 summaries and day digests, see docs/safety.md): this
is a file compacted with larger limits, or grown by a rituals that did not compact. Two timings,
each the median of interleaved rounds (one of each per round, so a noisy neighbour slows both
alike): in-process (a fresh Store each time: read, parse, answer) and the whole command.

    python benchmarks/journal.py              # 50,000 entries, 15 rounds
    python benchmarks/journal.py --entries 200000 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.startup import child_env, entry_point  # noqa: E402  (the same way of starting rituals)

TARGET = 2.0
WHOLE = 200  # the newest entries keep their before-images, as the store keeps them


def build(path: Path, entries: int) -> None:
    data = json.loads((ROOT / "sample_data" / "rituals.json").read_text(encoding="utf-8"))
    people = list(data["people"].items())
    journal = {}
    for n in range(1, entries + 1):
        doc_id, person = people[n % len(people)]
        email = person["email"]
        entry = {
            "revision": n,
            "at": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T09:{n % 60:02d}:00Z",
            "by": f"lead{n % 4}",
            "via": "people edit",
            "summary": f"edited {person['name']} <{email}>: team",
            "kind": "change",
            "records": [f"people:{email}"],
            "people": [email],
        }
        if n > entries - WHOLE:
            entry["revert"] = {f"people:{email}": {doc_id: person}}
        journal[str(n)] = entry
    data["journal"] = journal
    data["meta"]["1"]["revision"] = entries
    path.write_text(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def in_process(path: Path, what: str) -> float:
    from rituals.store import Store

    start = time.perf_counter()
    store = Store(path)
    answer = store.people() if what == "people" else store.changes(20)
    assert answer
    return time.perf_counter() - start


def command(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.json"
        build(path, args.entries)
        env = child_env(Path(tmp))
        rituals = [*entry_point(), "--db", str(path)]
        runs = {
            "in-process: people": lambda: in_process(path, "people"),
            "in-process: last 20 changes": lambda: in_process(path, "history"),
            "rituals people list": lambda: command([*rituals, "people", "list"], env),
            "rituals history": lambda: command([*rituals, "history"], env),
        }
        for run in runs.values():  # warm the file cache and the bytecode
            run()
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():
                times[name].append(run())
        size = path.stat().st_size
    print(f"file: {args.entries:,} journal entries, {size / 1e6:.1f} MB; medians of {args.rounds} interleaved rounds")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"  {name:<30} {value * 1000:8.1f} ms")
    for label, people, history in (
        ("in-process", "in-process: people", "in-process: last 20 changes"),
        ("whole command", "rituals people list", "rituals history"),
    ):
        ratio = medians[history] / medians[people]
        verdict = "ok" if ratio < TARGET else "OVER TARGET"
        print(f"{label}: history / people list = {ratio:.2f} (target < {TARGET}) {verdict}")


if __name__ == "__main__":
    main()
