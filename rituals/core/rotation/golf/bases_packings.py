"""Stored resolvable packings: schedules that no design gives, from a base round and a fixed round.

A Social Golfer schedule need not be a design: a golfer of 14-5-14 meets 56 of the 69 others,
and which 13 they never meet is free. The best-known figure, 14, follows from a resolvable
transversal design RTD(5, 14), whose 13 are the golfer's level; that needs 4 MOLS of order 14
(Todorov 2012), which are not built here. With the 13 left free, the layout below has a
solution.

Golfer ``level * m + x`` is x in Z_m on one of the levels; the golfers after the levels are
fixed. The first base round develops over Z_m into m rounds (``develop``); the second is a
round every translation leaves in place: the m translates of one group holding a golfer of each
level, and the fixed golfers together. No pair meets twice exactly when each difference key
(``rotational``: within a level x - y up to sign, across levels y - x, a fixed golfer and a
level) is met at most once over both, and the fixed golfers meet only in the second.

* 14-5-14: Z_13 x 5 levels + 5 fixed, 13 + 1 rounds. The keys: 30 within levels, 130 across
  them, 25 for the fixed golfers; the rounds use 150 of the 185.

The base rounds were found by a constraint-programming search over this layout (one Boolean a
golfer and group, each key used at most once, groups ordered by their first golfer, the
transversal group's first golfer at 0): about a minute. docs/golf.md gives the model. The
tests develop each and check it with their own checker.
"""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound, develop

Round = list[list[int]]
_B = BaseRound

# (golfers, group size): the base round, then the fixed round after "/"
PACKINGS: dict[tuple[int, int], BaseRound] = {
    (70, 5): _B(
        "Z13",
        5,
        5,
        (
            "0.19.46.57.66 1.17.32.52.67 2.28.35.36.64 3.16.27.59.61 4.8.15.44.56 5.7.34.37.39 "
            "6.11.20.21.23 9.14.40.48.51 10.38.45.63.65 12.50.53.54.58 13.22.29.41.55 18.26.30.43.49 "
            "24.33.47.60.69 25.31.42.62.68 / "
            "0.21.38.41.60 1.22.26.42.61 2.23.27.43.62 3.24.28.44.63 4.25.29.45.64 5.13.30.46.52 "
            "6.14.31.47.53 7.15.32.48.54 8.16.33.49.55 9.17.34.50.56 10.18.35.51.57 11.19.36.39.58 "
            "12.20.37.40.59 65.66.67.68.69"
        ),
    ),
}


def packed_rounds(groups: int, size: int) -> list[Round] | None:
    """The rounds of the packing stored for ``groups`` groups of ``size``, or None."""
    base = PACKINGS.get((groups * size, size))
    return develop(base) if base else None
