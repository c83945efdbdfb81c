"""Mutually orthogonal Latin squares (MOLS) and the schedules they give.

``k`` MOLS of order n give a transversal design TD(k + 2, n): n * n blocks (the cells), one
point per row, column and square. Two uses here:

* ``square_rounds``: n groups of n golfers (golfer ``n * row + column``): the rows, the columns,
  and for each square the cells holding one symbol are k + 2 rounds in which no two golfers
  meet twice. Every repeat-free schedule of n groups of n has this form (after its first round,
  each group holds one golfer of every first-round group), so n-n reaches N(n) + 2 rounds,
  N(n) the most MOLS of order n: n + 1 for a prime power n (the affine plane), 3 for n = 6
  (Tarry 1900: no two MOLS of order 6), 4 for n = 10, 7 for n = 12 (the best known).
* ``resolvable_transversal``: k + 1 MOLS give a resolvable TD(k + 1, n), i.e. n rounds of n
  groups of k + 1 (the levels), the symbol of the last square naming the round.
* ``rectangle_rounds``: n groups of s < n when there are too few squares for that: the first s
  rows of the k squares are mutually orthogonal Latin rectangles, and the columns and each
  rectangle's symbols are k + 1 rounds (Miller, Valkov and Abel 2026 list 6 rounds this way for
  12 groups of 8 to 11, from the five MOLS of order 12).

The squares: for a prime power q, L_a(x, y) = a x + y over GF(q) (q - 1 MOLS); for 10, a pair
found by a search for an orthogonal mate (orthogonal Latin squares of order 10 exist since Bose,
Shrikhande and Parker 1959; ours was found by an exact cover of a random square's transversals);
for 12, five MOLS from a (12, 6; 1) difference matrix over Z2 x Z6, the group of Johnson,
Dulmage and Mendelsohn's 1961 construction (ours found by a search for four orthomorphisms that
are pairwise orthogonal; the tests rebuild the squares and check them); for 15, 18, 20, 21,
24, 26, 28 and 30, 4 or 5 squares from the (quasi-)difference matrices of ``difference_matrices``; for
the other orders, MacNeish's product of the prime-power factors' squares (``mols_product``).
"""

from __future__ import annotations

from rituals.core.rotation.golf import difference_matrices
from rituals.core.rotation.golf.bases_dm import MATRICES
from rituals.core.rotation.golf.constructions import GaloisField, field_transversal, prime_power
from rituals.core.rotation.golf.mols_product import product_mols

Round = list[list[int]]
Square = list[list[int]]

# Two orthogonal Latin squares of order 10, row after row (symbol digits).
PAIR_10 = (
    "5841203967231685749034095127869085426173627413850919623740588127940635069378524147580693127530691824",
    "6507341829109483267574230865910812975346327859016421894670534650213987976512843053467092188931654702",
)
# Rows 3..6 of a (12, 6; 1) difference matrix over Z2 x Z6 (element 6a + b is (a, b)); rows 1
# and 2 are 0...0 and 0, 1, ..., 11: any two rows differ by every element once.
DIFFERENCE_12 = (
    (0, 2, 1, 6, 8, 7, 10, 9, 11, 4, 3, 5),
    (0, 3, 8, 10, 1, 9, 2, 6, 5, 7, 11, 4),
    (0, 4, 10, 9, 7, 1, 11, 5, 3, 2, 8, 6),
    (0, 8, 6, 4, 3, 10, 9, 11, 2, 5, 1, 7),
)


def mols(n: int) -> list[Square]:
    """The most mutually orthogonal Latin squares of order n we can build (possibly none)."""
    if prime_power(n):
        field = GaloisField(n)
        return [[[field.add[field.mul[a][x]][y] for y in range(n)] for x in range(n)] for a in range(1, n)]
    if n == 10:
        return [[[int(s[10 * r + c]) for c in range(10)] for r in range(10)] for s in PAIR_10]
    if n == 12:
        return _from_difference_matrix()
    if n == 6:
        return [[[(r + c) % 6 for c in range(6)] for r in range(6)]]  # one square, no orthogonal mate
    if n in MATRICES:
        return difference_matrices.mols(n)
    return product_mols(n)


