"""What a person record must be (checked and cleaned before it is saved), how a filter matches
someone, and names in reading order: the People area's rules, kept apart from its commands."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput
from rituals.core.models import REMOTE, Person
from rituals.locale import _

if TYPE_CHECKING:
    from rituals.service.people import PersonFilter


def reading_order(people: list[Person]) -> list[Person]:
    """``people`` sorted as readers of the user's language sort names (then by e-mail)."""
    if len(people) < 2:
        return people  # nothing to sort: the collation library is not even loaded
    from rituals.core.collation import sorted_by  # deferred: ICU loads only to sort names

    return sorted_by(sorted(people, key=lambda p: p.email), lambda p: p.name)


def _matches(person: Person, flt: PersonFilter, today: date) -> bool:
    if flt.team and person.team.lower() != flt.team.lower():
        return False
    if flt.location and person.location.lower() != flt.location.lower():
        return False
    if flt.status == "paused" and not person.is_paused(today):
        return False
    if flt.status == "active" and person.is_away(today):
        return False
    if flt.status == "left" and person.leave_date is None:
        return False
    if flt.status == "newcomer" and not person.is_newcomer(today):
        return False
    needle = flt.text.strip().lower()
    haystack = " ".join((person.name, person.email, person.team, person.location, *person.tags)).lower()
    return all(word in haystack for word in needle.split())


def check_zone(name: str) -> str:
    from rituals.core.schedule import check_timezone

    return check_timezone(name)


def _checked(person: Person) -> Person:
    from rituals.core.hours import canonical_hours  # deferred: listing people needs no checks
    from rituals.core.roster import EMAIL, check_calendar, check_language, clean_name
    from rituals.core.schedule import check_timezone

    if not EMAIL.match(person.email):
        raise InvalidInput(_("bad e-mail {email!r}").format(email=person.email))
    name = clean_name(person.name)
    if not name:
        raise InvalidInput(_("a person needs a name"))
    return dataclasses.replace(
        person,
        name=name,
        team=clean_name(person.team),
        location=clean_name(person.location) or REMOTE,
        timezone=check_timezone(person.timezone),
        tags=tuple(clean_name(t) for t in person.tags if clean_name(t)),
        hours=canonical_hours(person.hours),
        calendar=check_calendar(person.calendar),
        language=check_language(person.language),
    )
