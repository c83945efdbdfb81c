"""MOLS of orders 15-30 from the stored (quasi-)difference matrices, checked from the raw data.

The checker reads ``bases_dm`` itself (base-36 cells, ``-`` for a hole), does the group
arithmetic on digit tuples, and counts the differences of every pair of rows; the squares are
checked as Latin and pairwise orthogonal cell by cell; the schedules by ``check_schedule``.
The counts wanted are the Handbook's (III.3.87: N(15), N(20), N(26), N(30) >= 4; N(21) >= 5,
N(24) >= 7, N(28) >= 5: we store what the golf table needs).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations, product

import pytest

from rituals.core.rotation.golf.bases_dm import MATRICES, MOVED_BY
from rituals.core.rotation.golf.catalog import constructed_rounds
from rituals.core.rotation.golf.dm_layouts import plain, times
from rituals.core.rotation.golf.dm_search import FREE, Layout, same, search
from rituals.core.rotation.golf.latin import mols, resolvable_transversal
from tests.core.test_golf_designs import assert_orthogonal, check_schedule

WANTED = {15: 4, 18: 5, 20: 4, 21: 5, 24: 5, 26: 4, 28: 4, 30: 4}  # 18: Abel (2015)


def elements(orders):
    return list(product(*(range(o) for o in orders)))


def decode(orders, rows):
    """Rows of digit tuples (None for a hole), reading each cell as a base-36 number."""
    els = elements(orders)
    return [[None if ch == "-" else els[int(ch, 36)] for ch in row] for row in rows]


def assert_quasi_difference_matrix(orders, rows):
    """Any two rows differ by every element once over the columns where both are filled, each
    row has the same number of holes and no column has two."""
    minus = lambda x, y: tuple((a - b) % o for a, b, o in zip(x, y, orders))  # noqa: E731
    holes = [sum(x is None for x in row) for row in rows]
    assert len(set(holes)) == 1
    assert all(sum(row[c] is None for row in rows) <= 1 for c in range(len(rows[0])))
    for r, s in combinations(rows, 2):
        met = Counter(minus(y, x) for x, y in zip(r, s) if x is not None and y is not None)
        assert set(met.values()) == {1} and sorted(met) == elements(orders)


def assert_labelled_difference_matrix(orders, rows, kept):
    """Moved by the last factors only: any two rows meet every (first ``kept`` digits of one,
    of the other, difference of the rest) once."""
    rest = orders[kept:]
    for r, s in combinations(rows, 2):
        met = Counter(
            (x[:kept], y[:kept], tuple((a - b) % o for a, b, o in zip(y[kept:], x[kept:], rest))) for x, y in zip(r, s)
        )
        wanted = [(a, b, d) for a in elements(orders[:kept]) for b in elements(orders[:kept]) for d in elements(rest)]
        assert set(met.values()) == {1} and sorted(met) == wanted


@pytest.mark.parametrize("n", sorted(MATRICES))
def test_stored_matrices_are_quasi_difference_matrices(n):
    orders, rows = MATRICES[n]
    decoded = decode(orders, rows)
    if n in MOVED_BY:  # Abel's layout for 18: Z_2 x Z_3^2 moved by Z_3^2
        assert MOVED_BY[n] == len(elements(orders[1:]))
        assert_labelled_difference_matrix(orders, decoded, 1)
    else:
        assert_quasi_difference_matrix(orders, decoded)
    size = len(elements(orders))
    holes = sum(x is None for x in decoded[0])
    assert size + holes == n  # the extra points make up the order


@pytest.mark.parametrize("n", sorted(MATRICES))
def test_enough_mutually_orthogonal_latin_squares(n):
    squares = mols(n)
    assert len(squares) >= WANTED[n]
    assert_orthogonal(squares, n)


@pytest.mark.parametrize(
    ("groups", "size"), [(15, 5), (18, 5), (18, 6), (20, 5), (21, 6), (24, 5), (24, 6), (26, 5), (28, 5), (30, 5)]
)
def test_resolvable_transversal_designs_of_the_golf_table(groups, size):
    if len(mols(groups)) < size - 1:
        pytest.skip(f"no stored matrix for {groups} yet")
    assert check_schedule(resolvable_transversal(groups, size), groups, size) == groups


def test_the_search_finds_a_difference_matrix_again():
    """A (11, 6; 1) matrix over Z_11 closed under x -> -x: 0.3 s."""
    layout = plain(6, (11,), times((11,), (10,)))
    assert layout.period == 2  # x -> -x
    base = search(layout, seed=1, seconds=60)
    assert base is not None
    rows = layout.expand(base)
    assert_quasi_difference_matrix((11,), [[None if x is None else (x,) for x in row] for row in rows])


def test_the_search_keeps_columns_left_in_place_by_part_of_the_symmetry():
    """The layout of order 20's matrix, on Z_7: rows moved by (0 1 2)(3 5 4) and (0 3)(1 4)(2 5),
    one orbit of 6 columns with the holes and one of 3 columns, each left in place by one of the
    three involutions; 9 = 7 - 1 + 2 + 1 columns make a (7, 6; 1, 1; 1) matrix, a TD(6, 8)."""
    f = FREE
    base = [[None, 0, f, f, f, f], [0, f, f, 0, same(1), same(2)]]
    layout = Layout((7,), base, [], [1, 2, 0, 5, 3, 4], [0] * 6, more=(([3, 4, 5, 0, 1, 2], [0] * 6, None),))
    assert layout.period == 6  # the two permutations make S_3
    found = search(layout, seed=0, seconds=60)
    assert found is not None
    rows = layout.expand(found)
    assert len(rows[0]) == 9
    assert_quasi_difference_matrix((7,), [[None if x is None else (x,) for x in row] for row in rows])
    (stable,) = [column for column in found if None not in column]
    assert stable[3:] == stable[:3]  # left in place by (0 3)(1 4)(2 5)


def test_30_golfers_in_fives_are_stored_for_the_levels_of_30_5():
    """6-5-6 (OEIS A107431) is stored, so 30-5 gets its 30 transversal rounds plus 6."""
    built = constructed_rounds(6, 5, 6)
    assert built is not None and check_schedule(built[0], 6, 5) == 6
    built = constructed_rounds(30, 5, 36)
    assert built is not None and check_schedule(built[0], 30, 5) == 36
