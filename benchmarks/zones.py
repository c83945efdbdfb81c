"""The zone sweep's figures, to quote: zones tested, occurrences compared, mismatches by reader.

The same sweep as tests/test_zone_sweep.py (every zone in ``zoneinfo.available_timezones()``, a
weekly and a monthly series over three years, read back by recurring-ical-events, icalendar
from our VTIMEZONEs, ical, vobject, khal and Radicale); docs/timezones.md explains the figures.

    python benchmarks/zones.py                          # every zone, three years from the sample's day
    python benchmarks/zones.py --from 2022-06-01        # another window
    python benchmarks/zones.py Africa/Casablanca Europe/Paris
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the sweep and its readers are test helpers

from zone_run import run  # noqa: E402
from zone_sweep import FIRST_DAY, YEARS, sweep_zones  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("zones", nargs="*", help="IANA names (default: every zone rituals accepts)")
    parser.add_argument(
        "--from",
        dest="first_day",
        type=date.fromisoformat,
        default=FIRST_DAY,
        help=f"first day of the series (default {FIRST_DAY})",
    )
    parser.add_argument("--years", type=int, default=YEARS, help=f"how long the series run (default {YEARS})")
    args = parser.parse_args()
    zones, refused = sweep_zones()
    if args.zones:
        unknown = sorted(set(args.zones) - set(zones))
        if unknown:
            print(f"zones.py: not a zone rituals accepts: {', '.join(unknown)}", file=sys.stderr)
            return 2
        zones, refused = args.zones, []
    with tempfile.TemporaryDirectory(prefix="rituals-zones-") as work:
        report = run(zones, refused, Path(work), args.first_day, args.years)
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
