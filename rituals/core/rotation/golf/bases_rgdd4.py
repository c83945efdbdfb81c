"""Stored base rounds of the 4-RGDDs found by ``rgdd4_search`` (the scarcest difference first).

Each is a whole base round over Z_m with three levels and the fixed points, as in
``bases_rgdd`` (three fixed points for type 3^u, v = 0 mod 12; two for type 2^u, v = 8 mod 12),
developed by ``develop``. docs/golf.md lists the call that found each.
"""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound, develop

Round = list[list[int]]
_B = BaseRound

# golfers: base round
RGDD4: dict[int, BaseRound] = {}


def scarce_rounds(golfers: int) -> tuple[list[Round], str] | None:
    """The stored 4-RGDD on ``golfers`` developed into its rounds, or None."""
    base = RGDD4.get(golfers)
    return (develop(base), "resolvable-gdd") if base else None
