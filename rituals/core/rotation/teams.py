"""Teams on the levels of a transversal design: cross-team rounds that a team-blind schedule misses.

A transversal design over GF(q) has k levels of q people and, in round b, the groups
{level i's person at column a + b * i : i < k} for a in GF(q). Two people of different levels
meet in exactly one round of the q; two people of one level never meet. So when each team sits
on a level of its own, q rounds are repeat-free *and* nobody ever shares a group with a
teammate: 32 people of 4 teams in fours, 7 rounds, have 0 same-team pairs this way, where a
Social Golfer schedule chosen without the teams, then relabelled, kept 28. When q is not a
prime power, mutually orthogonal Latin squares of order q give levels as well (``_layout``): q
rounds when there are k - 1 squares, else one round more than there are squares.

Teams rarely fill levels exactly. They are packed whole where a short search finds room for all
of them (else largest first, into the level they fill best); a team too large for any level left
is split, and its parts on two levels meet only where their columns cross (one meeting per pair
of them over q rounds, fewer over fewer rounds). People without a team fill the last places.
When N = k * q - h, the h empty places are all on one level, so no group ever loses two people:
h groups of k - 1 a round, and since their other members change with the slope, the odd seats
turn.

The rounds come back in person indices, groups largest first (as ``group_sizes`` orders them),
for the engine to compare with its other starting plans (the objective decides).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rituals.core.rotation.golf.constructions import prime_power
from rituals.core.rotation.golf.latin import any_transversal, rows_apart

Rounds = list[list[list[int]]]
PACK_NODES = 20_000  # search nodes for a packing with no team split (counted: a seed, one answer)
LEVEL_MAX_GROUPS = 150  # squares of order q (q * q cells each) are built up to here; above, prime powers only


def team_level_rounds(teams: Sequence[str], sizes: Sequence[int], rounds: int) -> Rounds | None:
    """Rounds for groups of ``sizes`` with the people of ``teams`` (one label a person, "" for no
    team) packed onto levels, or None when the layout does not apply: sizes other than q groups of
    k with a few of k - 1, more levels than q, or no layout for that many rounds (``_layout``)."""
    q, k = len(sizes), max(sizes)
    holes = k * q - len(teams)
    if q < 2 or k < 2 or k > q or any(s not in (k, k - 1) for s in sizes) or not 0 <= holes < q:
        return None
    layout = _layout(q, k, rounds)
    if layout is None:
        return None
    levels = _pack(teams, [q] * (k - 1) + [q - holes])
    return [
        sorted(
            ([levels[g // q][g % q] for g in group if g % q < len(levels[g // q])] for group in groups),
            key=len,
            reverse=True,
        )
        for groups in layout
    ]


def _layout(q: int, k: int, rounds: int) -> Rounds | None:
    """``rounds`` rounds of q groups of k, golfer ``level * q + column``, in which two golfers of
    one level never meet and every group holds one golfer of each level:

    * up to q rounds, a resolvable transversal design (``latin.any_transversal``): over GF(q)
      for a prime power q (module docstring), else from k - 1 MOLS of order q when there are
      that many (30 people of 3 teams in threes, 10 rounds, from the pair of order 10);
    * else, up to N(q) + 1 rounds from the N(q) MOLS there are, the levels being the rows of the
      squares (``latin.rows_apart``: 144 people of 12 teams in twelves, 6 rounds, from the five
      MOLS of order 12, where a team-blind schedule relabelled kept 108 same-team pairs).

    None beyond these, or above ``LEVEL_MAX_GROUPS`` groups when q is not a prime power."""
    if q > LEVEL_MAX_GROUPS and not prime_power(q):
        return None
    transversal = any_transversal(q, k, rounds) if rounds <= q else None
    if transversal is not None:
        return transversal
    if prime_power(q):  # its q rounds are all there are
        return None
    apart = rows_apart(q, k, rounds)
    return apart if apart is not None and len(apart) == rounds else None


def _pack(teams: Sequence[str], capacities: list[int]) -> list[list[int]]:
    """The people on each level: whole teams where they can all be placed (a short search), else
    best fit with the teams that fit nowhere split over the emptiest levels; no team last."""
    members: defaultdict[str, list[int]] = defaultdict(list)
    for person, team in enumerate(teams):
        members[team].append(person)
    loose = members.pop("", [])
    order = sorted(members, key=lambda t: (-len(members[t]), t))
    placed = _whole(order, members, capacities) or _best_fit(order, members, capacities)
    levels = [[p for team in chosen for p in members[team]] for chosen in placed]
    splits = [team for team in order if not any(team in chosen for chosen in placed)]
    room = [cap - len(level) for cap, level in zip(capacities, levels)]
    for team in splits:
        people = members[team]
        while people:  # too large for any level left: the emptiest levels take the parts
            widest = max(range(len(room)), key=lambda i: (room[i], -i))
            part, people = people[: room[widest]], people[room[widest] :]
            levels[widest] += part
            room[widest] -= len(part)
    for i, free in enumerate(room):
        levels[i] += loose[:free]
        loose = loose[free:]
    return levels


def _whole(order: list[str], members: dict[str, list[int]], capacities: list[int]) -> list[list[str]] | None:
    """Every team whole on one level, by depth-first search (largest team first, one level per
    amount of room left, so that equal levels are not tried twice), or None within the budget."""
    room = list(capacities)
    chosen: list[list[str]] = [[] for _ in capacities]
    budget = [PACK_NODES]

    def place(at: int) -> bool:
        if at == len(order):
            return True
        budget[0] -= 1
        if budget[0] < 0:
            return False
        size, tried = len(members[order[at]]), set()
        for i in sorted(range(len(room)), key=lambda i: room[i]):
            if room[i] < size or room[i] in tried:
                continue
            tried.add(room[i])
            room[i] -= size
            chosen[i].append(order[at])
            if place(at + 1):
                return True
            room[i] += size
            chosen[i].pop()
        return False

    return chosen if place(0) else None


def _best_fit(order: list[str], members: dict[str, list[int]], capacities: list[int]) -> list[list[str]]:
    """Each team whole into the level it fills best; the teams that fit nowhere are left out."""
    room = list(capacities)
    chosen: list[list[str]] = [[] for _ in capacities]
    for team in order:
        fits = [i for i, free in enumerate(room) if free >= len(members[team])]
        if fits:
            best = min(fits, key=lambda i: (room[i], i))
            chosen[best].append(team)
            room[best] -= len(members[team])
    return chosen
