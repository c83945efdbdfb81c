"""Erasure on the file itself: what `rituals people forget` does beyond the records it edits.

The privacy area of the service changes the person's own records through a transaction; what
needs the raw file is here: blanking their name and e-mail in every table (including tables
this version does not know), resetting the invite bookkeeping that hashed their e-mail,
scrubbing the change journal (an entry that mentions them loses its before-images: an undo must
never bring them back), and rewriting the backups kept beside the file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rituals.store.checks import ENTITY_TABLES, JOURNAL, META

if TYPE_CHECKING:
    from rituals.store.database import Store
    from rituals.store.transaction import Transaction

ERASED = "[erased]"


def reset_fingerprints(tx: Transaction, store: Store, table: str, keys: Iterable[str]) -> int:
    """In the state ``table``, forget the fingerprint of each of ``keys``, keep the rest.

    The export area keeps, per invite, a fingerprint (a hash of attendee e-mails) and a SEQUENCE:
    keeping the sequence number lets the next export send an update that calendars accept; a
    fingerprint that matches nothing makes it count as a change.
    """
    wanted = set(keys)
    done = 0
    for key, value in store.states(table).items():
        if key in wanted and isinstance(value, dict):
            tx.set_state(
                table, key, {**value, "fingerprint": ERASED, **({"digest": ERASED} if "digest" in value else {})}
            )
            done += 1
    return done


def redact(tx: Transaction, names: list[str]) -> int:
    """Blank ``names`` in every text of every table (notes, explanations, titles, other features'
    state); a record or a mapping entry whose key names them is about them: it goes. The roster
    is left alone: it holds only other people now, and "Anna Li" must not blank "Anna Li Chen"."""
    pattern = _pattern(names)
    redacted = 0

    def scrub(value: Any) -> Any:
        nonlocal redacted
        if isinstance(value, str):
            new, n = pattern.subn(ERASED, value)
            redacted += n
            return new
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            kept = {k: v for k, v in value.items() if not pattern.search(str(k))}
            redacted += len(value) - len(kept)
            return {k: scrub(v) for k, v in kept.items()}
        return value

    for table in sorted(tx.db.tables()):
        if table in (META, JOURNAL, "people"):  # the journal: see scrub_journal
            continue
        docs = [dict(d) for d in tx.db.table(table).all()]
        kept = docs if table in ENTITY_TABLES else [d for d in docs if not pattern.search(str(d.get("key", "")))]
        redacted += len(docs) - len(kept)
        cleaned = [scrub(d) for d in kept]
        if cleaned != docs:
            tx.replace_table(table, cleaned)
    return redacted


def _pattern(names: list[str]) -> re.Pattern[str]:
    """``names`` as whole words: "Anna Li" must not match inside "Anna Li Chen"."""
    return re.compile("|".join(rf"(?<![\w.+-]){re.escape(n)}(?![\w-])" for n in names if n), re.IGNORECASE)


def scrub_journal(tx: Transaction, names: list[str]) -> int:
    """Every journal entry that mentions ``names`` loses its before-images (it can no longer be
    undone: an undo would bring the person back) and has them blanked in its other texts.
    Returns how many entries were scrubbed."""
    pattern = _pattern(names)
    journal = tx.data.get(JOURNAL, {})
    scrubbed = 0

    def blank(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(ERASED, value)
        if isinstance(value, list):
            return sorted({blank(v) for v in value} - {ERASED}) if all(isinstance(v, str) for v in value) else value
        if isinstance(value, dict):  # a line kept to be said again: its arguments name people
            return {k: blank(v) for k, v in value.items()}
        return value

    for number, entry in list(journal.items()):
        if not isinstance(entry, dict) or not pattern.search(json.dumps(entry, ensure_ascii=False)):
            continue
        journal[number] = {k: blank(v) for k, v in entry.items() if k != "revert"}
        scrubbed += 1
    return scrubbed


def scrub_backups(store: Store, names: list[str]) -> int:
    """The store keeps the previous file as .bak (and .vN.bak before a migration): the .bak is
    rewritten from the current file, a .vN.bak that mentions ``names`` is deleted. Returns how
    many files were rewritten or deleted."""
    done = 0
    if store.backup_path.exists():
        # the current file is a good backup of itself, and it no longer holds the person
        fd, tmp = tempfile.mkstemp(prefix=f".{store.backup_path.name}.", dir=store.path.parent)
        os.close(fd)
        try:
            shutil.copyfile(store.path, tmp)
            os.chmod(tmp, 0o600)
            os.replace(tmp, store.backup_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        done += 1
    needles = [n.encode("utf-8").lower() for n in names]
    for old in store.path.parent.glob(f"{store.path.name}.v*.bak"):
        if any(n in old.read_bytes().lower() for n in needles):
            old.unlink()  # an old schema cannot be rewritten safely; it holds the person
            done += 1
    return done
