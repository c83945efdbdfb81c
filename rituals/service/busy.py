"""Reading someone's busy times from their calendar (``Person.calendar``), for finding slots.

- ``caldav:URL``: the calendar collection's free-busy report (RFC 4791 7.10, a REPORT with a
  ``free-busy-query``); credentials, when the server wants them, come from the environment
  (the CLI reads ``RITUALS_CALDAV_USER`` and the variable ``--password-env`` names);
- an .ics feed: an ``https://`` or ``webcal://`` URL (the "secret address" Google and Outlook
  publish) or a file, whose events (recurring ones expanded) are busy unless marked
  transparent or cancelled. Floating times and all-day events are read in the person's zone.

Every failure is one `ExternalError` line; the slots area reports it for that person and goes
on with what it knows.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rituals.core.errors import ExternalError
from rituals.core.hours import to_utc
from rituals.locale import _

UTC = UTC
TIMEOUT = 15  # seconds per calendar
MAX_BYTES = 20 * 1024 * 1024  # a feed larger than this is refused, not read into memory
Interval = tuple[datetime, datetime]


def _query(start: datetime, end: datetime) -> str:
    """A CalDAV free-busy-query (RFC 4791, 7.10) over [start, end)."""
    since, until = f"{start.astimezone(UTC):%Y%m%dT%H%M%SZ}", f"{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">'
        f'<C:time-range start="{since}" end="{until}"/></C:free-busy-query>'
    )


def read_busy(
    calendar: str, start: datetime, end: datetime, zone: str, *, user: str | None = None, password: str | None = None
) -> list[Interval]:
    """The busy intervals (aware UTC) of ``calendar`` that meet [start, end) (aware)."""
    if calendar.lower().startswith("caldav:"):
        return free_busy(calendar[7:], start, end, user, password)
    return feed_busy(_fetch_feed(calendar), start, end, zone)


# --------------------------------------------------------------------------- CalDAV
def free_busy(url: str, start: datetime, end: datetime, user: str | None, password: str | None) -> list[Interval]:
    """A CalDAV free-busy report over [start, end)."""
    body = _query(start, end)
    headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
    if user:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=body.encode(), method="REPORT", headers=headers)
    return periods_of(_get(request, url))


def periods_of(data: bytes) -> list[Interval]:
    """The busy periods of a VFREEBUSY answer (FBTYPE other than FREE)."""
    from icalendar import Calendar, vPeriod  # deferred: icalendar is slow to import

    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise ExternalError(_("the free-busy report is not a calendar ({detail})").format(detail=_short(exc))) from None
    found: list[Interval] = []
    for component in calendar.walk("VFREEBUSY"):
        for value in _listed(component.get("FREEBUSY")):
            if str(getattr(value, "params", {}).get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            for piece in value.to_ical().decode().split(","):
                first, second = vPeriod.from_ical(piece)
                last = first + second if isinstance(second, timedelta) else second
                found.append((first.astimezone(UTC), last.astimezone(UTC)))
    return found


# --------------------------------------------------------------------------- .ics feeds
def _fetch_feed(where: str) -> bytes:
    lowered = where.lower()
    if lowered.startswith(("http://", "https://", "webcal://")):
        url = "https://" + where[len("webcal://") :] if lowered.startswith("webcal://") else where
        return _get(urllib.request.Request(url, headers={"Accept": "text/calendar"}), url)
    path = Path(where).expanduser()
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ExternalError(
                _("the calendar file {path} is larger than {value} MB").format(path=path, value=MAX_BYTES // 2**20)
            )
        return path.read_bytes()
    except OSError as exc:
        raise ExternalError(
            _("cannot read the calendar file {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None


def feed_busy(data: bytes, start: datetime, end: datetime, zone: str) -> list[Interval]:
    """The busy times of a calendar file's events (recurrences expanded) that meet [start, end)."""
    import recurring_ical_events  # deferred: only finding slots reads feeds
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
        # a day either side: floating and all-day times are read in the person's zone below
        events = recurring_ical_events.of(calendar).between(start - timedelta(days=1), end + timedelta(days=1))
    except Exception as exc:  # the parsers raise many kinds on a malformed file: all mean "not a calendar"
        raise ExternalError(
            _("the calendar is not a readable .ics file ({detail})").format(detail=_short(exc))
        ) from None
    found = []
    for event in events:
        if (
            str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"
            or str(event.get("STATUS", "")).upper() == "CANCELLED"
        ):
            continue
        first, last = _span(event, zone)
        if first < end and last > start:
            found.append((first, last))
    return found


def _span(event: Any, zone: str) -> Interval:
    begin = event["DTSTART"].dt
    if "DTEND" in event:
        finish = event["DTEND"].dt
    elif "DURATION" in event:
        finish = begin + event["DURATION"].dt
    else:  # RFC 5545 3.6.1: a date lasts the day, a date-time an instant
        finish = begin + timedelta(days=1) if not isinstance(begin, datetime) else begin
    return _instant(begin, zone), _instant(finish, zone)


def _instant(value: date | datetime, zone: str) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        return to_utc(value, zone)
    return value.astimezone(UTC)


# --------------------------------------------------------------------------- HTTP
def _get(request: urllib.request.Request, url: str) -> bytes:
    where = url.split("://", 1)[-1].split("/", 1)[0].rpartition("@")[2]  # the host, never a secret path
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # only http(s) URLs reach here
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        hint = " (check RITUALS_CALDAV_USER and the password)" if exc.code in (401, 403) else ""
        raise ExternalError(
            _("the calendar server {where} answered {code} {reason}{hint}").format(
                where=where, code=exc.code, reason=exc.reason, hint=hint
            )
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ExternalError(
            _("cannot reach the calendar server {where}: {detail}").format(where=where, detail=_short(reason))
        ) from None
    if len(data) > MAX_BYTES:
        raise ExternalError(
            _("the calendar at {where} is larger than {value} MB").format(where=where, value=MAX_BYTES // 2**20)
        )
    return data


def _listed(value: Any) -> Iterable[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _short(value: object) -> str:
    return (" ".join(str(value).split()) or type(value).__name__)[:160]
