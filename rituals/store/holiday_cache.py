"""Public holidays kept between runs, in one small JSON file in the user's cache folder.

Computing a country's holidays means importing the holidays package, which every command showing
next dates (`ritual list`, the dashboard, exports) paid again: see docs/performance.md, "Public
holidays kept between runs". The dates of a country's year do not change until the package does,
so they are kept with a key naming the installed package (its path, size and modification time:
reading its version would import importlib.metadata). A missing, damaged or foreign file is
ignored and rewritten; a file that cannot be written only means the next run computes again. The
file holds public dates, nothing about the team.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date
from importlib.util import find_spec
from pathlib import Path

from rituals.core.schedule import Holidays, PublicHolidays
from rituals.store.userdirs import cache_dir, write_cache_file

FILE = "holidays.json"


class HolidayFile:
    """``core.schedule.Holidays`` kept in a JSON file: {"package": key, "days": {"FR-2026": [...]}}.

    ``path`` defaults to holidays.json in the user's cache folder and ``package`` to the installed
    package's key, both found on first use (most commands never ask for a holiday); ``source``
    computes a year the file lacks (default: the holidays package)."""

    def __init__(self, path: Path | None = None, package: str | None = None, source: Holidays | None = None) -> None:
        self._path = path
        self.package = package
        self.source = PublicHolidays() if source is None else source
        self._saved: dict[str, list[str]] | None = None  # the file's "days", as read
        self._known: dict[str, frozenset[date]] = {}  # what this process asked, parsed once

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = cache_dir() / FILE
        return self._path

    def days(self, country: str, year: int) -> frozenset[date]:
        key = f"{country.upper()}-{year}"
        found = self._known.get(key)
        if found is None:
            found = self.get(country, year)
            if found is None:
                found = self.source.days(country, year)
                self.put(country, year, found)
            self._known[key] = found
        return found

    def _load(self) -> dict[str, list[str]]:
        if self._saved is None:
            self._saved = {}
            self.package = self.package or package_key()
            with contextlib.suppress(OSError, ValueError):
                saved = json.loads(self.path.read_text(encoding="utf-8")) if self.package else None
                if (
                    isinstance(saved, dict)
                    and saved.get("package") == self.package
                    and isinstance(saved.get("days"), dict)
                ):
                    self._saved = saved["days"]
        return self._saved

    def get(self, country: str, year: int) -> frozenset[date] | None:
        """The dates the file holds for that year, or None (absent or damaged)."""
        days = self._load().get(f"{country.upper()}-{year}")
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
        known[f"{country.upper()}-{year}"] = sorted(d.isoformat() for d in days)
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
