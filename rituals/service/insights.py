"""Closing the loop: logging what happened, the insights report, and the right to erasure."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rituals.core.errors import InvalidInput, NotFound
from rituals.core.frozen import frozen
from rituals.core.models import Feedback, Session, normalise_email
from rituals.core.schedule import occurrences
from rituals.service.base import ServiceBase
from rituals.store.checks import ENTITY_TABLES, META

if TYPE_CHECKING:  # every command builds a Service: the report maths load only when a report is made
    from rituals.core.insights import Report

EXPORTS = "exports"  # the export area's state table (rituals.service.export): UID -> fingerprint
ERASED = "[erased]"


@frozen
class ForgetReport:
    """What erasing one person changed, table by table."""

    email: str
    sessions: int  # sessions changed
    rituals: int  # rituals whose audience or organizer changed
    people: int  # other people whose exclusion list named them
    exports: int  # export records reset so the next export re-sends without them
    redacted: int  # free-text fields where their name or e-mail was blanked
    backups: int  # backup files rewritten or removed


class InsightsMixin(ServiceBase):
    # ------------------------------------------------------------------ logging
    def log_session(
        self,
        session_id: str,
        *,
        attended: tuple[str, ...] = (),
        absent: tuple[str, ...] = (),
        late: tuple[tuple[str, int | None], ...] = (),
        rating: int | None = None,
        note: str | None = None,
        feedback: tuple[Feedback, ...] = (),
    ) -> Session:
        """Record a session as held: who came, how it went.

        Naming only ``attended`` marks everyone else absent; naming only ``absent`` marks everyone
        else present; naming neither means everyone came, or, on a session logged before, keeps
        the attendance recorded then. ``late`` adds people who were not in
        the plan, each to a group (1-based; may be omitted when there is only one group).
        """
        if rating is not None and not 1 <= rating <= 5:
            raise InvalidInput(f"the rating must be between 1 and 5, not {rating}")
        with self.store.transaction() as tx:
            session = self._loggable(session_id.strip())
            known = {p.email for p in self.store.people()}
            groups = [list(g) for g in session.groups]
            for email, number in late:
                email = normalise_email(email)
                if email not in known:
                    raise NotFound(f"unknown person {email!r}")
                if email in session.members:
                    raise InvalidInput(f"{email} was already in {session.id}; list them with --attended")
                if number is None and len(groups) > 1:
                    raise InvalidInput(f"{session.id} has {len(groups)} groups: say which one {email} joined (EMAIL:N)")
                if not groups:
                    groups.append([])
                index = (number or 1) - 1
                if not 0 <= index < len(groups):
                    raise InvalidInput(f"{session.id} has no group {number} (it has {len(groups)})")
                groups[index].append(email)
            members = [e for g in groups for e in g]
            came = self._members_named(attended, members, session.id, "--attended")
            came += [normalise_email(e) for e, _ in late if normalise_email(e) not in came]
            gone = self._members_named(absent, members, session.id, "--absent")
            both = set(came) & set(gone)
            if both:
                raise InvalidInput(f"{sorted(both)[0]} is listed both as attended and absent")
            if attended:
                gone = [e for e in members if e not in came]
            elif absent:
                came = [e for e in members if e not in gone]
            elif session.attended or session.absent:
                # a correction (a rating, a late joiner) keeps the attendance logged before
                before = {e for g in session.participants() for e in g}
                came = [e for e in members if e in before or e in came]
                gone = [e for e in members if e not in came]
            else:
                came = list(members)
            session = dataclasses.replace(
                session,
                groups=tuple(tuple(g) for g in groups),
                status="held",
                attended=tuple(sorted(came)),
                absent=tuple(sorted(gone)),
                rating=rating if rating is not None else session.rating,
                note=note if note is not None else session.note,
                feedback=self._merged_feedback(session, feedback, set(came)),
            )
            tx.put_session(session)
        return session

    def _loggable(self, session_id: str) -> Session:
        ritual_id, _, day_text = session_id.partition("@")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise InvalidInput(f"bad session id {session_id!r}: use RITUAL@YYYY-MM-DD") from None
        if day > self.today():
            raise InvalidInput(f"{session_id} is in the future (today is {self.today()}): log it once it happened")
        ritual = self.store.ritual(ritual_id)
        try:
            session = self.store.session(session_id)
        except NotFound:
            if ritual.grouping.rotates:
                raise NotFound(f"no groups were planned for {session_id} (plan them with `rituals rotate`)") from None
            # an everyone-together ritual has no stored session until something is logged
            when = occurrences(ritual.schedule, start=datetime.combine(day, datetime.min.time()), limit=1,
                               holidays=self.holidays)
            if not when or when[0].date() != day:
                raise NotFound(f"{ritual.id} does not happen on {day}") from None
            invited = tuple(p.email for p in self.invited(ritual, day))  # type: ignore[attr-defined]
            return Session(ritual.id, when[0], (invited,) if invited else ())
        if session.status == "cancelled":
            raise InvalidInput(f"{session_id} was cancelled; it cannot be logged as held")
        return session

    @staticmethod
    def _members_named(emails: tuple[str, ...], members: list[str], session_id: str, option: str) -> list[str]:
        out = []
        for email in emails:
            email = normalise_email(email)
            if email not in members:
                raise InvalidInput(f"{email} ({option}) was not in {session_id}; add late joiners with --late")
            if email not in out:
                out.append(email)
        return out

    @staticmethod
    def _merged_feedback(session: Session, given: tuple[Feedback, ...], present: set[str]) -> tuple[Feedback, ...]:
        mine = {f.email: f for f in session.feedback if f.email in present}
        for item in given:
            email = normalise_email(item.email)
            if email not in present:
                raise InvalidInput(f"feedback from {email}, who did not attend {session.id}")
            if item.rating is not None and not 1 <= item.rating <= 5:
                raise InvalidInput(f"the rating from {email} must be between 1 and 5, not {item.rating}")
            mine[email] = dataclasses.replace(item, email=email)
        return tuple(mine[e] for e in sorted(mine))

    # ------------------------------------------------------------------ report
    def report(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        team: str | None = None,
        isolated_days: int = 30,
        repeats_over: int = 3,
    ) -> Report:
        if start and end and end < start:
            raise InvalidInput("--to must not be before --from")
        if isolated_days < 1:
            raise InvalidInput("--isolated-days must be at least 1")
        if repeats_over < 0:
            raise InvalidInput("--repeats must not be negative")
        people = self.store.people()
        if team is not None:
            match = next((p.team for p in people if p.team.lower() == team.strip().lower()), None)
            if match is None:
                raise NotFound(f"unknown team {team!r}")
            team = match
        from rituals.core.insights import ReportOptions, build_report  # deferred: see TYPE_CHECKING above

        options = ReportOptions(self.today(), start, end, team, isolated_days, repeats_over)
        return build_report(people, self.store.rituals(), self.store.sessions(), options)

    # ------------------------------------------------------------------ erasure
    def forget_person(self, email: str) -> ForgetReport:
        """Erase a person everywhere: roster, groups, attendance, feedback, audiences, exports.

        The rest of the history stays: others' sessions keep their date, groups and ratings.
        Afterwards the backup copy is rewritten so that it no longer holds them either.
        """
        email = normalise_email(email)
        with self.store.transaction() as tx:
            person = next((p for p in self.store.people() if p.email == email), None)
            sessions = [s for s in self.store.sessions() if _involves(s, email)]
            if person is None and not sessions:
                raise NotFound(f"unknown person {email!r}")
            names = [email]
            if person and not any(p.name.casefold() == person.name.casefold() for p in self.store.people() if p != person):
                names.append(person.name)  # a namesake keeps their name: only the e-mail tells them apart
            invites = _invite_uids(self.store.rituals(), self.store.sessions(), sessions, person, email)
            counts = dict(sessions=len(sessions), rituals=0, people=0, exports=0, redacted=0)
            tx.delete_person(email)
            for other in self.store.people():
                if email in other.excluded:
                    tx.put_person(dataclasses.replace(other, excluded=tuple(e for e in other.excluded if e != email)))
                    counts["people"] += 1
            for ritual in self.store.rituals():
                members = tuple(m for m in ritual.audience.members if normalise_email(m) != email)
                if members != ritual.audience.members or ritual.organizer == email:
                    audience = dataclasses.replace(ritual.audience, members=members)
                    tx.put_ritual(dataclasses.replace(
                        ritual, audience=audience, organizer="" if ritual.organizer == email else ritual.organizer,
                    ))
                    counts["rituals"] += 1
            for session in sessions:
                tx.put_session(_without(session, email))
            counts["exports"] = _reset_exports(tx, self.store.states(EXPORTS), invites)
            counts["redacted"] = _redact_everywhere(tx, names)
        backups = self._scrub_backups(names)
        return ForgetReport(email, backups=backups, **counts)

    def _scrub_backups(self, names: list[str]) -> int:
        """The store keeps the previous file as .bak (and .vN.bak before a migration): rewrite them."""
        store = self.store
        done = 0
        if store.backup_path.exists():
            # the current file is a good backup of itself, and it no longer holds the person
            fd, tmp = tempfile.mkstemp(prefix=f".{store.backup_path.name}.", dir=store.path.parent)
            os.close(fd)
            try:
                shutil.copyfile(store.path, tmp)
                os.chmod(tmp, 0o600)
                os.replace(tmp, store.backup_path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            done += 1
        needles = [n.encode("utf-8").lower() for n in names]
        for old in store.path.parent.glob(f"{store.path.name}.v*.bak"):
            if any(n in old.read_bytes().lower() for n in needles):
                old.unlink()  # an old schema cannot be rewritten safely; it holds the person
                done += 1
        return done


def _involves(session: Session, email: str) -> bool:
    return (email in session.members or email in session.attended or email in session.absent
            or any(f.email == email for f in session.feedback))


def _without(session: Session, email: str) -> Session:
    kept = [(g, session.explanations[i] if i < len(session.explanations) else "")
            for i, g in enumerate(session.groups)]
    kept = [(tuple(e for e in g if e != email), why) for g, why in kept]
    kept = [(g, why) for g, why in kept if g]  # a group that was only them is gone with them
    return dataclasses.replace(
        session,
        groups=tuple(g for g, _ in kept),
        explanations=tuple(why for _, why in kept) if session.explanations else (),
        attended=tuple(e for e in session.attended if e != email),
        absent=tuple(e for e in session.absent if e != email),
        feedback=tuple(f for f in session.feedback if f.email != email),
    )


def _invite_uids(rituals: list, every: list[Session], theirs: list[Session], person: Any, email: str) -> set[str]:
    """The calendar events whose attendees or organizer included them.

    Every group of a session they were in: dropping their group renumbers the later ones.
    """
    from rituals.core.ical.events import event_uid  # deferred: icalendar is slow to import

    team = person.team.lower() if person else None
    uids = {event_uid(s.ritual_id, s.day, i) for s in theirs for i in range(1, len(s.groups) + 1)}
    for ritual in rituals:
        audience = ritual.audience
        invited = (
            audience.kind == "all"
            or (audience.kind == "teams" and team in {t.lower() for t in audience.members})
            or email in {normalise_email(m) for m in audience.members}
        )
        if invited or ritual.organizer == email:
            uids.add(event_uid(ritual.id))
        if ritual.organizer == email:  # the organizer is on every event of the ritual
            uids |= {event_uid(s.ritual_id, s.day, i) for s in every if s.ritual_id == ritual.id
                     for i in range(1, len(s.groups) + 1)}
    return uids


def _reset_exports(tx: Any, exports: dict[str, Any], uids: set[str]) -> int:
    """Invites they were on: drop the fingerprint (a hash of attendee e-mails), keep SEQUENCE.

    Keeping the sequence number lets the next export send an update that calendars accept;
    a fingerprint that matches nothing makes it count as a change.
    """
    done = 0
    for uid, value in exports.items():
        if uid in uids and isinstance(value, dict):
            tx.set_state(EXPORTS, uid, {**value, "fingerprint": ERASED})
            done += 1
    return done


def _redact_everywhere(tx: Any, names: list[str]) -> int:
    """Blank their name and e-mail in every text of every table (notes, explanations, titles,
    other features' state). A record or a mapping entry whose key names them is about them: it goes."""
    pattern = re.compile("|".join(rf"(?<![\w.+-]){re.escape(n)}(?![\w-])" for n in names if n), re.IGNORECASE)
    redacted = 0

    def scrub(value: Any) -> Any:
        nonlocal redacted
        if isinstance(value, str):
            new, n = pattern.subn(ERASED, value)
            redacted += n
            return new
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            kept = {k: v for k, v in value.items() if not pattern.search(str(k))}
            redacted += len(value) - len(kept)
            return {k: scrub(v) for k, v in kept.items()}
        return value

    for table in sorted(tx.db.tables()):
        if table in (META, "people"):
            continue  # the roster holds only other people now: "Anna Li" must not blank "Anna Li Chen"
        docs = [dict(d) for d in tx.db.table(table).all()]
        kept = docs if table in ENTITY_TABLES else [d for d in docs if not pattern.search(str(d.get("key", "")))]
        redacted += len(docs) - len(kept)
        cleaned = [scrub(d) for d in kept]
        if cleaned != docs:
            tx.replace_table(table, cleaned)
    return redacted
