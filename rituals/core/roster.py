"""Parsing an HR-style roster CSV into people, checking every row before anything is imported.

HR exports are read as they mean it (``rituals.core.hr``): French or English headers, separate
first and last names, dates in the usual shapes, sites that mean working from home, and a time
zone guessed from the office city when the file gives none. Each row also says which fields the
file gave (``RosterRow.given``): an import updates those and leaves the others as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypedDict

from rituals.core.errors import InvalidInput
from rituals.core.hours import canonical_hours
from rituals.core.hr import (
    CITY_ZONES,
    DATE_ORDERS,
    date_order,
    deprecated_zone,
    fold,
    is_remote_site,
    parse_hr_date,
    zone_of_city,
)
from rituals.core.models import REMOTE, Person, normalise_email
from rituals.core.schedule import check_timezone
from rituals.locale import LANGS, _

EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
MAX_ROWS = 200_000
# Header names, matched without case or accents (``hr.fold``); French HR exports are common among
# our users, then Workday's and BambooHR's. The first alias found wins; a preferred first name,
# where a row has one, stands for the legal one.
HEADERS = {
    "name": ("name", "full name", "nom complet", "prenom nom", "employee name", "display name", "worker"),
    "preferred": ("preferred name", "preferred first name", "prenom usuel"),
    "first": ("prenom", "first name", "firstname", "given name", "legal name - first name"),
    "last": (
        "nom de famille",
        "last name",
        "lastname",
        "surname",
        "family name",
        "legal name - last name",
        "nom usuel",
        "nom",
    ),
    "email": (
        "email",
        "e-mail",
        "mail",
        "courriel",
        "adresse e-mail",
        "adresse mail",
        "work email",
        "email - primary work",
        "email address",
        "e-mail professionnel",
        "email professionnel",
        "mail professionnel",
    ),
    "team": ("team", "equipe", "department", "service", "departement", "supervisory organization"),
    "location": ("location", "office", "site", "lieu", "bureau", "work location", "lieu de travail"),
    "timezone": ("timezone", "time zone", "tz", "fuseau", "fuseau horaire"),
    "hours": ("hours", "working hours", "work hours", "horaires", "heures de travail"),
    "calendar": ("calendar", "calendar url", "ics", "agenda", "calendrier"),
    "joined": (
        "joined",
        "start date",
        "hire date",
        "original hire date",
        "arrivee",
        "date d'arrivee",
        "date d'entree",
        "date d'embauche",
    ),
    "tags": ("tags", "etiquettes", "labels"),
    "role": (
        "role",
        "job title",
        "business title",
        "title",
        "poste",
        "fonction",
        "intitule du poste",
        "intitule de poste",
    ),
    "language": ("language", "langue", "preferred language", "langue preferee", "langue de travail"),
    "leave_date": ("leave date", "termination date", "end date", "last day", "date de sortie", "date de depart"),
}
FRENCH = frozenset(
    {
        "prenom",
        "nom",
        "courriel",
        "equipe",
        "lieu",
        "fuseau",
        "arrivee",
        "entree",
        "embauche",
        "poste",
        "sortie",
        "depart",
        "bureau",
        "service",
        "departement",
    }
)
DATE_FIELDS: tuple[Literal["joined", "leave_date"], ...] = ("joined", "leave_date")


class RosterError(InvalidInput):
    """A roster with bad rows; ``problems`` lists each as 'line N: reason'."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class RosterRow:
    """One good row: the person it describes and the fields the file gave for them."""

    person: Person
    given: frozenset[str]
    line: int


