"""The core imports no UI or storage; the quick commands never pay for Textual or icalendar."""

from __future__ import annotations

import json
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
    loaded = loaded_after("import rituals.service")
    assert not loaded & UI, loaded & UI


def test_cli_start_does_not_load_heavy_libraries() -> None:
    loaded = loaded_after("import rituals.cli")
    assert not loaded & HEAVY, loaded & HEAVY


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
