"""Working hours and closures as a planner meets them: the CLI, the dashboard, the stored file.

The clock is frozen on Monday 23 November 2026 (tests/conftest.py); Paris is UTC+1 and New York
UTC-5 then, so 10:00 in Paris is 04:00 in New York (counted by hand).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.models import Grouping, Person, Ritual, Schedule, Session
from rituals.service import Service

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")

ASHLEY = Person("ashley@example.org", "Ashley Brooks", "Sales", "New York", "America/New_York")
CAMILLE = Person("camille@example.org", "Camille Laurent", "Design", "Paris", "Europe/Paris")
COFFEE = Ritual(
    "coffee-roulette",
    "Coffee roulette",
    "coffee-chat",
    Schedule(datetime(2026, 11, 24, 10), "Europe/Paris", timedelta(minutes=30), "weekly"),
    organizer=CAMILLE.email,
    grouping=Grouping(size=2),
)


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def stored(db: Path, table: str) -> list[dict]:
    return list(json.loads(db.read_text())[table].values())


@pytest.fixture
def team(svc: Service) -> Service:
    with svc.store.transaction() as tx:
        tx.put_person(ASHLEY)
        tx.put_person(CAMILLE)
        tx.put_ritual(COFFEE)
    return svc


def test_the_dashboard_warns_of_the_new_york_colleague(team: Service) -> None:
    alerts = [a for a in team.dashboard.build().alerts if a.kind == "outside-hours"]
    assert [a.text for a in alerts] == [
        "Coffee roulette on Tue 24 Nov 10:00 (Paris) is 04:00 for Ashley Brooks (New York)"
    ]
    assert alerts[0].target == "coffee-roulette"


def test_a_formed_group_is_checked_at_its_own_time(team: Service) -> None:
    # the pair meets at 16:00 Paris = 10:00 New York: the first date outside anyone's hours is
    # the next week's, whose groups are not formed yet
    session = Session(
        COFFEE.id,
        datetime(2026, 11, 24, 10),
        ((ASHLEY.email, CAMILLE.email),),
        group_times=((1, datetime(2026, 11, 24, 16)),),
    )
    with team.store.transaction() as tx:
        tx.put_session(session)
    alerts = [a.text for a in team.dashboard.build().alerts if a.kind == "outside-hours"]
    assert alerts == ["Coffee roulette on Tue 01 Dec 10:00 (Paris) is 04:00 for Ashley Brooks (New York)"]
    # at 05:00 Paris, the group is outside Camille's hours (and Ashley's: 23:00 the day before)
    with team.store.transaction() as tx:
        tx.put_session(Session(**{**session.__dict__, "group_times": ((1, datetime(2026, 11, 24, 5)),)}))
    alerts = [a.text for a in team.dashboard.build().alerts if a.kind == "outside-hours"]
    assert alerts[0] == (
        "Coffee roulette (group 1) on Tue 24 Nov 05:00 (Paris) is Mon 23:00 for Ashley Brooks "
        "(New York) and 1 more outside their hours"
    )


def test_ritual_show_says_the_time_in_other_zones_and_who_is_outside(team: Service, tmp_path: Path) -> None:
    out = run(tmp_path / "rituals.json", "ritual", "show", "coffee-roulette").output
    assert "Tue 24 Nov 10:00 in Paris is 04:00 in New York" in out
    assert "outside their hours: 04:00 in New York for Ashley Brooks" in out


def test_hours_of_ones_own_of_a_team_or_the_default(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    assert (
        run(db, "people", "add", "a@example.org", "--name", "A", "--team", "Sales", "--hours", "mon-thu 8-16").exit_code
        == 0
    )
    assert run(db, "people", "add", "b@example.org", "--name", "B", "--team", "Sales").exit_code == 0
    assert "hours: Mon-Thu 08:00-16:00 (UTC)" in run(db, "people", "show", "a@example.org").output
    assert "hours: Mon-Fri 09:00-18:00 (UTC), the built-in default" in run(db, "people", "show", "b@example.org").output
    assert run(db, "people", "hours", "--team", "sales", "Mon-Fri 10:00-19:00").exit_code == 0
    assert (
        "hours: Mon-Fri 10:00-19:00 (UTC), the default of team Sales"
        in run(db, "people", "show", "b@example.org").output
    )
    french = runner.invoke(app, ["--lang", "fr", "--db", str(db), "people", "show", "b@example.org"]).output
    assert "horaires\u00a0: Mon-Fri 10:00-19:00 (UTC), ceux par défaut de l’équipe Sales" in french
    # only a person with hours of their own has the field in the file
    people = {p["email"]: p for p in stored(db, "people")}
    assert people["a@example.org"]["hours"] == "Mon-Thu 08:00-16:00" and "hours" not in people["b@example.org"]
    run(db, "people", "edit", "a@example.org", "--hours", "default")
    assert "hours" not in {p["email"]: p for p in stored(db, "people")}["a@example.org"]


def test_bad_hours_are_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    result = run(db, "people", "add", "a@example.org", "--name", "A", "--hours", "Fri-Mon 9-17")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: bad working hours 'Fri-Mon 9-17': Fri-Mon runs backwards (write Mon-Fri)"
    assert "Traceback" not in result.output


def test_a_roster_carries_hours_and_calendars(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,timezone,hours,calendar\n"
        'A,a@example.org,Europe/Paris,"Mon,Tue,Thu 9-17",https://cal.example.org/a.ics\n'
        "B,b@example.org,Europe/Paris,,\n"
    )
    assert run(db, "people", "import", str(roster)).exit_code == 0
    people = {p["email"]: p for p in stored(db, "people")}
    assert people["a@example.org"]["hours"] == "Mon,Tue,Thu 09:00-17:00"
    assert people["a@example.org"]["calendar"] == "https://cal.example.org/a.ics"
    assert "hours" not in people["b@example.org"]
    roster.write_text("name,email,hours\nA,a@example.org,Mon 25-26\n")
    result = run(db, "people", "import", str(roster))
    assert result.exit_code == 2 and "line 2: bad working hours 'Mon 25-26'" in result.stderr


def test_a_closure_moves_or_drops_the_groups_planned_there(team: Service, tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    planned = Session(COFFEE.id, datetime(2026, 12, 29, 10), ((ASHLEY.email, CAMILLE.email),))
    with team.store.transaction() as tx:
        tx.put_ritual(
            Ritual(
                **{
                    **COFFEE.__dict__,
                    "schedule": Schedule(
                        datetime(2026, 11, 24, 10), "Europe/Paris", timedelta(minutes=30), "weekly", on_closed="move"
                    ),
                }
            )
        )
        tx.put_session(planned)
    result = run(db, "closure", "add", "--from", "2026-12-24", "--to", "2027-01-01", "--name", "Christmas week")
    assert result.exit_code == 0, result.output
    assert "moved coffee-roulette@2026-12-29 to 2027-01-04" in result.output
    assert [s["id"] for s in stored(db, "sessions")] == ["coffee-roulette@2027-01-04"]
    show = run(db, "ritual", "show", "coffee-roulette").output
    assert "Tue 29 Dec 2026 10:00: moved to Mon 04 Jan 10:00, closed: Christmas week" in show
    assert run(db, "closure", "remove", "christmas-week").exit_code == 0
    assert "skipped or moved" not in run(db, "ritual", "show", "coffee-roulette").output


def test_a_skip_ritual_drops_the_groups_planned_in_a_closure(team: Service, tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    with team.store.transaction() as tx:
        tx.put_session(Session(COFFEE.id, datetime(2026, 12, 29, 10), ((ASHLEY.email, CAMILLE.email),)))
    result = run(db, "closure", "add", "--from", "2026-12-24", "--to", "2027-01-01")
    assert "dropped coffee-roulette@2026-12-29" in result.output
    assert stored(db, "sessions") == []
    assert (
        "Tue 29 Dec 2026 10:00: skipped, closed: closure-2026-12-24"
        in run(db, "ritual", "show", "coffee-roulette").output
    )


def test_count_with_holidays_and_the_holiday_warning(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    result = run(
        db,
        "ritual",
        "add",
        "--title",
        "Lunch",
        "--kind",
        "lunch",
        "--start",
        "2026-12-25T12:00",
        "--tz",
        "Europe/Paris",
        "--every",
        "weekly",
        "--count",
        "4",
        "--skip-holidays",
        "FR",
    )
    assert result.exit_code == 0
    assert (
        "warning: the first date, Fri 25 Dec 2026, is a public holiday in FR (Christmas Day): it is skipped, "
        "the first session is Fri 08 Jan 2027"
    ) in result.stderr
    show = run(db, "ritual", "show", "lunch").output
    assert "next: Fri 08 Jan 2027 12:00, Fri 15 Jan 2027 12:00, Fri 22 Jan 2027 12:00" in show
    assert "Fri 25 Dec 2026 12:00: skipped, public holiday in FR (Christmas Day)" in show
    assert "Fri 01 Jan 2027 12:00: skipped, public holiday in FR (New Year's Day)" in show


def test_skipped_and_moved_dates_read_in_french(tmp_path: Path) -> None:
    """The dates a ritual skips or moves, and why, in the reader's language: French dates and
    words, the holiday's French name (the English run above reads "Christmas Day")."""
    db = tmp_path / "rituals.json"
    lunch = ("--title", "Lunch", "--kind", "lunch", "--start", "2026-12-25T12:00", "--tz", "Europe/Paris")
    assert run(db, "ritual", "add", *lunch, "--every", "weekly", "--skip-holidays", "FR").exit_code == 0
    coffee = ("--title", "Coffee", "--kind", "coffee-chat", "--start", "2026-12-01T10:00", "--tz", "Europe/Paris")
    assert run(db, "ritual", "add", *coffee, "--every", "weekly", "--on-closed", "move").exit_code == 0
    closed = ("--from", "2026-12-24", "--to", "2027-01-01", "--name", "Fin d'année")
    assert run(db, "closure", "add", *closed).exit_code == 0

    def show(ritual: str) -> str:
        result = runner.invoke(app, ["--lang", "fr", "--db", str(db), "ritual", "show", ritual])
        assert result.exit_code == 0, result.output
        return result.output

    assert "ven. 25 déc. 2026 12:00\u00a0: omise, fermeture\u00a0: Fin d'année" in show("lunch")
    moved = "mar. 29 déc. 2026 10:00\u00a0: reportée au lun. 4 janv. 10:00, fermeture\u00a0: Fin d'année"
    assert moved in show("coffee")
    assert run(db, "closure", "remove", "fin-d-annee").exit_code == 0
    lunch_dates = show("lunch")
    assert "ven. 25 déc. 2026 12:00\u00a0: omise, jour férié en FR (Noël)" in lunch_dates
    assert "Fri" not in lunch_dates and "Dec" not in lunch_dates
