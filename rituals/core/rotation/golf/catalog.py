"""Every construction we know for g groups of s, and the longest schedule they give.

``constructed_rounds`` tries, cheapest first, and keeps the longest repeat-free schedule (up to
the rounds asked):

* pairs: the circle method (n - 1 rounds);
* fewer groups than places in a group: one round is all there is;
* a stored base round developed over a group (``bases``, ``develop``): Kirkman and nearly
  Kirkman triple systems, resolvable (v, 4, 1) designs, resolvable group divisible designs;
* affine geometries and subspace spreads over finite fields (``constructions.subspace_rounds``);
* Kirkman's product: KTS(u) and KTS(w) make KTS(u w) (``kirkman_product``);
* Kirkman frames with their holes filled (``frames``): KTS and NKTS the others miss;
* recursive constructions (``recursive``): small 3-RGDDs and a frame inflated by MOLS, their
  groups filled (KTS(141), NKTS(126), NKTS(150));
* 4-RGDDs found by the scarcest-difference search (``bases_rgdd4``);
* the lines of Denniston's maximal arcs in PG(2, 2^h), one round per direction of the affine
  plane the arc lies in (``arcs``: 15-8-17, the resolvable (120, 8, 1) design);
* n groups of n: the rows, columns and symbols of mutually orthogonal Latin squares (``latin``);
* resolvable transversal designs: g rounds when there are s - 1 MOLS of order g, then, when s
  divides g, each level scheduled on its own by the best construction for g / s groups of s;
* with fewer squares, mutually orthogonal Latin rectangles: the squares' first s rows, N + 1
  rounds (``latin.rectangle_rounds``);
* base rounds found by the rotational search, for shapes no design reaches
  (``bases_rotational``: 14-7-9, 14-8-8, 14-9-7, 15-9-7);
* resolvable packings, a base round and a round that translations leave in place
  (``bases_packings``: 14-5-14, without the 4 MOLS of order 14 its design would need);
* stored schedules (``designs``: 8-4-10).

Every schedule is checked by the tests with a checker independent of these modules.
"""

from __future__ import annotations

from collections.abc import Callable

from rituals.core.rotation.golf.arcs import arc_rounds
from rituals.core.rotation.golf.bases import stored_base
from rituals.core.rotation.golf.bases_fives2 import direct_fives
from rituals.core.rotation.golf.bases_packings import packed_rounds
from rituals.core.rotation.golf.bases_rgdd4 import scarce_rounds
from rituals.core.rotation.golf.bases_rotational import rotational_base
from rituals.core.rotation.golf.constructions import (
    circle_rounds,
    subspace_rounds,
)
from rituals.core.rotation.golf.designs import stored_rounds
from rituals.core.rotation.golf.develop import develop
from rituals.core.rotation.golf.frames import framed_rounds
from rituals.core.rotation.golf.latin import any_transversal, rectangle_rounds, square_rounds
from rituals.core.rotation.golf.recursive import recursive_rounds

Round = list[list[int]]
Built = tuple[list[Round], str]


