"""The check-in after a session: "Did you meet? Reply 1-5, or 'no'", and reading the answer.

One message goes to each group; its Message-ID and its subject carry a token named after the
session and the group, so an answer (a reply to it) tells which group it is about. An answer is
read from the first lines its sender wrote above the quoted question: a number from 1 to 5 is a
rating (the group met), 'no' (or 'non') says the group did not meet, 'yes' (or 'oui') that it
did. Both languages' words are understood whichever language the question was sent in: the
words an answer may use are in each language's module (``en``, ``fr``); the question itself is
written through gettext, in the language of the people it goes to.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from rituals.core.checkin import en, fr
from rituals.locale import N_, SOURCE, for_language, normalised
from rituals.locale.formats import MONTHS

LANGUAGES: dict[str, ModuleType] = {"en": en, "fr": fr}
DOMAIN = "rituals.invalid"  # Message-IDs of check-ins: never a real host
# the language's code after the token in another language than English: one message per language
_TOKEN = re.compile(r"checkin\.([0-9a-f]{12})(?:\.[a-z]{2})?@" + re.escape(DOMAIN), re.IGNORECASE)
_SUBJECT_TOKEN = re.compile(r"\[#([0-9a-f]{12})\]", re.IGNORECASE)
_RATING = re.compile(r"^\s*([1-5])(?:\s*/\s*5)?(?![0-9])")
LINES_READ = 5  # an answer is a word or a number at the top; deeper lines are quoting or signature


@dataclass(frozen=True, slots=True)
class Reading:
    """What one answer says: ``met`` (True, False) and, when given, a rating from 1 to 5."""

    met: bool
    rating: int | None = None


def token(session_id: str, group_number: int) -> str:
    return hashlib.sha256(f"{session_id}/{group_number}".encode()).hexdigest()[:12]


def message_id(token_: str, lang: str = SOURCE) -> str:
    """The check-in's Message-ID; the group's copies in other languages each get their own."""
    code = normalised(lang)
    return f"<checkin.{token_}@{DOMAIN}>" if code == SOURCE else f"<checkin.{token_}.{code}@{DOMAIN}>"


def tokens_in(references: str, subject: str) -> list[str]:
    """The check-in tokens an answer refers to (In-Reply-To and References first, then the subject)."""
    found = [t.lower() for t in _TOKEN.findall(references)]
    found += [t.lower() for t in _SUBJECT_TOKEN.findall(subject)]
    return list(dict.fromkeys(found))


DAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


def compose(lang: str, title: str, day: date, names: list[str], token_: str) -> tuple[str, str]:
    """The subject and the text of one group's check-in, in ``lang`` (en or fr)."""
    t = for_language(lang)
    when = t.gettext("{weekday} {day} {month}").format(
        weekday=t.gettext(DAYS[day.weekday()]), day=day.day, month=t.gettext(MONTHS[day.month - 1])
    )
    subject = t.gettext("Did you meet? {title}, {when}").format(title=title, when=when) + f" [#{token_}]"
    group = t.gettext("Your group: {names}").format(names=", ".join(names))
    body = t.gettext(
        "Hello,\n"
        "\n"
        "Did your group meet for {title} on {when}?\n"
        "{group}\n"
        "\n"
        "Reply to this e-mail with a number from 1 to 5 (how it went), or 'no' if you did not meet.\n"
        "Your answer stays with the organiser; you get at most one such question a week.\n"
    ).format(title=title, when=when, group=group)
    return subject, body


def read_answer(text: str) -> Reading | None:
    """What the sender wrote above the quoted question, or None when it is not an answer."""
    for line in _own_lines(text)[:LINES_READ]:
        rating = _RATING.match(line)
        if rating:
            return Reading(True, int(rating.group(1)))
        said = _words(line)
        if _starts(said, "NOT_MET"):
            return Reading(False)
        if _starts(said, "MET"):
            return Reading(True)
        return None  # the first line written is the answer: anything else is not one
    return None


def _own_lines(text: str) -> list[str]:
    intros = tuple(i for words in LANGUAGES.values() for i in words.QUOTE_INTRO)
    out = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line.startswith(">") or line.lower().endswith(intros) or line.startswith("-----"):
            break
        if line:
            out.append(line)
    return out


def _words(line: str) -> str:
    kept = "".join(ch if ch.isalnum() or ch in "'’ " else " " for ch in line.lower())
    return " ".join(kept.replace("’", "'").split())


def _starts(said: str, which: str) -> bool:
    return any(said == w or said.startswith(w + " ") for words in LANGUAGES.values() for w in getattr(words, which))
