"""The changes of one store transaction: TinyDB over the copy of the file the Store loaded.

The transaction also knows which records it touched, and finds what each looked like before
(in the file as loaded, which it never changes) and after: the journal entry of the write and the
check of a stale write against later ones are made from that.
"""

from __future__ import annotations

import copy
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from rituals.core.journal import record_key, split_key
from rituals.core.models import Person, Ritual, Session
from rituals.locale.said import Said, said, spoken
from rituals.store.checks import ENTITY_TABLES, JOURNAL
from rituals.store.codec import LATER_PERSON_FIELDS, to_dict

Images = dict[str, dict[str, Any]]  # doc id -> doc: a record as stored ({} when absent)
# Fields written only when set (name: its unset value, as stored): newer than the first files
OPTIONAL: dict[str, dict[str, Any]] = {
    "people": {"hours": "", "calendar": "", **LATER_PERSON_FIELDS},
    "rituals": {"slot": None},
    "schedule": {"on_closed": "skip"},
    "sessions": {"group_numbers": [], "group_times": [], "responses": []},
}


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

    def __init__(self, data: dict[str, Any], original: dict[str, Any] | None = None) -> None:
        self.db = TinyDB(storage=_MemoryStorage, data=data)
        self.data = data
        self.original = original if original is not None else copy.deepcopy(data)
        """The file as loaded: where the before-images come from; never changed."""
        self.changed = False
        self.summary = ""
        """One line for the journal, set by the service area that knows what the change means."""
        self.said: Said | None = None  # the same line, kept to be said in each reader's language
        self.kind = "change"  # or "undo", "erasure", "doctor" (see rituals.core.journal.KINDS)
        self.undoes: tuple[int, ...] = ()
        self.erased: tuple[str, ...] = ()  # an erasure: names no journal line may keep
        self._index: dict[str, tuple[dict[Any, list[str]], list[int]]] = {}  # table: (key -> doc ids, [next id])
        self._touched: dict[str, dict[str, list[str]]] = {}  # table: key -> its doc ids when first touched
        self._wholes: set[str] = set()  # tables replaced at once: compared record by record at the end
        # records rewritten only as a consequence of the change (a session's explanations,
        # recomputed against the fresh file): never a conflict with another writer's change
        self.derived: set[str] = set()

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

    def _touch(self, table: str, key: str, keys: dict[Any, list[str]]) -> None:
        seen = self._touched.setdefault(table, {})
        if key not in seen:
            seen[key] = list(keys.get(key, []))

    def _upsert(self, table: str, key: str, doc: dict[str, Any]) -> None:
        docs, keys, next_id = self._indexed(table)
        self._touch(table, key, keys)
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
        self._touch(table, key, keys)
        removed = keys.pop(key, [])
        for doc_id in removed:
            del docs[doc_id]
        self.changed = self.changed or bool(removed)
        return bool(removed)

    def say(self, message: str | tuple[str, str], **args: object) -> None:
        """The change's journal line: ``message`` (marked with ``N_``, or ``Nn_`` with an ``n``
        argument) and its arguments, said to each reader in their language (``rituals.locale.said``)."""
        self.tell(said(message, **args))

    def tell(self, line: Said) -> None:
        """The change's journal line, already made with ``rituals.locale.said.said``."""
        self.said = line
        self.summary = spoken(line, translate=False) or line["msg"]  # English, for any other reader

    def put_person(self, person: Person) -> None:
        self._put_lean("people", person.email, to_dict(person), OPTIONAL["people"])

    def delete_person(self, email: str) -> bool:
        return self._remove("people", email)

    def put_ritual(self, ritual: Ritual) -> None:
        doc = to_dict(ritual)
        for name, unset in OPTIONAL["schedule"].items():
            if doc["schedule"].get(name) == unset:
                del doc["schedule"][name]  # the whole schedule is replaced: nothing older survives
        self._put_lean("rituals", ritual.id, doc, OPTIONAL["rituals"])
        docs, keys, _ = self._indexed("rituals")
        for doc_id in keys.get(ritual.id, []):  # the upsert merges: a grouping's unset seats go
            docs[doc_id]["grouping"] = doc["grouping"]

    def delete_ritual(self, ritual_id: str) -> bool:
        return self._remove("rituals", ritual_id)

    def put_session(self, session: Session, *, derived: bool = False) -> None:
        """``derived``: the write follows from the others (see ``derived``)."""
        if derived and session.id not in self._touched.get("sessions", {}):
            self.derived.add(record_key("sessions", session.id))
        doc = to_dict(session)
        doc["id"] = session.id
        # groups numbered 1, 2, 3...: the file keeps its shape of before
        self._put_lean("sessions", session.id, doc, OPTIONAL["sessions"])

    def _put_lean(self, table: str, key: str, doc: dict[str, Any], optional: dict[str, Any]) -> None:
        """Upsert ``doc`` without the fields of ``optional`` that hold their unset value, also
        dropping them from the stored record: a file written before they existed keeps its shape."""
        unset = [name for name, value in optional.items() if doc.get(name, value) == value]
        for name in unset:
            doc.pop(name, None)
        self._upsert(table, key, doc)
        docs, keys, _ = self._indexed(table)
        for doc_id in keys.get(key, []):
            for name in unset:
                docs[doc_id].pop(name, None)

    def delete_session(self, session_id: str) -> bool:
        return self._remove("sessions", session_id)

    def set_state(self, table: str, key: str, value: Any) -> None:
        self._upsert(table, key, {"key": key, "value": value})

    def delete_state(self, table: str, key: str) -> bool:
        return self._remove(table, key)

    def replace_table(self, table: str, docs: list[dict[str, Any]]) -> None:
        """Swap a whole table at once (bulk import, erasure)."""
        self._index.pop(table, None)
        self._wholes.add(table)
        self.db.drop_table(table)
        self.db.table(table).insert_multiple(docs)
        self.changed = True

    # ------------------------------------------------------------------ what changed
    def changes(self) -> dict[str, tuple[Images, Images]]:
        """Each record this transaction changed, as ``table:key`` -> (before, after); a record
        touched but left as it was is not listed."""
        out: dict[str, tuple[Images, Images]] = {}
        for table in sorted(self._wholes):
            out.update(_table_changes(table, self.original.get(table, {}), self.data.get(table, {})))
        for table, touched in self._touched.items():
            if table in self._wholes:
                continue
            before_docs = self.original.get(table, {})
            docs, keys, _ = self._indexed(table)
            for key, ids in touched.items():
                before = {i: before_docs[i] for i in ids if i in before_docs}
                after = {i: docs[i] for i in keys.get(key, [])}
                if before != after:
                    out[record_key(table, key)] = (before, after)
        return out

    def restore(self, record: str, before: Images) -> None:
        """Put ``record`` back as ``before`` (an undo), under its old doc ids where they are free."""
        table, key = split_key(record)
        if key == "*":
            self._index.pop(table, None)
            self._wholes.add(table)
            self.db.drop_table(table)
            self.data[table] = copy.deepcopy(before)
            self.changed = True
            return
        docs, keys, next_id = self._indexed(table)
        self._touch(table, key, keys)
        for doc_id in keys.pop(key, []):
            del docs[doc_id]
        for doc_id, doc in sorted(before.items(), key=lambda item: int(item[0])):
            target = doc_id if doc_id not in docs else str(next_id[0])
            docs[target] = copy.deepcopy(doc)
            keys.setdefault(key, []).append(target)
            next_id[0] = max(next_id[0], int(target) + 1)
        self.changed = True

    def revert(self, revision: int) -> None:
        """Put back every record of the plan that the write of ``revision`` changed."""
        entry = self.data.get(JOURNAL, {}).get(str(revision))
        revert = entry.get("revert") if isinstance(entry, dict) else None
        if not isinstance(revert, dict):
            raise ValueError(f"journal entry {revision} holds nothing to revert")  # plan_undo chose it: a bug
        for record in sorted(revert):
            self.restore(record, revert[record])


def _table_changes(table: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Images, Images]]:
    """Record by record, what turned table ``before`` into ``after``; a table whose records have
    no key (a table this version does not know) counts as one record, ``table:*``."""
    field = ENTITY_TABLES.get(table, "key")

    def by_key(docs: dict[str, Any]) -> dict[str, Images] | None:
        grouped: dict[str, Images] = {}
        for doc_id, doc in docs.items():
            key = doc.get(field) if isinstance(doc, dict) else None
            if not isinstance(key, str):
                return None
            grouped.setdefault(key, {})[doc_id] = doc
        return grouped

    old, new = by_key(before), by_key(after)
    if old is None or new is None:
        return {} if before == after else {record_key(table, "*"): (before, after)}
    return {
        record_key(table, key): (old.get(key, {}), new.get(key, {}))
        for key in sorted(set(old) | set(new))
        if old.get(key, {}) != new.get(key, {})
    }
