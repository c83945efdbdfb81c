"""Who met whom: derived from held sessions of every ritual kind."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from operator import attrgetter

from rituals.core.models import Person, Ritual, Session

PairHistory = dict[frozenset[str], list[date]]


def pair_history(sessions: Iterable[Session]) -> PairHistory:
    """Each pair of people who met in a held session, with the dates they met (sorted)."""
    met: defaultdict[frozenset[str], list[date]] = defaultdict(list)
    for session in sessions:
        for group in session.participants():
            for a, b in combinations(sorted(set(group)), 2):
                met[frozenset((a, b))].append(session.day)
    return {pair: sorted(days) for pair, days in met.items()}


def met_pairs(sessions: Iterable[Session]) -> set[tuple[str, str]]:
    """Each pair (in alphabetical order) who met in a held session: pair_history without the dates."""
    met: set[tuple[str, str]] = set()
    for session in sessions:
        for group in session.participants():
            met.update(combinations(sorted(set(group)), 2))
    return met


def last_seen(sessions: Iterable[Session]) -> dict[str, date]:
    """The last day each person took part in a held session."""
    seen: dict[str, date] = {}
    for session in sorted(sessions, key=attrgetter("start")):  # later days overwrite earlier ones
        day = session.day
        for group in session.participants():
            seen.update(dict.fromkeys(group, day))
    return seen


def first_chances(people: Iterable[Person], rituals: Iterable[Ritual], sessions: Iterable[Session]) -> dict[str, date]:
    """The day of the first held session each person could have attended: one on or after the
    day they joined, of a ritual whose audience includes them (or whose groups named them).
    Someone with no such session is absent from the result: they have missed nothing yet."""
    by_ritual: defaultdict[str, list[date]] = defaultdict(list)
    named: dict[str, date] = {}
    for session in sorted((s for s in sessions if s.status == "held"), key=attrgetter("start")):
        by_ritual[session.ritual_id].append(session.day)
        for email in session.members:
            named.setdefault(email, session.day)
    audiences = [(r.audience, by_ritual[r.id]) for r in rituals if by_ritual.get(r.id)]
    chances: dict[str, date] = {}
    for person in people:
        joined = person.joined or date.min
        found = [d for d in (named.get(person.email),) if d is not None and d >= joined]
        for audience, days in audiences:
            at = bisect_left(days, joined)  # each ritual's first held day since they joined
            if at < len(days) and audience.includes(person):
                found.append(days[at])
        if found:
            chances[person.email] = min(found)
    return chances


def odd_group_counts(sessions: Iterable[Session], size_of: dict[str, int]) -> dict[str, int]:
    """How often each person sat in a group whose size differed from its ritual's target size.

    ``size_of`` maps ritual id to the target group size; rituals without grouping are ignored.
    """
    counts: defaultdict[str, int] = defaultdict(int)
    for session in sessions:
        target = size_of.get(session.ritual_id)
        if not target or session.status == "cancelled":
            continue
        for group in session.groups:
            if len(group) != target:
                for email in group:
                    counts[email] += 1
    return dict(counts)
