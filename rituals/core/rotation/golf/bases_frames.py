"""Stored Kirkman frames (see ``frames``): base holey rounds over Z_n, found by ``frame_search``."""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound

_B = BaseRound

# golfers of the whole design: its frame's base holey rounds
FRAMES: dict[int, BaseRound] = {
    114: _B(
        "Z56",
        2,
        0,
        "1.62.80 2.39.83 3.79.106 4.16.55 5.51.85 6.24.57 8.31.44 9.104.110 10.41.68 11.45.93 12.66.97 13.43.109 "
        "15.18.75 17.26.76 19.71.74 20.73.82 22.30.46 23.50.59 25.94.96 27.58.95 29.61.107 32.36.47 33.34.108 "
        "37.67.101 38.40.81 48.54.65 52.89.90 53.69.99 60.72.111 64.87.100 78.86.102 88.92.103",
    ),
    33: _B("Z15", 2, 0, "1.17.19 2.3.14 4.11.28 6.8.27 7.13.21 9.16.22 12.23.24 18.26.29"),
}
