"""Stored base rounds of nearly Kirkman triple systems beyond those of ``bases_triples``: the
layout of the ``nearly-kirkman`` entries (Z_m, two levels, two fixed golfers, see ``bases``),
found by the project's tabu search on keys (``keys.KeyTabu``) run longer; docs/golf.md gives
the seeds."""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound

_B = BaseRound

# (golfers, group size): (family, base round)
NEARLY_KIRKMAN: dict[tuple[int, int], tuple[str, BaseRound]] = {
    (132, 3): (
        "nearly-kirkman",
        _B(
            "Z65",
            2,
            2,
            "0.70.125 1.35.128 2.7.13 3.19.55 4.29.107 5.40.84 6.23.113 8.72.130 9.42.103 10.79.116 11.64.83 "
            "12.51.58 14.18.89 15.43.100 16.25.99 17.68.85 20.38.111 21.44.126 22.60.71 24.39.69 26.81.124 "
            "27.74.119 28.65.105 30.78.110 31.34.66 32.52.54 33.114.131 36.57.123 37.47.61 41.77.80 45.53.76 "
            "46.67.96 48.49.101 50.104.115 56.90.102 59.118.122 62.120.129 63.87.106 73.91.112 75.109.117 "
            "82.97.98 86.92.127 88.93.95 94.108.121",
        ),
    ),
}
