"""Calendar invites: .ics files, a CalDAV calendar, iMIP e-mail.

The .ics building is pure (``rituals.core.ical.events`` and ``rituals.core.ical.writer``); here we
pick the rituals, number the updates (SEQUENCE) against what was exported before, and talk to
the outside world (e-mail messages are built in ``rituals.service.export_mail``).
``ics_writer`` pulls in icalendar, which is slow to import: methods import it when called, so
that the CLI starts fast for every command that never writes a calendar.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from rituals.core.errors import ExternalError, InvalidInput
from rituals.store.private import make_dirs
from rituals.service.base import ServiceBase

if TYPE_CHECKING:  # every command builds a Service: the .ics maths load only when invites are made
    from rituals.core.ical.events import CalendarEvent


EXPORTS = "exports"  # state table: per UID, the fingerprint and SEQUENCE last sent
DEFAULT_DAYS = 365


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    events: int = 0
    uids: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per ritual left out, with why
    removed: int = 0  # CalDAV objects deleted because cancelled
    messages: int = 0  # e-mails sent (or written with --dry-run)


class ExportMixin(ServiceBase):
    # ------------------------------------------------------------------ building
    def calendar_events(
        self,
        ritual_ids: Iterable[str] | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
        cancel: bool = False,
        report: ExportReport | None = None,
    ) -> list[CalendarEvent]:
        """Events of the named rituals (all when None), numbered against the last export."""
        from rituals.core.ical.events import attendee_of, ritual_events  # deferred, see TYPE_CHECKING
        start = start or self.today()
        end = end or start + timedelta(days=DEFAULT_DAYS)
        if end <= start:
            raise InvalidInput(f"the end date {end} must be after the start date {start}")
        everything = ritual_ids is None
        rituals = self.store.rituals() if everything else [self.store.ritual(r.strip()) for r in ritual_ids]
        people = {p.email: p for p in self.store.people()}
        events = []
        for ritual in rituals:
            organizer = attendee_of(people.get(ritual.organizer), ritual.organizer)
            if organizer is None:
                if not everything:
                    raise InvalidInput(f"ritual {ritual.id!r} has no organizer e-mail; invites need one")
                if report is not None:
                    report.skipped.append(f"{ritual.id}: no organizer e-mail")
                continue
            audience = [p.email for p in self.invited(ritual, start)]
            found = ritual_events(ritual, self.store.sessions(ritual.id), people, audience, organizer, start, end,
                                  holidays=self.holidays)
            if not found and report is not None:
                report.skipped.append(
                    f"{ritual.id}: no session with groups between {start} and {end} (plan some with `rituals rotate`)"
                )
            events += found
        if cancel:
            events = [dataclasses.replace(e, cancelled=True) for e in events]
        return self._numbered(events)

    def _numbered(self, events: list[CalendarEvent]) -> list[CalendarEvent]:
        """SEQUENCE: unchanged if nothing significant changed since the last export, else +1."""
        from rituals.core.ical.events import by_uid  # deferred, see TYPE_CHECKING
        previous = self.store.states(EXPORTS)
        out = []
        for uid, group in by_uid(events).items():
            seen = previous.get(uid) or {}
            sequence = int(seen.get("sequence", 0))
            if seen and seen.get("fingerprint") != _fingerprint(group):
                sequence += 1
            if group[0].cancelled:
                # a CANCEL must outrank the REQUEST it withdraws, even one sent by other means
                sequence = max(sequence, 1)
            out += [dataclasses.replace(e, sequence=sequence) for e in group]
        return out

    def _remember(self, events: list[CalendarEvent]) -> None:
        from rituals.core.ical.events import by_uid  # deferred, see TYPE_CHECKING
        with self.store.transaction() as tx:
            for uid, group in by_uid(events).items():
                tx.set_state(EXPORTS, uid, {"fingerprint": _fingerprint(group), "sequence": group[0].sequence})

    def _stamp(self):
        # DTSTAMP is UTC; the service clock gives naive local time
        return self.now().astimezone(timezone.utc)

    # ------------------------------------------------------------------ files
    def export_ics(
        self,
        ritual_ids: Iterable[str] | None = None,
        *,
        method: str = "publish",
        output: Path | None = None,
        directory: Path | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> tuple[ExportReport, bytes]:
        """Write one .ics file (``output``), a directory of them, or return the bytes (neither)."""
        from rituals.core.ical.events import by_uid, scheduling_messages  # deferred, see TYPE_CHECKING
        from rituals.core.ical.writer import to_ics  # deferred: icalendar

        method = _method(method)
        report = ExportReport()
        events = self.calendar_events(ritual_ids, start=start, end=end, cancel=method == "CANCEL", report=report)
        if not events:
            raise InvalidInput("nothing to export: " + ("; ".join(report.skipped) or "no rituals"))
        report.events, report.uids = len(events), len(by_uid(events))
        stamp = self._stamp()
        data = b""
        if directory is not None:
            for relative, content in self._directory_files(events, method, stamp):
                report.files.append(write_private(directory / relative, content))
        else:
            messages = scheduling_messages(events, method)
            if len(messages) > 1:
                raise InvalidInput(
                    f"a {method} file carries one UID (RFC 5546) and this export has {report.uids}: use --dir"
                )
            data = to_ics(messages[0][1], messages[0][0], stamp)
            if output is not None:
                report.files.append(write_private(output, data))
        self._remember(events)
        return report, data

    def _directory_files(self, events: list[CalendarEvent], method: str, stamp) -> list[tuple[Path, bytes]]:
        """One file per ritual and per person (PUBLISH), or vdir-style one UID per file."""
        from rituals.core.ical.events import scheduling_messages  # deferred, see TYPE_CHECKING
        from rituals.core.ical.writer import to_ics  # deferred: icalendar

        shelves: dict[Path, list[CalendarEvent]] = {}
        for event in events:
            shelves.setdefault(Path("rituals") / safe_name(event.ritual_id), []).append(event)
            for person in event.attendees:
                shelves.setdefault(Path("people") / safe_name(person.email), []).append(event)
        files = []
        for shelf, mine in shelves.items():
            messages = scheduling_messages(mine, method)
            if method == "PUBLISH":
                files.append((shelf.with_name(shelf.name + ".ics"), to_ics(messages[0][1], "PUBLISH", stamp)))
                continue
            for kind, group in messages:
                files.append((shelf / (safe_name(group[0].name) + ".ics"), to_ics(group, kind, stamp)))
        return files

    # ------------------------------------------------------------------ CalDAV
    def publish_caldav(
        self,
        ritual_ids: Iterable[str] | None,
        *,
        url: str,
        user: str | None = None,
        password: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> ExportReport:
        """Put every event on a CalDAV calendar: one object per UID, no METHOD (RFC 4791 4.1)."""
        from rituals.core.ical.events import by_uid  # deferred, see TYPE_CHECKING
        import caldav  # deferred: heavy, and only this command talks CalDAV
        from caldav.lib import error as dav_error

        from rituals.core.ical.writer import to_ics  # deferred: icalendar

        report = ExportReport()
        events = self.calendar_events(ritual_ids, start=start, end=end, report=report)
        stamp = self._stamp()
        try:
            with caldav.DAVClient(url=url, username=user, password=password, timeout=20) as client:
                calendar = client.calendar(url=url)
                for uid, group in by_uid(events).items():
                    if group[0].cancelled:
                        report.removed += _delete_event(calendar, uid, dav_error)
                        continue
                    # the data already carries the right SEQUENCE: the library must not bump it
                    calendar.add_event(to_ics(group, None, stamp).decode(), increase_seqno=False)
                    report.events += len(group)
                    report.uids += 1
        except dav_error.AuthorizationError:
            raise ExternalError(f"the CalDAV server at {url} refused the credentials") from None
        except dav_error.DAVError as exc:
            raise ExternalError(f"the CalDAV server at {url} failed: {_first_line(exc)}") from None
        except OSError as exc:
            raise ExternalError(f"cannot reach the CalDAV server at {url}: {_first_line(exc)}") from None
        self._remember(events)
        return report

    # ------------------------------------------------------------------ e-mail
    def send_invites(
        self,
        ritual_id: str,
        *,
        smtp: str,
        starttls: bool = False,
        sender: str | None = None,
        user: str | None = None,
        password: str | None = None,
        dry_run_dir: Path | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> ExportReport:
        """iMIP (RFC 6047): one message per UID to that event's attendees; or .eml files."""
        from rituals.core.ical.events import scheduling_messages  # deferred, see TYPE_CHECKING
        from rituals.service.export_mail import invite_message, smtp_send  # deferred: icalendar

        report = ExportReport()
        events = self.calendar_events([ritual_id], start=start, end=end, report=report)
        if not events:
            raise InvalidInput(f"nothing to send for {ritual_id!r}: " + "; ".join(report.skipped))
        stamp = self._stamp()
        messages = [
            (safe_name(group[0].name) + ".eml", invite_message(group, method, sender, stamp))
            for method, group in scheduling_messages(events, "REQUEST")
            if group[0].attendees  # nobody to tell
        ]
        if dry_run_dir is not None:
            for name, message in messages:
                report.files.append(write_private(dry_run_dir / name, message.as_bytes()))
        else:
            smtp_send(smtp, [m for _, m in messages], starttls=starttls, user=user, password=password)
            self._remember(events)
        report.messages = len(messages)
        report.events, report.uids = len(events), len({e.uid for e in events})
        return report


def _delete_event(calendar, uid: str, dav_error) -> int:
    try:
        calendar.get_event_by_uid(uid).delete()
    except dav_error.NotFoundError:
        return 0
    return 1


def _fingerprint(group: list[CalendarEvent]) -> str:
    return ":".join(e.fingerprint() for e in group)


def _method(method: str) -> str:
    wanted = method.strip().upper()
    if wanted not in ("PUBLISH", "REQUEST", "CANCEL"):
        raise InvalidInput(f"unknown method {method!r}: use publish, request or cancel")
    return wanted


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    # HTTP libraries wrap the socket error in pool and retry details; the errno text is the news
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if found:
        return found.group(1).strip().rstrip(".")
    unknown = re.search(r"Failed to resolve '([^']+)'", text)
    if unknown:
        return f"unknown host {unknown.group(1)}"
    if "timed out" in text.lower():
        return "timed out"
    return text[:160]


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
