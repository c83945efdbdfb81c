"""Find a 1-rotational resolvable (v, 5, 1) design again (``rituals.core.rotation.golf.fives_direct``).

    python benchmarks/fives_search.py 8 8 1 --unit 1        # 65 golfers, with alpha
    python benchmarks/fives_search.py 4 4 9 --unit 4        # 145 golfers, with alpha
    python benchmarks/fives_search.py 1 4 21              # 85 golfers, shadow and lift

The arguments are the group Z_a x Z_b x Z_c. With ``--unit`` (alpha's unit on Z_c) it runs
``fives_direct_search.find_direct``, else ``fives_lift_search.find_lifted``. It prints the CPU
time and the entry to store in ``bases_fives2``, or a line saying that the search ran out.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rituals.core.rotation.golf.fives_direct_search import find_direct  # noqa: E402
from rituals.core.rotation.golf.fives_lift_search import find_lifted  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=int)
    parser.add_argument("b", type=int)
    parser.add_argument("c", type=int)
    parser.add_argument("--unit", type=int, default=0, help="alpha's unit on Z_c (a = b); 0: no alpha")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tries", type=int, default=10_000, help="tries for a shadow to lift (no alpha)")
    parser.add_argument("--restarts", type=int, default=100, help="restarts (with alpha)")
    args = parser.parse_args()
    golfers = args.a * args.b * args.c + 1
    start = time.process_time()
    try:
        if args.unit:
            found = find_direct(args.a, args.c, args.unit, seed=args.seed, restarts=args.restarts)
        else:
            found = find_lifted(args.a, args.b, args.c, seed=args.seed, tries=args.tries)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    seconds = time.process_time() - start
    if found is None:
        print(f"{golfers}: none found ({seconds:.1f} s)")
        return 1
    print(f"{golfers}: found in {seconds:.1f} s")
    print(f'{golfers}: DirectFives({found.a}, {found.b}, {found.c}, {found.u}, "{found.blocks}"),')
    return 0


if __name__ == "__main__":
    sys.exit(main())
