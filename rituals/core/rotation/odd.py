"""Who sits in the odd-size groups (a trio among pairs, a five among fours): the charge that makes
those seats turn, history included.

A plan of R rounds has S odd seats. Given each person's past odd seats (``odd_base``), the
fairest plan fills them like water: everyone up to a level L (or as far as R seats a person
allow), the few seats left at L + 1, nobody past that; whoever sat in more of them already gets
none. L is the highest level whose room (each person's seats up to it, at most R) does not
exceed S. The charge follows that picture, for the seat that takes a person to f seats in all:

* ``ODD`` * f, a little more for each seat already had (ties go to whoever had fewest);
* ``ODD_FAIR`` once f passes L: the seats at L + 1 that the water level leaves over cost it
  whatever the plan, any other one means someone else stayed below L;
* ``ODD_OVER`` more for a seat past L + 1: nobody gets two seats more than another could.

When everyone sat in as many odd groups before (a fresh roster), there is nothing to fill up to:
no ``ODD_FAIR``, and ``ODD_OVER`` past one seat more than the share (rounded up), so that a
repeat-free design keeps its odd groups as they turn (docs/rotation.md).

Each seat costs at least as much as the one before (a convex charge), so the cheapest seats,
one person at a time, add up to a charge no plan goes below (``odd_floor``): the search's floor.
With a full history the pair costs are hundreds to thousands; ``ODD_FAIR`` weighs as much as the
dearest history of a cross-team pair, so the odd seats go to the people below the level unless
that seats teammates or repeats a pair within the plan (docs/rotation.md gives the spread).
"""

from __future__ import annotations

import numpy as np

from rituals.core.rotation.costs import ODD, ODD_FAIR, ODD_OVER

NO_LEVEL = 1 << 30  # no seat passes it


def odd_tiers(base: np.ndarray, seats: int, rounds: int) -> tuple[int, int]:
    """(fair, cap): a seat past ``fair`` costs ``ODD_FAIR``, each past ``cap`` ``ODD_OVER`` more.
    With uneven past seats, fair is the water level L and cap L + 1. With even ones (a fresh
    roster) there is no level to fill up to: no ``ODD_FAIR``, and cap is one past the share
    (rounded up), which leaves a repeat-free design its odd groups as they turn."""
    n = len(base)
    if n and base.max() > base.min():
        level = fair_level(base, seats, rounds)
        return level, level + 1
    return NO_LEVEL, -(-int(base.sum() + seats) // max(n, 1)) + 1


def fair_level(base: np.ndarray, seats: int, rounds: int) -> int:
    """The water level L: the highest level whose room, ``sum(min(rounds, max(0, L - base)))``,
    is at most ``seats`` (see the module docstring)."""
    if seats <= 0 or len(base) == 0:
        return int(base.min()) if len(base) else 0
    level = int(base.min())
    top = int(base.max()) + rounds
    while level < top and _room(base, level + 1, rounds) <= seats:
        level += 1
    return level


def _room(base: np.ndarray, level: int, rounds: int) -> int:
    return int(np.minimum(rounds, np.maximum(0, level - base)).sum())


def greedy_charge(total: np.ndarray, fair: int, cap: int) -> np.ndarray:
    """What the greedy first plan (``rotation_greedy``) charges for seating a person at ``total``
    odd seats: the seat's charge when there is a level to fill up to, else ``ODD`` * total, as
    it always did on fresh rosters (their first plans stay as they were)."""
    return seat_charge(total, fair, cap) if fair != NO_LEVEL else ODD * total


def seat_charge(total: np.ndarray | float, fair: int, cap: int) -> np.ndarray:
    """What the seat that brings a person to ``total`` odd seats (history included) costs."""
    f = np.asarray(total, dtype=np.float64)
    return ODD * f + ODD_FAIR * (f > fair) + ODD_OVER * (f > cap)


def odd_total(base: np.ndarray, new: np.ndarray, fair: int, cap: int) -> float:
    """The charge for ``new`` odd seats each on top of ``base`` (the sum of their seat charges)."""
    k, f = new, base + new
    linear = ODD * (k * base + k * (k + 1) / 2)
    past_fair = ODD_FAIR * (f - np.maximum(fair, base)).clip(min=0)
    past_cap = ODD_OVER * (f - np.maximum(cap, base)).clip(min=0)
    return float((linear + past_fair + past_cap).sum())


def odd_floor(base: np.ndarray, seats: int, rounds: int, fair: int, cap: int) -> float:
    """The least charge any plan pays for ``seats`` odd seats over ``rounds`` rounds: the
    cheapest seats, each person's taken in order (the charge is convex, so that is exact)."""
    if seats <= 0:
        return 0.0
    marginal = seat_charge(base[:, None] + np.arange(1, rounds + 1)[None, :], fair, cap).ravel()
    if seats >= marginal.size:
        return float(marginal.sum())
    return float(np.partition(marginal, seats - 1)[:seats].sum())
