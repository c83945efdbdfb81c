"""People: list and filter, add, edit, pause, remove, import from an HR roster.

Pausing or removing someone repairs the planned groups they were in, in the same transaction
(``svc.repair``, which also previews it: `PlanRepair.pause`, `PlanRepair.remove`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.errors import Conflict, InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import REMOTE, Person, normalise_email
from rituals.locale import N_, _
from rituals.locale.said import on as on_day
from rituals.locale.said import said
from rituals.service.context import Context
from rituals.service.person_checks import _checked, _matches, reading_order

if TYPE_CHECKING:
    from rituals.core.budget import Budget
    from rituals.core.hours import WorkHours
    from rituals.core.moments import Moment
    from rituals.core.trail import TrailGoal, TrailProgress
    from rituals.service.imports import ImportReport
    from rituals.service.over_time import BudgetReport, PersonView
    from rituals.service.repair import PlanRepair

HOURS = "hours"  # the table of default working hours: key "team:sales", "office:paris" or "all"


# whose hours someone keeps (``People.hours_source``), as `people show` says it
WHOSE_HOURS = {
    "own": N_("hours: {hours} ({zone})"),
    "everyone": N_("hours: {hours} ({zone}), everyone's default"),
    "built in": N_("hours: {hours} ({zone}), the built-in default"),
    "team": N_("hours: {hours} ({zone}), the default of team {name}"),
    "office": N_("hours: {hours} ({zone}), the default of office {name}"),
}


@frozen
class PersonFilter:
    """What `people list` and the People screen filter on; empty fields match everyone."""

    text: str = ""  # matches name, e-mail, team, location or a tag
    team: str | None = None
    location: str | None = None
    status: str | None = None  # "active", "paused", "newcomer", "left" (has a leave date)


class People:
    """The roster."""

    def __init__(self, context: Context, repair: Callable[[], PlanRepair]) -> None:
        self.context = context
        self.store = context.store
        self._repair = repair  # the plan repair, loaded only when someone is paused or removed

    def plan_repair(self) -> PlanRepair:
        """The plan repair this area was given (an import with leavers uses it)."""
        return self._repair()

    def all(self, flt: PersonFilter | None = None) -> list[Person]:
        """Everyone in reading order of their names (`Éloïse` among the Es), or those ``flt`` matches."""
        people = reading_order(self.store.people())
        return people if flt is None else self.filter(people, flt)

    def filter(self, people: list[Person], flt: PersonFilter) -> list[Person]:
        """``all`` over people already loaded: the People screen filters as you type."""
        today = self.context.today()
        return [p for p in people if _matches(p, flt, today)]

    def get(self, email: str) -> Person:
        return self.store.person(normalise_email(email))

    def team_timezone(self) -> str | None:
        """The time zone most of the team lives in (None without people): the natural default
        for a new ritual's start."""
        zones = Counter(p.timezone for p in self.store.people())
        return zones.most_common(1)[0][0] if zones else None

    # ------------------------------------------------------------------ working hours
    def hour_defaults(self) -> dict[str, str]:
        """The default working hours set for teams, offices and everyone (`default_key` -> text)."""
        return {k: v for k, v in self.store.states(HOURS).items() if isinstance(v, str) and v}

    def hours_of(self, person: Person, defaults: dict[str, str] | None = None) -> WorkHours:
        """``person``'s working hours: their own, else their team's, office's or everyone's."""
        from rituals.core.hours import hours_for  # deferred: listing people needs no hours

        return hours_for(person, self.hour_defaults() if defaults is None else defaults)

    def hours_source(self, person: Person, defaults: dict[str, str] | None = None) -> tuple[str, str]:
        """Where ``person``'s hours come from, a key of ``WHOSE_HOURS`` and the team's or office's
        name: ("own", ""), ("team", "Sales"), ("office", "Paris"), ("everyone", "") or
        ("built in", "")."""
        from rituals.core.hours import default_key  # deferred: as hours_of

        defaults = self.hour_defaults() if defaults is None else defaults
        if person.hours:
            return "own", ""
        for kind, name in (("team", person.team), ("office", person.location)):
            if name and defaults.get(default_key(kind, name)):
                return kind, name
        return ("everyone" if defaults.get("all") else "built in"), ""

    def time_lines(self, person: Person) -> list[str]:
        """What `people show` says of someone's time: their hours (and whose they are), their
        calendar for finding slots."""
        hours = self.hours_of(person).describe()  # as `--hours` takes them: Mon-Fri 09:00-18:00
        whose, name = self.hours_source(person)
        lines = [_(WHOSE_HOURS[whose]).format(hours=hours, zone=person.timezone, name=name)]
        if person.calendar:
            lines.append(_("calendar: {calendar}").format(calendar=person.calendar))
        return lines

    def set_default_hours(self, kind: str, name: str, text: str) -> str:
        """Set (or with "" or "default", clear) the hours of everyone in a team ("team"), an office
        ("office") or the organisation ("all") who has none of their own; returns them as stored."""
        from rituals.core.hours import canonical_hours, default_key  # deferred: as hours_of

        if kind not in ("team", "office", "all"):
            raise InvalidInput(_("default hours are for a team, an office or all, not {kind!r}").format(kind=kind))
        if kind != "all" and not name.strip():
            raise InvalidInput(_("name the {kind} whose default hours these are").format(kind=kind))
        key, hours = default_key(kind, name), canonical_hours(text)
        named = " ".join(name.split())
        whom = {
            "all": said(N_("everyone")),
            "team": said(N_("the team {name}"), name=named),
            "office": said(N_("the office {name}"), name=named),
        }[kind]
        with self.store.transaction() as tx:
            if hours:
                tx.set_state(HOURS, key, hours)
                tx.say(N_("set the default working hours of {whom}: {hours}"), whom=whom, hours=hours)
            else:
                tx.delete_state(HOURS, key)
                tx.say(N_("cleared the default working hours of {whom}"), whom=whom)
        return hours

    def add(
        self,
        email: str,
        name: str,
        team: str = "",
        location: str = REMOTE,
        timezone: str = "UTC",
        joined: date | None = None,
        tags: tuple[str, ...] = (),
        hours: str = "",
        calendar: str = "",
        role: str = "",
        language: str = "",
    ) -> Person:
        person = _checked(
            Person(
                normalise_email(email),
                name,
                team,
                location,
                timezone,
                joined,
                tags,
                hours=hours,
                calendar=calendar,
                role=role,
                language=language,
            )
        )
        with self.store.transaction() as tx:
            if any(p.email == person.email for p in self.store.people()):
                raise Conflict(
                    _("{email} is already in the roster (use `rituals people edit`)").format(email=person.email)
                )
            tx.put_person(person)
            tx.say(N_("added {name} <{email}>"), name=person.name, email=person.email)
        return person

    def edit(self, email: str, *, expected_revision: int | None = None, **changes: Any) -> Person:
        """Change the fields named in ``changes`` (``excluded``: e-mails never to group with).
        ``expected_revision``: the revision the caller's view of the person was read at (see
        `Store.transaction`)."""
        return self._save(email, changes, expected_revision)

    def _save(self, email: str, changes: dict[str, Any], expected_revision: int | None) -> Person:
        with self.store.transaction(expected_revision) as tx:
            current = self.get(email)
            if "excluded" in changes:
                others = tuple(normalise_email(str(e)) for e in changes["excluded"])
                for other in others:
                    self.get(other)
                changes["excluded"] = tuple(sorted(set(others) - {current.email}))
            person = _checked(dataclasses.replace(current, **changes))
            today = self.context.today()
            if person.team != current.team and current.team and "team_since" not in changes:
                person = dataclasses.replace(person, team_since=today)  # a change of team is a key moment
            if person.role != current.role and current.role and "role_since" not in changes:
                person = dataclasses.replace(person, role_since=today)
            tx.put_person(person)
            derived = {"team_since", "role_since"} - set(changes)  # follow from the team or role: not named
            from rituals.service.field_names import field_words  # deferred: only an edit names fields

            fields = [
                f.name
                for f in dataclasses.fields(Person)
                if f.name not in derived and getattr(current, f.name) != getattr(person, f.name)
            ]
            whom = {"name": person.name, "email": person.email}
            if fields:
                tx.say(N_("edited {name} <{email}>: {fields}"), **whom, fields=field_words(fields))
            else:
                tx.say(N_("edited {name} <{email}>: nothing changed"), **whom)
        return person

    def pause(self, email: str, until: date | None, *, expected_revision: int | None = None) -> Person:
        """Leave someone out of rotations up to ``until`` (None resumes them now), and out of
        the planned groups up to then, which are repaired. ``expected_revision``: the revision
        a preview (`PlanRepair.pause`) was made on; the pause is refused if the plan changed."""
        today = self.context.today()
        if until is not None and until < today:
            raise InvalidInput(
                _("the pause end {until} is in the past (today is {today})").format(until=until, today=today)
            )
        with self.store.transaction(expected_revision=expected_revision) as tx:
            person = _checked(dataclasses.replace(self.get(email), paused_until=until))
            repair = self._repair()
            change = repair.pause(person.email, until)
            tx.put_person(person)
            repair.save(tx, change)
            if until:
                tx.say(
                    N_("paused {name} <{email}> until {day}"), name=person.name, email=person.email, day=on_day(until)
                )
            else:
                tx.say(N_("resumed {name} <{email}>"), name=person.name, email=person.email)
        return person

    def remove(self, email: str, *, expected_revision: int | None = None) -> Person:
        """Remove someone from the roster and from every planned group, which is repaired
        (held sessions stay as history; `Privacy.forget` erases those too)."""
        with self.store.transaction(expected_revision=expected_revision) as tx:
            person = self.get(email)
            repair = self._repair()
            change = repair.remove(person.email)
            tx.delete_person(person.email)
            repair.save(tx, change)
            tx.say(N_("removed {name} <{email}>"), name=person.name, email=person.email)
        return person

    def leave(self, email: str, on: date | None, *, expected_revision: int | None = None) -> Person:
        """Give someone a leave date (their last day; None: they stay after all). They are
        invited to nothing after it and leave the planned groups after it, which are repaired
        (`PlanRepair.leave` previews that); they stay in the history."""
        with self.store.transaction(expected_revision=expected_revision) as tx:
            person = dataclasses.replace(self.get(email), leave_date=on)
            repair = self._repair()
            change = repair.leave({person.email: on})
            tx.put_person(person)
            repair.save(tx, change)
            if on:
                tx.say(N_("{name} <{email}> leaves after {day}"), name=person.name, email=person.email, day=on_day(on))
            else:
                tx.say(N_("{name} <{email}> stays (leave date cleared)"), name=person.name, email=person.email)
        return person

    # ------------------------------------------------------------------ people over time
    def set_prefs(
        self,
        email: str,
        *,
        opt_out: tuple[str, ...] | None = None,
        opt_in: tuple[str, ...] | None = None,
        cadence: tuple[str, ...] | None = None,
    ) -> Person:
        """A person's own participation: rituals (ids or kinds) they opt out of, rituals (ids)
        they opt in to beyond the audience, cadences ("coffee-chat=2w"); None leaves one as is."""
        from rituals.core.budget import parse_cadence
        from rituals.core.models import KINDS

        changes: dict[str, Any] = {}
        known = {r.id for r in self.store.rituals()}
        for name, values, allowed in (("opt_out", opt_out, known | set(KINDS)), ("opt_in", opt_in, known)):
            if values is not None:
                unknown = [v for v in values if v not in allowed]
                if unknown:
                    raise InvalidInput(
                        _("unknown ritual {unknown!r} for --{replace} (see `rituals ritual list`)").format(
                            unknown=unknown[0], replace=name.replace("_", "-")
                        )
                    )
                changes[name] = tuple(dict.fromkeys(values))
        if cadence is not None:
            changes["cadence"] = tuple(parse_cadence(c) for c in cadence)
        return self._save(email, changes, None)

    def set_budget(
        self, per_week: int | None, per_month: int | None, team: str | None = None, clear: bool = False
    ) -> Budget:
        """Cap each person's ritual invitations per calendar week and month, for the organisation
        or one ``team``; ``clear`` removes those caps (``goals.set_budget``)."""
        from rituals.service import goals  # deferred: only the budget command sets it

        return goals.set_budget(self.store, per_week, per_month, team, clear)

    def set_trail(
        self,
        weeks: int | None = None,
        teams: tuple[str, ...] | None = None,
        kinds: tuple[str, ...] | None = None,
        clear: bool = False,
    ) -> TrailGoal | None:
        """The newcomers' goal (``goals.set_trail``): meet someone of each of ``teams`` (empty:
        every other team) within ``weeks`` of arriving, in rituals of ``kinds`` (empty: all)."""
        from rituals.service import goals  # deferred: only the trail command sets it

        return goals.set_trail(self.store, weeks, teams, kinds, clear)

    def moments(self, weeks: int = 4, lang: str = "en") -> list[tuple[Moment, str]]:
        """Arrivals, anniversaries, moves and departures from a week ago to ``weeks`` ahead, each
        with the title of the catalog idea that marks it."""
        from rituals.service.over_time import moments

        return moments(self.context, weeks, lang)

    def trails(self) -> list[TrailProgress]:
        """Each newcomer on their onboarding trail: teams met, planned and left, and the risk."""
        from rituals.service.over_time import trails

        return trails(self.context)

    def budget_report(self, start: date | None = None, months: int = 3) -> BudgetReport:
        """Invitations per person per month against the budget."""
        from rituals.service.over_time import budget_report

        if not 1 <= months <= 24:
            raise InvalidInput(_("--months must be between 1 and 24, not {months}").format(months=months))
        return budget_report(self.context, start, months)

    def view(self, email: str) -> PersonView:
        """One person's own view (see ``rituals.service.over_time.PersonView``)."""
        from rituals.service.over_time import person_view

        return person_view(self.context, normalise_email(email))

    def import_file(self, path: Path | str, **options: Any) -> ImportReport:
        """`import_text` over a roster file in any of the encodings HR tools write."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(
                _("cannot read roster {path}: {strerror}").format(path=path, strerror=exc.strerror)
            ) from exc
        from rituals.core.roster import decode  # deferred: listing people needs no CSV parser

        return self.import_text(decode(raw), source=path.name, **options)

    def import_text(self, text: str, **options: Any) -> ImportReport:
        """All rows or none (see ``rituals.service.imports.import_roster``)."""
        from rituals.service.imports import import_roster  # deferred: listing people needs no CSV parser

        return import_roster(self, text, **options)
