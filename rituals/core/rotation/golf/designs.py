"""Stored designs: schedules too hard to search for at run time, kept as a few descriptors.

8-4-10 (the original question: 32 golfers in foursomes, 10 rounds; it exists since Aguado's
2004 construction). Golfer ``8 * level + x`` for level 0..3 and x in GF(2)^3 (0..7, addition
is XOR). Every round is invariant under adding a constant to x on all levels, so a round is
fixed by one descriptor:

* ``("T", (b0, b1, b2, b3))``: the transversal groups {8*i + (t ^ b_i) : level i}, t = 0..7;
* ``("S", parts)``: the levels split into parts, each part either
  ``(i, j, u, d)``: groups {x, x^u on level i; x^d, x^d^u on level j}, or
  ``(i, (0, a, b, a^b))``: the cosets of a 2-dimensional subspace on level i.

A pair of golfers on levels i, j is then met in the round whose descriptor produces its
difference, so the repeat-free check is on 76 difference classes instead of 496 pairs. These
ten descriptors were found by an exact-cover search (Knuth's Algorithm X) over the 13,497
possible translation-invariant rounds; the tests rebuild and check the whole schedule.

6-5-6 (30 golfers in fives, 6 rounds: the best known, OEIS A107431) is stored whole, as found in
0.3 s by our rotational search (``solve(6, 5, 6)``): 30-5-36 needs it instantly, since a
resolvable TD(5, 30) leaves each level's 30 golfers to be scheduled alone (30 + 6 rounds).
Each string is a round, golfers in base 36, five by five.
"""

from __future__ import annotations

Round = list[list[int]]

DESCRIPTORS_8_4_10: tuple[tuple[str, tuple], ...] = (
    ("S", ((0, 1, 1, 0), (2, 3, 4, 0))),
    ("T", (0, 2, 4, 5)),
    ("T", (0, 3, 3, 0)),
    ("T", (0, 5, 1, 3)),
    ("T", (0, 6, 7, 2)),
    ("T", (0, 7, 0, 6)),
    ("T", (0, 4, 6, 1)),
    ("S", ((0, (0, 2, 4, 6)), (1, 2, 6, 3), (3, (0, 1, 6, 7)))),
    ("S", ((0, 2, 7, 2), (1, 3, 2, 0))),
    ("S", ((0, 3, 3, 4), (1, (0, 3, 4, 7)), (2, (0, 1, 2, 3)))),
)


SCHEDULE_6_5_6 = (
    "04cst1aejr2379n5fgim6bdhp8kloq",
    "0ghjn15dot2bfks348ai67ceq9lmpr",
    "02eop1chik36glt459bj78dframnqs",
    "056ak13fpq2cdjl47hmo89egsbinrt",
    "017bl24gqr3dekm58cnp6ijos9afht",
    "09diq1268m35hrs4efln7jkptabcgo",
)


def stored_rounds(groups: int, size: int, rounds: int) -> list[Round] | None:
    """Up to ``rounds`` rounds of a stored design for this shape, or None."""
    if (groups, size) == (6, 5):
        return [[[int(ch, 36) for ch in line[i : i + 5]] for i in range(0, 30, 5)] for line in SCHEDULE_6_5_6[:rounds]]
    if (groups, size) != (8, 4):
        return None
    return [_round(descriptor) for descriptor in DESCRIPTORS_8_4_10[:rounds]]


def _round(descriptor: tuple[str, tuple]) -> Round:
    kind, data = descriptor
    groups: set[tuple[int, ...]] = set()
    for x in range(8):
        if kind == "T":
            groups.add(tuple(sorted(8 * i + (x ^ b) for i, b in enumerate(data))))
            continue
        for part in data:
            if len(part) == 4:
                i, j, u, d = part
                groups.add(tuple(sorted((8 * i + x, 8 * i + (x ^ u), 8 * j + (x ^ d), 8 * j + (x ^ d ^ u)))))
            else:
                i, subspace = part
                groups.add(tuple(sorted(8 * i + (x ^ s) for s in subspace)))
    return sorted(list(group) for group in groups)
