"""The insights report: participation, isolation, team mixing, weak ties, repeats, ritual health."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from rituals.core.errors import InvalidInput, NotFound
from rituals.locale import _
from rituals.service.context import Context

if TYPE_CHECKING:  # the report maths load only when a report is made
    from rituals.core.attendance import ResponseFigures
    from rituals.core.insights import Report
    from rituals.core.models import Person, Response, Ritual, Session


class Reports:
    """What the rituals achieve, computed from the stored history."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.store = context.store

    def build(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        team: str | None = None,
        isolated_days: int = 30,
        repeats_over: int = 3,
    ) -> Report:
        """The report from ``start`` (default: all history) to ``end`` (default: today), for one
        ``team`` or everyone; ``isolated_days`` and ``repeats_over`` set when to alert."""
        if start and end and end < start:
            raise InvalidInput(_("--to must not be before --from"))
        if isolated_days < 1:
            raise InvalidInput(_("--isolated-days must be at least 1"))
        if repeats_over < 0:
            raise InvalidInput(_("--repeats must not be negative"))
        people = self.store.people()
        if team is not None:
            match = next((p.team for p in people if p.team.lower() == team.strip().lower()), None)
            if match is None:
                raise NotFound(_("unknown team {team!r}").format(team=team))
            team = match
        from rituals.core.insights import ReportOptions, build_report  # deferred: see TYPE_CHECKING above

        options = ReportOptions(self.context.today(), start, end, team, isolated_days, repeats_over)
        rituals, sessions = self.store.rituals(), self.store.sessions()
        report = build_report(people, rituals, sessions, options)
        return dataclasses.replace(report, responses=self._responses(people, rituals, sessions, report, team))

    def _responses(
        self, people: list[Person], rituals: list[Ritual], sessions: list[Session], report: Report, team: str | None
    ) -> ResponseFigures:
        """Answers to the invites of the sessions in the report's window (its last day included)."""
        from rituals.core.attendance import SERIES_ANSWERS, response_figures
        from rituals.store.codec import response_from

        standing: dict[str, dict[str, Response]] = {}
        for key, value in self.store.states(SERIES_ANSWERS).items():
            ritual_id, _, email = key.partition(" ")
            if isinstance(value, dict):
                standing.setdefault(ritual_id, {})[email] = response_from(value)
        window = [s for s in sessions if (report.start is None or s.day >= report.start) and s.day <= report.end]
        focus = None if team is None else {p.email for p in people if p.team == team}
        return response_figures(people, rituals, window, standing, focus)
