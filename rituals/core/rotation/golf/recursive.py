"""Kirkman and nearly Kirkman triple systems by recursive constructions, from small ingredients.

A *3-RGDD* of type g^u (a resolvable group divisible design) is g u points in u groups of g,
with triples meeting every pair from different groups once and no pair within a group,
arranged in g (u - 1) / 2 rounds. Two classical steps make large designs from small ones
(Stinson, *A survey of Kirkman triple systems and related designs*, Discrete Math. 92 (1991);
Handbook of Combinatorial Designs, 2nd ed., II.7):

* *inflation* (Wilson's fundamental construction with weight m): with a resolvable TD(3, m),
  i.e. two MOLS of order m (``latin.mols``), each triple {x, y, z} of a round becomes the m
  triples of one round of the TD on {x, y, z} x Z_m; round j of the RGDD and round t of the
  TD give one round, so a 3-RGDD of type g^u becomes one of type (g m)^u with m times the
  rounds. A Kirkman frame (``frames``) inflates alike, each holey round into m holey rounds
  that miss the same group times Z_m;
* *filling the groups*: putting on every group of a 3-RGDD of type G^U a nearly Kirkman
  system NKTS(G) (itself a 3-RGDD of type 2^(G/2)), round t of all of them together making a
  round, gives an NKTS(G U); a Kirkman frame of type g^u plus one point oo, with a KTS(g + 1)
  on each group and oo whose g / 2 rounds complete the group's g / 2 holey rounds, gives a
  KTS(g u + 1).

The designs built here:

* NKTS(150), 50-3-74: a 3-RGDD of type 3^5 (a KTS(15) without its first round, whose triples
  become the groups) inflated by 10, type 30^5 with 60 rounds, groups filled with NKTS(30);
* NKTS(126), 42-3-62: the 3-RGDD of type 6^7 (``bases_small_rgdd``) inflated by 3, type 18^7
  with 54 rounds, groups filled with NKTS(18);
* KTS(141), 47-3-70: the Kirkman frame of type 2^10 (``bases_small_rgdd``) inflated by 7,
  type 14^10 with 70 holey rounds, plus one point and a KTS(15) on each group.
"""

from __future__ import annotations

from rituals.core.rotation.golf.bases import stored_base
from rituals.core.rotation.golf.bases_small_rgdd import FRAME_2_10, RGDD_6_7
from rituals.core.rotation.golf.develop import develop
from rituals.core.rotation.golf.latin import resolvable_transversal

Round = list[list[int]]


def recursive_rounds(golfers: int) -> tuple[list[Round], str] | None:
    """The recursive construction's triple system on ``golfers`` (126, 141 or 150), or None."""
    if golfers == 150:
        kts15 = _stored(15)
        groups = [sorted(t) for t in kts15[0]]
        inflated = inflate(kts15[1:], 10)
        return fill_groups(inflated, _inflated_groups(groups, 10), _stored(30)), "recursive-rgdd"
    if golfers == 126:
        groups = [[level * 7 + x for level in range(6)] for x in range(7)]
        inflated = inflate(develop(RGDD_6_7), 3)
        return fill_groups(inflated, _inflated_groups(groups, 3), _stored(18)), "recursive-rgdd"
    if golfers == 141:
        return fill_holes(inflate(develop(FRAME_2_10), 7), 140, _stored(15)), "recursive-frame"
    return None


def _stored(golfers: int) -> list[Round]:
    found = stored_base(golfers, 3)
    if found is None:  # the tests develop every stored base round: this cannot happen
        raise LookupError(f"no stored triple system on {golfers} golfers")
    return develop(found[1])


def resolvable_td(m: int) -> list[list[tuple[int, int, int]]]:
    """The m rounds of a resolvable TD(3, m) from two MOLS A, B of order m: the cell (r, c)
    gives the triple (r, c, A[r][c]) (one coordinate of Z_m for each of three points), in the
    round B[r][c]. Each round holds each row, column and symbol of A once, as A and B are
    orthogonal, and every two cells share at most one coordinate: ``latin.resolvable_transversal``'s
    rounds of three levels, each golfer read back as its coordinate."""
    schedule = resolvable_transversal(m, 3)
    if schedule is None:
        raise ValueError(f"no two orthogonal Latin squares of order {m}")
    return [[(a, b - m, c - 2 * m) for a, b, c in groups] for groups in schedule]


def inflate(rounds: list[Round], m: int) -> list[Round]:
    """Every (holey) round times every round of a resolvable TD(3, m): point p becomes the m
    points p m + i, the triple {x, y, z} the triples {x m + i, y m + j, z m + k} of the TD's
    round."""
    td = resolvable_td(m)
    inflated: list[Round] = []
    for round_ in rounds:
        for cells in td:
            inflated.append(sorted([x * m + i, y * m + j, z * m + k] for x, y, z in round_ for i, j, k in cells))
    return inflated


def _inflated_groups(groups: list[list[int]], m: int) -> list[list[int]]:
    return [sorted(p * m + i for p in group for i in range(m)) for group in groups]


def fill_groups(rounds: list[Round], groups: list[list[int]], fill: list[Round]) -> list[Round]:
    """The rounds of a 3-RGDD, then round t of ``fill`` (a design on as many points as a group)
    on every group at once."""
    filled = list(rounds)
    for fill_round in fill:
        filled.append(sorted(sorted(group[x] for x in triple) for group in groups for triple in fill_round))
    return filled


def fill_holes(holey: list[Round], points: int, fill: list[Round]) -> list[Round]:
    """The holey rounds of a Kirkman frame on ``points`` points, each completed by a round of a
    KTS(g + 1) (``fill``) on the group it misses and the new point ``points``, which plays the
    fill's last point. A group's k-th holey round takes the fill's k-th round."""
    last = len(fill[0]) * 3 - 1
    seen: dict[tuple[int, ...], int] = {}
    rounds: list[Round] = []
    for round_ in holey:
        covered = {x for triple in round_ for x in triple}
        hole = tuple(x for x in range(points) if x not in covered)
        name = dict(enumerate(hole)) | {last: points}
        k = seen.get(hole, 0)
        seen[hole] = k + 1
        rounds.append(sorted(round_ + [sorted(name[x] for x in triple) for triple in fill[k]]))
    return rounds
