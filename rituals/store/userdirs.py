"""Where rituals keeps its files by default: the user data folder (the plan) and the user cache
folder (what `suggest` showed lately, public holidays already computed), as `platformdirs` names
them (docs/performance.md: a copy of its Linux answer saved too little to keep).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP = "rituals"


def user_dir(kind: str) -> Path:
    """The user's ``kind`` folder for rituals ("data" or "cache"), e.g. ~/.local/share/rituals."""
    import platformdirs  # deferred: docs/performance.md, "Deferred imports"

    if kind == "data":
        return Path(platformdirs.user_data_dir(APP, appauthor=False))
    if kind == "cache":
        return Path(platformdirs.user_cache_dir(APP, appauthor=False))
    raise ValueError(f"no user folder of kind {kind!r}")


def cache_dir() -> Path:
    """$RITUALS_CACHE, else the user cache folder (e.g. ~/.cache/rituals): what suggest showed
    lately, public holidays already computed. Never the plan itself."""
    env = os.environ.get("RITUALS_CACHE")
    return Path(env).expanduser() if env else user_dir("cache")


def write_cache_file(path: Path, text: str) -> None:
    """Written whole then renamed, so a reader never sees half a file; not fsynced and not
    locked: two runs racing lose one run's entry at worst. A cache is a nicety: a folder that
    cannot be written is passed over in silence."""
    from rituals.store.private import make_dirs

    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        make_dirs(path.parent)
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
