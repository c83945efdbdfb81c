"""What each channel (e-mail, a CalDAV calendar, a folder) last delivered, kept in the database.

Two state tables:
- ``exports`` (the name predates this module): per UID, the SEQUENCE and the digest of the copies
  it was given for (``Issued``); shared by every channel, so a CANCEL by e-mail outranks a
  REQUEST published on CalDAV;
- ``deliveries``: per channel and UID, the fingerprint of the copy each person (or the calendar)
  holds, and a snapshot of the event (``Held``): what lets the next run send only the difference,
  and cancel what the plan no longer has.

A file written by an older rituals has ``exports`` records with a single fingerprint and no
``deliveries``: such a UID keeps its SEQUENCE and is sent again once, as an update.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rituals.core.ical.reconcile import Held, Issued
    from rituals.locale.said import Said
    from rituals.store import Store
    from rituals.store.transaction import Transaction

ISSUED = "exports"
DELIVERED = "deliveries"
SEPARATOR = " "  # between channel and UID in a key: a UID is a UUID, a channel has no space at its end


def mail_channel() -> str:
    return "mail"


def caldav_channel(url: str) -> str:
    return f"caldav:{url.rstrip('/')}/"


def folder_channel(folder: str) -> str:
    return f"dir:{folder}"


def load(store: Store, channel: str) -> tuple[dict[str, Held], dict[str, Issued]]:
    """What ``channel`` holds, per UID, and the SEQUENCE of every UID."""
    from rituals.core.ical.reconcile import Held, Issued  # deferred: the .ics code loads with invites

    prefix = channel + SEPARATOR
    held = {}
    for key, value in store.states(DELIVERED).items():
        if key.startswith(prefix) and isinstance(value, dict):
            copies = value.get("copies")
            snap = value.get("snapshot")
            if isinstance(copies, dict) and isinstance(snap, dict):
                held[key[len(prefix) :]] = Held({str(k): str(v) for k, v in copies.items()}, snap)
    issued = {}
    for uid, value in store.states(ISSUED).items():
        if isinstance(value, dict) and isinstance(value.get("sequence"), int):
            issued[uid] = Issued(value["sequence"], str(value.get("digest", value.get("fingerprint", ""))))
    return held, issued


def save(
    tx: Transaction,
    store: Store,
    channel: str,
    held: Mapping[str, Held],
    issued: Mapping[str, Issued],
    before: Iterable[str],
    line: Said | None = None,
) -> None:
    """Record what ``channel`` now holds (UIDs in ``before`` that it no longer holds are dropped);
    ``line`` is what the change journal says of it (``rituals.locale.said``)."""
    if line:
        tx.tell(line)
    prefix = channel + SEPARATOR
    for uid in set(before) - set(held):
        tx.delete_state(DELIVERED, prefix + uid)
    for uid, h in held.items():
        tx.set_state(DELIVERED, prefix + uid, {"copies": dict(sorted(h.copies.items())), "snapshot": dict(h.snapshot)})
    known = store.states(ISSUED)
    for uid, found in issued.items():
        value = {"sequence": found.sequence, "digest": found.digest}
        if known.get(uid) != value:
            tx.set_state(ISSUED, uid, value)


def in_window(held: Mapping[str, Held], ritual_ids: set[str] | None, start: date, end: date) -> set[str]:
    """The held UIDs a run over ``ritual_ids`` (None: all) from ``start`` to ``end`` speaks for:
    a series always (it is not dated), a session's event when its date is in the window. Events
    outside it (past sessions above all) are left as they are."""
    out = set()
    for uid, h in held.items():
        snap: Mapping[str, Any] = h.snapshot
        if ritual_ids is not None and snap.get("ritual_id") not in ritual_ids:
            continue
        if snap.get("rrule"):
            out.add(uid)
            continue
        try:
            day = datetime.fromisoformat(str(snap.get("start"))).date()
        except ValueError:
            continue
        if start <= day < end:
            out.add(uid)
    return out


def holders(store: Store) -> tuple[dict[str, frozenset[str]], dict[str, int]]:
    """Per UID, everyone any channel delivered a copy to (e-mail, folders; a calendar's own
    copy is nobody's), and the SEQUENCE now issued: who may answer it, and to which version."""
    sent: dict[str, set[str]] = {}
    for key, value in store.states(DELIVERED).items():
        copies = value.get("copies") if isinstance(value, dict) else None
        if isinstance(copies, dict):
            uid = key.rpartition(SEPARATOR)[2]
            sent.setdefault(uid, set()).update(str(e) for e in copies if "@" in str(e))
    sequences = {
        uid: value["sequence"]
        for uid, value in store.states(ISSUED).items()
        if isinstance(value, dict) and isinstance(value.get("sequence"), int)
    }
    return {uid: frozenset(emails) for uid, emails in sent.items()}, sequences
