"""Measuring what the rituals achieve: participation, isolation, team mixing, repeats, health.

Pure functions over the domain model: people, rituals and sessions in, frozen dataclasses out.
"Met" means took part in the same group of a held session (``Session.participants``), the same
rule the rotation history uses, so the report and the rotations never disagree on who met whom.
Pairs are counted between people of today's roster: someone removed from it has no team left to
count them in. Possible pairs, and so every share, are computed against today's roster too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations

from rituals.core.attendance import ResponseFigures
from rituals.core.collation import sorted_names
from rituals.core.frozen import frozen
from rituals.core.history import first_chances, last_seen, pair_history
from rituals.core.models import Person, Ritual, Session

NO_TEAM = "(no team)"


@frozen
class ReportOptions:
    """The period and filters of a report."""

    today: date
    start: date | None = None  # first day counted; None: the whole history
    end: date | None = None  # last day counted (inclusive); None: today
    team: str | None = None  # only what involves this team's members
    isolated_days: int = 30
    repeats_over: int = 3

    @property
    def until(self) -> date:
        return self.end or self.today


@frozen
class PersonParticipation:
    """How often one person was in a held session's groups, and how often they came."""

    email: str
    name: str
    team: str
    remote: bool
    included: int  # held sessions where they were in a group
    attended: int  # of those, the ones they really took part in
    rate: float | None  # attended / included


@frozen
class TeamParticipation:
    """The same for a team: people reached, inclusions and attendance."""

    team: str
    people: int
    reached: int  # people who took part in at least one session
    included: int
    attended: int
    rate: float | None


@frozen
class Participation:
    """Inclusion and attendance, by person and by team."""

    people: tuple[PersonParticipation, ...]
    teams: tuple[TeamParticipation, ...]


@frozen
class IsolationAlert:
    """Someone who has not met colleagues for a while."""

    email: str
    name: str
    team: str
    remote: bool
    last_seen: date | None  # last session they took part in; None: never
    days: int | None  # days without a session (since their first chance if never seen)


@frozen
class TeamMatrix:
    """Distinct pairs that met, by team; symmetric, the diagonal holds pairs within a team."""

    teams: tuple[str, ...]
    met: tuple[tuple[int, ...], ...]
    possible: tuple[tuple[int, ...], ...]
    share: tuple[tuple[float | None, ...], ...]  # met / possible; None where no pair is possible
    total_met: int  # each pair once (upper triangle with the diagonal)


@frozen
class CoveragePoint:
    """How many cross-team pairs had met by a date."""

    month: str  # YYYY-MM
    met: int  # cross-team pairs met at least once by the end of that month
    new: int  # of which first met during that month
    share: float | None


@frozen
class WeakTies:
    """Weak ties: how many cross-team pairs of people have met, and the monthly trend."""

    possible: int  # cross-team pairs in today's roster
    met: int
    share: float | None
    trend: tuple[CoveragePoint, ...]


@frozen
class RepeatPair:
    """Two people who met more often than the report's threshold."""

    a: str
    b: str
    a_name: str
    b_name: str
    times: int
    last: date


@frozen
class RitualHealth:
    """How one ritual is doing: attendance, ratings, cancellations."""

    ritual_id: str
    title: str
    status: str
    held: int
    cancelled: int
    unlogged: int  # planned sessions whose day has passed: nobody logged them
    attendance_rate: float | None  # over held sessions whose attendance was logged
    average_rating: float | None
    ratings: int


@frozen
class Report:
    """Everything `rituals report` shows."""

    start: date | None
    end: date
    team: str | None
    isolated_days: int
    repeats_over: int
    participation: Participation
    isolated: tuple[IsolationAlert, ...]
    matrix: TeamMatrix
    weak_ties: WeakTies
    repeats: tuple[RepeatPair, ...]
    ritual_health: tuple[RitualHealth, ...]
    responses: ResponseFigures | None = None  # answers to the invites (rituals.core.attendance)


