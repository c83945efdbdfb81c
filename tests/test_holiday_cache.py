"""Public holidays computed once are kept in the user's cache folder, and never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from rituals.core.errors import InvalidInput
from rituals.core.models import Schedule
from rituals.core.ritual_spec import RitualSpec
from rituals.core.schedule import is_holiday, occurrences
from rituals.service import open_service
from rituals.store.holiday_cache import FILE, HolidayFile, package_key

ROOT = Path(__file__).resolve().parents[1]
CHRISTMAS = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4, skip_holidays="FR")


class Refuse:
    """A source of holidays that must not be asked: the file has to answer."""

    def days(self, country: str, year: int) -> frozenset[date]:
        raise AssertionError(f"computed {country} {year} again")


class Listed:
    """A calendar whose holidays are the ones it is given; it notes what it was asked."""

    def __init__(self, *days: date) -> None:
        self.holidays = frozenset(days)
        self.asked: list[tuple[str, int]] = []

    def days(self, country: str, year: int) -> frozenset[date]:
        self.asked.append((country, year))
        return frozenset(d for d in self.holidays if d.year == year)


def test_holidays_are_computed_once_then_read_back(own_cache: Path) -> None:
    first = [d.date() for d in occurrences(CHRISTMAS, holidays=HolidayFile())]
    saved = json.loads((own_cache / FILE).read_text())
    assert saved["package"] == package_key() and "2026-12-25" in saved["days"]["FR-2026"]
    assert "2027-01-01" in saved["days"]["FR-2027"]
    # a new process starts from the file: the same dates, and nothing computed
    again = HolidayFile(own_cache / FILE, package_key(), source=Refuse())
    # four sessions kept: Christmas and New Year's Day are skipped and do not count (by hand)
    kept = [date(2026, 12, 18), date(2027, 1, 8), date(2027, 1, 15), date(2027, 1, 22)]
    assert [d.date() for d in occurrences(CHRISTMAS, holidays=again)] == first == kept


def test_the_file_is_found_on_first_use(own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calendar = HolidayFile(source=Listed(date(2026, 12, 25)))  # what open_service builds for every command
    elsewhere = tmp_path / "later"
    monkeypatch.setenv("RITUALS_CACHE", str(elsewhere))  # so building it looked nothing up
    assert is_holiday(CHRISTMAS, date(2026, 12, 25), holidays=calendar)
    assert (elsewhere / FILE).exists() and not (own_cache / FILE).exists()


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"package": "another install", "days": {"FR-2026": ["2026-12-26"]}}),
        json.dumps({"package": "KEY", "days": {"FR-2026": ["26 Dec"]}}),
        json.dumps(["a list"]),
    ],
)
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(own_cache: Path, content: str) -> None:
    key = package_key()
    (own_cache / FILE).write_text(content.replace("KEY", key or ""))
    calendar = HolidayFile(own_cache / FILE, key)
    assert is_holiday(CHRISTMAS, date(2026, 12, 25), holidays=calendar)
    assert not is_holiday(CHRISTMAS, date(2026, 12, 26), holidays=calendar)  # not a French public holiday
    assert json.loads((own_cache / FILE).read_text())["package"] == key


def test_an_unwritable_cache_only_means_computing_again(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    assert is_holiday(CHRISTMAS, date(2026, 12, 25), holidays=HolidayFile(blocker / "cache" / FILE, "key"))


def test_an_unknown_country_is_refused_and_not_kept(own_cache: Path) -> None:
    unknown = Schedule(datetime(2026, 12, 18, 12), "Europe/Paris", frequency="weekly", count=4, skip_holidays="XX")
    with pytest.raises(InvalidInput, match="XX"):
        occurrences(unknown, holidays=HolidayFile())
    assert not (own_cache / FILE).exists()


def test_the_service_passes_its_calendar_to_the_core(tmp_path: Path) -> None:
    calendar = Listed(date(2026, 12, 8))
    svc = open_service(tmp_path / "db.json", clock=lambda: datetime(2026, 11, 23, 9), holidays=calendar)
    lunch = svc.rituals.add(
        RitualSpec(
            title="Lunch",
            kind="lunch",
            start="2026-12-01T12:00",
            timezone="Europe/Paris",
            every="weekly",
            skip_holidays="fr",
        )
    )
    assert calendar.asked == [("FR", 2026)]  # the new ritual's country was checked against it
    assert [d.date() for d in svc.rituals.next_dates(lunch, 3)] == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 22),
    ]


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
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.splitlines()[-1] == "HOLIDAYS True"
    assert runs[1].stdout.splitlines()[-1] == "HOLIDAYS False"
    assert runs[0].stdout.splitlines()[:-1] == runs[1].stdout.splitlines()[:-1]  # the same next dates
