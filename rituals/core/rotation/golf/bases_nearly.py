"""Stored base rounds of nearly Kirkman triple systems beyond those of ``bases_triples``: the
layout of the ``nearly-kirkman`` entries (Z_m, two levels, two fixed golfers, see ``bases``).
NKTS(132) came from the project's tabu search on keys (``keys.KeyTabu``) run longer; NKTS(144)
from ``find_base_round(..., rotate=True)``: a base round that swapping the levels (and the two
fixed golfers) leaves in place, which halves the search (m odd, so no difference but 0 across
the levels is its own image, and that one is the pairs that never meet). docs/golf.md gives
the calls."""

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
    (144, 3): (
        "nearly-kirkman",
        _B(
            "Z71",
            2,
            2,
            "0.60.121 1.46.97 2.25.104 3.65.102 4.53.107 5.94.135 6.78.92 7.21.77 8.40.98 9.37.82 10.28.29 "
            "11.80.108 12.19.119 13.63.125 14.38.41 15.17.57 16.114.143 18.52.137 20.30.95 22.35.68 23.64.76 "
            "24.91.101 26.72.117 27.79.111 31.74.136 32.67.141 33.73.96 34.42.129 36.75.124 39.55.59 "
            "43.87.142 44.49.61 45.51.127 47.62.140 48.83.90 50.71.131 54.84.134 56.116.122 58.105.113 "
            "66.89.123 69.118.133 70.103.138 81.99.100 85.109.112 86.88.128 93.106.139 110.126.130 "
            "115.120.132",
        ),
    ),
}
