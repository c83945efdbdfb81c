"""The CLI in French (issue 22) as a French-speaking reader meets it: every `--help` screen, the
lists, the report and the ideas, with `--lang fr`, `RITUALS_LANG=fr` or a French locale. English
stays as it was (the other CLI tests compare it).

"No English sentence" is checked with a list of common English words that are not French,
matched as whole words on the visible text, once what is not a sentence is set aside: ids,
e-mails, names and titles from the database, commands, option names, metavars and values in
backquotes. Texts that the core writes (a ritual's rhythm, its groups) are another branch's
work: while the core still writes them in English in both languages they are set aside too, and
checked as soon as they are translated.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals import locale
from rituals.cli import COMMANDS, app
from rituals.service import open_service
from tests.conftest import NOW_ENV, ROOT, frozen
from tests.test_terminal import run_in_pty, term_env  # noqa: F401 - the pty test's fixture

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")

ENGLISH = set(
    "the and with without people person group groups team teams session sessions invite invited added "
    "removed error nothing every from your which when week weeks day days cannot must use run this that "
    "there none already not".split()
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
NOT_SENTENCES = [
    re.compile(r"`[^`]*`"),  # values and commands, quoted as code
    re.compile(r"(?m)^│ [a-z]+(?= {2})"),  # command names, in the help's list of commands
    re.compile(r"[\w.+-]+@[\w.-]+"),  # e-mails, session ids
    re.compile(r"\brituals(?: [a-z][a-z-]*)+"),  # a command line: rituals people trail
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(?:/--?[\w-]+)?"),  # option names
    re.compile(r"\$?\b[A-Z][A-Z0-9_@:-]{2,}\b"),  # metavars, placeholders, variables
    re.compile(r"\b\w+_\w+\b"),  # parameter names: session_id
    re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b"),  # ids and kinds: coffee-roulette, two-truths-one-lie
]


def english_words(text: str, data: Iterable[str] = ()) -> list[str]:
    """The English words of ``text``'s sentences (``data``: names, titles... set aside first)."""
    text = ANSI.sub("", text)
    for item in sorted({d for d in data if d}, key=len, reverse=True):
        text = text.replace(item, " ")
        for end in range(len(item) - 1, 3, -1):  # shortened to fit its column: "Volunteer day — Banl…"
            text = text.replace(item[:end] + "…", " ")
    for pattern in NOT_SENTENCES:
        text = pattern.sub(" ", text)
    words = re.findall(r"[^\W\d_]+", text.lower())
    found = [w for w in words if w in ENGLISH]
    if re.search(r"\bno one\b", text, re.IGNORECASE):
        found.append("no one")
    return found


def test_the_word_check_finds_english_and_lets_french_and_data_through() -> None:
    assert english_words("3 people have a new group") == ["people", "group"]
    assert english_words("No one has gone 30 days without a session.") == ["days", "without", "session", "no one"]
    french = "Aucune séance : relancez `rituals people list` avec --team Data ; voir coffee-roulette@2026-12-08"
    assert english_words(french) == []
    assert english_words("Équipe People & Finance", data=["People & Finance"]) == []


# --------------------------------------------------------------------------- help screens
HELP_PROBE = """
import json, sys
from rituals.cli import language
language.start(sys.argv[1:])
import typer.main
from typer.testing import CliRunner
from rituals.cli import COMMANDS, build_app

app = build_app()
paths = []
for name, command in typer.main.get_command(app).commands.items():
    paths.append([name])
    paths.extend([name, sub] for sub in getattr(command, "commands", {}))
runner = CliRunner()
screens = {" ".join(p): runner.invoke(app, [*sys.argv[1:], *p, "--help"]).output for p in [[], *paths]}
print(json.dumps(screens))
"""


