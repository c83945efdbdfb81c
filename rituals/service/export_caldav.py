"""`rituals publish`: a CalDAV calendar kept in step with the plan, one object per UID.

What the calendar holds is remembered per calendar URL (``rituals.service.deliveries``): a run
puts the events that are new or changed, deletes the ones the plan no longer has (a cancelled
date, a removed ritual, a group that was dissolved), and leaves the rest alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rituals.core.errors import ExternalError
from rituals.locale import _
from rituals.locale.said import Nn_, said
from rituals.service import deliveries

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

    from rituals.service.export import Export, ExportReport


def sync_calendar(
    export: Export,
    ritual_ids: Iterable[str] | None,
    url: str,
    user: str | None,
    password: str | None,
    start: date | None,
    end: date | None,
    dry_run: bool,
) -> ExportReport:
    from rituals.core.ical.reconcile import sync_objects
    from rituals.service.export import ExportReport, Line

    report = ExportReport(dry_run=dry_run)
    start, end = export.window(start, end)
    wanted = None if ritual_ids is None else [r.strip() for r in ritual_ids]
    events = export.events(wanted, start=start, end=end, report=report)
    channel = deliveries.caldav_channel(url)
    held, issued = deliveries.load(export.store, channel)
    scope = deliveries.in_window(held, None if wanted is None else set(wanted), start, end)
    synced = sync_objects(events, held, issued, scope=scope | {e.uid for e in events})
    report.lines += [
        Line("PUT", whole[0].name, reason="new" if whole[0].uid not in held else "changed") for whole in synced.puts
    ]
    report.lines += [
        Line("DELETE", str(snap.get("name", snap.get("uid"))), reason="no longer planned") for snap in synced.deletes
    ]
    report.up_to_date = synced.up_to_date
    report.events, report.uids = len(events), len(synced.held)
    report.people = len({a.email for e in events if not e.cancelled for a in e.attendees})
    if dry_run or not report.lines:
        return report
    _talk(url, user, password, synced, export, report)
    with export.store.transaction() as tx:
        deliveries.save(
            tx,
            export.store,
            channel,
            synced.held,
            synced.issued,
            held,
            said(
                Nn_(
                    "published {n} event and removed {removed} on {url}",
                    "published {n} events and removed {removed} on {url}",
                ),
                n=len(synced.puts),
                removed=report.removed,
                url=url,
            ),
        )
    return report


def _talk(url: str, user: str | None, password: str | None, synced: Any, export: Export, report: ExportReport) -> None:
    import caldav  # deferred: heavy, and only this command talks CalDAV
    from caldav.lib import error as dav_error

    from rituals.core.ical.writer import to_ics  # deferred: icalendar

    stamp = export.stamp()
    with caldav_errors(url):
        # caldav's lazy module __getattr__ is typed to return object
        dav_client = cast("type[DAVClient]", caldav.DAVClient)
        with dav_client(url=url, username=user, password=password, timeout=20) as client:
            calendar = client.calendar(url=url)
            for whole in synced.puts:
                # the data already carries the right SEQUENCE: the library must not bump it
                calendar.add_event(to_ics(list(whole), None, stamp).decode(), increase_seqno=False)
            for snap in synced.deletes:
                try:
                    calendar.get_event_by_uid(str(snap["uid"])).delete()
                    report.removed += 1
                except dav_error.NotFoundError:
                    pass  # already gone (deleted by hand): what we wanted


@contextmanager
def caldav_errors(url: str) -> Iterator[None]:
    """A talk with the CalDAV server at ``url``: what goes wrong said in one line."""
    from caldav.lib import error as dav_error  # deferred with caldav

    try:
        yield
    except dav_error.AuthorizationError:
        raise ExternalError(_("the CalDAV server at {url} refused the credentials").format(url=url)) from None
    except dav_error.DAVError as exc:
        raise ExternalError(
            _("the CalDAV server at {url} failed: {detail}").format(url=url, detail=first_line(exc))
        ) from None
    except OSError as exc:
        raise ExternalError(
            _("cannot reach the CalDAV server at {url}: {detail}").format(url=url, detail=first_line(exc))
        ) from None


def first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    # HTTP libraries wrap the socket error in pool and retry details; the errno text is the news
    found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if found:
        return found.group(1).strip().rstrip(".")
    unknown = re.search(r"Failed to resolve '([^']+)'", text)
    if unknown:
        return _("unknown host {host}").format(host=unknown.group(1))
    if "timed out" in text.lower():
        return _("timed out")
    return text[:160]
