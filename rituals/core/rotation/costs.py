"""The price of putting two people in one group, as one dense N x N matrix.

The weights set the priorities: never break an exclusion, keep an in-person group in one office,
then avoid repeats (a recent meeting costs about as much as meeting twice in the planned series,
an old one less, each meeting adds up), then mix (or keep) teams, then keep hybrid groups in one
place. Odd-size groups are shared out by a per-person charge that grows with each odd group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

EXCLUDED = 1e6  # a hard constraint; any plan that still pays it is rejected
OFFICE_SPLIT = 3000.0  # in-person: people in different places cannot share a lunch
REPEAT = 1000.0  # a pair meeting again within the planned series, per extra meeting
HISTORY = 1000.0  # a pair that met today; older meetings decay towards HISTORY_FLOOR of it
HISTORY_FLOOR = 0.4
HISTORY_HALF_LIFE_DAYS = 180.0
TEAM = 30.0  # same-team pair (cross-team mix) or different-team pair (within-team mix)
PLACE_SOFT = 10.0  # hybrid: a group in one place is nicer, not required
ODD = 5.0  # per past odd-size group of the person, for each new one
# An odd seat beyond one more than the fair share (ceil of the mean, history included) costs
# ten same-team pairs: "who gets the odd size rotates fairly" is a stated behaviour, so it wins
# over mixing (an even design with one extra golfer seats that person in the odd group every
# round: 37 people in fours, 12 same-team pairs but one person odd 8 times out of a share of 2),
# but stays below a repeat, which comes first.
ODD_OVER = 300.0

REMOTE = "remote"
MIXES = ("cross-team", "within-team", "random")
FORMATS = ("in-person", "remote", "hybrid")


def place_of(location: str) -> str:
    """Offices compare loosely; no location means remote."""
    place = " ".join(location.split()).lower()
    return place or REMOTE


def meeting_weight(met: date, today: date) -> float:
    """What one past meeting costs: full when recent, decaying to a floor (frequency still counts)."""
    age = max((today - met).days, 0)
    return HISTORY * (HISTORY_FLOOR + (1 - HISTORY_FLOOR) * 0.5 ** (age / HISTORY_HALF_LIFE_DAYS))


@dataclass
class CostModel:
    """Pair costs ``pair`` (float32, zero diagonal) and per-person odd-group counts ``odd_base``."""

    pair: np.ndarray
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
        pair += TEAM * (both_teamed & ~same)
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
        weight = sum(meeting_weight(d, today) for d in dates)
        pair[a, b] += weight
        pair[b, a] += weight
        met[a, b] = met[b, a] = True

    banned = np.zeros((n, n), dtype=bool)
    for a_id, b_id in excluded:
        a, b = index.get(a_id), index.get(b_id)
        if a is None or b is None or a == b:
            continue
        banned[a, b] = banned[b, a] = True
    pair += EXCLUDED * banned
    if wishes:
        pair += wish_costs(ids, index, wishes)
    np.fill_diagonal(pair, 0.0)
    odd_base = np.array([max(int(odd_counts.get(pid, 0)), 0) for pid in ids], dtype=np.float64)
    return CostModel(pair, odd_base, met, same, split, banned)


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
    wishing = value.any(axis=1)
    extra = np.where(wishing[:, None], value.max(axis=1)[:, None] - value, 0.0)  # each wisher's shortfall
    return (extra + extra.T).astype(np.float32)


def _codes(values: Sequence[str]) -> np.ndarray:
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)
