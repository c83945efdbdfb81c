"""Folders rituals creates are its owner's only (0700), like the files it writes (0600).

An export folder holds one file per colleague, named after their e-mail: even the names are
personal data. `Path.mkdir(parents=True, mode=...)` applies the mode to the last folder only, so
each missing folder is made here in turn. Folders that already exist are left as they are.
"""

from __future__ import annotations

from pathlib import Path


def make_dirs(folder: Path) -> None:
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
