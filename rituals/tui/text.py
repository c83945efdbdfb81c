"""Words and dates the planner shows, in the reader's language.

The core keeps its own words for the values it stores ("coffee-chat", "hybrid", "skip"): they
are ids, typed on the command line. The planner shows them to people, so it names them here;
a value with no name here is shown as it is. Dates go through ``rituals.locale.formats``:
English keeps the forms the planner always showed ("Tue 08 Dec 12:30").
"""

from __future__ import annotations

from datetime import datetime

from rituals.core.models import Schedule
from rituals.locale import SOURCE, current, pgettext
from rituals.locale.formats import day, moment


def when(schedule: Schedule, start: datetime, year: bool = False) -> str:
    """An occurrence as lists show it: "Tue 08 Dec 10:00", or "Thu 24 Dec" when all-day."""
    form = "short_year" if year else "short"
    return day(start, form) if schedule.all_day else moment(start, form)


def _value_names() -> dict[str, str]:
    # built at each call: the names follow a live switch of language
    return {
        "lunch": pgettext("value", "lunch"),
        "volunteer-day": pgettext("value", "volunteer-day"),
        "cross-team-meeting": pgettext("value", "cross-team-meeting"),
        "coffee-chat": pgettext("value", "coffee-chat"),
        "gratitude-circle": pgettext("value", "gratitude-circle"),
        "welcome": pgettext("value", "welcome"),
        "farewell": pgettext("value", "farewell"),
        "skill-share": pgettext("value", "skill-share"),
        "outdoor": pgettext("value", "outdoor"),
        "game": pgettext("value", "game"),
        "wellbeing": pgettext("value", "wellbeing"),
        "other": pgettext("value", "other"),
        "in-person": pgettext("value", "in-person"),
        "remote": pgettext("value", "remote"),
        "hybrid": pgettext("value", "hybrid"),
        "cross-team": pgettext("value", "cross-team"),
        "within-team": pgettext("value", "within-team"),
        "random": pgettext("value", "random"),
        "silos": pgettext("value", "silos"),
        "inclusion": pgettext("value", "inclusion"),
        "gratitude": pgettext("value", "gratitude"),
        "learning": pgettext("value", "learning"),
        "celebration": pgettext("value", "celebration"),
        "trust": pgettext("value", "trust"),
        "free": pgettext("value", "free"),
        "low": pgettext("value", "low"),
        "medium": pgettext("value", "medium"),
        "high": pgettext("value", "high"),
        "active": pgettext("value", "active"),
        "cancelled": pgettext("value", "cancelled"),
        "paused": pgettext("value", "paused"),
        "newcomer": pgettext("value", "newcomer"),
        "once": pgettext("value", "once"),
        "weekly": pgettext("value", "weekly"),
        "monthly": pgettext("value", "monthly"),
        "weekday": pgettext("value", "weekday"),
        "day": pgettext("value", "day"),
        "skip": pgettext("value", "skip"),
        "move": pgettext("value", "move"),
        "fixed": pgettext("value", "fixed"),
        "find": pgettext("value", "find"),
        "earliest": pgettext("value", "earliest"),
        "spread": pgettext("value", "spread"),
    }


def value(word: str) -> str:
    """A stored value as the reader names it (English: the value itself)."""
    if current() == SOURCE:
        return word
    return _value_names().get(word, word)
