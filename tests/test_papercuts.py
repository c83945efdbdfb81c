"""The small things a new team lead hits (issue 23): each one as the lead would meet it.

Expected values are counted by hand from the data each test writes, or taken from the catalog's
own fields, never from the code under test.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.catalog.filter import Filters
from rituals.core.catalog.ideas import load_catalog
from rituals.core.catalog.rank import TeamContext, suggest_ideas
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule, Session
from rituals.service import Service, open_service

pytestmark = pytest.mark.usefixtures("cli_env")
ANA, BO, CY, DEE = "ana@example.org", "bo@example.org", "cy@example.org", "dee@example.org"


def run(db: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "100", **(env or {})})


# --------------------------------------------------------------------------- 1. report
def first_coffee(tmp_path: Path, today: date) -> Service:
    """Ana joined in 2018, Bo this month; the first coffee ever was held on Tue 17 Nov 2026 and
    Ana was not in it. Dee (Sales) is in no ritual's audience."""
    svc = open_service(tmp_path / "team.json", clock=lambda: datetime.combine(today, time(9)), seed=1)
    coffee = Ritual(
        "coffee",
        "Coffee",
        "coffee-chat",
        Schedule(datetime(2026, 11, 17, 10), "Europe/Paris", timedelta(minutes=30), "weekly"),
        audience=Audience("teams", ("Engineering",)),
        grouping=Grouping(2),
    )
    with svc.store.transaction() as tx:
        tx.put_person(Person(ANA, "Ana Alves", "Engineering", "Paris", joined=date(2018, 3, 1)))
        tx.put_person(Person(BO, "Bo Berg", "Engineering", "Paris", joined=date(2026, 11, 2)))
        tx.put_person(Person(CY, "Cy Chen", "Engineering", "remote", joined=date(2019, 6, 1)))
        tx.put_person(Person(DEE, "Dee Diaz", "Sales", "Paris", joined=date(2017, 1, 9)))
        tx.put_ritual(coffee)
        tx.put_session(Session("coffee", datetime(2026, 11, 17, 10), ((BO, CY),), "held", attended=(BO, CY)))
    return svc


def test_report_counts_days_from_the_first_session_one_could_attend(tmp_path: Path) -> None:
    svc = first_coffee(tmp_path, date(2026, 11, 18))
    # one day after the first coffee: nobody has gone 30 days without one
    assert [a.email for a in svc.reports.build().isolated] == []
    later = first_coffee(tmp_path / "later", date(2026, 12, 27))
    alerts = {a.email: a for a in later.reports.build().isolated}
    # Ana could have come on 17 Nov: 40 days (14 in November, 26 in December); Bo and Cy came;
    # Dee was never invited to anything, so she has missed nothing
    assert set(alerts) == {ANA, BO, CY}
    assert alerts[ANA].days == 40 and alerts[ANA].last_seen is None
    assert alerts[BO].days == alerts[CY].days == 40


def test_report_table_shows_the_days_since_the_first_chance(tmp_path: Path) -> None:
    svc = first_coffee(tmp_path, date(2026, 12, 27))
    result = run(svc.store.path, "report", env={"RITUALS_NOW": "2026-12-27T09:00"})
    assert result.exit_code == 0, result.output
    ana = next(line for line in result.stdout.splitlines() if "Ana Alves" in line)
    assert ana.split()[-1] == "40" and "3223" not in result.stdout  # 3223: days since she joined


def test_dashboard_does_not_flag_someone_whose_first_chance_was_yesterday(tmp_path: Path) -> None:
    svc = first_coffee(tmp_path, date(2026, 11, 18))
    assert [a.target for a in svc.dashboard.build().alerts if a.kind == "isolated"] == []


# --------------------------------------------------------------------------- 2. rotate --rounds
@pytest.mark.parametrize("typed", ["500", "300", "251"])
def test_rounds_out_of_range_names_the_number_typed(sample_db: Path, typed: str) -> None:
    result = run(sample_db, "rotate", "coffee-roulette", "--rounds", typed)
    assert result.exit_code == 2
    assert f"got {typed}" in result.output and "between 1 and 250" in result.output
    assert len(result.output.strip().splitlines()) == 1


