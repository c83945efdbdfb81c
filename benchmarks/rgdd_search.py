"""Find the base round of a 4-RGDD again (``rituals.core.rotation.golf.rgdd`` or, with
``--scarce``, ``rgdd4_search``) and print it.

    python benchmarks/rgdd_search.py 96 5          # golfers, unit u (3^u) or w (2^u), seed 0
    python benchmarks/rgdd_search.py 56 7 --seed 0 --restarts 100
    python benchmarks/rgdd_search.py 120 16 --look-ahead
    python benchmarks/rgdd_search.py 116 7 --scarce --seed 1 --restarts 100000
    python benchmarks/rgdd_search.py 120 16 --scarce --diagonal --seed 100
    python benchmarks/rgdd_search.py 120 1 --scarce --seed 11 --restarts 1000000   # 30-4-39

It prints the CPU time taken and the entry to store in ``bases_rgdd`` (``bases_rgdd4`` with
``--scarce``), or a line saying that the restarts ran out; docs/golf.md lists the calls that
found the stored entries.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rituals.core.rotation.golf.rgdd import find_rgdd  # noqa: E402
from rituals.core.rotation.golf.rgdd4_search import find_scarce  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("golfers", type=int)
    parser.add_argument("unit", type=int, help="u of order 3 (or 1) for type 3^u, w of order 3 for 2^u")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--restarts", type=int, default=100)
    parser.add_argument("--look-ahead", action="store_true", help="prune when a difference can no longer be met")
    parser.add_argument("--scarce", action="store_true", help="branch on the scarcest difference (rgdd4_search)")
    parser.add_argument("--diagonal", action="store_true", help="with --scarce: the diagonal group of order 3")
    args = parser.parse_args()
    start = time.process_time()
    try:
        if args.scarce:
            found = find_scarce(args.golfers, args.unit, args.seed, args.nodes, args.restarts, args.diagonal)
        else:
            found = find_rgdd(args.golfers, args.unit, args.seed, args.nodes, args.restarts, args.look_ahead)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    seconds = time.process_time() - start
    if found is None:
        print(f"{args.golfers}: none within {args.restarts} restarts ({seconds:.1f} s)")
        return 1
    print(f"{args.golfers}: found in {seconds:.1f} s")
    entry = f'_B("{found.group}", 3, {found.fixed}, "{found.blocks}")'
    print(f"{args.golfers}: {entry}," if args.scarce else f'({args.golfers}, 4): ("resolvable-gdd", {entry}),')
    return 0


if __name__ == "__main__":
    sys.exit(main())
