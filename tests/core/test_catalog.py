"""The idea catalog: its shipped content, its filters, and how ranking reacts to the team."""

from __future__ import annotations

import json
import random
import re
import tomllib
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.core.catalog.filter import Filters, NoMatch, filter_ideas
from rituals.core.catalog.ideas import (
    CatalogError,
    checksum,
    find_idea,
    idea_spec,
    language_from_env,
    load_catalog,
    parse_idea,
    read_document,
    season_of,
)
from rituals.core.catalog.rank import TeamContext, exclude_recent, rank, record_shown, suggest_ideas
from rituals.core.errors import InvalidInput
from rituals.core.ritual_spec import build_ritual

RAW = tomllib.loads((files("rituals") / "data" / "catalog.toml").read_text(encoding="utf-8"))["idea"]
IDEAS = load_catalog()

# The vocabulary ideas are written in (the values `--kind`, `--goal`, `--format`... accept), spelled
# out here rather than imported: a word dropped from the code or from the catalog fails a test.
KINDS = (
    "lunch",
    "volunteer-day",
    "cross-team-meeting",
    "coffee-chat",
    "gratitude-circle",
    "welcome",
    "farewell",
    "skill-share",
    "outdoor",
    "game",
    "wellbeing",
    "other",
)
GOALS = ("silos", "inclusion", "welcome", "gratitude", "wellbeing", "learning", "celebration", "trust")
FORMATS = ("in-person", "remote", "hybrid")
BUDGETS = ("free", "low", "medium", "high")
EFFORTS = ("low", "medium", "high")
SEASONS = ("spring", "summer", "autumn", "winter")
AT_MOST_OF_A_KIND = 2  # in one answer of five, while other kinds are left


# --------------------------------------------------------------------------- the shipped content
def test_catalog_is_large_and_ids_are_unique_slugs() -> None:
    ids = [raw["id"] for raw in RAW]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert len(IDEAS) == len(RAW)


def test_every_kind_goal_and_format_is_covered() -> None:
    assert {raw["kind"] for raw in RAW} == set(KINDS)
    assert {g for raw in RAW for g in raw["goals"]} == set(GOALS)
    assert {raw["format"] for raw in RAW} == set(FORMATS)
    # remote and hybrid teams must have real choice, not a token idea or two
    assert sum(raw["format"] == "remote" for raw in RAW) >= 8


@pytest.mark.parametrize("raw", RAW, ids=[raw["id"] for raw in RAW])
def test_each_idea_follows_the_schema(raw: dict) -> None:
    assert raw["kind"] in KINDS
    assert raw["goals"] and set(raw["goals"]) <= set(GOALS) and len(set(raw["goals"])) == len(raw["goals"])
    assert raw["format"] in FORMATS
    low, high = raw["people"]
    assert 1 <= low <= high
    if "groups_of" in raw:
        assert 2 <= raw["groups_of"] <= min(12, high)
    assert 5 <= raw["minutes"] <= 480
    assert raw["budget"] in BUDGETS and raw["effort"] in EFFORTS and raw["energy"] in ("calm", "active")
    assert raw["seasons"] == ["any"] or (raw["seasons"] and set(raw["seasons"]) <= set(SEASONS))
    assert raw["weather"] in ("any", "dry") and raw["rhythm"] in ("once", "weekly", "monthly")
    if raw["weather"] == "dry":
        assert raw["format"] != "remote", "a remote ritual does not depend on the weather"


@pytest.mark.parametrize("raw", RAW, ids=[raw["id"] for raw in RAW])
def test_each_idea_is_written_in_both_languages(raw: dict) -> None:
    for field in ("title", "description"):
        en, fr = raw[field]["en"].strip(), raw[field]["fr"].strip()
        assert en and fr
        if field == "description":
            assert en != fr, "the French text must be a translation, not a copy"
            assert len(en) >= 80 and len(fr) >= 80, "a description says what it is and why it helps"
    en_steps, fr_steps = raw["steps"]["en"], raw["steps"]["fr"]
    assert 2 <= len(en_steps) <= 4 and len(fr_steps) == len(en_steps)
    assert all(step.strip() for step in [*en_steps, *fr_steps])
    french = " ".join([raw["title"]["fr"], raw["description"]["fr"], *fr_steps])
    assert not re.search(r" [:;!?»]", french), "French typography: a non-breaking space before : ; ! ? »"
    assert "\u00a0" not in " ".join([raw["description"]["en"], *en_steps])
    assert re.search(r"\b(vous|votre|vos|de|la|le|les|des|un|une)\b", french), "this does not read as French"


