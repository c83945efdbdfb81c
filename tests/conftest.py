"""Shared fixtures: a frozen clock, an empty service, and a fresh copy of the sample database."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings

from rituals.sample import SAMPLE_ANCHOR
from rituals.service import Service, open_service

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"
NOW = datetime(SAMPLE_ANCHOR.year, SAMPLE_ANCHOR.month, SAMPLE_ANCHOR.day, 9, 0)
NOW_ENV = NOW.isoformat(timespec="minutes")

# No per-example deadline: a loaded CI machine must not turn slowness into failures. In CI the
# examples are derandomized so a run is reproducible; on a developer's machine they keep exploring.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each test its own cache directory (suggest keeps what it showed there), never the user's."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("RITUALS_CACHE", str(cache))
    return cache


def frozen() -> datetime:
    return NOW


@pytest.fixture
def svc(tmp_path: Path) -> Service:
    """A service on an empty database, with the clock frozen on the sample's anchor day."""
    return open_service(tmp_path / "rituals.json", clock=frozen, seed=1)


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    """A fresh copy of the committed sample database."""
    target = tmp_path / "sample.json"
    shutil.copyfile(SAMPLE_DIR / "rituals.json", target)
    return target


@pytest.fixture
def sample_svc(sample_db: Path) -> Service:
    return open_service(sample_db, clock=frozen, seed=1)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs see the frozen clock and no user database."""
    monkeypatch.setenv("RITUALS_NOW", NOW_ENV)
    monkeypatch.delenv("RITUALS_DB", raising=False)
