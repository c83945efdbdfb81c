"""`rituals suggest` as a user meets it: readable ideas, JSON for scripts, friendly dead ends."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.catalog.ideas import find_idea
from rituals.store import Store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")


def run(db: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["--db", str(db), "suggest", *args], env=env)


def ideas_json(db: Path, *args: str) -> list[dict]:
    result = run(db, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_without_a_database_it_prints_five_ideas_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "none.json"
    result = run(db, "--lang", "en")
    assert result.exit_code == 0, result.output
    titles = [line for line in result.stdout.splitlines() if line[:2] in {f"{n}." for n in range(1, 10)}]
    assert len(titles) == 5
    assert result.stdout.count("Why: ") == 5
    assert "--plan" in result.stdout
    assert not db.exists() and not list(tmp_path.iterdir())


def test_with_the_sample_database_json_is_valid_and_explained(sample_db: Path) -> None:
    ideas = ideas_json(sample_db, "--lang", "en")
    assert len(ideas) == 5 and len({i["id"] for i in ideas}) == 5
    for item in ideas:
        idea = find_idea(item["id"])
        assert item["title"] == idea.title.en and item["reason"]
        assert item["steps"] == [s.en for s in idea.steps]
    # the sample team runs a weekly coffee roulette: coffee chats are not what it needs now
    assert "coffee-chat" not in {i["kind"] for i in ideas}
    before = sample_db.read_bytes()
    again = ideas_json(sample_db, "--lang", "en")
    assert not {i["id"] for i in ideas} & {i["id"] for i in again}  # each run shows new ideas...
    assert sample_db.read_bytes() == before  # ...without writing the team's plan


def test_language_comes_from_the_option_or_the_locale(tmp_path: Path) -> None:
    db = tmp_path / "none.json"
    french = ideas_json(db, "--seed", "3", "--lang", "fr")
    assert all(i["title"] == find_idea(i["id"]).title.fr and i["lang"] == "fr" for i in french)
    env = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}
    result = run(db, "--seed", "3", env=env)
    assert result.exit_code == 0 and "idées pour votre équipe" in result.stdout and "Pourquoi" in result.stdout
    with_en = run(db, "--seed", "3", env={**env, "LANG": "en_GB.UTF-8"})
    assert "ideas for your team" in with_en.stdout
    assert run(db, "--lang", "de").exit_code == 2


FILTERS = [
    (["--goal", "welcome"], lambda i: "welcome" in i["goals"]),
    (["--remote"], lambda i: i["format"] in ("remote", "hybrid")),
    (["--in-person"], lambda i: i["format"] in ("in-person", "hybrid")),
    (["--hybrid"], lambda i: i["format"] == "hybrid"),
    (["--people", "3"], lambda i: i["people"][0] <= 3 <= i["people"][1]),
    (["--minutes", "20"], lambda i: i["minutes"] <= 20),
    (["--budget", "free"], lambda i: i["budget"] == "free"),
    (["--effort", "low"], lambda i: i["effort"] == "low"),
    (["--kind", "game"], lambda i: i["kind"] == "game"),
    (["--season", "summer"], lambda i: i["seasons"] == ["any"] or "summer" in i["seasons"]),
]


@pytest.mark.parametrize(("args", "wanted"), FILTERS, ids=[" ".join(a) for a, _ in FILTERS])
def test_every_filter_narrows_the_result(tmp_path: Path, args: list[str], wanted) -> None:
    ideas = ideas_json(tmp_path / "none.json", "--seed", "1", "-n", "20", *args)
    assert ideas and all(wanted(i) for i in ideas)
    everything = ideas_json(tmp_path / "none.json", "--seed", "1", "-n", "20")
    assert not all(wanted(i) for i in everything), "the unfiltered list holds ideas this filter removes"


def test_count_option(tmp_path: Path) -> None:
    assert len(ideas_json(tmp_path / "none.json", "-n", "2")) == 2


def test_impossible_filters_name_the_culprit_without_a_crash(tmp_path: Path) -> None:
    result = run(tmp_path / "none.json", "--kind", "farewell", "--minutes", "5", "--lang", "en")
    assert result.exit_code == 1
    assert "No idea matches --minutes 5 (with --kind farewell)" in result.stderr
    assert not result.stdout.strip() and "Traceback" not in result.output and "error" not in result.output
    french = run(tmp_path / "none.json", "--people", "5000", "--lang", "fr")
    assert french.exit_code == 1 and "Aucune idée ne correspond à --people 5000" in french.stderr
    scripted = run(tmp_path / "none.json", "--budget", "free", "--minutes", "6", "-f", "json")
    assert scripted.exit_code == 1 and json.loads(scripted.stdout) == [] and "--minutes 6" in scripted.stderr


def test_bad_filter_values_are_usage_errors(tmp_path: Path) -> None:
    result = run(tmp_path / "none.json", "--goal", "fun")
    assert result.exit_code == 2 and "--goal" in result.stderr
    both = run(tmp_path / "none.json", "--remote", "--hybrid")
    assert both.exit_code == 2 and "choose one of --remote" in both.stderr


def test_plan_turns_an_idea_into_a_ritual(sample_db: Path) -> None:
    result = run(sample_db, "--plan", "petanque", "--start", "2027-05-20T17:30", "--tz", "Europe/Paris", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "rituel petanque créé" in result.stdout  # --lang is the reader's language: the whole output is French
    ritual = Store(sample_db).ritual("petanque")
    idea = find_idea("petanque")
    assert ritual.idea_id == "petanque" and ritual.kind == idea.kind and ritual.title == idea.title.fr
    assert ritual.grouping.size == idea.groups_of and ritual.schedule.timezone == "Europe/Paris"


def test_plan_prompts_for_missing_fields_at_a_terminal(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rituals.cli.suggest.interactive", lambda: True)
    result = runner.invoke(
        app,
        ["--db", str(sample_db), "suggest", "--plan", "book-club", "--lang", "en"],
        input="2027-01-14T12:30\nAmerica/New_York\n",
    )
    assert result.exit_code == 0, result.output
    assert "Start" in result.output and "Time zone" in result.output
    ritual = Store(sample_db).ritual("book-club")
    assert ritual.schedule.timezone == "America/New_York" and ritual.schedule.start.isoformat() == "2027-01-14T12:30:00"
    # pressing enter takes the defaults: next Monday at 12:30, in the team's most common zone
    again = runner.invoke(app, ["--db", str(sample_db), "suggest", "--plan", "book-club"], input="\n\n")
    assert again.exit_code == 0, again.output
    default = Store(sample_db).ritual("book-club-2")
    assert default.schedule.start.isoformat() == "2026-11-30T12:30:00" and default.schedule.timezone == "Europe/Paris"


def test_plan_as_json(sample_db: Path) -> None:
    result = run(sample_db, "--plan", "kudos-circle", "--start", "2026-12-18T16:00", "--every", "monthly", "-f", "json")
    assert result.exit_code == 0, result.output
    ritual = json.loads(result.stdout)
    assert ritual["idea_id"] == "kudos-circle" and ritual["schedule"]["frequency"] == "monthly"


def test_plan_without_a_start_says_what_is_missing(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    result = run(db, "--plan", "petanque")  # the test runner's stdin is not a terminal: no prompt
    assert result.exit_code == 2 and "--start" in result.stderr
    assert not db.exists()
    unknown = run(db, "--plan", "no-such-idea", "--start", "2027-05-20T17:30")
    assert unknown.exit_code == 2 and "unknown idea" in unknown.stderr


junk = st.text(max_size=12)
SUGGEST_OPTIONS = {
    "--goal": st.one_of(st.sampled_from(["silos", "welcome", "trust", "fun", ""]), junk),
    "--people": st.one_of(st.integers(-5, 10_000).map(str), junk),
    "--minutes": st.one_of(st.integers(-5, 600).map(str), junk),
    "--budget": st.one_of(st.sampled_from(["free", "low", "medium", "high", "cheap"]), junk),
    "--effort": st.one_of(st.sampled_from(["low", "medium", "high"]), junk),
    "--kind": st.one_of(st.sampled_from(["lunch", "farewell", "game", "party"]), junk),
    "--season": st.one_of(st.sampled_from(["winter", "summer", "fall", "hiver", "monsoon"]), junk),
    "--lang": st.sampled_from(["en", "fr", "de"]),
    "-n": st.one_of(st.integers(-1, 30).map(str), junk),
}


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_option_values_work_or_fail_in_one_clear_line(data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(sorted(SUGGEST_OPTIONS)), unique=True, max_size=5))
    args = [part for name in chosen for part in (name, data.draw(SUGGEST_OPTIONS[name]))]
    args += data.draw(
        st.lists(st.sampled_from(["--remote", "--in-person", "--hybrid", "--steps"]), unique=True, max_size=2)
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "none.json"
        result = run(db, *args)
        assert not db.exists()
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output, (args, result.output)
    if result.exit_code == 0:
        assert result.stdout.count("\n1. ") == 1
    elif result.exit_code == 1:
        assert result.stderr.startswith(("No idea matches", "Aucune idée")) and not result.stdout
