"""Where rituals keeps its files by default: the user data folder (the plan) and the user cache
folder (what `suggest` showed lately), as `platformdirs` names them.

`platformdirs` costs ~4 ms to import, more than a tenth of `rituals suggest`'s own start-up. On
Linux its answer is two lines of the XDG Base Directory spec, so those are written here (a test
holds them equal to platformdirs' answer); every other system, or an unusual home (a relative or
missing $HOME), asks platformdirs itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

APP = "rituals"
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "cache": ("XDG_CACHE_HOME", ".cache")}


def user_dir(kind: str) -> Path:
    """The user's ``kind`` folder for rituals ("data" or "cache"), e.g. ~/.local/share/rituals."""
    variable, default = _XDG[kind]
    home = os.environ.get("HOME", "")
    if sys.platform.startswith("linux") and "ANDROID_DATA" not in os.environ and os.path.isabs(home):
        base = os.environ.get(variable, "")
        return Path(base if os.path.isabs(base) else os.path.join(home, default)) / APP
    import platformdirs  # deferred: see the module docstring

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP, appauthor=False))


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
