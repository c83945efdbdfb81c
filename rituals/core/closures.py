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
    it is skipped or moved: ``reason`` ("" when it happens as due, "by hand", "closed" or
    "holiday") and ``detail`` (the closure's name, the holiday's country); ``stranded``: to be
    moved, but no working day came before the next date."""

    due: datetime
    start: datetime | None
    reason: str = ""
    detail: str = ""
    stranded: bool = False

    @property
    def moved(self) -> bool:
        return self.start is not None and self.start != self.due

    @property
    def why(self) -> str:
        """Why, in English ("" when the date happens as due): "public holiday in FR"."""
        return self.said(translate=False)

    def said(self, holiday: str = "", translate: bool = True) -> str:
        """Why, in the reader's language (in English with ``translate`` off); ``holiday`` names
        the public holiday when known."""
        if not self.reason:
            return ""
        key = "named holiday" if self.reason == "holiday" and holiday else self.reason
        name = holiday or self.detail
        text = (
            _(WHY[key]).format(name=name, country=self.detail)
            if translate
            else WHY[key].format(name=name, country=self.detail)
        )
        if not self.stranded:
            return text
        return _(WHY["stranded"]).format(why=text) if translate else WHY["stranded"].format(why=text)


# why a date is skipped or moved (``Planned.reason``), said in the reader's language
WHY = {
    "by hand": N_("skipped by hand"),  # a date of the schedule's exdates
    "closed": N_("closed: {name}"),
    "holiday": N_("public holiday in {country}"),
    "named holiday": N_("public holiday in {country} ({name})"),
    "stranded": N_("{why}; no working day before the next date"),
}
