"""The message catalogs: which language a reader gets, and a French catalog that is complete,
never fuzzy, and compiled (the .mo shipped in the package is the one its .po makes)."""

from __future__ import annotations

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