# --------------------------------------------------------------------------- 3. log on a day without a session
@pytest.mark.parametrize(
    ("day", "before", "after"),
    [
        ("2026-12-09", "Tue 08 Dec", "Tue 15 Dec"),  # a future Wednesday (coffee is on Tuesdays)
        ("2026-11-18", "Tue 17 Nov", "Tue 24 Nov"),  # a past Wednesday
    ],
)
def test_log_on_a_day_without_a_session_names_the_nearest(sample_db: Path, day: str, before: str, after: str) -> None:
    result = run(sample_db, "log", f"coffee-roulette@{day}")
    assert result.exit_code == 2
    text = result.output
    assert "no session" in text and "future" not in text and "no groups were planned" not in text
    assert before in text and after in text
    assert len(text.strip().splitlines()) == 1


def test_log_on_a_real_day_still_says_what_is_missing(sample_db: Path) -> None:
    future = run(sample_db, "log", "coffee-roulette@2026-12-08")
    assert future.exit_code == 2 and "in the future" in future.output


# --------------------------------------------------------------------------- 4. all-day durations
def test_an_all_day_ritual_shows_all_day_not_minutes(sample_db: Path) -> None:
    added = run(
        sample_db,
        "ritual",
        "add",
        "--title",
        "Park clean-up",
        "--kind",
        "volunteer-day",
        "--start",
        "2026-12-10",
        "--id",
        "clean-up",
    )
    assert added.exit_code == 0, added.output
    shown = run(sample_db, "ritual", "show", "clean-up")
    assert shown.exit_code == 0, shown.output
    assert "all day" in shown.stdout and "60 min" not in shown.stdout
    sample = run(sample_db, "ritual", "show", "volunteer-day")  # all day, stored with 8 hours
    assert "all day" in sample.stdout and "480 min" not in sample.stdout


def test_timed_rituals_still_show_their_length(sample_db: Path) -> None:
    assert "30 min" in run(sample_db, "ritual", "show", "coffee-roulette").stdout


# --------------------------------------------------------------------------- 6. advice that leads somewhere
ADVICE = re.compile(r"`(rituals [^`]+)`")


def broken(tmp_path: Path, with_backup: bool) -> Path:
    db = tmp_path / "team.json"
    if with_backup:
        good = run(db, "init")
        assert good.exit_code == 0
        run(db, "people", "add", "ana@example.org", "--name", "Ana")  # a write keeps the .bak
        assert db.with_name("team.json.bak").exists()
    db.write_text('{"people": {', encoding="utf-8")
    return db


def suggested(output: str) -> list[str]:
    return ADVICE.findall(output)


def test_without_a_backup_no_message_offers_it(tmp_path: Path) -> None:
    db = broken(tmp_path, with_backup=False)
    first = run(db, "people", "list")
    assert first.exit_code == 1 and ".bak" not in first.output and "rituals doctor" in first.output
    check = run(db, "doctor")
    assert check.exit_code == 1
    # neither --repair nor --restore-backup can help a file that is not JSON, with no backup
    assert "--repair" not in check.output and "--restore-backup" not in check.output
    assert "rituals init" in check.output and "by hand" in check.output
    repaired = run(db, "doctor", "--repair")
    assert repaired.exit_code == 1 and "--repair" not in repaired.output.replace("doctor --repair cannot", "")
    assert db.read_text(encoding="utf-8") == '{"people": {'  # never touched


def test_every_command_the_advice_names_changes_something(tmp_path: Path) -> None:
    """Follow the advice from the first error: each command suggested either fixes the file or
    is not suggested again by its own output (no loop)."""
    db = broken(tmp_path, with_backup=True)
    todo, done = suggested(run(db, "people", "list").output), set()
    assert todo
    while todo:
        command = todo.pop(0)
        if command in done:
            continue
        done.add(command)
        result = run(db, *command.split()[1:])
        if run(db, "people", "list").exit_code == 0:
            break  # the advice led out
        assert command not in suggested(result.output), f"{command} suggests itself: {result.output}"
        todo += suggested(result.output)
    assert run(db, "people", "list").exit_code == 0, done
    assert "rituals doctor --restore-backup" in done


