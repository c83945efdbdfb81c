"""`rituals export --dir`: a folder of .ics files kept in step with the plan.

Two layouts, as before:
- ``publish`` (feeds): ``rituals/<id>.ics`` with a ritual's events and ``people/<email>.ics``
  with a person's own copies, for calendar apps that subscribe to a file. A run rewrites only
  the files whose events changed, and deletes the file of someone who no longer has any.
- ``request``/``cancel`` (invitations, vdir-style, one UID per file): ``people/<email>/<event>.ics``
  holds the last REQUEST or CANCEL that person was due, as the e-mail channel would send it, and
  ``rituals/<id>/<event>.ics`` the organizer's copy (or its CANCEL once the plan drops it).

The folder is a channel: what it holds is remembered in the database (per folder and per
choice of rituals), so a second run with nothing changed writes nothing and says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.locale import N_, _
from rituals.locale.said import said
from rituals.service import deliveries
from rituals.store.private import make_dirs

if TYPE_CHECKING:
    from rituals.core.ical.events import CalendarEvent
    from rituals.core.ical.reconcile import Held
    from rituals.service.export import Export, ExportReport


def sync_folder(
    export: Export,
    ritual_ids: Iterable[str] | None,
    method: str,
    directory: Path,
    start: date | None,
    end: date | None,
    dry_run: bool,
) -> ExportReport:
    from rituals.service.export import ExportReport

    report = ExportReport(dry_run=dry_run)
    wanted = None if ritual_ids is None else sorted(r.strip() for r in ritual_ids)
    start, end = export.window(start, end)
    events = export.events(wanted, start=start, end=end, report=report)
    if not events and not report.skipped and wanted is None:
        raise InvalidInput(_("nothing to export: no rituals"))
    selection = "all" if wanted is None else ",".join(wanted)
    channel = deliveries.folder_channel(f"{os.path.realpath(directory)}|{method}|{selection}")
    if method == "PUBLISH":
        _feeds(export, report, events, directory, channel, dry_run)
    else:
        _invitations(export, report, events, directory, channel, method, dry_run, (start, end))
    report.events, report.uids = len(events), len({e.uid for e in events})
    return report


def _feeds(
    export: Export, report: ExportReport, events: list[CalendarEvent], directory: Path, channel: str, dry_run: bool
) -> None:
    from rituals.core.ical.reconcile import Held, copies_of
    from rituals.core.ical.writer import to_ics
    from rituals.service.export import Line

    events = export.numbered(events) if not dry_run else events
    shelves: dict[str, list[CalendarEvent]] = {}
    for event in events:
        if not event.cancelled:
            shelves.setdefault(f"rituals/{safe_name(event.ritual_id)}.ics", []).append(
                replace(event, exdates_for=(), personal=())
            )
    for _uid, theirs in copies_of(events).items():
        for email, copy in theirs.items():
            shelves.setdefault(f"people/{safe_name(email)}.ics", []).extend(copy)
    held, _ = deliveries.load(export.store, channel)
    stamp = export.stamp()
    new_held: dict[str, Held] = {}
    for relative, mine in sorted(shelves.items()):
        digest = _digest(mine)
        new_held[relative] = Held({"file": digest}, {"path": relative})
        if held.get(relative) is not None and held[relative].copies.get("file") == digest:
            report.up_to_date += 1
            continue
        report.lines.append(Line("WRITE", relative, reason="new" if relative not in held else "changed"))
        if not dry_run:
            report.files.append(write_private(directory / relative, to_ics(mine, "PUBLISH", stamp)))
    for relative in sorted(set(held) - set(new_held)):
        report.lines.append(Line("REMOVE", relative, reason="no events left"))
        report.removed += 1
        if not dry_run:
            (directory / relative).unlink(missing_ok=True)
    report.people = sum(1 for r in new_held if r.startswith("people/"))
    if not dry_run:
        with export.store.transaction() as tx:
            deliveries.save(
                tx,
                export.store,
                channel,
                new_held,
                {},
                held,
                said(N_("exported invites to {folder}"), folder=str(directory)),
            )


def _invitations(
    export: Export,
    report: ExportReport,
    events: list[CalendarEvent],
    directory: Path,
    channel: str,
    method: str,
    dry_run: bool,
    window: tuple[date, date],
) -> None:
    from rituals.core.ical.reconcile import event_from_snapshot, reconcile, sync_objects
    from rituals.core.ical.writer import to_ics
    from rituals.service.export import Line

    if method == "CANCEL":
        events = [replace(e, cancelled=True) for e in events]
    people_channel, ritual_channel = channel + "|people", channel + "|rituals"
    held, issued = deliveries.load(export.store, people_channel)
    objects, _ = deliveries.load(export.store, ritual_channel)
    scope = deliveries.in_window(held, None, *window) | {e.uid for e in events}
    outbox = reconcile(events, held, issued, scope=scope)
    synced = sync_objects(events, objects, outbox.issued, scope=scope)
    stamp = export.stamp()
    writes: list[tuple[str, list[CalendarEvent], str]] = []
    for delivery in outbox.deliveries:
        for email in delivery.recipients:
            writes.append(
                (
                    f"people/{safe_name(email)}/{safe_name(delivery.events[0].name)}.ics",
                    list(delivery.events),
                    delivery.method,
                )
            )
        report.lines.append(Line(delivery.method, delivery.events[0].name, delivery.recipients, delivery.reason))
    for whole in synced.puts:
        writes.append(
            (f"rituals/{safe_name(whole[0].ritual_id)}/{safe_name(whole[0].name)}.ics", list(whole), "REQUEST")
        )
    for snap in synced.deletes:
        gone = replace(event_from_snapshot(snap), cancelled=True, sequence=synced.issued[str(snap["uid"])].sequence)
        writes.append((f"rituals/{safe_name(gone.ritual_id)}/{safe_name(gone.name)}.ics", [gone], "CANCEL"))
    report.up_to_date, report.people = outbox.up_to_date, outbox.people
    if dry_run:
        return
    for relative, mine, kind in writes:
        report.files.append(write_private(directory / relative, to_ics(mine, kind, stamp)))
    with export.store.transaction() as tx:
        deliveries.save(
            tx,
            export.store,
            people_channel,
            outbox.held,
            synced.issued,
            held,
            said(N_("exported invitations to {folder}"), folder=str(directory)),
        )
        deliveries.save(tx, export.store, ritual_channel, synced.held, {}, objects)


def _digest(events: list[CalendarEvent]) -> str:
    """What a file says, without its DTSTAMP (which changes on every run)."""
    facts = sorted((e.uid, e.fingerprint(), e.summary, e.description, e.sequence, str(e.recurrence_id)) for e in events)
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


def safe_name(text: str) -> str:
    """A file name from a UID or an e-mail: letters, digits, '.', '-', '_', '@' only."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-_@") else "_" for ch in text)
    return cleaned.strip(".") or "_"


def write_private(path: Path, content: bytes) -> Path:
    """Write atomically, readable by the owner only: invites list colleagues' e-mails."""
    make_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
