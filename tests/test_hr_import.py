"""HR imports that respect the file: a French Excel export, a Workday and a BambooHR export, the
dry run's difference, local edits kept, leavers given a date, names in reading order.

Every expected value below was read off the fixture files by hand (tests/fixtures/hr)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.errors import InvalidInput
from rituals.core.hr import CITY_ZONES, date_order, deprecated_zone, parse_hr_date, zone_of_city
from rituals.core.roster import decode, parse_roster

HR = Path(__file__).parent / "fixtures" / "hr"
runner = CliRunner()
pytestmark = pytest.mark.usefixtures("cli_env")


def run(db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), *args])


def people_of(db: Path) -> dict[str, dict]:
    listed = json.loads(run(db, "people", "list", "-f", "json").stdout)
    return {p["email"]: p for p in listed}


def test_a_french_excel_export_reads_as_it_means(tmp_path: Path) -> None:
    raw = (HR / "export_fr.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw and b"\r\n" in raw  # the fixture is what Excel writes
    roster = parse_roster(decode(raw), default_timezone="UTC")
    assert not roster.problems and not roster.warnings  # 15/01 and 28/02 say the day comes first
    got = {p.email: (p.name, p.team, p.role, p.location, p.timezone, p.joined) for p in roster.people}
    assert got == {
        "jean.dupont@exemple.fr": (
            "Jean Dupont",
            "Ventes",
            "Commercial",
            "Paris - La Défense",
            "Europe/Paris",
            date(2024, 1, 15),
        ),
        "eloise.martin@exemple.fr": ("Éloïse Martin", "Données", "Analyste", "remote", "UTC", date(2021, 9, 3)),
        "aicha.benali@exemple.fr": (
            "Aïcha Benali",
            "Ventes",
            "Responsable grands comptes",
            "Lyon",
            "Europe/Paris",
            date(2025, 12, 1),
        ),
        "ashley.moreau@exemple.fr": (
            "Ashley Moreau",
            "Produit",
            "Designer",
            "Casablanca",
            "Africa/Casablanca",
            date(2019, 2, 28),
        ),
        "zoe.leroy@exemple.fr": ("Zoé Leroy", "Produit", "Cheffe de produit", "Brest", "UTC", date(2023, 7, 7)),
        "emile.zola@exemple.fr": ("Émile Zola", "Données", "Ingénieur données", "remote", "UTC", date(2022, 5, 2)),
    }
    # an office the table does not know: the lead names its zone
    db = tmp_path / "db.json"
    assert run(db, "people", "import", str(HR / "export_fr.csv"), "--city", "Brest=Europe/Paris").exit_code == 0
    assert people_of(db)["zoe.leroy@exemple.fr"]["timezone"] == "Europe/Paris"
    bad = run(db, "people", "import", str(HR / "export_fr.csv"), "--city", "Brest=Mars/Olympus")
    assert bad.exit_code == 2 and "unknown time zone" in bad.output


def test_a_workday_export_with_deprecated_zones_and_a_termination_date() -> None:
    roster = parse_roster((HR / "export_workday.csv").read_text(encoding="utf-8"))
    got = {p.email: (p.name, p.team, p.role, p.location, p.timezone, p.joined, p.leave_date) for p in roster.people}
    assert got["priya.raman@example.com"] == (
        "Priya Raman",
        "Engineering",
        "Staff Engineer",
        "New York",
        "America/New_York",
        date(2019, 3, 4),
        None,
    )
    assert got["marcus.lee@example.com"][3:5] == ("remote", "US/Pacific")  # imported as written...
    assert got["hannah.schmidt@example.com"][6] == date(2026, 12, 31)
    assert roster.warnings == [  # ...and said
        "line 3: marcus.lee@example.com: time zone 'US/Pacific' is an old alias: use America/Los_Angeles",
        "line 5: diego.alvarez@example.com: time zone 'EST' has no daylight saving (it stays UTC-5 all summer): "
        "use America/New_York",
    ]


def test_a_bamboohr_export_with_months_first_and_preferred_names() -> None:
    roster = parse_roster((HR / "export_bamboohr.csv").read_text(encoding="utf-8"))
    got = {p.email: (p.name, p.team, p.location, p.joined) for p in roster.people}
    assert got == {
        "bob.johnson@example.com": ("Bob Johnson", "Customer Success", "remote", date(2021, 3, 15)),
        "maria.garcia@example.com": ("María García", "Marketing", "Madrid", date(2020, 11, 2)),  # 03/15 said mm/dd
        "chen.wei@example.com": ("Chen Wei", "Engineering", "Singapore", date(2024, 7, 30)),
    }
    assert {p.timezone for p in roster.people} == {"UTC", "Europe/Madrid", "Asia/Singapore"}


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2024-01-15", "dmy", date(2024, 1, 15)),
        ("2024-01-15T00:00:00", "dmy", date(2024, 1, 15)),
        ("15/01/2024", "dmy", date(2024, 1, 15)),
        ("15.01.2024", "dmy", date(2024, 1, 15)),
        ("15-01-24", "dmy", date(2024, 1, 15)),
        ("01/15/2024", "mdy", date(2024, 1, 15)),
        ("03/04/2024", "dmy", date(2024, 4, 3)),
        ("03/04/2024", "mdy", date(2024, 3, 4)),
        ("2024/01/15", "mdy", date(2024, 1, 15)),
        ("15 janv. 2024", "dmy", date(2024, 1, 15)),
        ("1er février 2024", "dmy", date(2024, 2, 1)),
        ("15 Jan 2024", "mdy", date(2024, 1, 15)),
        ("January 15, 2024", "dmy", date(2024, 1, 15)),
        ("15 août 2024", "dmy", date(2024, 8, 15)),
    ],
)
def test_date_shapes(text: str, order: str, expected: date) -> None:
    assert parse_hr_date(text, order) == expected


def test_bad_dates_and_ambiguous_columns() -> None:
    for text in ("31/02/2024", "2024-13-01", "yesterday", "15/01"):
        with pytest.raises(InvalidInput):
            parse_hr_date(text, "dmy")
    assert date_order(["01/02/2024", "13/02/2024"], french=False) == ("dmy", True)
    assert date_order(["01/02/2024", "02/13/2024"], french=True) == ("mdy", True)
    assert date_order(["01/02/2024"], french=True) == ("dmy", False)
    roster = parse_roster("name,email,hire date\nA,a@x.org,01/02/2024\n")
    assert roster.people[0].joined == date(2024, 1, 2)  # English headers: month first
    assert roster.warnings == [
        "hire date: no day above 12 tells day from month; read as MM/DD/YYYY (--dates says otherwise)"
    ]
    assert parse_roster("name,email,hire date\nA,a@x.org,01/02/2024\n", dates="dmy").people[0].joined == date(
        2024, 2, 1
    )


def test_cities_and_zones() -> None:
    assert zone_of_city("Paris - La Défense", CITY_ZONES) == "Europe/Paris"
    assert zone_of_city("NEW YORK (5th Ave)", CITY_ZONES) == "America/New_York"
    assert zone_of_city("Montréal", CITY_ZONES) == "America/Toronto"
    assert zone_of_city("Brest", CITY_ZONES) is None
    assert deprecated_zone("Europe/Paris") is None and "inverted" in (deprecated_zone("Etc/GMT+5") or "")


DRY_RUN = """\
fr2.csv: 0 added, 2 updated, 3 unchanged, 1 missing from the file (dry run)
  ~ Aïcha Benali <aicha.benali@exemple.fr>: location: Lyon → remote
  ~ Zoé Leroy-Petit <zoe.leroy@exemple.fr>: name: Zoé Leroy → Zoé Leroy-Petit
