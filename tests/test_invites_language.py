"""Invites and their e-mails are written in each recipient's language, in plain words.

The expected sentences are written out by hand from the issue ("Vous déjeunez avec Léa (Design) et
Omar (Data) : vous ne vous êtes encore jamais rencontrés."); the "no English sentence" check uses a
list of common English words that are not French, matched as whole words on the visible text
(names, e-mail addresses and links taken out first).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from rituals.core.ical.events import Attendee, ritual_events
from rituals.core.ical.reconcile import copies_of, reconcile
from rituals.core.ical.writer import to_ics
from rituals.core.models import Grouping, Person, Ritual, Schedule, Session
from rituals.service.export_mail import invite_message

NBSP = "\u00a0"
ENGLISH = (
    "the and with without people person group groups team teams session sessions invite invited added removed "
    "error nothing every from your which when week weeks day days cannot must use run this that there none "
    "already not you are having lunch meeting where organizer reminder join link local times cancelled"
).split()
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r"|no one)\b", re.IGNORECASE)

ORG = Attendee("org@example.org", "Inès Roux")
CAMILLE = Person("camille@example.org", "Camille Petit", team="RH", timezone="Europe/Paris", language="fr")
LEA = Person("lea@example.org", "Léa", team="Design", timezone="Europe/Paris", language="fr")
OMAR = Person("omar@example.org", "Omar", team="Data", timezone="Europe/Paris", language="en")
NOOR = Person("noor@example.org", "Noor", team="Data", timezone="Europe/Paris")  # the organisation's language
PEOPLE = {p.email: p for p in (CAMILLE, LEA, OMAR, NOOR)}
DAY = date(2026, 12, 8)
STAMP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def lunch() -> Ritual:
    schedule = Schedule(datetime(2026, 12, 1, 12, 0), "Europe/Paris", timedelta(hours=1), "weekly")
    return Ritual(
        id="dejeuner",
        title="Déjeuner mélangé",
        kind="lunch",
        schedule=schedule,
        organizer=ORG.email,
        grouping=Grouping(size=3),
        video_link="https://visio.example.org/dejeuner",
    )


def planned(*groups: tuple[str, ...]) -> Session:
    return Session("dejeuner", datetime.combine(DAY, datetime.min.time()).replace(hour=12), groups=groups)


def held(day: date, *groups: tuple[str, ...]) -> Session:
    return Session("dejeuner", datetime.combine(day, datetime.min.time()).replace(hour=12), groups, status="held")


def copies(sessions, people=PEOPLE, lang="en"):
    met = {}
    for s in sessions:
        for g in s.participants():
            for a in g:
                for b in g:
                    if a < b:
                        met.setdefault(frozenset((a, b)), []).append(s.day)
    events = ritual_events(lunch(), sessions, people, [], ORG, date(2026, 12, 1), date(2027, 1, 1), met=met, lang=lang)
    return events, copies_of(events)


def visible(text: str) -> str:
    """The words a reader reads, without the names, e-mail addresses, links and the title."""
    for person in (*PEOPLE.values(), ORG):
        text = text.replace(person.name, " ")
    text = re.sub(r"\S+@\S+|https?://\S+|mailto:\S+", " ", text)
    return text.replace("Déjeuner mélangé", " ")


def english_words(text: str) -> list[str]:
    return ENGLISH_WORD.findall(visible(text))


def test_a_french_speaker_reads_who_they_lunch_with_in_french() -> None:
    _, held_copies = copies([planned((CAMILLE.email, LEA.email, OMAR.email))])
    (copy,) = held_copies.values()
    camille = copy[CAMILLE.email][0]
    assert camille.description.splitlines()[0] == (
        f"Vous déjeunez avec Léa (Design) et Omar (Data){NBSP}: vous ne vous êtes encore jamais rencontrés."
    )
    assert camille.summary == "Déjeuner mélangé (groupe 1)"
    assert camille.location == "Visioconférence"
    assert "Why this group" not in camille.description and "pairs" not in camille.description


def test_an_english_speaker_in_the_same_group_gets_an_english_invite() -> None:
    _, held_copies = copies([planned((CAMILLE.email, LEA.email, OMAR.email))])
    (copy,) = held_copies.values()
    omar = copy[OMAR.email][0]
    assert omar.description.splitlines()[0] == (
        "You are having lunch with Camille Petit (RH) and Léa (Design): you have never met before."
    )
    assert omar.summary == "Déjeuner mélangé (group 1)" and omar.location == "Video call"
    assert omar.language == "en" and copy[LEA.email][0].language == "fr"


@pytest.mark.parametrize("organisation", ["en", "fr"])
def test_someone_without_a_language_reads_the_organisations(organisation: str) -> None:
    _, held_copies = copies([planned((NOOR.email, OMAR.email))], lang=organisation)
    (copy,) = held_copies.values()
    first = copy[NOOR.email][0].description.splitlines()[0]
    expected = {
        "en": "You are having lunch with Omar (Data): you have never met before.",
        "fr": f"Vous déjeunez avec Omar (Data){NBSP}: vous ne vous êtes encore jamais rencontrés.",
    }
    assert first == expected[organisation]


def test_the_invite_says_who_was_met_before_and_who_was_not() -> None:
    past = held(date(2026, 11, 24), (CAMILLE.email, OMAR.email))
    _, held_copies = copies([past, planned((CAMILLE.email, LEA.email, OMAR.email))])
    (copy,) = held_copies.values()
    lines = {e: c[0].description.splitlines()[0] for e, c in copy.items()}
    assert lines[CAMILLE.email] == (
        f"Vous déjeunez avec Léa (Design) et Omar (Data){NBSP}: vous n’avez encore jamais rencontré Léa (Design)."
    )
    assert lines[OMAR.email] == (
        "You are having lunch with Camille Petit (RH) and Léa (Design): you have never met Léa (Design) before."
    )
    again = held(date(2026, 11, 24), (CAMILLE.email, OMAR.email, LEA.email))
    _, held_copies = copies([again, planned((CAMILLE.email, LEA.email, OMAR.email))])
    (copy,) = held_copies.values()
    assert copy[LEA.email][0].description.splitlines()[0].endswith(f"{NBSP}: vous vous êtes déjà rencontrés.")


def test_the_french_ics_and_e_mail_have_no_english_sentence() -> None:
    _, held_copies = copies([planned((CAMILLE.email, LEA.email, OMAR.email))])
    (copy,) = held_copies.values()
    mine = list(copy[CAMILLE.email])
    ics = to_ics(mine, "REQUEST", STAMP)
    event = next(iter(icalendar.Calendar.from_ical(ics).walk("VEVENT")))
    alarm = [str(a["DESCRIPTION"]) for a in event.walk("VALARM")]
    shown = [str(event["SUMMARY"]), str(event["DESCRIPTION"]), str(event["LOCATION"]), *alarm]
    message = invite_message(mine, "REQUEST", None, STAMP, (CAMILLE.email,), zone="Europe/Paris")
    text = message.get_body(("plain",)).get_content()
    assert str(message["Subject"]) == "Invitation : Déjeuner mélangé (groupe 1)".replace(" :", f"{NBSP}:")
    assert f"Quand{NBSP}: mardi 8 décembre 2026, 12:00-13:00 heure de Paris\nOù{NBSP}: Visioconférence" in text
    assert text.startswith(f"Vous êtes invité(e){NBSP}: Déjeuner mélangé (groupe 1)")
    for said in (*shown, str(message["Subject"]), text):
        assert not english_words(said), (english_words(said), said)


def test_the_english_e_mail_reads_as_before() -> None:
    _, held_copies = copies([planned((CAMILLE.email, LEA.email, OMAR.email))])
    (copy,) = held_copies.values()
    message = invite_message(list(copy[OMAR.email]), "REQUEST", None, STAMP, (OMAR.email,), zone="Europe/Paris")
    text = message.get_body(("plain",)).get_content()
    assert str(message["Subject"]) == "Invitation: Déjeuner mélangé (group 1)"
    assert "When: Tuesday 08 December 2026, 12:00-13:00 Paris time\nWhere: Video call" in text
    assert "Organizer: Inès Roux" in text


def test_a_change_of_language_re_sends_that_persons_copy_only() -> None:
    sessions = [planned((CAMILLE.email, LEA.email, OMAR.email))]
    events, _ = copies(sessions)
    first = reconcile(events, {}, {})
    assert sorted(r for d in first.deliveries for r in d.recipients) == sorted([CAMILLE.email, LEA.email, OMAR.email])
    omar_in_french = {**PEOPLE, OMAR.email: replace(OMAR, language="fr")}
    events, _ = copies(sessions, omar_in_french)
    second = reconcile(events, first.held, first.issued)
    assert [d.recipients for d in second.deliveries] == [(OMAR.email,)]
    assert second.deliveries[0].events[0].description.startswith("Vous déjeunez avec Camille Petit (RH)")
    unchanged = reconcile(events, second.held, second.issued)
    assert not unchanged.deliveries


def test_a_series_invite_reads_in_each_attendees_language() -> None:
    ritual = replace(lunch(), grouping=Grouping(), title="Cercle de gratitude", kind="gratitude-circle")
    events = ritual_events(ritual, [], PEOPLE, [CAMILLE.email, OMAR.email], ORG, date(2026, 12, 1), date(2027, 1, 1))
    (copy,) = copies_of(events).values()
    camille, omar = copy[CAMILLE.email][0], copy[OMAR.email][0]
    assert camille.location == "Visioconférence" and omar.location == "Video call"
    assert camille.description == f"Pour rejoindre{NBSP}: https://visio.example.org/dejeuner"
    text = invite_message([camille], "REQUEST", None, STAMP, (CAMILLE.email,)).get_body(("plain",)).get_content()
    assert f"Quand{NBSP}: mardi 1 décembre 2026, 12:00-13:00 heure de Paris, récurrent (hebdomadaire)" in text
    assert not english_words(text.replace("Cercle de gratitude", " ")), text
