"""What one e-mail says to rituals: an attendee's calendar answer (iMIP, RFC 6047: a
``text/calendar; method=REPLY`` part, or the same as an .ics attachment), or an answer to a
check-in; and who sent it.

Mail clients shape replies differently (Outlook: a Windows time zone and a base64 calendar part
beside HTML; Google: the calendar twice, inline and as invite.ics; Apple: an attachment naming
the attendee by urn:uuid with an EMAIL parameter; Thunderbird: the calendar beside a short text),
and a mailbox also holds everything else. `read_mail` returns None for a message that is not an
answer at all (most of a mailbox), a `MailAnswer` for one, and raises `InvalidInput` with one line
for an answer that cannot be trusted or read (several senders, a failed DMARC check, broken MIME).
"""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
from dataclasses import dataclass, field
from datetime import UTC
from email.message import Message

from rituals.core import checkin
from rituals.core.errors import InvalidInput
from rituals.core.ical.replies import ANSWER_METHODS, Answer, reply_answers
from rituals.locale import _

MAX_MESSAGE = 10 * 1024 * 1024  # an answer with a larger attachment is refused, not parsed
CALENDAR_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar")
# what any answer holds somewhere: a calendar part's type or file name, or a check-in's mark
MARKS = (b"text/calendar", b"application/ics", b"x-vcalendar", b".ics", b"checkin.", b"[#")


@dataclass(frozen=True, slots=True)
class MailAnswer:
    sender: str  # the From address, lower case
    answers: tuple[Answer, ...] = ()  # calendar answers (duplicates from twin parts removed)
    tokens: tuple[str, ...] = ()  # the check-ins this message answers
    reading: checkin.Reading | None = None  # what it answers to them
    stamp: str = ""  # the Date header in UTC, as Answer.stamp
    subject: str = ""
    notes: tuple[str, ...] = field(default=())  # parts skipped, said once each


def read_mail(raw: bytes) -> MailAnswer | None:
    """The answer in one message (see the module docstring)."""
    try:
        return _read(raw)
    except RecursionError:
        raise InvalidInput(_("the message is nested too deeply to be an answer")) from None


def _read(raw: bytes) -> MailAnswer | None:
    if not _maybe_an_answer(raw):
        return None  # most of a mailbox: no calendar and no check-in anywhere in it, not worth parsing
    if len(raw) > MAX_MESSAGE:
        if b"text/calendar" in raw[:MAX_MESSAGE] or b"checkin." in raw[:65536]:
            raise InvalidInput(
                _("a message of {value:.1f} MB is too large to be an answer (limit 10 MB)").format(
                    value=len(raw) / 1048576
                )
            )
        return None
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except RecursionError:
        raise
    except Exception as exc:  # the parser is lenient; anything it still cannot take is broken MIME
        raise InvalidInput(_("the message cannot be parsed ({name})").format(name=type(exc).__name__)) from None
    calendars = [part for part in _parts(message) if _is_calendar(part)]
    subject = _header(message, "Subject")
    tokens = checkin.tokens_in(_header(message, "In-Reply-To") + " " + _header(message, "References"), subject)
    if not calendars and not tokens:
        return None
    sender = _sender(message)
    _check_authentication(message, sender)
    answers, notes = _calendar_answers(calendars)
    if calendars and not answers and not tokens:
        if notes:
            raise InvalidInput(notes[0])
        return None  # an invitation or a cancellation someone forwarded: not an answer
    reading = checkin.read_answer(_text_of(message)) if tokens and not answers else None
    return MailAnswer(sender, tuple(answers), tuple(tokens), reading, _date(message), subject, tuple(notes))


def _maybe_an_answer(raw: bytes) -> bool:
    low = raw.lower()  # one pass in C; a case-insensitive regex over a large attachment is far slower
    return any(mark in low for mark in MARKS)


def _parts(message: Message) -> list[Message]:
    if not message.is_multipart():
        return [message]
    out: list[Message] = []
    for part in message.walk():
        if not part.is_multipart():
            out.append(part)
    return out


def _is_calendar(part: Message) -> bool:
    kind = part.get_content_type()
    name = (part.get_filename() or "").lower()
    return kind in CALENDAR_TYPES or (kind == "application/octet-stream" and name.endswith(".ics"))


def _calendar_answers(parts: list[Message]) -> tuple[list[Answer], list[str]]:
    answers: dict[Answer, None] = {}
    notes: list[str] = []
    for part in parts:
        method = str(part.get_param("method") or "").upper()
        if method and method not in ANSWER_METHODS:
            continue  # a REQUEST or CANCEL (a forwarded invitation): not an answer
        try:
            data = part.get_payload(decode=True)
            if not isinstance(data, bytes) or not data.strip():
                raise InvalidInput(_("its calendar part is empty or cannot be decoded"))
            for answer in reply_answers(data):
                answers.setdefault(answer)
        except InvalidInput as exc:
            payload = part.get_payload(decode=True)
            if method in ANSWER_METHODS or (isinstance(payload, bytes) and b"METHOD:REPLY" in payload.upper()):
                notes.append(exc.message)
    return list(answers), notes


def _sender(message: Message) -> str:
    values = message.get_all("From") or []
    pairs = email.utils.getaddresses([str(v) for v in values])
    addresses = {addr.strip().lower() for _, addr in pairs if "@" in addr}
    if not addresses:
        raise InvalidInput(_("the message has no sender address (From)"))
    if len(addresses) > 1:
        raise InvalidInput(
            _("the message names {count} senders; an answer comes from one person").format(count=len(addresses))
        )
    sender = addresses.pop()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in sender):
        raise InvalidInput(_("the sender address holds control characters"))
    return sender


def _check_authentication(message: Message, sender: str) -> None:
    """A receiving server that checked the sender's domain says so in Authentication-Results
    (RFC 8601); a DMARC failure means the From was forged."""
    for value in message.get_all("Authentication-Results") or []:
        text = " ".join(str(value).lower().split())
        if "dmarc=fail" in text:
            raise InvalidInput(
                _("the receiving server found the sender {sender} forged (DMARC failed)").format(sender=sender)
            )


def _text_of(message: Message) -> str:
    """The first text/plain part, decoded whatever its charset says (a wrong one is common)."""
    for part in _parts(message):
        if part.get_content_type() == "text/plain" and part.get_content_disposition() != "attachment":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                return _decode(data, part.get_content_charset())
    return ""


def _decode(data: bytes, charset: str | None) -> str:
    for name in (charset, "utf-8"):
        if name:
            try:
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("latin-1")  # never fails: each byte is a character


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        if value is None:
            return ""
        parts = email.header.decode_header(str(value))
        return " ".join(_decode(text, cs) if isinstance(text, bytes) else text for text, cs in parts)
    except Exception:  # a header no decoder takes is read as it is
        return str(message.get(name, ""))


def _date(message: Message) -> str:
    try:
        when = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
