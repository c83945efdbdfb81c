"""Fixtures of the reliability tests: a small populated database file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule, Session
from rituals.store import Store


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """Three people, one rotating ritual with a planned and a held session."""
    path = tmp_path / "rituals.json"
    store = Store(path)
    with store.transaction() as tx:
        for email, name, team in (("ana@x.org", "Ana", "Data"), ("bo@x.org", "Bo", "Sales"), ("cy@x.org", "Cy", "Data")):
            tx.put_person(Person(email, name, team, joined=date(2025, 1, 6)))
        schedule = Schedule(datetime(2026, 12, 1, 12, 30), "Europe/Paris", frequency="weekly")
        tx.put_ritual(Ritual("lunch", "Lunch", "lunch", schedule, organizer="ana@x.org",
                             audience=Audience("people", ("ana@x.org", "bo@x.org", "cy@x.org")), grouping=Grouping(2)))
        tx.put_session(Session("lunch", datetime(2026, 11, 17, 12, 30), (("ana@x.org", "bo@x.org"),), "held"))
        tx.put_session(Session("lunch", datetime(2026, 12, 1, 12, 30), (("ana@x.org", "cy@x.org"), ("bo@x.org",))))
    return path
