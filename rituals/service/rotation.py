"""Rotations on the database: propose the groups of a ritual's next sessions, record them, adjust.

Participants are the ritual's audience minus whoever is paused on that day minus the absent.
History is every held session of every ritual (who really met whom), counting only groups of at
most twelve: sitting in the same all-hands is not meeting someone. The odd-size seats rotate
using each person's past odd groups. Dates with the same participants are planned jointly; when
someone's pause ends between two dates, the later block sees the earlier one as history.

`Rotation.plan_roster` plans without the database at all (`rituals rotate --roster`): see
``rituals.service.roster_rotation``.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.history import odd_group_counts, pair_history
from rituals.core.models import Person, Ritual, Session, normalise_email, session_id
from rituals.core.rotation.sizes import MAX_SIZE
from rituals.service.context import Context
from rituals.service.rituals import invited_among

if TYPE_CHECKING:
    from rituals.core.rotation import GroupExplanation
    from rituals.service.rituals import Rituals
    from rituals.service.roster_rotation import RosterPlan

Progress = Callable[[float], None]  # told the share of the search done, 0 to 1
History = dict[frozenset[str], list[date]]
DEFAULT_TIME_LIMIT = 3.0


@frozen
class ProposedSession:
    """One proposed session of a rotating ritual: its groups and why."""

    ritual_id: str
    start: datetime
    groups: tuple[tuple[str, ...], ...]
    explanations: tuple[GroupExplanation, ...]
    left_out: tuple[str, ...] = ()  # invited but paused or absent that day

    @property
    def id(self) -> str:
        return session_id(self.ritual_id, self.start.date())


@frozen
class RotationPreview:
    """Proposed sessions for a ritual, not yet recorded."""

    ritual: Ritual
    sessions: tuple[ProposedSession, ...]
    names: dict[str, str] = field(default_factory=dict)  # e-mail -> display name
    metrics: dict[str, object] = field(default_factory=dict)

    def lines(self, proposed: ProposedSession, lang: str = "en") -> tuple[str, ...]:
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
        ritual = self.store.ritual(ritual_id.strip())
        if not ritual.grouping.rotates:
            raise InvalidInput(f"ritual {ritual.id!r} meets as one group; give it a group size to rotate")
        if ritual.status != "active":
            raise InvalidInput(f"ritual {ritual.id!r} is cancelled")
        people = self.store.people()
        sessions = self.store.sessions()
        dates = self._dates(ritual, day, rounds, sessions)
        absent_set = {normalise_email(e) for e in absent}
        unknown = sorted(absent_set - {p.email for p in people})
        if unknown:
            raise InvalidInput(f"unknown person {unknown[0]!r} in the absent list")
        history = small_group_history(sessions, planned_before=dates[0].date(), today=self.context.today())
        sizes = {r.id: r.grouping.size for r in self.store.rituals() if r.grouping.size}
        odd_counts = odd_group_counts((s for s in sessions if s.status == "held"), sizes)
        base_seed = seed if seed is not None else self.context.seed
        if base_seed is None:  # stable per ritual and date, so that a preview can be reproduced
            base_seed = zlib.crc32(f"{ritual.id}@{dates[0].date()}".encode())
        blocks = _blocks(dates, lambda d: _participants(ritual, people, d.date(), absent_set))
        proposed, metrics = _plan_blocks(ritual, blocks, history, odd_counts, base_seed, time_limit, progress)
        names = {p.email: p.name or p.email for p in people}
        return RotationPreview(ritual, tuple(proposed), names, metrics)

    def pin(self, preview: RotationPreview, pins: Mapping[str, int]) -> RotationPreview:
        """The proposal with each pinned person moved into their group (0-based), each swapped
        with someone of that group who is not pinned there, so group sizes stay as planned; every
        group is explained again. People not in the proposal (absent, paused) are ignored."""
        from rituals.core.rotation import Member  # numpy: only for screens that rotate
        from rituals.core.rotation.explain import explain_round

        if not pins:
            return preview
        people = {p.email: p for p in self.store.people()}
        sessions = self.store.sessions()
        out = []
        for proposed in preview.sessions:
            groups = _pinned(proposed, pins)
            check_no_excluded(groups, people)
            members = [Member(e, people[e].team, people[e].location) for g in groups for e in g if e in people]
            history = small_group_history(sessions, planned_before=proposed.start.date(), today=self.context.today())
            notes = explain_round([groups], 0, members, history, preview.ritual.format)
            out.append(dataclasses.replace(proposed, groups=tuple(tuple(g) for g in groups), explanations=tuple(notes)))
        return dataclasses.replace(preview, sessions=tuple(out))

    def commit(self, preview: RotationPreview, lang: str = "en") -> list[Session]:
        """Record the previewed groups as planned sessions (re-planning a planned date replaces it);
        the explanations are stored as text in ``lang``."""
        saved = []
        with self.store.transaction() as tx:
            stored = {s.id: s for s in self.store.sessions(preview.ritual.id)}
            for proposed in preview.sessions:
                old = stored.get(proposed.id)
                if old is not None and old.status != "planned":
                    raise InvalidInput(f"session {old.id} is {old.status}; its groups cannot change")
                base = old or Session(preview.ritual.id, proposed.start)
                session = dataclasses.replace(
                    base, groups=proposed.groups, status="planned", explanations=preview.lines(proposed, lang)
                )
                tx.put_session(session)
                saved.append(session)
        return saved

    def regroup(self, session_id_: str, moves: Mapping[str, int], lang: str = "en") -> Session:
        """Move people between the groups of a planned session (``email -> group index``, an index
        one past the last opens a new group) and re-explain every group."""
        from rituals.core.rotation import Member  # numpy: only for commands that rotate
        from rituals.core.rotation.explain import explain_round

        with self.store.transaction() as tx:
            session = self.store.session(session_id_.strip())
            if session.status != "planned":
                raise InvalidInput(f"session {session.id} is {session.status}; its groups cannot change")
            groups = _moved(session, moves)
            people = {p.email: p for p in self.store.people()}
            check_no_excluded(groups, people)
            members = [Member(e, people[e].team, people[e].location) for g in groups for e in g if e in people]
            missing = {e for g in groups for e in g} - set(people)
            members += [Member(e) for e in sorted(missing)]
            ritual = self.store.ritual(session.ritual_id)
            notes = explain_round([groups], 0, members, small_group_history(self.store.sessions()), ritual.format)
            names = {e: p.name or e for e, p in people.items()}
            session = dataclasses.replace(
                session, groups=tuple(tuple(g) for g in groups), explanations=tuple(n.text(names, lang) for n in notes)
            )
            tx.put_session(session)
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
            roster, size=size, rounds=rounds, history=history, mix=mix,
            seed=seed if seed is not None else (self.context.seed or 0), today=self.context.today(),
            time_limit=time_limit, progress=progress,
        )

    def _dates(self, ritual: Ritual, day: date | None, rounds: int, sessions: list[Session]) -> list[datetime]:
        from rituals.core.rotation.plan import MAX_ROUNDS  # numpy: the planning that follows loads it anyway

        # checked here, on the number asked: the planner sees blocks of dates, never this number
        if not 1 <= rounds <= MAX_ROUNDS:
            raise InvalidInput(f"rounds must be between 1 and {MAX_ROUNDS}, got {rounds}")
        closed = {s.day for s in sessions if s.ritual_id == ritual.id and s.status != "planned"}
        after = datetime.combine(day, datetime.min.time()) if day else self.context.now()
        found = [d for d in self.rituals.next_dates(ritual, rounds + len(closed), after=after) if d.date() not in closed]
        if day is not None and (not found or found[0].date() != day):
            nxt = f" (next: {found[0].date()})" if found else ""
            raise InvalidInput(f"ritual {ritual.id!r} has no open date on {day}{nxt}")
        if not found:
            raise InvalidInput(f"ritual {ritual.id!r} has no coming date to rotate")
        return found[:rounds]


def small_group_history(
    sessions: Iterable[Session], *, planned_before: date | None = None, today: date | None = None
) -> History:
    """Who met whom in groups of at most MAX_SIZE; with ``planned_before``, the groups already
    planned from ``today`` up to that day count too, as if held (they are about to meet)."""
    kept = []
    for s in sessions:
        expected = planned_before is not None and s.status == "planned" and (today or s.day) <= s.day < planned_before
        if s.status == "held" or expected:
            small = tuple(g for g in s.groups if len(g) <= MAX_SIZE)
            kept.append(dataclasses.replace(s, groups=small, status="held"))
    return pair_history(kept)


Block = tuple[list[datetime], list[Person], tuple[str, ...]]  # dates, who is there, who is left out


def _plan_blocks(
    ritual: Ritual, blocks: list[Block], history: History, odd_counts: dict[str, int], base_seed: int,
    time_limit: float, progress: Progress | None,
) -> tuple[list[ProposedSession], dict[str, object]]:
    """Each block planned in turn, sharing the time budget; a block sees the groups of the
    blocks before it as history."""
    from rituals.core.rotation import Member  # numpy: only for commands that rotate
    from rituals.core.rotation.places import plan_by_place

    proposed: list[ProposedSession] = []
    metrics: dict[str, object] = {}
    share = time_limit / len(blocks)
    for i, (block_dates, present, left_out) in enumerate(blocks):
        if len(present) < 2:
            who = "nobody" if not present else "only one person"
            raise InvalidInput(f"{who} can join {ritual.id} on {block_dates[0].date()}; groups need at least 2")
        plan = plan_by_place(  # in-person: each office on its own
            [Member(p.email, p.team, p.location) for p in present],
            ritual.grouping.size or 2,
            len(block_dates),
            mix=ritual.grouping.mix,
            fmt=ritual.format,
            history=history,
            today=block_dates[0].date(),
            excluded=_excluded_pairs(present),
            odd_counts=odd_counts,
            seed=base_seed + i,
            time_limit=share,
            progress=_scaled(progress, i, len(blocks)),
        )
        for when, groups, notes in zip(block_dates, plan.rounds, plan.explanations):
            proposed.append(ProposedSession(ritual.id, when, tuple(groups), tuple(notes), left_out))
            for group in groups:  # the next block must not repeat this one
                for a in group:
                    for b in group:
                        if a < b:
                            history.setdefault(frozenset((a, b)), []).append(when.date())
        metrics = plan.metrics if len(blocks) == 1 else {**plan.metrics, "blocks": len(blocks)}
    return proposed, metrics


def _participants(ritual: Ritual, people: list[Person], on: date, absent: set[str]) -> tuple[list[Person], tuple[str, ...]]:
    invited = invited_among(ritual, people, on)
    paused = [dataclasses.replace(p, paused_until=None) for p in people if p.is_paused(on)]
    paused_invited = invited_among(ritual, paused, on)
    present = sorted((p for p in invited if p.email not in absent), key=lambda p: p.email)
    gone = {p.email for p in invited if p.email in absent} | {p.email for p in paused_invited}
    return present, tuple(sorted(gone))


def _blocks(dates: Sequence[datetime], who: Callable[[datetime], tuple[list[Person], tuple[str, ...]]]) -> list[Block]:
    """Consecutive dates with the same participants, planned together."""
    blocks: list[Block] = []
    for when in dates:
        present, left_out = who(when)
        if blocks and [p.email for p in blocks[-1][1]] == [p.email for p in present]:
            blocks[-1][0].append(when)
        else:
            blocks.append(([when], present, left_out))
    return blocks


def _pinned(proposed: ProposedSession, pins: Mapping[str, int]) -> list[list[str]]:
    """The groups of ``proposed`` with each pinned person swapped into their group."""
    groups = [list(g) for g in proposed.groups]
    for email, target in pins.items():
        if not 0 <= target < len(groups):
            raise InvalidInput(f"there is no group {target + 1} on {proposed.start:%d %b}")
        source = next((g for g in groups if email in g), None)
        if source is None or source is groups[target]:
            continue
        partner = next((e for e in groups[target] if pins.get(e) != target), None)
        if partner is None:
            raise InvalidInput(f"everyone in group {target + 1} is pinned there already")
        source[source.index(email)], groups[target][groups[target].index(partner)] = partner, email
    return groups


def _moved(session: Session, moves: Mapping[str, int]) -> list[list[str]]:
    """The groups of ``session`` after ``moves``; no group may be left with one person."""
    groups = [list(g) for g in session.groups]
    for email, target in moves.items():
        email = normalise_email(email)
        source = next((g for g in groups if email in g), None)
        if source is None:
            raise InvalidInput(f"{email} is not in session {session.id}")
        if not 0 <= target <= len(groups):
            raise InvalidInput(f"group {target + 1} does not exist in session {session.id}")
        source.remove(email)
        if target == len(groups):
            groups.append([])
        groups[target].append(email)
    groups = [g for g in groups if g]
    if any(len(g) < 2 for g in groups):
        raise InvalidInput("a group would be left with one person; move someone else too")
    return groups


def _excluded_pairs(people: Sequence[Person]) -> list[tuple[str, str]]:
    return [(p.email, normalise_email(other)) for p in people for other in p.excluded]


def check_no_excluded(groups: list[list[str]], people: Mapping[str, Person]) -> None:
    for group in groups:
        for email in group:
            person = people.get(email)
            clash = [o for o in (person.excluded if person else ()) if normalise_email(o) in group]
            if clash:
                raise InvalidInput(f"{email} and {clash[0]} must not share a group")


def _scaled(progress: Progress | None, index: int, count: int) -> Progress | None:
    if progress is None:
        return None
    return lambda fraction: progress((index + fraction) / count)
