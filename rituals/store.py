"""TinyDB adapter: one JSON file, atomic, locked, versioned.

Every change happens in ``with store.transaction() as tx:`` which takes an inter-process file
lock, re-reads the file, applies the changes in memory and writes the whole file once: to a temp
file, fsync, then ``os.replace``. A crash leaves either the old or the new file, never a mix, and
since each transaction re-reads under the lock, a writer can never overwrite newer data with a
stale copy. The previous good file is kept beside it as ``<name>.bak``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from rituals.codec import person_from, ritual_from, session_from, to_dict
from rituals.core.errors import NotFound, StorageError
from rituals.core.models import Person, Ritual, Session

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another before giving up
ENTITY_TABLES = {"people": "email", "rituals": "id", "sessions": "id"}
META = "meta"

# Migrations from version N to N+1, applied in order on open (after a backup).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class _MemoryStorage(Storage):
    """TinyDB storage over a dict the Store loaded; the Store decides when it reaches disk."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data


class Store:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: tuple[tuple[int, int], dict[str, Any]] | None = None

    # ------------------------------------------------------------------ file level
    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def _lock(self) -> FileLock:
        return FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=LOCK_TIMEOUT)

    def _load(self) -> dict[str, Any]:
        """The whole file as TinyDB's dict, checked; an absent or empty file is an empty DB."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        key = (stat.st_mtime_ns, stat.st_size)
        if self._cache and self._cache[0] == key:
            return self._cache[1]
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise StorageError(f"cannot read database {self.path}: {exc.strerror}") from exc
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StorageError(
                f"database {self.path} is not valid JSON ({exc}); it was left untouched — "
                "run `rituals doctor` or restore the .bak copy"
            ) from exc
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StorageError(f"database {self.path} does not hold rituals tables; it was left untouched")
        data = self._check_version(data)
        self._cache = (key, data)
        return data

    def _check_version(self, data: dict[str, Any]) -> dict[str, Any]:
        version = schema_version(data)
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"database {self.path} was written by a newer rituals (schema {version}, "
                f"this one reads up to {SCHEMA_VERSION}); upgrade rituals — the file was not changed"
            )
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            if self.path.exists():
                # keep the last good copy: a hard link costs nothing and is replaced atomically
                bak_tmp = f"{tmp}.bak"
                os.link(self.path, bak_tmp)
                os.replace(bak_tmp, self.backup_path)
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            raise StorageError(f"cannot write database {self.path}: {exc.strerror}") from exc
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._cache = None

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        try:
            with self._lock():
                self._cache = None  # another process may have written since our last read
                data = json.loads(json.dumps(self._load()))  # a private copy to change
                migrated = self._migrate(data)
                tx = Transaction(data)
                yield tx
                if tx.changed or migrated:
                    meta = data.setdefault(META, {})
                    record = meta.setdefault("1", {})
                    record["schema"] = SCHEMA_VERSION
                    record["revision"] = int(record.get("revision", 0)) + 1
                    self._write(data)
        except Timeout as exc:
            raise StorageError(f"database {self.path} is locked by another rituals process; try again") from exc

    def _migrate(self, data: dict[str, Any]) -> bool:
        version = schema_version(data) if data else SCHEMA_VERSION
        if version == SCHEMA_VERSION:
            return False
        shutil.copy2(self.path, self.path.with_name(f"{self.path.name}.v{version}.bak"))
        while version < SCHEMA_VERSION:
            data.update(MIGRATIONS[version](data))
            version += 1
        return True

    # ------------------------------------------------------------------ reads
    @property
    def revision(self) -> int:
        """Increases on every write: lets a long-lived reader (the TUI) see that the file changed."""
        return int(self._load().get(META, {}).get("1", {}).get("revision", 0))

    def _docs(self, table: str) -> list[dict[str, Any]]:
        return list(self._load().get(table, {}).values())

    def people(self) -> list[Person]:
        return sorted((person_from(d) for d in self._docs("people")), key=lambda p: (p.name.lower(), p.email))

    def rituals(self) -> list[Ritual]:
        return sorted((ritual_from(d) for d in self._docs("rituals")), key=lambda r: r.id)

    def sessions(self, ritual_id: str | None = None) -> list[Session]:
        docs = self._docs("sessions")
        if ritual_id is not None:
            docs = [d for d in docs if d.get("ritual_id") == ritual_id]
        return sorted((session_from(d) for d in docs), key=lambda s: (s.start, s.ritual_id))

    def person(self, email: str) -> Person:
        doc = self._find("people", email)
        if doc is None:
            raise NotFound(f"unknown person {email!r}")
        return person_from(doc)

    def ritual(self, ritual_id: str) -> Ritual:
        doc = self._find("rituals", ritual_id)
        if doc is None:
            raise NotFound(f"unknown ritual {ritual_id!r} (see `rituals ritual list`)")
        return ritual_from(doc)

    def session(self, session_id: str) -> Session:
        doc = self._find("sessions", session_id)
        if doc is None:
            raise NotFound(f"unknown session {session_id!r} (sessions are named RITUAL@YYYY-MM-DD)")
        return session_from(doc)

    def state(self, table: str, key: str, default: Any = None) -> Any:
        for doc in self._docs(table):
            if doc.get("key") == key:
                return doc.get("value")
        return default

    def states(self, table: str) -> dict[str, Any]:
        return {d["key"]: d.get("value") for d in self._docs(table) if "key" in d}

    def _find(self, table: str, key: str) -> dict[str, Any] | None:
        field = ENTITY_TABLES[table]
        return next((d for d in self._docs(table) if d.get(field) == key), None)


class Transaction:
    """Changes to one loaded copy of the DB, written by the Store when the block ends."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.db = TinyDB(storage=_MemoryStorage, data=data)
        self.changed = False

    def _upsert(self, table: str, key: str, doc: dict[str, Any]) -> None:
        field = ENTITY_TABLES.get(table, "key")
        self.db.table(table).upsert(doc, Query()[field] == key)
        self.changed = True

    def _remove(self, table: str, key: str) -> bool:
        field = ENTITY_TABLES.get(table, "key")
        removed = self.db.table(table).remove(Query()[field] == key)
        self.changed = self.changed or bool(removed)
        return bool(removed)

    def put_person(self, person: Person) -> None:
        self._upsert("people", person.email, to_dict(person))

    def delete_person(self, email: str) -> bool:
        return self._remove("people", email)

    def put_ritual(self, ritual: Ritual) -> None:
        self._upsert("rituals", ritual.id, to_dict(ritual))

    def delete_ritual(self, ritual_id: str) -> bool:
        return self._remove("rituals", ritual_id)

    def put_session(self, session: Session) -> None:
        doc = to_dict(session)
        doc["id"] = session.id
        self._upsert("sessions", session.id, doc)

    def delete_session(self, session_id: str) -> bool:
        return self._remove("sessions", session_id)

    def set_state(self, table: str, key: str, value: Any) -> None:
        self._upsert(table, key, {"key": key, "value": value})

    def delete_state(self, table: str, key: str) -> bool:
        return self._remove(table, key)

    def replace_table(self, table: str, docs: list[dict[str, Any]]) -> None:
        """Swap a whole table at once (bulk import, erasure)."""
        self.db.drop_table(table)
        self.db.table(table).insert_multiple(docs)
        self.changed = True


def schema_version(data: dict[str, Any]) -> int:
    record = data.get(META, {}).get("1", {})
    try:
        # a file with no meta record predates versioning: it is schema 1, the first one
        return int(record.get("schema", 1))
    except (TypeError, ValueError):
        raise StorageError("the database's schema version is not a number") from None


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a directory; the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
