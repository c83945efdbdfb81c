"""Parsing an HR-style roster CSV into people, checking every row before anything is imported."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from rituals.core.errors import InvalidInput
from rituals.core.hours import canonical_hours
from rituals.core.models import REMOTE, Person, normalise_email
from rituals.core.schedule import check_timezone

EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
MAX_ROWS = 200_000
# Header names are matched case-insensitively; French HR exports are common among our users.
HEADERS = {
    "name": ("name", "full name", "nom", "nom complet", "prénom nom"),
    "email": ("email", "e-mail", "mail", "courriel", "adresse e-mail"),
    "team": ("team", "équipe", "equipe", "department", "service", "département"),
    "location": ("location", "office", "site", "lieu", "bureau"),
    "timezone": ("timezone", "time zone", "tz", "fuseau", "fuseau horaire"),
    "joined": ("joined", "start date", "hire date", "arrivée", "date d'arrivée", "date d'entrée"),
    "tags": ("tags", "étiquettes", "labels"),
    "hours": ("hours", "working hours", "work hours", "horaires", "heures de travail"),
    "calendar": ("calendar", "calendar url", "ics", "agenda", "calendrier"),
}


class RosterError(InvalidInput):
    """A roster with bad rows; ``problems`` lists each as 'line N: reason'."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class Roster:
    people: list[Person] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1 as spreadsheets often write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_roster(text: str, *, default_timezone: str = "UTC", required: tuple[str, ...] = ("name", "email")) -> Roster:
    """Every row checked; the result holds the people and the problems (never half of them silently)."""
    # The header line alone picks the delimiter: csv.Sniffer also guesses quoting from the rows
    # and gets it wrong on names with quotes or line breaks, which then lose their e-mail.
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise InvalidInput("the roster is empty: expected a header line such as name,email,team")
    columns = _columns(header)
    missing = [name for name in required if name not in columns]
    if missing:
        raise InvalidInput(f"the roster has no {', '.join(missing)} column (found: {', '.join(h.strip() for h in header)})")
    roster = Roster()
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(roster.people) + len(roster.problems) >= MAX_ROWS:
            raise InvalidInput(f"the roster has more than {MAX_ROWS} rows")
        try:
            person = _person(row, columns, default_timezone)
        except InvalidInput as exc:
            roster.problems.append(f"line {line}: {exc}")
            continue
        if person.email in seen:
            roster.problems.append(f"line {line}: {person.email} already appears on line {seen[person.email]}")
            continue
        seen[person.email] = line
        roster.people.append(person)
    return roster


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = cell.strip().lower()
        for name, aliases in HEADERS.items():
            if label in aliases and name not in columns:
                columns[name] = index
    return columns


def _person(row: list[str], columns: dict[str, int], default_timezone: str) -> Person:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    email = normalise_email(cell("email"))
    if not EMAIL.match(email):
        raise InvalidInput(f"bad e-mail {cell('email')!r}" if email else "missing e-mail")
    name = clean_name(cell("name"))
    if not name:
        raise InvalidInput(f"missing name for {email}")
    joined_text = cell("joined")
    try:
        joined = date.fromisoformat(joined_text) if joined_text else None
    except ValueError:
        raise InvalidInput(f"bad joined date {joined_text!r} (use YYYY-MM-DD)") from None
    timezone = check_timezone(cell("timezone")) if cell("timezone") else default_timezone
    tags = tuple(t.strip() for t in re.split(r"[|;,]", cell("tags")) if t.strip())
    return Person(
        email=email,
        name=name,
        team=clean_name(cell("team")),
        location=clean_name(cell("location")) or REMOTE,
        timezone=timezone,
        joined=joined,
        tags=tags,
        hours=canonical_hours(cell("hours")) if cell("hours") else "",
        calendar=check_calendar(cell("calendar")),
    )


_SCHEMES = ("http://", "https://", "webcal://")


def check_calendar(text: str) -> str:
    """Where someone's busy times are read (see `Person.calendar`): "" for nowhere, an .ics
    feed's URL (http, https, webcal) or file, or "caldav:" and a CalDAV calendar's URL."""
    value = text.strip()
    if any(not ch.isprintable() for ch in value):
        raise InvalidInput("bad calendar: it holds control characters")
    lowered = value.lower()
    if lowered.startswith("caldav:"):
        if not lowered[7:].startswith(("http://", "https://")):
            raise InvalidInput(f"bad calendar {value!r}: write caldav:https://server/path/to/calendar/")
    elif "://" in value and not lowered.startswith(_SCHEMES):
        raise InvalidInput(f"bad calendar {value!r}: use an https:// or webcal:// feed, a file, or caldav:URL")
    return value


def clean_name(text: str) -> str:
    """Names are shown and exported everywhere: control characters (CR/LF...) become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
