"""Odd seats remember the past in `rotate --roster` mode too: the history's odd-size groups are
counted as the database mode counts held sessions, and the new plan seats others there."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from rituals.service import Service
from rituals.service.roster_rotation import read_past

TODAY = date(2026, 11, 23)
EMAILS = [f"p{i}@example.org" for i in range(9)]
ROSTER = "name,email,team\n" + "".join(f"Person {i},{e},\n" for i, e in enumerate(EMAILS))


def test_odd_groups_of_each_history_shape_are_counted_by_hand() -> None:
    a, b, c, d, e = EMAILS[:5]
    meetings = {
        "meetings": [
            {"date": "2026-11-02", "group": [a, b, c]},
            {"date": "2026-11-02", "group": [d, e]},
            {"date": "2026-11-09", "group": [a, d, e]},
            {"date": "2026-11-09", "group": [b, c]},
            # a date without any pair: both trios are "the size there was", nobody is singled out
            {"date": "2026-11-16", "group": [a, b, c]},
            {"date": "2026-11-16", "group": [d, e, EMAILS[5]]},
        ]
    }
    _, odd = read_past(json.dumps(meetings), TODAY, 2)
    assert odd == {a: 2, b: 1, c: 1, d: 1, e: 1}
    rounds = {"rounds": [[[a, b], [c, d, e]], [[a, c], [b, d, e]]]}
    assert read_past(json.dumps(rounds), TODAY, 2)[1] == {c: 1, d: 2, e: 2, b: 1}
    assert read_past(json.dumps([[a, b, c], [d, e]]), TODAY, 2)[1] == {a: 1, b: 1, c: 1}
    assert read_past(json.dumps([[a, b, c], [d, e]]), TODAY, 3)[1] == {d: 1, e: 1}


def test_people_who_sat_in_the_trio_before_are_spared_it_now(svc: Service) -> None:
    # 9 people in pairs: one trio a round. The first three sat in it four times already; the six
    # others can take the 3 x 3 new trio seats, at most 2 each (a count by hand), so the fair
    # plan gives the veterans none.
    veterans = EMAILS[:3]
    past = {"rounds": [[veterans, EMAILS[3:5], EMAILS[5:7], EMAILS[7:9]] for _ in range(4)]}
    plan = svc.rotation.plan_roster(ROSTER, size=2, rounds=3, history=json.dumps(past), seed=4, time_limit=20)
    seats = Counter(p for groups in plan.rounds for g in groups if len(g) == 3 for p in g)
    assert not seats.keys() & set(veterans)
    assert sum(seats.values()) == 9 and max(seats.values()) <= 2