def help_screens(*argv: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """Every command's `--help`, in a process whose language was chosen from ``argv`` and the
    environment before the command modules were imported, as `rituals` itself does."""
    environ = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", HELP_PROBE, *argv], capture_output=True, text=True, cwd=ROOT, env=environ, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def french_help() -> dict[str, str]:
    return help_screens("--lang", "fr")


def test_every_command_has_a_french_help_screen(french_help: dict[str, str]) -> None:
    assert set(COMMANDS) <= set(french_help)
    assert {"people add", "people import", "ritual add", "closure remove"} <= set(french_help)
    for path, screen in french_help.items():
        assert "Utilisation" in screen and "Afficher ce message et quitter." in screen, (path, screen)
        assert "Options" in screen and "Usage:" not in screen, (path, screen)


@pytest.mark.parametrize("path", [*COMMANDS, "people add", "people import", "ritual add", "closure add"])
def test_french_help_has_no_english_sentence(french_help: dict[str, str], path: str) -> None:
    assert not english_words(french_help[path]), (path, english_words(french_help[path]), french_help[path])


def test_every_french_help_screen_is_free_of_english(french_help: dict[str, str]) -> None:
    leaks = {path: english_words(screen) for path, screen in french_help.items()}
    assert not {path: words for path, words in leaks.items() if words}


def test_french_help_from_the_environment_and_english_by_default(tmp_path: Path) -> None:
    env = {"RITUALS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "rituals", "ritual", "add", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env, "RITUALS_LANG": "fr", "NO_COLOR": "1"},
        timeout=120,
    )
    assert done.returncode == 0 and "Créer un rituel" in done.stdout and "Afficher ce message" in done.stdout
    english = subprocess.run(
        [sys.executable, "-m", "rituals", "ritual", "add", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env, "NO_COLOR": "1"},
        timeout=120,
    )
    assert "Create a ritual" in english.stdout and "Show this message and exit." in english.stdout
    assert "Usage:" in english.stdout


# --------------------------------------------------------------------------- outputs
def sample_data(db: Path) -> set[str]:
    """What the sample database holds and the CLI shows as it is: names, e-mails, teams,
    offices, titles, ids; and the core's descriptions while they are still English in French."""
    svc = open_service(db, clock=frozen, seed=1)
    data: set[str] = set()
    for p in svc.people.all():
        data |= {p.name, p.email, p.team, p.location, p.timezone, p.role, *p.tags}
    before = locale.current()
    for r in svc.rituals.all():
        data |= {r.id, r.title, r.kind, r.location or "", r.organizer or ""}
        upcoming = svc.rituals.next_dates(r, 1) if r.status == "active" else []
        texts = {}
        for lang in ("en", "fr"):
            locale.use(lang)
            texts[lang] = [r.schedule.describe(), r.grouping.describe(), *(r.schedule.when(d) for d in upcoming)]
        locale.use(before)
        data |= {en for en, fr in zip(texts["en"], texts["fr"]) if en == fr}  # not translated yet
    return data


def french(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--lang", "fr", "--db", str(db), *args], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ritual", "list"], ["6 rituels", "Titre", "Rythme", "Prochaine"]),
        (["people", "list"], ["45 personnes", "Nom", "Équipe", "Statut", "nouvel arrivant"]),
        (["report"], ["Bilan des rituels", "Participation par équipe", "Liens faibles", "Santé des rituels"]),
        (["suggest", "--seed", "1"], ["5 idées pour votre équipe", "Pourquoi\u00a0:", "Pour en faire un rituel"]),
    ],
    ids=["ritual list", "people list", "report", "suggest"],
)
def test_french_outputs_have_no_english_sentence(sample_db: Path, args: list[str], expected: list[str]) -> None:
    out = french(sample_db, *args)
    assert all(word in out for word in expected), out
    assert not english_words(out, sample_data(sample_db)), out


