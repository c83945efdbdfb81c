"""What the planner's dashboard shows: the next sessions, what needs attention, key figures."""

from __future__ import annotations

import dataclasses
from dataclasses import field
from datetime import date, datetime, time, timedelta
from itertools import combinations
from typing import TYPE_CHECKING

from rituals.core.frozen import frozen
from rituals.core.history import first_chances, last_seen
from rituals.core.models import Person, Response, Ritual, Session
from rituals.locale import _, formats, ngettext
from rituals.service.context import Context
from rituals.service.sessions import Occurrence

if TYPE_CHECKING:
    from rituals.core.moments import Moment
    from rituals.core.trail import TrailProgress
    from rituals.service.hours import Hours
    from rituals.service.repair import PlanRepair
    from rituals.service.rituals import Rituals
    from rituals.service.sessions import Sessions

IDLE_DAYS = 45  # a person left out of every session this long is flagged
SOON_DAYS = 7  # rotating sessions this close should have their groups formed
UNSURE_HOURS = 24  # a session this close with people tentative or silent is flagged
MOMENT_WEEKS = 4  # key moments this far ahead are worth preparing


@frozen
class Alert:
    """Something the team lead should look at, with what it is about."""

    kind: str  # "isolated", "no-upcoming", "groups-missing", "weekend", "stale-member", "unsure",
    # "outside-hours", "trail", "moment"
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
    trails: list[TrailProgress] = field(default_factory=list)  # newcomers on their onboarding trail
    moments: list[tuple[Moment, str]] = field(default_factory=list)  # key moments ahead, with an idea's title


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class Dashboard:
    """The dashboard's figures and alerts."""

    def __init__(
        self, context: Context, rituals: Rituals, sessions: Sessions, repair: PlanRepair, hours: Hours
    ) -> None:
        self.context = context
        self.store = context.store
        self.rituals = rituals
        self.sessions = sessions
        self.repair = repair
        self.hours = hours

    def build(self, days: int = 14, idle_days: int = IDLE_DAYS) -> DashboardView:
        """The next ``days`` of sessions, the alerts (``idle_days``: when someone counts as
        isolated), the quarter's figures and the last sessions held."""
        people = self.store.people()
        rituals = self.store.rituals()
        sessions = self.store.sessions()
        upcoming = self.sessions.upcoming(days, rituals=rituals, sessions=sessions, people=people)
        from rituals.service.over_time import moments, trails  # deferred: people over time, here and in `people`

        on_trail = trails(self.context)
        ahead = moments(self.context, weeks=MOMENT_WEEKS)
        alerts = self._alerts(people, rituals, sessions, upcoming, idle_days) + _over_time(on_trail, ahead)
        return DashboardView(
            upcoming=upcoming,
            alerts=alerts,
            figures=self._figures(people, rituals, sessions),
            recent=self._recent(rituals, sessions),
            trails=on_trail,
            moments=ahead,
        )

    def _recent(self, rituals: list[Ritual], sessions: list[Session], count: int = 12) -> list[Held]:
        titles = {r.id: r.title for r in rituals}
        held = [s for s in sessions if s.status == "held" and s.start <= self.context.now()][-count:]
        return [
            Held(
                titles.get(s.ritual_id, s.ritual_id),
                s.start,
                sum(len(g) for g in s.participants()),
                len(s.members),
                s.rating,
            )
            for s in reversed(held)
        ]

    # ------------------------------------------------------------------ alerts
    def _alerts(
        self,
        people: list[Person],
        rituals: list[Ritual],
        sessions: list[Session],
        upcoming: list[Occurrence],
        idle_days: int,
    ) -> list[Alert]:
        today = self.context.today()
        alerts = _stale(self.repair, people, sessions) + _isolated(people, rituals, sessions, today, idle_days)
        coming = {o.ritual.id for o in upcoming}
        for ritual in rituals:
            if ritual.status == "active" and ritual.id not in coming and not self.rituals.next_dates(ritual, 1):
                alerts.append(
                    Alert(
                        "no-upcoming",
                        _("{title} has no session ahead: extend or cancel it").format(title=ritual.title),
                        ritual.id,
                    )
                )
        soon = datetime.combine(today + timedelta(days=SOON_DAYS), time.max)
        for occ in upcoming:
            if occ.ritual.grouping.rotates and not occ.groups_formed and occ.start <= soon:
                when = formats.day(occ.start, "short")
                alerts.append(
                    Alert(
                        "groups-missing",
                        _("{title} on {day}: groups not formed yet").format(title=occ.ritual.title, day=when),
                        f"{occ.ritual.id}@{occ.day.isoformat()}",
                    )
                )
        off = [Alert("outside-hours", o.text(), o.ritual.id) for o in self.hours.upcoming_off_hours(upcoming, people)]
        return alerts + _weekends(upcoming) + off + self._unsure(people, sessions, upcoming)

    def _unsure(self, people: list[Person], sessions: list[Session], upcoming: list[Occurrence]) -> list[Alert]:
        """Sessions of the next 24 hours with people who answered TENTATIVE or not at all (once
        someone answered: a team that does not read answers is not nagged)."""
        from rituals.core.attendance import SERIES_ANSWERS, unsure  # deferred: only a plan with answers
        from rituals.store.codec import response_from

        states = self.store.states(SERIES_ANSWERS)
        if not states and not any(s.responses for s in sessions):
            return []
        standing: dict[str, dict[str, Response]] = {}
        for key, value in states.items():
            ritual_id, _space, email = key.partition(" ")
            standing.setdefault(ritual_id, {})[email] = response_from(value)
        now = self.context.now()
        together = {o.ritual.id for o in upcoming if not o.ritual.grouping.rotates}
        candidates = [s for s in sessions if s.ritual_id not in together]
        for occ in upcoming:  # a series' date: everyone it invites that day is one group
            if occ.ritual.id in together and occ.start <= now + timedelta(hours=UNSURE_HOURS):
                invited = tuple(p.email for p in self.rituals.invited(occ.ritual, occ.day))
                candidates.append(
                    dataclasses.replace(occ.session or Session(occ.ritual.id, occ.start), groups=(invited,))
                )
        titles = {o.ritual.id: o.ritual.title for o in upcoming}
        names = {p.email: p.name or p.email for p in people}
        by_session: dict[str, list[str]] = {}
        when: dict[str, datetime] = {}
        for found in unsure(candidates, now, standing, UNSURE_HOURS):
            name = names.get(found.email, found.email)
            if found.status == "TENTATIVE":
                said = _("{name} (tentative)").format(name=name)
            else:
                said = _("{name} (no answer)").format(name=name)
            by_session.setdefault(found.session, []).append(said)
            when[found.session] = found.start
        return [
            Alert(
                "unsure",
                _("{title} on {moment}: {n} not sure: {who}").format(
                    title=titles.get(sid.partition("@")[0], sid),
                    moment=formats.moment(when[sid]),
                    n=len(who),
                    who=", ".join(who),
                ),
                sid,
            )
            for sid, who in by_session.items()
        ]

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


