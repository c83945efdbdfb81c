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
from rituals.locale import _
from rituals.store import journal
from rituals.store.checks import (
    ENTITY_TABLES,
    JOURNAL,
    META,
    Problem,
    record_problems,
    zone_problems,
)
from rituals.store.database import SCHEMA_VERSION, Store, schema_version
from rituals.store.doctor_fixes import drop_from_groups
from rituals.store.journal_checks import journal_problems
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
            report.fixed.append(_("removed {n} temporary file(s) left by interrupted writes").format(n=removed))
        return
    found = store.leftovers()
    if found:
        report.notes.append(
            _("{n} temporary file(s) left by interrupted writes (--repair removes them)").format(n=len(found))
        )


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
        report.notes.append(_("no database yet at {path}").format(path=report.path))
        return
    findings = inspect(raw, repair=False)
    report.problems += findings.problems
    report.notes += findings.notes + _journal_notes(findings.data)
    report.counts = {table: len(findings.data.get(table, {})) for table in ENTITY_TABLES}
    if not findings.problems:
        return
    repairable = [f for f in inspect(copy.deepcopy(raw), repair=True).fixed if _record_of(f) != MIGRATED]
    if repairable:
        report.advice.append(
            _("`rituals doctor --repair` fixes {n} of them safely (the file as it is now is kept beside it)").format(
                n=len(repairable)
            )
        )
    if len(repairable) < len(findings.problems) and not findings.newer:
        report.advice += _without_repair(store, report)


def _without_repair(store: Store, report: DoctorReport) -> list[str]:
    """The way out of what --repair cannot fix: the backup if it is good, else by hand or anew."""
    _data, unusable = _checked_backup(store)
    if unusable is None:
        return [
            _(
                "`rituals doctor --restore-backup` puts back the last good copy, {path} "
                "(the file as it is now is kept beside it)"
            ).format(path=store.backup_path)
        ]
    return [
        _(
            "{problem}: fix the file by hand where the problem says, or move it aside and run "
            "`rituals init` to start a new one"
        ).format(problem=unusable)
    ]


def _checked_backup(store: Store) -> tuple[dict[str, Any] | None, str | None]:
    """The backup's data when it passes every check, else None and why it cannot help."""
    backup = store.backup_path
    try:
        data = store.read_document(backup)
    except StorageError as exc:
        return None, _("the backup cannot be restored ({problem})").format(problem=exc.problem)
    if data is None:
        return None, _("there is no backup to restore ({path} is missing or empty)").format(path=backup)
    findings = inspect(copy.deepcopy(data), repair=False)
    if findings.fatal or findings.problems:
        return None, _("the backup {path} has problems too: {problem}").format(
            path=backup, problem=(findings.problems or ["?"])[0]
        )
    return data, None


def _journal_notes(data: dict[str, Any]) -> list[str]:
    entries = [e for e in data.get(JOURNAL, {}).values() if isinstance(e, dict)]
    if not entries:
        return [_("no change journal yet (the next change starts it)")]
    full = sum(1 for e in entries if "revert" in e)
    digests = sum(1 for e in entries if e.get("kind") == "digest")
    return [
        _("journal: {n} entries ({full} can be undone) and {digests} day digest(s)").format(
            n=len(entries) - digests, full=full, digests=digests
        )
    ]


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
        report.problems.append(unusable or _("the backup cannot be restored"))
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
    report.fixed.append(_("restored {path} from {backup}").format(path=report.path, backup=store.backup_path))


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
            _(
                "the file was written by a newer rituals (schema {version}, this one knows up to {known}); "
                "it is left as is — upgrade rituals"
            ).format(version=version, known=SCHEMA_VERSION)
        )
        findings.fatal = True
        return findings
    if version < SCHEMA_VERSION:
        for step in range(version, SCHEMA_VERSION):
            data = MIGRATIONS[step](data)
        findings.data = data
        if repair:
            said = _("migrated from schema {version} to {known}").format(version=version, known=SCHEMA_VERSION)
            findings.fixed.append(Problem(said, MIGRATED))
        else:
            findings.notes.append(
                _("schema {version}: it will be migrated to {known} when next opened").format(
                    version=version, known=SCHEMA_VERSION
                )
            )
    malformed = record_problems(data)
    shapeless = {_record_of(p) for p in malformed}  # one finding per record is enough
    malformed += [p for p in zone_problems(data) if _record_of(p) not in shapeless]
    findings.problems += malformed
    if malformed:
        findings.notes.append(_("malformed records are never guessed at: --repair leaves them as they are"))
    bad = {_record_of(p) for p in malformed}  # "people record 3": skipped by the checks below
    _duplicates(findings, repair, bad)
    _references(findings, repair, bad)
    _journal(findings, repair)
    return findings


