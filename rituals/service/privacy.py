"""The right to erasure: `rituals people forget` (see docs/privacy.md for what it reaches)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rituals.core.errors import NotFound
from rituals.core.frozen import frozen
from rituals.core.models import Person, Ritual, Session, normalise_email, regrouped
from rituals.locale import N_, _
from rituals.service.context import Context
from rituals.service.deliveries import ISSUED as EXPORTS
from rituals.store.erasure import redact, reset_fingerprints, scrub_backups, scrub_journal

if TYPE_CHECKING:
    from rituals.service.repair import PlanRepair


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
    journal: int = 0  # journal entries that mentioned them: scrubbed, no longer undoable


class Privacy:
    """Erasing a person from the plan, its history and its backups."""

    def __init__(self, context: Context, repair: PlanRepair) -> None:
        self.context = context
        self.store = context.store
        self.repair = repair

    def forget(self, email: str) -> ForgetReport:
        """Erase a person everywhere: roster, groups, attendance, feedback, audiences, exports.

        The rest of the history stays: others' sessions keep their date, groups and ratings.
        Their planned groups are repaired, as when someone is removed (nobody is left alone).
        Afterwards the backup copy is rewritten so that it no longer holds them either. The
        erasure is journaled without naming them, and cannot be undone: every journal entry that
        mentioned them loses what an undo would have put back.
        """
        email = normalise_email(email)
        store = self.store
        with store.transaction() as tx:
            person = next((p for p in store.people() if p.email == email), None)
            sessions = [s for s in store.sessions() if _involves(s, email)]
            if person is None and not sessions:
                raise NotFound(_("unknown person {email!r}").format(email=email))
            names = [email]
            if person and not any(p.name.casefold() == person.name.casefold() for p in store.people() if p != person):
                names.append(person.name)  # a namesake keeps their name: only the e-mail tells them apart
            invites = _invite_uids(store.rituals(), store.sessions(), sessions, person, email)
            plan = self.repair.remove(email)
            repaired = {r.after.id: r.after for r in plan.sessions}
            tx.kind, tx.erased = "erasure", tuple(names)
            tx.say(N_("erased a person from the plan (right to erasure)"))
            tx.delete_person(email)
            people = 0
            for other in store.people():
                if email in other.excluded:
                    tx.put_person(dataclasses.replace(other, excluded=tuple(e for e in other.excluded if e != email)))
                    people += 1
            rituals = 0
            for ritual in store.rituals():
                changed = _without_in_ritual(ritual, email)
                if changed is not None:
                    tx.put_ritual(changed)
                    rituals += 1
            self.repair.save(tx, plan)
            for session in sessions:
                tx.put_session(_without(repaired.get(session.id, session), email))
            exports = reset_fingerprints(tx, store, EXPORTS, invites)
            redacted = redact(tx, names)
            journal = scrub_journal(tx, names)
        backups = scrub_backups(store, names)
        return ForgetReport(email, len(sessions), rituals, people, exports, redacted, backups, journal)


def _involves(session: Session, email: str) -> bool:
    return (
        email in session.members
        or email in session.attended
        or email in session.absent
        or any(f.email == email for f in session.feedback)
        or session.response(email) is not None
    )


def _without_in_ritual(ritual: Ritual, email: str) -> Ritual | None:
    """The ritual without them in its audience or as its organizer; None when they were in neither."""
    members = tuple(m for m in ritual.audience.members if normalise_email(m) != email)
    if members == ritual.audience.members and ritual.organizer != email:
        return None
    audience = dataclasses.replace(ritual.audience, members=members)
    return dataclasses.replace(
        ritual, audience=audience, organizer="" if ritual.organizer == email else ritual.organizer
    )


def _without(session: Session, email: str) -> Session:
    kept = [(g, session.explanations[i] if i < len(session.explanations) else "") for i, g in enumerate(session.groups)]
    kept = [(tuple(e for e in g if e != email), why) for g, why in kept]
    kept = [(g, why) for g, why in kept if g]  # a group that was only them is gone with them
    return dataclasses.replace(
        regrouped(session, tuple(g for g, _ in kept)),
        explanations=tuple(why for _, why in kept) if session.explanations else (),
        attended=tuple(e for e in session.attended if e != email),
        absent=tuple(e for e in session.absent if e != email),
        feedback=tuple(f for f in session.feedback if f.email != email),
        responses=tuple(r for r in session.responses if r.email != email),
    )


def _invite_uids(
    rituals: list[Ritual], every: list[Session], theirs: list[Session], person: Person | None, email: str
) -> set[str]:
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
            uids |= {
                event_uid(s.ritual_id, s.day, i)
                for s in every
                if s.ritual_id == ritual.id
                for i in range(1, len(s.groups) + 1)
            }
    return uids