def test_the_language_comes_from_rituals_lang_and_the_locale(sample_db: Path) -> None:
    quiet = {"LC_ALL": "", "LC_MESSAGES": "", "RITUALS_LANG": ""}
    by_variable = runner.invoke(app, ["--db", str(sample_db), "ritual", "list"], env={**quiet, "RITUALS_LANG": "fr"})
    by_locale = runner.invoke(app, ["--db", str(sample_db), "ritual", "list"], env={**quiet, "LANG": "fr_FR.UTF-8"})
    assert "6 rituels" in by_variable.stdout and "6 rituels" in by_locale.stdout
    overruled = runner.invoke(
        app, ["--lang", "en", "--db", str(sample_db), "ritual", "list"], env={"RITUALS_LANG": "fr"}
    )
    assert "6 rituals" in overruled.stdout


def test_a_french_run_leaves_the_next_one_in_english(sample_db: Path) -> None:
    assert "45 personnes" in french(sample_db, "people", "list")
    assert locale.current() == "en"
    again = runner.invoke(app, ["--db", str(sample_db), "people", "list"], env={"RITUALS_LANG": "", "LANG": "C"})
    assert "45 people" in again.stdout and "Name" in again.stdout


def test_french_errors_and_usage_errors(sample_db: Path) -> None:
    bad_choice = runner.invoke(app, ["--lang", "fr", "--db", str(sample_db), "people", "list", "--format", "xml"])
    said = re.sub(r"[\s│]+", " ", bad_choice.stderr)  # the error panel wraps its line
    assert bad_choice.exit_code == 2 and "Valeur invalide pour" in said, said
    assert "ne fait pas partie des choix possibles" in said and "Traceback" not in bad_choice.output
    missing = runner.invoke(app, ["--lang", "fr", "--db", str(sample_db), "people", "add"])
    assert missing.exit_code == 2 and "Argument manquant" in missing.stderr
    refused = runner.invoke(app, ["--lang", "fr", "--db", str(sample_db), "rotate"])
    assert refused.exit_code == 2 and refused.stderr.startswith("erreur\u00a0: indiquez le rituel"), refused.stderr
    unknown = runner.invoke(app, ["--lang", "de", "--db", str(sample_db), "people", "list"])
    assert unknown.exit_code == 2 and "--lang" in unknown.stderr and "Traceback" not in unknown.output


def test_plurals_follow_the_french_rule(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    empty = french(db, "closure", "list")
    assert empty.startswith("0 fermeture\n")  # French: "0 fermeture", English: "0 closures"
    assert runner.invoke(app, ["--db", str(db), "closure", "list"], env={"LANG": "C"}).stdout.startswith("0 closures")


def test_english_start_loads_no_catalog_and_no_babel(tmp_path: Path) -> None:
    probe = (
        "import sys, gettext\n"
        "from rituals.cli import main\n"
        "sys.argv = ['rituals', 'suggest', '--seed', '1']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('BABEL', any(m.split('.')[0] == 'babel' for m in sys.modules))\n"
        "print('CATALOGS', len(gettext._translations))\n"
    )
    env = {**os.environ, "RITUALS_NOW": NOW_ENV, "LANG": "C.UTF-8", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for name in ("RITUALS_LANG", "LC_ALL", "LC_MESSAGES", "RITUALS_DB"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.splitlines()[-2:] == ["BABEL False", "CATALOGS 0"], done.stdout[-500:]


# --------------------------------------------------------------------------- a real terminal
def test_a_french_locale_on_a_terminal(term_env: dict[str, str]) -> None:  # noqa: F811
    env = {k: v for k, v in term_env.items() if k not in {"RITUALS_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"}}
    code, screen = run_in_pty(["people", "--help"], {**env, "LANG": "fr_FR.UTF-8"})
    assert code == 0, screen
    assert "Utilisation" in screen and "Afficher ce message et quitter" in screen, screen
    assert not english_words(screen), english_words(screen)
    code, screen = run_in_pty(["ritual", "list"], {**env, "LANG": "fr_FR.UTF-8"})
    assert code == 0 and "6 rituels" in screen and "Prochaine" in screen, screen
