"""Storage: one TinyDB JSON file, atomic, locked, versioned, journaled.

``database`` (the Store), ``transaction`` (changes in memory, written once, knowing the records
they touch), ``journal`` (the entry of each write, compaction, reading the newest entries, stale
writes checked against later ones), ``checks`` (the shape of every record and journal entry),
``files`` (only regular files, portable names), ``migrations``, ``codec`` (dict <-> dataclass),
``doctor`` (checks and repairs on the raw file), ``erasure`` (what forgetting someone does to the
raw file, its journal and its backups), ``private`` (files only their owner reads), ``userdirs``
(where the user's files live) and ``holiday_cache``. Nothing outside this package touches the
raw tables. Names load on first use, so a command that only needs a user folder does not load
the database code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rituals.store.database import SCHEMA_VERSION as SCHEMA_VERSION
    from rituals.store.database import Store as Store
    from rituals.store.database import schema_version as schema_version

_WHERE = {"SCHEMA_VERSION": "database", "Store": "database", "schema_version": "database"}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
