"""Calendar invites kept in step with the plan: .ics files, a CalDAV calendar, iMIP e-mail.

The plan implies events (``rituals.core.ical.events``); each channel remembers what it delivered
(``rituals.service.deliveries``) and sends exactly the difference (``rituals.core.ical.reconcile``):
REQUESTs to people whose copy is new or changed, CANCELs to people who hold a copy the plan no
longer gives them. A second run with nothing changed sends nothing. ``dry_run`` says what would
go out without sending or recording it. The .ics code pulls in icalendar, which is slow to
import: methods import it when called, so every command that never writes a calendar starts fast.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.core.history import pair_history
from rituals.locale import N_, _, pgettext
from rituals.locale.said import Nn_, said
from rituals.service import deliveries
from rituals.service.context import Context
from rituals.service.export_files import write_private

if TYPE_CHECKING:  # the .ics maths load only when invites are made
    from rituals.core.ical.events import CalendarEvent
    from rituals.core.ical.reconcile import Delivery, Outbox
    from rituals.service.rituals import Rituals

EXPORTS = deliveries.ISSUED  # per UID: the SEQUENCE (privacy's erasure resets these)
DEFAULT_DAYS = 365
# why a line goes out (``Line.reason``, kept in English for scripts), as a person reads it
REASONS = {
    "new": N_("new"),
    "updated": N_("updated"),
    "changed": N_("changed"),
    "cancelled": N_("cancelled"),
    "no longer planned": N_("no longer planned"),
    "no longer in this event": N_("no longer in this event"),
    "no events left": N_("no events left"),
}
CHANGES = {"time": N_("time"), "people": N_("people"), "place": N_("place"), "dates": N_("dates"), "title": N_("title")}


@dataclass(frozen=True)
class Line:
    """One message (or file, or calendar object) of a run: what, to whom, why."""

    method: str  # REQUEST, CANCEL, PUT, DELETE, WRITE, REMOVE
    name: str  # the event's readable name, e.g. coffee-roulette-2026-12-08-g3, or a file
    recipients: tuple[str, ...] = ()
    reason: str = ""

    def why(self) -> str:
        """``reason`` in the reader's language: "changed: time, people" ("modifié : horaire, participants")."""
        head, _colon, rest = self.reason.partition(": ")
        if head == "changed" and rest:
            what = ", ".join(_(CHANGES[word]) if word in CHANGES else word for word in rest.split(", "))
            return _("changed: {what}").format(what=what)
        return _(REASONS[self.reason]) if self.reason in REASONS else self.reason


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    events: int = 0
    uids: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per ritual left out, with why
    removed: int = 0  # CalDAV objects or files deleted
    messages: int = 0  # e-mails sent (or that would be, with dry_run)
    lines: list[Line] = field(default_factory=list)  # what went out (or would), one line each
    up_to_date: int = 0  # events whose every copy was already where it should be
    people: int = 0  # people holding at least one of these events
    dry_run: bool = False
    server: str = ""  # the SMTP server used, as HOST:PORT
    usual_port: bool = False  # its port was not given: 587 with STARTTLS, 25 without

    @property
    def nothing_to_do(self) -> bool:
        return not self.lines


