"""The price of putting two people in one group, as one dense N x N matrix.

A pairing is worth its weak tie. For a cross-team ritual, from the best to the worst pairing:

1. two people of different teams who never met: a new weak tie, free;
2. two people of different teams who met long ago: the tie is worth renewing;
3. two people of different teams who met recently (and, a little more, often);
4. two teammates, whether they met or not: they know each other already, and sharing a group
   does nothing for silos or weak ties. A same-team pair (``TEAM``) costs more than any
   history of a cross-team pair (``HISTORY`` for a meeting today plus ``FREQUENT`` for each
   earlier one, up to ``FREQUENT_CAP``), so that when history is full and repeats are certain,
   the plan still mixes teams, and the repeats it makes are across teams and the least recent.

A pair that met before the plan and meets again within it is met as recently as can be
(``REPEAT_MET``): still worth more than a same-team pair. When history is full
(``history_is_full``: every plan repeats pairs of the history), a same-team pair costs
``TEAM_FULL``, twice ``TEAM``. Above the weak ties, in this order: never break an exclusion,
keep an in-person group in one office, share the odd-size seats fairly (``odd.py``:
``ODD_FAIR`` past the fair level, ``ODD_OVER`` past one more; ``ODD`` a seat), never make a
pair that was new meet twice within the plan (``REPEAT``: the plan would repeat itself, and its
first rounds are read as clean, see docs/rotation.md); below them, keep hybrid groups in one
place. For a within-team ritual, a pair of two teams costs ``WITHIN_TEAM`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

EXCLUDED = 1e9  # a hard constraint; any plan that still pays it is rejected
OFFICE_SPLIT = 240_000.0  # in-person: people in different places cannot share a lunch
# A pair new before the plan meeting again within it, per extra meeting (c meetings cost
# REPEAT * c * (c - 1) / 2): the plan repeating itself, which spoils its clean rounds. It costs
# more than a same-team pair, so a fresh roster stays repeat-free before it mixes teams, but not
# by so much that the search stops trading pairs (at 80,000 it left more teammates together
# when history is full: docs/rotation.md). A pair that met before the plan is a repeat whenever
# it meets; meeting again within the plan only makes it recent: REPEAT_MET, a meeting today.
REPEAT = 3_000.0
HISTORY = 1_000.0  # a cross-team pair whose last meeting was today; older ones decay towards
HISTORY_FLOOR = 0.4  # this share of it, with this half-life
HISTORY_HALF_LIFE_DAYS = 180.0
FREQUENT = 50.0  # each meeting before the last one adds this much, up to FREQUENT_CAP of them
FREQUENT_CAP = 6
REPEAT_MET = HISTORY
# A same-team pair costs more than a cross-team pair that met today, often, and meets again in
# the plan: the least weak tie of all, whatever the history.
TEAM = HISTORY + FREQUENT * FREQUENT_CAP + REPEAT_MET + 100.0
# When history is full (``history_is_full``: every plan repeats pairs of the history), a swap
# that parts two teammates moves four to eight repeats around them: at TEAM the search kept 0
# to 3 pairs of teammates among 61 people in fours where team sizes force none; at twice TEAM,
# 0 or 1 (docs/rotation.md). Past the counting bound and on fresh rosters it stays TEAM.
TEAM_FULL = 2 * TEAM
WITHIN_TEAM = 30.0  # within-team mix: a pair of two teams (below any history: repeats first)
PLACE_SOFT = 10.0  # hybrid: a group in one place is nicer, not required
ODD = 5.0  # per past odd-size group of the person, for each new one
# The odd seats fill like water, history included (odd.py): a seat past the fair level L costs
# ODD_FAIR (the seats at L + 1 that the level leaves over pay it whatever the plan; any other
# means someone stayed below L): as much as the dearest history of a cross-team pair, so that
# fairness wins over renewing a tie but not over seating teammates or a repeat within the plan
# (at 3,000 it did: 23 people in fours kept 54 pairs of teammates instead of 50). A seat past
# L + 1 costs ten same-team pairs more: "who gets the odd size rotates fairly" is a stated
# behaviour, so it wins over mixing (an even design with one extra golfer seats that person in
# the odd group every round: 37 people in fours, 12 same-team pairs but one person odd 8 times
# out of a share of 2) and over a repeat within the plan.
ODD_FAIR = HISTORY + FREQUENT * FREQUENT_CAP
ODD_OVER = 10 * TEAM

REMOTE = "remote"
MIXES = ("cross-team", "within-team", "random")
FORMATS = ("in-person", "remote", "hybrid")


def place_of(location: str) -> str:
    """Offices compare loosely; no location means remote."""
    place = " ".join(location.split()).lower()
    return place or REMOTE


def history_is_full(met: np.ndarray, sizes: Sequence[int], rounds: int) -> bool:
    """The history, not the roster's size, forces repeats: ``rounds`` rounds of groups of
    ``sizes`` hold no more pairs than the roster has, but more than never met (``met``: bool
    N x N). Past the counting bound the plan repeats itself whatever the history, and a pair
    new before the plan meeting twice stays dearer than teammates (a fresh roster's trade)."""
    n = met.shape[0]
    pairs = n * (n - 1) // 2
    never = pairs - int(np.triu(met, 1).sum())
    return never < rounds * sum(s * (s - 1) // 2 for s in sizes) <= pairs


def history_cost(dates: Sequence[date], today: date) -> float:
    """What a pair's past meetings cost: by how recent the last one is (full today, decaying to
    a floor), plus a little for each earlier one (a frequent pair is a stronger tie), bounded
    well below ``TEAM`` so that a cross-team pair, however often it met, beats a same-team pair."""
    if not dates:
        return 0.0
    age = max((today - max(dates)).days, 0)
    recency = HISTORY_FLOOR + (1 - HISTORY_FLOOR) * 0.5 ** (age / HISTORY_HALF_LIFE_DAYS)
    return HISTORY * recency + FREQUENT * min(len(dates) - 1, FREQUENT_CAP)


@dataclass
class CostModel:
    """Pair costs ``pair`` (float32, zero diagonal), the charge for each extra meeting of a pair
    within the plan ``repeat`` (float32, zero diagonal) and per-person odd-group counts ``odd_base``."""

    pair: np.ndarray
    repeat: np.ndarray
    odd_base: np.ndarray
    history_pairs: np.ndarray  # bool: the pair met before the plan
    same_team: np.ndarray  # bool: both have the same non-empty team
    split_place: np.ndarray  # bool: different places (meaningful for in-person rituals)
    excluded: np.ndarray  # bool


def build_costs(
    ids: Sequence[str],
    teams: Sequence[str],
    places: Sequence[str],
    *,
    mix: str,
    fmt: str,
    history: Mapping[frozenset[str], Sequence[date]],
    today: date,
    excluded: Iterable[tuple[str, str]],
    odd_counts: Mapping[str, int],
    wishes: Mapping[tuple[str, str], float] | None = None,
) -> CostModel:
    n = len(ids)
    index = {pid: i for i, pid in enumerate(ids)}
    team_codes = _codes(teams)
    has_team = np.array([bool(t) for t in teams])
    same = (team_codes[:, None] == team_codes[None, :]) & has_team[:, None] & has_team[None, :]
    both_teamed = has_team[:, None] & has_team[None, :]
    place_codes = _codes(places)
    split = place_codes[:, None] != place_codes[None, :]

    pair = np.zeros((n, n), dtype=np.float32)
    if mix == "cross-team":
        pair += TEAM * same
    elif mix == "within-team":
        pair += WITHIN_TEAM * (both_teamed & ~same)
    if fmt == "in-person":
        pair += OFFICE_SPLIT * split
    elif fmt == "hybrid":
        pair += PLACE_SOFT * split

    met = np.zeros((n, n), dtype=bool)
    for key, dates in history.items():
        found = [index[p] for p in key if p in index]
        if len(found) != 2 or not dates:
            continue
        a, b = found
        weight = history_cost(dates, today)
        pair[a, b] += weight
        pair[b, a] += weight
        met[a, b] = met[b, a] = True

    banned = np.zeros((n, n), dtype=bool)
    for a_id, b_id in excluded:
        if a_id not in index or b_id not in index or a_id == b_id:
            continue
        a, b = index[a_id], index[b_id]
        banned[a, b] = banned[b, a] = True
    pair += EXCLUDED * banned
    if wishes:
        pair += wish_costs(ids, index, wishes)
    np.fill_diagonal(pair, 0.0)
    odd_base = np.array([max(int(odd_counts.get(pid, 0)), 0) for pid in ids], dtype=np.float64)
    repeat = np.where(met, np.float32(REPEAT_MET), np.float32(REPEAT))
    np.fill_diagonal(repeat, 0.0)
    return CostModel(pair, repeat, odd_base, met, same, split, banned)


def wish_costs(ids: Sequence[str], index: Mapping[str, int], wishes: Mapping[tuple[str, str], float]) -> np.ndarray:
    """What missing a wish costs: ``wishes`` maps ``(a, b)`` to what meeting b is worth to a (an
    onboarding trail: a newcomer and someone of a team they have not met). Whoever wishes pays,
    with each partner, their largest wish less what that partner is worth to them: a wished
    partner costs nothing, any other costs the wish. Prices stay at zero or above, so the
    search's floor and its "nothing costs anything" stop still hold."""
    n = len(ids)
    value = np.zeros((n, n), dtype=np.float32)  # value[a, b]: what b is worth to a
    for (who, whom), worth in wishes.items():
        a, b = index.get(who), index.get(whom)
        if a is not None and b is not None and a != b and worth > 0:
            value[a, b] = max(value[a, b], worth)
    wishing = np.any(value, axis=1)  # the method's stub says a row test may give one bool
    extra = np.where(wishing[:, None], value.max(axis=1)[:, None] - value, 0.0)  # each wisher's shortfall
    return (extra + extra.T).astype(np.float32)


def _codes(values: Sequence[str]) -> np.ndarray:
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)
