"""MacNeish's product (1922): MOLS of order n from those of its prime-power factors.

If n = q_1 q_2 ... q_r with the q_i powers of distinct primes, GF(q_i) gives q_i - 1 MOLS of
order q_i (L_a(x, y) = a x + y); taking the a-th square of every factor, side by side, gives
min(q_i) - 1 MOLS of order n: the cell ((x_1, ..., x_r), (y_1, ..., y_r)) holds
(L_a(x_1, y_1), ..., L_a(x_r, y_r)), and two such squares are orthogonal because they are
orthogonal in every coordinate. ``latin.mols`` falls back on it for the orders it has no
better squares for. Its use here: 3 MOLS of order 36 (from GF(4) and GF(9)) make the
resolvable TD(4, 36) under 36-4-47, the 4-RGDD of type 3^48 (``catalog._transversal`` fills
each level with the 4-RGDD of type 3^12).
"""

from __future__ import annotations

from rituals.core.rotation.golf.constructions import GaloisField

Square = list[list[int]]


def prime_power_factors(n: int) -> list[int]:
    """The powers of distinct primes whose product is n (n >= 2)."""
    factors, p = [], 2
    while n > 1:
        if n % p == 0:
            q = 1
            while n % p == 0:
                n, q = n // p, q * p
            factors.append(q)
        p += 1
    return factors


def product_mols(n: int) -> list[Square]:
    """min(q) - 1 MOLS of order n over its prime-power factors q (a single square when 2
    divides n exactly once; none for n < 2)."""
    if n < 2:
        return []
    factors = prime_power_factors(n)
    count = min(factors) - 1
    fields = [GaloisField(q) for q in factors]

    def digits(x: int) -> list[int]:
        out = []
        for q in reversed(factors):
            x, d = divmod(x, q)
            out.append(d)
        return out[::-1]

    split = [digits(x) for x in range(n)]
    squares = []
    for a in range(1, count + 1):
        square = []
        for x in range(n):
            row = []
            for y in range(n):
                cell = 0
                for field, q, dx, dy in zip(fields, factors, split[x], split[y]):
                    cell = cell * q + field.add[field.mul[a][dx]][dy]
                row.append(cell)
            square.append(row)
        squares.append(square)
    return squares
