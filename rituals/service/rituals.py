"""Rituals: create, edit, cancel, remove; their next dates, who is invited, and the form checks.

The ritual parser (``rituals.core.ritual_spec``) loads only when a ritual is created or edited:
`ritual list` and `suggest` never need it.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from rituals.core.errors import Conflict, InvalidInput, NotFound, RitualsError
from rituals.core.models import Person, Ritual, Schedule
from rituals.core.schedule import occurrences
from rituals.locale import N_, _
from rituals.locale.said import Nn_
from rituals.service.context import Context

if TYPE_CHECKING:
    from rituals.core.closures import Planned
    from rituals.core.ritual_spec import RitualSpec
    from rituals.service.people import People

# the fields of the ritual form, in the order the form shows them
FORM_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "start",
    "timezone",
    "duration",
    "every",
    "monthly_on",
    "until",
    "count",
    "all_day",
    "skip_holidays",
    "on_closed",
    "size",
    "mix",
    "audience",
    "format",
    "location",
    "video_link",
    "organizer",
    "description",
    "id",
    "slot",
    "window",
    "prefer",
)

# what the ritual form says of a required field left empty
NEEDED = {
    "title": N_("a ritual needs a title"),
    "kind": N_("a ritual needs a kind"),
    "start": N_("a ritual needs a start"),
}


class Rituals:
    """The rituals of the plan; their sessions are the sessions area's."""

    def __init__(self, context: Context, people: People) -> None:
        self.context = context
        self.store = context.store
        self.people = people

    def all(self, include_cancelled: bool = True) -> list[Ritual]:
        return [r for r in self.store.rituals() if include_cancelled or r.status == "active"]

    def get(self, ritual_id: str) -> Ritual:
        return self.store.ritual(ritual_id.strip())

    def add(self, spec: RitualSpec) -> Ritual:
        """Create a ritual; without a time zone it takes the team's most common one (else UTC)."""
        from rituals.core.ritual_spec import build_ritual  # deferred: see the module docstring

        if spec.timezone is None:
            spec = dataclasses.replace(spec, timezone=self.people.team_timezone() or "UTC")
        ritual = build_ritual(spec, today=self.context.today(), holidays=self.context.holidays)
        with self.store.transaction() as tx:
            self._check_references(ritual)
            taken = {r.id for r in self.store.rituals()}
            if spec.id and ritual.id in taken:
                raise Conflict(_("a ritual with id {ritual!r} already exists").format(ritual=ritual.id))
            ritual = dataclasses.replace(ritual, id=_free_id(ritual.id, taken))
            tx.put_ritual(ritual)
            tx.say(N_("added ritual {title} ({id})"), title=ritual.title, id=ritual.id)
        return ritual

    def create(self, ritual: Ritual) -> Ritual:
        """Store a ritual built elsewhere (an idea turned into a draft), under a free id."""
        with self.store.transaction() as tx:
            self._check_references(ritual)
            ritual = dataclasses.replace(ritual, id=_free_id(ritual.id, {r.id for r in self.store.rituals()}))
            tx.put_ritual(ritual)
            if ritual.idea_id:
                added = N_("added ritual {title} ({id}) from idea {idea}")
                tx.say(added, title=ritual.title, id=ritual.id, idea=ritual.idea_id)
            else:
                tx.say(N_("added ritual {title} ({id})"), title=ritual.title, id=ritual.id)
        return ritual

    def edit(self, ritual_id: str, spec: RitualSpec, *, expected_revision: int | None = None) -> Ritual:
        """Change a ritual; ``expected_revision``: the revision the caller's form was filled at
        (see `Store.transaction`)."""
        from rituals.core.ritual_spec import build_ritual  # deferred: see the module docstring

        with self.store.transaction(expected_revision) as tx:
            current = self.get(ritual_id)
            if spec.id and spec.id != current.id:
                raise InvalidInput(_("a ritual's id cannot change (its sessions and invites refer to it)"))
            ritual = build_ritual(spec, current, today=self.context.today(), holidays=self.context.holidays)
            self._check_references(ritual)
            tx.put_ritual(ritual)
            from rituals.service.field_names import field_words  # deferred: only an edit names fields

            fields = [f.name for f in dataclasses.fields(Ritual) if getattr(current, f.name) != getattr(ritual, f.name)]
            named = {"title": ritual.title, "id": ritual.id}
            if fields:
                tx.say(N_("edited ritual {title} ({id}): {fields}"), **named, fields=field_words(fields))
            else:
                tx.say(N_("edited ritual {title} ({id}): nothing changed"), **named)
        return ritual

    def cancel(self, ritual_id: str, *, expected_revision: int | None = None) -> Ritual:
        """Stop a ritual: it stays in the history, and its planned sessions are cancelled."""
        with self.store.transaction(expected_revision) as tx:
            ritual = dataclasses.replace(self.get(ritual_id), status="cancelled")
            tx.put_ritual(ritual)
            planned = [s for s in self.store.sessions(ritual.id) if s.status == "planned"]
            for session in planned:
                tx.put_session(dataclasses.replace(session, status="cancelled"))
            stopped = Nn_(
                "stopped ritual {title} ({id}); {n} planned session cancelled",
                "stopped ritual {title} ({id}); {n} planned sessions cancelled",
            )
            tx.say(stopped, title=ritual.title, id=ritual.id, n=len(planned))
        return ritual

    def remove(
        self, ritual_id: str, *, dry_run: bool = False, expected_revision: int | None = None
    ) -> tuple[Ritual, int]:
        """Delete a ritual and its sessions that never happened; held sessions stay as history.
        Returns the ritual and how many sessions go; with ``dry_run`` nothing is deleted."""
        ritual = self.get(ritual_id)
        if dry_run:
            return ritual, sum(s.status != "held" for s in self.store.sessions(ritual.id))
        with self.store.transaction(expected_revision) as tx:
            ritual = self.get(ritual_id)
            tx.delete_ritual(ritual.id)
            dropped = 0
            for session in self.store.sessions(ritual.id):
                if session.status != "held":
                    dropped += tx.delete_session(session.id)
            removed = Nn_(
                "removed ritual {title} ({id}) and {n} session not held",
                "removed ritual {title} ({id}) and {n} sessions not held",
            )
            tx.say(removed, title=ritual.title, id=ritual.id, n=dropped)
        return ritual, dropped

    def problems(self, spec: RitualSpec, ritual_id: str | None = None) -> dict[str, str]:
        """What is wrong with a form, field by field ("" for the form as a whole); {} when valid.

        Each field is tried alone over a valid ritual, so that every bad field is named at once
        rather than only the first one ``build_ritual`` stumbles on.
        """
        from rituals.core.ritual_spec import RitualSpec, build_ritual  # deferred: see the module docstring

        base = self.get(ritual_id) if ritual_id else None
        today = self.context.today()
        probe = base or Ritual("probe", "probe", "other", Schedule(datetime.combine(today, time(12))))
        problems: dict[str, str] = {}
        for name in FORM_FIELDS:
            value = getattr(spec, name)
            if value is None or (name == "id" and not value):
                continue
            if name in ("title", "kind", "start") and value == "":
                problems[name] = _(NEEDED[name])
                continue
            alone = {name: value}
            if name in ("slot", "window", "prefer"):  # a slot needs groups and a time: tried with them
                alone |= {"size": spec.size or 2, "all_day": False, "slot": spec.slot if name != "slot" else value}
            try:
                build_ritual(RitualSpec(**alone), probe, today=today, holidays=self.context.holidays)
            except RitualsError as exc:
                problems[name] = exc.message
        if problems:
            return problems
        try:
            ritual = build_ritual(spec, base, today=today, holidays=self.context.holidays)
            self._check_references(ritual)
        except RitualsError as exc:
            problems[_field_named(exc.message)] = exc.message
        return problems

    def _check_references(self, ritual: Ritual) -> None:
        people = {p.email for p in self.store.people()}
        if ritual.organizer and ritual.organizer not in people:
            raise NotFound(_("unknown organizer {organizer!r}").format(organizer=ritual.organizer))
        if ritual.audience.kind == "people":
            unknown = [m for m in ritual.audience.members if m not in people]
            if unknown:
                raise NotFound(_("unknown person {unknown!r} in the audience").format(unknown=unknown[0]))
        elif ritual.audience.kind == "teams":
            teams = {p.team.lower() for p in self.store.people()}
            unknown = [t for t in ritual.audience.members if t.lower() not in teams]
            if unknown:
                raise NotFound(_("unknown team {unknown!r} in the audience").format(unknown=unknown[0]))

    # ------------------------------------------------------------------ dates and people
    def next_dates(self, ritual: Ritual, count: int = 1, after: date | datetime | None = None) -> list[datetime]:
        """The next ``count`` occurrences from ``after`` (default: now)."""
        start = after if after is not None else self.context.now()
        return occurrences(
            ritual.schedule, start=start, limit=count, holidays=self.context.holidays, closures=self.context.closures()
        )

    def skipped(self, ritual: Ritual, days: int = 365, after: date | None = None) -> list[Planned]:
        """The ritual's dates from ``after`` (default: today) to ``days`` later that are skipped
        or moved (public holidays, closures, by hand), each with why."""
        from rituals.core.schedule import planned_dates  # deferred: only `ritual show` asks

        first = after or self.context.today()
        last = first + timedelta(days=days)
        found = []
        for item in planned_dates(ritual.schedule, holidays=self.context.holidays, closures=self.context.closures()):
            if item.due.date() >= last:
                break
            if item.why and item.due.date() >= first:
                found.append(item)
        return found

    def skip_text(self, ritual: Ritual, item: Planned) -> str:
        """ "Fri 25 Dec 2026 10:00: skipped, public holiday in FR (Christmas Day)", in the reader's
        language."""
        from rituals.core.schedule import holiday_name  # deferred: as skipped

        holiday = holiday_name(item.detail, item.due.date()) if item.reason == "holiday" and item.detail else ""
        why = item.said(holiday)
        when = ritual.schedule.when(item.due, year=True)
        if item.start is None:
            return _("{when}: skipped, {why}").format(when=when, why=why)
        return _("{when}: moved to {day}, {why}").format(when=when, day=ritual.schedule.when(item.start), why=why)

    def warnings(self, ritual: Ritual) -> list[str]:
        """What a planner should know of a ritual just saved: its first date is a public holiday
        (of the country it skips, else of its zone's country) or in a closure."""
        from rituals.core.schedule import holiday_warning  # deferred: as skipped

        return holiday_warning(ritual.schedule, holidays=self.context.holidays, closures=self.context.closures())

    def invited(self, ritual: Ritual, on: date | None = None) -> list[Person]:
        """The ritual's audience, minus people paused on that day (default: today)."""
        return invited_among(ritual, self.store.people(), on or self.context.today())

    def audience(self, ritual: Ritual) -> list[Person]:
        """The ritual's whole audience, paused or not (a pause applies date by date)."""
        return audience_among(ritual, self.store.people())


