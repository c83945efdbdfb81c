"""The feedback loop: attendees' answers read from where they already are, recorded per session.

`Replies.read` takes sources (``rituals.service.reply_sources``: maildir, mbox, .eml, .ics, IMAP,
CalDAV), reads them one message at a time, decides each answer (``rituals.core.answers``: who
sent it, whether they were invited, whether it answers the invite now issued) and records what
is believed in one transaction: nothing is written for a message that is not believed, and
reading the same messages twice writes nothing. Sessions that are over and were answered for get
their attendance from the answers (``rituals.core.attendance``). Declines of coming sessions are
then a repair to show and confirm (`repairs`, `repair`), whose new invites the next
`rituals send` delivers. Check-ins ("did you meet?") are sent by ``rituals.service.checkins``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rituals.core.attendance import SERIES_ANSWERS, Standing, series_key, settle
from rituals.core.errors import InvalidInput
from rituals.core.models import Response, Ritual, Session
from rituals.locale import _
from rituals.locale.said import Nn_
from rituals.service import deliveries
from rituals.service.context import Context

if TYPE_CHECKING:  # deciding answers loads the calendar code: only `read` needs it
    from rituals.core.answers import Book, Outcome, Sent
    from rituals.service.decline_repair import DeclineRepair
    from rituals.service.repair import PlanRepair
    from rituals.service.reply_sources import Item
    from rituals.service.rituals import Rituals

CHECKINS = "checkins"  # the state table of check-ins sent: token -> session, group, members, day
SETTLE_BACK = timedelta(days=366)  # a series' dates looked back on for answers to every date


@dataclass
class ReplyRun:
    """What one reading did: a line per answer (or message that could not be read), the
    counts, and the repairs its declines call for."""

    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "<where>: <why>", one per unreadable message
    messages: int = 0  # items read
    unrelated: int = 0  # messages that are no answer at all (most of a mailbox)
    settled: list[str] = field(default_factory=list)  # sessions whose attendance the answers gave
    repairs: list[DeclineRepair] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    revision: int = 0
    dry_run: bool = False

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)


class Replies:
    """Answers in: read, decide, record; attendance from them; declines repaired."""

    def __init__(self, context: Context, rituals: Rituals, repair: Callable[[], PlanRepair]) -> None:
        self.context = context
        self.store = context.store
        self.rituals = rituals
        self._repair = repair  # built on first use: only a decline needs the repair code

    # ------------------------------------------------------------------ reading
    def read(
        self,
        sources: Iterable[str],
        *,
        user: str | None = None,
        password: str | None = None,
        dry_run: bool = False,
        repairs: bool = True,
    ) -> ReplyRun:
        """Read every source, record what is believed (unless ``dry_run``), settle what is over;
        with ``repairs``, work out the repairs that declines now call for (`repairs`)."""
        from rituals.service.reply_sources import items  # deferred: imaplib, mailbox

        run = ReplyRun(dry_run=dry_run)
        book = self.book()
        for source in sources:
            for item in items(source, user=user, password=password):
                run.messages += 1
                self._take(item, book, run)
        if dry_run:
            run.repairs = self.repairs(book) if repairs else []
            return run
        with self.store.transaction() as tx:
            self._save(tx, book, run)
        run.revision = self.store.revision
        run.repairs = self.repairs() if repairs else []
        run.names = {p.email: p.name or p.email for p in self.store.people()}
        return run

    def _take(self, item: Item, book: Book, run: ReplyRun) -> None:
        from rituals.core.answers import decide
        from rituals.core.ical.replies import reply_answers
        from rituals.core.replymail import read_mail

        if item.problem:
            run.problems.append(f"{item.where}: {item.problem}")
            return
        try:
            if item.answers:
                run.outcomes += [decide(a, None, item.via, book) for a in item.answers]
            elif item.ics is not None:
                answers = reply_answers(item.ics)
                if len({a.attendee for a in answers}) > 1:
                    raise InvalidInput(_("a saved reply names several attendees; a REPLY speaks for one person"))
                run.outcomes += [decide(a, None, item.via, book) for a in answers]
            elif item.raw is not None:
                self._take_mail(item, read_mail(item.raw), book, run)
        except InvalidInput as exc:
            run.problems.append(f"{item.where}: {exc.message}")

    def _take_mail(self, item: Item, mail: Any, book: Book, run: ReplyRun) -> None:
        from rituals.core.answers import decide, decide_checkin

        if mail is None:
            run.unrelated += 1
            return
        if mail.answers:
            run.outcomes += [decide(a, mail.sender, item.via, book) for a in mail.answers]
        else:
            run.outcomes.append(decide_checkin(mail.tokens, mail.sender, mail.reading, mail.stamp, item.via, book))

    def book(self) -> Book:
        """Everything deciding needs, read once: rituals, sessions, what was sent, series answers."""
        from rituals.core.answers import Book

        rituals = {r.id: r for r in self.store.rituals()}
        sessions = {s.id: s for s in self.store.sessions()}
        people = self.store.people()
        audiences: dict[str, frozenset[str]] = {}

        def audience(ritual: Ritual) -> frozenset[str]:
            if ritual.id not in audiences:
                from rituals.service.rituals import audience_among

                audiences[ritual.id] = frozenset(p.email for p in audience_among(ritual, people))
            return audiences[ritual.id]

        sent, sequences = deliveries.holders(self.store)
        return Book(rituals, sessions, sent, sequences, audience, self.standing(), self.checkins_sent())

    def standing(self) -> dict[tuple[str, str], Response]:
        """Answers to a whole series: (ritual id, e-mail) -> Response."""
        from rituals.store.codec import response_from

        out = {}
        for key, value in self.store.states(SERIES_ANSWERS).items():
            ritual_id, _, email = key.partition(" ")
            if isinstance(value, dict) and email:
                out[(ritual_id, email)] = response_from(value)
        return out

    def standing_by_ritual(self) -> dict[str, dict[str, Response]]:
        out: dict[str, dict[str, Response]] = {}
        for (ritual_id, email), response in self.standing().items():
            out.setdefault(ritual_id, {})[email] = response
        return out

    def checkins_sent(self) -> dict[str, Sent]:
        from rituals.core.answers import Sent

        out = {}
        for token, value in self.store.states(CHECKINS).items():
            if isinstance(value, dict) and isinstance(value.get("members"), list):
                out[token] = Sent(str(value.get("session")), int(value.get("group", 0)), frozenset(value["members"]))
        return out

    # ------------------------------------------------------------------ saving
    def _save(self, tx: Any, book: Book, run: ReplyRun) -> None:
        from rituals.store.codec import to_dict

        before = {s.id: s for s in self.store.sessions()}
        old_standing = self.standing()
        for (ritual_id, email), response in book.standing.items():
            if old_standing.get((ritual_id, email)) != response:
                tx.set_state(SERIES_ANSWERS, series_key(ritual_id, email), to_dict(response))
        for sid, session in self._settled(book, before, old_standing).items():
            if before.get(sid) != session:
                tx.put_session(session)
                if session.status == "held" and (
                    sid not in before or before[sid].status != "held" or before[sid].attended != session.attended
                ):
                    run.settled.append(sid)

    def _settled(
        self, book: Book, before: dict[str, Session], old_standing: dict[tuple[str, str], Response]
    ) -> dict[str, Session]:
        """Every session the answers changed, and every one that is over and answered for, with
        its attendance from the answers (a series' dates answered as a whole included)."""
        now = self.context.now()
        out = {sid: book.sessions[sid] for sid in book.changed if not sid.startswith("ritual:")}
        for ritual in book.rituals.values():
            mine_now = _of(book.standing, ritual.id)
            if mine_now and not ritual.grouping.rotates:
                for session in self._series_dates(ritual, mine_now, now):
                    out.setdefault(session.id, book.sessions.get(session.id, session))
        for sid in [s for s, x in book.sessions.items() if x.status == "planned" and x.responses]:
            out.setdefault(sid, book.sessions[sid])
        settled = {}
        for sid, session in out.items():
            owner = book.rituals.get(session.ritual_id)
            if owner is None:
                continue
            finished = session.start + owner.schedule.duration <= now
            if finished and not session.groups and not owner.grouping.rotates:
                invited = tuple(p.email for p in self.rituals.invited(owner, session.day))
                session = dataclasses.replace(session, groups=(invited,) if invited else ())
            old = before.get(sid, session)
            settled[sid] = settle(old, session, finished, _of(old_standing, owner.id), _of(book.standing, owner.id))
        return settled

    def _series_dates(self, ritual: Ritual, standing: Standing, now: datetime) -> list[Session]:
        """The dates of a series from its first answer to now, as sessions to settle."""
        from rituals.core.schedule import occurrences

        first = min((r.stamp[:10] for r in standing.values() if r.stamp), default="")
        try:
            since = max(datetime.fromisoformat(first), now - SETTLE_BACK) if first else now - SETTLE_BACK
        except ValueError:
            since = now - SETTLE_BACK
        when = occurrences(ritual.schedule, start=since, end=now, holidays=self.context.holidays)
        return [Session(ritual.id, start) for start in when]

    # ------------------------------------------------------------------ declines
    def repairs(self, book: Book | None = None) -> list[DeclineRepair]:
        """The repair of each coming session where someone declined (nothing is written): the
        plan repair of absences (``svc.repair.absent``) for its decliners."""
        from rituals.service.decline_repair import DeclineRepair, declined

        rituals = book.rituals if book else {r.id: r for r in self.store.rituals()}
        sessions = (
            sorted(book.sessions.values(), key=lambda s: (s.start, s.ritual_id)) if book else self.store.sessions()
        )
        out = []
        for session_id, leaving in declined(rituals, sessions, self.context.now()):
            change = self._repair().absent(session_id, leaving)
            out += [DeclineRepair(r.before, r.after, r.leaving, r.unplaced) for r in change.sessions]
        return out

    def repair(self, *, expected_revision: int | None = None) -> list[DeclineRepair]:
        """Apply `repairs` (as shown when ``expected_revision`` is the revision they were shown on)."""
        from rituals.service.decline_repair import DeclineRepair, declined

        found: list[DeclineRepair] = []
        with self.store.transaction(expected_revision=expected_revision) as tx:
            rituals = {r.id: r for r in self.store.rituals()}
            for session_id, leaving in declined(rituals, self.store.sessions(), self.context.now()):
                change = self._repair().absent(session_id, leaving)
                self._repair().save(tx, change)
                found += [DeclineRepair(r.before, r.after, r.leaving, r.unplaced) for r in change.sessions]
            tx.say(
                Nn_(
                    "re-formed the groups of {n} session after declines",
                    "re-formed the groups of {n} sessions after declines",
                ),
                n=len(found),
            )
        return found

    # ------------------------------------------------------------------ check-ins
    def send_checkins(self, ritual_ids: Iterable[str] | None, *, smtp: str, lang: str = "en", **options: Any) -> Any:
        """E-mail each group of the sessions just over "did you meet?" (``rituals.service.checkins``)."""
        from rituals.service.checkins import send_checkins

        return send_checkins(self, ritual_ids, smtp=smtp, lang=lang, **options)


def _of(standing: dict[tuple[str, str], Response], ritual_id: str) -> dict[str, Response]:
    return {email: r for (rid, email), r in standing.items() if rid == ritual_id}
