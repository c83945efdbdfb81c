"""Stored base rounds of the larger 4-RGDDs (see ``bases``), found by ``rgdd.find_rgdd``.

Each is a whole base round over Z_m, three levels, and the fixed points: three for type 3^u
(v = 0 mod 12), two for type 2^u (v = 8 mod 12). docs/golf.md lists the call that found each.
"""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound

_B = BaseRound

# (golfers, group size): (family, base round)
RGDD: dict[tuple[int, int], tuple[str, BaseRound]] = {
    (44, 4): (
        "resolvable-gdd",
        _B(
            "Z14",
            3,
            2,
            "0.14.28.42 1.22.31.33 2.10.11.35 3.13.23.30 4.19.27.39 5.17.41.43 6.8.24.25 7.15.18.20 9.12.32.38 "
            "16.26.29.34 21.36.37.40",
        ),
    ),
}
