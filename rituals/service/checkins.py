"""Check-ins: after a session of a rotating ritual, one short e-mail to each group, "Did you
meet? Reply 1-5, or 'no'", whose answers `rituals replies` reads (``rituals.core.checkin``).

Optional and rare by design: only sessions over within the last ``days`` are asked about, each
group once, and nobody is asked more than once a week: a group whose members were all asked in
the last seven days is skipped, and the others get it without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import TYPE_CHECKING

from rituals.core import checkin
from rituals.core.errors import InvalidInput
from rituals.core.ical.wording import language_of
from rituals.locale import _

if TYPE_CHECKING:
    from rituals.core.models import Person, Ritual, Session
    from rituals.service.replies import Replies

WEEK = timedelta(days=7)


@dataclass
class CheckinReport:
    sent: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)  # (session, group, to whom)
    skipped: list[str] = field(default_factory=list)  # one line each: a group not asked, and why
    dry_run: bool = False


def send_checkins(
    replies: Replies,
    ritual_ids: Iterable[str] | None,
    *,
    smtp: str,
    lang: str = "en",
    days: int = 7,
    sender: str | None = None,
    starttls: bool = False,
    user: str | None = None,
    password: str | None = None,
    dry_run: bool = False,
) -> CheckinReport:
    from rituals.service.export_mail import parse_server, smtp_send  # deferred: smtplib, ssl

    host, port, _usual = parse_server(smtp, starttls)  # a bad server is said before any work
    if lang not in checkin.LANGUAGES:
        raise InvalidInput(
            _("unknown language {lang!r}: use {items}").format(lang=lang, items=" or ".join(checkin.LANGUAGES))
        )
    store, now = replies.store, replies.context.now()
    wanted = None if ritual_ids is None else {replies.rituals.get(r.strip()).id for r in ritual_ids}
    rituals = {r.id: r for r in store.rituals() if wanted is None or r.id in wanted}
    from rituals.core.ical.events import clean_line  # a CR/LF in a name must not end a header line

    people = {p.email: p for p in store.people()}
    names = {e: clean_line(p.name) or e for e, p in people.items()}
    done = store.states("checkins")
    asked = _last_asked(done)
    report = CheckinReport(dry_run=dry_run)
    messages, records = [], {}
    for session in store.sessions():
        ritual = rituals.get(session.ritual_id)
        if ritual is None or not _due(session, ritual, now, days):
            continue
        for number, group in zip(session.numbers(), session.groups):
            token = checkin.token(session.id, number)
            to = [e for e in group if now.date() - asked.get(e, date.min) >= WEEK]
            if token in done:
                continue
            if not to:
                report.skipped.append(
                    _("{session} group {number}: everyone was asked this week already").format(
                        session=session.id, number=number
                    )
                )
                continue
            messages += _per_language(ritual, session, group, to, token, lang, people, names, sender, now)
            records[token] = {
                "session": session.id,
                "group": number,
                "members": sorted(group),
                "to": sorted(to),
                "day": now.date().isoformat(),
                "lang": lang,
            }
            report.sent.append((session.id, number, tuple(to)))
            for email in to:
                asked[email] = now.date()
    if dry_run or not messages:
        return report
    smtp_send(host, port, messages, starttls=starttls, user=user, password=password)
    with store.transaction() as tx:
        for token, value in records.items():
            tx.set_state("checkins", token, value)
    return report


def _due(session: Session, ritual: Ritual, now: datetime, days: int) -> bool:
    end = session.start + ritual.schedule.duration
    return (
        ritual.grouping.rotates
        and session.status in ("planned", "held")
        and bool(session.groups)
        and end <= now
        and now - end <= timedelta(days=days)
    )


def _last_asked(states: dict[str, object]) -> dict[str, date]:
    """Per e-mail, the last day they were sent a check-in."""
    out: dict[str, date] = {}
    for value in states.values():
        if not isinstance(value, dict):
            continue
        try:
            day = date.fromisoformat(str(value.get("day")))
        except ValueError:
            continue
        for email in value.get("to") or value.get("members") or []:
            if isinstance(email, str) and day > out.get(email, date.min):
                out[email] = day
    return out


def _message(
    ritual: Ritual,
    to: list[str],
    subject: str,
    body: str,
    token: tuple[str, str],
    sender: str | None,
    now: datetime,
    names: dict[str, str],
) -> EmailMessage:
    message = EmailMessage()
    organizer = ritual.organizer or sender
    if not organizer:
        raise InvalidInput(_("ritual {ritual!r} has no organizer e-mail: give --from").format(ritual=ritual.id))
    # answers go to the organizer, who runs `rituals replies` on that mailbox
    message["From"] = Address(names.get(organizer, ""), addr_spec=organizer)
    if sender and sender.strip().lower() != organizer:
        message["Sender"] = Address(addr_spec=sender.strip())
    message["To"] = [Address(names.get(e, ""), addr_spec=e) for e in to]
    message["Subject"] = subject
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    message["Message-ID"] = checkin.message_id(*token)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office answers to this, please
    message.set_content(body, cte="quoted-printable")
    return message


def _per_language(
    ritual: Ritual, session: Session, group: tuple[str, ...], to: list[str], token: str, lang: str,
    people: dict[str, Person], names: dict[str, str], sender: str | None, now: datetime,
) -> list[EmailMessage]:  # fmt: skip
    """The check-in of one group, one message per language of its people (``lang`` for those
    who chose none)."""
    from rituals.core.ical.events import clean_line

    by_lang: dict[str, list[str]] = {}
    for email in to:
        by_lang.setdefault(language_of(people.get(email), lang), []).append(email)
    messages = []
    for code, them in by_lang.items():
        subject, body = checkin.compose(
            code, clean_line(ritual.title), session.day, [names.get(e, e) for e in group], token
        )
        messages.append(_message(ritual, them, subject, body, (token, code), sender, now, names))
    return messages
