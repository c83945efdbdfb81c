"""iMIP e-mail invites (RFC 6047) and the SMTP delivery of them.

Each message carries one UID: a readable text/plain part first, then the
``text/calendar; method=REQUEST`` part that mail clients turn into Accept/Decline buttons.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING

from rituals.core.errors import ExternalError, InvalidInput
from rituals.locale import _, current, for_language, formats

if TYPE_CHECKING:
    from rituals.core.ical.events import CalendarEvent

SMTP_TIMEOUT = 20


def invite_message(
    group: list[CalendarEvent],
    method: str,
    sender: str | None,
    stamp: datetime,
    recipients: tuple[str, ...] | None = None,
    *,
    zone: str | None = None,
    organizer_zone: str | None = None,
) -> EmailMessage:
    """The iMIP message for one UID (a master and its overrides), to ``recipients`` (default:
    every attendee): the same copy may go to several people, a CANCEL only to those it removes.
    Its text gives the time in ``zone`` (the recipients'), the organiser's in brackets."""
    from rituals.core.ical.writer import to_ics  # deferred: icalendar is slow to import

    event = group[0]
    organizer = event.organizer
    message = EmailMessage()
    # From is the organizer, so replies reach them; --from is the agent sending on their behalf
    # Address objects quote display names: a comma in "O'Neil, Jr." must not split the list
    message["From"] = Address(organizer.name, addr_spec=organizer.email)
    if sender and sender.strip().lower() != organizer.email:
        message["Sender"] = Address(addr_spec=sender.strip())
    names = {a.email: a.name for e in group for a in e.attendees}
    to = recipients if recipients is not None else tuple(names)
    message["To"] = [Address(names.get(email, ""), addr_spec=email) for email in to]
    message["Subject"] = subject(event, method)
    message["Date"] = formatdate(stamp.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain="rituals.invalid")
    # quoted-printable: any relay can carry it, even one without 8BITMIME
    message.set_content(readable_text(event, method, zone, organizer_zone), cte="quoted-printable")
    # bytes + base64 keep the CRLF line ends and 75-octet folding of the calendar intact
    message.add_alternative(
        to_ics(group, method, stamp),
        maintype="text",
        subtype="calendar",
        params={"method": method, "charset": "utf-8"},
        cte="base64",
    )
    return message


def subject(event: CalendarEvent, method: str) -> str:
    """ "Invitation: Coffee roulette (group 2)", in the language of the recipients' copy."""
    t = for_language(event.language or current())
    if method == "CANCEL":
        return t.gettext("Cancelled: {title}").format(title=event.summary)
    return t.gettext("Invitation: {title}").format(title=event.summary)


def readable_text(event: CalendarEvent, method: str, zone: str | None = None, organizer_zone: str | None = None) -> str:
    """The message's text part, in the language of the recipients' copy: what, when (in
    ``zone``, the organiser's time in brackets where it differs), where, who organises it."""
    lang = event.language or current()
    t = for_language(lang)
    if event.all_day:
        when = formats.day(event.start, "long", lang)
    else:
        when = _when(event, zone or event.timezone, organizer_zone or event.timezone, lang)
    if event.rrule:
        rule = event.rrule.split(";")[0].split("=")[1].lower()
        every = {"weekly": t.gettext("weekly"), "monthly": t.gettext("monthly")}.get(rule, rule)
        when = t.gettext("{when}, repeating ({every})").format(when=when, every=every)
    if method == "CANCEL":
        head = t.gettext("{title} has been cancelled.").format(title=event.summary)
    else:
        head = t.gettext("You are invited: {title}").format(title=event.summary)
    lines = [head, "", t.gettext("When: {when}").format(when=when)]
    if event.location:
        lines.append(t.gettext("Where: {place}").format(place=event.location))
    if event.url:
        lines.append(t.gettext("Link: {url}").format(url=event.url))
    lines.append(t.gettext("Organizer: {name}").format(name=event.organizer.name or event.organizer.email))
    if event.description:
        lines += ["", event.description]
    return "\n".join(lines) + "\n"


def _when(event: CalendarEvent, zone: str, organizer_zone: str, lang: str | None = None) -> str:
    """ "Tuesday 24 November 2026, 04:00-04:30 New York time (10:00-10:30 Paris time)"."""
    from rituals.core.hours import city, convert  # deferred: zoneinfo, only when mail is written

    t = for_language(lang or current())
    start, end = event.start, event.end
    assert isinstance(start, datetime) and isinstance(end, datetime)
    mine = convert(start, event.timezone, zone), convert(end, event.timezone, zone)
    theirs = convert(start, event.timezone, organizer_zone), convert(end, event.timezone, organizer_zone)
    said = t.gettext("{day}, {start}-{end} {city} time").format(
        day=formats.day(mine[0], "long", lang), start=f"{mine[0]:%H:%M}", end=f"{mine[1]:%H:%M}", city=city(zone, lang)
    )
    if theirs[0] != mine[0]:
        if theirs[0].date() != mine[0].date():
            other = t.gettext("{weekday} {start}-{end} {city} time").format(
                weekday=formats.day(theirs[0], "weekday", lang),
                start=f"{theirs[0]:%H:%M}",
                end=f"{theirs[1]:%H:%M}",
                city=city(organizer_zone, lang),
            )
        else:
            other = t.gettext("{start}-{end} {city} time").format(
                start=f"{theirs[0]:%H:%M}", end=f"{theirs[1]:%H:%M}", city=city(organizer_zone, lang)
            )
        said += f" ({other})"
    return said


def by_zone(recipients: tuple[str, ...], zones: dict[str, str], default: str) -> list[tuple[str, tuple[str, ...]]]:
    """The recipients of one copy grouped by their time zone (``zones``: e-mail -> zone; others
    take ``default``), in the order met: each group gets a message saying its own time."""
    grouped: dict[str, list[str]] = {}
    for email in recipients:
        grouped.setdefault(zones.get(email, default), []).append(email)
    return [(zone, tuple(emails)) for zone, emails in grouped.items()]


SUBMISSION_PORT, RELAY_PORT = 587, 25  # the usual ports with and without STARTTLS (RFC 6409, 5321)


def parse_server(text: str, starttls: bool = False) -> tuple[str, int, bool]:
    """HOST, HOST:PORT, [IPv6] or [IPv6]:PORT: the host, the port, and whether the port is the
    usual one for the connection (none was given)."""
    text = text.strip()
    bracketed = text.startswith("[")
    if (bracketed and text.endswith("]")) or (not bracketed and text.count(":") != 1):
        host, port = text, ""  # no port: a name, or a bare IPv6 address
    else:
        host, _colon, port = text.rpartition(":")
    host = host.strip("[]")
    if not host or port and (not port.isdigit() or not 0 < int(port) < 65536):
        raise InvalidInput(
            _("bad SMTP server {text!r}: use HOST or HOST:PORT, e.g. smtp.example.org:587").format(text=text)
        )
    if not port:
        return host, SUBMISSION_PORT if starttls else RELAY_PORT, True
    return host, int(port), False


def smtp_send(
    host: str, port: int, messages: list[EmailMessage], *, starttls: bool, user: str | None, password: str | None
) -> None:
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password or "")
            for message in messages:
                smtp.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise ExternalError(
            _("the SMTP server {host}:{port} refused the credentials").format(host=host, port=port)
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise ExternalError(
            _("the SMTP server {host}:{port} does not support that: {detail}").format(
                host=host, port=port, detail=_short(exc)
            )
        ) from None
    except smtplib.SMTPResponseException as exc:
        said = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        hint = " (try --starttls)" if exc.smtp_code == 530 and not starttls else ""
        raise ExternalError(
            _("the SMTP server {host}:{port} answered {smtp_code} {detail}{hint}").format(
                host=host, port=port, smtp_code=exc.smtp_code, detail=_short(said), hint=hint
            )
        ) from None
    except smtplib.SMTPException as exc:
        raise ExternalError(
            _("the SMTP server {host}:{port} failed: {detail}").format(host=host, port=port, detail=_short(exc))
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise ExternalError(
            _(
                "the SMTP server {host}:{port} has a certificate this machine does not trust ({verify_message}); "
                "nothing was sent — if your company has its own certificate authority, set SSL_CERT_FILE to it"
            ).format(host=host, port=port, verify_message=exc.verify_message)
        ) from None
    except (OSError, ssl.SSLError) as exc:
        raise ExternalError(
            _("cannot reach the SMTP server {host}:{port}: {detail}").format(host=host, port=port, detail=_short(exc))
        ) from None


def _short(exc: BaseException | str) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:160]
