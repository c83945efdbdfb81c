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
* ``ODD_OVER`` more for each seat past L + 1: nobody gets two seats more than another could.

Each seat costs at least as much as the one before (a convex charge), so the cheapest seats,
one person at a time, add up to the least any plan pays (``odd_floor``): the search's floor.
With a full history the pair costs are thousands; ``ODD_FAIR`` weighs as much as a repeat
within the plan, so the odd seats go to the people below the level unless that costs more than
a repeat (docs/rotation.md gives the spread it reaches).
"""

from __future__ import annotations

import numpy as np

from rituals.core.rotation.costs import ODD, ODD_FAIR, ODD_OVER


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


def seat_charge(total: np.ndarray | float, level: int) -> np.ndarray:
    """What the seat that brings a person to ``total`` odd seats (history included) costs."""
    f = np.asarray(total, dtype=np.float64)
    return ODD * f + ODD_FAIR * (f > level) + ODD_OVER * np.maximum(f - level - 1, 0)


def odd_total(base: np.ndarray, new: np.ndarray, level: int) -> float:
    """The charge for ``new`` odd seats each on top of ``base`` (the sum of their seat charges)."""
    k, f = new, base + new
    linear = ODD * (k * base + k * (k + 1) / 2)
    fair = ODD_FAIR * (f - np.maximum(level, base)).clip(min=0)
    # seat j costs ODD_OVER * (base + j - level - 1) when positive: a triangle past level + 1
    start = np.maximum(base, level + 1)
    over = (f - start).clip(min=0)
    past = start - level - 1  # what the first seat past ``start`` already stands on
    over_cost = ODD_OVER * (over * past + over * (over + 1) / 2)
    return float((linear + fair + over_cost).sum())


def odd_floor(base: np.ndarray, seats: int, rounds: int, level: int) -> float:
    """The least charge any plan pays for ``seats`` odd seats over ``rounds`` rounds: the
    cheapest seats, each person's taken in order (the charge is convex, so that is exact)."""
    if seats <= 0:
        return 0.0
    marginal = seat_charge(base[:, None] + np.arange(1, rounds + 1)[None, :], level).ravel()
    if seats >= marginal.size:
        return float(marginal.sum())
    return float(np.partition(marginal, seats - 1)[:seats].sum())
