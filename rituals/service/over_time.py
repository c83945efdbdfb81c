"""People over time: key moments, onboarding trails, the participation budget, a person's own view.

What `People` and the dashboard ask about people over time, computed from one read of the store
(the maths are the core's: ``rituals.core.moments``, ``trail``, ``budget``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rituals.core.budget import Budget, Caps, inclusions
from rituals.core.collation import sorted_names
from rituals.core.frozen import frozen
from rituals.core.history import last_seen, pair_history
from rituals.core.models import Person, Ritual, Session
from rituals.core.moments import Moment, key_moments
from rituals.core.schedule import occurrences
from rituals.core.trail import TrailGoal, TrailProgress, progress
from rituals.locale import _, formats
from rituals.service.participation import is_trail, load_of, read_budget, read_trail
from rituals.service.rituals import audience_among

if TYPE_CHECKING:
    from rituals.service.context import Context

WEAK_DAYS = 180  # met once, this long ago or more: a weak tie worth renewing


def moments(context: Context, weeks: int = 4, lang: str = "en") -> list[tuple[Moment, str]]:
    """The key moments from a week ago to ``weeks`` ahead, each with its idea's title."""
    from rituals.core.catalog.ideas import find_idea  # deferred: the catalog loads for ideas only

    store = context.store
    found = key_moments(store.people(), store.sessions(), context.today(), weeks)
    return [(m, find_idea(m.idea_id).title.get(lang)) for m in found]


def trails(context: Context) -> list[TrailProgress]:
    """Each newcomer on their trail today, with the teams met, planned and left; none without a goal."""
    store = context.store
    goal = read_trail(store)
    rituals = store.rituals()
    if goal is None:
        if not any(is_trail(r) and r.status == "active" for r in rituals):
            return []
        goal = TrailGoal()
    today = context.today()
    people = store.people()
    sessions = store.sessions()
    teams = sorted_names(p.team for p in people if p.team.strip())
    team_of = {p.email: p.team for p in people}
    kinds = {r.id: r.kind for r in rituals}
    out = []
    for person in people:
        if goal.on_trail(person, today):
            chances = _chances(person, goal, rituals, sessions, today, context)
            found = progress(person, goal, teams, sessions, team_of, kinds, today, chances)
            if found is not None:
                out.append(found)
    return sorted(out, key=lambda t: (not t.at_risk, t.days_left, t.name))


def _chances(
    person: Person, goal: TrailGoal, rituals: list[Ritual], sessions: list[Session], today: date, context: Context
) -> int:
    """Teams the coming rounds could still bring ``person`` before their trail ends: each date of
    a rotating ritual that counts and invites them, not planned yet, brings size - 1."""
    end = goal.ends(person) or today
    planned = {s.id for s in sessions if s.groups}
    total = 0
    for ritual in rituals:
        if not (ritual.grouping.rotates and ritual.status == "active" and goal.counts(ritual.kind)):
            continue
        if person not in audience_among(ritual, [person]):
            continue
        lo = datetime.combine(today, datetime.min.time())
        hi = datetime.combine(end + timedelta(days=1), datetime.min.time())
        dates = occurrences(ritual.schedule, lo, hi, holidays=context.holidays)
        open_dates = [d for d in dates if f"{ritual.id}@{d.date().isoformat()}" not in planned]
        total += len(open_dates) * ((ritual.grouping.size or 2) - 1)
    return total


@frozen
class BudgetRow:
    email: str
    name: str
    team: str
    caps: Caps
    counts: tuple[int, ...]  # invitations in each month of the report
    over: tuple[bool, ...]  # past the monthly cap, or a weekly cap within that month


@frozen
class BudgetReport:
    budget: Budget
    months: tuple[tuple[int, int], ...]
    rows: tuple[BudgetRow, ...]

    def spread(self, index: int) -> int:
        """Most included minus least included active person, in month ``index``."""
        counts = [r.counts[index] for r in self.rows]
        return max(counts) - min(counts) if counts else 0


def budget_report(context: Context, start: date | None = None, months: int = 3) -> BudgetReport:
    """Each active person's invitations per month, all rituals together, against their caps."""
    store = context.store
    today = context.today()
    first = (start or today).replace(day=1)
    spans = []
    y, m = first.year, first.month
    for _month in range(months):
        spans.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    end = date(y, m, 1) - timedelta(days=1)
    people = [p for p in store.people() if not p.has_left(first)]
    budget = read_budget(store)
    load = load_of(people, store.rituals(), store.sessions(), first, end, context.holidays)
    counts = inclusions(load, people, spans)
    weeks_over: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for (email, period), n in load.count.items():
        if period[0] == "w" and n:
            person = next((p for p in people if p.email == email), None)
            cap = budget.caps_for(person).per_week if person else None
            if cap is not None and n > cap:
                monday = date.fromisocalendar(period[1], period[2], 1)
                weeks_over[email].update(
                    {(monday.year, monday.month), ((monday + timedelta(6)).year, (monday + timedelta(6)).month)}
                )
    rows = []
    for p in people:
        caps = budget.caps_for(p)
        over = tuple(
            (caps.per_month is not None and n > caps.per_month) or span in weeks_over[p.email]
            for n, span in zip(counts[p.email], spans)
        )
        rows.append(BudgetRow(p.email, p.name, p.team, caps, tuple(counts[p.email]), over))
    return BudgetReport(budget, tuple(spans), tuple(rows))


