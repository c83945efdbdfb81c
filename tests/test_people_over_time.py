"""People over time: the participation budget, onboarding trails, key moments, leaving, a person's
own view. Expected values come from hand counts over small hand-built organisations, or from
counting the planned groups directly (never from the module that chose them)."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from rituals.core.budget import Budget, Caps, Load, choose, parse_cadence
from rituals.core.errors import InvalidInput
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule, Session
from rituals.core.moments import key_moments, met_most
from rituals.core.rotation.costs import wish_costs
from rituals.service import Service, open_service

MONDAY = date(2027, 1, 4)
TEAMS = ("Engineering", "Sales", "Data", "Design", "Product", "Finance", "Care")


def at(day: date):
    moment = datetime.combine(day, datetime.min.time()).replace(hour=9)
    return lambda: moment


def weekly(ritual_id: str, kind: str = "coffee-chat", size: int | None = 2, **grouping: object) -> Ritual:
    return Ritual(
        ritual_id,
        ritual_id.title(),
        kind,
        Schedule(datetime(2027, 1, 5, 10), "Europe/Paris", frequency="weekly"),
        grouping=Grouping(size, "cross-team", **grouping),
        format="remote",
    )  # type: ignore[arg-type]


def org(tmp_path: Path, people: list[Person], rituals: list[Ritual], today: date = MONDAY, seed: int = 7) -> Service:
    svc = open_service(tmp_path / "db.json", clock=at(today), seed=seed)
    with svc.store.transaction() as tx:
        for person in people:
            tx.put_person(person)
        for ritual in rituals:
            tx.put_ritual(ritual)
        tx.summary = "test organisation"
    return svc


def sixty(newcomers: int = 6) -> list[Person]:
    return [
        Person(
            f"p{i:02d}@org.example",
            f"Person {i:02d}",
            TEAMS[i % 7],
            "remote",
            "Europe/Paris",
            MONDAY if i < newcomers else date(2020, 1, 1),
        )
        for i in range(60)
    ]


# ------------------------------------------------------------------ the budget
def random_rounds(rnd: random.Random) -> tuple[list[Person], Budget, list[tuple[date, Ritual]]]:
    """A random organisation, caps, and the rounds of 4 rotating rituals over 3 months."""
    people = [
        Person(
            f"p{i}@x.org",
            f"P{i}",
            rnd.choice(TEAMS[:4]),
            joined=date(2020, 1, 1),
            cadence=(("coffee-chat", 14),) if rnd.random() < 0.2 else (),
        )
        for i in range(rnd.randint(4, 30))
    ]
    teams = ((TEAMS[0], Caps(1, 3)),) if rnd.random() < 0.3 else ()
    budget = Budget(Caps(rnd.randint(1, 3), rnd.randint(2, 8)), teams)
    rounds = []
    for r in range(4):
        seats = rnd.choice((None, rnd.randint(2, 10)))
        ritual = Ritual(
            f"r{r}",
            f"R{r}",
            rnd.choice(("coffee-chat", "lunch", "game")),
            Schedule(datetime(2027, 1, 1)),
            grouping=Grouping(rnd.randint(2, 5), seats=seats),
        )
        day, every = date(2027, 1, 1) + timedelta(days=rnd.randrange(7)), rnd.choice((7, 7, 14, 30))
        while day < date(2027, 4, 1):
            rounds.append((day, ritual))
            day += timedelta(days=every)
    return people, budget, sorted(rounds, key=lambda item: (item[0], item[1].id))


def test_nobody_goes_over_budget_in_200_random_plans() -> None:
    rnd = random.Random(2027)
    spreads_before, spreads_after = [], []
    for _ in range(200):
        people, budget, rounds = random_rounds(rnd)
        load = Load()
        taken: dict[str, list[tuple[date, Ritual]]] = {p.email: [] for p in people}
        invited = Counter[str]()
        for day, ritual in rounds:
            candidates = [p for p in people if rnd.random() > 0.1]
            invited.update(p.email for p in candidates)
            chosen = choose(candidates, day, ritual, load, budget).chosen
            assert ritual.grouping.seats is None or len(chosen) <= ritual.grouping.seats
            for person in chosen:
                taken[person.email].append((day, ritual))
        for person in people:  # counted again here, straight from what was chosen
            caps = budget.caps_for(person)
            weeks = Counter(d.isocalendar()[:2] for d, _ in taken[person.email])
            months = Counter((d.year, d.month) for d, _ in taken[person.email])
            assert caps.per_week is None or max(weeks.values(), default=0) <= caps.per_week
            assert caps.per_month is None or max(months.values(), default=0) <= caps.per_month
            coffees = sorted(d for d, r in taken[person.email] if r.kind == "coffee-chat")
            if person.cadence:
                assert all((b - a).days >= 14 for a, b in zip(coffees, coffees[1:])), coffees
        spreads_before.append(max(invited.values()) - min(invited.values()))
        counts = [len(v) for v in taken.values()]
        spreads_after.append(max(counts) - min(counts))
    print(
        f"\nbudget, 200 random plans: mean spread of inclusions {np.mean(spreads_before):.2f} without the budget, "
        f"{np.mean(spreads_after):.2f} with it"
    )
    assert np.mean(spreads_after) < np.mean(spreads_before)


def test_more_candidates_than_seats_the_least_recently_included_go_first() -> None:
    ritual = Ritual("r", "R", "lunch", Schedule(datetime(2027, 1, 1)), grouping=Grouping(2, seats=2))
    people = [Person(f"{n}@x.org", n, "T", joined=date(2020, 1, 1)) for n in ("a", "b", "c", "d")]
    load = Load()
    load.add("a@x.org", date(2027, 1, 3), "other", "game")  # a and b were included lately, c long ago, d never
    load.add("b@x.org", date(2027, 1, 2), "other", "game")
    load.add("c@x.org", date(2026, 6, 1), "other", "game")
    got = choose(people, date(2027, 1, 5), ritual, load, Budget())
    assert [p.email for p in got.chosen] == ["c@x.org", "d@x.org"]
    assert got.left_out == (("a@x.org", "seats"), ("b@x.org", "seats"))
    first = choose(people, date(2027, 1, 12), ritual, load, Budget(), first={"a@x.org"})  # a newcomer first
    assert "a@x.org" in {p.email for p in first.chosen}


def test_cadences_parse() -> None:
    assert parse_cadence("coffee-chat=2w") == ("coffee-chat", 14)
    assert parse_cadence("lunch=1m") == ("lunch", 30)
    for bad in ("coffee", "coffee=2", "=2w", "coffee=0d", "coffee=2y"):
        with pytest.raises(InvalidInput):
            parse_cadence(bad)


def test_the_rotation_keeps_everyone_within_the_budget(tmp_path: Path) -> None:
    people = [Person(f"p{i}@x.org", f"P{i}", TEAMS[i % 3], joined=date(2020, 1, 1)) for i in range(10)]
    svc = org(tmp_path, people, [weekly("coffee", seats=6), weekly("lunch", "lunch", 3)])
    svc.people.set_budget(per_week=1, per_month=3)
    svc.rotation.commit(svc.rotation.preview("coffee", rounds=8))
    svc.rotation.commit(svc.rotation.preview("lunch", rounds=8))
    taken: dict[str, list[date]] = {p.email: [] for p in people}
    for session in svc.store.sessions():
        for email in session.members:
            taken[email].append(session.day)
    for email, days in taken.items():
        assert max(Counter(d.isocalendar()[:2] for d in days).values()) <= 1, (email, days)
        assert max(Counter((d.year, d.month) for d in days).values()) <= 3, (email, days)
        assert days, f"{email} was never included"
    report = svc.people.budget_report(date(2027, 1, 1), months=2)
    assert not any(any(row.over) for row in report.rows)
    assert [row.counts for row in report.rows if row.email == "p0@x.org"] == [
        (sum(d.month == 1 for d in taken["p0@x.org"]), sum(d.month == 2 for d in taken["p0@x.org"]))
    ]


def test_opting_out_and_in_and_a_cadence(tmp_path: Path) -> None:
    people = [Person(f"p{i}@x.org", f"P{i}", TEAMS[i % 2], joined=date(2020, 1, 1)) for i in range(6)]
    people[0] = Person("p0@x.org", "P0", TEAMS[0], joined=date(2020, 1, 1), opt_out=("coffee-chat",))
    people[1] = Person("p1@x.org", "P1", TEAMS[1], joined=date(2020, 1, 1), cadence=(("coffee", 14),))
    outsider = Person("o@x.org", "O", "Elsewhere", joined=date(2020, 1, 1), opt_in=("coffee",))
    coffee = Ritual(
        "coffee",
        "Coffee",
        "coffee-chat",
        Schedule(datetime(2027, 1, 5, 10), frequency="weekly"),
        audience=Audience("teams", TEAMS[:2]),
        grouping=Grouping(2),
    )
    svc = org(tmp_path, [*people, outsider], [coffee])
    preview = svc.rotation.preview("coffee", rounds=4)
    rounds = [{e for g in s.groups for e in g} for s in preview.sessions]
    assert all("p0@x.org" not in r and "o@x.org" in r for r in rounds)
    assert [("p1@x.org" in r) for r in rounds] == [True, False, True, False]  # at most every 2 weeks


# ------------------------------------------------------------------ onboarding trails
def trail_figures(tmp_path: Path, with_trail: bool) -> tuple[int, int, list[int]]:
    """60 people in 7 teams, 6 arriving today, 8 weekly rounds of pairs: newcomers who met every
    other team within 6 weeks, pairs met twice, and each newcomer's count of teams."""
    people = sixty()
    svc = org(tmp_path, people, [weekly("coffee")])
    if with_trail:
        svc.people.set_trail(weeks=6)
    preview = svc.rotation.preview("coffee", rounds=8)
    team = {p.email: p.team for p in people}
    met: dict[str, set[str]] = {p.email: set() for p in people[:6]}
    pairs = Counter[frozenset[str]]()
    for session in preview.sessions:
        for group in session.groups:
            pairs.update(frozenset(p) for p in combinations(group, 2))
            for email in set(group) & set(met):
                if session.start.date() <= MONDAY + timedelta(weeks=6):
                    met[email].update(team[o] for o in group if team[o] != team[email])
    complete = sum(len(teams) == 6 for teams in met.values())
    return complete, sum(n - 1 for n in pairs.values()), sorted(len(t) for t in met.values())


