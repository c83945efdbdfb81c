"""The participation budget ("entretenir sans étouffer"): present regularly, never too often.

Per team or for the whole organisation, a cap on the ritual invitations a person gets in a
calendar week and in a calendar month, all rituals together. Per person, a cadence ("coffee at
most every 2 weeks", by ritual or by kind) and opt-ins and opt-outs (those change the audience:
``rituals.service.rituals.audience_among``).

`Load` tallies what each person already holds (held and planned sessions, and the dates of the
rituals everyone meets at together); `choose` picks who takes part in one round: nobody over
their budget or their cadence, and when there are more candidates than seats, the fairest ones:
newcomers and isolated people first, then the least recently included, then the least included
this month. Pure: nothing here reads the store.
"""

from __future__ import annotations

import bisect
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date, timedelta
from typing import Any

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import Person, Ritual
from rituals.locale import N_, _
from rituals.locale.said import Said, said, spoken

Period = tuple[str, int, int]  # ("w", ISO year, ISO week) or ("m", year, month)


@frozen
class Caps:
    """At most ``per_week`` invitations in a calendar week and ``per_month`` in a month (None: no cap)."""

    per_week: int | None = None
    per_month: int | None = None

    def describe(self) -> str:
        return spoken(self.said()) or ""

    def said(self) -> Said:
        """The caps in words, kept to be said in each reader's language (a journal line)."""
        week, month = self.per_week, self.per_month
        if week and month:
            return said(N_("at most {week} a week and {month} a month"), week=week, month=month)
        if week:
            return said(N_("at most {week} a week"), week=week)
        if month:
            return said(N_("at most {month} a month"), month=month)
        return said(N_("no cap"))


@frozen
class Budget:
    """The organisation's caps, and a team's own where it has some."""

    caps: Caps = field(default_factory=Caps)
    teams: tuple[tuple[str, Caps], ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.caps.per_week or self.caps.per_month or self.teams)

    def caps_for(self, person: Person) -> Caps:
        team = person.team.strip().lower()
        return next((caps for name, caps in self.teams if name.lower() == team), self.caps)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: v for k, v in (("per_week", self.caps.per_week), ("per_month", self.caps.per_month)) if v
        }
        if self.teams:
            out["teams"] = {name: {"per_week": c.per_week, "per_month": c.per_month} for name, c in self.teams}
        return out

    @staticmethod
    def from_dict(data: Any) -> Budget:
        if not isinstance(data, dict):
            return Budget()
        teams = data.get("teams")
        teams = teams if isinstance(teams, dict) else {}
        return Budget(_caps(data), tuple((str(name), _caps(c)) for name, c in sorted(teams.items())))


def _caps(data: Any) -> Caps:
    data = data if isinstance(data, dict) else {}

    def whole(key: str) -> int | None:
        value = data.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None

    return Caps(whole("per_week"), whole("per_month"))


def periods(day: date) -> tuple[Period, Period]:
    iso = day.isocalendar()
    return ("w", iso.year, iso.week), ("m", day.year, day.month)


def parse_cadence(entry: str) -> tuple[str, int]:
    """ "coffee-chat=2w" -> ("coffee-chat", 14): a ritual id or kind, at most once every N days
    (d), weeks (w) or months of 30 days (m)."""
    key, sep, every = entry.partition("=")
    every = every.strip().lower()
    units = {"d": 1, "w": 7, "m": 30}
    if not sep or not key.strip() or len(every) < 2 or every[-1] not in units or not every[:-1].isdigit():
        raise InvalidInput(
            _("bad cadence {entry!r}: use RITUAL-OR-KIND=N followed by d, w or m, e.g. coffee-chat=2w").format(
                entry=entry
            )
        )
    days = int(every[:-1]) * units[every[-1]]
    if not 1 <= days <= 3660:
        raise InvalidInput(_("bad cadence {entry!r}: between 1 day and 10 years").format(entry=entry))
    return key.strip(), days