def test_parse_idea_names_the_idea_and_the_bad_field() -> None:
    broken = {**RAW[0], "budget": "cheap"}
    with pytest.raises(CatalogError, match=rf"{RAW[0]['id']}.*budget"):
        parse_idea(broken)
    with pytest.raises(CatalogError, match="steps"):
        parse_idea({**RAW[0], "steps": {"en": ["one", "two"], "fr": ["un"]}})
    with pytest.raises(CatalogError, match="fr"):
        parse_idea({**RAW[0], "title": {"en": "Only English"}})


def test_load_catalog_parses_once() -> None:
    assert load_catalog() is load_catalog()


def test_the_compiled_copy_matches_the_toml() -> None:
    data = files("rituals") / "data"
    source = (data / "catalog.toml").read_bytes()
    copy = json.loads((data / "catalog.json").read_bytes())
    stale = "catalog.json is stale: run `python -m rituals.core.catalog` after editing catalog.toml"
    assert copy["source"] == checksum(source), stale
    assert copy["document"] == tomllib.loads(source.decode("utf-8")), stale


def test_a_stale_or_missing_compiled_copy_falls_back_to_the_toml(tmp_path: Path) -> None:
    source = b'[[idea]]\nid = "x"\n'
    stale = tmp_path / "catalog.json"
    stale.write_text(json.dumps({"source": "0-00000000", "document": {"idea": []}}))
    assert read_document(source, stale) == {"idea": [{"id": "x"}]}
    assert read_document(source, tmp_path / "missing.json") == {"idea": [{"id": "x"}]}
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps({"source": checksum(source), "document": {"idea": []}}))
    assert read_document(source, fresh) == {"idea": []}


def test_find_idea() -> None:
    assert find_idea(" Lunch-Roulette ").id == "lunch-roulette"
    with pytest.raises(InvalidInput, match="unknown idea"):
        find_idea("no-such-idea")


# --------------------------------------------------------------------------- filters
FILTER_CASES = [
    (Filters(goal="welcome"), lambda i: "welcome" in i.goals),
    (Filters(format="remote"), lambda i: i.format in ("remote", "hybrid")),
    (Filters(format="in-person"), lambda i: i.format in ("in-person", "hybrid")),
    (Filters(format="hybrid"), lambda i: i.format == "hybrid"),
    (Filters(people=3), lambda i: i.people_min <= 3 <= i.people_max),
    (Filters(people=150), lambda i: i.people_min <= 150 <= i.people_max),
    (Filters(minutes=30), lambda i: i.minutes <= 30),
    (Filters(budget="free"), lambda i: i.budget == "free"),
    (Filters(budget="low"), lambda i: i.budget in ("free", "low")),
    (Filters(effort="low"), lambda i: i.effort == "low"),
    (Filters(kind="farewell"), lambda i: i.kind == "farewell"),
    (Filters(season="winter"), lambda i: "any" in i.seasons or "winter" in i.seasons),
]


@pytest.mark.parametrize(("filters", "wanted"), FILTER_CASES, ids=[repr(f) for f, _ in FILTER_CASES])
def test_each_filter_keeps_exactly_the_matching_ideas(filters: Filters, wanted) -> None:
    kept = filter_ideas(IDEAS, filters.checked())
    assert kept, "every example filter leaves something"
    assert len(kept) < len(IDEAS), "a filter narrows the list"
    assert {i.id for i in kept} == {i.id for i in IDEAS if wanted(i)}


def test_filters_combine() -> None:
    kept = filter_ideas(IDEAS, Filters(format="remote", budget="free", minutes=30))
    assert kept and all(i.format != "in-person" and i.budget == "free" and i.minutes <= 30 for i in kept)


def test_filter_values_are_checked_and_normalised() -> None:
    assert Filters(goal=" Silos ", season="fall").checked() == Filters(goal="silos", season="autumn")
    with pytest.raises(InvalidInput, match="--goal"):
        Filters(goal="fun").checked()
    with pytest.raises(InvalidInput, match="--people"):
        Filters(people=0).checked()