def _from_difference_matrix() -> list[Square]:
    """TD(6, 12) from the difference matrix: block (c, g) is {(i, D[i][c] + g)}; its resolution
    (c fixed) makes it TD(7, 12). Row r = D[0][c] + g = g, column = c, the squares the others."""

    def plus(a: int, b: int) -> int:
        return 6 * ((a // 6 + b // 6) % 2) + (a % 6 + b % 6) % 6

    rows = [list(range(12))] + [list(row) for row in DIFFERENCE_12]
    squares = []
    for row in rows:
        square = [[0] * 12 for _ in range(12)]
        for c in range(12):
            for g in range(12):
                square[g][c] = plus(row[c], g)
        squares.append(square)
    return squares


def square_rounds(n: int, rounds: int) -> list[Round] | None:
    """Up to ``rounds`` rounds of n groups of n from the MOLS of order n (None if n < 2)."""
    if n < 2:
        return None
    rows = [[n * r + c for c in range(n)] for r in range(n)]
    return ([rows] + _columns_and_symbols(n, n, mols(n)))[:rounds]


def _columns_and_symbols(n: int, size: int, squares: list[Square]) -> list[Round]:
    """Golfer ``row * n + column`` on ``size`` rows: the columns, then for each square the cells
    of those rows that hold one symbol (groups sorted)."""
    schedule: list[Round] = [[[row * n + column for row in range(size)] for column in range(n)]]
    for square in squares:
        symbols: list[list[int]] = [[] for _ in range(n)]
        for row in range(size):
            for column in range(n):
                symbols[square[row][column]].append(row * n + column)
        schedule.append(symbols)
    return [sorted(groups_) for groups_ in schedule]


def resolvable_transversal(groups: int, size: int) -> list[Round] | None:
    """``groups`` rounds of ``groups`` groups of ``size`` (golfer ``level * groups + x``) from
    ``size`` MOLS of order ``groups``: a cell (x, y) gives the group {x on level 0, y on level 1,
    L_i(x, y) on level i + 2} in the round named by the last square; None without enough squares."""
    squares = mols(groups)
    if size < 2 or len(squares) < size - 1:
        return None
    n, levels, last = groups, squares[: size - 2], squares[size - 2]
    schedule: list[Round] = [[] for _ in range(n)]
    for x in range(n):
        for y in range(n):
            group = [x, n + y] + [(i + 2) * n + square[x][y] for i, square in enumerate(levels)]
            schedule[last[x][y]].append(sorted(group))
    return [sorted(groups_) for groups_ in schedule]


def any_transversal(groups: int, size: int, rounds: int | None = None) -> list[Round] | None:
    """The first ``rounds`` (all ``groups`` when None) rounds of a resolvable TD(``size``,
    ``groups``), golfer ``level * groups + x``: over GF(q) when ``groups`` is a prime power
    (``constructions.field_transversal``, which builds only those), else from its MOLS
    (``resolvable_transversal``); None without enough squares."""
    if prime_power(groups):
        return field_transversal(groups, size, rounds) if size <= groups else None
    schedule = resolvable_transversal(groups, size)
    return schedule if schedule is None or rounds is None else schedule[:rounds]


def rectangle_rounds(groups: int, size: int, rounds: int) -> list[Round] | None:
    """Up to ``rounds`` rounds of ``groups`` groups of ``size`` < ``groups`` (``rows_apart``),
    or None when there is no square or ``size`` is not below ``groups``."""
    return rows_apart(groups, size, rounds) if 2 <= size < groups else None


def rows_apart(groups: int, size: int, rounds: int) -> list[Round] | None:
    """Up to ``rounds`` rounds of ``groups`` groups of ``size`` <= ``groups`` (golfer
    ``row * groups + column``, ``size`` rows): the columns, then for each MOLS of order
    ``groups`` the cells of its first ``size`` rows that hold one symbol. A symbol sits once in
    each row, so its cells are a group of ``size``; two golfers of one column never share a
    symbol, and two others share one in at most one square (orthogonality). Two golfers of one
    row never meet at all. None when there is no square."""
    squares = mols(groups) if 2 <= size <= groups else []
    return _columns_and_symbols(groups, size, squares)[:rounds] if squares else None
