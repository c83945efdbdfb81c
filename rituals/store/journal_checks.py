"""The shape of the change journal's entries (see ``rituals.store.journal``), checked by `rituals
doctor` only: a journal can hold thousands of entries and most commands never read it."""

from __future__ import annotations

from typing import Any

from rituals.core.journal import KINDS
from rituals.locale import _
from rituals.store.checks import JOURNAL, META, Problem, _int, _one_of, _record, _record_problem, _text, _texts


def _ints(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        return _("is not a list of whole numbers")
    return None


def _images(value: Any) -> str | None:
    """Before-images: record -> {doc id: doc}."""
    if not isinstance(value, dict):
        return _("is not an object")
    for record, docs in value.items():
        if not isinstance(docs, dict) or not all(k.isdigit() and isinstance(d, dict) for k, d in docs.items()):
            return _("holds a before-image of {record!r} that is not an object of numbered records").format(
                record=record
            )
    return None


def _said(value: Any) -> str | None:
    """A summary kept to be said again (``rituals.locale.said``): one this version can say."""
    from rituals.locale.said import spoken  # deferred: only the doctor reads it this way

    return None if spoken(value, translate=False) is not None else _("is not a line rituals can say")


JOURNAL_ENTRY = {
    "revision": (True, _int(1)),
    "at": (True, _text),
    "by": (True, _text),
    "via": (False, _text),
    "summary": (True, _text),
    "said": (False, _said),
    "kind": (True, _one_of(KINDS)),
    "records": (True, _texts),
    "people": (False, _texts),
    "rituals": (False, _texts),
    "undoes": (False, _ints),
    "revert": (False, _images),
    "first": (False, _int(1)),
    "count": (False, _int(1)),
}


def journal_problems(data: dict[str, Any]) -> list[str]:
    """Every malformed journal entry, as record_problems words them.

    Not part of every read: a journal can hold thousands of entries and most commands never look
    at it; `rituals history` shows a malformed entry as unreadable, and `rituals doctor` asks this.
    """
    record = data.get(META, {}).get("1") or {}
    top = record.get("revision", 0) if isinstance(record.get("revision"), int) else 0
    problems: list[str] = []
    for doc_id, doc in data.get(JOURNAL, {}).items():
        wrong = _record_problem(doc, JOURNAL_ENTRY)
        if wrong:
            problems.append(_record(JOURNAL, doc_id, wrong))
        elif str(doc["revision"]) != doc_id:
            problems.append(
                Problem(
                    _("journal record {doc_id} has 'revision' {revision} (it must be its number)").format(
                        doc_id=doc_id, revision=doc["revision"]
                    ),
                    f"journal record {doc_id}",
                )
            )
        elif doc["revision"] > top:
            problems.append(
                Problem(
                    _("journal record {doc_id} is newer than the file (revision {top})").format(doc_id=doc_id, top=top),
                    f"journal record {doc_id}",
                )
            )
        elif doc.get("first", doc["revision"]) > doc["revision"]:
            problems.append(
                Problem(
                    _("journal record {doc_id} has 'first' after its revision").format(doc_id=doc_id),
                    f"journal record {doc_id}",
                )
            )
    return problems
