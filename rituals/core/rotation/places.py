"""In-person rituals: one plan per office, so that nobody is grouped with people in another city.

A shared lunch happens in one place. The engine's office costs only discourage mixed groups, and
with group sizes set over the whole roster an office whose headcount does not fit (Lyon's 11 in
fours) still sends someone to lunch with Paris. Here each office is planned on its own, with its
own group sizes (so sizes differ by at most one within an office, not across offices). Remote
people meet by video among themselves; someone alone in their office cannot meet anyone there,
so they join the video groups. Other formats (remote, hybrid) are planned as one roster.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rituals.core.errors import InvalidInput
from rituals.core.rotation.costs import REMOTE, place_of
from rituals.core.rotation.explain import evaluate
from rituals.core.rotation.plan import TIME_CAP, Member, Plan, count_of, plan_rounds


def plan_by_place(
    members: Sequence[Member],
    size: int,
    rounds: int = 1,
    *,
    fmt: str = "hybrid",
    excluded: Iterable[tuple[str, str]] = (),
    seed: int = 0,
    time_limit: float = TIME_CAP,
    progress: Callable[[float], None] | None = None,
    **options: Any,
) -> Plan:
    """Like ``plan_rounds``; for ``fmt == "in-person"`` each place is planned separately and
    the rounds are put together (offices in alphabetical order, then the video groups). Each
    place has a work budget of its own (``effort`` in ``options``), so a place's groups do not
    depend on the others'; ``time_limit`` caps them all together."""
    excluded = list(excluded)
    places = by_place(members) if fmt == "in-person" else [list(members)]
    if len(places) == 1:
        return plan_rounds(
            members, size, rounds, fmt=fmt, excluded=excluded, seed=seed, time_limit=time_limit, progress=progress,
            **options,
        )  # fmt: skip
    started = time.monotonic()
    total = sum(len(p) for p in places)
    plans: list[Plan] = []
    done = 0.0
    for index, place in enumerate(places):
        ids = {m.id for m in place}
        share = len(place) / total
        try:
            plans.append(
                plan_rounds(
                    place,
                    size,
                    rounds,
                    fmt=fmt,
                    seed=seed + index,
                    excluded=[(a, b) for a, b in excluded if a in ids and b in ids],
                    time_limit=_left(started, time_limit),
                    progress=_scaled(progress, done, share),
                    **options,
                )
            )
        except InvalidInput:
            # two people who must be kept apart, in an office too small to do it: plan the whole
            # roster together instead (the office costs still keep most groups in one place)
            return plan_rounds(
                members,
                size,
                rounds,
                fmt=fmt,
                excluded=excluded,
                seed=seed,
                time_limit=_left(started, time_limit),
                progress=progress,
                **options,
            )
        done += share
    return _merged(members, plans, rounds, fmt=fmt, excluded=excluded, seed=seed, options=options)


def _merged(
    members: Sequence[Member],
    plans: list[Plan],
    rounds: int,
    *,
    fmt: str,
    excluded: list[tuple[str, str]],
    seed: int,
    options: dict[str, Any],
) -> Plan:
    """The places' plans as one: each round's groups, office after office, and their metrics."""
    merged = [[group for plan in plans for group in plan.rounds[r]] for r in range(rounds)]
    notes = [[note for plan in plans for note in plan.explanations[r]] for r in range(rounds)]
    metrics = evaluate(
        members, merged, mix=options.get("mix", "cross-team"), fmt=fmt, history=options.get("history"),
        excluded=excluded,
    )  # fmt: skip
    metrics.update(
        method="by place: " + "; ".join(f"{p.metrics.get('method')}" for p in plans),
        places=len(plans),
        iterations=sum(count_of(p, "iterations") for p in plans),
        work=sum(count_of(p, "work") for p in plans),
        seed=seed,
        time_capped=any(p.metrics.get("time_capped") for p in plans),
    )
    return Plan(merged, notes, metrics)


def by_place(members: Sequence[Member]) -> list[list[Member]]:
    """Members by office (alphabetical), then the remote ones. Someone alone in an office joins
    the remote people; if those are still too few to meet, everyone left over joins the largest office."""
    offices: dict[str, list[Member]] = {}
    for member in members:
        offices.setdefault(place_of(member.location), []).append(member)
    remote = offices.pop(REMOTE, [])
    for name in [n for n, people in offices.items() if len(people) < 2]:
        remote.extend(offices.pop(name))
    places = [offices[name] for name in sorted(offices)]
    if len(remote) == 1 and places:
        max(places, key=len).extend(remote)  # one person cannot meet alone: the soft office costs decide
    elif remote:
        places.append(remote)
    return places or [list(members)]


def _left(started: float, time_limit: float) -> float:
    """What is left of the safety cap (never quite nothing: plan_rounds wants a positive cap)."""
    return max(started + time_limit - time.monotonic(), 1e-3)


def _scaled(progress: Callable[[float], None] | None, offset: float, share: float) -> Callable[[float], None] | None:
    if progress is None:
        return None
    return lambda fraction: progress(offset + fraction * share)