kept, edited in rituals since the last import (--prefer file takes the file's):
  = Jean Dupont <jean.dupont@exemple.fr>: team stays Direction (file: Marketing)
missing from the file, possible leavers (a full export? --leave-missing gives them a leave date):
  ? Émile Zola <emile.zola@exemple.fr>
nothing saved (--dry-run)
"""


def second_export(tmp_path: Path) -> Path:
    """The French export a month later: Jean moved to Marketing, Zoé's name changed, Aïcha works
    from home, Émile is gone."""
    text = (HR / "export_fr.csv").read_bytes().decode("utf-8-sig")
    text = text.replace("Ventes;Commercial", "Marketing;Commercial").replace("Zoé;Leroy", "Zoé;Leroy-Petit")
    text = text.replace("Lyon;01/12/2025", "Télétravail;01/12/2025")
    text = "".join(line for line in text.splitlines(keepends=True) if "Zola" not in line)
    path = tmp_path / "fr2.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def test_the_dry_run_shows_the_difference_and_saves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    db = tmp_path / "db.json"
    assert run(db, "people", "import", str(HR / "export_fr.csv")).exit_code == 0
    assert run(db, "people", "edit", "jean.dupont@exemple.fr", "--team", "Direction").exit_code == 0
    before = db.read_bytes()
    result = run(db, "people", "import", str(second_export(tmp_path)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == DRY_RUN
    assert db.read_bytes() == before


def test_local_edits_stay_unless_the_file_is_preferred(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    run(db, "people", "import", str(HR / "export_fr.csv"))
    run(db, "people", "edit", "jean.dupont@exemple.fr", "--team", "Direction")
    later = second_export(tmp_path)
    report = json.loads(run(db, "people", "import", str(later), "-f", "json").stdout)
    assert [(k["email"], k["field"], k["before"], k["after"]) for k in report["kept"]] == [
        ("jean.dupont@exemple.fr", "team", "Direction", "Marketing")
    ]
    people = people_of(db)
    assert people["jean.dupont@exemple.fr"]["team"] == "Direction"
    assert people["zoe.leroy@exemple.fr"]["name"] == "Zoé Leroy-Petit"
    assert "emile.zola@exemple.fr" in people and "leave_date" not in people["emile.zola@exemple.fr"]
    assert run(db, "people", "import", str(later), "--prefer", "file").exit_code == 0
    jean = people_of(db)["jean.dupont@exemple.fr"]
    assert jean["team"] == "Marketing" and jean["team_since"] == "2026-11-23"  # a change of team is a key moment
    assert run(db, "people", "import", str(later), "--prefer", "nobody").exit_code == 2


def test_leavers_of_a_full_export_get_a_leave_date_and_leave_the_plan_after_it(sample_db: Path, tmp_path: Path) -> None:
    from rituals.sample import SAMPLE_ANCHOR
    from rituals.service import open_service
    from rituals.store import Store

    svc = open_service(sample_db, clock=lambda: datetime.combine(SAMPLE_ANCHOR, time(9)), seed=1)
    svc.rotation.commit(svc.rotation.preview("coffee-roulette", rounds=3))
    planned = [s for s in Store(sample_db).sessions() if s.status == "planned" and s.groups]
    assert len(planned) == 3
    leaver = planned[-1].groups[0][0]
    last_day = planned[0].day
    rows = (ROOT_SAMPLE / "roster.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "full.csv").write_text("\n".join(r for r in rows if leaver not in r) + "\n", encoding="utf-8")
    result = run(
        sample_db,
        "people",
        "import",
        str(tmp_path / "full.csv"),
        "--tz",
        "Europe/Paris",
        "--leave-missing",
        "--leave-date",
        last_day.isoformat(),
    )
    assert result.exit_code == 0, result.output
    assert f"leaving after {last_day}" in result.stdout
    person = Store(sample_db).person(leaver)
    assert person.leave_date == last_day  # still on the roster: they stay in the history
    for session in Store(sample_db).sessions():
        if session.status == "planned" and session.day > last_day:
            assert leaver not in session.members, session.id
    assert any(leaver in s.members for s in Store(sample_db).sessions() if s.status == "held")


def test_names_sort_as_people_read_them(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    run(db, "people", "import", str(HR / "export_fr.csv"))
    names = [p["name"] for p in json.loads(run(db, "people", "list", "-f", "json").stdout)]
    # by hand: accents fold into their letter (not after Z, as code points would have it)
    assert names == ["Aïcha Benali", "Ashley Moreau", "Éloïse Martin", "Émile Zola", "Jean Dupont", "Zoé Leroy"]
    assert sorted(names) != names


ROOT_SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