def test_each_newcomer_meets_every_team_within_the_window(tmp_path: Path) -> None:
    without = trail_figures(tmp_path / "without", with_trail=False)
    with_trails = trail_figures(tmp_path / "with", with_trail=True)
    print(
        f"\nonboarding, 60 people, 6 newcomers, 8 weekly rounds of pairs: every team met within 6 weeks by "
        f"{without[0]}/6 without trails (teams met {without[2]}), {with_trails[0]}/6 with them "
        f"(teams met {with_trails[2]}); repeats {without[1]} without, {with_trails[1]} with"
    )
    assert with_trails[0] == 6  # six rounds in the window, six other teams: the rounds allow it
    assert with_trails[1] <= without[1]


def test_a_welcome_ritual_seats_newcomers_with_a_partner_from_a_team_still_to_meet(tmp_path: Path) -> None:
    people = sixty(newcomers=2)
    svc = org(tmp_path, people, [weekly("trail", "welcome")])
    preview = svc.rotation.preview("trail", rounds=3)
    team = {p.email: p.team for p in people}
    for newcomer in ("p00@org.example", "p01@org.example"):
        partners = [o for s in preview.sessions for g in s.groups if newcomer in g for o in g if o != newcomer]
        assert len(partners) == 3  # one partner a week
        teams = [team[p] for p in partners]
        assert len(set(teams)) == 3 and team[newcomer] not in teams
    assert all(len(s.groups) == 2 and all(len(g) == 2 for g in s.groups) for s in preview.sessions)
    progress = {t.email: t for t in svc.people.trails()}
    assert set(progress) == {"p00@org.example", "p01@org.example"}
    assert progress["p00@org.example"].text().startswith("Person 00: 0 of 6 teams met, 6 weeks left")


