"""Deciding what an attendee's answer means for the plan, and whether to believe it.

An answer names an event by its UID (``rituals.core.ical.events.event_uid``): the series of a
ritual everyone attends together (a RECURRENCE-ID then names one of its dates), or one group's
event in one session. It is recorded as that person's `Response` on that session (on the series
itself when it answers every date), unless:

- the UID is none of rituals' invites, or names a date the ritual does not have;
- it was sent by someone else than the attendee it speaks for (never trusted);
- that person was not invited to that event;
- it answers an older SEQUENCE than the one now issued: an outdated invite;
- the session was cancelled, or the group is gone.

A COUNTER (a proposal of another time) is reported, never applied. An answer already recorded, or
older than the one recorded, changes nothing: reading the same mailbox twice is harmless.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from rituals.core.ical.events import event_name, event_uid
from rituals.core.models import ANSWERS, Response, Ritual, Session, session_id
from rituals.locale import N_, _

if TYPE_CHECKING:
    from rituals.core.checkin import Reading
    from rituals.core.ical.replies import Answer

Kind = Literal["recorded", "unchanged", "ignored", "note", "skipped"]
NO_ANSWER = "NEEDS-ACTION"
EXTRA_NUMBERS = 3  # group numbers past the last one: a dissolved group's invite is still recognised


@dataclass(frozen=True, slots=True)
class Target:
    """What a UID names: a ritual's series (``day`` None) or one group of one session."""

    ritual_id: str
    day: date | None = None
    number: int | None = None

    @property
    def name(self) -> str:
        return event_name(self.ritual_id, self.day, self.number)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one answer, in one line."""

    kind: Kind
    text: str
    session: str = ""  # the session id, or the ritual id for an answer to a whole series
    email: str = ""
    status: str = ""


@dataclass(frozen=True, slots=True)
class Sent:
    """A check-in that went out: to which group of which session, and to whom."""

    session: str
    number: int
    members: frozenset[str]


@dataclass
class Book:
    """What deciding needs, read once per run; the answers recorded change its sessions and its
    series answers (``standing``: (ritual id, e-mail) -> Response), which the caller then saves."""

    rituals: Mapping[str, Ritual]
    sessions: dict[str, Session]
    sent: Mapping[str, frozenset[str]] = field(default_factory=dict)  # per UID: who holds a copy
    sequences: Mapping[str, int] = field(default_factory=dict)  # per UID: the SEQUENCE issued
    audience: Callable[[Ritual], frozenset[str]] = lambda ritual: frozenset()
    standing: dict[tuple[str, str], Response] = field(default_factory=dict)
    checkins: Mapping[str, Sent] = field(default_factory=dict)  # per token
    targets: dict[str, Target] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # session ids (and "ritual:<id>") changed

    def __post_init__(self) -> None:
        if not self.targets:
            self.targets = targets_of(self.rituals.values(), self.sessions.values())


def targets_of(rituals: Iterable[Ritual], sessions: Iterable[Session]) -> dict[str, Target]:
    out = {event_uid(r.id): Target(r.id) for r in rituals if not r.grouping.rotates}
    for s in sessions:
        for number in range(1, max(s.numbers(), default=0) + EXTRA_NUMBERS + 1):
            out[event_uid(s.ritual_id, s.day, number)] = Target(s.ritual_id, s.day, number)
    return out


# --------------------------------------------------------------------------- calendar answers
def decide(answer: Answer, sender: str | None, via: str, book: Book) -> Outcome:
    """Record ``answer`` in ``book`` if it is to be believed (see the module docstring).
    ``sender``: who sent it (None when a calendar server or the lead's own file vouches for it)."""
    who, target = answer.attendee, book.targets.get(answer.uid)
    if target is None or target.ritual_id not in book.rituals:
        return Outcome(
            "ignored",
            _("{who}: an answer to an event rituals did not send (UID {uid})").format(who=who, uid=answer.uid[:40]),
            email=who,
        )
    ritual = book.rituals[target.ritual_id]
    if sender is not None and who != sender:
        return Outcome(
            "ignored",
            _("an answer for {who} sent by {sender}: only {who} can answer for themselves").format(
                who=who, sender=sender
            ),
            email=who,
        )
    if answer.method == "COUNTER":
        if answer.proposed:
            said = _(
                "{who} proposes another time ({when}) for {name}: not applied "
                "(move the date with `rituals ritual edit`, or answer in your calendar)"
            ).format(who=who, when=_when(answer.proposed), name=target.name)
        else:
            said = _(
                "{who} proposes another time for {name}: not applied "
                "(move the date with `rituals ritual edit`, or answer in your calendar)"
            ).format(who=who, name=target.name)
        return Outcome("note", said, email=who)
    if answer.status not in ANSWERS:
        said = _("{who}: {status!r} is not an answer to an invite").format(who=who, status=answer.status)
        return Outcome("ignored", said, email=who)
    if answer.status == NO_ANSWER:
        return Outcome("skipped", _("{who} has not answered {name}").format(who=who, name=target.name), email=who)
    day, problem = _day_of(answer, target, ritual)
    if problem:
        return Outcome("ignored", _("{who}: {problem}").format(who=who, problem=problem), email=who)
    problem = _invited(answer, target, ritual, day, book)
    if problem:
        return Outcome("ignored", _("{who}: {problem}").format(who=who, problem=problem), email=who)
    response = Response(who, answer.status, answer.sequence, answer.stamp, via)
    if day is None:
        return _record_standing(ritual, response, book, answer.delegated_to)
    return _record(ritual, day, response, book, answer.delegated_to)


def _day_of(answer: Answer, target: Target, ritual: Ritual) -> tuple[date | None, str]:
    """The session day an answer is about (None: the whole series), or what is wrong."""
    if answer.recurrence is None:
        return target.day, ""
    day = answer.occurrence_day(ritual.schedule.timezone)
    if target.day is not None:
        if day == target.day:
            return target.day, ""
        return None, _("answers {day} for {name}, another day").format(day=day, name=target.name)
    if not _a_date_of(ritual, day):
        return None, _("{ritual} has no session on {day}").format(ritual=ritual.title, day=day)
    return day, ""


def _a_date_of(ritual: Ritual, day: date | None) -> bool:
    from rituals.core.schedule import rrule_for  # deferred: dateutil, only for answers to one date

    if day is None:
        return False
    start = datetime.combine(day, datetime.min.time())
    return bool(rrule_for(ritual.schedule).between(start, start + timedelta(days=1), inc=True))


def _invited(answer: Answer, target: Target, ritual: Ritual, day: date | None, book: Book) -> str:
    who, name = answer.attendee, target.name
    session = book.sessions.get(session_id(ritual.id, day)) if day is not None else None
    if session is not None and session.status == "cancelled":
        return _("{title} on {day} was cancelled").format(title=ritual.title, day=day)
    if target.number is not None:
        if session is None or target.number not in session.numbers():
            return _("the group {name} is no longer planned").format(name=name)
        group = session.groups[session.numbers().index(target.number)]
        planned = who in group
    else:
        planned = who in book.audience(ritual)
    if who not in book.sent.get(answer.uid, frozenset()) and not planned:
        return _("was not invited to {name}").format(name=name)
    issued = book.sequences.get(answer.uid)
    if issued is not None and answer.sequence < issued:
        return _("answered an outdated invite for {name} (SEQUENCE {sequence}, now {issued}): ignored").format(
            name=name, sequence=answer.sequence, issued=issued
        )
    if not planned:
        return _("is no longer in {name}").format(name=name)
    return ""


def _record(ritual: Ritual, day: date, response: Response, book: Book, delegate: str) -> Outcome:
    sid = session_id(ritual.id, day)
    session = book.sessions.get(sid)
    if session is None:  # a date of a series nobody wrote down yet: it starts with this answer
        start = datetime.combine(day, ritual.schedule.start.time())
        session = Session(ritual.id, start)
    old = session.response(response.email)
    outcome = _compare(old, response, sid, delegate)
    if outcome.kind == "recorded":
        merged = (
            dataclasses.replace(
                old, status=response.status, sequence=response.sequence, stamp=response.stamp, via=response.via
            )
            if old
            else response
        )
        book.sessions[sid] = with_response(session, merged)
        book.changed.add(sid)
    return outcome


def _record_standing(ritual: Ritual, response: Response, book: Book, delegate: str) -> Outcome:
    key = (ritual.id, response.email)
    outcome = _compare(book.standing.get(key), response, ritual.id, delegate)
    if outcome.kind == "recorded":
        book.standing[key] = response
        book.changed.add(f"ritual:{ritual.id}")
    return outcome


def _compare(old: Response | None, new: Response, where: str, delegate: str) -> Outcome:
    said = _(STATUSES.get(new.status, new.status))
    if old is not None and old.status != NO_ANSWER and (old.sequence, old.stamp) >= (new.sequence, new.stamp):
        if old.status == new.status:
            text = _("{email} {said} {where}: already recorded").format(email=new.email, said=said, where=where)
        else:
            text = _("{email} {said} {where}: a later answer ({old}) is recorded").format(
                email=new.email, said=said, where=where, old=_(STATUSES.get(old.status, old.status))
            )
        return Outcome("unchanged", text, where, new.email, new.status)
    if delegate and new.status == "DELEGATED":
        text = _("{email} {said} to {delegate} (not added: rituals plans the groups) {where}").format(
            email=new.email, said=said, delegate=delegate, where=where
        )
    else:
        text = _("{email} {said} {where}").format(email=new.email, said=said, where=where)
    return Outcome("recorded", text, where, new.email, new.status)


def with_response(session: Session, response: Response) -> Session:
    others = tuple(r for r in session.responses if r.email != response.email)
    return dataclasses.replace(session, responses=tuple(sorted((*others, response), key=lambda r: r.email)))


# --------------------------------------------------------------------------- check-in answers
def decide_checkin(
    tokens: Iterable[str], sender: str, reading: Reading | None, stamp: str, via: str, book: Book
) -> Outcome:
    """Record an answer to a check-in ("did you meet?") from a member of the group it asked."""
    sent = next((book.checkins[t] for t in tokens if t in book.checkins), None)
    if sent is None:
        said = _("{sender}: an answer to a check-in rituals did not send").format(sender=sender)
        return Outcome("ignored", said, email=sender)
    session = book.sessions.get(sent.session)
    if session is None or session.status == "cancelled":
        said = _("{sender}: {session} is no longer planned").format(sender=sender, session=sent.session)
        return Outcome("ignored", said, sent.session, sender)
    if sender not in sent.members:
        return Outcome(
            "ignored",
            _("{sender} answered the check-in of a group they were not asked in ({session})").format(
                sender=sender, session=sent.session
            ),
            sent.session,
            sender,
        )
    if reading is None:
        said = _("{sender}'s check-in answer for {session} is neither 1-5 nor 'no'").format(
            sender=sender, session=sent.session
        )
        return Outcome("ignored", said, sent.session, sender)
    old = session.response(sender) or Response(sender)
    if not reading.met:
        said = _("did not meet")
    elif reading.rating:
        said = _("met, rating {rating}").format(rating=reading.rating)
    else:
        said = _("met")
    where = {"sender": sender, "said": said, "session": sent.session, "number": sent.number}
    if old.checked_in and old.checked_in >= stamp:
        if (old.met, old.rating) == (reading.met, reading.rating):
            text = _("{sender} {said} ({session}, group {number}): already recorded").format(**where)
        else:
            text = _("{sender} {said} ({session}, group {number}): a later answer is recorded").format(**where)
        return Outcome("unchanged", text, sent.session, sender)
    updated = dataclasses.replace(
        old, met=reading.met, rating=reading.rating, checked_in=stamp or old.checked_in, via=old.via or via
    )
    book.sessions[sent.session] = with_response(session, updated)
    book.changed.add(sent.session)
    return Outcome("recorded", _("{sender} {said} ({session}, group {number})").format(**where), sent.session, sender)


# how an outcome line says each answer (translated where shown)
STATUSES = {
    "ACCEPTED": N_("accepted"),
    "DECLINED": N_("declined"),
    "TENTATIVE": N_("tentative"),
    "NEEDS-ACTION": N_("needs action"),
    "DELEGATED": N_("delegated"),
}


def _when(moment: datetime | date | None) -> str:
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M") + (f" {moment.tzname()}" if moment.tzinfo else "")
    return str(moment)
