"""Who takes part in each round of a rotation, decided before the engine runs.

Without a participation budget, seats or an onboarding trail, everyone invited and present takes
part, as before. With them (``rituals.core.budget``, ``rituals.core.trail``), each date of a
preview is decided in turn, every earlier date counting: nobody over their caps or their cadence;
the fairest people when there are more candidates than seats; a welcome ritual seats the
newcomers on their trail and one partner each. Newcomers on a trail make each date a block of its
own, so that the teams met on one date are no longer wished for on the next.

Settings live in the store's ``settings`` table: ``budget`` (`Budget.to_dict`) and ``trail``
(`TrailGoal.to_dict`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Set
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rituals.core.budget import Budget, Choice, Load, choose, fairness
from rituals.core.errors import StorageError
from rituals.core.history import last_seen
from rituals.core.models import Person, Ritual, Session
from rituals.core.schedule import occurrences
from rituals.core.trail import TRAIL_KIND, TrailGoal, teams_met, trail_wishes
from rituals.locale import _
from rituals.service.rituals import invited_among

if TYPE_CHECKING:
    from rituals.core.schedule import Holidays
    from rituals.store import Store

Participants = Callable[[datetime], "tuple[list[Person], tuple[str, ...]]"]  # present, left out
Block = tuple[list[datetime], list[Person], tuple[str, ...]]
SETTINGS = "settings"
NEWCOMER_DAYS = 90
ISOLATED_DAYS = 45  # as the dashboard's alert
LOAD_MARGIN = timedelta(days=40)  # a month either side: every week and month a planned date touches


def read_budget(store: Store) -> Budget:
    return Budget.from_dict(_setting(store, "budget"))


def read_trail(store: Store) -> TrailGoal | None:
    return TrailGoal.from_dict(_setting(store, "trail"))


def _setting(store: Store, key: str) -> object:
    if not store.exists:
        return None
    value = store.state(SETTINGS, key)
    if value is not None and not isinstance(value, dict):
        raise StorageError(_("the stored {key} setting is malformed; run `rituals doctor`").format(key=key))
    return value


def is_trail(ritual: Ritual) -> bool:
    """A rotating welcome ritual: each round, the newcomers on their trail and a partner each."""
    return ritual.kind == TRAIL_KIND and ritual.grouping.rotates


def load_of(
    people: Sequence[Person],
    rituals: Iterable[Ritual],
    sessions: Iterable[Session],
    start: date,
    end: date,
    holidays: Holidays | None,
    skip: Set[str] = frozenset(),
) -> Load:
    """What everyone holds from ``start`` to ``end``: every session not cancelled (but those of
    ``skip``, about to be planned again), and the dates of the rituals met all together that
    have no session yet."""
    load = Load()
    kinds = {r.id: r.kind for r in rituals}
    stored = set()
    for session in sessions:
        stored.add(session.id)
        if session.status == "cancelled" or session.id in skip or not start <= session.day <= end:
            continue
        for email in session.members:
            load.add(email, session.day, session.ritual_id, kinds.get(session.ritual_id, ""))
    for ritual in rituals:
        if ritual.grouping.rotates or ritual.status != "active":
            continue
        lo, hi = (
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end + timedelta(days=1), datetime.min.time()),
        )
        for when in occurrences(ritual.schedule, lo, hi, holidays=holidays):
            if f"{ritual.id}@{when.date().isoformat()}" in stored:
                continue
            for person in invited_among(ritual, list(people), when.date()):
                load.add(person.email, when.date(), ritual.id, ritual.kind)
    return load


class Participation:
    """The choices of one preview: call `who` for each date in order, then `wishes` per block."""

    def __init__(
        self,
        ritual: Ritual,
        people: list[Person],
        rituals: list[Ritual],
        sessions: list[Session],
        dates: Sequence[datetime],
        today: date,
        store: Store,
        holidays: Holidays | None,
    ) -> None:
        self.ritual = ritual
        self.budget = read_budget(store)
        self.goal = read_trail(store)
        self.trail = is_trail(ritual)
        if self.trail and self.goal is None:
            self.goal = TrailGoal()  # a welcome rotation is a trail, with the default goal if none was set
        self.teams = sorted({p.team for p in people if p.team.strip()})
        self.team_of = {p.email: p.team for p in people}
        self.kinds = {r.id: r.kind for r in rituals}
        skip = {f"{ritual.id}@{d.date().isoformat()}" for d in dates}
        self.others = [s for s in sessions if s.id not in skip]
        first, last = dates[0].date(), dates[-1].date()
        self.active = (
            self.budget.active or ritual.grouping.seats is not None or self.trail or any(p.cadence for p in people)
        )
        self.load = (
            load_of(people, rituals, self.others, first - LOAD_MARGIN, last + LOAD_MARGIN, holidays)
            if self.active
            else Load()
        )
        seen = last_seen(s for s in self.others if s.status == "held")
        self.first = {
            p.email
            for p in people
            if p.is_newcomer(today, NEWCOMER_DAYS)
            or (p.email in seen and (today - seen[p.email]).days >= ISOLATED_DAYS)
        }
        self.met: dict[str, set[str]] = {}
        self.left_out: dict[str, tuple[tuple[str, str], ...]] = {}

    @property
    def wishing(self) -> bool:
        """Trail wishes apply to this ritual (its kind counts toward a goal that is set)."""
        return self.goal is not None and self.goal.counts(self.ritual.kind)

    def blocks(
        self,
        dates: Sequence[datetime],
        participants: Participants,
        joint: Callable[[Sequence[datetime], Participants], list[Block]],
    ) -> Iterable[Block]:
        """The preview's blocks: ``joint`` groups the dates whose participants are the same; with
        trail wishes each date is its own block, decided once the one before is planned (its
        meetings count), so they come one at a time."""

        def who(when: datetime) -> tuple[list[Person], tuple[str, ...]]:
            present, gone = participants(when)
            chosen = self.who(present, when)
            kept = {p.email for p in chosen}
            return chosen, tuple(sorted({*gone, *(p.email for p in present if p.email not in kept)}))

        if self.wishing:
            return (([when], *who(when)) for when in dates)
        return joint(dates, who)

    def who(self, present: list[Person], when: datetime) -> list[Person]:
        """The participants of ``when`` among ``present`` (called once per date, in order)."""
        if not self.active:
            return present
        day = when.date()
        if self.trail and self.goal is not None:
            choice = self._trail_round(present, day, self.goal)
        else:
            choice = choose(present, day, self.ritual, self.load, self.budget, first=self.first)
        self.left_out[day.isoformat()] = choice.left_out
        return list(choice.chosen)

    def _trail_round(self, present: list[Person], day: date, goal: TrailGoal) -> Choice:
        """The newcomers on their trail, then for each (fewest teams left first) the fairest
        partners from a team they still have to meet, else the fairest of all."""
        newcomers = [p for p in present if goal.on_trail(p, day) and self._todo(p, day, goal)]
        partners = [p for p in present if p not in newcomers]
        seats_each = (self.ritual.grouping.size or 2) - 1
        key = fairness(day, self.ritual, self.load, self.first, set())
        chosen: list[Person] = []
        for newcomer in sorted(newcomers, key=lambda p: (len(self._todo(p, day, goal)), p.email)):
            todo = {t.lower() for t in self._todo(newcomer, day, goal)}
            for _seat in range(seats_each):
                pool = [p for p in partners if p not in chosen]
                pool = [p for p in pool if p.team.strip().lower() in todo] or pool
                if not pool:
                    break
                pick = min(pool, key=key)
                chosen.append(pick)
                todo.discard(pick.team.strip().lower())
        seated = newcomers + chosen
        return choose(
            seated,
            day,
            self.ritual,
            self.load,
            self.budget,
            must={p.email for p in newcomers},
            seats=len(seated) if seated else 0,
        )

    def _todo(self, person: Person, day: date, goal: TrailGoal) -> tuple[str, ...]:
        met = self._met(person.email, day)
        return tuple(t for t in goal.teams_for(person, self.teams) if t not in met)

    def _met(self, email: str, day: date) -> set[str]:
        if email not in self.met:
            goal = self.goal or TrailGoal()
            before = [s for s in self.others if s.day < day]
            self.met[email] = teams_met(email, before, self.team_of, self.kinds, goal) | teams_met(
                email, before, self.team_of, self.kinds, goal, planned=True
            )
        return self.met[email]

    def wishes(self, present: Sequence[Person], day: date) -> dict[tuple[str, str], float]:
        """The trail wishes of one block (see ``rituals.core.trail.trail_wishes``)."""
        if not self.wishing or self.goal is None:
            return {}
        met = {p.email: self._met(p.email, day) for p in present if self.goal.on_trail(p, day)}
        return trail_wishes(present, day, self.goal, met, self.teams)

    def record(self, groups: Iterable[Sequence[str]]) -> None:
        """A block's groups are planned: the teams each newcomer meets there are met."""
        for group in groups:
            for email in group:
                if email in self.met:
                    self.met[email].update(self.team_of.get(e, "") for e in group if e != email)
                    self.met[email].discard("")
