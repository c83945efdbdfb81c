"""Stored base rounds found by the project's rotational search, for shapes no design reaches.

Miller, Valkov and Abel (Symmetry 18 (2026) 269, appendix B) give 14-7-9, 14-8-8, 14-9-7 and
15-9-7 from starter blocks of their own; no resolvable design or transversal design gives that
many rounds. Ours are one base round over Z_w for w rounds: golfer ``level * w + x`` is x in Z_w
on one of the levels, the golfers after the levels are fixed, and the round shifted by t = 0 ..
w - 1 gives the w rounds (``develop``). They were found by ``keys.KeyTabu`` on the layout with
m = w (``rotational.fitting_layouts``); the search takes thousands of moves for these, so they
are stored and come at once. docs/golf.md gives the calls. The tests develop each and check it
with their own checker.
"""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound, develop

Round = list[list[int]]
_B = BaseRound

# (golfers, group size): base round
ROTATIONAL: dict[tuple[int, int], BaseRound] = {
    (98, 7): _B(
        "Z9",
        10,
        8,
        (
            "0.11.43.60.64.85.91 1.22.30.35.59.82.88 2.26.32.42.49.72.96 3.21.40.68.80.83.94 4.20.48.56.63.76.93 "
            "5.15.31.47.61.66.92 6.10.34.41.52.89.90 7.12.29.37.57.74.97 8.25.54.65.79.81.95 9.19.23.45.67.86.87 "
            "13.16.17.24.51.55.73 14.18.27.28.69.75.78 33.36.39.44.58.70.77 38.46.50.53.62.71.84"
        ),
    ),
    (112, 8): _B(
        "Z8",
        13,
        8,
        (
            "0.36.50.56.61.63.94.101 1.10.35.58.65.76.97.107 2.15.18.28.62.67.84.106 3.14.44.75.81.93.102.104 "
            "4.6.7.19.41.53.87.95 5.16.29.30.49.64.66.89 8.26.39.40.55.80.99.109 9.31.38.42.60.71.92.111 "
            "11.23.37.54.79.82.96.110 12.17.22.32.34.68.77.86 13.21.24.47.59.83.103.108 20.27.33.43.52.73.90.105 "
            "25.46.48.57.72.78.85.91 45.51.69.70.74.88.98.100"
        ),
    ),
    (126, 9): _B(
        "Z7",
        18,
        0,
        (
            "0.6.31.39.51.56.58.79.88 1.5.22.23.82.101.107.112.117 2.9.20.29.32.43.73.85.99 "
            "3.42.45.53.64.66.89.116.120 4.13.35.44.93.96.102.114.124 7.14.21.25.47.61.62.111.119 "
            "8.10.27.34.40.41.65.68.78 11.12.49.57.72.74.83.104.125 15.19.24.50.52.67.81.91.97 "
            "16.17.36.77.87.90.100.110.123 18.60.69.76.86.95.98.115.118 26.38.46.70.71.84.94.106.108 "
            "28.30.59.63.92.103.105.121.122 33.37.48.54.55.75.80.109.113"
        ),
    ),
    (135, 9): _B(
        "Z7",
        19,
        2,
        (
            "0.26.55.70.71.78.81.104.129 1.7.50.51.92.109.120.125.127 2.15.16.20.27.97.105.117.124 "
            "3.25.29.44.48.65.75.113.119 4.35.46.47.77.86.89.106.111 5.10.37.38.49.74.99.103.114 "
            "6.14.33.53.59.66.73.101.134 8.40.63.67.80.100.108.122.123 9.11.24.32.57.107.110.118.126 "
            "12.43.62.68.72.91.94.102.128 13.28.30.54.82.83.90.93.132 17.23.45.61.64.79.95.116.133 "
            "18.31.39.41.42.60.87.130.131 19.34.52.69.84.85.98.112.115 21.22.36.56.58.76.88.96.121"
        ),
    ),
}


def rotational_base(groups: int, size: int) -> list[Round] | None:
    """The developed rounds of the base round stored for ``groups`` groups of ``size``, or None."""
    base = ROTATIONAL.get((groups * size, size))
    return develop(base) if base else None
