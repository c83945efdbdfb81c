"""MOLS of orders 15, 18, 20, 21, 24, 26, 28 and 30 from (quasi-)difference matrices.

A (n, k; 1) difference matrix over a group G of order n is a k x n matrix whose any two rows
differ by every element of G once. Its columns moved by every g of G are the blocks of a
transversal design TD(k, n) (row r of column c, plus g, on level r), and the n moves of one
column are disjoint: a resolvable TD(k, n), i.e. a TD(k + 1, n) once the column is named (Handbook
of Combinatorial Designs, 2nd ed., III.3.7 and III.17). A (n, k; 1, 1; u) quasi-difference matrix
leaves u holes in every row (at most one per column) and meets every difference once, 0 included,
between the filled cells of two rows: the holes stand for u extra points (the j-th hole of a row
is the extra point n + j), and a TD(k, u) on the extra points completes a TD(k, n + u)
(Handbook III.3.45; its layouts III.3.49-3.55 give 4 MOLS of orders 20, 26, 30).

The matrices in ``bases_dm`` were found by our own search (``dm_search``: column orbits under a
symmetry, then an exact cover); any TD(K, N) gives K - 2 MOLS of order N (two levels name the
cell, the others fill the squares). That makes 4 MOLS of order 15 (a (15, 5; 1) matrix over Z_15
closed under x -> -x), 4 of order 20 (a (19, 6; 1, 1; 1) matrix over Z_19), 5 of order 21 (a
(21, 6; 1) matrix over Z_21), 5 of order 24 (a (24, 6; 1) matrix over Z_2^3 x Z_3), 4 of order
26 (a (21, 6; 1, 1; 5) matrix over Z_21), 4 of order 28 (a (28, 5; 1) matrix over GF(4) x Z_7)
and 4 of order 30 (a (25, 6; 1, 1; 5) matrix over Z_5^2): what the resolvable transversal
designs 15-5, 20-5, 21-6, 24-5, 24-6, 26-5, 28-5 and 30-5 need.

Five MOLS of order 18 come from Abel's layout (*Existence of five MOLS of orders 18 and 60*, J.
Combin. Des. 23 (2015)): a 7 x 36 matrix over G = Z_2 x Z_3^2 whose columns are moved by the
subgroup H = Z_3^2 only. Any two rows r, s meet every (label of r, label of s, difference in H)
once (the labels are the Z_2 parts), so the 9 moves of the 36 columns are the 324 blocks of a
TD(7, 18). Its 36 columns are 12 base columns, each with v_r + y c_r for y in Z_3 (c_r a vector
of Z_3^2 per row, all different); ours was found by a tabu search on the 12 base columns with
labels from a Hadamard matrix of order 12 (docs/golf.md).
"""

from __future__ import annotations

from rituals.core.rotation.golf.bases_dm import MATRICES, MOVED_BY
from rituals.core.rotation.golf.dm_search import Group

Square = list[list[int]]
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def matrix(n: int) -> tuple[tuple[int, ...], list[list[int | None]]]:
    """The stored matrix behind the MOLS of order n: its group and its rows (None for a hole)."""
    orders, rows = MATRICES[n]
    return orders, [[None if ch == "-" else DIGITS.index(ch) for ch in row] for row in rows]


def transversal_design(n: int) -> list[tuple[int, ...]]:
    """The blocks of the TD(K, n) the stored matrix gives (one symbol per level, 0..n-1)."""
    orders, rows = matrix(n)
    add = Group(orders).add
    size, k = len(add), len(rows)
    # the j-th hole of a row is the extra point size + j
    cells = [[size + row[:c].count(None) if x is None else x for c, x in enumerate(row)] for row in rows]
    u = rows[0].count(None)
    moved_by = MOVED_BY.get(n, size)
    resolved = u == 0 and moved_by == size  # then the moves of a column are a parallel class
    blocks = []
    for c in range(len(rows[0])):
        column = [row[c] for row in cells]
        for g in range(moved_by):
            block = [x if x >= size else add[x][g] for x in column]
            blocks.append(tuple(block + [c] if resolved else block))
    # a TD(k, u) on the extra points: (x, y, x + y, x + 2y, ...) over Z_u, u a prime >= k - 1 or 1
    for x in range(u):
        for y in range(u):
            blocks.append(tuple([size + x, size + y] + [size + (x + i * y) % u for i in range(1, k - 1)]))
    return blocks


def mols(n: int) -> list[Square]:
    """K - 2 mutually orthogonal Latin squares of order n from the TD(K, n)."""
    blocks = transversal_design(n)
    count = len(blocks[0]) - 2
    squares = [[[0] * n for _ in range(n)] for _ in range(count)]
    for block in blocks:
        for i in range(count):
            squares[i][block[0]][block[1]] = block[i + 2]
    return squares
