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
RGDD4: dict[int, BaseRound] = {
    116: _B(
        "Z38",
        3,
        2,
        "0.3.15.105 1.9.10.40 2.20.54.57 4.100.102.103 5.75.81.91 6.28.48.71 7.11.60.92 8.18.41.65 12.23.68.85 "
        "13.38.59.67 14.62.77.83 16.30.37.66 17.43.111.114 19.24.98.106 21.34.80.104 22.87.99.110 25.46.47.96 "
        "26.61.94.101 27.51.55.93 29.35.73.107 31.33.84.88 32.72.86.115 36.39.49.78 42.44.79.108 45.63.70.90 "
        "50.56.97.113 52.64.95.112 53.76.89.109 58.69.74.82",
    ),
    120: _B(
        "Z39",
        3,
        3,
        "0.12.14.17 1.59.68.75 2.57.89.97 3.47.93.112 4.25.104.108 5.6.16.102 7.48.61.110 8.54.73.81 "
        "9.22.71.85 10.74.116.118 11.19.41.96 13.37.70.106 15.34.42.86 18.50.58.80 20.29.36.79 "
        "21.27.72.101 23.60.66.111 24.44.45.55 26.30.43.64 28.52.76.109 31.67.91.115 32.46.87.100 "
        "33.62.99.105 35.77.88.117 38.49.113.119 39.51.53.56 40.98.107.114 63.83.84.94 65.69.82.103 "
        "78.90.92.95",
    ),
}


def scarce_rounds(golfers: int) -> tuple[list[Round], str] | None:
    """The stored 4-RGDD on ``golfers`` developed into its rounds, or None."""
    base = RGDD4.get(golfers)
    return (develop(base), "resolvable-gdd") if base else None
