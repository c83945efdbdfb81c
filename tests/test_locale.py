"""The message catalogs: which language a reader gets, and a French catalog that is complete,
never fuzzy, and compiled (the .mo shipped in the package is the one its .po makes)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from rituals import locale
from rituals.locale import catalogs


@pytest.mark.parametrize(
    ("chosen", "env", "expected"),
    [
        (None, {}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "fr"),
        (None, {"LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),  # LC_ALL outranks LANG
        (None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "fr"),
        (None, {"LANG": "en_US.UTF-8", "RITUALS_LANG": "fr"}, "fr"),  # ours outranks the locale
        ("en", {"RITUALS_LANG": "fr", "LANG": "fr_FR.UTF-8"}, "en"),  # --lang outranks everything
        (None, {"LANG": "de_DE.UTF-8"}, "en"),  # a language we do not have: English
        (None, {"LANG": "C.UTF-8"}, "en"),
        ("FR-fr", {}, "fr"),
    ],
)
def test_the_reader_language_comes_from_lang_then_rituals_lang_then_the_locale(chosen, env, expected) -> None:
    assert locale.language_from(chosen, env) == expected


def test_english_is_the_code_itself_and_an_unknown_message_stays_as_written() -> None:
    assert locale.for_language("en").gettext("Coffee roulette") == "Coffee roulette"
    assert locale.for_language("fr").gettext("a message no catalog has") == "a message no catalog has"


def test_use_switches_the_process_language() -> None:
    before = locale.current()
    try:
        assert locale.use("fr_FR.UTF-8") == "fr" and locale.current() == "fr"
        assert locale.use(None) == "en"
    finally:
        locale.use(before)


def test_a_grouping_names_its_mix_in_the_readers_words() -> None:
    from rituals.core.models import Grouping

    before = locale.current()
    try:
        assert Grouping(3, "cross-team").describe() == "groups of 3, cross-team"
        locale.use("fr")
        assert Grouping(3, "cross-team").describe() == "groupes de 3, inter-équipes"
        assert Grouping(4, "within-team", 8).describe().startswith("groupes de 4, au sein de l’équipe")
    finally:
        locale.use(before)


def test_french_plural_forms_follow_french_rules() -> None:
    """French says "0 séance" and "1 séance" (singular), English "0 sessions" (plural): the
    catalog's rule, not English's, picks the form."""
    plural = locale.for_language("fr").plural  # type: ignore[attr-defined]  # GNUTranslations has it
    # CLDR's French: one (0 and 1), many (a whole number of millions), other
    assert [plural(n) for n in (0, 1, 2, 5, 1_000_000)] == [0, 0, 2, 2, 1]


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_the_catalog_has_every_message_translated_and_compiled(lang: str) -> None:
    problems = catalogs.problems(lang)
    assert not problems, "\n".join(problems[:20]) + ("\n…" if len(problems) > 20 else "")


def test_the_maintainers_command_prints_the_share_translated() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rituals.locale", "stats"], capture_output=True, text=True, timeout=120, check=True
    )
    assert "messages in the code" in done.stdout and "fr:" in done.stdout and "(100.0%)" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "rituals.locale", "nonsense"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "usage" in bad.stderr


def _entries(lang: str):
    from rituals.locale.catalogs import read

    for message in read(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        yield ids, strings


PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*(?:![rs])?(?::[^{}]*)?\}")
MARKUP = re.compile(r"\[/?[a-z][a-z ]*\]")


@pytest.mark.parametrize("lang", ["fr"])
def test_translations_keep_the_placeholders_and_the_markup(lang: str) -> None:
    """A translation that drops or renames `{name}` would raise KeyError (or print a hole) at
    run time; a lost `[b]` would unbalance Rich markup."""
    wrong = []
    for ids, strings in _entries(lang):
        for form, text in enumerate(strings):
            english = ids[min(form, len(ids) - 1)]  # a plural's first form answers the singular
            wanted = sorted(set(PLACEHOLDER.findall(english))), sorted(MARKUP.findall(english))
            if text and (sorted(set(PLACEHOLDER.findall(text))), sorted(MARKUP.findall(text))) != wanted:
                wrong.append((ids[0], text))
    assert wrong == []


def typography_faults(text: str) -> bool:
    """Whether French ``text`` breaks the spacing rules of double punctuation (placeholders,
    markup, links and `commands` aside)."""
    plain = re.sub(r"\[[^\]]*\]|(\w+:)?https?://\S+|`[^`]*`", "", text)  # markup, links, `commands`
    plain = re.sub(r"\{[^{}]*\}", "X", plain)  # a placeholder stands for a word: {host}:{port} is no colon
    glued = re.search(r"\w[;!?]|[^\W\d_]:(\s|$)|\w«|»\w", plain)  # no space at all: "Erreur: x"
    return bool(re.search(r" [:;!?%»]|« ", plain) or glued)


@pytest.mark.parametrize(
    "text, faulty",
    [
        ("Erreur\u00a0: {what}", False),
        ("Erreur : {what}", True),  # a plain space can break the line before the colon
        ("Erreur: {what}", True),
        ("Vraiment\u202f?", False),
        ("Vraiment ?", True),
        ("«\u00a0Café\u00a0»", False),
        ("« Café »", True),
        ("92\u202f%", False),
        ("à 10:00, lien https://x.org/?a=1", False),
        ("le serveur {host}:{port} a échoué\u00a0: {detail}", False),
        ("écrivez caldav:https://serveur/agenda/", False),
    ],
)
def test_the_typography_rule_itself(text: str, faulty: bool) -> None:
    assert typography_faults(text) is faulty


def test_french_typography_spaces_before_double_punctuation() -> None:
    """French sets a no-break space before ":" and inside « », a narrow one before ; ! ? %
    (never a plain space, which would let a line break before the sign)."""
    wrong = [text for _ids, strings in _entries("fr") for text in strings if typography_faults(text)]
    assert wrong == []