def test_no_match_names_the_filter_that_emptied_the_list() -> None:
    with pytest.raises(NoMatch) as caught:
        filter_ideas(IDEAS, Filters(goal="welcome", minutes=5))
    assert caught.value.option == "--minutes"
    assert "--minutes 5" in caught.value.text.en and "--goal welcome" in caught.value.text.en
    assert "--minutes 5" in caught.value.text.fr and "Aucune idée" in caught.value.text.fr
    shortest = min(i.minutes for i in IDEAS if "welcome" in i.goals)
    assert f"{shortest} minutes" in caught.value.text.en


# --------------------------------------------------------------------------- helpers
def test_language_follows_the_locale_in_posix_order() -> None:
    assert language_from_env({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert language_from_env({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}) == "en"
    assert language_from_env({"LANG": "en_GB", "LC_MESSAGES": "fr_CA"}) == "fr"
    assert language_from_env({"LANG": "C"}) == "en"
    assert language_from_env({}) == "en"


def test_season_of() -> None:
    assert [season_of(date(2026, m, 15)) for m in (1, 4, 7, 10, 12)] == [
        "winter",
        "spring",
        "summer",
        "autumn",
        "winter",
    ]


def test_an_idea_becomes_a_valid_ritual_draft() -> None:
    idea = find_idea("lunch-roulette")
    ritual = build_ritual(
        idea_spec(idea, "fr", start="2026-12-03T12:30", timezone="Europe/Paris"), today=date(2026, 11, 23)
    )
    assert ritual.title == idea.title.fr and ritual.kind == "lunch" and ritual.idea_id == idea.id
    assert ritual.grouping.size == idea.groups_of
    assert ritual.schedule.duration.total_seconds() == idea.minutes * 60
    assert ritual.schedule.frequency == idea.rhythm and ritual.schedule.timezone == "Europe/Paris"
    assert idea.steps[0].fr in ritual.description


# --------------------------------------------------------------------------- ranking
def top(ctx: TeamContext, seed: int, n: int = 5, filters: Filters | None = None):
    return suggest_ideas(IDEAS, filters or Filters(), ctx, n, random.Random(seed))


def test_without_context_suggestions_are_distinct_varied_and_explained() -> None:
    for seed in range(20):
        found = top(TeamContext(), seed)
        assert len(found) == 5 and len({s.idea.id for s in found}) == 5
        assert all(s.reason.en and s.reason.fr and s.reason.en != s.reason.fr for s in found)
        kinds = [s.idea.kind for s in found]
        assert max(kinds.count(k) for k in kinds) <= AT_MOST_OF_A_KIND


def test_the_same_seed_gives_the_same_suggestions() -> None:
    ctx = TeamContext(people=10, remote_share=0.6)
    assert [s.idea.id for s in top(ctx, 7)] == [s.idea.id for s in top(ctx, 7)]
    assert any([s.idea.id for s in top(ctx, 7)] != [s.idea.id for s in top(ctx, seed)] for seed in range(8, 12))


def test_a_mostly_remote_team_gets_remote_friendly_ideas() -> None:
    ctx = TeamContext(people=20, remote_share=0.9)
    for seed in range(10):
        found = top(ctx, seed)
        assert all(s.idea.format in ("remote", "hybrid") for s in found)
        assert any("90% of the team is remote" in s.reason.en for s in found)
    office = top(TeamContext(people=20, remote_share=0.0), 1)
    assert not any("remote" in s.reason.en for s in office)


def test_newcomers_bring_welcome_ideas_with_the_reason() -> None:
    ctx = TeamContext(people=20, newcomers=3)
    for seed in range(10):
        first = top(ctx, seed)[0]
        assert "welcome" in first.idea.goals
        assert first.reason.en.startswith("3 people joined") and "3\u00a0personnes" in first.reason.fr
    assert not any("joined" in s.reason.en for s in top(TeamContext(people=20), 1))


def test_isolated_people_bring_inclusion_ideas() -> None:
    ctx = TeamContext(people=20, isolated=4, isolation_days=60)
    first = top(ctx, 3)[0]
    assert "inclusion" in first.idea.goals and "4 people have not joined any ritual in 60 days" in first.reason.en


def test_few_cross_team_pairs_bring_silo_breakers_and_many_do_not() -> None:
    found = top(TeamContext(people=20, cross_team_met=0.1), 5)
    assert "silos" in found[0].idea.goals and "Only 10% of cross-team pairs" in found[0].reason.en
    assert not any("cross-team pairs" in s.reason.en for s in top(TeamContext(people=20, cross_team_met=0.8), 5))


def test_farewells_are_never_pushed_by_team_needs() -> None:
    ctx = TeamContext(people=20, remote_share=0.9, isolated=5, cross_team_met=0.0)
    farewells = top(ctx, 1, n=4, filters=Filters(kind="farewell"))
    assert all(s.reason.en.startswith("Keep it ready for the next departure:") for s in farewells)


def test_off_season_ideas_step_back() -> None:
    ctx = TeamContext(season="winter")
    for seed in range(15):
        assert all(s.idea.fits_season("winter") for s in top(ctx, seed))
    summer_only = [i for i in IDEAS if i.seasons == ("summer",)]
    assert summer_only, "the catalog has summer-only ideas to test with"


def test_off_season_ideas_stay_out_even_once_the_season_s_ideas_were_all_shown() -> None:
    winter = TeamContext(season="winter", shown=tuple(i.id for i in IDEAS if i.fits_season("winter")))
    for seed in range(10):
        picked = suggest_ideas(IDEAS, Filters(), winter, 5, random.Random(seed))
        assert len(picked) == 5 and all(s.idea.fits_season("winter") for s in picked)
    # nothing of the season fits: better an idea for later than no answer
    not_for_winter = [i for i in IDEAS if i.kind == "outdoor" and not i.fits_season("winter")]
    later = suggest_ideas(not_for_winter, Filters(kind="outdoor"), TeamContext(season="winter"), 3, random.Random(1))
    assert not_for_winter and len(later) == min(3, len(not_for_winter))


def test_asking_for_a_season_plans_for_that_season() -> None:
    summer_only = {i.id for i in IDEAS if i.seasons == ("summer",)}
    winter = TeamContext(season="winter")
    picked = [
        s for seed in range(10) for s in suggest_ideas(IDEAS, Filters(season="summer"), winter, 5, random.Random(seed))
    ]
    assert {s.idea.id for s in picked} & summer_only, "summer ideas were pushed back as off-season"
    assert any("summer" in s.reason.en for s in picked if s.idea.id in summer_only)


def test_recent_kinds_and_ideas_are_never_suggested() -> None:
    ctx = TeamContext(recent_kinds=frozenset({"lunch", "coffee-chat", "game"}), recent_ideas=frozenset({"merci-wall"}))
    for seed in range(20):
        for s in top(ctx, seed):
            assert s.idea.kind not in {"lunch", "coffee-chat", "game"} and s.idea.id != "merci-wall"
    # asking for a kind explicitly brings it back, but never the very idea the team just ran
    asked = top(
        TeamContext(recent_kinds=frozenset({"lunch"}), recent_ideas=frozenset({"potluck"})),
        1,
        n=20,
        filters=Filters(kind="lunch"),
    )
    assert asked and {s.idea.kind for s in asked} == {"lunch"} and "potluck" not in {s.idea.id for s in asked}
    # "other" is a catch-all kind: a recent "other" ritual says nothing about these ideas
    assert any(i.kind == "other" for i in exclude_recent(IDEAS, TeamContext(recent_kinds=frozenset({"other"}))))


def test_when_the_team_did_everything_matching_the_message_says_so() -> None:
    ctx = TeamContext(recent_ideas=frozenset(i.id for i in IDEAS if i.kind == "farewell"))
    with pytest.raises(NoMatch) as caught:
        top(ctx, 1, filters=Filters(kind="farewell"))
    assert caught.value.option == "recent" and "last few weeks" in caught.value.text.en


def test_rotation_shows_every_candidate_before_repeating() -> None:
    candidates = filter_ideas(IDEAS, Filters(goal="gratitude"))
    shown: list[str] = []
    seen_once: list[str] = []
    rng = random.Random(4)
    while len(seen_once) < len(candidates):
        picked = rank(candidates, TeamContext(shown=tuple(shown)), 3, rng)
        fresh = [s.idea.id for s in picked if s.idea.id not in seen_once]
        left = len(candidates) - len(seen_once)
        assert len(fresh) == min(3, left), "no repeat while some candidate was never shown"
        seen_once += fresh
        shown = record_shown(shown, picked, keep=len(IDEAS))
    again = rank(candidates, TeamContext(shown=tuple(shown)), 2, rng)
    # once everything was shown, the longest-unseen come back first
    assert {s.idea.id for s in again} <= set(shown[: len(shown) - 1])


def test_record_shown_moves_picks_to_the_end_and_caps_the_list() -> None:
    picked = top(TeamContext(), 1, n=2)
    ids = [s.idea.id for s in picked]
    assert record_shown(["a", ids[0], "b"], picked, keep=10) == ["a", "b", *ids]
    assert record_shown(["a", "b", "c"], picked, keep=3) == ["c", *ids]


# --------------------------------------------------------------------------- properties

filters_strategy = st.builds(
    Filters,
    goal=st.none() | st.sampled_from(GOALS),
    format=st.none() | st.sampled_from(FORMATS),
    people=st.none() | st.integers(1, 600),
    minutes=st.none() | st.integers(5, 500),
    budget=st.none() | st.sampled_from(BUDGETS),
    effort=st.none() | st.sampled_from(EFFORTS),
    season=st.none() | st.sampled_from(SEASONS),
)
context_strategy = st.builds(
    TeamContext,
    people=st.integers(0, 300),
    remote_share=st.floats(0, 1),
    newcomers=st.integers(0, 20),
    isolated=st.integers(0, 20),
    cross_team_met=st.none() | st.floats(0, 1),
    recent_kinds=st.frozensets(st.sampled_from(KINDS), max_size=5),
    recent_ideas=st.frozensets(st.sampled_from([i.id for i in IDEAS]), max_size=10),
    shown=st.lists(st.sampled_from([i.id for i in IDEAS]), max_size=80, unique=True).map(tuple),
    season=st.none() | st.sampled_from(SEASONS),
)


@settings(max_examples=150, deadline=None)
@given(filters=filters_strategy, ctx=context_strategy, n=st.integers(1, 12), seed=st.integers(0, 2**32))
def test_suggestions_always_respect_filters_and_recent_activity(
    filters: Filters, ctx: TeamContext, n: int, seed: int
) -> None:
    try:
        found = suggest_ideas(IDEAS, filters, ctx, n, random.Random(seed))
    except NoMatch as no_match:
        assert no_match.text.en.startswith("No idea matches") and no_match.text.fr.startswith("Aucune idée")
        return
    allowed_ideas = exclude_recent(filter_ideas(IDEAS, filters), ctx)
    season = filters.checked().season or ctx.season
    in_season = [i for i in allowed_ideas if season is None or i.fits_season(season)]
    allowed = {i.id for i in (in_season or allowed_ideas)}
    ids = [s.idea.id for s in found]
    assert 1 <= len(ids) <= n and len(set(ids)) == len(ids)
    assert set(ids) <= allowed
    assert len(ids) == min(n, len(allowed))
    assert all(s.reason.en and s.reason.fr for s in found)


def test_a_compiled_copy_is_checked_like_the_toml(tmp_path: Path) -> None:
    from rituals.core.catalog.ideas import read_catalog

    source = b"# the TOML this copy claims to come from\n"
    (tmp_path / "catalog.toml").write_bytes(source)
    bad = {**RAW[0], "minutes": 2}
    (tmp_path / "catalog.json").write_text(json.dumps({"source": checksum(source), "document": {"idea": [bad]}}))
    with pytest.raises(CatalogError, match="minutes"):
        read_catalog(tmp_path)
    (tmp_path / "catalog.json").write_text(json.dumps({"source": checksum(source), "document": {"idea": RAW[:1]}}))
    assert [i.id for i in read_catalog(tmp_path)] == [RAW[0]["id"]]


def test_the_compiled_copy_builds_the_ideas_the_checked_parse_builds() -> None:
    from rituals.core.catalog.ideas import parse_catalog

    checked = parse_catalog(tomllib.loads((files("rituals") / "data" / "catalog.toml").read_text(encoding="utf-8")))
    assert load_catalog() == checked and [i.id for i in load_catalog()] == [i.id for i in checked]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "party"),
        ("format", "online"),
        ("energy", "wild"),
        ("weather", "snow"),
        ("rhythm", "daily"),
        ("description", {"en": "Only English"}),
        ("title", {"en": " ", "fr": "Titre"}),
    ],
)
def test_every_field_of_an_idea_is_checked(field: str, value: object) -> None:
    with pytest.raises(CatalogError, match=field):
        parse_idea({**RAW[0], field: value})