def test_trail_at_risk_and_progress_text(tmp_path: Path) -> None:
    people = sixty(newcomers=1)
    svc = org(tmp_path, people, [weekly("coffee")], today=MONDAY + timedelta(weeks=5))  # a week left, six teams to go
    svc.people.set_trail(weeks=6)
    (trail,) = svc.people.trails()
    assert trail.at_risk and trail.chances == 1  # one coffee left before the end, one partner
    assert trail.text() == (
        "Person 00: 0 of 6 teams met, 1 week left; Care, Data, Design, Finance, Product and Sales "
        "still to meet; at risk"
    )
    alerts = [a for a in svc.dashboard.build().alerts if a.kind == "trail"]
    assert [a.target for a in alerts] == ["p00@org.example"]


def test_wish_costs_by_hand() -> None:
    ids = ["n", "a", "b", "c"]
    costs = wish_costs(ids, {p: i for i, p in enumerate(ids)}, {("n", "a"): 200.0, ("n", "b"): 50.0})
    # n wishes a (200) and b (50): n pays 200 - worth with each partner; nobody else pays
    expected = np.array([[400, 0, 150, 200], [0, 0, 0, 0], [150, 0, 0, 0], [200, 0, 0, 0]], dtype=np.float32)
    assert np.array_equal(costs, expected)


