"""The sample organisation is believable, and the committed copy matches its builder."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from rituals.sample import SAMPLE_ANCHOR, build_people, roster_csv, write_sample_db
from rituals.store import Store
from rituals.store.codec import to_dict

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def test_sample_organisation_is_believable() -> None:
    store = Store(SAMPLE / "rituals.json")
    people = store.people()
    teams = Counter(p.team for p in people)
    offices = {p.location for p in people if not p.is_remote}
    assert len(people) >= 40
    assert len(teams) >= 6 and len(set(teams.values())) > 3, "teams of uneven sizes"
    assert len(offices) >= 3 and any(p.is_remote for p in people)
    assert len({p.timezone for p in people}) >= 2
    assert sum(p.is_newcomer(SAMPLE_ANCHOR, days=60) for p in people) >= 3
    assert sum(p.is_paused(SAMPLE_ANCHOR) for p in people) == 1
    rituals = {r.id: r for r in store.rituals()}
    assert len({r.kind for r in rituals.values()}) >= 5
    assert rituals["coffee-roulette"].grouping.size == 2 and rituals["coffee-roulette"].schedule.frequency == "weekly"
    assert (
        rituals["cross-team-lunch"].grouping.size == 4 and rituals["cross-team-lunch"].schedule.frequency == "monthly"
    )
    held = [s for s in store.sessions() if s.status == "held"]
    span = max(s.day for s in held) - min(s.day for s in held)
    assert timedelta(days=75) <= span <= timedelta(days=100)
    assert {s.ritual_id for s in held} >= {"coffee-roulette", "cross-team-lunch", "volunteer-day", "gratitude-circle"}


def test_committed_sample_matches_the_builder(tmp_path: Path) -> None:
    rebuilt = write_sample_db(tmp_path / "db.json", SAMPLE_ANCHOR)
    committed = Store(SAMPLE / "rituals.json")
    assert to_dict(rebuilt.people()) == to_dict(committed.people())
    assert to_dict(rebuilt.rituals()) == to_dict(committed.rituals())
    assert to_dict(rebuilt.sessions()) == to_dict(committed.sessions())
    assert (SAMPLE / "roster.csv").read_text(encoding="utf-8") == roster_csv(build_people(SAMPLE_ANCHOR))


def test_roster_csv_imports_cleanly(svc) -> None:
    report = svc.people.import_file(SAMPLE / "roster.csv", default_timezone="Europe/Paris")
    assert len(report.added) == len(build_people(SAMPLE_ANCHOR))
