"""The plan repair: when someone is paused, removed, forgotten or absent, the planned groups they
were in are re-formed, and only those (``rituals.core.rotation.repair``): their partner joins
another group, or a trio becomes a pair; a pair never becomes one person alone.

Which planned sessions a change reaches: a pause, the sessions from today to its end; a removal
or an erasure, every planned session (held ones are history); an absence, that one session.
Each change is first a `PlanChange` to show ("who is affected"), then applied in the same
transaction as the change itself (``People.pause``, ``People.remove``, ``Privacy.forget``, or
`PlanRepair.mark_absent` here). `PlanRepair.stale` finds what an older version or a hand edit
left behind (people paused or gone who are still in planned groups, people alone in a group):
the dashboard lists them, `rituals doctor --repair` fixes them with the same repair.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput, NotFound
from rituals.core.frozen import frozen
from rituals.core.models import Person, Ritual, Session, normalise_email, regrouped
from rituals.locale import _, formats, pgettext
from rituals.service.context import Context

if TYPE_CHECKING:
    from rituals.store.transaction import Transaction


@frozen
class SessionRepair:
    """One planned session before and after a repair; ``unplaced`` could join no other group
    (every group holds someone they must not meet, or nobody is left) and are in none."""

    before: Session
    after: Session
    leaving: tuple[str, ...]
    unplaced: tuple[str, ...] = ()
    alone: tuple[str, ...] = ()  # people who were alone in a group, placed by the repair

    def moved(self) -> tuple[str, ...]:
        """Everyone whose group changed (members, not only its number), the leavers aside."""
        old = {e: frozenset(g) for g in self.before.groups for e in g}
        new = {e: frozenset(g) for g in self.after.groups for e in g}
        return tuple(sorted({e for e in new if old.get(e) != new[e]} | set(self.unplaced)))

    def renumbered(self) -> list[tuple[int, int]]:
        """(old, new) 1-based numbers of the groups that moved to another number unchanged."""
        where = {frozenset(g): i for i, g in enumerate(self.before.groups, 1)}
        return [(where[frozenset(g)], i) for i, g in enumerate(self.after.groups, 1) if where.get(frozenset(g), i) != i]


@frozen
class PlanChange:
    """A change and the repair of the plan it implies, computed on ``revision`` of the store
    (pass it back as ``expected_revision`` to apply exactly what was shown)."""

    what: str  # "pausing Ana Martin until 2027-03-01"
    sessions: tuple[SessionRepair, ...]
    revision: int
    names: dict[str, str] = field(default_factory=dict)  # e-mail -> display name
    titles: dict[str, str] = field(default_factory=dict)  # ritual id -> title
    reexplained: tuple[Session, ...] = ()  # other planned sessions whose explanations change

    @property
    def affected(self) -> tuple[str, ...]:
        """Everyone who gets a new group (or none), the people leaving aside."""
        return tuple(sorted({e for s in self.sessions for e in s.moved()}))

    def name(self, email: str) -> str:
        return self.names.get(email, email)

    def summary(self) -> str:
        what = self.what[:1].upper() + self.what[1:]
        if not self.sessions:
            return _("{what}: no planned group changes").format(what=what)
        who = ", ".join(self.name(e) for e in self.affected) or _("nobody else")
        return _("{what} changes {n} planned session(s); {k} people get a new group: {who}").format(
            what=what, n=len(self.sessions), k=len(self.affected), who=who
        )

    def lines(self) -> list[str]:
        """One line per session: who leaves which group, and each group as it becomes."""
        return [self._line(s) for s in self.sessions]

    def _line(self, repair: SessionRepair) -> str:
        before, after = repair.before, repair.after
        parts = []
        for email in repair.leaving:
            number = next((i for i, g in enumerate(before.groups, 1) if email in g), 0)
            parts.append(_("{name} leaves group {number}").format(name=self.name(email), number=number))
        for email in repair.alone:
            number = next((i for i, g in enumerate(before.groups, 1) if email in g), 0)
            parts.append(_("{name} was alone in group {number}").format(name=self.name(email), number=number))
        old = {frozenset(g) for g in before.groups}
        for i, group in enumerate(after.groups, 1):
            if frozenset(group) not in old:
                names = ", ".join(self.name(e) for e in group)
                parts.append(_("group {number} is now {names}").format(number=i, names=names))
        parts += [_("group {old} becomes group {new}").format(old=a, new=b) for a, b in repair.renumbered()]
        parts += [
            _("{name} has no group left (nobody they may meet)").format(name=self.name(e)) for e in repair.unplaced
        ]
        title = self.titles.get(before.ritual_id, before.ritual_id)
        changes = pgettext("list", "; ").join(parts)
        return _("{title}, {day}: {changes}").format(title=title, day=formats.day(before.start), changes=changes)


@frozen
class Stale:
    """Someone in a planned group who should not be: paused that day, gone from the roster,
    or alone in their group."""

    email: str
    why: str  # "paused", "left" (after the leave date), "gone", "alone"
    sessions: tuple[str, ...]  # session ids
    paused_until: date | None = None


Leaving = Callable[[Session, dict[str, Person]], "set[str]"]


class PlanRepair:
    """Previews and applies the repair of the planned groups."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.store = context.store

    # ------------------------------------------------------------------ previews
    def pause(self, email: str, until: date | None) -> PlanChange:
        """Pausing ``email`` up to ``until`` (None: resuming, which takes nobody out)."""
        email, today = normalise_email(email), self.context.today()

        def leaving(session: Session, people: dict[str, Person]) -> set[str]:
            return {email} if until is not None and today <= session.day <= until else set()

        if until is None:
            return self._change(_("pausing {name} (resumed)").format(name=self._name(email)), leaving)
        return self._change(
            _("pausing {name} until {day}").format(name=self._name(email), day=until.isoformat()), leaving
        )

    def leave(self, leaving: Mapping[str, date | None]) -> PlanChange:
        """Giving each e-mail of ``leaving`` that leave date (their last day; None: staying after
        all, which takes nobody out): every planned session after it."""
        dates = {normalise_email(e): d for e, d in leaving.items()}
        who = ", ".join(self._name(e) for e in sorted(dates))
        when = {d for d in dates.values()}
        if len(when) == 1 and None not in when:
            what = _("{who} leaving after {day}").format(who=who, day=next(iter(when)))
        else:
            what = _("{who} leaving").format(who=who)

        def gone(session: Session, people: dict[str, Person]) -> set[str]:
            return {e for e, d in dates.items() if d is not None and session.day > d}

        return self._change(what, gone)

    def remove(self, email: str) -> PlanChange:
        """Removing or forgetting ``email``: every planned session."""
        email = normalise_email(email)
        return self._change(_("removing {name}").format(name=self._name(email)), lambda s, people: {email})

    def absent(self, session_id: str, emails: Iterable[str]) -> PlanChange:
        """Marking ``emails`` absent from one planned session."""
        session = self.store.session(session_id.strip())
        if session.status != "planned":
            raise InvalidInput(
                _("session {session} is {status}; its groups cannot change").format(
                    session=session.id, status=session.status
                )
            )
        away = {normalise_email(e) for e in emails}
        missing = sorted(away - set(session.members))
        if missing:
            raise InvalidInput(_("{missing} is not in {session}").format(missing=missing[0], session=session.id))
        who = ", ".join(self._name(e) for e in sorted(away))
        what = _("marking {who} absent").format(who=who)
        return self._change(what, lambda s, people: away if s.id == session.id else set())

    def stale(self) -> PlanChange:
        """Taking out of planned groups everyone paused that day or gone from the roster, and
        placing everyone alone in a group: what an older version or a hand edit left."""
        today = self.context.today()

        def leaving(session: Session, people: dict[str, Person]) -> set[str]:
            return {
                e for e in session.members if e not in people or today <= session.day and people[e].is_away(session.day)
            }

        return self._change(_("repairing the plan"), leaving, alone_join=True)

    # ------------------------------------------------------------------ applying
    def save(self, tx: Transaction, change: PlanChange) -> None:
        """Write a previewed change's sessions inside the caller's transaction."""
        for repaired in change.sessions:
            tx.put_session(repaired.after)
        for session in change.reexplained:
            tx.put_session(session)

    def mark_absent(
        self, session_id: str, emails: Iterable[str], *, expected_revision: int | None = None
    ) -> PlanChange:
        """Take ``emails`` out of one planned session's groups, repairing them."""
        emails = list(emails)
        with self.store.transaction(expected_revision=expected_revision) as tx:
            change = self.absent(session_id, emails)
            self.save(tx, change)
        return change

    def fix_stale(self, *, expected_revision: int | None = None) -> PlanChange:
        """Apply `stale`: the dashboard's "repair" and `rituals doctor --repair`."""
        with self.store.transaction(expected_revision=expected_revision) as tx:
            change = self.stale()
            self.save(tx, change)
        return change

    # ------------------------------------------------------------------ findings
    def stale_members(self, people: Sequence[Person], sessions: Sequence[Session]) -> list[Stale]:
        """Who `stale` would move, without working out where to: for the dashboard and the doctor."""
        today = self.context.today()
        known = {p.email: p for p in people}
        found: dict[tuple[str, str], list[str]] = {}
        for session in sessions:
            if session.status != "planned":
                continue
            for group in session.groups:
                for email in group:
                    person = known.get(email)
                    if person is None:
                        why = "gone"
                    elif today <= session.day and person.has_left(session.day):
                        why = "left"
                    elif today <= session.day and person.is_paused(session.day):
                        why = "paused"
                    elif len(group) == 1:
                        why = "alone"
                    else:
                        continue
                    found.setdefault((email, why), []).append(session.id)
        return [
            Stale(e, why, tuple(ids), known[e].paused_until if e in known else None)
            for (e, why), ids in sorted(found.items())
        ]

    # ------------------------------------------------------------------ the repair itself
    def _change(self, what: str, leaving_of: Leaving, *, alone_join: bool = False, lang: str = "en") -> PlanChange:
        from rituals.service import regroup  # deferred: the dashboard asks `stale_members` only

        revision = self.store.revision
        people = {p.email: p for p in self.store.people()}
        rituals = {r.id: r for r in self.store.rituals()}
        plan = self.store.sessions()
        repairs: list[SessionRepair] = []
        touched: set[frozenset[str]] = set()
        for index, session in enumerate(plan):
            ritual = rituals.get(session.ritual_id)
            if session.status != "planned" or not session.groups or ritual is None:
                continue
            gone = leaving_of(session, people) & set(session.members)
            if not gone and not (alone_join and any(len(g) == 1 for g in session.groups)):
                continue
            repaired = self._repaired(session, ritual, gone, people, plan, alone_join)
            if repaired.after.groups == session.groups:
                continue
            plan[index] = repaired.after  # the next sessions are priced against this one
            repairs.append(repaired)
            moved = set(repaired.moved())
            # the pairs whose meetings change: their explanations, here and elsewhere, are redone
            touched |= regroup.pairs_of(g for g in session.groups if set(g) & (moved | gone))
            touched |= regroup.pairs_of(g for g in repaired.after.groups if set(g) & moved)
        mine = {r.after.id for r in repairs}
        again = regroup.reexplain(plan, touched, rituals, people, lang, fill=mine)
        final = [dataclasses.replace(r, after=again.get(r.after.id, r.after)) for r in repairs]
        names = {e: p.name or e for e, p in people.items()}
        return PlanChange(
            what,
            tuple(final),
            revision,
            names,
            {r.id: r.title for r in rituals.values()},
            tuple(s for sid, s in again.items() if sid not in mine),
        )

    def _repaired(
        self,
        session: Session,
        ritual: Ritual,
        gone: set[str],
        people: dict[str, Person],
        plan: list[Session],
        alone_join: bool,
    ) -> SessionRepair:
        from rituals.service import regroup  # deferred: see _change

        history = regroup.plan_history(plan, skip={session.id})
        result = regroup.repair_groups(
            session.groups, gone, ritual, people, history, session.day, alone_join=alone_join
        )
        kept = {frozenset(g): why for g, why in zip(session.groups, session.explanations)}
        # unchanged groups keep their text; the others are explained again (regroup.reexplain)
        explanations = tuple(kept.get(frozenset(g), "") for g in result.groups)
        after = dataclasses.replace(regrouped(session, result.groups), explanations=explanations)
        alone = tuple(g[0] for g in session.groups if alone_join and len(g) == 1 and g[0] not in gone)
        return SessionRepair(session, after, tuple(sorted(gone)), result.unplaced, alone)

    def _name(self, email: str) -> str:
        try:
            return self.store.person(email).name or email
        except NotFound:
            return email
