"""The small ingredients of ``recursive``, found by ``recursive_search`` (seed 0, under a second).

Each is a base round (``develop``); the tests develop them and check them with a checker of
their own.

* ``FRAME_2_10``: a Kirkman frame of type 2^10 over Z_5 with four levels, groups {(0, x),
  (1, x)} and {(2, x), (3, x)}: two base holey rounds, missing the groups of (0, 0) and (2, 0);
  ``find_frame_2_10()``.
* ``RGDD_6_7``: a 3-RGDD of type 6^7 over Z_7 with six levels, groups {(l, x) : l}: two base
  rounds, then four rounds that every translation leaves in place, written out whole (``develop``
  keeps one copy of each); all of it left in place by (l, x) -> (pi(l), 2 x), pi = (0 1 2)(3 4 5);
  ``find_rgdd_6_7()``.
"""

from __future__ import annotations

from rituals.core.rotation.golf.develop import BaseRound

FRAME_2_10 = BaseRound(
    "Z5",
    4,
    0,
    "1.17.19 2.8.14 3.4.18 6.10.13 7.9.16 11.12.15 / 0.2.11 1.9.14 3.5.13 4.8.16 6.7.17 12.18.19",
)
RGDD_6_7 = BaseRound(
    "Z7",
    6,
    0,
    "0.6.18 1.7.12 2.35.41 3.25.40 4.22.38 5.10.20 8.27.30 9.14.17 11.21.26 13.24.29 15.28.31 "
    "16.33.39 19.34.37 23.32.36 / 0.3.29 1.9.18 2.4.40 5.28.30 6.23.26 7.13.37 8.11.24 10.35.39 "
    "12.31.32 14.19.25 15.16.34 17.36.41 20.21.22 27.33.38 / 0.16.26 1.17.27 2.18.21 3.19.22 "
    "4.20.23 5.14.24 6.15.25 7.32.41 8.33.35 9.34.36 10.28.37 11.29.38 12.30.39 13.31.40 / "
    "0.10.34 1.11.28 2.12.29 3.13.30 4.7.31 5.8.32 6.9.33 14.26.36 15.27.37 16.21.38 17.22.39 "
    "18.23.40 19.24.41 20.25.35 / 0.23.31 1.24.32 2.25.33 3.26.34 4.27.28 5.21.29 6.22.30 7.20.40 "
    "8.14.41 9.15.35 10.16.36 11.17.37 12.18.38 13.19.39 / 0.9.20 1.10.14 2.11.15 3.12.16 4.13.17 "
    "5.7.18 6.8.19 21.32.40 22.33.41 23.34.35 24.28.36 25.29.37 26.30.38 27.31.39",
)
