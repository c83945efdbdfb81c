"""Fixtures of the reliability tests: a small populated database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_support import build_small_db


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """Three people, one rotating ritual with a planned and a held session."""
    return build_small_db(tmp_path / "rituals.json")
