"""Compaction of the change journal (see ``rituals.store.journal`` and docs/safety.md): the
newest entries stay whole, the next ones keep a summary without before-images, and older ones
fold into one digest per day."""

from __future__ import annotations

from typing import Any

from rituals.core.journal import record_key, split_key
from rituals.locale.said import Nn_, said, spoken

FULL_ENTRIES = 200  # the newest entries keep their before-images: undo reaches this far back
SUMMARY_ENTRIES = 2000  # the next ones keep when, who, from where, what and which records
SUMMARY_RECORDS = 100  # a summary names at most this many records (beyond, the tables they are in)
SUMMARY_PEOPLE = 50  # ... and at most this many people it concerns


def compact(journal: dict[str, Any], full: int | None = None, summaries: int | None = None) -> int:
    """Keep the ``full`` newest entries whole; strip the before-images of the next ``summaries``
    (they stay listed, and still tell a stale writer what changed); fold older entries into one
    digest per day. Returns how many entries changed."""
    full = FULL_ENTRIES if full is None else full
    summaries = SUMMARY_ENTRIES if summaries is None else summaries
    numbers = sorted((int(i) for i, e in journal.items() if i.isdigit() and isinstance(e, dict)), reverse=True)
    listed = [n for n in numbers if journal[str(n)].get("kind") != "digest"]
    if len(listed) <= full:
        return 0
    done = 0
    for number in listed[full : full + summaries]:
        entry = journal[str(number)]
        if (
            "revert" in entry
            or len(entry.get("records", ())) > SUMMARY_RECORDS
            or len(entry.get("people", ())) > SUMMARY_PEOPLE
        ):
            journal[str(number)] = summarised(entry)
            done += 1
    if len(listed) > full + summaries:
        digests = {journal[str(n)].get("at"): str(n) for n in numbers if journal[str(n)].get("kind") == "digest"}
        for number in listed[full + summaries :]:
            _fold(journal, number, digests)
            done += 1
    return done


def summarised(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry without its before-images, naming at most SUMMARY_RECORDS records (else their
    tables, as ``table:*``) and SUMMARY_PEOPLE people."""
    out = {k: v for k, v in entry.items() if k != "revert"}
    records = out.get("records", [])
    if len(records) > SUMMARY_RECORDS:
        out["records"] = sorted({record_key(split_key(r)[0], "*") for r in records})
    if len(out.get("people", ())) > SUMMARY_PEOPLE:
        del out["people"]
    return out


def _fold(journal: dict[str, Any], number: int, digests: dict[Any, str]) -> None:
    """Move entry ``number`` into the digest of its day; ``digests`` maps each day to the number
    of its digest, which is the digest's last revision (so it moves when that grows)."""
    entry = journal.pop(str(number))
    day = str(entry.get("at", ""))[:10]
    tables = {record_key(split_key(r)[0], "*") for r in entry.get("records", []) if isinstance(r, str)}
    found = digests.pop(day, None)
    digest: dict[str, Any] = (
        journal.pop(found)
        if found
        else {
            "kind": "digest",
            "at": day,
            "first": number,
            "revision": number,
            "count": 0,
            "by": "",
            "via": "",
            "records": [],
            "summary": "",
        }
    )
    users = set(filter(None, digest["by"].split(", "))) | ({entry["by"]} if isinstance(entry.get("by"), str) else set())
    digest.update(
        first=min(digest["first"], number),
        revision=max(digest["revision"], number),
        count=digest["count"] + 1,
        by=", ".join(sorted(users)),
        records=sorted(set(digest["records"]) | tables),
    )
    digest["said"] = said(
        Nn_("{n} older change of that day, summarised", "{n} older changes of that day, summarised"), n=digest["count"]
    )
    digest["summary"] = spoken(digest["said"], translate=False)
    journal[str(digest["revision"])] = digest
    digests[day] = str(digest["revision"])
