"""`rituals doctor` on the file itself: check it, repair what is safe, or restore the backup.

The checks work on the raw JSON (a broken file cannot go through the Store's readers): the
outline, the schema version, the shape of every record, duplicate ids, and references between
tables. Safe repairs only remove what nothing can use — exact or superseded duplicates, planned
sessions of a removed ritual, e-mails of removed people in planned groups, audiences and
exclusions — and the file as it was is kept beside it before anything is written. A malformed
record or a newer schema is never "repaired": the backup, or a newer rituals, is the answer.
The change journal is checked too: a malformed entry (history, not the plan) is dropped by a
repair, and entries beyond the compaction limits are compacted. A repair and a restored backup are
journaled themselves, with a new revision, as changes to every record (a stale writer must reload).
The service's doctor area decides what to run; each step here adds what it found to a report.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rituals.core.errors import StorageError
from rituals.core.journal import EVERYTHING
from rituals.core.models import normalise_email
from rituals.store import journal
from rituals.store.checks import ENTITY_TABLES, JOURNAL, META, journal_problems, record_problems, zone_problems
from rituals.store.database import SCHEMA_VERSION, Store, schema_version
from rituals.store.migrations import MIGRATIONS


@dataclass
class DoctorReport:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)  # records per table, when readable
    problems: list[str] = field(default_factory=list)  # what is still wrong
    fixed: list[str] = field(default_factory=list)  # what --repair / --restore-backup did
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong
    kept: list[Path] = field(default_factory=list)  # copies of the file made before writing
    advice: list[str] = field(default_factory=list)  # what to do next: only steps that can work

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Findings:
    data: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fatal: bool = False  # the data must not be written back (newer schema, unreadable version)
    newer: bool = False  # written by a newer rituals: upgrading is the way out

    def found(self, repair: bool, problem: str, fix: Callable[[], str]) -> None:
        """Record a problem, or, when repairing, apply its fix and record what it did."""
        if repair:
            self.fixed.append(fix())
        else:
            self.problems.append(problem)


def note_leftovers(store: Store, report: DoctorReport, *, remove: bool) -> None:
    """Temporary files of writes that were killed half-way: harmless, but private data."""
    if remove:
        removed = store.remove_leftovers()
        if removed:
            report.fixed.append(f"removed {removed} temporary file(s) left by interrupted writes")
        return
    found = store.leftovers()
    if found:
        report.notes.append(f"{len(found)} temporary file(s) left by interrupted writes (--repair removes them)")


def examine(store: Store, report: DoctorReport) -> None:
    """Every check on the file as it is now; what is wrong goes to ``report.problems``, and the
    steps that can fix it to ``report.advice``."""
    try:
        raw = store.read_document()
    except StorageError as exc:
        report.problems.append(exc.problem)  # its advice is to run the doctor: this is the doctor
        report.advice += _without_repair(store, report)
        return
    if raw is None:
        report.notes.append(f"no database yet at {report.path}")
        return
    findings = inspect(raw, repair=False)
    report.problems += findings.problems
    report.notes += findings.notes + _journal_notes(findings.data)
    report.counts = {table: len(findings.data.get(table, {})) for table in ENTITY_TABLES}
    if not findings.problems:
        return
    repairable = [f for f in inspect(copy.deepcopy(raw), repair=True).fixed if not f.startswith("migrated")]
    if repairable:
        report.advice.append(
            f"`rituals doctor --repair` fixes {len(repairable)} of them safely "
            "(the file as it is now is kept beside it)"
        )
    if len(repairable) < len(findings.problems) and not findings.newer:
        report.advice += _without_repair(store, report)


def _without_repair(store: Store, report: DoctorReport) -> list[str]:
    """The way out of what --repair cannot fix: the backup if it is good, else by hand or anew."""
    _, unusable = _checked_backup(store)
    if unusable is None:
        return [
            (
                f"`rituals doctor --restore-backup` puts back the last good copy, {store.backup_path} "
                "(the file as it is now is kept beside it)"
            )
        ]
    return [
        (
            f"{unusable}: fix the file by hand where the problem says, or move it aside and run "
            "`rituals init` to start a new one"
        )
    ]


def _checked_backup(store: Store) -> tuple[dict[str, Any] | None, str | None]:
    """The backup's data when it passes every check, else None and why it cannot help."""
    backup = store.backup_path
    try:
        data = store.read_document(backup)
    except StorageError as exc:
        return None, f"the backup cannot be restored ({exc.problem})"
    if data is None:
        return None, f"there is no backup to restore ({backup} is missing or empty)"
    findings = inspect(copy.deepcopy(data), repair=False)
    if findings.fatal or findings.problems:
        return None, f"the backup {backup} has problems too: {(findings.problems or ['?'])[0]}"
    return data, None


