"""The core imports no UI or storage; the quick commands never pay for Textual or icalendar."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = {"textual", "typer", "rich", "click"}
STORAGE = {"tinydb", "filelock"}
HEAVY = {"textual", "icalendar", "caldav", "holidays", "numpy"}


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json; print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def core_modules() -> list[str]:
    return sorted(f"rituals.core.{p.stem}" for p in (ROOT / "rituals" / "core").glob("*.py") if p.stem != "__init__")


def test_core_imports_no_ui_and_no_storage() -> None:
    imports = "\n".join(f"import {name}" for name in core_modules())
    loaded = loaded_after(imports)
    assert not loaded & (UI | STORAGE), loaded & (UI | STORAGE)


def test_service_imports_no_ui() -> None:
    loaded = loaded_after("import rituals.service.everything")
    assert not loaded & UI, loaded & UI


# What the quick commands must never load: the TUI and calendar stacks, and (for start-up speed,
# see docs/performance.md) rich, the lock library, TinyDB, dateutil, zoneinfo and the rotation maths.
NOT_ON_QUICK_PATHS = {"textual", "icalendar", "caldav", "holidays", "numpy", "rich", "filelock", "tinydb", "dateutil",
                      "platformdirs", "zoneinfo"}
QUICK = [["suggest"], ["suggest", "--seed", "1"], ["suggest", "--format", "json"], ["people", "list"],
         ["ritual", "list"]]
# What a command does load on a database that holds rituals (the sample), and only then: suggest
# asks each ritual's rule whether it met lately (dateutil) and keeps what it showed in the user
# cache folder, which platformdirs names (with no database too); ritual list's next dates follow
# the rule and skip public holidays, kept in that folder.
NEEDS = {"suggest": {"platformdirs", "dateutil"}, "ritual list": {"holidays", "dateutil", "platformdirs"}}


@pytest.mark.parametrize("with_db", [False, True], ids=["no-db", "sample-db"])
@pytest.mark.parametrize("argv", QUICK, ids=[" ".join(a) for a in QUICK])
def test_quick_commands_load_only_what_they_need(tmp_path: Path, with_db: bool, argv: list[str]) -> None:
    db = tmp_path / "db.json"
    if with_db:
        shutil.copyfile(ROOT / "sample_data" / "rituals.json", db)
    probe = (
        "import sys\n"
        "from rituals.cli import main\n"
        f"sys.argv = ['rituals', '--db', {str(db)!r}, *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    env = {**os.environ, "RITUALS_NOW": "2026-11-23T09:00", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("RITUALS_CACHE", None)  # the user cache folder is found as on a real install
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    last = out.stdout.splitlines()[-1]
    assert last.startswith("LOADED") and "rituals" in last, out.stdout[-500:]
    loaded = set(json.loads(last.removeprefix("LOADED ").replace("'", '"')))
    needs = next((v for k, v in NEEDS.items() if " ".join(argv).startswith(k)), set())
    wrong = loaded & (NOT_ON_QUICK_PATHS - needs)
    assert not wrong, wrong
    if with_db:
        assert needs <= loaded, needs - loaded  # the deferred imports still load when they are needed


@pytest.mark.parametrize("module", ["__init__", "people", "ritual", "suggest", "report", "export", "manage", "doctor"])
def test_command_signatures_are_not_strings(module: str) -> None:
    """typer reads every signature at each run: string annotations would be eval-compiled each time."""
    import importlib

    loaded = importlib.import_module("rituals.cli" if module == "__init__" else f"rituals.cli.{module}")
    assert "annotations" not in vars(loaded), "drop `from __future__ import annotations` (see rituals/cli/__init__.py)"


def test_cli_start_does_not_load_heavy_libraries() -> None:
    loaded = loaded_after("import rituals.cli")
    assert not loaded & HEAVY, loaded & HEAVY


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_version_loads_no_command(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom rituals.cli import main\nsys.argv = ['rituals', '--version']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('rituals.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    first, last = out.stdout.splitlines()[0], out.stdout.splitlines()[-1]
    assert first.startswith("rituals ") and first.split()[1][0].isdigit()
    assert "rituals.service" not in last and "rituals.cli.people" not in last, last
