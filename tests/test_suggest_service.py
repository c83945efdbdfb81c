"""The suggest service: the team context it reads from the store, rotation state, and plans."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from rituals.core.catalog.filter import Filters
from rituals.core.catalog.ideas import find_idea
from rituals.core.catalog.rank import TeamContext
from rituals.core.errors import InvalidInput, StorageError
from rituals.core.models import Person, Ritual, Schedule, Session
from rituals.service import Service, open_service
from tests.conftest import frozen


def person(email: str, team: str, location: str, joined: date | None = None, paused: date | None = None) -> Person:
    return Person(
        email=email, name=email.split("@")[0].title(), team=team, location=location, joined=joined, paused_until=paused
    )


@pytest.fixture
def team(svc: Service) -> Service:
    """Two teams of two (half remote), a newcomer, a paused colleague, one recent coffee."""
    with svc.store.transaction() as tx:
        tx.put_person(person("a@x.example", "Eng", "remote"))
        tx.put_person(person("b@x.example", "Eng", "Paris"))
        tx.put_person(person("c@x.example", "Sales", "remote", joined=date(2026, 11, 13)))
        tx.put_person(person("d@x.example", "Sales", "Paris", joined=date(2024, 1, 8)))
        tx.put_person(person("e@x.example", "Ops", "Paris", paused=date(2026, 12, 31)))
        coffee = Ritual(
            id="coffee",
            title="Coffee",
            kind="coffee-chat",
            schedule=Schedule(start=datetime(2026, 11, 10, 10)),
            idea_id="virtual-coffee-roulette",
        )
        tx.put_ritual(coffee)
        tx.put_ritual(
            Ritual(
                id="give",
                title="Give",
                kind="volunteer-day",
                schedule=Schedule(start=datetime(2026, 12, 1, 9), frequency="weekly"),
            )
        )
        tx.put_ritual(
            Ritual(
                id="games",
                title="Games",
                kind="game",
                status="cancelled",
                schedule=Schedule(start=datetime(2026, 11, 20, 12)),
            )
        )
        tx.put_session(
            Session(
                ritual_id="coffee",
                start=datetime(2026, 11, 10, 10),
                groups=(("a@x.example", "d@x.example"),),
                status="held",
            )
        )
        # the coffee's first session, in August: b could have come since then
        tx.put_session(
            Session(
                ritual_id="coffee",
                start=datetime(2026, 8, 4, 10),
                groups=(("a@x.example", "d@x.example"),),
                status="held",
            )
        )
    return svc


def test_team_context_reads_the_store(team: Service) -> None:
    ctx = team.ideas.team_context()
    assert ctx.people == 4  # the paused colleague is away
    assert ctx.remote_share == 0.5
    assert ctx.newcomers == 1
    assert ctx.isolated == 1  # b: could have come since August, never did; the newcomer is not counted
    assert ctx.cross_team_met == 0.25  # a met d; 4 cross-team pairs in all
    assert ctx.recent_kinds == {"coffee-chat", "volunteer-day"}  # the cancelled ritual does not count
    assert "virtual-coffee-roulette" in ctx.recent_ideas
    assert ctx.season == "autumn" and ctx.shown == ()


def test_suggestions_skip_what_the_team_does_and_rotate(team: Service) -> None:
    first = team.ideas.suggest(n=5)
    assert len(first) == 5
    assert not {s.idea.kind for s in first} & {"coffee-chat", "volunteer-day"}
    assert team.ideas.shown() == [s.idea.id for s in first]
    second = team.ideas.suggest(n=5)
    assert not {s.idea.id for s in first} & {s.idea.id for s in second}
    assert any("joined" in s.reason.en or "remote" in s.reason.en for s in first + second)


def test_a_seed_is_reproducible_and_records_nothing(team: Service) -> None:
    before = team.store.revision
    one = [s.idea.id for s in team.ideas.suggest(n=5, seed=42)]
    two = [s.idea.id for s in team.ideas.suggest(n=5, seed=42)]
    assert one == two
    assert team.store.revision == before


def test_suggest_never_writes_the_database(team: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (team.store.path.read_bytes(), team.store.revision)

    def refuse():
        raise StorageError("database is read-only")

    monkeypatch.setattr(team.store, "transaction", refuse)
    assert len(team.ideas.suggest(n=3)) == 3 and len(team.ideas.shown()) == 3
    assert (team.store.path.read_bytes(), team.store.revision) == before


def test_what_was_shown_is_kept_per_database_and_survives_a_bad_cache(
    team: Service, own_cache: Path, tmp_path: Path
) -> None:
    shown = [s.idea.id for s in team.ideas.suggest(n=4)]
    other = open_service(tmp_path / "other.json", clock=frozen, seed=1)
    assert team.ideas.shown() == shown and other.ideas.shown() == []  # another database, another list
    again = open_service(team.store.path, clock=frozen, seed=7)
    assert again.ideas.shown() == shown  # a new run of the same database remembers
    for cache in own_cache.glob("suggest-*.json"):
        cache.write_text("{not json")
    assert team.ideas.shown() == [] and len(team.ideas.suggest(n=2)) == 2  # a broken cache is just forgotten


def test_a_cache_that_cannot_be_written_still_gets_suggestions(
    team: Service, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("RITUALS_CACHE", str(blocker / "cache"))
    assert len(team.ideas.suggest(n=3)) == 3 and team.ideas.shown() == []


def test_without_a_database_it_works_and_creates_nothing(svc: Service) -> None:
    assert not svc.store.exists
    assert svc.ideas.team_context() == TeamContext(season="autumn")
    found = svc.ideas.suggest(Filters(format="remote"), n=5)
    assert len(found) == 5 and all(s.idea.format != "in-person" for s in found)
    assert not svc.store.exists and not list(Path(svc.store.path).parent.glob("*.json*"))
    # ...yet it rotates: the next run shows other ideas
    assert not {s.idea.id for s in found} & {s.idea.id for s in svc.ideas.suggest(Filters(format="remote"), n=5)}


def test_plan_idea_saves_a_ritual_under_a_free_id(team: Service) -> None:
    idea = find_idea("lunch-roulette")
    first = team.ideas.plan("lunch-roulette", "2026-12-03T12:30", "Europe/Paris", "fr")
    again = team.ideas.plan("lunch-roulette", "2026-12-10T12:30", "Europe/Paris", "en", every="2w")
    assert (first.id, again.id) == ("lunch-roulette", "lunch-roulette-2")
    stored = team.store.ritual("lunch-roulette")
    assert stored.title == idea.title.fr and stored.idea_id == idea.id and stored.grouping.size == idea.groups_of
    assert team.store.ritual("lunch-roulette-2").schedule.interval == 2
    # a planned idea is now something the team does: it is not suggested again
    assert "lunch-roulette" in team.ideas.team_context().recent_ideas


def test_plan_idea_checks_its_input(team: Service) -> None:
    with pytest.raises(InvalidInput, match="unknown idea"):
        team.ideas.to_ritual("no-such-idea", "2026-12-03T12:30")
    with pytest.raises(InvalidInput, match="bad start"):
        team.ideas.to_ritual("lunch-roulette", "next tuesday")
    with pytest.raises(InvalidInput, match="past"):
        team.ideas.to_ritual("lunch-roulette", "2026-01-05T12:30")


def test_a_plan_without_a_zone_takes_the_team_s_most_common_one(svc: Service) -> None:
    assert svc.people.team_timezone() is None
    with svc.store.transaction() as tx:
        for n, zone in enumerate(["Europe/Paris", "Europe/Paris", "America/New_York"]):
            tx.put_person(Person(email=f"p{n}@x.example", name=f"P{n}", timezone=zone))
    assert svc.ideas.to_ritual("brown-bag", "2026-12-03T12:30").schedule.timezone == "Europe/Paris"
    assert svc.ideas.to_ritual("brown-bag", "2026-12-03T12:30", "Asia/Tokyo").schedule.timezone == "Asia/Tokyo"
