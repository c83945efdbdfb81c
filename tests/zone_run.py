"""Runs the zone sweep: one export of every zone's series, read by every reader (khal and Radicale
work in their own processes while the Python libraries read in this one), and its figures."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from zone_radicale import PROBES, Probe, radicale_readers
from zone_readers import (
    ical_reader,
    khal_reader,
    khal_reference,
    recurring_ical_events_reader,
    uids_by_tzid,
    vobject_reader,
    vtimezone_reader,
)
from zone_sweep import FIRST_DAY, YEARS, Series, Tally, compare, export, plan

LIBRARIES = (
    ("recurring-ical-events", recurring_ical_events_reader),
    ("VTIMEZONE (icalendar)", vtimezone_reader),
    ("ical", ical_reader),
    ("vobject", vobject_reader),
)


@dataclass
class Report:
    zones: list[str]
    refused: list[str]
    series: list[Series]
    data: bytes
    tallies: list[Tally] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    skew: Tally | None = None  # khal's IANA rules against zoneinfo's
    resources: int = 0  # in the Radicale collection (series alike but for the TZID share one)
    seconds: float = 0.0

    @property
    def occurrences(self) -> int:
        return sum(len(s.expected) for s in self.series)

    @property
    def probe_mismatches(self) -> int:
        return sum(len(p.expected ^ p.found) for p in self.probes)

    def lines(self) -> list[str]:
        """The figures, as the test and benchmarks/zones.py print them."""
        by_uid = {s.uid: s for s in self.series}
        refused = f" ({len(self.refused)} refused by rituals: {', '.join(self.refused)})" if self.refused else ""
        out = [
            (
                f"Zone sweep: {len(self.zones)} zones tested{refused}, {len(self.series)} series, "
                f"{self.occurrences} occurrences per reader, {self.seconds:.0f} s"
            ),
            f"  {'reader':<34}{'compared':>10}{'mismatches':>12}",
        ]
        for tally in self.tallies:
            zones = tally.zones(by_uid)
            where = f"  {', '.join(list(zones)[:6])}{' ...' if len(zones) > 6 else ''}" if zones else ""
            out.append(f"  {tally.reader:<34}{tally.compared:>10}{tally.mismatches:>12}{where}")
        checks = len(self.probes) * len(self.series)
        out.append(
            f"  {f'Radicale time-range ({len(self.probes)} x 1 min)':<34}{checks:>10}{self.probe_mismatches:>12}"
        )
        if self.skew is not None and self.skew.mismatches:
            zones = self.skew.zones(by_uid)
            out.append(
                f"  khal's own copy of the IANA rules (pytz) puts {self.skew.mismatches} occurrence "
                f"instants elsewhere than zoneinfo's, in {len(zones)} zones: {', '.join(zones)}"
            )
        out += self.shapes()
        return out

    def shapes(self) -> list[str]:
        text = self.data.decode()
        vtimezones = re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE", text, re.DOTALL)
        yearly = sum("RRULE:" in v for v in vtimezones)
        named = uids_by_tzid(self.data)
        in_utc = sorted({s.zone for s in self.series if "Etc/UTC" in named[s.uid] and s.zone != "Etc/UTC"})
        overrides = text.count("RECURRENCE-ID")
        return [
            (
                f"  export: {len(vtimezones)} VTIMEZONEs ({yearly} with yearly rules, {len(vtimezones) - yearly} "
                f"fixed), {overrides} overrides; said in Etc/UTC: {', '.join(in_utc) or 'none'}"
            )
        ]


def run(zones: list[str], refused: list[str], workdir: Path, first_day: date = FIRST_DAY, years: int = YEARS) -> Report:
    began = time.monotonic()
    series = plan(zones, first_day, years)
    report = Report(zones, refused, series, export(series))
    data = report.data
    (workdir / "khal").mkdir(parents=True)
    (workdir / "radicale").mkdir(parents=True)
    with ThreadPoolExecutor(2) as pool:
        khal = pool.submit(khal_reader, data, series, workdir / "khal")
        radicale = pool.submit(radicale_readers, data, series, workdir / "radicale")
        report.tallies = [compare(name, series, reader(data, series)) for name, reader in LIBRARIES]
        reference = khal_reference(data, series)
        report.tallies.append(compare("khal (against its own rules)", series, khal.result(), reference))
        expanded, report.probes, report.resources = radicale.result()
    report.tallies.append(compare(f"Radicale expand ({report.resources} resources)", series, expanded))
    report.skew = compare("khal's rules", series, reference)
    report.seconds = time.monotonic() - began
    return report


__all__ = ["PROBES", "Report", "run"]