def build_report(
    people: list[Person], rituals: list[Ritual], sessions: list[Session], options: ReportOptions
) -> Report:
    end = options.until
    window = [s for s in sessions if (options.start is None or s.day >= options.start) and s.day <= end]
    held = [s for s in window if s.status == "held"]
    focus = {p.email for p in people if options.team is None or p.team.lower() == options.team.lower()}
    return Report(
        start=options.start,
        end=end,
        team=options.team,
        isolated_days=options.isolated_days,
        repeats_over=options.repeats_over,
        participation=participation(people, held, focus),
        isolated=isolation_alerts(
            people, rituals, [s for s in sessions if s.day <= end], end, options.isolated_days, focus
        ),
        matrix=team_matrix(people, met_pairs(held), focus),
        weak_ties=weak_ties(people, held, focus),
        repeats=repeated_pairs(people, held, options.repeats_over, focus),
        ritual_health=ritual_health(rituals, window, focus, options.today),
    )


# --------------------------------------------------------------------------- participation
def participation(people: list[Person], held: list[Session], focus: set[str]) -> Participation:
    included: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    for session in held:
        included.update(set(session.members))
        attended.update({e for group in session.participants() for e in group})
    rows = tuple(
        PersonParticipation(
            p.email,
            p.name,
            team_label(p),
            p.is_remote,
            included[p.email],
            attended[p.email],
            _ratio(attended[p.email], included[p.email]),
        )
        for p in people
        if p.email in focus
    )
    by_team: defaultdict[str, list[PersonParticipation]] = defaultdict(list)
    for row in rows:
        by_team[row.team].append(row)
    teams = tuple(
        TeamParticipation(
            team,
            len(members),
            sum(1 for m in members if m.attended),
            sum(m.included for m in members),
            sum(m.attended for m in members),
            _ratio(sum(m.attended for m in members), sum(m.included for m in members)),
        )
        for team, members in ((team, by_team[team]) for team in sorted_names(by_team))
    )
    return Participation(rows, teams)


def isolation_alerts(
    people: list[Person], rituals: list[Ritual], sessions: list[Session], on: date, days: int, focus: set[str]
) -> tuple[IsolationAlert, ...]:
    """People with no session for ``days`` days; remote people first, then the longest gap.

    People paused on that day are on leave, not isolated, and left out. Someone never seen is
    counted from the first session they could have attended (``first_chances``): a newcomer is
    not flagged on their first day, nor a veteran the day after the first session ever.
    """
    past = [s for s in sessions if s.day <= on]
    seen = last_seen(past)
    chances = first_chances([p for p in people if p.email not in seen], rituals, past)  # the never seen
    alerts = []
    for p in people:
        if p.email not in focus or p.is_away(on):
            continue
        since = seen.get(p.email) or chances.get(p.email)
        if since is not None and (on - since).days >= days:
            alerts.append(
                IsolationAlert(p.email, p.name, team_label(p), p.is_remote, seen.get(p.email), (on - since).days)
            )
    return tuple(sorted(alerts, key=lambda a: (not a.remote, -(a.days or 0), a.name)))


# --------------------------------------------------------------------------- mixing
def met_pairs(held: Iterable[Session]) -> set[frozenset[str]]:
    return set(pair_history(held))


def team_matrix(people: list[Person], pairs: Iterable[frozenset[str]], focus: set[str]) -> TeamMatrix:
    team_of = {p.email: team_label(p) for p in people}
    teams = tuple(sorted_names(team_of.values()))
    index = {t: i for i, t in enumerate(teams)}
    size = Counter(team_of.values())
    focused = Counter(team_of[e] for e in focus if e in team_of)
    met = [[0] * len(teams) for _ in teams]
    total = 0
    for pair in pairs:
        a, b = sorted(pair)
        if a not in team_of or b not in team_of or not (a in focus or b in focus):
            continue
        i, j = index[team_of[a]], index[team_of[b]]
        met[i][j] += 1
        if i != j:
            met[j][i] += 1
        total += 1
    possible = [[_possible(size[t], focused[t], size[u], focused[u], t == u) for u in teams] for t in teams]
    share = tuple(tuple(_ratio(met[i][j], possible[i][j]) for j in range(len(teams))) for i in range(len(teams)))
    return TeamMatrix(teams, tuple(map(tuple, met)), tuple(map(tuple, possible)), share, total)


def _possible(n_t: int, f_t: int, n_u: int, f_u: int, same: bool) -> int:
    """Pairs between two teams (or within one) with at least one focused member."""
    if same:
        return n_t * (n_t - 1) // 2 - (n_t - f_t) * (n_t - f_t - 1) // 2
    return n_t * n_u - (n_t - f_t) * (n_u - f_u)


