"""The layouts ``dm_search`` searched for the stored difference matrices, one per order of the
Latin squares the golf table needs (``LAYOUTS``), and the small makers they are built with."""

from __future__ import annotations

from rituals.core.rotation.golf.dm_search import FREE, Group, Layout, same


def plain(k: int, orders: tuple[int, ...], auto: list[int] | None = None) -> Layout:
    """Row 0 all 0 and row 1 running through the group (both without loss of generality); with an
    automorphism of the group, one column for each of its orbits on the non-zero elements."""
    layout = Layout(orders, [], [[0] * k], list(range(k)), [0] * k, auto=auto)
    move = auto or list(range(layout.group.n))
    seen: set[int] = set()
    for c in range(1, layout.group.n):
        if c not in seen:
            column: list[int | None] = [0, c, *[FREE] * (k - 2)]
            layout.base.append(column)
            x = c
            for _ in range(layout.period):
                seen.add(x)
                x = move[x]
    return layout


def _rotating(
    k: int, orders: tuple[int, ...], perm: list[int], base: list[list[int | None]], zero_column: bool
) -> Layout:
    return Layout(orders, base, [[0] * k] if zero_column else [], perm, [0] * k)


def times(orders: tuple[int, ...], factors: tuple[int, ...]) -> list[int]:
    """x -> factor * x coordinate by coordinate (an automorphism when each factor is a unit)."""
    group = Group(orders)
    return [group.code([f * d % o for f, d, o in zip(factors, group.digits(x), orders)]) for x in range(group.n)]


def _gf4_times_2() -> list[int]:
    """On GF(4) x Z_7 (a + b w, y): multiplication by (w, 2), of order 3 and fixing only 0."""
    group = Group((2, 2, 7))
    return [group.code([b, (a + b) % 2, 2 * y % 7]) for a, b, y in (group.digits(x) for x in range(group.n))]


def _holes_on_the_diagonal() -> list[list[int | None]]:
    """An all-0 column and six with a hole in row j, a 0 in row j + 1 and FREE elsewhere."""
    base: list[list[int | None]] = [[0] * 6]
    base.extend([None if r == j else (0 if r == (j + 1) % 6 else FREE) for r in range(6)] for j in range(6))
    return base


def _pairs_turned() -> Layout:
    """Z_2^3 x Z_3 coded (2, 2, 2, 3). Each column is paired with its translate by t_r, the six
    elements of Z_2^3 off the line {0, (1,1,1)}: (1,0,0) and (1,1,0) turned by the coordinate turn
    (b0, b1, b2, z) -> (b2, b0, b1, z), rows 0-2 and 3-5; the turn, rows r - 1 -> r in each half,
    maps pairs to pairs (it takes t_(r-1) to t_r): 4 base columns of 6."""
    group = Group((2, 2, 2, 3))

    def turn(x: int) -> int:
        b0, b1, b2, z = group.digits(x)
        return group.code([b2, b0, b1, z])

    steps = []
    for start in ([1, 0, 0, 0], [1, 1, 0, 0]):
        x = group.code(start)
        for _ in range(3):
            steps.append(x)
            x = turn(x)
    auto = [turn(x) for x in range(group.n)]
    base: list[list[int | None]] = [[0, FREE, FREE, FREE, FREE, FREE] for _ in range(4)]
    return Layout((2, 2, 2, 3), base, [], [2, 0, 1, 5, 3, 4], [0] * 6, auto=auto, more=((list(range(6)), steps, None),))


F = FREE
LAYOUTS = {
    # a (15, 5; 1) difference matrix over Z_15, closed under x -> -x
    15: lambda: plain(5, (15,), times((15,), (14,))),
    # a (19, 6; 1, 1; 1) quasi-difference matrix over Z_19 whose columns are moved by the rows'
    # permutations (0 1 2)(3 5 4) and (0 3)(1 4)(2 5), a group of order 6 (the Handbook's layout,
    # III.3.49): three orbits of 6 columns, one with the holes, and one of 3 columns each left in
    # place by one of the three involutions: TD(6, 20)
    20: lambda: Layout(
        (19,),
        [[None, 0, F, F, F, F], [0, F, F, F, F, F], [0, F, F, F, F, F], [0, F, F, 0, same(1), same(2)]],
        [],
        [1, 2, 0, 5, 3, 4],
        [0] * 6,
        more=(([3, 4, 5, 0, 1, 2], [0] * 6, None),),
    ),
    # a (21, 6; 1) difference matrix over Z_21, rows 0-4 rotating, row 5 all 0: RTD(6, 21)
    21: lambda: _rotating(6, (21,), [1, 2, 3, 4, 0, 5], [[F, F, F, F, F, 0]] * 4, True),
    # a (24, 6; 1) difference matrix over Z_2^3 x Z_3: each column paired with its translate by
    # an element of order 2 that differs from row to row, and the pairs turned three by three
    24: _pairs_turned,
    # a (21, 6; 1, 1; 5) quasi-difference matrix over Z_21, rows rotating: TD(6, 26)
    26: lambda: _rotating(6, (21,), [1, 2, 3, 4, 5, 0], [[None, 0, F, F, F, F]] * 5, True),
    # a (28, 5; 1) difference matrix over GF(4) x Z_7, closed under x -> (w, 2) x
    28: lambda: plain(5, (2, 2, 7), _gf4_times_2()),
    # a (25, 6; 1, 1; 5) quasi-difference matrix over Z_5^2, columns translated per row: TD(6, 30)
    30: lambda: Layout(
        (5, 5),
        _holes_on_the_diagonal(),
        [],
        list(range(6)),
        [4, 18, 2, 8, 3, 15],  # the first of random choices whose layout holds a matrix
    ),
}
