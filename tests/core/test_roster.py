import pytest

from rituals.core.errors import InvalidInput
from rituals.core.roster import decode, parse_roster


def test_headers_are_case_insensitive_and_french_works() -> None:
    roster = parse_roster(
        "Nom;Courriel;Équipe;Lieu;Fuseau horaire\nAnne Martin;ANNE@Ex.org;Design;Paris;Europe/Paris\n"
    )
    (person,) = roster.people
    assert (person.email, person.team, person.location, person.timezone) == (
        "anne@ex.org",
        "Design",
        "Paris",
        "Europe/Paris",
    )


def test_every_bad_row_is_named_with_its_line() -> None:
    text = (
        "name,email,team,joined\nA,a@x.org,T,\nB,not-an-email,T,\nC,c@x.org,T,2026-13-01\nD,a@x.org,T,\n,e@x.org,T,\n"
    )
    roster = parse_roster(text)
    assert [p.email for p in roster.people] == ["a@x.org"]
    assert [p.split(":")[0] for p in roster.problems] == ["line 3", "line 4", "line 5", "line 6"]
    assert "already appears on line 2" in roster.problems[2]


def test_missing_required_column_and_empty_file() -> None:
    with pytest.raises(InvalidInput, match="no email column"):
        parse_roster("name,team\nA,T\n")
    with pytest.raises(InvalidInput, match="empty"):
        parse_roster("")


def test_encodings_bom_and_latin1() -> None:
    assert decode("name,email\nZoë,z@x.org\n".encode("utf-8-sig")).startswith("name")
    text = decode("name,email\nHélène,h@x.org\n".encode("latin-1"))
    assert parse_roster(text).people[0].name == "Hélène"


def test_control_characters_never_reach_a_name() -> None:
    roster = parse_roster('name,email\n"Eve\r\nATTENDEE:evil@x.org",eve@x.org\n')
    assert roster.people[0].name == "Eve ATTENDEE:evil@x.org"
    assert "\n" not in roster.people[0].name and "\r" not in roster.people[0].name


def test_tags_and_quoted_commas() -> None:
    roster = parse_roster('name,email,tags\n"O\'Neil, Jr.",z@x.org,mentor|runner\n')
    person = roster.people[0]
    assert person.name == "O'Neil, Jr." and person.tags == ("mentor", "runner")