def _journal(findings: _Findings, repair: bool) -> None:
    """Malformed journal entries (dropped by a repair: they are history, not the plan), and a
    journal longer than the compaction limits (a repair compacts it)."""
    entries = findings.data.get(JOURNAL, {})
    for problem in journal_problems(findings.data):
        number = _record_of(problem).split()[2]

        def drop(number: str = number, problem: str = problem) -> str:
            entries.pop(number, None)
            return _("dropped a malformed journal entry ({problem})").format(problem=problem)

        findings.found(repair, problem, drop)
    if repair:
        done = journal.compact(entries) if entries else 0
        if done:
            findings.fixed.append(_("compacted {n} old journal entries").format(n=done))
    elif entries and journal.compact(copy.deepcopy(entries)):
        findings.notes.append(
            _("the journal is longer than its compaction limits (the next change, or --repair, compacts it)")
        )


MIGRATED = "migrated"  # the key of a migration among the fixes: not a repair of its own


def _record_of(problem: str) -> str:
    """The record a problem is about ("people record 3"), in any language."""
    return getattr(problem, "record", "") or problem.split(" has ")[0]


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
                if same:
                    return _("{table}: removed {n} identical copies of {ident!r}").format(
                        table=table, n=len(ids) - 1, ident=ident
                    )
                return _("{table}: removed {n} older differing copies (the latest kept) of {ident!r}").format(
                    table=table, n=len(ids) - 1, ident=ident
                )

            stored = _("{table}: {ident!r} is stored {n} times").format(table=table, ident=ident, n=len(ids))
            findings.found(repair, stored, drop)


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
                return _("removed session {label} of a removed ritual").format(label=label)

            orphan = _("session {label} ({status}) belongs to no ritual").format(label=label, status=status)
            findings.found(repair, orphan, drop)
            continue
        if status == "planned":
            groups = doc.get("groups", [])
            unknown = sorted({e for g in groups for e in g if e not in people})
            if unknown:
                findings.found(
                    repair,
                    _("planned session {label} names {n} unknown person(s): {who}").format(
                        label=label, n=len(unknown), who=", ".join(unknown[:3])
                    ),
                    partial(drop_from_groups, doc, set(unknown), label),
                )
    for _id, doc in _records(data, "rituals", bad):
        organizer = doc.get("organizer", "")
        if organizer and organizer not in people:
            findings.notes.append(
                _("ritual {ritual}: organizer {organizer} is not in the roster (invites skip it)").format(
                    ritual=doc["id"], organizer=organizer
                )
            )
        audience = doc.get("audience") or {}
        if audience.get("kind") == "people":
            _drop_unknown(
                findings, repair, audience, "members", people, _("ritual {ritual} audience").format(ritual=doc["id"])
            )
    for _id, doc in _records(data, "people", bad):
        _drop_unknown(
            findings, repair, doc, "excluded", people, _("{email}'s never-with list").format(email=doc["email"])
        )


def _drop_unknown(findings: _Findings, repair: bool, doc: dict[str, Any], key: str, known: set[str], what: str) -> None:
    unknown = [e for e in doc.get(key, []) if e not in known]
    if not unknown:
        return

    def drop() -> str:
        doc[key] = [e for e in doc[key] if e in known]
        return _("{what}: removed {n} unknown person(s)").format(what=what, n=len(unknown))

    named = _("{what} names {n} unknown person(s): {who}").format(what=what, n=len(unknown), who=", ".join(unknown[:3]))
    findings.found(repair, named, drop)
