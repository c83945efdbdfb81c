"""rituals keeps its files in the user folders the platform names (on Linux, the XDG spec's)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rituals.store.userdirs import cache_dir, user_dir

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("RITUALS_DB", "RITUALS_CACHE", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@linux_only
def test_default_database_and_caches_live_in_the_xdg_folders(home: Path) -> None:
    from rituals.service.context import default_db_path

    assert default_db_path() == home / ".local" / "share" / "rituals" / "rituals.json"
    assert cache_dir() == home / ".cache" / "rituals"


@linux_only
def test_the_xdg_variables_move_them(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "caches"))
    assert user_dir("data") == home / "data" / "rituals"
    assert cache_dir() == home / "caches" / "rituals"


def test_rituals_cache_wins_over_the_user_folder(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RITUALS_CACHE", "~/elsewhere")
    assert cache_dir() == home / "elsewhere"


def test_an_unknown_kind_of_folder_is_a_bug() -> None:
    with pytest.raises(ValueError, match="music"):
        user_dir("music")
