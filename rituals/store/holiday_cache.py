"""Public holidays kept between runs, in one small JSON file in the user's cache folder.

`holidays` takes ~0.2 s to import and to load one country's rules, which every command showing
next dates (`ritual list`, the dashboard, exports) paid again. The dates of a country's year do
not change until the package does, so they are kept with a key naming the installed package
(its path, size and modification time: reading its version would import importlib.metadata).
A missing, damaged or foreign file is ignored and rewritten; a file that cannot be written only
means the next run computes again. The file holds public dates, nothing about the team.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date
from importlib.util import find_spec
from pathlib import Path

from rituals.core.schedule import use_holiday_cache
from rituals.store.userdirs import cache_dir, write_cache_file

FILE = "holidays.json"


class HolidayFile:
    """``core.schedule.HolidayCache`` over a JSON file: {"package": key, "days": {"FR-2026": [...]}}."""

    def __init__(self, path: Path, package: str | None = None) -> None:
        self.path = path
        self.package = package  # None: found on first use (most commands never need holidays)
        self._days: dict[str, list[str]] | None = None

    def _load(self) -> dict[str, list[str]]:
        if self._days is None:
            self._days = {}
            self.package = self.package or package_key()
            with contextlib.suppress(OSError, ValueError):
                saved = json.loads(self.path.read_text(encoding="utf-8")) if self.package else None
                if isinstance(saved, dict) and saved.get("package") == self.package and isinstance(saved.get("days"), dict):
                    self._days = saved["days"]
        return self._days

    def get(self, country: str, year: int) -> frozenset[date] | None:
        days = self._load().get(f"{country}-{year}")
        if not isinstance(days, list):
            return None
        try:
            return frozenset(date.fromisoformat(d) for d in days)
        except (TypeError, ValueError):
            return None  # a damaged entry: computed again, then replaced

    def put(self, country: str, year: int, days: frozenset[date]) -> None:
        known = self._load()
        if self.package is None:
            return  # no installed package to name the file after: nothing is kept
        known[f"{country}-{year}"] = sorted(d.isoformat() for d in days)
        write_cache_file(self.path, json.dumps({"package": self.package, "days": known}, sort_keys=True))


def package_key() -> str | None:
    """Which holidays package is installed (None when it is not findable: then no cache)."""
    try:
        spec = find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return None
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def install() -> None:
    """Make the core keep the holidays it computes in the user's cache folder."""
    use_holiday_cache(HolidayFile(cache_dir() / FILE))
