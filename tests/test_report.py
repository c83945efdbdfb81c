"""`rituals log`, `rituals report` and `rituals people forget`, on the sample organisation."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from rituals.cli import app
from rituals.cli.report import render_report
from rituals.core.errors import InvalidInput, NotFound
from rituals.core.ical.events import event_uid
from rituals.core.models import Feedback, Person, Session
from rituals.service import Service, open_service
from tests.conftest import NOW

pytestmark = pytest.mark.usefixtures("cli_env")
NOAH = "noah.fontaine@hirondelle.example"
COFFEE = "coffee-roulette@2026-11-17"
SECTIONS = {"participation", "isolated", "matrix", "weak_ties", "repeats", "ritual_health"}


def run(db: Path, *args: str):
    return CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "80"})


def lines_fit(text: str, width: int = 80) -> bool:
    return all(cell_len(line) <= width for line in text.splitlines())


# --------------------------------------------------------------------------- report
def test_report_json_has_every_section_and_the_isolated_engineer(sample_db: Path) -> None:
    result = run(sample_db, "report", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert SECTIONS <= set(data)
    assert {"people", "teams"} <= set(data["participation"])
    assert data["isolated"][0]["email"] == NOAH and data["isolated"][0]["remote"] is True
    assert len(data["matrix"]["teams"]) == len(data["matrix"]["met"]) == len(data["matrix"]["share"])
    assert data["weak_ties"]["trend"] and data["ritual_health"]


def test_table_output_fits_80_columns(sample_db: Path) -> None:
    result = run(sample_db, "report")
    assert result.exit_code == 0, result.output
    assert "Noah Fontaine" in result.stdout and "Weak ties" in result.stdout
    assert lines_fit(result.stdout)


def test_many_long_team_names_are_abbreviated_and_sliced_to_fit(svc: Service) -> None:
    teams = [f"Department of Things Number {n}" for n in range(18)]
    for n, team in enumerate(teams):
        svc.people.add(f"p{n}@x.example", f"Person {n}", team=team)
    console = Console(width=80, record=True, color_system=None)
    console.print(render_report(svc.reports.build(), 80))
    text = console.export_text()
    assert lines_fit(text)
    assert "teams 1–" in text and "of 18" in text  # the heat map was cut into slices
    assert all(team in text for team in teams)  # the legend names every team


def test_report_options_are_validated(sample_svc: Service) -> None:
    with pytest.raises(NotFound):
        sample_svc.reports.build(team="Astronauts")
    with pytest.raises(InvalidInput):
        sample_svc.reports.build(start=date(2026, 11, 1), end=date(2026, 10, 1))
    focused = sample_svc.reports.build(team="design")
    assert {p.team for p in focused.participation.people} == {"Design"}


# OWASP's "CSV Injection" formula starts that a name or a team can carry (the service turns a
# tab or a carriage return in a name into a space, so those two are covered by the core tests)
FORMULA_STARTS = ("=", "+", "-", "@")


def test_csv_report_neutralises_formulas(sample_db: Path, sample_svc: Service) -> None:
    sample_svc.people.add("mallory@x.example", '=HYPERLINK("http://evil")', team="+Sales")
    sample_svc.people.add("eve@x.example", "-2+3", team="@Ops")
    result = run(sample_db, "report", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ["section", "key", "label", "metric", "value"]
    assert {r[0] for r in rows[1:]} >= {"person", "team", "isolated", "matrix", "weak_ties", "ritual_health"}
    cells = [cell for row in rows for cell in row]
    assert not any(cell.lstrip(" ").startswith(FORMULA_STARTS) for cell in cells)
    assert {'\'=HYPERLINK("http://evil")', "'+Sales", "'-2+3", "'@Ops"} <= set(cells)


# --------------------------------------------------------------------------- log
def test_log_records_attendance_and_absent_people_did_not_meet(sample_svc: Service) -> None:
    session = sample_svc.sessions.get(COFFEE)
    group = session.groups[0]
    came = tuple(group[:-1])
    logged = sample_svc.sessions.log(
        COFFEE, attended=came, rating=5, note="good", feedback=(Feedback(came[0], 4, "nice"),)
    )
    assert logged.status == "held" and logged.rating == 5
    assert set(logged.absent) == set(session.members) - set(came)
    assert logged.participants()[0] == came
    assert [f.email for f in logged.feedback] == [came[0]]
    assert sample_svc.sessions.get(COFFEE) == logged


def test_log_adds_a_late_joiner_to_the_named_group(sample_svc: Service) -> None:
    session = sample_svc.sessions.get(COFFEE)
    logged = sample_svc.sessions.log(COFFEE, late=((NOAH, 2),))
    assert NOAH in logged.groups[1] and NOAH in logged.attended
    assert logged.groups[0] == session.groups[0]


def test_log_creates_the_session_of_an_everyone_together_ritual(sample_svc: Service) -> None:
    day = sample_svc.sessions.all("demo-hour")[-1].day
    with sample_svc.store.transaction() as tx:
        tx.delete_session(f"demo-hour@{day}")
    logged = sample_svc.sessions.log(f"demo-hour@{day}", absent=(NOAH,))
    assert len(logged.groups) == 1 and NOAH not in logged.attended
    assert {p.email for p in sample_svc.rituals.invited(sample_svc.rituals.get("demo-hour"), day)} == set(
        logged.members
    )


@pytest.mark.parametrize(
    "args",
    [
        [COFFEE, "--rating", "7"],
        [COFFEE, "--rating", "great"],
        [COFFEE, "--attended", "nobody@else.example"],
        [COFFEE, "--feedback", "no-equals-sign"],
        ["coffee-roulette@2026-12-01"],  # in the future
        ["coffee-roulette@yesterday"],
        ["nope@2026-11-17"],
    ],
)
def test_log_errors_exit_2_with_one_line(sample_db: Path, args: list[str]) -> None:
    before = sample_db.read_bytes()
    result = run(sample_db, "log", *args)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("error:")
    assert sample_db.read_bytes() == before


def test_feedback_notes_never_reach_an_ics_file(sample_svc: Service) -> None:
    attendee = sample_svc.sessions.get(COFFEE).groups[0][0]
    sample_svc.sessions.log(COFFEE, note="SESSION-NOTE-41", feedback=(Feedback(attendee, 2, "FEEDBACK-NOTE-42"),))
    _, data = sample_svc.export.ics(["coffee-roulette"], start=date(2026, 11, 17), end=date(2026, 11, 18))
    text = data.replace(b"\r\n ", b"").decode()  # unfold the 75-octet lines
    assert sample_svc.people.get(attendee).name in text  # the invite is really about that session
    assert "NOTE-41" not in text and "NOTE-42" not in text


# --------------------------------------------------------------------------- forget
def sessions_by_id(db: Path) -> dict[str, dict]:
    return {d["id"]: d for d in json.loads(db.read_text(encoding="utf-8"))["sessions"].values()}


def test_forget_erases_every_trace_and_keeps_the_rest(sample_db: Path, sample_svc: Service) -> None:
    before = sessions_by_id(sample_db)
    sample_svc.export.ics(
        ["coffee-roulette"], start=date(2025, 1, 1), end=date(2026, 11, 24), directory=sample_db.parent / "ics"
    )
    friend = sample_svc.people.get("camille.laurent@hirondelle.example")
    with sample_svc.store.transaction() as tx:
        tx.put_person(Person(**{**friend.__dict__, "excluded": (NOAH,)}))
        ritual = sample_svc.rituals.get("welcome-lunch")
        tx.put_ritual(
            ritual.__class__(
                **{
                    **ritual.__dict__,
                    "organizer": NOAH,
                    "audience": ritual.audience.__class__("people", (*ritual.audience.members, NOAH)),
                }
            )
        )
        tx.set_state("nudges", NOAH, {"sent": "2026-11-01"})
        noted = [s for s in sample_svc.store.sessions() if NOAH in s.members][0]
        tx.put_session(Session(**{**noted.__dict__, "note": "Noah Fontaine brought croissants"}))
    exports_before = sample_svc.store.states("exports")

    result = run(sample_db, "people", "forget", NOAH, "--yes")
    assert result.exit_code == 0, result.output

    for path in (sample_db, sample_db.with_name(sample_db.name + ".bak")):
        raw = path.read_bytes().lower() if path.exists() else b""
        assert b"noah.fontaine" not in raw and b"noah fontaine" not in raw, path
    after = sessions_by_id(sample_db)
    assert set(after) == set(before)
    for sid, old in before.items():
        expect = {**old, "note": after[sid]["note"]}
        for key in ("attended", "absent"):
            expect[key] = [m for m in old[key] if m != NOAH]
        expect["groups"] = [g for g in ([m for m in g if m != NOAH] for g in old["groups"]) if g]
        expect["feedback"] = [f for f in old["feedback"] if f["email"] != NOAH]
        assert after[sid] == expect, sid
    assert NOAH not in sample_svc.people.get(friend.email).excluded
    welcome = sample_svc.rituals.get("welcome-lunch")
    assert welcome.organizer == "" and NOAH not in welcome.audience.members
    assert sample_svc.store.states("nudges") == {}
    assert len(sample_svc.store.people()) == 44
    # the next export updates exactly the invites Noah was on (his groups, renumbered ones too)
    theirs = {
        event_uid("coffee-roulette", date.fromisoformat(d["id"].split("@")[1]), i)
        for d in before.values()
        if d["ritual_id"] == "coffee-roulette" and NOAH in sum(d["groups"], [])
        for i in range(1, len(d["groups"]) + 1)
    }
    assert theirs & set(exports_before)
    again = open_service(sample_db, clock=lambda: NOW)
    _, data = again.export.ics(
        ["coffee-roulette"], start=date(2025, 1, 1), end=date(2026, 11, 24), directory=sample_db.parent / "ics"
    )
    bumped = {
        uid for uid, v in again.store.states("exports").items() if v["sequence"] != exports_before[uid]["sequence"]
    }
    assert bumped == theirs & set(exports_before)


def test_forget_an_unknown_person_fails_cleanly(sample_db: Path) -> None:
    result = run(sample_db, "people", "forget", "nobody@nowhere.example", "--yes")
    assert result.exit_code == 2 and result.output.startswith("error:")


def test_forget_asks_before_erasing(sample_db: Path) -> None:
    before = sample_db.read_bytes()
    result = CliRunner().invoke(app, ["--db", str(sample_db), "people", "forget", NOAH], input="n\n")
    assert result.exit_code != 0
    assert sample_db.read_bytes() == before


def test_the_report_no_longer_counts_a_forgotten_person(sample_svc: Service) -> None:
    before = sample_svc.reports.build()
    noah_pairs = sum(1 for s in before.participation.people if s.email == NOAH)
    assert noah_pairs == 1 and before.isolated[0].email == NOAH
    sample_svc.privacy.forget(NOAH)
    after = sample_svc.reports.build()
    assert all(a.email != NOAH for a in after.isolated)
    assert all(p.email != NOAH for p in after.participation.people)
    assert after.matrix.total_met < before.matrix.total_met


def test_forget_leaves_a_namesake_untouched(svc: Service) -> None:
    svc.people.add("marie.a@x.example", "Marie Dupont", team="Sales")
    svc.people.add("marie.b@x.example", "Marie Dupont", team="Data")
    svc.people.add("anna@x.example", "Anna Li", team="Data")
    svc.people.add("anna.chen@x.example", "Anna Li Chen", team="Data")
    done = svc.privacy.forget("marie.a@x.example")
    assert done.email == "marie.a@x.example"
    assert svc.people.get("marie.b@x.example").name == "Marie Dupont"
    svc.privacy.forget("anna@x.example")
    assert svc.people.get("anna.chen@x.example").name == "Anna Li Chen"
    assert [p.email for p in svc.people.all()] == ["anna.chen@x.example", "marie.b@x.example"]


def test_logging_again_without_attendance_keeps_what_was_recorded(sample_svc: Service) -> None:
    group = sample_svc.sessions.get(COFFEE).groups[0]
    sample_svc.sessions.log(COFFEE, absent=(group[0],))
    again = sample_svc.sessions.log(COFFEE, rating=2, feedback=(Feedback(group[1], 3, ""),))
    assert again.absent == (group[0],) and again.rating == 2
    with pytest.raises(InvalidInput):
        sample_svc.sessions.log(COFFEE, feedback=(Feedback(group[0], 5, "I was not there"),))
