"""The change journal: one entry per write, kept in the ``journal`` table of the same file.

The entry of a write is made by the transaction that writes it, so the change and its entry reach
the disk in one atomic rename. Its record number is the revision it produced (a day's digest
takes the number of its last revision), so the newest entries are found by counting down from
the file's revision instead of reading the whole table. An entry names the records the write
changed and, while it is recent, their before-images: what `rituals undo` puts back. Old
entries are compacted (see ``compact`` and docs/safety.md). A file without the table (written
before the journal, or by an older rituals) simply has an empty journal.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rituals.core.journal import EVERYTHING, Change, EditConflict, field_changes, record_key, shared, split_key
from rituals.locale import _, ngettext
from rituals.locale.said import Said, spoken
from rituals.store.checks import ENTITY_TABLES, JOURNAL, META
from rituals.store.journal_compact import FULL_ENTRIES, SUMMARY_ENTRIES, compact

PLAN_TABLES = tuple(ENTITY_TABLES)  # an undo puts these back; other tables record the outside world
Images = dict[str, dict[str, Any]]  # record -> {doc id: doc} ({} when the record did not exist)


@dataclass
class Stamp:
    """Who writes, from where, and why: what a write's entry says besides its records."""

    by: str
    via: str = ""
    at: str = ""
    summary: str = ""
    said: Said | None = None  # the summary, kept to be said in each reader's language


def user_name() -> str:
    """$RITUALS_USER (a shared account, a CI job), else the system's user name."""
    named = os.environ.get("RITUALS_USER", "").strip()
    if named:
        return named
    import getpass  # deferred: only writes ask

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name known to the system (some containers)
        return "unknown"


def utc_stamp(moment: datetime | None = None) -> str:
    """An ISO time in UTC to the second; a naive ``moment`` is taken as local time."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def revision_of(data: Mapping[str, Any]) -> int:
    revision = data.get(META, {}).get("1", {}).get("revision", 0)
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else 0


# ---------------------------------------------------------------------------- writing
def make_entry(
    revision: int,
    stamp: Stamp,
    kind: str,
    changes: dict[str, tuple[dict[str, Any], dict[str, Any]]],
    undoes: tuple[int, ...] = (),
    erased: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The entry of the write that produces ``revision``; ``changes`` maps each record it changed
    to its (before, after) images. An erasure keeps no image and names nobody (``erased``)."""
    plan = [r for r in changes if split_key(r)[0] in PLAN_TABLES]
    if kind == "change" and not plan:
        kind = "note"  # only bookkeeping of the outside world changed: nothing to undo
    entry: dict[str, Any] = {
        "revision": revision,
        "at": stamp.at or utc_stamp(),
        "by": stamp.by,
        "via": stamp.via,
        "summary": stamp.summary or _default_summary(sorted(changes)),
        "kind": kind,
        "records": sorted(_masked(r, erased) for r in changes),
    }
    if stamp.said and stamp.summary and kind != "erasure":
        entry["said"] = stamp.said
    if kind == "erasure":
        return entry
    people = sorted({e for r, (b, a) in changes.items() for e in _emails(r, b, a)})
    rituals = sorted({i for r, (b, a) in changes.items() for i in _ritual_ids(r, b, a)})
    if people:
        entry["people"] = people
    if rituals:
        entry["rituals"] = rituals
    if kind in ("change", "undo"):
        entry["revert"] = {r: changes[r][0] for r in sorted(plan)}
    if undoes:
        entry["undoes"] = list(undoes)
    return entry


def _default_summary(records: list[str]) -> str:
    if len(records) == 1:
        return f"changed {records[0]}"
    tables = sorted({split_key(r)[0] for r in records})
    return f"changed {len(records)} records ({', '.join(tables)})" if records else "no record changed"


def _masked(record: str, erased: tuple[str, ...]) -> str:
    table, key = split_key(record)
    return record_key(table, "[erased]") if any(n.casefold() in key.casefold() for n in erased if n) else record