def invited_among(ritual: Ritual, people: list[Person], on: date) -> list[Person]:
    """The ritual's audience among ``people`` (already loaded), minus those paused on that day
    or gone after their leave date."""
    return [p for p in audience_among(ritual, people) if not p.is_away(on)]


def audience_among(ritual: Ritual, people: list[Person]) -> list[Person]:
    """The ritual's audience among ``people``, paused or not: as the ritual names it, plus
    those who opted in to it, minus those who opted out of it (or of its kind)."""
    audience = ritual.audience
    chosen = people if audience.kind == "all" else [p for p in people if audience.includes(p) or ritual.id in p.opt_in]
    return [p for p in chosen if ritual.id not in p.opt_out and ritual.kind not in p.opt_out]


def spec_of(ritual: Ritual) -> RitualSpec:
    """Every field of ``ritual`` as the text a form shows (the inverse of ``build_ritual``)."""
    from rituals.core.ritual_spec import RitualSpec  # deferred: see the module docstring

    s = ritual.schedule
    minutes = int(s.duration.total_seconds() // 60)
    unit = "w" if s.frequency == "weekly" else "m"
    every = s.frequency if s.frequency == "once" or s.interval == 1 else f"{s.interval}{unit}"
    a = ritual.audience
    return RitualSpec(
        title=ritual.title,
        kind=ritual.kind,
        start=s.start.date().isoformat() if s.all_day else s.start.strftime("%Y-%m-%dT%H:%M"),
        timezone=s.timezone,
        duration=f"{minutes // 60}h{minutes % 60:02d}" if minutes >= 60 else f"{minutes}m",
        every=every,
        monthly_on=s.monthly_by if s.frequency == "monthly" else "weekday",
        until=s.until.isoformat() if s.until else "",
        count=s.count,
        all_day=s.all_day,
        skip_holidays=s.skip_holidays or "",
        on_closed=s.on_closed,
        size=ritual.grouping.size or 0,
        mix=ritual.grouping.mix,
        seats=ritual.grouping.seats or 0,
        audience=a.kind if a.kind == "all" else f"{a.kind}:{','.join(a.members)}",
        description=ritual.description,
        location=ritual.location,
        video_link=ritual.video_link,
        organizer=ritual.organizer,
        format=ritual.format,
        id=ritual.id,
        idea_id=ritual.idea_id,
        slot="find" if ritual.slot else "fixed",
        window=ritual.slot.window() if ritual.slot else "",
        prefer=ritual.slot.prefer if ritual.slot else "earliest",
    )


def _field_named(message: str) -> str:
    for word, name in (
        ("organizer", "organizer"),
        ("audience", "audience"),
        ("until", "until"),
        ("start", "start"),
        ("window", "window"),
        ("--slot", "slot"),
    ):
        if word in message:
            return name
    return ""


def _free_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