# ------------------------------------------------------------------ key moments and leaving
def held(ritual_id: str, day: date, *groups: tuple[str, ...]) -> Session:
    return Session(ritual_id, datetime.combine(day, datetime.min.time()), tuple(groups), status="held")


def test_key_moments_by_hand() -> None:
    today = date(2027, 3, 1)
    people = [
        Person("new@x.org", "Nina", "Data", joined=date(2027, 3, 8)),
        Person("old@x.org", "Omar", "Sales", location="Paris", joined=date(2024, 3, 10)),
        Person("move@x.org", "Mo", "Care", joined=date(2020, 6, 1), team_since=date(2027, 2, 26)),
        Person("bye@x.org", "Bea", "Design", joined=date(2020, 6, 1), leave_date=date(2027, 3, 19)),
        Person("gone@x.org", "Gus", "Design", joined=date(2020, 3, 5), leave_date=date(2027, 2, 1)),
    ]
    sessions = [
        held("c", date(2026, 5, 1), ("bye@x.org", "old@x.org")),
        held("c", date(2026, 6, 1), ("bye@x.org", "old@x.org")),
        held("c", date(2026, 7, 1), ("bye@x.org", "move@x.org")),
    ]
    found = [(m.kind, m.email, m.day, m.idea_id, m.with_whom) for m in key_moments(people, sessions, today, weeks=4)]
    assert found == [
        ("team-change", "move@x.org", date(2027, 2, 26), "new-role-handover", ()),
        ("arrival", "new@x.org", date(2027, 3, 8), "remote-welcome-kit", ()),
        ("anniversary", "old@x.org", date(2027, 3, 10), "kudos-circle", ()),
        ("departure", "bye@x.org", date(2027, 3, 19), "remote-farewell", ("old@x.org", "move@x.org")),
    ]  # Gus left before: no anniversary on 5 March
    assert met_most("bye@x.org", sessions) == ["old@x.org", "move@x.org"]


def test_a_leaver_leaves_the_plan_and_the_invites_after_the_leave_date(tmp_path: Path) -> None:
    people = [Person(f"p{i}@x.org", f"P{i}", TEAMS[i % 3], joined=date(2020, 1, 1)) for i in range(8)]
    allhands = Ritual("allhands", "All hands", "other", Schedule(datetime(2027, 1, 6, 10), frequency="weekly"))
    svc = org(tmp_path, people, [weekly("coffee"), allhands])
    svc.rotation.commit(svc.rotation.preview("coffee", rounds=4))
    last_day = date(2027, 1, 13)
    change = svc.repair.leave({"p3@x.org": last_day})
    assert {r.before.day for r in change.sessions} == {date(2027, 1, 19), date(2027, 1, 26)}
    svc.people.leave("p3@x.org", last_day)
    for session in svc.store.sessions():
        assert ("p3@x.org" in session.members) == (session.day <= last_day), session.id
    invited = {d: {p.email for p in svc.rituals.invited(allhands, d)} for d in (date(2027, 1, 13), date(2027, 1, 20))}
    assert "p3@x.org" in invited[date(2027, 1, 13)] and "p3@x.org" not in invited[date(2027, 1, 20)]
    assert [p.email for p in svc.people.all() if p.leave_date] == ["p3@x.org"]  # still on the roster, in the history


