"""Find the base round of a 4-RGDD again (``rituals.core.rotation.golf.rgdd``) and print it.

    python benchmarks/rgdd_search.py 96 5          # golfers, unit u (3^u) or w (2^u), seed 0
    python benchmarks/rgdd_search.py 56 7 --seed 0 --restarts 100
    python benchmarks/rgdd_search.py 120 16 --look-ahead

It prints the time taken and the entry to store in ``bases_rgdd``, or a line saying that the
restarts ran out; docs/golf.md lists the calls that found the stored entries.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rituals.core.rotation.golf.rgdd import find_rgdd  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("golfers", type=int)
    parser.add_argument("unit", type=int, help="u of order 3 (or 1) for type 3^u, w of order 3 for 2^u")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--restarts", type=int, default=100)
    parser.add_argument("--look-ahead", action="store_true", help="prune when a difference can no longer be met")
    args = parser.parse_args()
    start = time.process_time()
    try:
        found = find_rgdd(args.golfers, args.unit, args.seed, args.nodes, args.restarts, args.look_ahead)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    seconds = time.process_time() - start
    if found is None:
        print(f"{args.golfers}: none within {args.restarts} restarts ({seconds:.1f} s)")
        return 1
    print(f"{args.golfers}: found in {seconds:.1f} s")
    print(f'({args.golfers}, 4): ("resolvable-gdd", _B("{found.group}", 3, {found.fixed}, "{found.blocks}")),')
    return 0


if __name__ == "__main__":
    sys.exit(main())
