"""The planner in French: what a French-speaking reader sees has no English sentence, and the
language switches live (l, or the palette) and back.

The texts checked are the planner's own: titles, tab and key names, column headers, labels,
buttons, placeholders, hints, the figures line, the Help. Texts the service writes (alerts,
schedules, explanations) are translated by the service; they and the organisation's own data
(names, teams, ritual titles) are left out of the check.
"""

from __future__ import annotations

import re

import pytest
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Markdown, Select, Static

from rituals.locale import current, use
from rituals.service import Service
from rituals.tui.app import RitualsApp, build_app
from rituals.tui.screens.help import HELP, HelpScreen, help_text
from rituals.tui.widgets.keys import KeyBar
from rituals.tui.widgets.nav import NavBar
from rituals.tui.widgets.table import Table
from tests.tui.conftest import SIZE, settle

# common English words that are not French words (the list), matched as whole words
ENGLISH = (
    "the and with without people person group groups team teams session sessions invite invited added "
    "removed error nothing every from your which when week weeks day days cannot must use run this that "
    "there none already not"
).split() + ["no one"]
ENGLISH_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.IGNORECASE)
# what the reader types, shown as examples (the syntax of a field, a command): not sentences
CODE = re.compile(r"`[^`]*`|\b\w+:\S+|week \d\d:\d\d-\d\d:\d\d|\(day, week|[\w.-]+@[\w.-]+")
OURS = ("#figures", "#people-count", "#idea-text", ".hint", ".panel-title", ".error")


def english_words(text: str) -> list[str]:
    return ENGLISH_WORD.findall(CODE.sub(" ", text))


def data_of(service: Service) -> list[str]:
    """The organisation's own words (names, teams, places, titles): shown as they were typed."""
    people = service.people.all()
    words = [p.name for p in people] + [p.team for p in people] + [p.location for p in people]
    words += [r.title for r in service.rituals.all()]
    return sorted((w for w in words if w), key=len, reverse=True)


def planner_text(screen: Screen, data: list[str]) -> str:
    """The planner's own visible texts on ``screen``, the organisation's data taken out."""
    texts: list[str] = []
    ours = {node for selector in OURS for node in screen.query(selector)}
    for node in screen.query("*"):
        if not node.display:
            continue
        if node.border_title:
            texts.append(str(node.border_title))
        if isinstance(node, (NavBar, KeyBar, Label)) or node in ours:
            texts.append(str(node.render()))
        elif isinstance(node, Markdown):
            texts.append(node.source)
        elif isinstance(node, Button):
            texts.append(str(node.label))
        elif isinstance(node, Input):
            texts.append(node.placeholder)
        elif isinstance(node, Select):
            texts.append(node.prompt)
        elif isinstance(node, Table):
            texts += [str(column.label) for column in node.columns]
        elif isinstance(node, DataTable):
            texts += [str(column.label) for column in node.columns.values()]
    text = CODE.sub(" ", "\n".join(texts))  # before the data: "teams:Design" stays whole
    for word in data:
        text = text.replace(word, " ")
    return text


@pytest.fixture
def french_app(sample_svc: Service) -> RitualsApp:
    return build_app(sample_svc, rotation_time_limit=20.0, lang="fr")


SCREENS = {
    "dashboard": (),
    "people": ("2",),
    "rituals": ("3",),
    "rotation": ("enter",),  # the dashboard's first row: its groups are proposed
    "ideas": ("5",),
    "help": ("question_mark",),
    "person form": ("2", "e"),
    "pause dialog": ("2", "p"),
    "ritual form": ("3", "e"),
    "new ritual form": ("3", "n"),
    "export dialog": ("x",),
    "history": ("h",),
    "cancel a date": ("3", "c"),
}


@pytest.mark.parametrize("keys", SCREENS.values(), ids=SCREENS.keys())
async def test_french_screens_have_no_english_sentence(french_app: RitualsApp, keys: tuple[str, ...]) -> None:
    async with french_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        text = planner_text(french_app.screen, data_of(french_app.service))
        assert len(text.split()) >= 5, text  # the screen was drawn: there is something to check
        assert english_words(text) == [], text


def test_the_word_check_finds_english() -> None:
    # the check itself can fail: an English label is found, a French one and a command are not
    assert english_words("Next sessions") == ["sessions"]
    assert english_words("No one here yet") == ["No one"]
    assert english_words("Prochaines séances · lancez `rituals doctor` · teams:Design,Data") == []


def test_the_french_help_has_no_english_sentence() -> None:
    use("fr")
    french = help_text()
    assert english_words(french) == [], english_words(french)
    assert french.startswith("# rituals — des moments partagés")
    assert len(french.split("\n\n")) == len(HELP)  # one message per paragraph, none left in English
    assert not any(paragraph in french for paragraph in HELP)


