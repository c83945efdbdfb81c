"""How many groups, and of which sizes, for N people and a target size k.

Sizes differ by at most one and none is below two: an odd number of people in pairs gives one
trio, never a person alone. Between the two candidate group counts (N // k and ceil(N / k)) we
keep the one whose sizes stray least from k, preferring larger groups on a tie.
"""

from __future__ import annotations

from rituals.core.errors import InvalidInput
from rituals.locale import _

MIN_SIZE = 2
MAX_SIZE = 12


def check_size(size: int) -> None:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise InvalidInput(
            _("group size must be between {min_size} and {max_size}, got {size}").format(
                min_size=MIN_SIZE, max_size=MAX_SIZE, size=size
            )
        )


def group_sizes(people: int, size: int) -> list[int]:
    """Sizes of the groups, largest first, e.g. ``group_sizes(37, 4) == [5, 4, 4, 4, 4, 4, 4, 4, 4]``."""
    check_size(size)
    if people < MIN_SIZE:
        raise InvalidInput(
            _("need at least {min_size} people to form a group, got {people}").format(min_size=MIN_SIZE, people=people)
        )
    if people <= size:
        return [people]
    best: tuple[int, int] | None = None
    for count in {people // size, -(-people // size)}:
        small, extra = divmod(people, count)
        if small < MIN_SIZE:
            continue
        sizes = [small + 1] * extra + [small] * (count - extra)
        stray = sum(abs(s - size) for s in sizes)
        key = (stray, count)  # on a tie, fewer (so larger) groups
        if best is None or key < best:
            best = key
    assert best is not None  # N // k groups always have sizes >= k >= 2
    count = best[1]
    small, extra = divmod(people, count)
    return [small + 1] * extra + [small] * (count - extra)


def repeat_free_bound(people: int, sizes: list[int]) -> int:
    """Rounds after which a repeat is certain: each round, everyone meets at least min(sizes) - 1."""
    return (people - 1) // (min(sizes) - 1)