class Load:
    """What each person already holds: invitations per week and month, and when they were
    included in each ritual and kind (for cadences and fairness)."""

    def __init__(self) -> None:
        self.count: Counter[tuple[str, Period]] = Counter()
        self.days: dict[tuple[str, str], list[date]] = {}  # (email, ritual id or kind) -> sorted days
        self.mine: dict[str, list[date]] = {}  # email -> every inclusion's day, sorted
        self.total: Counter[str] = Counter()

    def add(self, email: str, day: date, ritual_id: str, kind: str) -> None:
        for period in periods(day):
            self.count[(email, period)] += 1
        for key in {ritual_id, kind}:
            bisect.insort(self.days.setdefault((email, key), []), day)
        bisect.insort(self.mine.setdefault(email, []), day)
        self.total[email] += 1

    def remove(self, email: str, day: date, ritual_id: str, kind: str) -> None:
        """Forget one inclusion (a date about to be planned again replaces its groups)."""
        for period in periods(day):
            self.count[(email, period)] -= 1
        for key in {ritual_id, kind}:
            days = self.days.get((email, key), [])
            if day in days:
                days.remove(day)
        if day in self.mine.get(email, []):
            self.mine[email].remove(day)
        self.total[email] -= 1

    def over(self, person: Person, day: date, budget: Budget) -> bool:
        """One more invitation on ``day`` would go past ``person``'s caps."""
        caps = budget.caps_for(person)
        week, month = periods(day)
        return any(
            cap is not None and self.count[(person.email, period)] + 1 > cap
            for cap, period in ((caps.per_week, week), (caps.per_month, month))
        )

    def too_soon(self, person: Person, day: date, ritual: Ritual) -> bool:
        """``person`` asked for ``ritual`` (or its kind) at most every N days, and holds one closer."""
        for key, every in person.cadence:
            if key not in (ritual.id, ritual.kind):
                continue
            days = self.days.get((person.email, key), [])
            i = bisect.bisect_left(days, day - timedelta(days=every - 1))
            if i < len(days) and days[i] < day + timedelta(days=every):
                return True
        return False

    def last_before(self, email: str, day: date) -> date | None:
        days = self.mine.get(email, [])
        i = bisect.bisect_left(days, day)
        return days[i - 1] if i else None


@frozen
class Choice:
    """Who takes part in one round, and who was left out and why ("budget", "cadence", "seats")."""

    chosen: tuple[Person, ...]
    left_out: tuple[tuple[str, str], ...] = ()


def choose(
    candidates: Sequence[Person],
    day: date,
    ritual: Ritual,
    load: Load,
    budget: Budget,
    *,
    first: Iterable[str] = (),
    seats: int | None = None,
    must: Iterable[str] = (),
) -> Choice:
    """The round's participants among ``candidates`` (see the module docstring); ``first``: the
    people who come before others (newcomers, isolated); ``must``: people seated before anyone,
    still within their budget (a trail's newcomers). Each one chosen is added to ``load``."""
    left: list[tuple[str, str]] = []
    able: list[Person] = []
    for person in candidates:
        if budget.active and load.over(person, day, budget):
            left.append((person.email, "budget"))
        elif load.too_soon(person, day, ritual):
            left.append((person.email, "cadence"))
        else:
            able.append(person)
    seats = seats if seats is not None else ritual.grouping.seats
    if seats is not None and len(able) > seats:
        ranked = sorted(able, key=fairness(day, ritual, load, set(first), set(must)))
        able, over = ranked[:seats], ranked[seats:]
        left += [(p.email, "seats") for p in over]
    for person in able:
        load.add(person.email, day, ritual.id, ritual.kind)
    chosen = tuple(sorted(able, key=lambda p: p.email))
    return Choice(chosen, tuple(sorted(left)))


def fairness(
    day: date, ritual: Ritual, load: Load, first: set[str], must: set[str]
) -> Callable[[Person], tuple[Any, ...]]:
    """The sort key of the fairest first: must, then newcomers and isolated, then the least
    recently included, the least included this month, and a tie-break stable per date."""
    week, month = periods(day)
    salt = f"{ritual.id}@{day.isoformat()}"

    def key(person: Person) -> tuple[Any, ...]:
        last = load.last_before(person.email, day) or date.min
        return (
            person.email not in must,
            person.email not in first,
            last,
            load.count[(person.email, month)],
            zlib.crc32(f"{salt}/{person.email}".encode()),
        )

    return key


def inclusions(load: Load, people: Iterable[Person], months: Sequence[tuple[int, int]]) -> Mapping[str, list[int]]:
    """Each person's invitations in each of ``months`` ((year, month) pairs)."""
    return {p.email: [load.count[(p.email, ("m", y, m))] for y, m in months] for p in people}
