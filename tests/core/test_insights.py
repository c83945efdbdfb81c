"""The insights core: who met whom by team, isolation, weak ties, repeats, health, CSV safety."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, datetime, time
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.core.csvsafe import csv_text, safe_cell
from rituals.core.insights import (
    ReportOptions,
    abbreviations,
    build_report,
    isolation_alerts,
    met_pairs,
    repeated_pairs,
    ritual_health,
    team_matrix,
    weak_ties,
)
from rituals.core.models import Person, Ritual, Schedule, Session
from rituals.store import Store

TODAY = date(2026, 11, 23)


def person(name: str, team: str, location: str = "Paris", **kw) -> Person:
    return Person(f"{name}@x.example", name.title(), team, location, **kw)


def held(ritual: str, day: date, *groups: tuple[str, ...], **kw) -> Session:
    return Session(ritual, datetime.combine(day, time(10)), tuple(groups), "held", **kw)


def e(name: str) -> str:
    return f"{name}@x.example"


# --------------------------------------------------------------------------- on the sample
def raw_pairs(db: Path) -> set[frozenset[str]]:
    """Who met, read straight from the stored JSON: attendees if known, else members minus absent."""
    pairs = set()
    for doc in json.loads(db.read_text(encoding="utf-8"))["sessions"].values():
        if doc["status"] != "held":
            continue
        present = set(doc["attended"]) or {m for g in doc["groups"] for m in g} - set(doc["absent"])
        for group in doc["groups"]:
            pairs |= {frozenset(p) for p in combinations(sorted(set(group) & present), 2)}
    return pairs


def test_matrix_sums_equal_the_pairs_met_in_held_sessions(sample_db: Path) -> None:
    store = Store(sample_db)
    people = store.people()
    report = build_report(people, store.rituals(), store.sessions(), ReportOptions(TODAY))
    matrix = report.matrix
    expected = raw_pairs(sample_db)
    upper = sum(matrix.met[i][j] for i in range(len(matrix.teams)) for j in range(i, len(matrix.teams)))
    assert upper == matrix.total_met == len(expected) > 0
    team_of = {p.email: p.team for p in people}
    by_cell = Counter(frozenset((team_of[a], team_of[b])) for a, b in map(sorted, expected))
    for i, t in enumerate(matrix.teams):
        for j, u in enumerate(matrix.teams):
            assert matrix.met[i][j] == by_cell[frozenset((t, u))], (t, u)
            assert matrix.met[i][j] == matrix.met[j][i]


def test_possible_pairs_and_shares_come_from_team_sizes(sample_db: Path) -> None:
    store = Store(sample_db)
    people = store.people()
    matrix = team_matrix(
        people, met_pairs(s for s in store.sessions() if s.status == "held"), {p.email for p in people}
    )
    size = Counter(p.team for p in people)
    for i, t in enumerate(matrix.teams):
        for j, u in enumerate(matrix.teams):
            want = size[t] * (size[t] - 1) // 2 if t == u else size[t] * size[u]
            assert matrix.possible[i][j] == want
            assert matrix.share[i][j] == round(matrix.met[i][j] / want, 4)


def test_the_isolated_remote_engineer_is_alerted_first(sample_db: Path) -> None:
    store = Store(sample_db)
    report = build_report(store.people(), store.rituals(), store.sessions(), ReportOptions(TODAY, isolated_days=30))
    assert report.isolated[0].email == "noah.fontaine@hirondelle.example"
    assert report.isolated[0].remote and report.isolated[0].days >= 75


# --------------------------------------------------------------------------- small worlds
def test_isolation_puts_remote_people_first_and_skips_paused_and_newcomers() -> None:
    people = [
        person("rem", "A", "remote"),
        person("off", "A"),
        person("fresh", "B"),
        person("leave", "B", paused_until=date(2026, 12, 31)),
        person("new", "B", joined=date(2026, 11, 20)),
        person("ghost", "B"),
    ]
    sessions = [
        held("r", date(2026, 10, 14), (e("rem"), e("fresh"))),  # 40 days before
        held("r", date(2026, 10, 4), (e("off"), e("leave"))),  # 50 days before
        held("r", date(2026, 11, 18), (e("fresh"), e("off")), absent=(e("off"),)),  # off did not come
    ]
    everyone = [Ritual("r", "R", "other", Schedule(datetime(2026, 10, 4, 10)))]
    alerts = isolation_alerts(people, everyone, sessions, TODAY, 30, {p.email for p in people})
    # ghost was never seen: counted from r's first session (4 Oct), 50 days like off
    assert [a.email for a in alerts] == [e("rem"), e("ghost"), e("off")]
    assert [a.days for a in alerts] == [40, 50, 50]


def test_weak_ties_trend_accumulates_first_meetings_month_by_month() -> None:
    people = [person("a1", "A"), person("a2", "A"), person("b1", "B"), person("b2", "B")]
    sessions = [
        held("r", date(2026, 1, 10), (e("a1"), e("b1"))),
        held("r", date(2026, 3, 10), (e("a1"), e("b1")), (e("a2"), e("b2"))),
        held("r", date(2026, 3, 12), (e("a1"), e("a2"))),  # same team: not a weak tie
    ]
    ties = weak_ties(people, sessions, {p.email for p in people})
    assert (ties.possible, ties.met, ties.share) == (4, 2, 0.5)
    assert [(p.month, p.met, p.new, p.share) for p in ties.trend] == [
        ("2026-01", 1, 1, 0.25),
        ("2026-02", 1, 0, 0.25),
        ("2026-03", 2, 1, 0.5),
    ]


def test_repeats_count_rotated_groups_only() -> None:
    people = [person(n, "A") for n in ("a", "b", "c", "d")]
    pair = (e("a"), e("b"))
    rotated = [held("r", date(2026, 11, d), pair, (e("c"), e("d"))) for d in (2, 9, 16)]
    everyone = [held("all", date(2026, 11, d), (e("a"), e("b"), e("c"), e("d"))) for d in (3, 10, 17, 18)]
    repeats = repeated_pairs(people, rotated + everyone, 2, {p.email for p in people})
    assert {(r.a, r.b, r.times) for r in repeats} == {(e("a"), e("b"), 3), (e("c"), e("d"), 3)}
    assert repeated_pairs(people, rotated + everyone, 3, {p.email for p in people}) == ()


def test_team_focus_keeps_only_pairs_involving_the_team() -> None:
    people = [person("a", "A"), person("b", "B"), person("c", "C")]
    sessions = [held("r", date(2026, 11, 2), (e("a"), e("b"), e("c")))]
    report = build_report(people, [], sessions, ReportOptions(TODAY, team="a"))
    assert report.matrix.total_met == 2  # a-b and a-c, not b-c
    assert [p.email for p in report.participation.people] == [e("a")]
    assert report.weak_ties.possible == 2


def test_ritual_health_counts_attendance_ratings_cancellations_and_unlogged() -> None:
    ritual = Ritual("lunch", "Lunch", "lunch", Schedule(datetime(2026, 1, 1, 12)))
    members = (e("a"), e("b"), e("c"), e("d"))
    sessions = [
        held("lunch", date(2026, 11, 2), members, absent=(e("d"),), rating=4),
        held("lunch", date(2026, 11, 9), members, attended=(e("a"), e("b")), rating=2),
        held("lunch", date(2026, 11, 10), members),  # attendance never logged: not in the rate
        Session("lunch", datetime(2026, 11, 16, 12), (members,), "cancelled"),
        Session("lunch", datetime(2026, 11, 20, 12), (members,), "planned"),
        Session("lunch", datetime(2026, 11, 30, 12), (members,), "planned"),
    ]
    (health,) = ritual_health([ritual], sessions, set(members), TODAY)
    assert (health.held, health.cancelled, health.unlogged) == (3, 1, 1)
    assert health.attendance_rate == round(5 / 8, 4)
    assert (health.average_rating, health.ratings) == (3.0, 2)


@given(st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=25, unique=True))
def test_abbreviations_are_short_and_unique(names: list[str]) -> None:
    labels = abbreviations(names)
    assert set(labels) == set(names)
    assert len({v.lower() for v in labels.values()}) == len(names)
    assert all(0 < len(v) <= 5 for v in labels.values())


# --------------------------------------------------------------------------- csv
# The cell starts a spreadsheet reads as a formula, from OWASP's "CSV Injection" page (equals, plus,
# minus, at, tab 0x09, carriage return 0x0D), written out here rather than taken from the module.
OWASP_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("prefix", OWASP_FORMULA_STARTS, ids=repr)
@pytest.mark.parametrize("spaces", ["", " ", "   "], ids=["bare", "one-space", "three-spaces"])
def test_every_formula_start_is_neutralised(prefix: str, spaces: str) -> None:
    cell = spaces + prefix + "SUM(A1)"
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("prefix", OWASP_FORMULA_STARTS, ids=repr)
def test_a_formula_start_survives_the_csv_round_trip_neutralised(prefix: str) -> None:
    text = csv_text([["name", prefix + 'HYPERLINK("http://evil")'], [prefix + "1", 2]])
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed == [["name", "'" + prefix + 'HYPERLINK("http://evil")'], ["'" + prefix + "1", "2"]]


def test_plain_cells_are_left_as_they_are() -> None:
    assert safe_cell("Zoé Lambert") == "Zoé Lambert"
    assert safe_cell("a=b") == "a=b" and safe_cell("1-2") == "1-2" and safe_cell("'quoted") == "'quoted"
    assert safe_cell(None) == "" and safe_cell(42) == "42"
    assert safe_cell(-3) == "'-3"  # numbers too: a negative one is read as a formula start


@given(st.lists(st.lists(st.one_of(st.text(), st.integers(), st.none()), max_size=5), max_size=5))
def test_no_parsed_cell_can_start_a_formula(rows: list[list[object]]) -> None:
    parsed = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    cells = [cell for row in parsed for cell in row]
    assert not any(cell.lstrip(" ").startswith(OWASP_FORMULA_STARTS) for cell in cells)
    assert len(parsed) == len(rows)