@frozen
class Meeting:
    """Someone a person met, when and in which ritual."""

    email: str
    name: str
    team: str
    day: date
    ritual: str


@frozen
class Suggestion:
    email: str
    name: str
    team: str
    why: str


@frozen
class PersonView:
    """A person's own view: who they met, the teams never met, weak ties, what is next, whom to meet."""

    person: Person
    met: tuple[Meeting, ...]  # newest first
    teams_never_met: tuple[str, ...]
    weak_ties: tuple[Meeting, ...]  # met once, long ago
    next_sessions: tuple[tuple[date, str, tuple[str, ...]], ...]  # day, ritual title, group (names)
    suggestions: tuple[Suggestion, ...]
    trail: TrailProgress | None = None


def person_view(context: Context, email: str, limit: int = 5) -> PersonView:
    store = context.store
    person = store.person(email)
    today = context.today()
    people = {p.email: p for p in store.people()}
    titles = {r.id: r.title for r in store.rituals()}
    sessions = store.sessions()
    held = [s for s in sessions if s.status == "held"]

    def meeting(other: str, s: Session) -> Meeting:
        p = people.get(other)
        return Meeting(other, p.name if p else other, p.team if p else "", s.day, titles.get(s.ritual_id, s.ritual_id))

    met = [
        meeting(o, s)
        for s in reversed(held)
        for g in s.participants()
        if person.email in g and len(g) <= 12
        for o in g
        if o != person.email
    ]
    history = pair_history(s for s in held)
    teams = sorted_names(p.team for p in people.values() if p.team and p.team != person.team and not p.has_left(today))
    seen_teams = {m.team for m in met}
    weak = [
        m
        for m in met
        if len(history.get(frozenset((person.email, m.email)), [])) == 1 and (today - m.day).days >= WEAK_DAYS
    ]
    coming = [
        (s.day, titles.get(s.ritual_id, s.ritual_id), tuple(people[e].name if e in people else e for e in g))
        for s in sessions
        if s.status == "planned" and s.day >= today
        for g in s.groups
        if person.email in g
    ]
    goal = read_trail(store)
    trail = None
    if goal is not None and goal.on_trail(person, today):
        kinds = {r.id: r.kind for r in store.rituals()}
        trail = progress(
            person,
            goal,
            sorted_names(p.team for p in people.values() if p.team),
            sessions,
            {e: p.team for e, p in people.items()},
            kinds,
            today,
            0,
        )
    return PersonView(
        person,
        tuple(met),
        tuple(t for t in teams if t not in seen_teams),
        tuple(weak),
        tuple(coming),
        tuple(_suggest(person, people, met, held, today, limit)),
        trail,
    )


def _suggest(
    person: Person, people: dict[str, Person], met: list[Meeting], held: list[Session], today: date, limit: int
) -> list[Suggestion]:
    """Whom ``person`` would most benefit from meeting: someone of a team they never met, then
    people they never met who are new or isolated, then weak ties to renew."""
    met_days: dict[str, list[date]] = defaultdict(list)
    for m in met:
        met_days[m.email].append(m.day)
    seen_teams = {m.team for m in met} | {person.team}
    seen = last_seen(held)
    scored = []
    for other in people.values():
        if other.email == person.email or other.is_away(today) or other.email in person.excluded:
            continue
        days = met_days.get(other.email, [])
        isolated = other.email in seen and (today - seen[other.email]).days >= 45
        if other.team and other.team not in seen_teams:
            why, rank = _("nobody from {team} met yet").format(team=other.team), 0
        elif not days and other.is_newcomer(today):
            why, rank = _("new here, never met"), 1
        elif not days and isolated:
            why, rank = _("never met, and has met no one lately"), 1
        elif not days:
            why, rank = _("never met"), 2
        elif len(days) == 1 and (today - days[0]).days >= WEAK_DAYS:
            why, rank = _("met once, on {day}").format(day=formats.day(days[0], "day_month_year")), 3
        else:
            continue
        scored.append((rank, -len(days), other.name, Suggestion(other.email, other.name, other.team, why)))
    scored.sort(key=lambda item: item[:3])
    picked: list[Suggestion] = []
    teams_taken: set[str] = set()
    for rank, _count, _name, suggestion in scored:  # one per team first: a wider map of the company
        if suggestion.team not in teams_taken or rank > 0:
            picked.append(suggestion)
            teams_taken.add(suggestion.team)
        if len(picked) == limit:
            break
    return picked