@dataclass
class Roster:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # imported as written, but worth a look

    @property
    def people(self) -> list[Person]:
        return [row.person for row in self.rows]


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1 as spreadsheets often write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_roster(
    text: str,
    *,
    default_timezone: str = "UTC",
    required: tuple[str, ...] = ("name", "email"),
    dates: str = "auto",
    cities: Mapping[str, str] = CITY_ZONES,
) -> Roster:
    """Every row checked; the result holds the people and the problems (never half of them silently).
    ``dates``: how numeric dates are written ("auto", "dmy", "mdy"; see hr.date_order);
    ``cities``: office city -> zone, for rows without a zone."""
    # The header line alone picks the delimiter: csv.Sniffer also guesses quoting from the rows
    # and gets it wrong on names with quotes or line breaks, which then lose their e-mail.
    if dates not in DATE_ORDERS:
        raise InvalidInput(_("bad --dates {dates!r}: use {items}").format(dates=dates, items=", ".join(DATE_ORDERS)))
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), csv.excel, delimiter=delimiter))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InvalidInput(_("the roster is empty: expected a header line such as name,email,team"))
    header = rows[0]
    columns = _columns(header)
    missing = [name for name in required if name not in columns]
    if missing:
        raise InvalidInput(
            _("the roster has no {items} column (found: {items2})").format(
                items=", ".join(missing), items2=", ".join(h.strip() for h in header)
            )
        )
    if len(rows) - 1 > MAX_ROWS:
        raise InvalidInput(_("the roster has more than {max_rows} rows").format(max_rows=MAX_ROWS))
    roster = Roster()
    french = any(set(fold(cell).replace("'", " ").split()) & FRENCH for cell in header)
    orders: dict[str, str] = {}
    for name in DATE_FIELDS:
        if name in columns:
            orders[name], told = _order(rows[1:], columns[name], dates, french)
            if not told and dates == "auto":
                shape = _("DD/MM/YYYY") if orders[name] == "dmy" else _("MM/DD/YYYY")
                roster.warnings.append(
                    _(
                        "{column}: no day above 12 tells day from month; read as {shape} (--dates says otherwise)"
                    ).format(column=header[columns[name]].strip(), shape=shape)
                )
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):  # a quoted line break makes csv's count differ; names stay one line
        if not any(cell.strip() for cell in row):
            continue
        try:
            parsed = _row(row, columns, default_timezone, orders, cities, line)
        except InvalidInput as exc:
            roster.problems.append(_("line {line}: {problem}").format(line=line, problem=exc))
            continue
        person = parsed.person
        if person.email in seen:
            roster.problems.append(
                _("line {line}: {email} already appears on line {first}").format(
                    line=line, email=person.email, first=seen[person.email]
                )
            )
            continue
        warning = deprecated_zone(person.timezone) if "timezone" in parsed.given else None
        if warning:
            roster.warnings.append(
                _("line {line}: {email}: {warning}").format(line=line, email=person.email, warning=warning)
            )
        seen[person.email] = line
        roster.rows.append(parsed)
    return roster


def _order(rows: list[list[str]], index: int, dates: str, french: bool) -> tuple[str, bool]:
    if dates in ("dmy", "mdy"):
        return dates, True
    return date_order((r[index] for r in rows if index < len(r)), french)


def _columns(header: list[str]) -> dict[str, int]:
    labels = [fold(cell) for cell in header]
    columns: dict[str, int] = {}
    for name, aliases in HEADERS.items():
        found = next((labels.index(a) for a in aliases if a in labels), None)
        if found is not None:
            columns[name] = found
    if "preferred" in columns and "first" not in columns:
        columns["first"] = columns.pop("preferred")
    if "first" in columns and "last" not in columns and "name" in columns:
        columns["last"] = columns.pop("name")  # "Prénom;Nom": the name column is the family name
    if "last" in columns and "first" not in columns:
        if "name" not in columns:
            columns["name"] = columns["last"]  # "Nom;Courriel": a French export's whole name
        del columns["last"]
    if "first" in columns and "last" in columns:
        columns["name"] = -1  # made of the two
    return columns


