"""Find a difference matrix of ``rituals.core.rotation.golf.dm_search`` again and print it.

    python benchmarks/dm_search.py 15               # the order of the Latin squares, seed 0
    python benchmarks/dm_search.py 30 --seed 0 --seconds 600

It prints the number of options, the time taken and the whole matrix (rows of group elements,
``-`` for a hole), or a line saying that none was found; docs/golf.md lists the calls that
found the stored matrices (``bases_dm``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rituals.core.rotation.golf.dm_layouts import LAYOUTS  # noqa: E402
from rituals.core.rotation.golf.dm_search import differences_ok, search  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search a difference matrix for the golf table's MOLS.")
    parser.add_argument("order", type=int, choices=sorted(LAYOUTS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--nodes", type=int, default=200_000, help="restart after this many search nodes")
    args = parser.parse_args(argv)
    layout = LAYOUTS[args.order]()
    start = time.monotonic()
    base = search(
        layout, args.seed, args.seconds, args.nodes, log=lambda o, i: print(f"{o} options over {i} items", flush=True)
    )
    if base is None:
        print(f"order {args.order}: nothing found in {time.monotonic() - start:.0f} s")
        return 1
    rows = layout.expand(base)
    assert differences_ok(layout, rows)
    print(f"order {args.order}: found in {time.monotonic() - start:.1f} s (seed {args.seed})")
    for row in rows:
        print(" ".join("-" if x is None else str(x) for x in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
