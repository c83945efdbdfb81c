"""What a plan is asked for, once checked: the people (as indices of ``ids``), the group sizes,
the rounds and what weighs on the groups. ``plan_rounds`` makes one and hands it to the dense
search (``plan``) or the large-roster one (``large``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from rituals.core.rotation.work import Work


@dataclass(frozen=True)
class Ask:
    ids: list[str]
    teams: list[str]  # each person's team, stripped
    places: list[str]  # each person's place (``costs.place_of``)
    sizes: list[int]  # the groups of each round
    odd: np.ndarray  # which groups are not of the target size
    rounds: int
    size: int  # the target size
    mix: str
    fmt: str
    history: Mapping[frozenset[str], Sequence[date]]
    today: date
    excluded: list[tuple[str, str]]
    odd_counts: Mapping[str, int]
    seed: int
    work: Work
    deadline: float  # the safety cap, from time.monotonic()
