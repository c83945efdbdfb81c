"""Stored 1-rotational resolvable (v, 5, 1) designs (``fives_direct``), found by
``fives_direct_search.find_direct`` (with alpha) and ``fives_lift_search.find_lifted`` (without);
docs/golf.md lists the call that found each.

Each entry is the group Z_a x Z_b x Z_c, the unit u of alpha on Z_c (0: no alpha), and one
block of each alpha-orbit (elements ``(x * b + y) * c + z``); with alpha and c > 1 the first
block is the one alpha leaves in place.
"""

from __future__ import annotations

from rituals.core.rotation.golf.fives_direct import DirectFives, direct_rounds

Round = list[list[int]]

# golfers: design
DIRECT_FIVES: dict[int, DirectFives] = {
    65: DirectFives(8, 8, 1, 1, "1.6.45.23.61"),
    85: DirectFives(1, 4, 21, 0, "1.33.51.76.14 2.40.80.28.79 3.6.26.62.74 4.10.39.8.15"),
    105: DirectFives(1, 8, 13, 0, "1.21.18.59.46 2.69.91.58.49 3.93.102.19.42 4.48.36.5.12 8.35.77.37.14"),
    145: DirectFives(4, 4, 9, 4, "3.6.99.63.54 1.20.120.134.112 10.53.127.51.140"),
}


def direct_fives(golfers: int) -> tuple[list[Round], str] | None:
    """The (golfers - 1) / 4 rounds of the stored design on ``golfers``, or None."""
    design = DIRECT_FIVES.get(golfers)
    return (direct_rounds(design), "rotational-fives") if design else None
