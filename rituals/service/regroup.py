"""Re-forming planned groups: what the plan repair and the rotation edits share.

* `plan_history`: who met, or is planned to meet, whom: every held session (who really came)
  and every planned one, so a pair meeting on another planned date is never "a new pair";
* `pair_prices`: the price of two people sharing a group, as the rotation engine prices it
  (``rituals.core.rotation.costs``), for ``rituals.core.rotation.repair.repair_round``;
* `repair_groups`: one session's groups without the people leaving it, changed minimally, each
  remaining group kept at its number (an invite is named by its group's number);
* `explain`: why each group, counting every planned and held session; `reexplain`: the other
  planned sessions whose explanations an edit makes wrong.

numpy (the pair prices) and the explanations load only when a group is re-formed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING

from rituals.core.history import pair_history
from rituals.core.models import Person, Ritual, Session, normalise_email
from rituals.core.rotation.sizes import MAX_SIZE

if TYPE_CHECKING:
    from rituals.core.rotation.explain import GroupExplanation
    from rituals.core.rotation.repair import PairCost

History = dict[frozenset[str], list[date]]
Groups = tuple[tuple[str, ...], ...]


def plan_history(sessions: Iterable[Session], skip: Collection[str] = ()) -> History:
    """Pairs and the dates they met or are planned to meet, in groups of at most MAX_SIZE
    (sitting in the same all-hands is not meeting someone); the sessions whose ids are in
    ``skip`` (the one being re-formed) are left out."""
    kept = []
    for session in sessions:
        if session.id in skip or session.status == "cancelled":
            continue
        small = tuple(g for g in session.groups if len(g) <= MAX_SIZE)
        if session.status == "planned":  # counted as if held by everyone planned
            session = dataclasses.replace(session, status="held", attended=(), absent=())
        kept.append(dataclasses.replace(session, groups=small))
    return pair_history(kept)


def pair_prices(
    ritual: Ritual, people: Mapping[str, Person], emails: Iterable[str], history: History, day: date
) -> PairCost:
    """The price of two of ``emails`` sharing a group of ``ritual`` on ``day``: None for an
    excluded pair, or for two offices of an in-person ritual; otherwise the engine's pair cost
    (repeats of ``history``, teams, places) in units of one same-team pair, the unit of
    ``repair_round``'s own prices."""
    from rituals.core.rotation.costs import REMOTE, TEAM, build_costs, place_of  # numpy: only to re-form groups

    ids = sorted(set(emails))
    index = {e: i for i, e in enumerate(ids)}
    known = [people.get(e) for e in ids]
    places = [place_of(p.location) if p else REMOTE for p in known]
    excluded = [(p.email, normalise_email(other)) for p in known if p for other in p.excluded]
    model = build_costs(
        ids,
        [p.team.strip() if p else "" for p in known],
        places,
        mix=ritual.grouping.mix,
        fmt=ritual.format,
        history=history,
        today=day,
        excluded=excluded,
        odd_counts={},
    )
    # a remote person may join an office's lunch (the video group); two offices never share one
    in_person = ritual.format == "in-person"

    def cost(a: str, b: str) -> float | None:
        i, j = index[a], index[b]
        if model.excluded[i, j]:
            return None
        if in_person and model.split_place[i, j] and REMOTE not in (places[i], places[j]):
            return None
        return float(model.pair[i, j]) / TEAM

    return cost


@dataclasses.dataclass(frozen=True)
class Regrouped:
    """A session's groups after people left: ``unplaced`` could join no group (nobody they
    may meet, or nobody left) and are in none."""

    groups: Groups
    unplaced: tuple[str, ...] = ()


