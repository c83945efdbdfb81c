"""Who met whom and who was seen when, derived from held sessions of every kind."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.core.history import last_seen, met_pairs, pair_history
from rituals.core.models import Session

EMAILS = [f"p{i}@x.org" for i in range(8)]
START = datetime(2026, 9, 1, 12, 0)

sessions_strategy = st.lists(
    st.builds(
        Session,
        ritual_id=st.sampled_from(["lunch", "coffee"]),
        start=st.integers(0, 90).map(lambda d: START + timedelta(days=d)),
        groups=st.lists(
            st.lists(st.sampled_from(EMAILS), min_size=1, max_size=4, unique=True).map(tuple), max_size=3
        ).map(tuple),
        status=st.sampled_from(["planned", "held", "cancelled"]),
        absent=st.lists(st.sampled_from(EMAILS), max_size=2, unique=True).map(tuple),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(sessions=sessions_strategy)
def test_history_agrees_with_a_plain_reading_of_the_sessions(sessions: list[Session]) -> None:
    seen: dict[str, object] = {}
    pairs: dict[frozenset[str], list[object]] = {}
    for s in sessions:
        if s.status != "held":
            continue  # planned and cancelled sessions are not history
        for group in s.groups:
            present = [e for e in group if e not in s.absent]
            for email in present:
                seen[email] = max(seen.get(email, s.day), s.day)
            for a, b in combinations(sorted(set(present)), 2):
                pairs.setdefault(frozenset((a, b)), []).append(s.day)
    assert last_seen(sessions) == seen
    assert pair_history(sessions) == {pair: sorted(days) for pair, days in pairs.items()}
    assert met_pairs(sessions) == {tuple(sorted(pair)) for pair in pairs}
