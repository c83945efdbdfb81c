"""Public holidays computed once are kept in the user's cache folder, and never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from rituals.core import schedule as core_schedule
from rituals.core.models import Schedule
from rituals.store.holiday_cache import FILE, HolidayFile, install, package_key

ROOT = Path(__file__).resolve().parents[1]
CHRISTMAS = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4, skip_holidays="FR")


@pytest.fixture(autouse=True)
def no_cache_after():
    yield
    core_schedule.use_holiday_cache(None)  # other tests compute holidays without a file


def test_holidays_are_computed_once_then_read_back(own_cache: Path) -> None:
    install()
    first = [d.date() for d in core_schedule.occurrences(CHRISTMAS)]
    saved = json.loads((own_cache / FILE).read_text())
    assert saved["package"] == package_key() and "2026-12-25" in saved["days"]["FR-2026"]
    assert "2027-01-01" in saved["days"]["FR-2027"]
    # a new process would start from the file: the same dates, without the holidays package
    core_schedule.use_holiday_cache(HolidayFile(own_cache / FILE, package_key()))
    assert [d.date() for d in core_schedule.occurrences(CHRISTMAS)] == first == [date(2026, 12, 18), date(2027, 1, 8)]


@pytest.mark.parametrize("content", [
    "not json", json.dumps({"package": "another install", "days": {"FR-2026": ["2026-12-26"]}}),
    json.dumps({"package": "KEY", "days": {"FR-2026": ["26 Dec"]}}), json.dumps(["a list"]),
])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(own_cache: Path, content: str) -> None:
    key = package_key()
    (own_cache / FILE).write_text(content.replace("KEY", key or ""))
    core_schedule.use_holiday_cache(HolidayFile(own_cache / FILE, key))
    assert core_schedule.is_holiday(CHRISTMAS, date(2026, 12, 25))
    assert not core_schedule.is_holiday(CHRISTMAS, date(2026, 12, 26))  # not a French public holiday
    assert json.loads((own_cache / FILE).read_text())["package"] == key


def test_an_unwritable_cache_only_means_computing_again(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    core_schedule.use_holiday_cache(HolidayFile(blocker / "cache" / FILE, "key"))
    assert core_schedule.is_holiday(CHRISTMAS, date(2026, 12, 25))


def test_a_second_listing_does_not_load_the_holidays_package(tmp_path: Path, own_cache: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes((ROOT / "sample_data" / "rituals.json").read_bytes())
    probe = (
        "import sys\nfrom rituals.cli import main\n"
        f"sys.argv = ['rituals', '--db', {str(db)!r}, 'ritual', 'list']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('HOLIDAYS', 'holidays' in sys.modules)\n"
    )
    env = {**os.environ, "RITUALS_NOW": "2026-11-23T09:00", "RITUALS_CACHE": str(own_cache)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
            for _ in range(2)]
    assert runs[0].stdout.splitlines()[-1] == "HOLIDAYS True"
    assert runs[1].stdout.splitlines()[-1] == "HOLIDAYS False"
    assert runs[0].stdout.splitlines()[:-1] == runs[1].stdout.splitlines()[:-1]  # the same next dates
