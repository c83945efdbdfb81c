"""What the planner's dashboard shows: the next sessions, what needs attention, key figures.

Occurrences come from the schedules (most are not stored until their groups are formed) and are
merged with the stored sessions of the same day, so a cancelled day drops out and a formed day
shows its groups.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import field
from datetime import date, datetime, time, timedelta
from itertools import combinations

from rituals.core.errors import InvalidInput, RitualsError
from rituals.core.frozen import frozen
from rituals.core.history import last_seen
from rituals.core.models import Person, Ritual, Schedule, Session
from rituals.core.ritual_spec import RitualSpec, build_ritual
from rituals.core.schedule import occurrences
from rituals.service.base import ServiceBase
from rituals.service.people import PersonFilter
from rituals.service.rotation import RotationPreview, check_no_excluded, small_group_history

IDLE_DAYS = 45  # a person left out of every session this long is flagged
SOON_DAYS = 7  # rotating sessions this close should have their groups formed


@frozen
class Occurrence:
    """One coming date of a ritual, with its stored session when there is one."""

    ritual: Ritual
    start: datetime
    session: Session | None = None
    invited: int = 0

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def groups_formed(self) -> bool:
        return self.session is not None and bool(self.session.groups)

    def who(self) -> str:
        if self.groups_formed:
            groups = self.session.groups  # type: ignore[union-attr]
            people = sum(len(g) for g in groups)
            return f"{people} people, {len(groups)} group{'s' if len(groups) > 1 else ''}"
        if self.ritual.grouping.rotates:
            return f"{self.invited} invited, groups to form"
        return f"{self.invited} invited, together"


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
class Dashboard:
    """Everything the dashboard shows, computed in one pass over the store."""

    upcoming: list[Occurrence] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)
    recent: list[Held] = field(default_factory=list)  # the last held sessions, newest first


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


# ---------------------------------------------------------------------- the ritual form
FORM_FIELDS: tuple[str, ...] = (
    "title", "kind", "start", "timezone", "duration", "every", "monthly_on", "until", "count", "all_day",
    "skip_holidays", "size", "mix", "audience", "format", "location", "video_link", "organizer",
    "description", "id",
)


def spec_of(ritual: Ritual) -> RitualSpec:
    """Every field of ``ritual`` as the text a form shows (the inverse of ``build_ritual``)."""
    s = ritual.schedule
    minutes = int(s.duration.total_seconds() // 60)
    unit = "w" if s.frequency == "weekly" else "m"
    every = s.frequency if s.frequency == "once" or s.interval == 1 else f"{s.interval}{unit}"
    a = ritual.audience
    return RitualSpec(
        title=ritual.title, kind=ritual.kind,
        start=s.start.date().isoformat() if s.all_day else s.start.strftime("%Y-%m-%dT%H:%M"),
        timezone=s.timezone, duration=f"{minutes // 60}h{minutes % 60:02d}" if minutes >= 60 else f"{minutes}m",
        every=every, monthly_on=s.monthly_by if s.frequency == "monthly" else "weekday",
        until=s.until.isoformat() if s.until else "", count=s.count, all_day=s.all_day,
        skip_holidays=s.skip_holidays or "", size=ritual.grouping.size or 0, mix=ritual.grouping.mix,
        audience=a.kind if a.kind == "all" else f"{a.kind}:{','.join(a.members)}",
        description=ritual.description, location=ritual.location, video_link=ritual.video_link,
        organizer=ritual.organizer, format=ritual.format, id=ritual.id, idea_id=ritual.idea_id,
    )


class RitualFormMixin(ServiceBase):
    def ritual_problems(self, spec: RitualSpec, ritual_id: str | None = None) -> dict[str, str]:
        """What is wrong with a form, field by field ("" for the form as a whole); {} when valid.

        Each field is tried alone over a valid ritual, so that every bad field is named at once
        rather than only the first one ``build_ritual`` stumbles on.
        """
        base = self.get_ritual(ritual_id) if ritual_id else None  # type: ignore[attr-defined]
        today = self.today()
        probe = base or Ritual("probe", "probe", "other", Schedule(datetime.combine(today, time(12))))
        problems: dict[str, str] = {}
        for name in FORM_FIELDS:
            value = getattr(spec, name)
            if value is None or (name == "id" and not value):
                continue
            if name in ("title", "kind", "start") and value == "":
                problems[name] = f"a ritual needs a {name}"
                continue
            try:
                build_ritual(RitualSpec(**{name: value}), probe, today=today, holidays=self.holidays)
            except RitualsError as exc:
                problems[name] = exc.message
        if problems:
            return problems
        try:
            ritual = build_ritual(spec, base, today=today, holidays=self.holidays)
            self._check_references(ritual)  # type: ignore[attr-defined]
        except RitualsError as exc:
            problems[_field_named(exc.message)] = exc.message
        return problems


def _field_named(message: str) -> str:
    for word, name in (("organizer", "organizer"), ("audience", "audience"), ("until", "until"), ("start", "start")):
        if word in message:
            return name
    return ""


class ArrangeMixin(ServiceBase):
    def pin_preview(self, preview: RotationPreview, pins: Mapping[str, int], lang: str = "en") -> RotationPreview:
        """The proposal with each pinned person moved into their group (0-based), each swapped
        with someone of that group who is not pinned there, so group sizes stay as planned; every
        group is explained again. People not in the proposal (absent, paused) are ignored."""
        from rituals.core.rotation import Member  # numpy: only for screens that rotate
        from rituals.core.rotation.explain import explain_round

        if not pins:
            return preview
        people = {p.email: p for p in self.store.people()}
        sessions = self.store.sessions()
        out = []
        for proposed in preview.sessions:
            groups = [list(g) for g in proposed.groups]
            for email, target in pins.items():
                if not 0 <= target < len(groups):
                    raise InvalidInput(f"there is no group {target + 1} on {proposed.start:%d %b}")
                source = next((g for g in groups if email in g), None)
                if source is None or source is groups[target]:
                    continue
                partner = next((e for e in groups[target] if pins.get(e) != target), None)
                if partner is None:
                    raise InvalidInput(f"everyone in group {target + 1} is pinned there already")
                source[source.index(email)], groups[target][groups[target].index(partner)] = partner, email
            check_no_excluded(groups, people)
            members = [Member(e, people[e].team, people[e].location) for g in groups for e in g if e in people]
            history = small_group_history(sessions, planned_before=proposed.start.date(), today=self.today())
            notes = explain_round([groups], 0, members, history, preview.ritual.format)
            out.append(dataclasses.replace(proposed, groups=tuple(tuple(g) for g in groups), explanations=tuple(notes)))
        return dataclasses.replace(preview, sessions=tuple(out))


class DraftMixin(ServiceBase):
    def idea_draft(self, idea_id: str, lang: str = "en") -> RitualSpec:
        """A ritual form pre-filled from a catalog idea: next Monday at 12:30, in the team's most
        common time zone, open to everyone; the lead edits it before saving."""
        from rituals.core.catalog.ideas import find_idea, idea_spec

        today = self.today()
        monday = today + timedelta(days=7 - today.weekday())
        zones = Counter(p.timezone for p in self.store.people())
        zone = zones.most_common(1)[0][0] if zones else "UTC"
        spec = idea_spec(find_idea(idea_id), lang, start=f"{monday.isoformat()}T12:30", timezone=zone)
        return dataclasses.replace(spec, audience="all", mix="cross-team")


class _Headcount:
    """How many people each ritual invites, counted once per team rather than per ritual."""

    def __init__(self, people: list[Person], on: date) -> None:
        active = [p for p in people if not p.is_paused(on)]
        self.everyone = len(active)
        self.by_team = Counter(p.team.lower() for p in active)
        self.emails = {p.email for p in active}

    def of(self, ritual: Ritual) -> int:
        audience = ritual.audience
        if audience.kind == "teams":
            return sum(self.by_team[t.lower()] for t in set(audience.members))
        if audience.kind == "people":
            return len(self.emails.intersection(audience.members))
        return self.everyone


class DashboardMixin(RitualFormMixin, ArrangeMixin, DraftMixin):
    """The dashboard's figures, and the ritual form's checks (see ``RitualFormMixin``)."""

    def dashboard(self, days: int = 14, idle_days: int = IDLE_DAYS) -> Dashboard:
        people = self.store.people()
        rituals = self.store.rituals()
        sessions = self.store.sessions()
        upcoming = self.upcoming_occurrences(days, rituals=rituals, sessions=sessions, people=people)
        return Dashboard(
            upcoming=upcoming,
            alerts=self._alerts(people, rituals, sessions, upcoming, idle_days),
            figures=self._figures(people, rituals, sessions),
            recent=self._recent(rituals, sessions),
        )

    def _recent(self, rituals: list[Ritual], sessions: list[Session], count: int = 12) -> list[Held]:
        titles = {r.id: r.title for r in rituals}
        held = [s for s in sessions if s.status == "held" and s.start <= self.now()][-count:]
        return [
            Held(titles.get(s.ritual_id, s.ritual_id), s.start, sum(len(g) for g in s.participants()), len(s.members), s.rating)
            for s in reversed(held)
        ]

    def upcoming_occurrences(
        self,
        days: int = 14,
        *,
        ritual_id: str | None = None,
        rituals: list[Ritual] | None = None,
        sessions: list[Session] | None = None,
        people: list[Person] | None = None,
    ) -> list[Occurrence]:
        """Active rituals' dates from now to ``days`` ahead, cancelled days left out, by time."""
        now = self.now()
        horizon = now + timedelta(days=days)
        rituals = rituals if rituals is not None else self.store.rituals()
        sessions = sessions if sessions is not None else self.store.sessions(ritual_id)
        stored = {(s.ritual_id, s.day): s for s in sessions}
        headcount = _Headcount(people if people is not None else self.store.people(), now.date())
        out = []
        for ritual in rituals:
            if ritual.status != "active" or (ritual_id and ritual.id != ritual_id):
                continue
            invited = headcount.of(ritual)
            # bounded by the horizon: a weekly ritual gives two dates, not a year of them
            for start in occurrences(ritual.schedule, start=now, end=horizon, holidays=self.holidays):
                session = stored.get((ritual.id, start.date()))
                if session is not None and session.status == "cancelled":
                    continue
                out.append(Occurrence(ritual, start, session, invited))
        return sorted(out, key=lambda o: (o.start, o.ritual.id))

    def filter_people(self, people: list[Person], flt: PersonFilter) -> list[Person]:
        """``list_people`` over people already loaded: the people screen filters as you type."""
        return [p for p in people if self._matches(p, flt)]  # type: ignore[attr-defined]

    def cancel_occurrence(self, ritual_id: str, day: date) -> Session:
        """Cancel one date of a ritual, whether or not its session was stored yet."""
        ritual = self.get_ritual(ritual_id)  # type: ignore[attr-defined]
        existing = {s.day: s for s in self.store.sessions(ritual.id)}
        if day in existing:
            return self.cancel_session(existing[day].id)  # type: ignore[attr-defined]
        starts = self.next_dates(ritual, 1, after=datetime.combine(day, time.min))  # type: ignore[attr-defined]
        if not starts or starts[0].date() != day:
            raise InvalidInput(f"{ritual.title} has no session on {day.isoformat()}")
        session = Session(ritual.id, starts[0], status="cancelled")
        with self.store.transaction() as tx:
            tx.put_session(session)
        return session

    # ------------------------------------------------------------------ alerts
    def _alerts(self, people, rituals, sessions, upcoming, idle_days) -> list[Alert]:
        today = self.today()
        alerts: list[Alert] = []
        seen = last_seen(sessions)
        planned = {e for s in sessions if s.status == "planned" and s.day >= today for e in s.members}
        for person in people:
            if person.is_paused(today) or person.email in planned:
                continue
            if person.joined is not None and (today - person.joined).days < idle_days:
                continue  # a newcomer has not had the chance yet
            last = seen.get(person.email)
            if last is None or (today - last).days >= idle_days:
                since = f"since {last.isoformat()}" if last else "ever"
                alerts.append(Alert("isolated", f"{person.name} ({person.team or 'no team'}) has met no one {since}", person.email))
        coming = {o.ritual.id for o in upcoming}
        for ritual in rituals:
            if ritual.status == "active" and ritual.id not in coming and not self.next_dates(ritual, 1):  # type: ignore[attr-defined]
                alerts.append(Alert("no-upcoming", f"{ritual.title} has no session ahead: extend or cancel it", ritual.id))
        soon = datetime.combine(today + timedelta(days=SOON_DAYS), time.max)
        for occ in upcoming:
            if occ.ritual.grouping.rotates and not occ.groups_formed and occ.start <= soon:
                when = occ.start.strftime("%a %d %b")
                alerts.append(Alert("groups-missing", f"{occ.ritual.title} on {when}: groups not formed yet",
                                    f"{occ.ritual.id}@{occ.day.isoformat()}"))
        weekend: set[str] = set()
        for occ in upcoming:
            # a ritual set on a weekday that lands on a weekend (monthly on a date: the 27th)
            schedule = occ.ritual.schedule
            if occ.start.weekday() >= 5 > schedule.start.weekday() and occ.ritual.id not in weekend:
                weekend.add(occ.ritual.id)
                hint = "; make it monthly on the weekday (--monthly-on weekday)" if schedule.frequency == "monthly" else ""
                alerts.append(Alert("weekend", f"{occ.ritual.title} falls on {occ.start:%A %d %b}: cancel that date{hint}",
                                    occ.ritual.id))
        return alerts

    # ------------------------------------------------------------------ figures
    def _figures(self, people, rituals, sessions) -> Figures:
        start = quarter_start(self.today())
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