def _journal_notes(data: dict[str, Any]) -> list[str]:
    entries = [e for e in data.get(JOURNAL, {}).values() if isinstance(e, dict)]
    if not entries:
        return ["no change journal yet (the next change starts it)"]
    full = sum(1 for e in entries if "revert" in e)
    digests = sum(1 for e in entries if e.get("kind") == "digest")
    return [f"journal: {len(entries) - digests} entries ({full} can be undone) and {digests} day digest(s)"]


def repair_file(store: Store, report: DoctorReport, stamp: str) -> None:
    """Apply every safe fix, keeping the file as it was with the suffix .before-repair-``stamp``."""

    def fix(raw: dict[str, Any] | None) -> dict[str, Any] | None:
        if raw is None:
            return None  # absent or unreadable: only the backup can help
        findings = inspect(copy.deepcopy(raw), repair=True)
        if findings.fatal or not findings.fixed:
            return None
        report.fixed.extend(findings.fixed)
        # a new revision tells long-lived readers (the TUI) that the file changed
        _journaled(store, findings.data, journal.revision_of(findings.data) + 1, "repaired the file (doctor --repair)")
        return findings.data

    kept = store.rewrite(fix, keep_as=f".before-repair-{stamp}")
    if kept is not None:
        report.kept.append(kept)


def restore_backup(store: Store, report: DoctorReport, stamp: str) -> None:
    """Put the .bak copy back if it passes every check, keeping the current file aside."""
    data, unusable = _checked_backup(store)
    if data is None:
        report.problems.append(unusable or "the backup cannot be restored")
        return

    def put_back(current: dict[str, Any] | None) -> dict[str, Any]:
        restored = copy.deepcopy(data)
        # above both: a stale writer that saw the lost revision must not take the old one for it
        top = max(journal.revision_of(current or {}), journal.revision_of(restored)) + 1
        _journaled(store, restored, top, f"restored the backup {store.backup_path.name} (doctor --restore-backup)")
        return restored

    kept = store.rewrite(put_back, keep_as=f".before-restore-{stamp}")
    if kept is not None:
        report.kept.append(kept)
    report.fixed.append(f"restored {report.path} from {store.backup_path}")


def _journaled(store: Store, data: dict[str, Any], revision: int, summary: str) -> None:
    """Give ``data`` the new ``revision`` and its journal entry: a change to every record."""
    record = data.setdefault(META, {}).setdefault("1", {})
    record["schema"] = SCHEMA_VERSION
    record["revision"] = revision
    stamp = store.stamper() if store.stamper else journal.Stamp(journal.user_name())
    stamp.summary = summary
    entry = journal.make_entry(revision, stamp, "doctor", {})
    entry["records"] = [EVERYTHING]
    journal.append(data, entry)


def inspect(data: dict[str, Any], *, repair: bool) -> _Findings:
    """Every check on the file's JSON (its outline already checked by the store)."""
    findings = _Findings(data)
    try:
        version = schema_version(data)
    except StorageError as exc:
        findings.problems.append(exc.problem)
        findings.fatal = True
        return findings
    if version > SCHEMA_VERSION:
        findings.newer = True
        findings.problems.append(
            f"the file was written by a newer rituals (schema {version}, this one knows up to {SCHEMA_VERSION}); "
            "it is left as is — upgrade rituals"
        )
        findings.fatal = True
        return findings
    if version < SCHEMA_VERSION:
        for step in range(version, SCHEMA_VERSION):
            data = MIGRATIONS[step](data)
        findings.data = data
        if repair:
            findings.fixed.append(f"migrated from schema {version} to {SCHEMA_VERSION}")
        else:
            findings.notes.append(f"schema {version}: it will be migrated to {SCHEMA_VERSION} when next opened")
    malformed = record_problems(data)
    shapeless = {p.split(" has ")[0] for p in malformed}  # one finding per record is enough
    malformed += [p for p in zone_problems(data) if p.split(" has ")[0] not in shapeless]
    findings.problems += malformed
    if malformed:
        findings.notes.append("malformed records are never guessed at: --repair leaves them as they are")
    bad = {p.split(" has ")[0] for p in malformed}  # "people record 3": skipped by the checks below
    _duplicates(findings, repair, bad)
    _references(findings, repair, bad)
    _journal(findings, repair)
    return findings