def constructed_rounds(groups: int, size: int, rounds: int, time_budget: float = 2.0) -> Built | None:
    """The longest schedule a construction gives for ``groups`` groups of ``size`` (at most
    ``rounds`` rounds), with the construction's name; None when none applies."""
    if groups < 1 or size < 2 or rounds < 1:
        return None
    if size == 2:
        circle = circle_rounds(groups * 2, min(rounds, groups * 2 - 1))
        return (circle, "circle") if circle else None
    if groups < size:  # a second round would repeat a pair: one round is all there is
        return [[list(range(k * size, (k + 1) * size)) for k in range(groups)]], "single-round"
    best: Built | None = None
    # each maker gives its rounds (None or [] when it does not apply) and its name
    makers: list[Callable[[], tuple[list[Round] | None, str] | None]] = [
        lambda: _stored(groups, size),
        lambda: (packed_rounds(groups, size), "resolvable-packing"),
        lambda: subspace_rounds(groups, size, rounds, time_budget),
        lambda: kirkman_product(groups * size) if size == 3 else None,
        lambda: framed_rounds(groups * size) if size == 3 else None,
        lambda: recursive_rounds(groups * size) if size == 3 else None,
        lambda: scarce_rounds(groups * size) if size == 4 else None,
        lambda: (arc_rounds(groups, size, rounds), "maximal-arc"),
        lambda: (square_rounds(groups, rounds) if groups == size else None, "latin-squares"),
        lambda: _transversal(groups, size, rounds, time_budget),
        lambda: (rectangle_rounds(groups, size, rounds), "latin-rectangles"),
        lambda: direct_fives(groups * size) if size == 5 else None,
        lambda: (rotational_base(groups, size), "rotational-base"),
        lambda: (stored_rounds(groups, size, rounds), "stored-design"),
    ]
    for make in makers:
        schedule, name = make() or (None, "")
        if schedule and (best is None or len(schedule) > len(best[0])):
            best = schedule[:rounds], name
            if len(best[0]) >= rounds:
                break
    return best


def _stored(groups: int, size: int) -> Built | None:
    found = stored_base(groups * size, size)
    return (develop(found[1]), found[0]) if found else None


def transversal_rounds(groups: int, size: int, rounds: int, time_budget: float = 2.0) -> Built | None:
    """A resolvable transversal design's rounds (at most ``rounds``): the construction that
    leaves room for extra golfers (a level's points never meet, so an extra can join a group
    of each round without meeting anyone twice), which the tighter designs do not."""
    built = _transversal(groups, size, rounds, time_budget)
    return (built[0][:rounds], built[1]) if built and built[0] else None


def _transversal(groups: int, size: int, rounds: int, time_budget: float) -> Built | None:
    """``groups`` rounds of a resolvable transversal design, then the levels scheduled alone."""
    if size > groups:
        return None
    schedule = any_transversal(groups, size)
    if schedule is None:
        return None
    if len(schedule) < rounds and groups % size == 0:
        inner = constructed_rounds(groups // size, size, rounds - len(schedule), time_budget)
        for groups_ in inner[0] if inner else []:
            schedule.append(
                sorted(sorted(level * groups + x for x in group) for level in range(size) for group in groups_)
            )
    return schedule, "transversal"


def kirkman_product(golfers: int) -> Built | None:
    """A Kirkman triple system on ``golfers`` = u * w people from stored ones on u and w.

    Golfer ``x * w + y`` is (x, y). Each round of KTS(u) and each t in Z_w give a round: a
    triple {a, b, c} of the KTS(u) round becomes the triples {(a, y), (b, y + t), (c, y + 2t)},
    which meet each pair across {a, b, c} once over all t (w is odd, so 2 is invertible);
    each round of KTS(w) gives a round with the triples {x} x B. That is (u - 1) / 2 * w +
    (w - 1) / 2 = (u w - 1) / 2 rounds (the classical tripling when u = 3).
    """
    for u in (3, 9, 15, 21, 27, 33):
        w, rest = divmod(golfers, u)
        if rest or w < 3 or w % 6 != 3:
            continue
        left = [[list(range(3))]] if u == 3 else _kirkman(u)
        right = _kirkman(w)
        if left is None or right is None:
            continue
        schedule = []
        for groups in left:
            for t in range(w):
                schedule.append(
                    sorted(
                        sorted(x * w + (y + i * t) % w for i, x in enumerate(triple))
                        for triple in groups
                        for y in range(w)
                    )
                )
        for groups in right:
            schedule.append(sorted([x * w + y for y in triple] for x in range(u) for triple in groups))
        return schedule, "kirkman-product"
    return None


def _kirkman(golfers: int) -> list[Round] | None:
    found = stored_base(golfers, 3)
    if found:
        return develop(found[1])
    subspace = subspace_rounds(golfers // 3, 3, golfers)
    return subspace[0] if subspace and len(subspace[0]) == (golfers - 1) // 2 else None
