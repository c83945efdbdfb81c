"""Names in reading order: accents and case set aside, numbers read by value (the fallback order,
without ICU; the expected lists are written by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from rituals.core import collation
from rituals.core.collation import folded_key, numbered, sorted_names
from rituals.core.rotation import Member, plan_rounds


@pytest.fixture(autouse=True)
def _without_icu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collation, "_collator", lambda locale: folded_key)


def test_numbers_are_read_by_value() -> None:
    assert numbered("team 10b") == ("team ", 10, "b")
    assert numbered("7 dwarfs") == ("", 7, " dwarfs")
    assert sorted(["Team 10", "Team 2", "Team 1"], key=folded_key) == ["Team 1", "Team 2", "Team 10"]


def test_team_names_sort_as_a_reader_expects() -> None:
    names = ["Équipe 12", "ventes", "Team 10", "équipe 3", "Team 2", "Ops", "Ventes", "Team 2", "achats"]
    # case breaks a tie last, capitals first (code points): "Ventes" before "ventes"
    assert sorted_names(names) == ["achats", "équipe 3", "Équipe 12", "Ops", "Team 2", "Team 10", "Ventes", "ventes"]


def test_names_that_read_the_same_keep_one_order() -> None:
    # `Œuvre` is spelt `OEuvre`: the same key, so code-point order breaks the tie, whatever came first
    assert sorted_names(["OEuvre", "Œuvre"]) == sorted_names(["Œuvre", "OEuvre"]) == ["OEuvre", "Œuvre"]


def test_a_group_note_lists_its_teams_in_reading_order() -> None:
    members = [Member("a", "Team 10"), Member("b", "Team 2"), Member("c", "Équipe 9")]
    plan = plan_rounds(members, 3, 1, today=date(2026, 12, 7))
    note = plan.explanations[0][0]
    assert note.teams == ("Équipe 9", "Team 2", "Team 10")
    assert "mixes 3 teams (Équipe 9, Team 2, Team 10)" in note.text({})


def test_a_group_note_lists_its_places_in_reading_order() -> None:
    members = [Member("a", "Ops", "Lyon"), Member("b", "Ops", "Île-de-France"), Member("c", "Ops", "Annecy")]
    note = plan_rounds(members, 3, 1, fmt="hybrid", today=date(2026, 12, 7)).explanations[0][0]
    assert note.places == ("Annecy", "Île-de-France", "Lyon")
    assert "spans Annecy, Île-de-France, Lyon" in note.text({})
