"""Which dates a series holds: its planned dates (skipped and moved ones said), where a counted
series ends when skipped dates do not count, and who is paused on which of its dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from rituals.core.closures import Closure, Planned
from rituals.core.models import Person, Schedule
from rituals.core.schedule import Holidays, planned_dates


def series_plan(
    schedule: Schedule, horizon: date | None, holidays: Holidays | None, closures: Sequence[Closure]
) -> list[Planned]:
    """The schedule's dates with what skipping and moving does to them: up to ``horizon`` for an
    open-ended series, all of them for a counted one (where its last session falls)."""
    plan = []
    for item in planned_dates(schedule, holidays=holidays, closures=closures):
        if schedule.count is None and horizon is not None and item.due.date() >= horizon:
            break
        plan.append(item)
    return plan


def counted_end(schedule: Schedule, plan: list[Planned]) -> date | None:
    """The day of the last session of a counted series whose skipped dates did not count (None
    when nothing was skipped: COUNT says it as it is)."""
    if schedule.count is None or schedule.until is not None or not plan:
        return None
    if not any(p.start is None and p.reason != "by hand" for p in plan):
        return None
    return plan[-1].due.date()


def paused_dates(
    audience: Iterable[str], people: Mapping[str, Person], window: list[datetime], all_day: bool
) -> tuple[list[str], tuple[tuple[str, tuple[datetime | date, ...]], ...]]:
    """The audience without those paused on every date of ``window``, and for those paused on
    some of them, which ones."""
    kept: list[str] = []
    paused: list[tuple[str, tuple[datetime | date, ...]]] = []
    for email in audience:
        person = people.get(email)
        days = [w for w in window if person is not None and person.is_away(w.date())]
        if window and len(days) == len(window):
            continue
        kept.append(email)
        if days:
            paused.append((email, tuple(local_day(w, all_day) for w in days)))
    return kept, tuple(paused)


def local_day(when: datetime, all_day: bool) -> datetime | date:
    return when.date() if all_day else when