def test_a_repairable_file_is_offered_repair_and_repair_works(sample_db: Path) -> None:
    import json

    data = json.loads(sample_db.read_text(encoding="utf-8"))
    first = next(iter(data["rituals"].values()))
    data["rituals"]["999"] = dict(first)  # the same ritual stored twice: safe to fix
    sample_db.write_text(json.dumps(data), encoding="utf-8")
    check = run(sample_db, "doctor")
    assert check.exit_code == 1 and "rituals doctor --repair" in check.output
    assert "--restore-backup" not in check.output  # the sample copy has no backup
    assert run(sample_db, "doctor", "--repair").exit_code == 0


# --------------------------------------------------------------------------- 7. suggest reasons
HYBRID = TeamContext(people=40, remote_share=0.25, season="autumn")


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(format="in-person"), Filters(goal="silos")], ids=["plain", "in-person", "silos"]
)
def test_each_reason_is_about_its_own_idea(filters: Filters) -> None:
    picked = suggest_ideas(load_catalog(), filters, HYBRID, 5, random.Random(1))
    reasons = [s.reason.en for s in picked]
    assert len(set(reasons)) == len(reasons), reasons
    for s in picked:
        # the idea's own length, from the catalog: the reason talks about this idea
        assert f"{s.idea.minutes} min" in s.reason.en, (s.idea.id, s.reason.en)
        assert f"{s.idea.minutes}\u00a0min" in s.reason.fr, (s.idea.id, s.reason.fr)


def test_in_person_reasons_do_not_talk_about_remote_colleagues() -> None:
    picked = suggest_ideas(load_catalog(), Filters(format="in-person"), HYBRID, 5, random.Random(1))
    assert not [s.reason.en for s in picked if "remote" in s.reason.en]


def test_a_goal_asked_for_is_the_reason_given() -> None:
    picked = suggest_ideas(load_catalog(), Filters(goal="silos"), HYBRID, 5, random.Random(1))
    assert all(s.reason.en.startswith("Gets teams that rarely talk to meet") for s in picked), [
        s.reason.en for s in picked
    ]


def test_suggest_cli_gives_five_different_reasons(sample_db: Path) -> None:
    result = run(sample_db, "suggest", "--goal", "silos", "--seed", "3")
    assert result.exit_code == 0, result.output
    reasons = re.findall(r"Why: (.+?)\n   \S", result.stdout, flags=re.S)
    assert len(reasons) == 5 and len({" ".join(r.split()) for r in reasons}) == 5


# --------------------------------------------------------------------------- 8. --smtp HOST
class FakeSMTP:
    """Records where rituals connects; accepts every message."""

    opened: list[tuple[str, int]] = []

    def __init__(self, host: str, port: int, timeout: float = 0) -> None:
        FakeSMTP.opened.append((host, port))

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def starttls(self, context: object = None) -> None:
        pass

    def send_message(self, message: object) -> None:
        pass


@pytest.mark.parametrize(("args", "port"), [([], 25), (["--starttls"], 587)])
def test_smtp_host_alone_uses_the_usual_port_and_says_so(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], port: int
) -> None:
    import rituals.service.export_mail as mail

    FakeSMTP.opened = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    result = run(sample_db, "send", "demo-hour", "--smtp", "localhost", *args)
    assert result.exit_code == 0, result.output
    assert FakeSMTP.opened == [("localhost", port)]
    assert f"localhost:{port}" in result.output


def test_an_explicit_port_is_kept(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rituals.service.export_mail as mail

    FakeSMTP.opened = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    result = run(sample_db, "send", "demo-hour", "--smtp", "localhost:2525", "--starttls")
    assert result.exit_code == 0, result.output
    assert FakeSMTP.opened == [("localhost", 2525)] and "localhost:2525" in result.output
