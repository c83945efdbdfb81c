"""The dashboard service the TUI renders: figures, alerts, form checks, pins, cancelled dates."""

from __future__ import annotations

from datetime import date

import pytest

from rituals import locale
from rituals.core.errors import InvalidInput
from rituals.core.ritual_spec import RitualSpec
from rituals.service import Service, open_service
from rituals.service.dashboard import quarter_start
from rituals.service.rituals import spec_of


def test_figures_agree_with_the_report(sample_svc: Service) -> None:
    # the dashboard computes them itself for speed; the definitions must stay the report's
    figures = sample_svc.dashboard.build().figures
    report = sample_svc.reports.build(start=quarter_start(sample_svc.today()))
    included = sum(p.included for p in report.participation.people)
    attended = sum(p.attended for p in report.participation.people)
    assert figures.cross_team_pairs == report.weak_ties.met
    assert figures.participation == pytest.approx(attended / included)


def test_alerts_name_the_isolated_and_the_groups_to_form(sample_svc: Service) -> None:
    alerts = sample_svc.dashboard.build().alerts
    assert [a.target for a in alerts if a.kind == "isolated"] == ["noah.fontaine@hirondelle.example"]
    assert {a.target for a in alerts if a.kind == "groups-missing"} == {
        "coffee-roulette@2026-11-24",
        "cross-team-lunch@2026-11-26",
        "gratitude-circle@2026-11-27",
    }


def test_a_ritual_whose_dates_are_over_is_flagged(sample_svc: Service) -> None:
    sample_svc.rituals.edit("demo-hour", RitualSpec(until="2026-11-01"))
    alerts = sample_svc.dashboard.build().alerts
    assert [a.target for a in alerts if a.kind == "no-upcoming"] == ["demo-hour"]


def test_every_bad_field_is_named_at_once(sample_svc: Service) -> None:
    problems = sample_svc.rituals.problems(
        RitualSpec(title="x", kind="party", start="2026-12-01T10:00", duration="soon", size=40)
    )
    assert set(problems) == {"kind", "duration", "size"}
    assert sample_svc.rituals.problems(
        RitualSpec(title="x", kind="game", start="2026-12-01T10:00", organizer="who@nowhere.example")
    ) == {"organizer": "unknown organizer 'who@nowhere.example'"}


def test_an_empty_required_field_is_named_in_the_readers_language(sample_svc: Service) -> None:
    empty = RitualSpec(title="", kind="game", start="2026-12-01T10:00")
    assert sample_svc.rituals.problems(empty) == {"title": "a ritual needs a title"}
    before = locale.current()
    locale.use("fr")
    try:
        assert sample_svc.rituals.problems(empty) == {"title": "un rituel a besoin d’un titre"}
    finally:
        locale.use(before)


def test_a_ritual_read_back_from_its_form_is_unchanged(sample_svc: Service) -> None:
    for ritual in sample_svc.rituals.all():
        assert sample_svc.rituals.problems(spec_of(ritual), ritual.id) == {}
        assert sample_svc.rituals.edit(ritual.id, spec_of(ritual)) == ritual


def test_cancel_a_date_that_was_never_stored(sample_svc: Service) -> None:
    session = sample_svc.sessions.cancel_occurrence("cross-team-lunch", date(2026, 11, 26))
    assert session.status == "cancelled"
    days = [o.day for o in sample_svc.sessions.upcoming(60, ritual_id="cross-team-lunch")]
    assert date(2026, 11, 26) not in days
    with pytest.raises(InvalidInput):
        sample_svc.sessions.cancel_occurrence("cross-team-lunch", date(2026, 11, 28))


def test_pins_move_people_and_keep_sizes(sample_svc: Service) -> None:
    preview = sample_svc.rotation.preview("cross-team-lunch", date(2026, 11, 26), time_limit=0.5)
    groups = preview.sessions[0].groups
    who = groups[0][0]
    pinned = sample_svc.rotation.pin(preview, {who: 3}).sessions[0]
    assert who in pinned.groups[3]
    assert [len(g) for g in pinned.groups] == [len(g) for g in groups]
    assert sorted(e for g in pinned.groups for e in g) == sorted(e for g in groups for e in g)
    assert len(pinned.explanations) == len(groups)
    with pytest.raises(InvalidInput):
        sample_svc.rotation.pin(preview, {who: 99})


def test_a_weekday_ritual_landing_on_a_weekend_is_flagged(sample_svc: Service) -> None:
    from datetime import datetime

    sample_svc.rituals.edit("cross-team-lunch", RitualSpec(monthly_on="day"))  # the 27th, not the 4th Thursday
    december = open_service(sample_svc.store.path, clock=lambda: datetime(2026, 12, 20, 9, 0))
    weekend = [a for a in december.dashboard.build().alerts if a.kind == "weekend"]
    assert [(a.target, a.text) for a in weekend] == [
        (
            "cross-team-lunch",
            "Cross-team lunch falls on Sunday 27 Dec: cancel that date; "
            "make it monthly on the weekday (--monthly-on weekday)",
        )
    ]
    sample_svc.rituals.edit("cross-team-lunch", RitualSpec(monthly_on="weekday"))
    assert not [a for a in december.dashboard.build().alerts if a.kind == "weekend"]