class Export:
    """Invites for the rituals, each channel sent only what changed since its last run."""

    def __init__(self, context: Context, rituals: Rituals) -> None:
        self.context = context
        self.store = context.store
        self.rituals = rituals

    # ------------------------------------------------------------------ the plan as events
    def events(
        self,
        ritual_ids: Iterable[str] | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
        report: ExportReport | None = None,
    ) -> list[CalendarEvent]:
        """The events the plan implies for the named rituals (all when None), in the window."""
        from rituals.core.ical.events import attendee_of, ritual_events  # deferred, see TYPE_CHECKING

        start, end = self.window(start, end)
        everything = ritual_ids is None
        rituals = self.store.rituals() if ritual_ids is None else [self.store.ritual(r.strip()) for r in ritual_ids]
        people = {p.email: p for p in self.store.people()}
        closures = self.context.closures()
        everyone_sessions = self.store.sessions()
        met = pair_history(everyone_sessions)  # an invite says whether its group met before
        events = []
        for ritual in rituals:
            organizer = attendee_of(people.get(ritual.organizer), ritual.organizer)
            if organizer is None:
                if not everything:
                    raise InvalidInput(
                        _("ritual {ritual!r} has no organizer e-mail; invites need one").format(ritual=ritual.id)
                    )
                if report is not None:
                    report.skipped.append(_("{ritual}: no organizer e-mail").format(ritual=ritual.id))
                continue
            audience = [p.email for p in self.rituals.audience(ritual)]
            found = ritual_events(
                ritual,
                [s for s in everyone_sessions if s.ritual_id == ritual.id],
                people,
                audience,
                organizer,
                start,
                end,
                holidays=self.context.holidays,
                closures=closures,
                met=met,
            )
            if not found and report is not None and ritual.status == "active":
                report.skipped.append(
                    _(
                        "{ritual}: no session with groups between {start} and {end} (plan some with `rituals rotate`)"
                    ).format(ritual=ritual.id, start=start, end=end)
                )
            events += found
        return events

    def window(self, start: date | None, end: date | None) -> tuple[date, date]:
        start = start or self.context.today()
        end = end or start + timedelta(days=DEFAULT_DAYS)
        if end <= start:
            raise InvalidInput(
                _("the end date {end} must be after the start date {start}").format(end=end, start=start)
            )
        return start, end

    def stamp(self) -> datetime:
        # DTSTAMP is UTC; the service clock gives naive local time
        return self.context.now().astimezone(UTC)

    def _known_ids(self, ritual_ids: Iterable[str] | None) -> tuple[list[str] | None, set[str] | None]:
        """The rituals to build events for, and the ids whose delivered events are in scope: a
        removed ritual is still in scope (its events get cancelled), but has nothing to build."""
        if ritual_ids is None:
            return None, None
        wanted = [r.strip() for r in ritual_ids]
        existing = {r.id for r in self.store.rituals()}
        held_ids = {
            str(h.snapshot.get("ritual_id"))
            for ch in (deliveries.mail_channel(),)
            for h in deliveries.load(self.store, ch)[0].values()
        }
        for rid in wanted:
            if rid not in existing and rid not in held_ids:
                self.store.ritual(rid)  # raises the usual "unknown ritual" error
        return [r for r in wanted if r in existing], set(wanted)

    # ------------------------------------------------------------------ .ics to a file or stdout
    def ics(
        self,
        ritual_ids: Iterable[str] | None = None,
        *,
        method: str = "publish",
        output: Path | None = None,
        directory: Path | None = None,
        start: date | None = None,
        end: date | None = None,
        dry_run: bool = False,
    ) -> tuple[ExportReport, bytes]:
        """Write one .ics file (``output``), keep a folder in step (``directory``), or return the
        bytes (neither). A file or the bytes are a snapshot of the plan; a folder is a channel."""
        method = _method(method)
        if directory is not None:
            from rituals.service.export_files import sync_folder  # deferred: icalendar

            return sync_folder(self, ritual_ids, method, directory, start, end, dry_run), b""
        return self._snapshot(ritual_ids, method, output, start, end)

    def _snapshot(
        self, ritual_ids: Iterable[str] | None, method: str, output: Path | None, start: date | None, end: date | None
    ) -> tuple[ExportReport, bytes]:
        from rituals.core.ical.messages import by_uid, scheduling_messages  # deferred, see TYPE_CHECKING
        from rituals.core.ical.writer import to_ics  # deferred: icalendar

        report = ExportReport()
        events = self.events(ritual_ids, start=start, end=end, report=report)
        if not events:
            if not report.skipped:
                raise InvalidInput(_("nothing to export: no rituals"))
            reasons = pgettext("list", "; ").join(report.skipped)
            raise InvalidInput(_("nothing to export: {reasons}").format(reasons=reasons))
        if method == "CANCEL":  # cancelled before numbering: a CANCEL outranks what it withdraws
            events = [dataclasses.replace(e, cancelled=True) for e in events]
        events = self.numbered(events)
        report.events, report.uids = len(events), len(by_uid(events))
        messages = scheduling_messages(events, method)
        if len(messages) > 1:
            raise InvalidInput(
                _("a {method} file carries one UID (RFC 5546) and this export has {uids}: use --dir").format(
                    method=method, uids=report.uids
                )
            )
        data = to_ics(messages[0][1], messages[0][0], self.stamp())
        if output is not None:
            report.files.append(write_private(output, data))
        return report, data

    def numbered(self, events: list[CalendarEvent]) -> list[CalendarEvent]:
        """The events with the SEQUENCE every channel uses for what they now say (recorded)."""
        from rituals.core.ical.reconcile import sequences_for

        _, issued = deliveries.load(self.store, deliveries.mail_channel())
        numbered, issued = sequences_for(events, issued)
        with self.store.transaction() as tx:
            deliveries.save(tx, self.store, "", {}, issued, (), said(N_("numbered the exported invites")))
        return numbered

    # ------------------------------------------------------------------ CalDAV
    def publish(
        self,
        ritual_ids: Iterable[str] | None,
        *,
        url: str,
        user: str | None = None,
        password: str | None = None,
        start: date | None = None,
        end: date | None = None,
        dry_run: bool = False,
    ) -> ExportReport:
        """Keep a CalDAV calendar in step: one object per UID (no METHOD, RFC 4791 4.1), put when
        new or changed, deleted when the plan no longer has it."""
        from rituals.service.export_caldav import sync_calendar  # deferred: caldav and icalendar

        return sync_calendar(self, ritual_ids, url, user, password, start, end, dry_run)

    # ------------------------------------------------------------------ e-mail
    def send(
        self,
        ritual_ids: Iterable[str] | None,
        *,
        smtp: str,
        starttls: bool = False,
        sender: str | None = None,
        user: str | None = None,
        password: str | None = None,
        eml_dir: Path | None = None,
        dry_run: bool = False,
        start: date | None = None,
        end: date | None = None,
    ) -> ExportReport:
        """iMIP (RFC 6047): to each person, the REQUESTs and CANCELs that bring their calendar in
        step with the plan; one message per UID and copy. ``dry_run``: nothing is sent or recorded
        (with ``eml_dir``, the messages are written there as .eml files)."""
        from rituals.core.ical.reconcile import reconcile
        from rituals.service.export_mail import by_zone, invite_message, parse_server, smtp_send  # deferred: icalendar

        report = ExportReport(dry_run=dry_run)
        host, port = "", 0
        if not dry_run:  # a bad server is said before any work
            host, port, report.usual_port = parse_server(smtp, starttls)
            report.server = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        build, scope_ids = self._known_ids(ritual_ids)
        start, end = self.window(start, end)
        events = self.events(build, start=start, end=end, report=report) if build != [] else []
        channel = deliveries.mail_channel()
        held, issued = deliveries.load(self.store, channel)
        scope = deliveries.in_window(held, scope_ids, start, end)
        outbox = reconcile(events, held, issued, scope=scope | {e.uid for e in events})
        _account(report, outbox, events)
        stamp = self.stamp()
        zones = {p.email: p.timezone for p in self.store.people()}
        messages = []
        for d in outbox.deliveries:  # one message per copy and zone: each says the time in its readers' zone
            event = d.events[0]
            for zone, recipients in by_zone(d.recipients, zones, event.timezone):
                message = invite_message(
                    list(d.events),
                    d.method,
                    sender,
                    stamp,
                    recipients,
                    zone=zone,
                    organizer_zone=zones.get(event.organizer.email, event.timezone),
                )
                messages.append((d, recipients, message))
        report.messages = len(messages)
        if eml_dir is not None:
            for delivery, recipients, message in messages:
                name = f"{delivery.events[0].name}-{delivery.method.lower()}-{'-'.join(recipients)[:60]}.eml"
                report.files.append(write_private(eml_dir / _safe(name), message.as_bytes()))
        if dry_run:
            return report
        if messages:
            smtp_send(host, port, [m for _, _, m in messages], starttls=starttls, user=user, password=password)
        with self.store.transaction() as tx:
            deliveries.save(
                tx,
                self.store,
                channel,
                outbox.held,
                outbox.issued,
                held,
                said(Nn_("sent {n} invite message by e-mail", "sent {n} invite messages by e-mail"), n=report.messages),
            )
        return report


def _account(report: ExportReport, outbox: Outbox, events: list[CalendarEvent]) -> None:
    report.lines += [_line(d) for d in outbox.deliveries]
    report.up_to_date = outbox.up_to_date
    report.people = outbox.people
    report.events = len(events)
    report.uids = len({e.uid for e in events})


def _line(delivery: Delivery) -> Line:
    return Line(delivery.method, delivery.events[0].name, delivery.recipients, delivery.reason)


def _method(method: str) -> str:
    wanted = method.strip().upper()
    if wanted not in ("PUBLISH", "REQUEST", "CANCEL"):
        raise InvalidInput(_("unknown method {method!r}: use publish, request or cancel").format(method=method))
    return wanted


def _safe(name: str) -> str:
    from rituals.service.export_files import safe_name

    return safe_name(name)
