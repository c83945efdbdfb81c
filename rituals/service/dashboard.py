"""What the planner's dashboard shows: the next sessions, what needs attention, key figures."""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime, time, timedelta
from itertools import combinations
from typing import TYPE_CHECKING

from rituals.core.frozen import frozen
from rituals.core.history import first_chances, last_seen
from rituals.core.models import Person, Ritual, Session
from rituals.service.context import Context
from rituals.service.sessions import Occurrence

if TYPE_CHECKING:
    from rituals.service.rituals import Rituals
    from rituals.service.sessions import Sessions

IDLE_DAYS = 45  # a person left out of every session this long is flagged
SOON_DAYS = 7  # rotating sessions this close should have their groups formed


@frozen
class Alert:
    """Something the team lead should look at, with what it is about."""

    kind: str  # "isolated", "no-upcoming", "groups-missing", "weekend"
    text: str
    target: str  # the e-mail, ritual id or session id it is about


@frozen
class Figures:
    """The quarter in four numbers, for the dashboard."""

    people: int = 0
    active_rituals: int = 0
    held_this_quarter: int = 0
    cross_team_pairs: int = 0  # distinct pairs from different teams who met this quarter
    participation: float | None = None  # share of invited people who came, this quarter


@frozen
class Held:
    """A recent session as the dashboard recalls it."""

    title: str
    start: datetime
    came: int
    invited: int
    rating: int | None


@frozen
class DashboardView:
    """Everything the dashboard shows, computed in one pass over the store."""

    upcoming: list[Occurrence] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)
    recent: list[Held] = field(default_factory=list)  # the last held sessions, newest first


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class Dashboard:
    """The dashboard's figures and alerts."""

    def __init__(self, context: Context, rituals: Rituals, sessions: Sessions) -> None:
        self.context = context
        self.store = context.store
        self.rituals = rituals
        self.sessions = sessions

    def build(self, days: int = 14, idle_days: int = IDLE_DAYS) -> DashboardView:
        """The next ``days`` of sessions, the alerts (``idle_days``: when someone counts as
        isolated), the quarter's figures and the last sessions held."""
        people = self.store.people()
        rituals = self.store.rituals()
        sessions = self.store.sessions()
        upcoming = self.sessions.upcoming(days, rituals=rituals, sessions=sessions, people=people)
        return DashboardView(
            upcoming=upcoming,
            alerts=self._alerts(people, rituals, sessions, upcoming, idle_days),
            figures=self._figures(people, rituals, sessions),
            recent=self._recent(rituals, sessions),
        )

    def _recent(self, rituals: list[Ritual], sessions: list[Session], count: int = 12) -> list[Held]:
        titles = {r.id: r.title for r in rituals}
        held = [s for s in sessions if s.status == "held" and s.start <= self.context.now()][-count:]
        return [
            Held(titles.get(s.ritual_id, s.ritual_id), s.start, sum(len(g) for g in s.participants()), len(s.members), s.rating)
            for s in reversed(held)
        ]

    # ------------------------------------------------------------------ alerts
    def _alerts(
        self, people: list[Person], rituals: list[Ritual], sessions: list[Session], upcoming: list[Occurrence],
        idle_days: int,
    ) -> list[Alert]:
        today = self.context.today()
        alerts = _isolated(people, rituals, sessions, today, idle_days)
        coming = {o.ritual.id for o in upcoming}
        for ritual in rituals:
            if ritual.status == "active" and ritual.id not in coming and not self.rituals.next_dates(ritual, 1):
                alerts.append(Alert("no-upcoming", f"{ritual.title} has no session ahead: extend or cancel it", ritual.id))
        soon = datetime.combine(today + timedelta(days=SOON_DAYS), time.max)
        for occ in upcoming:
            if occ.ritual.grouping.rotates and not occ.groups_formed and occ.start <= soon:
                when = occ.start.strftime("%a %d %b")
                alerts.append(Alert("groups-missing", f"{occ.ritual.title} on {when}: groups not formed yet",
                                    f"{occ.ritual.id}@{occ.day.isoformat()}"))
        return alerts + _weekends(upcoming)

    # ------------------------------------------------------------------ figures
    def _figures(self, people: list[Person], rituals: list[Ritual], sessions: list[Session]) -> Figures:
        start = quarter_start(self.context.today())
        team = {p.email: p.team for p in people}
        held = [s for s in sessions if s.status == "held" and s.day >= start]
        pairs: set[frozenset[str]] = set()
        came = expected = 0
        for session in held:
            met = session.participants()
            came += sum(len(g) for g in met)
            expected += len(session.members)
            for group in met:
                for a, b in combinations(sorted(set(group)), 2):
                    if team.get(a, "") != team.get(b, ""):
                        pairs.add(frozenset((a, b)))
        return Figures(
            people=len(people),
            active_rituals=sum(r.status == "active" for r in rituals),
            held_this_quarter=len(held),
            cross_team_pairs=len(pairs),
            participation=came / expected if expected else None,
        )


def _isolated(people: list[Person], rituals: list[Ritual], sessions: list[Session], today: date,
              idle_days: int) -> list[Alert]:
    """People out of every session for ``idle_days`` with nothing planned, counted from their
    first chance to come (a newcomer, or anyone before the first session, has had none yet)."""
    alerts: list[Alert] = []
    seen = last_seen(sessions)
    planned = {e for s in sessions if s.status == "planned" and s.day >= today for e in s.members}
    never = [p for p in people if p.email not in seen and p.email not in planned and not p.is_paused(today)]
    chances = first_chances(never, rituals, sessions)  # only they need one: the others were seen
    for person in people:
        if person.is_paused(today) or person.email in planned:
            continue
        last = seen.get(person.email)
        since = last or chances.get(person.email)
        if since is not None and (today - since).days >= idle_days:
            when = f"since {last.isoformat()}" if last else "ever"
            alerts.append(Alert("isolated", f"{person.name} ({person.team or 'no team'}) has met no one {when}", person.email))
    return alerts


def _weekends(upcoming: list[Occurrence]) -> list[Alert]:
    """A ritual set on a weekday that lands on a weekend (monthly on a date: the 27th), once each."""
    alerts: list[Alert] = []
    weekend: set[str] = set()
    for occ in upcoming:
        schedule = occ.ritual.schedule
        if occ.start.weekday() >= 5 > schedule.start.weekday() and occ.ritual.id not in weekend:
            weekend.add(occ.ritual.id)
            hint = "; make it monthly on the weekday (--monthly-on weekday)" if schedule.frequency == "monthly" else ""
            alerts.append(Alert("weekend", f"{occ.ritual.title} falls on {occ.start:%A %d %b}: cancel that date{hint}",
                                occ.ritual.id))
    return alerts