def _journal(findings: _Findings, repair: bool) -> None:
    """Malformed journal entries (dropped by a repair: they are history, not the plan), and a
    journal longer than the compaction limits (a repair compacts it)."""
    entries = findings.data.get(JOURNAL, {})
    for problem in journal_problems(findings.data):
        number = problem.split()[2]

        def drop(number: str = number, problem: str = problem) -> str:
            entries.pop(number, None)
            return f"dropped a malformed journal entry ({problem})"

        findings.found(repair, problem, drop)
    if repair:
        done = journal.compact(entries) if entries else 0
        if done:
            findings.fixed.append(f"compacted {done} old journal entries")
    elif entries and journal.compact(copy.deepcopy(entries)):
        findings.notes.append(
            "the journal is longer than its compaction limits (the next change, or --repair, compacts it)"
        )


def _records(data: dict[str, Any], table: str, bad: set[str]) -> list[tuple[str, dict[str, Any]]]:
    return [(i, d) for i, d in data.get(table, {}).items() if f"{table} record {i}" not in bad]


def _duplicates(findings: _Findings, repair: bool, bad: set[str]) -> None:
    """Two records with one id: TinyDB updates both, but readers see one at random."""
    for table, key in ENTITY_TABLES.items():
        seen: dict[str, list[str]] = {}
        for doc_id, doc in _records(findings.data, table, bad):
            ident = normalise_email(doc[key]) if table == "people" else doc.get(key)
            if isinstance(ident, str):
                seen.setdefault(ident, []).append(doc_id)
        docs = findings.data.get(table, {})
        for ident, ids in seen.items():
            if len(ids) < 2:
                continue
            ids.sort(key=int)
            same = all(docs[i] == docs[ids[0]] for i in ids)

            def drop(
                ids: list[str] = ids,
                ident: str = ident,
                same: bool = same,
                docs: dict[str, Any] = docs,
                table: str = table,
            ) -> str:
                for doc_id in ids[:-1]:  # the highest number is the one written last
                    del docs[doc_id]
                how = "identical copies" if same else "older differing copies (the latest kept)"
                return f"{table}: removed {len(ids) - 1} {how} of {ident!r}"

            findings.found(repair, f"{table}: {ident!r} is stored {len(ids)} times", drop)


def _references(findings: _Findings, repair: bool, bad: set[str]) -> None:
    data = findings.data
    # a malformed record still counts as a target: its references are not "dangling"
    people = {normalise_email(d["email"]) for d in data.get("people", {}).values() if isinstance(d.get("email"), str)}
    rituals = {d["id"] for d in data.get("rituals", {}).values() if isinstance(d.get("id"), str)}
    sessions = data.get("sessions", {})
    for doc_id, doc in _records(data, "sessions", bad):
        status = doc.get("status", "planned")
        label = doc.get("id") or f"{doc['ritual_id']}@{doc['start'][:10]}"
        if doc["ritual_id"] not in rituals:
            if status == "held":
                continue  # the history of a removed ritual is kept on purpose

            def drop(doc_id: str = doc_id, label: str = label) -> str:
                del sessions[doc_id]
                return f"removed session {label} of a removed ritual"

            findings.found(repair, f"session {label} ({status}) belongs to no ritual", drop)
            continue
        if status == "planned":
            groups = doc.get("groups", [])
            unknown = sorted({e for g in groups for e in g if e not in people})
            if unknown:
                findings.found(
                    repair,
                    f"planned session {label} names {len(unknown)} unknown person(s): {', '.join(unknown[:3])}",
                    partial(_drop_from_groups, doc, set(unknown), label),
                )
    for _, doc in _records(data, "rituals", bad):
        organizer = doc.get("organizer", "")
        if organizer and organizer not in people:
            findings.notes.append(f"ritual {doc['id']}: organizer {organizer} is not in the roster (invites skip it)")
        audience = doc.get("audience") or {}
        if audience.get("kind") == "people":
            _drop_unknown(findings, repair, audience, "members", people, f"ritual {doc['id']} audience")
    for _, doc in _records(data, "people", bad):
        _drop_unknown(findings, repair, doc, "excluded", people, f"{doc['email']}'s never-with list")


def _drop_unknown(findings: _Findings, repair: bool, doc: dict[str, Any], key: str, known: set[str], what: str) -> None:
    unknown = [e for e in doc.get(key, []) if e not in known]
    if not unknown:
        return

    def drop() -> str:
        doc[key] = [e for e in doc[key] if e in known]
        return f"{what}: removed {len(unknown)} unknown person(s)"

    findings.found(repair, f"{what} names {len(unknown)} unknown person(s): {', '.join(unknown[:3])}", drop)


def _drop_from_groups(doc: dict[str, Any], unknown: set[str], label: str) -> str:
    groups = [[e for e in g if e not in unknown] for g in doc.get("groups", [])]
    doc["groups"] = [g for g in groups if g]
    if "explanations" in doc and len(doc["explanations"]) != len(doc["groups"]):
        doc["explanations"] = []  # they described the groups as they were
    return f"planned session {label}: removed {len(unknown)} unknown person(s) from its groups"