def repair_groups(
    groups: Sequence[Sequence[str]],
    leaving: Collection[str],
    ritual: Ritual,
    people: Mapping[str, Person],
    history: History,
    day: date,
    *,
    alone_join: bool = False,
) -> Regrouped:
    """``groups`` without ``leaving``, changed minimally (see ``repair_round``). With
    ``alone_join``, people already alone in a group (a plan an older version left) are placed
    too. Each group keeps its number; a group that is gone leaves its number to a new group or
    to the last group, so that at most one other group is renumbered per group gone."""
    from rituals.core.rotation.repair import repair_round  # numpy: only to re-form groups

    gone = set(leaving)
    alone = [g[0] for g in groups if len(g) == 1 and g[0] not in gone] if alone_join else []
    cores = [g for g in groups if not (alone_join and len(g) == 1)]
    everyone = {e for g in groups for e in g} - gone
    size = ritual.grouping.size or max((len(g) for g in groups), default=2)
    cost = pair_prices(ritual, people, everyone, history, day)
    result = repair_round(cores, gone, alone, size=size, cost=cost)
    return Regrouped(keep_places(groups, result.groups), result.unplaced)


def keep_places(before: Sequence[Sequence[str]], after: Sequence[Sequence[str]]) -> Groups:
    """``after`` ordered so that each group keeps the number of the group it grew from (the same
    group, or the one that gave it two people or more); new groups take the numbers of groups
    that are gone, then the last groups move down into any number still free."""
    placed: dict[int, tuple[str, ...]] = {}
    fresh: list[tuple[str, ...]] = []
    for group in after:
        members = set(group)
        origin = next(
            (
                i
                for i, old in enumerate(before)
                if i not in placed and (members == set(old) or len(members & set(old)) >= 2)
            ),
            None,
        )
        if origin is None:
            fresh.append(tuple(group))
        else:
            placed[origin] = tuple(group)
    free = [i for i in range(len(before)) if i not in placed]
    for group in fresh:
        placed[free.pop(0) if free else max(placed, default=-1) + 1] = group
    while placed and len(placed) <= max(placed):  # a number below the last is free
        hole = min(i for i in range(max(placed)) if i not in placed)
        placed[hole] = placed.pop(max(placed))
    return tuple(placed[i] for i in sorted(placed))


def explain(
    groups: Sequence[Sequence[str]], ritual: Ritual, people: Mapping[str, Person], history: History
) -> list[GroupExplanation]:
    """Why each group of one round: new pairs, teams, places, and the repeats of ``history``."""
    from rituals.core.rotation.explain import explain_round  # the engine's explanations
    from rituals.core.rotation.plan import Member

    emails = sorted({e for g in groups for e in g})
    members = [Member(e, people[e].team, people[e].location) if e in people else Member(e) for e in emails]
    return explain_round([[tuple(g) for g in groups]], 0, members, history, ritual.format)


def pairs_of(groups: Iterable[Sequence[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(set(g), 2)}


def reexplain(
    sessions: Sequence[Session],
    touched: set[frozenset[str]],
    rituals: Mapping[str, Ritual],
    people: Mapping[str, Person],
    lang: str = "en",
    *,
    fill: Collection[str] = (),
) -> dict[str, Session]:
    """The planned sessions among ``sessions`` (the plan as it will be) whose explanations must
    be written again: each group holding a pair of ``touched`` (pairs whose meetings changed),
    and each group without one in the sessions named in ``fill``. Returns only the sessions
    whose text changes, by id."""
    names = {e: p.name or e for e, p in people.items()}
    out: dict[str, Session] = {}
    for session in sessions:
        ritual = rituals.get(session.ritual_id)
        if session.status != "planned" or ritual is None or not session.groups:
            continue
        lines = (
            list(session.explanations)
            if len(session.explanations) == len(session.groups)
            else [""] * len(session.groups)
        )
        redo = [
            i for i, g in enumerate(session.groups) if pairs_of([g]) & touched or not lines[i] and session.id in fill
        ]
        if not redo:
            continue
        notes = explain(session.groups, ritual, people, plan_history(sessions, skip={session.id}))
        for i in redo:
            lines[i] = notes[i].text(names, lang)
        if tuple(lines) != session.explanations:
            out[session.id] = dataclasses.replace(session, explanations=tuple(lines))
    return out