def _over_time(on_trail: list[TrailProgress], ahead: list[tuple[Moment, str]]) -> list[Alert]:
    """Each newcomer's trail (those at risk first), then the key moments ahead with an idea each."""
    alerts = [Alert("trail", t.text(), t.email) for t in on_trail]
    for m, title in ahead:
        said = _("{day}: {text}; idea: {idea}").format(day=formats.day(m.day), text=m.text, idea=title)
        alerts.append(Alert("moment", said, m.email))
    return alerts


def _stale(repair: PlanRepair, people: list[Person], sessions: list[Session]) -> list[Alert]:
    """People paused or gone who are still in planned groups, and people alone in a group: their
    partners would be stood up. Pausing or removing someone through rituals repairs the plan;
    these come from an older version or a hand edit, and `PlanRepair.fix_stale` fixes them."""
    names = {p.email: p.name for p in people}
    alerts = []
    for found in repair.stale_members(people, sessions):
        n = len(found.sessions)
        name = names.get(found.email, found.email)
        if found.why == "paused" and found.paused_until is not None:
            text = ngettext(
                "{name} is paused until {day} but still in {n} planned group: repair the plan",
                "{name} is paused until {day} but still in {n} planned groups: repair the plan",
                n,
            ).format(name=name, day=formats.day(found.paused_until, "day_month_year"), n=n)
        elif found.why == "left":
            text = ngettext(
                "{name} has left but is still in {n} planned group: repair the plan",
                "{name} has left but is still in {n} planned groups: repair the plan",
                n,
            ).format(name=name, n=n)
        elif found.why == "gone":
            text = ngettext(
                "{name} has left the roster but is still in {n} planned group: repair the plan",
                "{name} has left the roster but is still in {n} planned groups: repair the plan",
                n,
            ).format(name=found.email, n=n)
        else:
            text = ngettext(
                "{name} is alone in a group in {n} planned group: repair the plan",
                "{name} is alone in a group in {n} planned groups: repair the plan",
                n,
            ).format(name=name, n=n)
        alerts.append(Alert("stale-member", text, found.email))
    return alerts


def _isolated(
    people: list[Person], rituals: list[Ritual], sessions: list[Session], today: date, idle_days: int
) -> list[Alert]:
    """People out of every session for ``idle_days`` with nothing planned, counted from their
    first chance to come (a newcomer, or anyone before the first session, has had none yet)."""
    alerts: list[Alert] = []
    seen = last_seen(sessions)
    planned = {e for s in sessions if s.status == "planned" and s.day >= today for e in s.members}
    never = [p for p in people if p.email not in seen and p.email not in planned and not p.is_paused(today)]
    chances = first_chances(never, rituals, sessions)  # only they need one: the others were seen
    for person in people:
        if person.is_away(today) or person.email in planned:
            continue
        last = seen.get(person.email)
        since = last or chances.get(person.email)
        if since is not None and (today - since).days >= idle_days:
            said = {"name": person.name, "team": person.team or _("no team")}
            if last:
                text = _("{name} ({team}) has met no one since {day}").format(
                    day=formats.day(last, "day_month_year"), **said
                )
            else:
                text = _("{name} ({team}) has met no one ever").format(**said)
            alerts.append(Alert("isolated", text, person.email))
    return alerts


def _weekends(upcoming: list[Occurrence]) -> list[Alert]:
    """A ritual set on a weekday that lands on a weekend (monthly on a date: the 27th), once each."""
    alerts: list[Alert] = []
    weekend: set[str] = set()
    for occ in upcoming:
        schedule = occ.ritual.schedule
        if occ.start.weekday() >= 5 > schedule.start.weekday() and occ.ritual.id not in weekend:
            weekend.add(occ.ritual.id)
            day = f"{formats.day(occ.start, 'weekday')} {formats.day(occ.start, 'day_month')}"
            if schedule.frequency == "monthly":
                said = _(
                    "{title} falls on {day}: cancel that date; make it monthly on the weekday (--monthly-on weekday)"
                ).format(title=occ.ritual.title, day=day)
            else:
                said = _("{title} falls on {day}: cancel that date").format(title=occ.ritual.title, day=day)
            alerts.append(Alert("weekend", said, occ.ritual.id))
    return alerts
