"""rituals' own answer for its default folders is platformdirs' answer."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from rituals.store.userdirs import user_dir

SETUPS = [
    {"HOME": "/home/ana"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "/srv/data", "XDG_CACHE_HOME": "/srv/cache"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "relative/data", "XDG_CACHE_HOME": ""},  # ignored, per the spec
    {"HOME": "relative-home"},  # platformdirs looks the home up in the password database
]


@pytest.mark.parametrize("env", SETUPS, ids=["plain", "xdg", "xdg-relative", "home-relative"])
@pytest.mark.parametrize("kind", ["data", "cache"])
def test_default_folders_are_the_ones_platformdirs_names(monkeypatch: pytest.MonkeyPatch, env: dict, kind: str) -> None:
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "ANDROID_DATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    expected = Path(getattr(platformdirs, f"user_{kind}_dir")("rituals", appauthor=False))
    assert user_dir(kind) == expected
    assert user_dir(kind).is_absolute()


def test_other_systems_ask_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    asked = []
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: asked.append(a) or "/Caches/rituals")
    assert user_dir("cache") == Path("/Caches/rituals") and asked == [("rituals",)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")
def test_default_database_and_suggest_cache_live_in_those_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rituals.service.context import default_db_path
    from rituals.store.userdirs import cache_dir

    for name in ("RITUALS_DB", "RITUALS_CACHE", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db_path() == tmp_path / ".local" / "share" / "rituals" / "rituals.json"
    assert cache_dir() == tmp_path / ".cache" / "rituals"
