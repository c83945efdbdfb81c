"""Company closures: periods when the company is closed (the Christmas week), and the reasons a
date of a ritual is skipped or moved. Every ritual's dates in a closure are skipped or moved to
the next working day, as its schedule says (``Schedule.on_closed``), like the public holidays
it skips."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.locale import N_, _
from rituals.locale.said import Said, on, said, spoken

BY_HAND = "skipped by hand"  # why a date of the schedule's exdates is skipped


@frozen
class Closure:
    """The company is closed from ``start`` to ``end``, both included."""

    id: str
    start: date
    end: date
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def describe(self) -> str:
        """ "Christmas week (24 Dec 2026 to 01 Jan 2027)"."""
        return spoken(self.said()) or self.id

    def said(self) -> Said:
        """The closure in words, kept to be said in each reader's language (a journal line)."""
        if self.start == self.end:
            return said(N_("{name} ({day})"), name=self.name or self.id, day=on(self.start))
        return said(
            N_("{name} ({first} to {last})"), name=self.name or self.id, first=on(self.start), last=on(self.end)
        )


def closure_on(day: date, closures: Iterable[Closure]) -> Closure | None:
    return next((c for c in closures if c.covers(day)), None)


def checked_closure(closure: Closure) -> Closure:
    if closure.end < closure.start:
        raise InvalidInput(
            _("the closure ends ({end}) before it starts ({start})").format(end=closure.end, start=closure.start)
        )
    if (closure.end - closure.start).days > 366:
        raise InvalidInput(_("a closure lasts a year at most"))
    return closure


def closures_from(values: Mapping[str, Any]) -> tuple[Closure, ...]:
    """Closures from their stored form (id -> {"start", "end", "name"}, checked by the store),
    by start date."""
    found = [
        Closure(key, date.fromisoformat(v["start"]), date.fromisoformat(v["end"]), v.get("name", ""))
        for key, v in values.items()
    ]
    return tuple(sorted(found, key=lambda c: (c.start, c.id)))


@frozen
class Planned:
    """One date of a schedule's rule: when it was due, when it happens (None: skipped), and why
    it is skipped or moved ("" when it happens as due)."""

    due: datetime
    start: datetime | None
    why: str = ""

    @property
    def moved(self) -> bool:
        return self.start is not None and self.start != self.due
