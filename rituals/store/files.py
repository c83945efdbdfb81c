"""What the store asks of the file system: only regular files are read or written, kept copies
get names every system can store, and a rename is made durable by flushing its folder."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from rituals.core.errors import StorageError
from rituals.locale import _

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def regular_or_refuse(named: Path, mode: int) -> None:
    """Only a regular file is ever read or written: writing over a device or a FIFO would break
    the machine (a rename replaces even /dev/null), and reading a FIFO would hang."""
    if stat.S_ISREG(mode):
        return
    kind = next((label for test, label in _KINDS if test(mode)), "not a regular file")
    raise StorageError(
        _("database {named} is {kind}, not a file; name a .json file with --db (nothing was written)").format(
            named=named, kind=kind
        )
    )


def portable_name(text: str) -> str:
    """A file-name part every system stores (Windows and SMB refuse ':' and friends; spaces
    make shell work awkward): anything but letters, digits, '.', '-' and '_' becomes '-'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text)


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a directory; the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def keep_copy(path: Path, suffix: str) -> Path:
    """A private copy of ``path`` beside it, named with ``suffix`` (never over an earlier one)."""
    suffix = portable_name(suffix)
    target, n = path.with_name(path.name + suffix), 2
    while target.exists():  # never overwrite an earlier kept copy
        target, n = path.with_name(f"{path.name}{suffix}-{n}"), n + 1
    try:
        shutil.copyfile(path, target)
        os.chmod(target, 0o600)
    except OSError as exc:
        raise StorageError(
            _("cannot back up {path} to {target}: {strerror}").format(path=path, target=target, strerror=exc.strerror)
        ) from exc
    return target


def leftovers_of(path: Path) -> list[Path]:
    """Temporary files of writes to ``path`` that were killed half-way (or one in progress)."""
    import glob  # deferred: only doctor and writes look for leftovers

    folder = path.parent
    pattern = glob.escape(f".{path.name}.") + "*.tmp*"  # a name like "[team].json" is not a pattern
    return sorted(folder.glob(pattern)) if folder.is_dir() else []
