"""What HR exports write, read as they mean it: dates in the shapes spreadsheets use, sites that
mean working from home, office cities and their time zones, and zone names that still load but
should no longer be used.

Pure: the standard library only. ``rituals.core.roster`` applies these to each row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from rituals.core.errors import InvalidInput
from rituals.locale import N_, _

DATE_ORDERS = ("auto", "dmy", "mdy")
DATE_SHAPES_HELP = (
    "Dates: YYYY-MM-DD (also with a time), DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY, two-digit years, "
    "'15 Jan 2024', '15 janv. 2024', 'January 15, 2024'. With slashes, a column with a day above 12 "
    "tells day from month; otherwise --dates says it (auto: day first in a French export, month "
    "first in an English one)."
)
# Short and long month names, English and French, without accents (see `fold`).
MONTHS = {
    **{
        name: i
        for i, names in enumerate(
            (
                ("jan", "january", "janv", "janvier"),
                ("feb", "february", "fev", "fevr", "fevrier"),
                ("mar", "march", "mars"),
                ("apr", "april", "avr", "avril"),
                ("may", "mai"),
                ("jun", "june", "juin"),
                ("jul", "july", "juil", "juillet"),
                ("aug", "august", "aout"),
                ("sep", "sept", "september", "septembre"),
                ("oct", "october", "octobre"),
                ("nov", "november", "novembre"),
                ("dec", "december", "decembre"),
            ),
            start=1,
        )
        for name in names
    },
}
NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
# What a Site/Location cell says when someone works from home, accents and case aside.
REMOTE_SITES = frozenset(
    {
        "remote",
        "full remote",
        "fully remote",
        "home",
        "home office",
        "homeoffice",
        "work from home",
        "wfh",
        "teletravail",
        "teletravail complet",
        "a distance",
        "distanciel",
        "domicile",
        "remote - france",
    }
)
# Office cities and their zones; `--city NAME=ZONE` adds to or overrides these.
CITY_ZONES: dict[str, str] = {
    "paris": "Europe/Paris",
    "lyon": "Europe/Paris",
    "marseille": "Europe/Paris",
    "lille": "Europe/Paris",
    "nantes": "Europe/Paris",
    "bordeaux": "Europe/Paris",
    "toulouse": "Europe/Paris",
    "grenoble": "Europe/Paris",
    "rennes": "Europe/Paris",
    "strasbourg": "Europe/Paris",
    "nice": "Europe/Paris",
    "montpellier": "Europe/Paris",
    "bruxelles": "Europe/Brussels",
    "brussels": "Europe/Brussels",
    "geneve": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "zurich": "Europe/Zurich",
    "luxembourg": "Europe/Luxembourg",
    "london": "Europe/London",
    "londres": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "lisbonne": "Europe/Lisbon",
    "madrid": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "barcelone": "Europe/Madrid",
    "berlin": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "amsterdam": "Europe/Amsterdam",
    "milan": "Europe/Rome",
    "rome": "Europe/Rome",
    "warsaw": "Europe/Warsaw",
    "casablanca": "Africa/Casablanca",
    "rabat": "Africa/Casablanca",
    "tunis": "Africa/Tunis",
    "alger": "Africa/Algiers",
    "algiers": "Africa/Algiers",
    "dakar": "Africa/Dakar",
    "abidjan": "Africa/Abidjan",
    "new york": "America/New_York",
    "boston": "America/New_York",
    "montreal": "America/Toronto",
    "toronto": "America/Toronto",
    "chicago": "America/Chicago",
    "austin": "America/Chicago",
    "denver": "America/Denver",
    "san francisco": "America/Los_Angeles",
    "los angeles": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "vancouver": "America/Vancouver",
    "sao paulo": "America/Sao_Paulo",
    "mexico": "America/Mexico_City",
    "dubai": "Asia/Dubai",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "singapore": "Asia/Singapore",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
}
# Names the zone database still accepts, and why each misleads; with the name to use instead.
DEPRECATED_ZONES: dict[str, tuple[str, str]] = {
    "EST": ("America/New_York", N_("has no daylight saving (it stays UTC-5 all summer)")),
    "MST": ("America/Denver", N_("has no daylight saving (America/Phoenix if that is meant)")),
    "HST": ("Pacific/Honolulu", N_("is a bare offset")),
    "EST5EDT": ("America/New_York", N_("is a rule, not a place")),
    "CST6CDT": ("America/Chicago", N_("is a rule, not a place")),
    "MST7MDT": ("America/Denver", N_("is a rule, not a place")),
    "PST8PDT": ("America/Los_Angeles", N_("is a rule, not a place")),
    "CET": ("Europe/Paris", N_("is a rule, not a place")),
    "MET": ("Europe/Paris", N_("is a rule, not a place")),
    "EET": ("Europe/Athens", N_("is a rule, not a place")),
    "WET": ("Europe/Lisbon", N_("is a rule, not a place")),
    "US/Eastern": ("America/New_York", N_("is an old alias")),
    "US/Central": ("America/Chicago", N_("is an old alias")),
    "US/Mountain": ("America/Denver", N_("is an old alias")),
    "US/Pacific": ("America/Los_Angeles", N_("is an old alias")),
    "US/Arizona": ("America/Phoenix", N_("is an old alias")),
    "US/Hawaii": ("Pacific/Honolulu", N_("is an old alias")),
    "US/Alaska": ("America/Anchorage", N_("is an old alias")),
    "Canada/Eastern": ("America/Toronto", N_("is an old alias")),
    "Canada/Pacific": ("America/Vancouver", N_("is an old alias")),
    "GB": ("Europe/London", N_("is an old alias")),
    "Europe/Belfast": ("Europe/London", N_("is an old alias")),
    "Europe/Kiev": ("Europe/Kyiv", N_("is the old spelling")),
    "Asia/Calcutta": ("Asia/Kolkata", N_("is the old spelling")),
    "Asia/Saigon": ("Asia/Ho_Chi_Minh", N_("is the old name")),
    "Asia/Katmandu": ("Asia/Kathmandu", N_("is the old spelling")),
    "Asia/Rangoon": ("Asia/Yangon", N_("is the old name")),
    "Asia/Istanbul": ("Europe/Istanbul", N_("is an old alias")),
    "America/Buenos_Aires": ("America/Argentina/Buenos_Aires", N_("is an old alias")),
    "Atlantic/Faeroe": ("Atlantic/Faroe", N_("is the old spelling")),
}


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: "Télétravail " -> "teletravail"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def is_remote_site(site: str) -> bool:
    return fold(site) in REMOTE_SITES


def zone_of_city(site: str, cities: Mapping[str, str]) -> str | None:
    """The zone of the first known city named in ``site`` ("Paris - La Défense" -> Paris's);
    the longest city name wins a tie ("New York" over "York")."""
    words = f" {re.sub(r'[^a-z0-9]+', ' ', fold(site))} "
    for city in sorted(cities, key=len, reverse=True):
        if f" {city} " in words:
            return cities[city]
    return None


def city_zones(extra: Iterable[str] = ()) -> dict[str, str]:
    """CITY_ZONES with ``extra`` entries "City=Zone/Name" (checked by the caller) on top."""
    cities = dict(CITY_ZONES)
    for entry in extra:
        city, sep, zone = entry.partition("=")
        if not sep or not fold(city) or not zone.strip():
            raise InvalidInput(_("bad --city {entry!r}: use CITY=ZONE, e.g. Nantes=Europe/Paris").format(entry=entry))
        cities[re.sub(r"[^a-z0-9]+", " ", fold(city)).strip()] = zone.strip()
    return cities


def deprecated_zone(name: str) -> str | None:
    """Why ``name`` should not be used and what to use instead, or None when it is fine."""
    if name in DEPRECATED_ZONES:
        better, why = DEPRECATED_ZONES[name]
        return _("time zone {name!r} {why}: use {better}").format(name=name, why=_(why), better=better)
    if re.fullmatch(r"Etc/GMT[+-]\d{1,2}", name):
        return _(
            "time zone {name!r} is a bare offset with its sign inverted (Etc/GMT+5 is UTC-5): use a city's zone"
        ).format(name=name)
    return None


def date_order(cells: Iterable[str], french: bool) -> tuple[str, bool]:
    """How the numeric dates of one column are written ("dmy" or "mdy"), and whether the column
    itself said so (a day above 12) rather than the export's language."""
    firsts, seconds = [], []
    for cell in cells:
        match = NUMERIC.match(cell.strip())
        if match and len(match.group(1)) <= 2:
            firsts.append(int(match.group(1)))
            seconds.append(int(match.group(2)))
    if any(n > 12 for n in firsts):
        return "dmy", True
    if any(n > 12 for n in seconds):
        return "mdy", True
    return ("dmy" if french else "mdy"), not firsts


def parse_hr_date(text: str, order: str = "dmy") -> date:
    """A date in one of the shapes of DATE_SHAPES_HELP; ``order`` for numeric dates with slashes,
    dots or dashes ("dmy" or "mdy"; a four-digit first number is always a year)."""
    raw = text.strip()
    for iso in (date.fromisoformat, lambda t: datetime.fromisoformat(t).date()):  # Workday adds a time
        try:
            return iso(raw)
        except ValueError:
            pass
    match = NUMERIC.match(raw)
    if match:
        a, b, c = (int(g) for g in match.groups())
        if len(match.group(1)) == 4:
            year, month, day = a, b, c
        else:
            day, month = (a, b) if order == "dmy" else (b, a)
            year = c + (2000 if c < 70 else 1900) if len(match.group(3)) <= 2 else c
        return _checked(year, month, day, text)
    words = re.findall(r"[a-z]+|\d+", fold(raw))
    numbers = [int(w) for w in words if w.isdigit()]
    months = [MONTHS[w] for w in words if w in MONTHS]
    if len(numbers) == 2 and len(months) == 1:
        day, year = numbers if numbers[1] > 31 else numbers[::-1]
        return _checked(year, months[0], day, text)
    raise InvalidInput(_("bad date {text!r} (see the date shapes in `rituals people import --help`)").format(text=text))


def _checked(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(_("bad date {text!r}: no such day").format(text=text)) from None
