"""Schema migrations: MIGRATIONS[N] turns a schema-N file into schema N+1.

The store applies them in order when it opens an older file, writes the result once, and keeps
the file as it was beside it (``<name>.v<N>.bak``). A migration must accept any record shape
without failing (the records are checked after it) and be harmless on data already migrated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rituals.core.errors import StorageError
from rituals.core.models import normalise_email
from rituals.locale import N_, _
from rituals.store.checks import META

SCHEMA_VERSION = 1
# the doctor knows whether a backup can help: the one advice that always leads somewhere
UNTOUCHED = N_("it was left untouched — run `rituals doctor` to see how to recover it")


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (files with no meta record) kept a person's e-mail under ``id``, not always
    normalised, and sessions without their ``id``: both are looked up by those fields now."""
    for doc in data.get("people", {}).values():
        if isinstance(doc, dict) and "email" not in doc and isinstance(doc.get("id"), str):
            doc["email"] = doc.pop("id")
        if isinstance(doc, dict) and isinstance(doc.get("email"), str):
            doc["email"] = normalise_email(doc["email"])
    for doc in data.get("sessions", {}).values():
        if isinstance(doc, dict) and "id" not in doc:
            ritual_id, start = doc.get("ritual_id"), doc.get("start")
            if isinstance(ritual_id, str) and isinstance(start, str):
                doc["id"] = f"{ritual_id}@{start[:10]}"
    return data


# Migrations from version N to N+1, applied in order on open (after a backup).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def schema_version(data: dict[str, Any]) -> int:
    """0 for a file with no meta record (written before versioning); an empty file is current."""
    if not data:
        return SCHEMA_VERSION
    record = data.get(META, {}).get("1")
    if record is None:
        return 0
    version = record.get("schema", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StorageError(
            _("the database's schema version is not a whole number ({version!r})").format(version=version), _(UNTOUCHED)
        )
    return version


def revision_of(data: dict[str, Any]) -> int:
    revision = data.get(META, {}).get("1", {}).get("revision", 0)
    return revision if isinstance(revision, int) else 0