def _row(
    row: list[str],
    columns: dict[str, int],
    default_timezone: str,
    orders: dict[str, str],
    cities: Mapping[str, str],
    line: int,
) -> RosterRow:
    def cell(name: str) -> str:
        index = columns.get(name, -1)
        return row[index].strip() if 0 <= index < len(row) else ""

    email = normalise_email(cell("email"))
    if not EMAIL.match(email):
        raise InvalidInput(_("bad e-mail {email!r}").format(email=cell("email")) if email else _("missing e-mail"))
    first = cell("preferred") or cell("first")
    name = clean_name(f"{first} {cell('last')}" if columns.get("name") == -1 else cell("name"))
    if not name:
        raise InvalidInput(_("missing name for {email}").format(email=email))
    given = {"name", "email"} | {f for f in ("team", "location", "tags", "role") if f in columns}
    values: _PersonValues = {"team": clean_name(cell("team")), "role": clean_name(cell("role"))}
    for key in DATE_FIELDS:
        if key in columns:
            text = cell(key)
            values[key] = parse_hr_date(text, orders[key]) if text else None
            given.add(key)
    site = clean_name(cell("location"))
    values["location"] = REMOTE if not site or is_remote_site(site) else site
    zone = cell("timezone")
    if zone:
        given.add("timezone")
    elif not is_remote_site(site) and (zone := zone_of_city(site, cities) or ""):
        given.add("timezone")  # from the office city: the file said where, which says when
    values["timezone"] = check_timezone(zone) if zone else default_timezone
    if "hours" in columns:
        values["hours"] = canonical_hours(cell("hours")) if cell("hours") else ""
        given.add("hours")
    if "calendar" in columns:
        values["calendar"] = check_calendar(cell("calendar")) if cell("calendar") else ""
        given.add("calendar")
    if "language" in columns:
        values["language"] = check_language(cell("language")) if cell("language") else ""
        given.add("language")
    values["tags"] = tuple(t.strip() for t in re.split(r"[|;,]", cell("tags")) if t.strip())
    return RosterRow(Person(email=email, name=name, **values), frozenset(given), line)


class _PersonValues(TypedDict, total=False):
    """The `Person` fields a roster row may give, beside the e-mail and the name."""

    team: str
    role: str
    joined: date | None
    leave_date: date | None
    location: str
    timezone: str
    hours: str
    calendar: str
    tags: tuple[str, ...]
    language: str


_SCHEMES = ("http://", "https://", "webcal://")


def check_calendar(text: str) -> str:
    """Where someone's busy times are read (see `Person.calendar`): "" for nowhere, an .ics
    feed's URL (http, https, webcal) or file, or "caldav:" and a CalDAV calendar's URL."""
    value = text.strip()
    if any(not ch.isprintable() for ch in value):
        raise InvalidInput(_("bad calendar: it holds control characters"))
    lowered = value.lower()
    if lowered.startswith("caldav:"):
        if not lowered[7:].startswith(("http://", "https://")):
            raise InvalidInput(
                _("bad calendar {value!r}: write caldav:https://server/path/to/calendar/").format(value=value)
            )
    elif "://" in value and not lowered.startswith(_SCHEMES):
        raise InvalidInput(
            _("bad calendar {value!r}: use an https:// or webcal:// feed, a file, or caldav:URL").format(value=value)
        )
    return value


# how HR files and people name a language (accents folded), beside the codes themselves
LANGUAGE_NAMES = {"english": "en", "anglais": "en", "french": "fr", "francais": "fr"}


def check_language(text: str) -> str:
    """A person's language as one of ``rituals.locale.LANGS`` ("fr", "fr_FR", "French",
    "Français" -> "fr"); "" (the organisation's) for an empty cell."""
    value = fold(text.strip())
    if not value:
        return ""
    code = LANGUAGE_NAMES.get(value) or value.replace("-", "_").split(".")[0].split("_")[0]
    if code not in LANGS:
        raise InvalidInput(
            _("unknown language {value!r}: use {choices}").format(value=text.strip(), choices=", ".join(LANGS))
        )
    return code


def clean_name(text: str) -> str:
    """Names are shown and exported everywhere: control characters (CR/LF...) become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