def test_new_fields_are_written_only_once_set(tmp_path: Path) -> None:
    svc = org(tmp_path, [Person("a@x.org", "A", "T")], [])
    stored = lambda: next(iter(json.loads((tmp_path / "db.json").read_text())["people"].values()))  # noqa: E731
    assert set(stored()) == {
        "email",
        "name",
        "team",
        "location",
        "timezone",
        "joined",
        "tags",
        "paused_until",
        "excluded",
    }
    svc.people.set_prefs("a@x.org", cadence=("lunch=2w",))
    assert stored()["cadence"] == [["lunch", 14]]
    svc.people.set_prefs("a@x.org", cadence=())
    assert "cadence" not in stored()


# ------------------------------------------------------------------ a person's own view
def test_a_persons_own_view_by_hand(tmp_path: Path) -> None:
    people = [
        Person("me@x.org", "Me", "Data", joined=date(2020, 1, 1)),
        Person("ann@x.org", "Ann", "Sales", joined=date(2020, 1, 1)),
        Person("bob@x.org", "Bob", "Sales", joined=date(2020, 1, 1)),
        Person("cy@x.org", "Cy", "Care", joined=date(2020, 1, 1)),
        Person("dee@x.org", "Dee", "Design", joined=date(2027, 2, 1)),
    ]
    svc = org(tmp_path, people, [weekly("coffee")], today=date(2027, 3, 1))
    with svc.store.transaction() as tx:
        tx.put_session(held("coffee", date(2026, 5, 4), ("me@x.org", "ann@x.org")))
        tx.put_session(held("coffee", date(2027, 2, 15), ("me@x.org", "bob@x.org")))
        tx.put_session(
            Session("coffee", datetime(2027, 3, 2, 10), (("me@x.org", "cy@x.org"), ("ann@x.org", "bob@x.org")))
        )
        tx.summary = "history"
    view = svc.people.view("ME@x.org")
    assert [(m.name, m.day) for m in view.met] == [("Bob", date(2027, 2, 15)), ("Ann", date(2026, 5, 4))]
    assert view.teams_never_met == ("Care", "Design")
    assert [m.name for m in view.weak_ties] == ["Ann"]  # met once, 10 months ago; Bob only 2 weeks ago
    assert view.next_sessions == ((date(2027, 3, 2), "Coffee", ("Me", "Cy")),)
    assert [(s.name, s.why) for s in view.suggestions] == [
        ("Cy", "nobody from Care met yet"),
        ("Dee", "nobody from Design met yet"),
        ("Ann", "met once, on 04 May 2026"),
    ]


def test_the_invites_of_a_leaver_stop_after_the_leave_date() -> None:
    from rituals.core.ical.events import Attendee, series_events

    allhands = Ritual(
        "allhands", "All hands", "other", Schedule(datetime(2027, 1, 6, 10), "Europe/Paris", frequency="weekly")
    )
    people = {
        p.email: p
        for p in (
            Person("a@x.org", "A", leave_date=date(2027, 1, 13)),
            Person("b@x.org", "B"),
            Person("c@x.org", "C", leave_date=date(2026, 12, 31)),
        )
    }
    (master,) = series_events(
        allhands, [], people, list(people), Attendee("b@x.org"), date(2027, 2, 1), date(2027, 1, 6)
    )
    assert {a.email for a in master.attendees} == {"a@x.org", "b@x.org"}  # C left before the first date
    skipped = dict(master.exdates_for)["a@x.org"]  # A's own copy skips every date after the 13th
    assert [d.date() for d in skipped] == [date(2027, 1, 20), date(2027, 1, 27)]
