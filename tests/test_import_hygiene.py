"""The layers import only what they may (the core no UI, storage or service; the store no service; the
CLI no Textual but where it starts the TUI); the quick commands never pay for Textual or icalendar."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = {"textual", "typer", "rich", "click"}
STORAGE = {"tinydb", "filelock"}
HEAVY = {"textual", "icalendar", "caldav", "holidays", "numpy"}


def loaded_modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def loaded_after(code: str) -> set[str]:
    return {m.split(".")[0] for m in loaded_modules_after(code)}


def core_modules() -> list[str]:
    """Every module of the core, its packages (rotation, catalog, ical...) included."""
    core = ROOT / "rituals" / "core"
    names = []
    for path in core.rglob("*.py"):
        if path.stem == "__main__":
            continue  # running it is its job: importing would run the catalog compiler
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if path.stem == "__init__" else parts))
    return sorted(names)


def test_core_imports_no_ui_no_storage_and_no_service() -> None:
    modules = core_modules()
    assert {"rituals.core.rotation.golf.solver", "rituals.core.catalog.rank", "rituals.core.ical.writer"} <= set(
        modules
    )
    loaded = loaded_modules_after("\n".join(f"import {name}" for name in modules))
    tops = {m.split(".")[0] for m in loaded}
    assert not tops & (UI | STORAGE), tops & (UI | STORAGE)
    outer = {m for m in loaded if m.startswith(("rituals.store", "rituals.service", "rituals.cli", "rituals.tui"))}
    assert not outer, outer


def test_store_imports_no_ui_and_no_service() -> None:
    modules = sorted(
        f"rituals.store.{p.stem}" for p in (ROOT / "rituals" / "store").glob("*.py") if p.stem != "__init__"
    )
    loaded = loaded_modules_after("\n".join(f"import {name}" for name in modules))
    assert not {m.split(".")[0] for m in loaded} & UI
    assert not {m for m in loaded if m.startswith(("rituals.service", "rituals.cli", "rituals.tui"))}


def test_service_imports_no_ui() -> None:
    every_area = (
        "from rituals.service import AREAS, open_service\nsvc = open_service('unused.json')\n"
        "for name in AREAS:\n    getattr(svc, name)"
    )
    loaded = loaded_after(every_area)
    assert not loaded & UI, loaded & UI


def service_modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(sorted(m for m in sys.modules if m.startswith('rituals.service.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"')))


# Each area loads its own module and those of the areas (or constants) it is given, nothing else.
FACE = {"rituals.service.areas", "rituals.service.context"}
AREA_MODULES = {
    "people": {"people"},
    "rituals": {"rituals", "people"},
    "sessions": {"sessions", "rituals", "people"},
    "rotation": {"rotation", "rotation_blocks", "rituals", "people", "drafts", "regroup"},
    "ideas": {"ideas", "rituals", "people"},
    "dashboard": {"dashboard", "sessions", "rituals", "people", "repair", "hours"},
    "hours": {"hours", "rituals", "people"},
    "closures": {"closures"},
    "slots": {"slots", "people", "rituals"},
    "reports": {"reports"},
    "export": {"export", "deliveries", "export_files", "rituals", "people"},  # what each channel holds; files
    "replies": {"replies", "deliveries", "rituals", "people"},  # who was sent which invite
    "privacy": {"privacy", "deliveries", "repair"},  # the names of the invite bookkeeping tables
    "doctor": {"doctor", "repair"},
    "setup": {"setup"},
    "repair": {"repair"},  # the people area is given it lazily: only a pause or a removal loads it
    "history": {"history"},
}
for _modules in AREA_MODULES.values():
    if "people" in _modules:
        _modules.add("person_checks")  # the people area's record rules come with it


def test_every_area_is_listed_here() -> None:
    from rituals.service import AREAS

    assert sorted(AREAS) == sorted(AREA_MODULES)


@pytest.mark.parametrize("area", sorted(AREA_MODULES))
def test_an_area_loads_only_its_own_code_and_its_dependencies(tmp_path: Path, area: str) -> None:
    code = f"from rituals.service import open_service\nopen_service({str(tmp_path / 'db.json')!r}).{area}"
    loaded = service_modules_after(code)
    assert loaded == FACE | {f"rituals.service.{m}" for m in AREA_MODULES[area]}


def test_the_people_area_loads_the_plan_repair_only_to_pause_or_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "db.json")
    listing = f"from rituals.service import open_service\nopen_service({db!r}).people.all()"
    assert "rituals.service.repair" not in service_modules_after(listing)
    pausing = (
        f"from rituals.service import open_service\nsvc = open_service({db!r})\n"
        "svc.people.add('a@x.org', 'A')\nsvc.people.pause('a@x.org', None)"
    )
    assert {"rituals.service.repair", "rituals.service.regroup"} <= service_modules_after(pausing)


def test_a_service_loads_no_area_until_one_is_used(tmp_path: Path) -> None:
    loaded = service_modules_after(
        f"from rituals.service import open_service\nopen_service({str(tmp_path / 'db.json')!r})"
    )
    assert loaded == FACE


# What the quick commands must never load: the TUI and calendar stacks, and (for start-up speed,
# see docs/performance.md) rich, the lock library, TinyDB, dateutil, zoneinfo and the rotation maths.
NOT_ON_QUICK_PATHS = {
    "textual",
    "icalendar",
    "caldav",
    "holidays",
    "numpy",
    "rich",
    "filelock",
    "tinydb",
    "dateutil",
    "platformdirs",
    "zoneinfo",
    "icu",
}
QUICK = [
    ["suggest"],
    ["suggest", "--seed", "1"],
    ["suggest", "--format", "json"],
    ["people", "list"],
    ["ritual", "list"],
    ["history"],
]
# What a command does load on a database that holds rituals (the sample), and only then: suggest
# asks each ritual's rule whether it met lately (dateutil) and keeps what it showed in the user
# cache folder, which platformdirs names (with no database too); ritual list's next dates follow
# the rule and skip public holidays, kept in that folder; people list sorts names with ICU.
NEEDS = {
    "suggest": {"platformdirs", "dateutil"},
    "ritual list": {"holidays", "dateutil", "platformdirs"},
    "people list": {"icu"} if importlib.util.find_spec("icu") else set(),
}
AREA_OF = {
    "suggest": "ideas",
    "people": "people",
    "ritual": "rituals",
    "history": "history",
}  # the one service area each uses


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
        "print('AREAS', sorted(m for m in sys.modules if m.startswith('rituals.service.')))\n"
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
    areas = set(json.loads(out.stdout.splitlines()[-2].removeprefix("AREAS ").replace("'", '"')))
    assert areas == FACE | {f"rituals.service.{m}" for m in AREA_MODULES[AREA_OF[argv[0]]]}
    if with_db:
        assert needs <= loaded, needs - loaded  # the deferred imports still load when they are needed


@pytest.mark.parametrize(
    "module", ["__init__", "people", "ritual", "suggest", "report", "export", "manage", "doctor", "history", "replies"]
)
def test_command_signatures_are_not_strings(module: str) -> None:
    """typer reads every signature at each run: string annotations would be eval-compiled each time."""
    import importlib

    loaded = importlib.import_module("rituals.cli" if module == "__init__" else f"rituals.cli.{module}")
    assert "annotations" not in vars(loaded), "drop `from __future__ import annotations` (see rituals/cli/__init__.py)"


def test_cli_start_does_not_load_heavy_libraries() -> None:
    loaded = loaded_after("import rituals.cli")
    assert not loaded & HEAVY, loaded & HEAVY


# --------------------------------------------------------------------------- import-linter
# import-linter is in the test extra: a missing one fails here rather than skipping the contracts
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"

# The layering, written out: every (source, forbidden) rule must be in a contract of pyproject.toml
RULES = {
    "rituals.core": {
        "rituals.store",
        "rituals.service",
        "rituals.cli",
        "rituals.tui",
        "textual",
        "typer",
        "rich",
        "tinydb",
    },
    "rituals.core.rotation": {"rituals.store", "rituals.service", "textual", "typer", "rich", "tinydb"},
    "rituals.core.catalog": {"rituals.store", "rituals.service", "textual", "typer", "rich", "tinydb"},
    "rituals.core.ical": {"rituals.store", "rituals.service", "textual", "typer", "rich", "tinydb"},
    "rituals.store": {"rituals.service", "rituals.cli", "rituals.tui", "textual", "typer", "rich"},
    "rituals.service": {"rituals.cli", "rituals.tui", "textual", "typer", "rich"},
    "rituals.cli": {"rituals.tui", "textual"},
}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", LINT], check=False, capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_the_contracts_state_every_rule() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert config["root_package"] == "rituals" and config["include_external_packages"] is True
    forbidden: dict[str, set[str]] = {}
    for contract in config["contracts"]:
        assert contract["type"] == "forbidden", contract["name"]
        for source in contract["source_modules"]:
            forbidden.setdefault(source, set()).update(contract["forbidden_modules"])
    missing = {source: rules - forbidden.get(source, set()) for source, rules in RULES.items()}
    assert not any(missing.values()), missing
    ignored = [i for c in config["contracts"] for i in c.get("ignore_imports", [])]
    assert ignored == ["rituals.cli.manage -> rituals.tui.app"]  # the one place that starts the TUI


def test_import_linter_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and " BROKEN" not in result.stdout, result.stdout


# one forbidden import planted in each layer of a copy of the package; each must break its contract
PLANTED = {
    "core/rotation/greedy.py": ("import rich", "rituals.core.rotation.greedy -> rich"),
    "core/catalog/filter.py": (
        "import rituals.store.database",
        "rituals.core.catalog.filter -> rituals.store.database",
    ),
    "core/ical/writer.py": ("import tinydb", "rituals.core.ical.writer -> tinydb"),
    "store/codec.py": ("import rituals.service", "rituals.store.codec -> rituals.service"),
    "service/context.py": ("import typer", "rituals.service.context -> typer"),
    "cli/people.py": ("import textual.app", "rituals.cli.people -> textual"),
}


def test_a_forbidden_import_in_any_layer_breaks_a_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "rituals", tmp_path / "rituals", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, (line, _) in PLANTED.items():
        with open(tmp_path / "rituals" / relative, "a", encoding="utf-8") as module:
            module.write(f"\n{line}  # planted by the test\n")
    result = lint_imports(tmp_path)  # the copy in the working folder is the one analysed
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 5 broken." in result.stdout, result.stdout
    for _, edge in PLANTED.values():
        assert edge in result.stdout, (edge, result.stdout)


def test_only_the_store_walks_the_raw_tables() -> None:
    """Erasure and the doctor's checks are store operations: nothing else reaches TinyDB's tables."""
    raw = re.compile(r"\.db\.(?:tables?|drop_table)\(|\bTinyDB\b")
    outside = [p for p in (ROOT / "rituals").rglob("*.py") if p.relative_to(ROOT / "rituals").parts[0] != "store"]
    assert outside, "no module found outside rituals/store"
    offenders = [str(p.relative_to(ROOT)) for p in outside if raw.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


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