def weak_ties(people: list[Person], held: list[Session], focus: set[str]) -> WeakTies:
    """Coverage of cross-team pairs, cumulated month by month over the window."""
    team_of = {p.email: team_label(p) for p in people}
    size = Counter(team_of.values())
    focused = Counter(team_of[e] for e in focus if e in team_of)
    teams = sorted(size)
    possible = sum(_possible(size[t], focused[t], size[u], focused[u], False) for t, u in combinations(teams, 2))
    first: dict[frozenset[str], date] = {}
    for pair, days in pair_history(held).items():
        a, b = sorted(pair)
        if a in team_of and b in team_of and team_of[a] != team_of[b] and (a in focus or b in focus):
            first[pair] = days[0]
    new_by_month = Counter(_month(day) for day in first.values())
    trend = []
    running = 0
    for month in _months(min((s.day for s in held), default=None), max((s.day for s in held), default=None)):
        running += new_by_month[month]
        trend.append(CoveragePoint(month, running, new_by_month[month], _ratio(running, possible)))
    return WeakTies(possible, len(first), _ratio(len(first), possible), tuple(trend))


def repeated_pairs(people: list[Person], held: list[Session], over: int, focus: set[str]) -> tuple[RepeatPair, ...]:
    """Pairs grouped together more than ``over`` times by rotating rituals.

    Sessions where everyone meets in one group are left out: nobody chose those pairs, and an
    all-hands would otherwise make every pair a "repeat".
    """
    names = {p.email: p.name for p in people}
    rotated = [s for s in held if len(s.groups) > 1]
    out = [
        RepeatPair(a, b, names.get(a, a), names.get(b, b), len(days), days[-1])
        for pair, days in pair_history(rotated).items()
        for a, b in [sorted(pair)]
        if len(days) > over and (a in focus or b in focus)
    ]
    return tuple(sorted(out, key=lambda r: (-r.times, r.a_name, r.b_name)))


# --------------------------------------------------------------------------- rituals
def ritual_health(
    rituals: list[Ritual], window: list[Session], focus: set[str], today: date
) -> tuple[RitualHealth, ...]:
    by_ritual: defaultdict[str, list[Session]] = defaultdict(list)
    for session in window:
        by_ritual[session.ritual_id].append(session)
    known = {r.id: r for r in rituals}
    out = []
    for ritual_id in sorted(set(known) | set(by_ritual)):
        ritual = known.get(ritual_id)
        mine = by_ritual.get(ritual_id, [])
        held = [s for s in mine if s.status == "held"]
        logged = [s for s in held if s.attended or s.absent]
        expected = sum(sum(1 for e in s.members if e in focus) for s in logged)
        present = sum(sum(1 for g in s.participants() for e in g if e in focus) for s in logged)
        ratings = [s.rating for s in held if s.rating is not None]
        out.append(
            RitualHealth(
                ritual_id,
                ritual.title if ritual else ritual_id,
                ritual.status if ritual else "removed",
                len(held),
                sum(1 for s in mine if s.status == "cancelled"),
                sum(1 for s in mine if s.status == "planned" and s.day < today),
                _ratio(present, expected),
                round(sum(ratings) / len(ratings), 2) if ratings else None,
                len(ratings),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- helpers
def team_label(person: Person) -> str:
    return person.team or NO_TEAM


def abbreviations(names: Iterable[str], width: int = 5) -> dict[str, str]:
    """Short, unique labels for team names: a short name as is, initials of several words,
    else the first three letters ("Sales", "CC" for Customer Care, "Eng" for Engineering)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        words = [w for w in name.replace("&", " ").replace("-", " ").replace("(", " ").split() if w[0].isalnum()]
        if len(name) <= width:
            base = name
        elif len(words) > 1:
            base = "".join(w[0] for w in words).upper()[:width]
        else:
            base = name[:3]
        base = base or "?"
        label, n = base, 2
        while label.lower() in taken:
            suffix = str(n)
            label, n = base[: width - len(suffix)] + suffix, n + 1
        taken.add(label.lower())
        out[name] = label
    return out


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months(first: date | None, last: date | None) -> list[str]:
    if first is None or last is None:
        return []
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
