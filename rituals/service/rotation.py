"""Rotations on the database: propose the groups of a ritual's next sessions, record them, adjust.

Participants are the ritual's audience minus whoever is paused on that day minus the absent.
History is every held session of every ritual (who really met whom), counting only groups of at
most twelve: sitting in the same all-hands is not meeting someone. The odd-size seats rotate
using each person's past odd groups. Dates with the same participants are planned jointly; when
someone's pause ends between two dates, the later block sees the earlier one as history.

A proposal is a draft until `Rotation.commit` records it; it remembers the groups recorded for
its dates when it was made, and its explanations count every held and planned session (see
``rituals.service.drafts``). `Rotation.recorded` shows a date's recorded groups as they are.

`Rotation.plan_roster` plans without the database at all (`rituals rotate --roster`): see
``rituals.service.roster_rotation``.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.history import odd_group_counts
from rituals.core.models import Person, Ritual, Session, normalise_email, regrouped, session_id
from rituals.locale import N_, _
from rituals.service import drafts, regroup
from rituals.service.context import Context
from rituals.service.rotation_blocks import (
    History,
    Progress,
    _blocks,
    _participants,
    _plan_blocks,
    small_group_history,
)

if TYPE_CHECKING:
    from rituals.core.rotation import GroupExplanation
    from rituals.service.rituals import Rituals
    from rituals.service.roster_rotation import RosterPlan
    from rituals.store.transaction import Transaction

DEFAULT_TIME_LIMIT = 300.0  # a safety cap: the rotation search is budgeted by work, not by time


@frozen
class ProposedSession:
    """One proposed session of a rotating ritual: its groups and why."""

    ritual_id: str
    start: datetime
    groups: tuple[tuple[str, ...], ...]
    explanations: tuple[GroupExplanation, ...]
    left_out: tuple[str, ...] = ()  # invited but paused or absent that day
    recorded: tuple[tuple[str, ...], ...] = ()  # the groups recorded for the date when this was made

    @property
    def id(self) -> str:
        return session_id(self.ritual_id, self.start.date())

    @property
    def is_recorded(self) -> bool:
        """The groups shown are the ones recorded for the date, not a draft."""
        return bool(self.recorded) and self.groups == self.recorded


@frozen
class RotationPreview:
    """Proposed sessions for a ritual, not yet recorded."""

    ritual: Ritual
    sessions: tuple[ProposedSession, ...]
    names: dict[str, str] = field(default_factory=dict)  # e-mail -> display name
    metrics: dict[str, object] = field(default_factory=dict)
    revision: int | None = None  # the database's revision the proposal was computed from

    def lines(self, proposed: ProposedSession, lang: str | None = None) -> tuple[str, ...]:
        """The explanation of each group of ``proposed``, one line each, with names."""
        return tuple(e.text(self.names, lang) for e in proposed.explanations)


class Rotation:
    """Groups for rotating rituals: proposed, pinned, recorded, adjusted; or for a bare roster."""

    def __init__(self, context: Context, rituals: Rituals) -> None:
        self.context = context
        self.store = context.store
        self.rituals = rituals

    def preview(
        self,
        ritual_id: str,
        day: date | None = None,
        rounds: int = 1,
        seed: int | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        absent: Iterable[str] = (),
        progress: Progress | None = None,
    ) -> RotationPreview:
        """Groups for the next ``rounds`` dates of the ritual (from ``day`` if given); nothing is saved."""
        revision = self.store.revision  # before anything is read: a change after it is checked at commit
        ritual = self.store.ritual(ritual_id.strip())
        if not ritual.grouping.rotates:
            raise InvalidInput(
                _("ritual {ritual!r} meets as one group; give it a group size to rotate").format(ritual=ritual.id)
            )
        if ritual.status != "active":
            raise InvalidInput(_("ritual {ritual!r} is cancelled").format(ritual=ritual.id))
        people = self.store.people()
        sessions = self.store.sessions()
        dates = self._dates(ritual, day, rounds, sessions)
        absent_set = {normalise_email(e) for e in absent}
        unknown = sorted(absent_set - {p.email for p in people})
        if unknown:
            raise InvalidInput(_("unknown person {unknown!r} in the absent list").format(unknown=unknown[0]))
        history = small_group_history(sessions, planned_before=dates[0].date(), today=self.context.today())
        sizes = {r.id: r.grouping.size for r in self.store.rituals() if r.grouping.size}
        odd_counts = odd_group_counts((s for s in sessions if s.status == "held"), sizes)
        base_seed = seed if seed is not None else self.context.seed
        if base_seed is None:  # stable per ritual and date, so that a preview can be reproduced
            base_seed = zlib.crc32(f"{ritual.id}@{dates[0].date()}".encode())
        from rituals.service.participation import Participation  # deferred: budgets, seats and trails

        def plan(hist: History, apart: list[tuple[str, str]] | None) -> tuple[list[ProposedSession], dict[str, object]]:
            share = Participation(
                ritual,
                people,
                self.store.rituals(),
                sessions,
                dates,
                self.context.today(),
                self.store,
                self.context.holidays,
            )
            blocks = share.blocks(dates, lambda d: _participants(ritual, people, d.date(), absent_set), _blocks)
            return _plan_blocks(
                ritual, blocks, hist, odd_counts, base_seed, time_limit, progress, share, count=len(dates), apart=apart
            )

        apart = self._hours_apart(ritual, people, dates[0].date())
        try:  # on a copy of the history: a block planned before a failure must not count twice
            proposed, metrics = plan({pair: list(days) for pair, days in history.items()} if apart else history, apart)
        except InvalidInput:
            if not apart:
                raise
            # too many pairs to keep apart for groups of this size: plan as before, and the slot
            # search says which groups have no common time
            proposed, metrics = plan(history, None)
        stored = {s.id: s for s in sessions}
        proposed = [dataclasses.replace(p, recorded=drafts.recorded_groups(stored.get(p.id))) for p in proposed]
        names = {p.email: p.name or p.email for p in people}
        preview = RotationPreview(ritual, tuple(proposed), names, metrics, revision)
        return drafts.explained(preview, {p.email: p for p in people}, sessions)

    def _hours_apart(self, ritual: Ritual, people: list[Person], day: date) -> list[tuple[str, str]]:
        """A ritual whose groups find their own time (``--slot find``): the pairs whose working
        hours never meet in its window around ``day``, kept apart like people who asked to be
        (the rotation engine knows only exclusions; this is its one hook for hours)."""
        if ritual.slot is None:
            return []
        from rituals.core.hours import hours_for  # deferred: zoneinfo, only for rituals that find slots
        from rituals.core.slots import candidates, never_meet, window_days

        defaults = self.rituals.people.hour_defaults()
        starts = candidates(
            ritual.slot, window_days(ritual.slot, day), ritual.schedule.timezone, ritual.schedule.duration
        )
        people_hours = [(p.email, p.timezone, hours_for(p, defaults)) for p in people]
        return never_meet(people_hours, starts, ritual.schedule.duration)

    def recorded(self, ritual_id: str, day: date) -> RotationPreview | None:
        """The groups recorded for ``day`` as a preview (explained against every other held
        and planned session), or None when that date has none."""
        revision = self.store.revision
        ritual = self.store.ritual(ritual_id.strip())
        sessions = self.store.sessions()
        session = next((s for s in sessions if s.ritual_id == ritual.id and s.day == day), None)
        groups = drafts.recorded_groups(session)
        if session is None or not groups:
            return None
        people = self.store.people()
        left_out = drafts.left_out_on(ritual, people, day, groups)
        proposed = ProposedSession(ritual.id, session.start, groups, (), left_out, recorded=groups)
        preview = RotationPreview(ritual, (proposed,), {p.email: p.name or p.email for p in people}, {}, revision)
        return drafts.explained(preview, {p.email: p for p in people}, sessions)

    def absent(self, preview: RotationPreview, emails: Iterable[str]) -> RotationPreview:
        """The proposal without ``emails``: only the groups they were in are re-formed (their
        partner joins another group, a trio becomes a pair); nobody else moves."""
        away = {normalise_email(e) for e in emails}
        people = {p.email: p for p in self.store.people()}
        return drafts.without(preview, away, people, self.store.sessions())

    def pin(self, preview: RotationPreview, pins: Mapping[str, int]) -> RotationPreview:
        """The proposal with each pinned person moved into their group (0-based), each swapped
        with someone of that group who is not pinned there, so group sizes stay as planned; every
        group is explained again. People not in the proposal (absent, paused) are ignored."""
        if not pins:
            return preview
        people = {p.email: p for p in self.store.people()}
        out = []
        for proposed in preview.sessions:
            groups = drafts.pinned(proposed, pins)
            drafts.check_no_excluded(groups, people)
            out.append(dataclasses.replace(proposed, groups=tuple(tuple(g) for g in groups)))
        # every group explained again: a pair that also meets on another planned date is no new pair
        return drafts.explained(dataclasses.replace(preview, sessions=tuple(out)), people, self.store.sessions())

    def commit(
        self, preview: RotationPreview, lang: str = "en", *, expected_revision: int | None = None
    ) -> list[Session]:
        """Record the previewed groups as planned sessions (re-planning a planned date replaces
        the groups recorded when the preview was made); the explanations are stored as text in
        ``lang``. If someone else changed those sessions after the preview's revision (another
        lead recorded the same date), `EditConflict` says who and what, from the journal, and
        nothing is saved; ``expected_revision`` (the revision that conflict reported) records the
        groups on top of theirs."""
        saved = []
        based_on = expected_revision if expected_revision is not None else preview.revision
        with self.store.transaction(based_on) as tx:
            every = self.store.sessions()
            stored = {s.id: s for s in every if s.ritual_id == preview.ritual.id}
            for proposed in preview.sessions:
                old = stored.get(proposed.id)
                if old is not None and old.status != "planned":
                    raise InvalidInput(
                        _("session {old} is {status}; its groups cannot change").format(old=old.id, status=old.status)
                    )
                base = old or Session(preview.ritual.id, proposed.start)
                session = dataclasses.replace(
                    regrouped(base, proposed.groups), status="planned", explanations=preview.lines(proposed, lang)
                )
                tx.put_session(session)
                saved.append(session)
            replaced = [stored[s.id] for s in saved if s.id in stored]
            self._reexplain_others(tx, saved, replaced, every, lang)
            days = ", ".join(f"{s.start:%Y-%m-%d}" for s in saved)
            recorded = N_("recorded the groups of {title} ({id}) on {days}")
            tx.say(recorded, title=preview.ritual.title, id=preview.ritual.id, days=days)
        return saved

    def _reexplain_others(
        self, tx: Transaction, saved: list[Session], replaced: list[Session], every: list[Session], lang: str
    ) -> None:
        people = {p.email: p for p in self.store.people()}
        for session in drafts.reexplained_others(saved, replaced, every, self.store.rituals(), people, lang):
            tx.put_session(session, derived=True)  # read from the fresh file: nobody's change is lost

    def regroup(
        self, session_id_: str, moves: Mapping[str, int], lang: str = "en", *, expected_revision: int | None = None
    ) -> Session:
        """Move people between the groups of a planned session (``email -> group index``, an index
        one past the last opens a new group) and re-explain every group."""
        with self.store.transaction(expected_revision) as tx:
            before = self.store.session(session_id_.strip())
            if before.status != "planned":
                raise InvalidInput(
                    _("session {before} is {status}; its groups cannot change").format(
                        before=before.id, status=before.status
                    )
                )
            groups = drafts.moved(before, moves)
            people = {p.email: p for p in self.store.people()}
            drafts.check_no_excluded(groups, people)
            ritual = self.store.ritual(before.ritual_id)
            every = self.store.sessions()
            # explained against every other held and planned session, later ones included
            notes = regroup.explain(groups, ritual, people, regroup.plan_history(every, skip={before.id}))
            names = {e: p.name or e for e, p in people.items()}
            session = dataclasses.replace(
                regrouped(before, tuple(tuple(g) for g in groups)),
                explanations=tuple(n.text(names, lang) for n in notes),
            )
            tx.put_session(session)
            self._reexplain_others(tx, [session], [before], every, lang)
            tx.say(
                N_("regrouped session {session}: moved {people}"), session=session.id, people=", ".join(sorted(moves))
            )
        return session

    def plan_roster(
        self,
        roster: Path | str,
        *,
        size: int | None,
        rounds: int = 1,
        history: Path | str | None = None,
        mix: str = "cross-team",
        seed: int | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        progress: Progress | None = None,
    ) -> RosterPlan:
        """Groups for everyone in a roster CSV, without the database: ``rounds`` rounds of about
        ``size``, avoiding the pairs of ``history``. Each is a file (`Path`) or its text (`str`);
        see ``rituals.service.roster_rotation`` for the formats."""
        from rituals.service.roster_rotation import plan_roster  # deferred: only `rotate --roster` reads rosters

        return plan_roster(
            roster,
            size=size,
            rounds=rounds,
            history=history,
            mix=mix,
            seed=seed if seed is not None else (self.context.seed or 0),
            today=self.context.today(),
            time_limit=time_limit,
            progress=progress,
        )

    def _dates(self, ritual: Ritual, day: date | None, rounds: int, sessions: list[Session]) -> list[datetime]:
        from rituals.core.rotation.plan import MAX_ROUNDS  # numpy: the planning that follows loads it anyway

        # checked here, on the number asked: the planner sees blocks of dates, never this number
        if not 1 <= rounds <= MAX_ROUNDS:
            raise InvalidInput(
                _("rounds must be between 1 and {max_rounds}, got {rounds}").format(
                    max_rounds=MAX_ROUNDS, rounds=rounds
                )
            )
        closed = {s.day for s in sessions if s.ritual_id == ritual.id and s.status != "planned"}
        after = datetime.combine(day, datetime.min.time()) if day else self.context.now()
        found = [
            d for d in self.rituals.next_dates(ritual, rounds + len(closed), after=after) if d.date() not in closed
        ]
        if day is not None and (not found or found[0].date() != day):
            nxt = f" (next: {found[0].date()})" if found else ""
            raise InvalidInput(
                _("ritual {ritual!r} has no open date on {day}{nxt}").format(ritual=ritual.id, day=day, nxt=nxt)
            )
        if not found:
            raise InvalidInput(_("ritual {ritual!r} has no coming date to rotate").format(ritual=ritual.id))
        return found[:rounds]
