"""TinyDB adapter: one JSON file, atomic, locked, versioned.

Every change happens in ``with store.transaction() as tx:`` which takes an inter-process file
lock, re-reads the file, applies the changes in memory and writes the whole file once: to a temp
file, fsync, then ``os.replace``. A crash leaves either the old or the new file, never a mix, and
since each transaction re-reads under the lock, a writer can never overwrite newer data with a
stale copy. The previous good file is kept beside it as ``<name>.bak``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.errors import Conflict, NotFound, StorageError
from rituals.core.models import Person, Ritual, Session
from rituals.locale import N_, _
from rituals.store.checks import ENTITY_TABLES, META, record_problems, table_problems
from rituals.store.codec import person_from, ritual_from, session_from
from rituals.store.files import fsync_dir, keep_copy, leftovers_of, regular_or_refuse
from rituals.store.migrations import MIGRATIONS, SCHEMA_VERSION, UNTOUCHED, revision_of, schema_version
from rituals.store.private import make_dirs

if TYPE_CHECKING:
    from rituals.core.journal import Change
    from rituals.store.journal import Stamp
    from rituals.store.transaction import Transaction

LOCK_TIMEOUT = 30.0  # seconds a writer waits for another before giving up


class Store:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.given = Path(path)
        """The path the user named; ``path`` is the file it leads to, through any symlinks, so
        that a linked plan (a synced folder, a shared drive) is written where it lives, its link
        survives, and every lead reaching it by any link takes the same lock."""
        self.path = Path(os.path.realpath(self.given))
        # (file identity, data in the current schema, the schema version found on disk)
        self._cache: tuple[tuple[int, ...], dict[str, Any], int] | None = None
        self._objects: dict[str, tuple[dict[str, Any], list[Any]]] = {}  # table: (the state read, its objects)
        self._locked = False  # inside our own transaction: never take the lock twice
        self.written_revision: int | None = None
        """The revision this Store itself last wrote: a long-lived reader (the TUI) tells its own
        changes from those of another window or command."""
        self.own_revisions: set[int] = set()
        """Every revision this Store wrote: a stale write never conflicts with the writer's own."""
        self.stamper: Callable[[], Stamp] | None = None
        """Who writes and from where, asked at each write for its journal entry (the service's
        Context sets it); a write given its own ``stamp`` does not ask."""

    # ------------------------------------------------------------------ file level
    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """The inter-process lock every write holds; a writer waits LOCK_TIMEOUT seconds at most."""
        from filelock import FileLock, Timeout  # deferred: its imports cost more than a read does

        self._identity()  # not a regular file: refused before a lock file is made beside it
        lock = FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StorageError(
                _("database {path} is locked by another rituals process; try again").format(path=self.path)
            ) from exc
        try:
            yield
        finally:
            lock.release()

    def read_document(self, path: Path | None = None) -> dict[str, Any] | None:
        """The file's JSON with its outline checked (None when absent or empty); no schema or
        record checks, no migration: what `rituals doctor` starts from."""
        path = path or self.path
        try:
            regular_or_refuse(path if path != self.path else self.given, path.stat().st_mode)
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(
                _("cannot read database {path}: {strerror}").format(path=path, strerror=exc.strerror)
            ) from exc
        if not raw.strip():
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # ValueError: bad UTF-8, bad JSON, a 5000-digit number
            reason = _("nested too deeply") if isinstance(exc, RecursionError) else str(exc).split(";")[0]
            said = _("database {path} is not valid JSON ({reason})").format(path=path, reason=reason)
            raise StorageError(said, _(UNTOUCHED)) from None
        problems = table_problems(data)
        if problems:
            raise StorageError(
                _("database {path} does not hold rituals tables ({problems})").format(path=path, problems=problems[0]),
                _(UNTOUCHED),
            )
        return data

    def _identity(self) -> tuple[int, ...] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(
                _("cannot read database {path}: {strerror}").format(path=self.path, strerror=exc.strerror)
            ) from exc
        regular_or_refuse(self.given, stat.st_mode)
        # every write is a new file (os.replace): inode and ctime change even within one mtime tick
        return (stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)

    def _state(self) -> tuple[dict[str, Any], int]:
        """The data in the current schema (migrated in memory if needed), and the disk version."""
        key = self._identity()
        if key is None:
            self._cache = None
            return {}, SCHEMA_VERSION
        if self._cache and self._cache[0] == key:
            return self._cache[1], self._cache[2]
        data = self.read_document()
        if data is None:
            return {}, SCHEMA_VERSION
        version = self._check_version(data)
        for step in range(version, SCHEMA_VERSION):
            data = MIGRATIONS[step](data)
        problems = record_problems(data)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise StorageError(
                _("database {path} has a malformed record: {problems}{more}").format(
                    path=self.path, problems=problems[0], more=more
                ),
                _(UNTOUCHED),
            )
        self._cache = (key, data, version)
        return data, version

    def _load(self) -> dict[str, Any]:
        data, version = self._state()
        if version < SCHEMA_VERSION and not self._locked:
            self._upgrade_file()
            data, _ = self._state()
        return data

    def _upgrade_file(self) -> None:
        """Write an old file in the current schema once, on first read (a backup is kept first)."""
        try:
            with self.transaction():
                pass  # the transaction writes the migrated data
        except StorageError:
            pass  # a read-only copy stays readable: the migration is then in memory only

    def _check_version(self, data: dict[str, Any]) -> int:
        version = schema_version(data)
        if version > SCHEMA_VERSION:
            raise StorageError(
                _(
                    "database {path} was written by a newer rituals (schema {version}, this one reads up to "
                    "{schema_version}); upgrade rituals — the file was not changed"
                ).format(path=self.path, version=version, schema_version=SCHEMA_VERSION)
            )
        return version

    def _write(self, data: dict[str, Any], rotate_backup: bool = True) -> None:
        self._identity()  # refuses a device, a folder or a FIFO before anything is written
        make_dirs(self.path.parent)
        text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        import tempfile  # deferred: reading commands never write

        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            if rotate_backup and self.path.exists():
                # keep the last good copy: a hard link costs nothing and is replaced atomically
                bak_tmp = f"{tmp}.bak"
                os.link(self.path, bak_tmp)
                os.replace(bak_tmp, self.backup_path)
            os.replace(tmp, self.path)
            fsync_dir(self.path.parent)
        except OSError as exc:
            raise StorageError(
                _("cannot write database {path}: {strerror}").format(path=self.path, strerror=exc.strerror)
            ) from exc
        finally:
            for leftover in (tmp, f"{tmp}.bak"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        self._cache = None

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self, expected_revision: int | None = None, *, stamp: Stamp | None = None) -> Iterator[Transaction]:
        """Lock, re-read, change, write once, with the change's journal entry in the same write.

        ``stamp`` says who writes, from where and why (by default: the user, no source, and a
        summary made from the records). With ``expected_revision`` (the revision the writer's
        view was read at), a change to records that another writer changed since is refused with
        `EditConflict`, which says what they did; changes to other records merge silently."""
        from rituals.store.transaction import Transaction  # deferred: TinyDB is needed by writers only

        if self._locked:
            raise RuntimeError("nested store transaction")  # a bug: it would wait on its own lock
        with self._exclusive():
            self._locked = True
            try:
                self._cache = None  # another process may have written since our last read
                state, version = self._state()
                current = revision_of(state)
                if expected_revision is not None and expected_revision > current:
                    raise Conflict(
                        _(
                            "the database changed since you last read it (revision {expected_revision}, now {current}"
                            ": a backup was restored or the file replaced); reload and try again"
                        ).format(expected_revision=expected_revision, current=current)
                    )
                tx = Transaction(json.loads(json.dumps(state)), state)  # a private copy to change
                yield tx
                if tx.changed or version < SCHEMA_VERSION:
                    self._commit(tx, state, version, current, expected_revision, stamp)
            finally:
                self._locked = False

    def _commit(
        self,
        tx: Transaction,
        state: dict[str, Any],
        version: int,
        current: int,
        expected_revision: int | None,
        stamp: Stamp | None,
    ) -> None:
        from rituals.store import journal  # deferred with the Transaction: only writes keep a journal

        changes = tx.changes()
        if expected_revision is not None and expected_revision != current and changes:
            mine = sorted(key for key in changes if key not in tx.derived)
            journal.refuse_overlaps(state, expected_revision, mine, self.own_revisions)
        if version < SCHEMA_VERSION:
            self._keep_copy(f".v{version}.bak")
        stamp = stamp or (self.stamper() if self.stamper else journal.Stamp(journal.user_name()))
        if version < SCHEMA_VERSION and not tx.changed:
            if not tx.summary:
                tx.say(N_("upgraded the file to schema {schema}"), schema=SCHEMA_VERSION)
        if tx.summary:
            stamp = dataclasses.replace(stamp, summary=tx.summary, said=tx.said)
        data = tx.data
        record = data.setdefault(META, {}).setdefault("1", {})
        record["schema"] = SCHEMA_VERSION
        record["revision"] = current + 1
        journal.append(data, journal.make_entry(current + 1, stamp, tx.kind, changes, tx.undoes, tx.erased))
        self._write(data)
        self.written_revision = current + 1
        self.own_revisions.add(current + 1)

    def create(self, stamp: Stamp | None = None) -> None:
        """Write an empty, versioned file (`rituals init`); an existing file gets a new revision."""
        with self.transaction(stamp=stamp) as tx:
            tx.changed = True
            tx.say(N_("created the database"))

    def _keep_copy(self, suffix: str) -> Path:
        """A private copy of the current file beside it, e.g. before a migration or a repair."""
        return keep_copy(self.path, suffix)

    def leftovers(self) -> list[Path]:
        """Temporary files of writes that were killed half-way (or of one in progress right now)."""
        return leftovers_of(self.path)

    def remove_leftovers(self) -> int:
        """Delete the temporary files of killed writes; under the lock, so none is in progress."""
        with self._exclusive():
            found = self.leftovers()
            for leftover in found:
                leftover.unlink(missing_ok=True)
            return len(found)

    def rewrite(self, fix: Callable[[dict[str, Any] | None], dict[str, Any] | None], keep_as: str) -> Path | None:
        """Under the lock, hand the raw file (outline checked, nothing else) to ``fix``; if it
        returns data, keep a copy of the file with suffix ``keep_as`` and write that data as is.
        Only `rituals doctor` uses this: it is how a broken file is repaired or restored."""
        with self._exclusive():
            try:
                raw: dict[str, Any] | None = self.read_document()
            except StorageError:
                raw = None  # unreadable: ``fix`` may still replace it (restore the backup)
            new = fix(raw)
            if new is None:
                return None
            kept = self._keep_copy(keep_as) if self.exists else None
            self._write(new, rotate_backup=False)  # the file may be broken: .bak stays the last good one
            return kept

    # ------------------------------------------------------------------ reads
    @property
    def revision(self) -> int:
        """Increases on every write: lets a long-lived reader (the TUI) see that the file changed."""
        return revision_of(self._load())

    def _docs(self, table: str) -> list[dict[str, Any]]:
        return list(self._load().get(table, {}).values())

    def _decoded(self, table: str, decode: Callable[[list[dict[str, Any]]], list[Any]]) -> list[Any]:
        """A table's records as objects, decoded once per read of the file (they are frozen: the
        Dashboard asks for the people five times in one drawing)."""
        state = self._load()
        kept = self._objects.get(table)
        if kept is None or kept[0] is not state:
            kept = (state, decode(list(state.get(table, {}).values())))
            self._objects[table] = kept
        return list(kept[1])

    def people(self) -> list[Person]:
        return self._decoded(
            "people", lambda docs: sorted(map(person_from, docs), key=lambda p: (p.name.lower(), p.email))
        )

    def rituals(self) -> list[Ritual]:
        return self._decoded("rituals", lambda docs: sorted(map(ritual_from, docs), key=lambda r: r.id))

    def sessions(self, ritual_id: str | None = None) -> list[Session]:
        every = self._decoded(
            "sessions", lambda docs: sorted(map(session_from, docs), key=lambda s: (s.start, s.ritual_id))
        )
        return every if ritual_id is None else [s for s in every if s.ritual_id == ritual_id]

    def person(self, email: str) -> Person:
        doc = self._find("people", email)
        if doc is None:
            raise NotFound(_("unknown person {email!r}").format(email=email))
        return person_from(doc)

    def ritual(self, ritual_id: str) -> Ritual:
        doc = self._find("rituals", ritual_id)
        if doc is None:
            raise NotFound(_("unknown ritual {ritual_id!r} (see `rituals ritual list`)").format(ritual_id=ritual_id))
        return ritual_from(doc)

    def session(self, session_id: str) -> Session:
        doc = self._find("sessions", session_id)
        if doc is None:
            raise NotFound(
                _("unknown session {session_id!r} (sessions are named RITUAL@YYYY-MM-DD)").format(session_id=session_id)
            )
        return session_from(doc)

    def state(self, table: str, key: str, default: Any = None) -> Any:
        for doc in self._docs(table):
            if doc.get("key") == key:
                return doc.get("value")
        return default

    def states(self, table: str) -> dict[str, Any]:
        return {d["key"]: d.get("value") for d in self._docs(table) if "key" in d}

    def changes(
        self, limit: int | None = 20, *, person: str | None = None, ritual: str | None = None, below: int | None = None
    ) -> list[Change]:
        """The journal's entries, newest first (older than revision ``below`` when given), those
        about ``person`` (an e-mail) or ``ritual`` (an id) only; at most ``limit`` of them."""
        from rituals.store.journal import matching  # deferred: only history and undo read the journal

        return matching(self.iter_changes(below), limit, person, ritual)

    def iter_changes(self, below: int | None = None) -> Iterator[Change]:
        """The journal's entries, newest first, read one at a time (see `changes`)."""
        from rituals.store.journal import newest  # deferred: only history and undo read the journal

        return newest(self._load(), below)

    def _find(self, table: str, key: str) -> dict[str, Any] | None:
        field = ENTITY_TABLES[table]
        return next((d for d in self._docs(table) if d.get(field) == key), None)
