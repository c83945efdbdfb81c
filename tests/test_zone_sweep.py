"""Issue 19, zones correct for every IANA zone: every zone's weekly and monthly series over three
years, exported once, lands at zoneinfo's instants in every reader we know (see zone_sweep.py for
the series, zone_readers.py and zone_radicale.py for the readers, docs/timezones.md for the
readers' bugs and what the export does about each).

The sweep takes a minute or two: it is marked ``slow`` and runs with the rest of the suite.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from zone_readers import (
    ical_reader,
    recurring_ical_events_reader,
    vobject_reader,
    vtimezone_reader,
)
from zone_run import Report, run
from zone_sweep import Tally, compare, export, plan, sweep_zones

# zones whose rules changed lately, each from a few years before the change
CHANGED = (
    "America/Mexico_City",
    "Asia/Tehran",
    "Asia/Amman",
    "Asia/Damascus",
    "Pacific/Fiji",
    "America/Ciudad_Juarez",
    "Asia/Almaty",
    "America/Asuncion",
    "America/Nuuk",
    "Africa/Casablanca",
    "America/Santiago",
    "Asia/Gaza",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Europe/Dublin",
)


def details(tally: Tally, report_series, limit: int = 4) -> str:
    by_uid = {s.uid: s for s in report_series}
    lines = [f"{tally.reader}: {tally.mismatches} mismatches"]
    for uid in sorted(set(tally.missing) | set(tally.extra))[:limit]:
        s = by_uid[uid]
        lines.append(
            f"  {s.zone} {s.shape} from {s.schedule.start}: zoneinfo has "
            f"{sorted(map(str, tally.missing.get(uid, ())))[:3]}, the reader "
            f"{sorted(map(str, tally.extra.get(uid, ())))[:3]}"
        )
    return "\n".join(lines)


def outlook_shape_problems(data: bytes) -> list[str]:
    """VTIMEZONEs Outlook would misread: more than one STANDARD or DAYLIGHT, or an RDATE."""
    bad = []
    for block in re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE", data, re.DOTALL):
        tzid = re.search(rb"TZID:([^\r]+)", block).group(1).decode()  # type: ignore[union-attr]
        if block.count(b"BEGIN:STANDARD") > 1 or block.count(b"BEGIN:DAYLIGHT") > 1 or b"RDATE" in block:
            bad.append(tzid)
    return bad


@pytest.mark.slow
def test_every_zone_lands_where_zoneinfo_says_in_every_reader(tmp_path: Path) -> None:
    zones, refused = sweep_zones()
    report = run(zones, refused, tmp_path)
    print("\n".join(report.lines()))
    assert len(zones) > 500 and set(refused) <= {"Factory", "localtime", "posixrules"}
    assert len(report.series) == 2 * len(zones) and report.occurrences > 100_000
    check(report)


def check(report: Report) -> None:
    by_uid = {s.uid: s for s in report.series}
    assert report.skew is not None
    differing = set(report.skew.zones(by_uid))  # zones where khal's rules and zoneinfo's differ
    for tally in report.tallies:
        assert tally.compared == report.occurrences, tally.reader
        if tally.reader.startswith("khal"):
            # khal is held to its own rules; where those are not zoneinfo's, the export (made from
            # zoneinfo's) cannot guard the times only khal's rules skip or repeat
            assert set(tally.zones(by_uid)) <= differing, details(tally, report.series)
        else:
            assert tally.mismatches == 0, details(tally, report.series)
    assert report.probes and all(p.expected for p in report.probes)
    assert report.probe_mismatches == 0, [(p.start, sorted(p.expected ^ p.found)[:4]) for p in report.probes]
    assert outlook_shape_problems(report.data) == []
    # Morocco's Ramadan changes fit no yearly rule: its series are said in UTC (Etc/UTC) instead
    assert b"TZID:Africa/Casablanca" not in report.data and b"TZID:Etc/UTC" in report.data


@pytest.mark.parametrize("first_day", [date(2021, 6, 1), date(2022, 6, 1), date(2023, 6, 1), date(2024, 1, 15)])
def test_zones_that_changed_their_rules_lately(first_day: date) -> None:
    series = plan(CHANGED, first_day, 3)
    data = export(series)
    for name, reader in (
        ("recurring-ical-events", recurring_ical_events_reader),
        ("vobject", vobject_reader),
        ("VTIMEZONE (icalendar)", vtimezone_reader),
        ("ical", ical_reader),
    ):
        tally = compare(name, series, reader(data, series))
        assert tally.mismatches == 0, details(tally, series)
    assert outlook_shape_problems(data) == []
