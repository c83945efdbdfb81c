"""Kirkman and nearly Kirkman triple systems from Kirkman frames, by filling in the holes.

A *Kirkman frame* of type g^u (Stinson 1987) is a set of g u points split into u groups of g,
with triples meeting every pair of points from different groups exactly once, arranged in
*holey rounds*: each misses exactly one group and partitions the other points, and each group
is missed by g / 2 of them. Adding a few new points and putting, on each group with the new
points, a small design of the right kind gives a whole design (Stinson's filling in holes,
Handbook of Combinatorial Designs, 2nd ed., II.7):

* KTS(g u + 3): the new points form a triple of a KTS(g + 3) on each group plus them. Its
  rounds other than the one holding that triple are g / 2 rounds of triples each with one
  new point: each completes one holey round that misses the group. The last round is the
  new points' triple with the rest of its round in every group's KTS(g + 3).
* NKTS(g u + 2): the two new points are a pair that never meets in an NKTS(g + 2) on each
  group plus them; its g / 2 rounds each complete one holey round missing the group.

The frames are stored as base holey rounds (``bases_frames``) developed over Z_n
(``develop``); the designs that fill the holes are the stored KTS(9), KTS(15), KTS(21),
NKTS(18) and NKTS(36). ``frame_search`` found the frames.
"""

from __future__ import annotations

from itertools import combinations

from rituals.core.rotation.golf.bases import stored_base
from rituals.core.rotation.golf.bases_frames import FRAMES
from rituals.core.rotation.golf.constructions import subspace_rounds
from rituals.core.rotation.golf.develop import develop

Round = list[list[int]]


def framed_rounds(golfers: int) -> tuple[list[Round], str] | None:
    """The stored frame's design on ``golfers`` in groups of 3 (KTS or NKTS), or None."""
    found = FRAMES.get(golfers)
    if found is None:
        return None
    holey = develop(found)
    extra = golfers - found.golfers
    fill = _small_design(len(_hole(holey[0], found.golfers)) + extra)
    if fill is None:
        return None
    return _fill(holey, found.golfers, extra, fill), "kirkman-frame"


def _small_design(golfers: int) -> list[Round] | None:
    found = stored_base(golfers, 3)
    if found:
        return develop(found[1])
    affine = subspace_rounds(golfers // 3, 3, golfers)
    return affine[0] if affine else None


def _hole(round_: Round, points: int) -> list[int]:
    covered = {x for triple in round_ for x in triple}
    return [x for x in range(points) if x not in covered]


def _fill(holey: list[Round], points: int, extra: int, fill: list[Round]) -> list[Round]:
    """Every holey round completed by a round of the small design on its hole and the
    ``extra`` new points (golfers ``points`` on), and for a KTS the round of the new points."""
    size = len(fill[0]) * 3
    new = _new_points(fill, extra)
    rest = [x for x in range(size) if x not in new]
    inner = [r for r in fill if not any(set(new) <= set(t) for t in r)] if extra == 3 else fill
    missed: dict[tuple[int, ...], int] = {}
    rounds: list[Round] = []
    last: Round = [list(range(points, points + extra))] if extra == 3 else []
    for round_ in holey:
        hole = tuple(_hole(round_, points))
        name = dict(zip(rest, hole)) | {x: points + i for i, x in enumerate(new)}
        k = missed.get(hole, 0)
        missed[hole] = k + 1
        rounds.append(sorted(round_ + [sorted(name[x] for x in t) for t in inner[k]]))
        if extra == 3 and k == 0:
            closing = next(r for r in fill if any(set(new) <= set(t) for t in r))
            last += [sorted(name[x] for x in t) for t in closing if not set(new) <= set(t)]
    return rounds + ([sorted(last)] if last else [])


def _new_points(fill: list[Round], extra: int) -> list[int]:
    """The small design's points that play the new ones: a triple (KTS) or a pair that never
    meets (NKTS)."""
    if extra == 3:
        return sorted(fill[0][0])
    met = {pair for r in fill for t in r for pair in combinations(sorted(t), 2)}
    size = len(fill[0]) * 3
    return list(next(pair for pair in combinations(range(size), 2) if pair not in met))
