"""How the Rotation area plans a ritual's dates: the history that counts (who really met, and
the groups already planned before the first date), the dates in blocks of the same people, each
block planned in turn by the engine (offices apart for in-person rituals), and who cannot join."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.core.history import pair_history
from rituals.core.models import Person, Ritual, Session, normalise_email
from rituals.core.rotation.sizes import MAX_SIZE
from rituals.locale import _
from rituals.service.rituals import invited_among

if TYPE_CHECKING:
    from rituals.service.participation import Participation
    from rituals.service.rotation import ProposedSession

Progress = Callable[[float], None]  # told the share of the search done, 0 to 1
History = dict[frozenset[str], list[date]]


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
    ritual: Ritual,
    blocks: Iterable[Block],
    history: History,
    odd_counts: dict[str, int],
    base_seed: int,
    time_limit: float,
    progress: Progress | None,
    share: Participation | None = None,
    count: int | None = None,
    apart: list[tuple[str, str]] | None = None,
) -> tuple[list[ProposedSession], dict[str, object]]:
    """Each block planned in turn, sharing the time budget; a block sees the groups of the
    blocks before it as history. With ``share`` choosing who takes part, a date nobody (or one
    person) can join within the budget or the trail is left unplanned, and each block takes the
    trail wishes of its date. ``blocks`` may be made one at a time (``count`` of them)."""
    from rituals.core.rotation import Member  # numpy: only for commands that rotate
    from rituals.core.rotation.places import plan_by_place
    from rituals.service.rotation import ProposedSession as Proposed  # the area's type (it imports this module)

    proposed: list[ProposedSession] = []
    metrics: dict[str, object] = {}
    cap_ends = time.monotonic() + time_limit  # one safety cap for all the blocks (not a budget)
    chosen = share is not None and share.active
    total = count if count is not None else len(blocks := list(blocks))
    empty: list[tuple[datetime, int]] = []
    for i, (block_dates, present, left_out) in enumerate(blocks):
        if len(present) < 2:
            empty.append((block_dates[0], len(present)))
            if chosen:
                continue  # within the budget or the trail, nobody to meet that day: no groups
            _nobody(ritual, block_dates[0], len(present), chosen)
        wishes = share.wishes(present, block_dates[0].date()) if share is not None else {}
        plan = plan_by_place(  # in-person: each office on its own
            [Member(p.email, p.team, p.location) for p in present],
            ritual.grouping.size or 2,
            len(block_dates),
            mix=ritual.grouping.mix,
            fmt=ritual.format,
            history=history,
            today=block_dates[0].date(),
            excluded=_excluded_pairs(present) + _among(apart or [], present),
            odd_counts=odd_counts,
            seed=base_seed + i,
            time_limit=max(cap_ends - time.monotonic(), 0.001),
            progress=_scaled(progress, i, total),
            wishes=wishes or None,
        )
        if share is not None:
            share.record(group for groups in plan.rounds for group in groups)
        for when, groups, notes in zip(block_dates, plan.rounds, plan.explanations):
            proposed.append(Proposed(ritual.id, when, tuple(groups), tuple(notes), left_out))
            for group in groups:  # the next block must not repeat this one
                for a in group:
                    for b in group:
                        if a < b:
                            history.setdefault(frozenset((a, b)), []).append(when.date())
        metrics = plan.metrics if total == 1 else {**plan.metrics, "blocks": total}
    if not proposed:
        _nobody(ritual, empty[0][0], empty[0][1], chosen)
    return proposed, metrics


def _nobody(ritual: Ritual, when: datetime, present: int, chosen: bool) -> None:
    who = "nobody" if not present else "only one person"
    why = " within the participation budget or the onboarding trail" if chosen else ""
    raise InvalidInput(
        _("{who} can join {ritual} on {date}{why}; groups need at least 2").format(
            who=who, ritual=ritual.id, date=when.date(), why=why
        )
    )


def _participants(
    ritual: Ritual, people: list[Person], on: date, absent: set[str]
) -> tuple[list[Person], tuple[str, ...]]:
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


def _among(pairs: list[tuple[str, str]], people: Sequence[Person]) -> list[tuple[str, str]]:
    here = {p.email for p in people}
    return [(a, b) for a, b in pairs if a in here and b in here]


def _excluded_pairs(people: Sequence[Person]) -> list[tuple[str, str]]:
    return [(p.email, normalise_email(other)) for p in people for other in p.excluded]


def _scaled(progress: Progress | None, index: int, count: int) -> Progress | None:
    if progress is None:
        return None
    return lambda fraction: progress((index + fraction) / count)
