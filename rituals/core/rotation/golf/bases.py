"""Stored base rounds: resolvable designs as a few groups developed over a group (``develop``).

Each entry is a base round; ``develop`` translates it by every element of the group (and first
multiplies its groups by the ``multipliers``). The tests develop every entry and check the whole
schedule with their own checker. The families, with the theorems that say they exist:

* ``kirkman``: Kirkman triple systems KTS(v), v = 3 mod 6, (v - 1) / 2 rounds of triples
  (Ray-Chaudhuri and Wilson 1971). For v = 3 mod 12, over Z_m or GF(m), m = (v - 1) / 2, two
  levels and one fixed golfer, with {inf, (0, 0), (0, 1)} and the images of a few triples
  under a subgroup of multipliers (Bose's 1939 method of differences). For v = 9 mod 24, over
  Z_(v-1) with one fixed golfer and a base round that the translation by (v - 1) / 2 leaves in
  place (1-rotational systems); KTS(21) is two base rounds over Z_5 with four levels; KTS(45),
  KTS(117) and KTS(135) come from Kirkman's product instead (``catalog``).
* ``nearly-kirkman``: nearly Kirkman triple systems NKTS(v), v = 0 mod 6, v >= 18,
  (v - 2) / 2 rounds of triples (Baker and Wilson 1977), over Z_((v-2)/2), two levels and two
  fixed golfers; the pairs that never meet form a perfect matching.
* ``resolvable-design``: resolvable (v, 4, 1) designs, v = 4 mod 12, (v - 1) / 3 rounds of
  fours (Hanani, Ray-Chaudhuri and Wilson 1972), over Z_m or GF(m), m = (v - 1) / 3, three
  levels and one fixed golfer.
* ``resolvable-gdd``: resolvable group divisible designs with groups of four: of type 3^u
  (v = 0 mod 12, v >= 24, v / 3 - 1 rounds) and of type 2^u (v = 8 mod 12, v >= 32,
  (v - 2) / 3 rounds), the most rounds of fours there can be (Ge, Lam, Ling and Shen 2005
  settle both, the latter with a few possible exceptions); over Z_m with three levels and
  three or two fixed golfers.

The base rounds themselves were found by searches for this project: randomized backtracking
over the groups of a base round that a subgroup of multipliers leaves in place (the Kirkman
and (v, 4, 1) designs, seconds each), and the project's own tabu search on differences
(``keys.KeyTabu``, minutes for the largest) for the others. docs/golf.md says how to find them
again.
"""

from __future__ import annotations

from rituals.core.rotation.golf.bases_fours import FOURS
from rituals.core.rotation.golf.bases_nearly import NEARLY_KIRKMAN
from rituals.core.rotation.golf.bases_rgdd import RGDD
from rituals.core.rotation.golf.bases_triples import TRIPLES
from rituals.core.rotation.golf.develop import BaseRound

# (golfers, group size): (family, base round); the tables live in bases_triples, bases_fours,
# bases_nearly and bases_rgdd
BASES: dict[tuple[int, int], tuple[str, BaseRound]] = {**TRIPLES, **FOURS, **NEARLY_KIRKMAN, **RGDD}


def stored_base(golfers: int, size: int) -> tuple[str, BaseRound] | None:
    """The family and base round stored for ``golfers`` in groups of ``size``, or None."""
    return BASES.get((golfers, size))
