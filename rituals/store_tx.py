"""The changes of one store transaction: TinyDB over the copy of the file the Store loaded."""

from __future__ import annotations

from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from rituals.codec import to_dict
from rituals.core.models import Person, Ritual, Session
from rituals.store_check import ENTITY_TABLES


class _MemoryStorage(Storage):
    """TinyDB storage over a dict the Store loaded; the Store decides when it reaches disk."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data


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
