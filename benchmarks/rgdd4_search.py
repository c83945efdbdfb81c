"""Find a 4-RGDD with the scarcest-difference search (``rituals.core.rotation.golf.rgdd4_search``).

    python benchmarks/rgdd4_search.py 80 3                 # golfers, unit u (3^u) or w (2^u), seed 0
    python benchmarks/rgdd4_search.py 116 7 --seed 0 --restarts 100000

It prints the CPU time taken and the entry to store in ``bases_rgdd4``, or a line saying that
the restarts ran out; docs/golf.md lists the calls that found the stored entries.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rituals.core.rotation.golf.rgdd4_search import find_scarce  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("golfers", type=int)
    parser.add_argument("unit", type=int, help="u of order 3 (or 1) for type 3^u, w of order 3 for 2^u")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--restarts", type=int, default=100)
    args = parser.parse_args()
    start = time.process_time()
    try:
        found = find_scarce(args.golfers, args.unit, args.seed, args.nodes, args.restarts)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    seconds = time.process_time() - start
    if found is None:
        print(f"{args.golfers}: none within {args.restarts} restarts ({seconds:.1f} s)")
        return 1
    print(f"{args.golfers}: found in {seconds:.1f} s")
    print(f'{args.golfers}: _B("{found.group}", 3, {found.fixed}, "{found.blocks}"),')
    return 0


if __name__ == "__main__":
    sys.exit(main())