async def test_the_language_switches_live_and_back(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "People" in str(sample_app.screen.query_one(NavBar).render())
        await pilot.press("l")  # the table has the keys: l is the planner's language
        await settle(pilot)
        assert current() == "fr"
        screen = sample_app.screen
        assert screen.focused is not None and screen.focused.id == "people"  # and keeps them
        assert "Personnes" in str(screen.query_one(NavBar).render())
        assert "Ajouter" in str(screen.query_one(KeyBar).render())
        assert [str(c.label) for c in screen.query_one("#people", Table).columns][:2] == ["Nom", "Équipe"]
        assert "45 personnes sur 45" in str(screen.query_one("#people-count", Static).render())
        # a screen drawn before the switch is drawn again when it comes back
        await pilot.press("1")
        await settle(pilot)
        assert sample_app.screen.query_one("#upcoming").border_title == "14 prochains jours"
        assert "45 personnes" in str(sample_app.screen.query_one("#figures", Static).render())
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(sample_app.screen, HelpScreen)
        assert sample_app.screen.query_one("#help").border_title == "Aide"
        await pilot.press("l")  # from the Help too: it is drawn again, and the screen below
        await settle(pilot)
        assert current() == "en"
        assert sample_app.screen.query_one("#help").border_title == "Help"
        await pilot.press("escape")
        await settle(pilot)
        assert sample_app.screen.query_one("#upcoming").border_title == "Next 14 days"
        assert "45 people" in str(sample_app.screen.query_one("#figures", Static).render())
        await pilot.press("2")
        await settle(pilot)
        assert "Add" in str(sample_app.screen.query_one(KeyBar).render())


async def test_the_palette_command_switches_too_and_keeps_the_filters(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash", *"lyon")
        await settle(pilot)
        before = str(sample_app.screen.query_one("#people-count", Static).render())
        await sample_app.run_action("switch_language")
        await settle(pilot)
        assert sample_app.screen.query_one("#search", Input).value == "lyon"
        shown = str(sample_app.screen.query_one("#people-count", Static).render())
        assert before.split()[0] == shown.split()[0] and "personnes sur" in shown


async def test_a_dialog_keeps_its_language_until_closed(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")  # the export dialog: drawn again, it would lose what was typed
        await settle(pilot)
        await sample_app.run_action("switch_language")
        await settle(pilot)
        assert current() == "en"
        assert sample_app.screen.query_one("#export-form").border_title == "Export invites"


async def test_the_ideas_language_choice_is_the_planner_language(sample_app: RitualsApp) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        sample_app.screen.query_one("#idea-lang", Select).value = "fr"
        await settle(pilot)
        assert current() == "fr"
        screen = sample_app.screen
        assert screen.query_one("#idea-lang", Select).value == "fr"
        assert screen.query_one("#idea-goal", Select).prompt == "Objectif"
        assert screen.query_one("#ideas", Table).get_row_at(0)[0] == screen.ideas[0].idea.title.fr


async def test_stopping_a_ritual_is_asked_and_said_in_french(french_app: RitualsApp) -> None:
    async with french_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        title = french_app.screen.selected().title  # type: ignore[attr-defined]
        await pilot.press("C")
        await settle(pilot)
        question = str(french_app.screen.query_one(Static).render())
        assert question.startswith(f"Arrêter {title}\u202f? Ses séances prévues sont annulées")
        assert str(french_app.screen.query_one("#yes", Button).label) == "L’arrêter"
        await pilot.click("#yes")
        await settle(pilot)
        said = [notification.message for notification in french_app._notifications]
        assert f"Rituel {title} arrêté\u202f; son historique est conservé" in said


async def test_the_command_palette_speaks_french(french_app: RitualsApp) -> None:
    from textual.command import CommandInput, CommandList

    async with french_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert french_app.screen.query_one(CommandInput).placeholder == "Chercher une commande…"
        await pilot.press(*"th")
        await settle(pilot)
        shown = ""
        for _try in range(600):  # the palette searches on a timer: wait for its answer, not for a time
            shown = " ".join(str(option.prompt) for option in french_app.screen.query_one(CommandList).options)
            if "Changer" in shown:
                break
            await pilot.pause(0.05)
        assert "Thème" in shown and "Changer le thème actuel" in shown


def test_no_planner_module_hides_the_translation_function() -> None:
    """A name ``_`` bound in a function (``for _, x in``, ``def f(_)``) makes every ``_("...")``
    of that function call it instead: the planner once stopped a ritual that way."""
    import ast
    from pathlib import Path

    import rituals.tui

    found = []
    for path in sorted(Path(rituals.tui.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            bound = (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == "_") or (
                isinstance(node, ast.arg) and node.arg == "_"
            )
            if bound:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


async def test_the_planner_starts_in_the_reader_language(sample_svc: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    from rituals.locale import language_from

    monkeypatch.setenv("RITUALS_LANG", "fr")
    use(language_from())  # what the CLI does before it opens the planner
    app = build_app(sample_svc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Tableau de bord" in str(app.screen.query_one(NavBar).render())
        assert app.screen.query_one("#upcoming").border_title == "14 prochains jours"
