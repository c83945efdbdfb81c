"""The changes of one store transaction: TinyDB over the copy of the file the Store loaded."""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from rituals.store.codec import to_dict
from rituals.core.models import Person, Ritual, Session
from rituals.store.checks import ENTITY_TABLES


class _MemoryStorage(Storage):
    """TinyDB storage over a dict the Store loaded; the Store decides when it reaches disk."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data


class Transaction:
    """Changes to one loaded copy of the DB, written by the Store when the block ends.

    Puts and deletes go straight to the loaded dict through an index of ids: TinyDB's own
    upsert scans and copies the whole table on every call, which made a 100k-row roster
    import take hours. ``db`` (TinyDB over the same dict) remains for whole-table work."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.db = TinyDB(storage=_MemoryStorage, data=data)
        self.data = data
        self.changed = False
        self._index: dict[str, tuple[dict[Any, list[str]], list[int]]] = {}  # table: (key -> doc ids, [next id])

    def _indexed(self, table: str) -> tuple[dict[str, Any], dict[Any, list[str]], list[int]]:
        docs = self.data.setdefault(table, {})
        if table not in self._index:
            field = ENTITY_TABLES.get(table, "key")
            keys: dict[Any, list[str]] = {}
            for doc_id, doc in docs.items():
                value = doc.get(field)
                if isinstance(value, str):
                    keys.setdefault(value, []).append(doc_id)
            self._index[table] = (keys, [max((int(i) for i in docs), default=0) + 1])
        keys, next_id = self._index[table]
        return docs, keys, next_id

    def _upsert(self, table: str, key: str, doc: dict[str, Any]) -> None:
        docs, keys, next_id = self._indexed(table)
        if key in keys:
            for doc_id in keys[key]:
                docs[doc_id].update(doc)  # as TinyDB's upsert: fields a newer version added survive
        else:
            docs[str(next_id[0])] = dict(doc)
            keys[key] = [str(next_id[0])]
            next_id[0] += 1
        self.changed = True

    def _remove(self, table: str, key: str) -> bool:
        docs, keys, _ = self._indexed(table)
        removed = keys.pop(key, [])
        for doc_id in removed:
            del docs[doc_id]
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
        # groups numbered 1, 2, 3..., nobody answered: the file keeps its shape of before
        empty = [key for key in ("group_numbers", "responses") if not doc[key]]
        for key in empty:
            del doc[key]
        self._upsert("sessions", session.id, doc)
        docs, keys, _ = self._indexed("sessions")
        for doc_id in keys.get(session.id, []):
            for key in empty:
                docs[doc_id].pop(key, None)

    def delete_session(self, session_id: str) -> bool:
        return self._remove("sessions", session_id)

    def set_state(self, table: str, key: str, value: Any) -> None:
        self._upsert(table, key, {"key": key, "value": value})

    def delete_state(self, table: str, key: str) -> bool:
        return self._remove(table, key)

    def replace_table(self, table: str, docs: list[dict[str, Any]]) -> None:
        """Swap a whole table at once (bulk import, erasure)."""
        self._index.pop(table, None)
        self.db.drop_table(table)
        self.db.table(table).insert_multiple(docs)
        self.changed = True
