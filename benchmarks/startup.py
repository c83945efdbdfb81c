"""Whole-process start-up time of the quick commands, against `python -c "import typer"` and
`khal list` on an empty calendar.

A busy team lead runs `rituals suggest` for a quick idea: it must feel instant. The targets: at
most 1.6x the time Python takes just to import typer, and at least 2.5x faster than `khal list`
(a terminal calendar over the same stack: an empty calendar, so khal's time is its start-up).
All are measured in the same run on the same machine. Runs are interleaved (one of each command
per round) so that a noisy neighbour slows every command alike, and the median of the rounds is
reported. docs/performance.md says which start-up shortcuts these figures justify.

    python benchmarks/startup.py               # 10 rounds
    python benchmarks/startup.py --rounds 20
    python benchmarks/startup.py --importtime  # also: the slowest imports of `rituals suggest`
    python benchmarks/startup.py --instructions  # also: instructions counted by valgrind

Wall time on a shared machine moves by tens of percent from run to run; instruction counts
(valgrind's callgrind) do not, so they say whether a change made start-up cheaper. They leave
out what the kernel does (exec, page faults, reading files), which costs both sides alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.6  # at most this times `python -c "import typer"`
KHAL_FACTOR = 2.5  # at least this many times faster than `khal list`
TYPER = 'python -c "import typer"'
KHAL = "khal list (empty calendar)"


def child_env(workdir: Path) -> dict[str, str]:
    """Like a real install: bytecode is cached (in a temp dir, not the tree), whatever the caller's
    PYTHONDONTWRITEBYTECODE says; without it every run would time the compiler, not rituals."""
    env = {**os.environ, "RITUALS_NOW": "2026-11-23T09:00", "PYTHONPATH": str(ROOT)}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("RITUALS_DB", None)
    env.pop("RITUALS_CACHE", None)  # the user cache folder is found as on a real install...
    env["XDG_CACHE_HOME"] = str(workdir / "cache")  # ...in the temp dir, not the user's home
    return env


def entry_point() -> list[str]:
    """How a user starts rituals: the installed `rituals` script (run by this Python, so that no
    version-manager shim is timed), else `python -m rituals` from the source tree."""
    script = Path(sysconfig.get_path("scripts")) / ("rituals.exe" if os.name == "nt" else "rituals")
    if script.is_file() and os.name != "nt":
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "rituals"]


def khal_command(workdir: Path) -> list[str] | None:
    """`khal list` on one empty calendar (a fresh vdir), with its own config and database in the
    temp dir; run by this Python, like rituals. None when khal is not installed."""
    script = Path(sysconfig.get_path("scripts")) / "khal"
    elsewhere = shutil.which("khal")
    if script.is_file() and os.name != "nt":
        khal = [sys.executable, str(script)]
    elif elsewhere is not None:
        khal = [elsewhere]
    else:
        return None
    vdir = workdir / "calendar"
    vdir.mkdir()
    config = workdir / "khal.conf"
    config.write_text(
        f"[calendars]\n[[empty]]\npath = {vdir}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[sqlite]\npath = {workdir / 'khal.db'}\n",
        encoding="utf-8",
    )
    return [*khal, "-c", str(config), "list"]


def commands(workdir: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The baseline first, then rituals' quick commands, then khal when it is installed."""
    sample = workdir / "sample.json"
    shutil.copyfile(ROOT / "sample_data" / "rituals.json", sample)
    base = child_env(workdir)
    rituals = entry_point()
    todo = {
        TYPER: ([sys.executable, "-c", "import typer"], base),
        "rituals suggest (no DB)": ([*rituals, "--db", str(workdir / "absent.json"), "suggest"], base),
        "rituals suggest (sample DB)": ([*rituals, "--db", str(sample), "suggest"], base),
        "rituals people list (sample DB)": ([*rituals, "--db", str(sample), "people", "list"], base),
        "rituals ritual list (sample DB)": ([*rituals, "--db", str(sample), "ritual", "list"], base),
    }
    khal = khal_command(workdir)
    if khal is not None:
        todo[KHAL] = (khal, base)
    return todo


