"""Social Golfer benchmark: best-known schedules for every g-s with g * s <= 150.

For each instance g-s (g groups of s) it prints the best-known number of rounds without any
repeated pair, where that figure comes from, the rounds the solver reaches repeat-free when
asked for them, its method and its wall and CPU time. The best-known figures are written here
from the literature, independently of the solver (``best_known``; the sources are listed
under the table): where the sources we could check give no figure, the instance is asked the
counting bound and only what the solver reaches is printed.

The solver is budgeted by work (``--effort``; docs/performance.md), so its schedules do not
depend on how busy the machine is; ``--time-limit`` is only its safety cap. Constructions
answer at once; the searches behind them spend their budget only where no construction
reaches the figure.

    python benchmarks/sgp.py                    # every instance, effort 0.15 (about 5 s at most)
    python benchmarks/sgp.py --only 11-3 9-4 10-10
    python benchmarks/sgp.py --sizes 3 4        # groups of 3 and 4 only
    python benchmarks/sgp.py --acceptance       # the original acceptance list, with a random baseline
    python benchmarks/sgp.py --planner --seed 1 # the same table through the planner, effort 1

``--planner`` asks ``plan_rounds`` instead of the solver, on a fresh roster of g * s people
(no teams, no history): what ``rituals rotate --roster R --size s --rounds W`` gives a team
lead, at its default effort. It asks the best-known figure only, in groups the planner takes
(up to 12; the shapes without a figure are left out: asked the counting bound, the planner
would spend a search per round below it, keeping the clean rounds of the shorter plans).

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

from rituals.core.rotation import Member, plan_rounds  # noqa: E402
from rituals.core.rotation.golf.solver import max_rounds, solve  # noqa: E402
from rituals.core.rotation.sizes import MAX_SIZE  # noqa: E402

MOST_GOLFERS = 150
# (groups, size, rounds): the acceptance instances, 8-4-10 (the original 32-golfer question),
# and pairs by the circle method.
INSTANCES: list[tuple[int, int, int]] = [
    (5, 3, 7),
    (4, 4, 5),
    (6, 3, 8),
    (8, 3, 10),
    (10, 3, 13),
    (5, 5, 6),
    (8, 4, 9),
    (8, 4, 10),
    (4, 2, 7),
    (10, 2, 19),
    (32, 2, 63),
]

SOURCES = {
    "circle": "round robin by the circle method: every pair once in v - 1 rounds (Kirkman 1847)",
    "one round": "fewer groups than places: any second round repeats a pair (pigeonhole)",
    "KTS": "Kirkman triple system, v = 3 mod 6 (Ray-Chaudhuri and Wilson 1971)",
    "NKTS": "nearly Kirkman triple system, v = 0 mod 6, v >= 18 (Baker and Wilson 1977)",
    "4-3": "no NKTS(12) (Kotzig and Rosa 1974): 4-3-5 is impossible; 4 rounds from TD(3, 4)",
    "RBIBD4": "resolvable (v, 4, 1) design, v = 4 mod 12 (Hanani, Ray-Chaudhuri and Wilson 1972)",
    "RGDD3": "4-RGDD of type 3^(v/3), v = 0 mod 12, v >= 24 (Ge, Lam, Ling and Shen 2005)",
    "RGDD2": "4-RGDD of type 2^(v/2), v = 8 mod 12, v >= 32, but 92 and 140 (Ge, Lam, Ling and Shen 2005; "
    "the possible exceptions as Miller, Valkov and Abel 2026 list them)",
    "RGDD2?": "v = 92, 140: possible exceptions for the 4-RGDD of type 2^(v/2) (Miller, Valkov and Abel "
    "2026: 8, 20, 92, 140, 164, 188, ...), no (v - 2) / 3 rounds known; their figure for it not read here",
    "5-4": "no 4-RGDD of type 2^10 (Ge, Lam, Ling and Shen 2005): 5-4-6 is impossible; OEIS A107431 gives 5",
    "AG": "affine geometry AG(k, q): (q^k - 1) / (q - 1) rounds of lines",
    "MOLS": "n-n: N(n) + 2 rounds from N(n) MOLS of order n, and no more (Handbook of "
    "Combinatorial Designs, 2nd ed., table III.3.87: N(6) = 1, N(10) >= 2, N(12) >= 5)",
    "RTD": "resolvable TD(s, g) from s - 1 MOLS of order g (Handbook, III.3.87), plus each "
    "level alone when s divides g",
    "RBIBD5": "resolvable (v, 5, 1) design, v = 5 mod 20 but 45 (Handbook of Combinatorial Designs, 2nd ed., II.7.4)",
    "8-4-10": "Aguado 2004 (the original question, CSPLib prob010)",
    "OEIS": "OEIS A107431, which quotes W. Harvey's results page",
    "MVA": "Miller, Valkov and Abel, Combinatorial solutions to the Social Golfer Problem..., Symmetry 18 "
    "(2026) 269, appendix B (rows for 11 to 20 groups, read in a public transcription of its tables)",
}

# Lower bounds on the number of MOLS for the orders up to 30 that are not prime powers
# (Handbook of Combinatorial Designs, 2nd ed., table III.3.87), and N(18) >= 5 since Abel,
# Existence of five MOLS of orders 18 and 60, J. Combin. Des. 23 (2015).
MOLS_LOWER = {6: 1, 10: 2, 12: 5, 14: 3, 15: 4, 18: 5, 20: 4, 21: 5, 22: 3, 24: 7, 26: 4, 28: 5, 30: 4}
# Small values of OEIS A107431 (n groups of k) not given by a rule below.
OEIS = {(5, 4): 5, (6, 5): 6, (7, 5): 7}
# Miller, Valkov and Abel 2026 (Symmetry 18(2) 269, arXiv:2507.23376), appendix B: the best
# known rounds for v <= 150 from their constructions. Only its rows for 11 to 20 groups could be
# read (in a public transcription of the paper's tables, not the paper itself), and only the rows
# the rules below miss or fall short of are kept: RGDD(99, 9, 3) for 11-9; RTD(5, 14) and
# RTD(5, 18), RTD(6, 18) + G(1), from 4 MOLS of order 14 and 5 of order 18 (beyond the Handbook's
# table); RBIBD(120, 8) for 15-8; MOLRs (Latin rectangles) and ownSG (their starter blocks).
MVA = {
    (11, 9): 12,
    (12, 7): 7,
    (12, 8): 6,
    (12, 9): 6,
    (12, 10): 6,
    (12, 11): 6,
    (14, 5): 14,
    (14, 6): 9,
    (14, 7): 9,
    (14, 8): 8,
    (14, 9): 7,
    (14, 10): 5,
    (15, 6): 10,
    (15, 8): 17,
    (15, 9): 7,
    (15, 10): 5,
    (18, 5): 18,
    (18, 6): 19,
    (18, 7): 10,
    (18, 8): 6,
    (20, 6): 13,
    (20, 7): 5,
}
# v = 8 mod 12 up to 150 with no known 4-RGDD of type 2^(v/2) (Miller, Valkov and Abel 2026)
RGDD2_OPEN = {92, 140}
RBIBD5 = {65, 85, 105, 125, 145}  # v = 5 mod 20 up to 150, 45 open; 25 and 125 are affine


def prime_power(n: int) -> int | None:
    """p when n is a power of the prime p."""
    p = next((d for d in range(2, n + 1) if n % d == 0), None)
    if p is None:
        return None
    while n % p == 0:
        n //= p
    return p if n == 1 else None


def mols_known(n: int) -> int:
    return n - 1 if prime_power(n) else MOLS_LOWER.get(n, 0)


def affine(groups: int, size: int) -> int | None:
    """Rounds of lines of AG(k, q) when size = q is a prime power and groups * size = q^k."""
    if not prime_power(size):
        return None
    v, k = groups * size, 1
    while size**k < v:
        k += 1
    return (v - 1) // (size - 1) if size**k == v and k >= 2 else None


def best_known(groups: int, size: int) -> tuple[int | None, str]:
    """The most repeat-free rounds the literature we checked gives, and its source key (None:
    no figure there)."""
    v = groups * size
    if size == 2:
        return v - 1, "circle"
    if groups < size:
        return 1, "one round"
    if size == 3:
        if v % 6 == 3:
            return (v - 1) // 2, "KTS"
        return (4, "4-3") if v == 12 else ((v - 2) // 2, "NKTS")
    if size == 4:
        if v % 12 == 4:
            return (v - 1) // 3, "RBIBD4"
        if v % 12 == 0:
            return v // 3 - 1, "RGDD3"
        if v == 20:
            return 5, "5-4"
        if v in RGDD2_OPEN:
            return None, "RGDD2?"
        return (v - 2) // 3, "8-4-10" if v == 32 else "RGDD2"
    found: list[tuple[int, str]] = []
    if affine(groups, size):
        found.append((affine(groups, size), "AG"))
    if groups == size:
        found.append((mols_known(size) + 2, "MOLS"))
    if size == 5 and v in RBIBD5:
        found.append(((v - 1) // 4, "RBIBD5"))
    if mols_known(groups) >= size - 1:
        inner = best_known(groups // size, size)[0] if groups % size == 0 else 0
        found.append((groups + (inner or 0), "RTD"))
    if (groups, size) in OEIS:
        found.append((OEIS[(groups, size)], "OEIS"))
    if (groups, size) in MVA:
        found.append((MVA[(groups, size)], "MVA"))
    return max(found, key=lambda pair: pair[0]) if found else (None, "")  # the first of equals


def instances(sizes: list[int] | None = None) -> list[tuple[int, int]]:
    """Every g-s with 2 <= g, 2 <= s and g * s <= MOST_GOLFERS, by size then groups."""
    return [
        (g, s)
        for s in range(2, MOST_GOLFERS // 2 + 1)
        if sizes is None or s in sizes
        for g in range(2, MOST_GOLFERS // s + 1)
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
            pairs = {
                (min(a, b), max(a, b))
                for k in range(groups)
                for i, a in enumerate(golfers[k * size : (k + 1) * size])
                for b in golfers[k * size : k * size + i]
            }
            if pairs & met:
                break
            met |= pairs
            clean += 1
        reached.append(clean)
    return statistics.fmean(reached), max(reached)


def run_instance(
    groups: int,
    size: int,
    rounds: int,
    time_limit: float = 120.0,
    seed: int = 0,
    effort: float = 1.0,
    baseline: bool = True,
) -> dict[str, object]:
    started, cpu_started = time.perf_counter(), time.process_time()
    result = solve(groups, size, rounds, seed=seed, time_limit=time_limit, effort=effort)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    mean, best = random_baseline(groups, size, rounds) if baseline else (0.0, 0)
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


def run_planner(groups: int, size: int, rounds: int, time_limit: float, seed: int, effort: float) -> dict[str, object]:
    """The instance through the planner, on a fresh roster of people 0..groups * size - 1."""
    members = [Member(f"p{i}") for i in range(groups * size)]
    started, cpu_started = time.perf_counter(), time.process_time()
    plan = plan_rounds(members, size, rounds, seed=seed, time_limit=time_limit, effort=effort)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "instance": f"{groups}-{size}-{rounds}",
        "reached": plan.metrics["rounds_repeat_free"],
        "target": rounds,
        "repeats": plan.metrics["repeat_pairs"],
        "method": plan.metrics["method"],
        "wall": wall,
        "cpu": cpu,
    }


def acceptance(args: argparse.Namespace) -> None:
    """The original acceptance list, with a history-blind random baseline."""
    header = f"{'instance':>9}  {'repeat-free':>11}  {'repeats':>7}  {'method':<22}{'wall s':>7}{'cpu s':>7}  random"
    print(header)
    print("-" * len(header))
    for groups, size, rounds in INSTANCES:
        row = run_instance(groups, size, rounds, args.time_limit, args.seed, args.effort)
        print(
            f"{row['instance']:>9}  {row['reached']:>5} / {row['target']:<3}  {row['repeats']:>7}  "
            f"{row['method']:<22}{row['wall']:>7.2f}{row['cpu']:>7.2f}  "
            f"{row['baseline_mean']:.2f} / {row['baseline_best']}",
            flush=True,
        )


def _furthest(groups: int, size: int, row: dict[str, object], args: argparse.Namespace) -> dict[str, object]:
    """Asked the counting bound, the solver keeps the longest repeat-free start of what it
    finds; asked fewer rounds, it may find them all (a layout that fits them, docs/golf.md)."""
    while _reached(row) < max_rounds(groups, size):
        ask = _reached(row) + 1
        probe = run_instance(groups, size, ask, args.time_limit, args.seed, args.effort, baseline=False)
        if _reached(probe) < ask:
            break
        row = probe
    return row


def _reached(row: dict[str, object]) -> int:
    reached = row["reached"]
    assert isinstance(reached, int)
    return reached


def table(args: argparse.Namespace) -> None:
    chosen = [(g, s) for g, s in instances(args.sizes) if args.only is None or f"{g}-{s}" in args.only]
    header = (
        f"{'g-s':>7}  {'golfers':>7}  {'bound':>5}  {'best known':>10}  {'source':<10}{'reached':>8}"
        f"  {'method':<20}{'wall s':>7}{'cpu s':>7}"
    )
    print(header)
    print("-" * len(header))
    known = reached_known = beyond = 0
    slowest, trivial = 0.0, []
    for groups, size in chosen:
        best, source = best_known(groups, size)
        if args.planner:
            if best is None or size > MAX_SIZE:
                continue
            row = run_planner(groups, size, best, args.time_limit, args.seed, args.effort)
        else:
            row = run_instance(
                groups, size, best or max_rounds(groups, size), args.time_limit, args.seed, args.effort, baseline=False
            )
            if best is None or _reached(row) < best:  # then ask one round more than reached, while that works
                row = _furthest(groups, size, row, args)
        known += best is not None
        reached_known += best is not None and row["reached"] >= best
        beyond += best is not None and row["reached"] > best
        slowest = max(slowest, row["wall"]) if best is not None and row["reached"] >= best else slowest
        if groups < size and not args.all_rows and row["reached"] == 1:
            trivial.append(f"{groups}-{size}")
            continue
        shown = "-" if best is None else str(best)
        print(
            f"{f'{groups}-{size}':>7}  {groups * size:>7}  {max_rounds(groups, size):>5}  {shown:>10}  {source:<10}"
            f"{row['reached']:>8}  {row['method']:<20}{row['wall']:>7.2f}{row['cpu']:>7.2f}",
            flush=True,
        )
    if trivial:
        print(
            f"\none round (fewer groups than places), reached: {len(trivial)} instances from "
            f"{trivial[0]} to {trivial[-1]}"
        )
    print(
        f"\n{reached_known}/{known} instances with a best-known figure reach it "
        f"({beyond} beyond it), slowest {slowest:.2f} s; "
        + (
            f"{len(chosen) - known} left out (no figure, or groups over {MAX_SIZE})"
            if args.planner
            else f"{len(chosen) - known} without a figure"
        )
    )
    print("\nsources:")
    for key, text in SOURCES.items():
        print(f"  {key:<10}{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=60.0, help="safety cap per instance, in seconds")
    parser.add_argument(
        "--effort", type=float, default=None, help="work budget, 1 = about 30 s of searching (0.15; 1 with --planner)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=None, help="instances as g-s")
    parser.add_argument("--sizes", nargs="*", type=int, default=None, help="group sizes to run")
    parser.add_argument("--all-rows", action="store_true", help="also print the one-round instances")
    parser.add_argument("--acceptance", action="store_true", help="the original acceptance list instead")
    parser.add_argument("--planner", action="store_true", help="ask the planner (plan_rounds), not the solver")
    args = parser.parse_args()
    if args.effort is None:
        args.effort = 1.0 if args.planner else 0.15
    print(
        f"{'planner' if args.planner else 'solver'}, effort {args.effort:g} (cap {args.time_limit:g} s) "
        f"per instance, seed {args.seed}, "
        f"Python {sys.version.split()[0]}"
    )
    (acceptance if args.acceptance else table)(args)


if __name__ == "__main__":
    main()
