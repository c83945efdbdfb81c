"""Onboarding trails: each newcomer's goal of meeting someone from every team within a few weeks.

The goal (`TrailGoal`: which teams, how many weeks from arrival, which ritual kinds count) is the
organisation's. A newcomer on their trail has, in each rotation of a kind that counts, a strong
wish to meet the teams they have not met (`trail_wishes`: (newcomer, someone) -> value, which the
engine's pair costs take in: ``rituals.core.rotation.costs.wish_costs``); a rotating ritual of kind "welcome"
seats only the newcomers on their trail and one partner each from a team still to meet.
`progress` says where each newcomer stands, and whether the goal is at risk: more teams left
than the coming rounds can offer. Pure: nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rituals.core.frozen import frozen
from rituals.core.models import Person, Session
from rituals.locale import _, ngettext

WISH = 200.0  # above a same-team or a place price (30, 10), below any repeat (400 and up): never worth a repeat
TRAIL_KIND = "welcome"  # a rotating ritual of this kind is a trail: newcomers and one partner each
MAX_SIZE = 12  # as the rotation's history: sharing an all-hands is not meeting someone


@frozen
class TrailGoal:
    """Meet someone from each of ``teams`` (empty: every team but one's own) within ``weeks`` of
    arriving, in rituals of ``kinds`` (empty: every kind)."""

    weeks: int = 6
    teams: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def counts(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def ends(self, person: Person) -> date | None:
        return person.joined + timedelta(weeks=self.weeks) if person.joined else None

    def on_trail(self, person: Person, day: date) -> bool:
        end = self.ends(person)
        return (
            end is not None and person.joined is not None and person.joined <= day <= end and not person.has_left(day)
        )

    def teams_for(self, person: Person, every_team: Iterable[str]) -> tuple[str, ...]:
        own = person.team.strip().lower()
        wanted = self.teams or tuple(every_team)
        return tuple(sorted({t for t in wanted if t.strip() and t.strip().lower() != own}))

    def to_dict(self) -> dict[str, Any]:
        return {"weeks": self.weeks, "teams": list(self.teams), "kinds": list(self.kinds)}

    @staticmethod
    def from_dict(data: Any) -> TrailGoal | None:
        if not isinstance(data, dict):
            return None
        weeks = data.get("weeks")
        weeks = weeks if isinstance(weeks, int) and not isinstance(weeks, bool) and weeks > 0 else 6
        texts = [tuple(str(t) for t in data.get(k) or () if isinstance(t, str)) for k in ("teams", "kinds")]
        return TrailGoal(weeks, texts[0], texts[1])


@frozen
class TrailProgress:
    """Where one newcomer stands on their trail on a given day."""

    email: str
    name: str
    goal: tuple[str, ...]  # the teams to meet
    met: tuple[str, ...]  # met in a held session
    planned: tuple[str, ...]  # to meet in a planned one
    ends: date
    days_left: int
    chances: int  # teams the coming rounds could still offer (see `progress`)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(t for t in self.goal if t not in self.met)

    @property
    def at_risk(self) -> bool:
        still = [t for t in self.missing if t not in self.planned]
        return bool(still) and len(still) > self.chances

    def text(self) -> str:
        """ "Ana: 4 of 7 teams met, 2 weeks left; Sales and Data still to meet"."""
        weeks = self.days_left // 7
        if weeks:
            left = ngettext("{n} week left", "{n} weeks left", weeks).format(n=weeks)
        else:
            left = _("{n} day(s) left").format(n=self.days_left)
        if not self.missing:
            return _("{name}: every team met ({goal})").format(name=self.name, goal=len(self.goal))
        head = _("{name}: {met} of {goal} teams met, {left}").format(
            name=self.name, met=len(self.met), goal=len(self.goal), left=left
        )
        planned = [t for t in self.missing if t in self.planned]
        if planned:
            said = _("{head}; {todo} still to meet ({planned} planned)").format(
                head=head, todo=_and(self.missing), planned=_and(planned)
            )
        else:
            said = _("{head}; {todo} still to meet").format(head=head, todo=_and(self.missing))
        return _("{text}; at risk").format(text=said) if self.at_risk else said


def _and(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{names} and {last}").format(names=", ".join(items[:-1]), last=items[-1])


def teams_met(
    email: str,
    sessions: Iterable[Session],
    team_of: Mapping[str, str],
    kinds: Mapping[str, str],
    goal: TrailGoal,
    *,
    planned: bool = False,
) -> set[str]:
    """The teams ``email`` met in small groups of held sessions (or planned ones, with
    ``planned``) of rituals whose kind counts (``kinds``: ritual id -> kind)."""
    met: set[str] = set()
    for session in sessions:
        if not goal.counts(kinds.get(session.ritual_id, "")):
            continue
        groups = session.participants() if not planned else (session.groups if session.status == "planned" else ())
        for group in groups:
            if email in group and len(group) <= MAX_SIZE:
                met.update(team_of.get(e, "") for e in group if e != email)
    met.discard("")
    return met


def progress(
    person: Person,
    goal: TrailGoal,
    every_team: Iterable[str],
    sessions: Sequence[Session],
    team_of: Mapping[str, str],
    kinds: Mapping[str, str],
    today: date,
    chances: int,
) -> TrailProgress | None:
    """``person``'s progress on ``today``, or None when they are not on a trail that day.
    ``chances``: how many teams the rounds still to be formed before the trail ends can offer."""
    end = goal.ends(person)
    if end is None or not goal.on_trail(person, today):
        return None
    wanted = goal.teams_for(person, every_team)
    met = teams_met(person.email, sessions, team_of, kinds, goal)
    planned = teams_met(person.email, (s for s in sessions if s.day >= today), team_of, kinds, goal, planned=True)
    return TrailProgress(
        person.email,
        person.name,
        wanted,
        tuple(t for t in wanted if t in met),
        tuple(t for t in wanted if t in planned and t not in met),
        end,
        (end - today).days,
        chances,
    )


def trail_wishes(
    present: Sequence[Person],
    day: date,
    goal: TrailGoal,
    met: Mapping[str, set[str]],
    every_team: Iterable[str],
    value: float = WISH,
) -> dict[tuple[str, str], float]:
    """(newcomer on their trail, someone present from a team they have not met) -> ``value``
    (``met``: e-mail -> teams already met)."""
    teams = tuple(every_team)
    wishes: dict[tuple[str, str], float] = {}
    for newcomer in present:
        if not goal.on_trail(newcomer, day):
            continue
        todo = {t.lower() for t in goal.teams_for(newcomer, teams)} - {t.lower() for t in met.get(newcomer.email, ())}
        for other in present:
            if other.email != newcomer.email and other.team.strip().lower() in todo:
                wishes[(newcomer.email, other.email)] = value
    return wishes