def wall_time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(rounds: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        todo = commands(Path(tmp))
        for argv, env in todo.values():  # warm the OS file cache and write the .pyc files
            wall_time(argv, env)
        times: dict[str, list[float]] = {name: [] for name in todo}
        for _ in range(rounds):
            for name, (argv, env) in todo.items():
                times[name].append(wall_time(argv, env))
    return times


def report(times: dict[str, list[float]]) -> None:
    """Both ratios: of the medians (the verdict) and of the minimums, which the noise of a shared
    machine cannot inflate (`timeit` reports the minimum for the same reason)."""
    baseline, fastest = statistics.median(times[TYPER]), min(times[TYPER])
    print(f"{'command':<34} {'median':>9} {'min':>9} {'ratio':>7} {'(mins)':>7}  suggest: target <= {TARGET}x typer")
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = median / baseline
        print(
            f"{name:<34} {median * 1000:>7.1f}ms {min(samples) * 1000:>7.1f}ms {ratio:>6.2f}x "
            f"{min(samples) / fastest:>6.2f}x  {typer_verdict(name, ratio)}"
        )
    khal_verdicts({name: statistics.median(samples) for name, samples in times.items()}, "medians")


def typer_verdict(name: str, ratio: float) -> str:
    if not name.startswith("rituals suggest"):
        return ""  # the target is suggest's; the other rows show where the rest stand
    return "ok" if ratio <= TARGET else "SLOW"


def khal_verdicts(figures: dict[str, float], what: str) -> None:
    """How many times faster than `khal list` each `rituals suggest` is (the target: KHAL_FACTOR)."""
    if KHAL not in figures:
        print("khal: not installed (pip install -e '.[test]'), no comparison")
        return
    print(
        f"{'faster than khal list (' + what + ')':<34} {'':>9} {'':>9} {'factor':>7}          target >= {KHAL_FACTOR}x"
    )
    for name, figure in figures.items():
        if name.startswith("rituals suggest"):
            factor = figures[KHAL] / figure
            verdict = "ok" if factor >= KHAL_FACTOR else "SLOW"
            print(f"{name:<34} {'':>9} {'':>9} {factor:>6.2f}x          {verdict}")


def slowest_imports(limit: int = 12) -> None:
    """Where `rituals suggest` spends its import time (python -X importtime, one run)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(Path(tmp))
        argv = [sys.executable, "-X", "importtime", "-m", "rituals", "--db", str(Path(tmp) / "absent.json"), "suggest"]
        subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=True)  # writes the .pyc files
        result = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    rows: list[tuple[int, int, int, str]] = []  # cumulative us, self us, depth, module
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        name = name[1:]  # nesting shows as two leading spaces per level
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((int(cumulative_us), int(self_us), depth, name.strip()))
    print("\nheaviest rituals modules and what they pull in (cumulative):")
    ours = [r for r in rows if r[3].startswith("rituals.") and r[2] <= 3]
    for cumulative, _self, _depth, name in sorted(ours, reverse=True)[:limit]:
        print(f"  {cumulative / 1000:>7.1f}ms  {name}")
    by_package: dict[str, int] = {}
    for _cumulative, self_us, _depth, name in rows:
        by_package[name.split(".")[0]] = by_package.get(name.split(".")[0], 0) + self_us
    print("own time by top-level package:")
    for package, self_us in sorted(by_package.items(), key=lambda kv: -kv[1])[:limit]:
        print(f"  {self_us / 1000:>7.1f}ms  {package}")


def instructions() -> None:
    """Instructions each command executes, counted by valgrind (the same figure on every run)."""
    if shutil.which("valgrind") is None:
        print("\ninstructions: valgrind is not installed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        todo = commands(Path(tmp))
        for argv, env in todo.values():  # write the .pyc files first
            wall_time(argv, env)
        counts = {}
        for name, (argv, env) in todo.items():
            out = subprocess.run(
                ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            collected = [line for line in out.stderr.splitlines() if "Collected" in line]
            counts[name] = int(collected[-1].split()[-1])
    baseline = counts[TYPER]
    print(f"\n{'instructions (valgrind)':<34} {'count':>13} {'ratio':>7}")
    for name, count in counts.items():
        print(f"{name:<34} {count / 1e6:>11.1f}M {count / baseline:>6.2f}x  {typer_verdict(name, count / baseline)}")
    khal_verdicts({name: float(count) for name, count in counts.items()}, "instructions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    args = parser.parse_args()
    how = "installed script" if entry_point()[1:2] != ["-m"] else "python -m rituals"
    print(
        f"python {sys.version.split()[0]}, {args.rounds} rounds, bytecode cached, {how}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    report(measure(args.rounds))
    if args.importtime:
        slowest_imports()
    if args.instructions:
        instructions()


if __name__ == "__main__":
    main()
