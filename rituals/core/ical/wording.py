"""The words of an invite, in the language of the person who reads it.

A group event tells each attendee who they meet, and whether they have met before, in plain
words ("You are having lunch with Léa (Design) and Omar (Data): you have never met before."):
never the rotation engine's vocabulary (pairs, mixes, costs). Each attendee's copy is written in
their own language (``Person.language``, else the organisation's): an English-speaking lead
sends a French-speaking colleague a French invite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rituals.core.frozen import frozen
from rituals.core.hours import city
from rituals.core.hours import local_times as zone_times
from rituals.core.ical.text import clean_line
from rituals.core.models import Person, Ritual, Session
from rituals.locale import current, for_language, formats, normalised

if TYPE_CHECKING:  # the type only: gettext loads when a language other than English is read
    from gettext import NullTranslations

PairHistory = Mapping[frozenset[str], Sequence[date]]


@frozen
class Personal:
    """The text of one attendee's copy of an event, in their language."""

    email: str
    language: str
    summary: str
    description: str
    location: str


def language_of(person: Person | None, default: str | None = None) -> str:
    """The language someone reads their invites in: their own, else ``default`` (the
    organisation's: the language rituals runs in)."""
    if person is not None and person.language:
        return normalised(person.language)
    return normalised(default) if default else current()


def name_list(names: Sequence[str], t: NullTranslations) -> str:
    """ "Léa", "Léa and Omar", "Léa, Omar and Ann" (French: "Léa, Omar et Ann")."""
    if len(names) <= 1:
        return "".join(names)
    return t.gettext("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def who(email: str, people: Mapping[str, Person]) -> str:
    """A group-mate as an invite names them: "Léa Martin (Design)"."""
    person = people.get(email)
    if person is None:
        return email
    name = " ".join(person.name.split())
    return f"{name} ({' '.join(person.team.split())})" if person.team.strip() else name


def with_whom(
    ritual: Ritual,
    email: str,
    group: Sequence[str],
    people: Mapping[str, Person],
    met: PairHistory,
    before: date,
    lang: str,
) -> str:
    """The sentence that tells ``email`` who is in their group and whether they met before."""
    t = for_language(lang)
    others = [e for e in group if e != email]
    if not others:
        return ""
    names = name_list([who(e, people) for e in others], t)
    if ritual.kind == "lunch":
        meeting = t.gettext("You are having lunch with {names}").format(names=names)
    elif ritual.kind == "coffee-chat":
        meeting = t.gettext("You are having a coffee with {names}").format(names=names)
    else:
        meeting = t.gettext("You are meeting {names}").format(names=names)
    new = [e for e in others if not any(d < before for d in met.get(frozenset((email, e)), ()))]
    if len(new) == len(others):
        history = t.gettext("you have never met before")
    elif not new:
        history = t.gettext("you have met before")
    else:
        history = t.gettext("you have never met {names} before").format(
            names=name_list([who(e, people) for e in new], t)
        )
    return t.gettext("{meeting}: {history}.").format(meeting=meeting, history=history)


def group_line(group: Sequence[str], people: Mapping[str, Person], lang: str) -> str:
    """The organiser's copy of a group event: who is in it."""
    t = for_language(lang)
    return t.gettext("Group: {names}").format(names=name_list([who(e, people) for e in group], t))


def local_times(clocks: Sequence[tuple[str, datetime]], start: datetime, lang: str) -> str:
    """ "Local times: 15:00 Paris, 09:00 (Mon) New York" for a group across time zones."""
    said = []
    for zone, when in clocks:
        other_day = "" if when.date() == start.date() else f" ({formats.day(when, 'weekday_short', lang)})"
        said.append(f"{when:%H:%M}{other_day} {city(zone, lang)}")
    return for_language(lang).gettext("Local times: {clocks}").format(clocks=", ".join(said))


def group_summary(title: str, number: int, lang: str) -> str:
    return for_language(lang).gettext("{title} (group {number})").format(title=title, number=number)


def join_line(link: str, lang: str) -> str:
    return for_language(lang).gettext("Join: {link}").format(link=link)


def video_call(lang: str) -> str:
    return for_language(lang).gettext("Video call")


def group_text(
    ritual: Ritual, session: Session, number: int, group: Sequence[str], people: Mapping[str, Person], lang: str
) -> tuple[str, str]:
    """A group event's summary, and the text after the personal line, in ``lang``."""
    start = session.group_start(number)
    lines = []
    there = zone_times(start, ritual.schedule.timezone, [people[e].timezone for e in group if e in people])
    if there and not ritual.schedule.all_day:  # a group across zones: each reads their own clock
        lines.append(local_times([(ritual.schedule.timezone, start), *there], start, lang))
    if ritual.description:
        lines += ["", ritual.description]
    return group_summary(clean_line(ritual.title), number, lang), "\n".join(lines)
