"""Social Golfer benchmark: the exact, repeat-free solver on the acceptance instances.

For each instance g-p-w it prints the rounds reached without any repeat against the target,
the repeated meetings, the method, the wall and CPU time (the solver uses one core; on a busy
machine wall time runs ahead of CPU time), and a history-blind baseline that deals a random
partition each round (mean and best repeat-free rounds over 100 shuffles). The solver is
budgeted by work (``--effort``; docs/performance.md), so its schedules do not depend on how
busy the machine is; ``--time-limit`` is only its safety cap.

    python benchmarks/sgp.py                    # every instance, effort 1 (about 30 s for the hardest)
    python benchmarks/sgp.py --effort 0.3
    python benchmarks/sgp.py --only 8-4-10 5-3-7
    python benchmarks/sgp.py --extra            # also harder shapes beyond the acceptance list

``benchmarks/rotation.py`` may import ``INSTANCES``, ``random_baseline`` and ``run_instance``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.rotation.golf.solver import solve  # noqa: E402

# (groups, size, rounds): the acceptance instances, 8-4-10 (the original 32-golfer question),
# and pairs by the circle method.
INSTANCES: list[tuple[int, int, int]] = [
    (5, 3, 7), (4, 4, 5), (6, 3, 8), (8, 3, 10), (10, 3, 13), (5, 5, 6), (8, 4, 9), (8, 4, 10),
    (4, 2, 7), (10, 2, 19), (32, 2, 63),
]
# Beyond the acceptance list: resolvable designs and near-maximal schedules of team sizes.
EXTRA: list[tuple[int, int, int]] = [
    (6, 4, 7), (7, 3, 10), (7, 4, 9), (9, 4, 11), (10, 4, 13), (11, 3, 16), (10, 5, 12),
]


def random_baseline(groups: int, size: int, rounds: int, trials: int = 100, seed: int = 0) -> tuple[float, int]:
    """(mean, best) repeat-free rounds when each round is a fresh random partition."""
    rng = random.Random(seed)
    golfers = list(range(groups * size))
    reached = []
    for _ in range(trials):
        met: set[tuple[int, int]] = set()
        clean = 0
        for _ in range(rounds):
            rng.shuffle(golfers)
            pairs = {(min(a, b), max(a, b)) for k in range(groups)
                     for i, a in enumerate(golfers[k * size:(k + 1) * size]) for b in golfers[k * size:k * size + i]}
            if pairs & met:
                break
            met |= pairs
            clean += 1
        reached.append(clean)
    return statistics.fmean(reached), max(reached)


def run_instance(groups: int, size: int, rounds: int, time_limit: float = 120.0, seed: int = 0,
                 effort: float = 1.0) -> dict[str, object]:
    started, cpu_started = time.perf_counter(), time.process_time()
    result = solve(groups, size, rounds, seed=seed, time_limit=time_limit, effort=effort)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    mean, best = random_baseline(groups, size, rounds)
    return {
        "instance": f"{groups}-{size}-{rounds}",
        "reached": result.rounds_repeat_free,
        "target": rounds,
        "repeats": result.repeats,
        "method": result.method,
        "wall": wall,
        "cpu": cpu,
        "baseline_mean": mean,
        "baseline_best": best,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=120.0, help="safety cap per instance, in seconds")
    parser.add_argument("--effort", type=float, default=1.0, help="work budget, 1 = about 30 s of searching")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=None, help="instances as g-p-w")
    parser.add_argument("--extra", action="store_true", help="also run the harder extra shapes")
    args = parser.parse_args()
    pool = INSTANCES + (EXTRA if args.extra or args.only else [])
    chosen = [i for i in pool if args.only is None or "-".join(map(str, i)) in args.only]
    print(f"effort {args.effort:g} (cap {args.time_limit:g} s) per instance, seed {args.seed}, "
          f"Python {sys.version.split()[0]}")
    header = (f"{'instance':>9}  {'repeat-free':>11}  {'repeats':>7}  {'method':<22}{'wall s':>7}{'cpu s':>7}"
              f"  {'random: mean / best':>19}")
    print(header)
    print("-" * len(header))
    solved = 0
    for groups, size, rounds in chosen:
        row = run_instance(groups, size, rounds, args.time_limit, args.seed, args.effort)
        solved += row["reached"] == row["target"]
        print(f"{row['instance']:>9}  {row['reached']:>5} / {row['target']:<3}  {row['repeats']:>7}  "
              f"{row['method']:<22}{row['wall']:>7.2f}{row['cpu']:>7.2f}  "
              f"{row['baseline_mean']:>11.2f} / {row['baseline_best']:<5}",
              flush=True)
    print(f"{solved}/{len(chosen)} instances repeat-free for every round")


if __name__ == "__main__":
    main()