def _emails(record: str, before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    table, key = split_key(record)
    if table == "people":
        return {key}
    found: set[str] = set()
    for doc in (*before.values(), *after.values()):
        if table == "sessions":
            found.update(e for g in doc.get("groups", ()) for e in g)
            found.update(doc.get("attended", ()), doc.get("absent", ()))
            found.update(f.get("email", "") for f in doc.get("feedback", ()) if isinstance(f, dict))
        elif table == "rituals":
            audience = doc.get("audience") or {}
            if audience.get("kind") == "people":
                found.update(audience.get("members", ()))
            found.add(doc.get("organizer", ""))
    return {e for e in found if isinstance(e, str) and e}


def _ritual_ids(record: str, before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    table, key = split_key(record)
    if table == "rituals":
        return {key}
    if table == "sessions":
        found = {d.get("ritual_id") for d in (*before.values(), *after.values())}
        return {i for i in found if isinstance(i, str)} or {key.partition("@")[0]}
    return set()


def append(data: dict[str, Any], entry: dict[str, Any]) -> None:
    """Add ``entry`` to the file's journal and compact the old entries."""
    journal = data.setdefault(JOURNAL, {})
    journal[str(entry["revision"])] = entry
    compact(journal, FULL_ENTRIES, SUMMARY_ENTRIES)


# ---------------------------------------------------------------------------- reading
def view(entry: Any, number: int) -> Change:
    """The entry as a `Change`; a malformed entry still shows (the doctor names what is wrong)."""
    if not isinstance(entry, dict):
        return Change(number, "", "?", "", "(unreadable journal entry)", "note", (EVERYTHING,), first=number)

    def texts(name: str) -> tuple[str, ...]:
        value = entry.get(name, ())
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    def text(name: str) -> str:
        value = entry.get(name, "")
        return value if isinstance(value, str) else "?"

    count = entry.get("count", 1)
    first = entry.get("first", number)
    return Change(
        revision=number,
        at=text("at"),
        by=text("by"),
        via=text("via"),
        summary=(spoken(entry["said"]) if "said" in entry else None) or text("summary"),
        said=entry.get("said") if isinstance(entry.get("said"), dict) else None,
        kind=text("kind") or "change",
        records=texts("records") or ((EVERYTHING,) if entry.get("kind") == "digest" else ()),
        undoable=isinstance(entry.get("revert"), dict) and text("kind") in ("change", "undo"),
        undoes=tuple(i for i in entry.get("undoes", ()) if isinstance(i, int))
        if isinstance(entry.get("undoes"), list)
        else (),
        people=texts("people"),
        rituals=texts("rituals"),
        first=first if isinstance(first, int) else number,
        count=count if isinstance(count, int) else 1,
    )


def newest(data: Mapping[str, Any], below: int | None = None) -> Iterator[Change]:
    """The journal's entries, newest first (from revision ``below``, excluded, when given).

    Entries are numbered by revision: counting down from the file's revision finds them one by
    one without sorting the table, so listing the last twenty of fifty thousand touches twenty.
    Where the count runs into a long gap (a file written by a rituals without the journal), the
    rest is sorted once instead."""
    journal = data.get(JOURNAL, {})
    if not isinstance(journal, dict) or not journal:
        return
    number = (below if below is not None else revision_of(data) + 1) - 1
    misses = 0
    while number > 0 and misses < 64:
        entry = journal.get(str(number))
        if entry is None:
            number, misses = number - 1, misses + 1
            continue
        change = view(entry, number)
        yield change
        number, misses = min(change.first, number) - 1, 0
    rest = sorted((int(i) for i in journal if i.isdigit() and int(i) <= number), reverse=True)
    for i in rest:
        yield view(journal[str(i)], i)


def covering(data: Mapping[str, Any], revision: int) -> Change | None:
    """The entry (or day digest) that records ``revision``, if the journal still has one."""
    journal = data.get(JOURNAL, {})
    entry = journal.get(str(revision)) if isinstance(journal, dict) else None
    if entry is not None:
        return view(entry, revision)
    for change in newest(data, below=revision + 1):
        if change.revision < revision:
            return None  # the digests are numbered by their last revision: none can cover it now
        if change.first <= revision:
            return change
    return None


def changes_since(data: Mapping[str, Any], expected: int, own: set[int]) -> list[Change]:
    """What others wrote after revision ``expected``, newest first; revisions the journal does
    not record (written by a rituals without the journal) count as having changed everything."""
    found: list[Change] = []
    unaccounted = revision_of(data)  # the highest revision not yet matched with an entry
    for change in newest(data):
        if change.revision <= expected or unaccounted <= expected:
            break
        if change.revision < unaccounted:
            found += _unrecorded(change.revision + 1, unaccounted, own)
        if any(r not in own for r in range(max(change.first, expected + 1), change.revision + 1)):
            found.append(change)
        unaccounted = change.first - 1
    return found + _unrecorded(expected + 1, unaccounted, own)


def _unrecorded(first: int, last: int, own: set[int]) -> list[Change]:
    others = [r for r in range(first, last + 1) if r not in own]
    if not others:
        return []
    return [
        Change(
            max(others),
            "",
            "?",
            "",
            "changes the journal does not record",
            "note",
            (EVERYTHING,),
            first=min(others),
            count=max(others) - min(others) + 1,
        )
    ]


def refuse_overlaps(state: Mapping[str, Any], expected: int, ours: list[str], own: set[int]) -> None:
    """Raise EditConflict if a write by someone else after revision ``expected`` changed any of
    the records in ``ours``; say who, from where, and what they did to each."""
    hits = [(c, shared(ours, c.records)) for c in changes_since(state, expected, own)]
    hits = [(c, both) for c, both in hits if both]
    if not hits:
        return
    records = sorted({r for _, both in hits for r in both})
    lines = []
    for change, both in hits:
        done = "; ".join(f"{r}: {what}" for r in both[:3] if (what := what_changed(state, change, r)))
        who = f"{change.by} ({change.via})" if change.via else change.by
        said = (
            _("{label} at {at} by {who}: {summary}").format(
                label=change.label, at=change.at, who=who, summary=change.summary
            )
            if change.at
            else _("{label} by {who}: {summary}").format(label=change.label, who=who, summary=change.summary)
        )
        lines.append(said + (f" — {done}" if done else ""))
    latest = hits[0][0]
    others = len(hits) - 1
    more = ngettext(" (and {n} more change)", " (and {n} more changes)", others).format(n=others) if others else ""
    raise EditConflict(
        _(
            "the database changed since you last read it (revision {expected}, now {revision_of}): {by} changed "
            "{items}{value} ({summary}){more}; reload to see it, or apply your change on top"
        ).format(
            expected=expected,
            revision_of=revision_of(state),
            by=latest.by,
            items=", ".join(records[:3]),
            value=" …" if len(records) > 3 else "",
            summary=latest.summary,
            more=more,
        ),
        [c for c, _ in hits],
        records,
        revision_of(state),
        lines,
    )


def what_changed(data: Mapping[str, Any], change: Change, record: str) -> str:
    """What ``change`` (and what came after it) did to ``record``: its before-image, if the
    journal still holds it, against the record now."""
    journal = data.get(JOURNAL, {})
    entry = journal.get(str(change.revision)) if isinstance(journal, dict) else None
    revert = entry.get("revert") if isinstance(entry, dict) else None
    if not isinstance(revert, dict) or record not in revert:
        return ""
    table, key = split_key(record)
    now = current_docs(data, table, key)
    before = next(iter(revert[record].values()), None)
    return field_changes(before, next(iter(now.values()), None))


def current_docs(data: Mapping[str, Any], table: str, key: str) -> dict[str, Any]:
    field = ENTITY_TABLES.get(table, "key")
    docs = data.get(table, {})
    return {i: d for i, d in docs.items() if isinstance(d, dict) and d.get(field) == key}


def matching(entries: Iterator[Change], limit: int | None, person: str | None, ritual: str | None) -> list[Change]:
    """The first ``limit`` of ``entries`` about ``person`` (an e-mail) or ``ritual`` (an id), or
    all of them; only the entries shown, and those skipped by a filter, are looked at."""
    found: list[Change] = []
    for change in entries:
        if limit is not None and len(found) >= limit:
            break
        if (person is None or change.concerns_person(person)) and (ritual is None or change.concerns_ritual(ritual)):
            found.append(change)
    return found
