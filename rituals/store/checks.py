"""The shape every stored record must have, checked before anything reads it.

A file edited by hand, by a buggy version or by a disk fault may hold valid JSON of the wrong
shape (a name that is a number, a date that is not a date, a time zone that is not a zone name).
The store refuses such a file with one clear message instead of crashing later in some
command; `rituals doctor` lists every such record, and also zones that are well written but
unknown to the zone database (see `zone_problems`). Pure: only the standard library and the core.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rituals.core.errors import InvalidInput
from rituals.core.hours import parse_hours
from rituals.core.journal import KINDS
from rituals.core.models import (
    ANSWERS,
    AUDIENCE_KINDS,
    FREQUENCIES,
    MONTHLY_BY,
    ON_CLOSED,
    SESSION_STATUSES,
    SLOT_PREFERENCES,
)
from rituals.core.schedule import check_timezone
from rituals.locale import LANGS

ENTITY_TABLES = {"people": "email", "rituals": "id", "sessions": "id"}
META = "meta"
JOURNAL = "journal"  # the change journal (see rituals.store.journal); never a table of the plan

Check = Callable[[Any], str | None]  # None when the value is fine, else what is wrong


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "is not text"


def _int(low: int, high: int | None = None) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "is not a whole number"
        if value < low or (high is not None and value > high):
            return f"is out of range ({value})"
        return None

    return check


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _texts(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return "is not a list of text"
    return None


def _list_of_ints(low: int) -> Check:
    whole = _int(low)

    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "is not a list of whole numbers"
        return next((problem for problem in map(whole, value) if problem), None)

    return check


def _day(value: Any) -> str | None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return "is not a date YYYY-MM-DD"
    return None


def _moment(value: Any) -> str | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return "is not a date and time"
    return "carries a UTC offset (local time expected)" if moment.tzinfo else None


_ZONE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-")


def _zone(value: Any) -> str | None:
    """The shape of an IANA name (Europe/Paris, Etc/GMT+5, UTC); whether the zone exists is
    `zone_problems`' question."""
    if not isinstance(value, str):
        return "is not text"
    parts = value.split("/")
    return (
        None if all(part and _ZONE_CHARS.issuperset(part) for part in parts) else f"is not a time zone name ({value!r})"
    )


def zone_problems(data: dict[str, Any]) -> list[str]:
    """Time zones the zone database does not know, as record_problems words them.

    Every read checks the shape of each zone; loading them costs `zoneinfo`'s import
    (docs/performance.md, "zoneinfo"), so only `rituals doctor` asks this of the whole file. A
    command that uses a zone (an export, an edit) checks that one and stops with one line if it
    is unknown.
    """
    problems = []
    for table, path in (("people", ("timezone",)), ("rituals", ("schedule", "timezone"))):
        for doc_id, doc in data.get(table, {}).items():
            value: Any = doc
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, str) and _zone(value) is None:
                try:
                    check_timezone(value)
                except InvalidInput:
                    problems.append(
                        f"{table} record {doc_id} has '{path[-1]}' that is not a known time zone ({value!r})"
                    )
    return problems


def _hours(value: Any) -> str | None:
    if not isinstance(value, str):
        return "is not text"
    try:
        if value:
            parse_hours(value)
    except InvalidInput as exc:
        return f"is not working hours ({exc.message})"
    return None


def _clock(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) == 5 and value[2] == ":" and value.replace(":", "").isdigit()
    return None if ok and int(value[:2]) <= 24 and int(value[3:]) < 60 else "is not a time HH:MM"


def _span(value: Any) -> str | None:
    ok = value in ("day", "week") or (isinstance(value, str) and value[:-1].isdigit() and value.endswith("d"))
    return None if ok else "is not day, week or a number of days (3d)"


def _one_of(allowed: tuple[str, ...]) -> Check:
    return lambda value: None if value in allowed else f"is not one of {', '.join(allowed)}"


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "is not true/false"


def _list_of(fields: dict[str, tuple[bool, Check]]) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "is not a list"
        for item in value:
            wrong = _record_problem(item, fields)
            if wrong:
                return f"has an entry whose {wrong}"
        return None

    return check


def _nested(fields: dict[str, tuple[bool, Check]]) -> Check:
    def check(value: Any) -> str | None:
        wrong = _record_problem(value, fields)
        return f"has {wrong}" if wrong else None

    return check


def _group_times(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, list) and len(item) == 2 for item in value):
        return "is not a list of [group number, time] pairs"
    return next((f"has a pair whose {wrong}" for n, when in value if (wrong := _int(1)(n) or _moment(when))), None)


def _pairs(value: Any, second: Check) -> str | None:
    """A list of [text, value] pairs (a small mapping kept in order)."""
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in value
    ):
        return "is not a list of [name, value] pairs"
    return next((f"has a pair whose value {wrong}" for p in value if (wrong := second(p[1]))), None)


def _groups(value: Any) -> str | None:
    if not isinstance(value, list) or not all(_texts(group) is None for group in value):
        return "is not a list of groups of e-mails"
    return None


# field: (required, check). Unknown fields are allowed: a newer version may add some.
PERSON = {
    "email": (True, _text),
    "name": (True, _text),
    "team": (False, _text),
    "location": (False, _text),
    "timezone": (False, _zone),
    "joined": (False, _optional(_day)),
    "tags": (False, _texts),
    "paused_until": (False, _optional(_day)),
    "excluded": (False, _texts),
    "hours": (False, _hours),
    "calendar": (False, _text),
    "role": (False, _text),
    "leave_date": (False, _optional(_day)),
    "team_since": (False, _optional(_day)),
    "role_since": (False, _optional(_day)),
    "opt_out": (False, _texts),
    "opt_in": (False, _texts),
    "cadence": (False, lambda v: _pairs(v, _int(1, 3660))),
    "imported": (False, lambda v: _pairs(v, _text)),
    "language": (False, _one_of(("", *LANGS))),
}
SCHEDULE = {
    "start": (True, _moment),
    "timezone": (False, _zone),
    "duration": (False, _int(1, 7 * 24 * 60)),
    "frequency": (False, _one_of(FREQUENCIES)),
    "interval": (False, _int(1, 520)),
    "until": (False, _optional(_day)),
    "count": (False, _optional(_int(1))),
    "all_day": (False, _flag),
    "skip_holidays": (False, _optional(_text)),
    "exdates": (False, lambda v: _texts(v) or next((_day(d) for d in v if _day(d)), None)),
    "monthly_by": (False, _one_of(MONTHLY_BY)),
    "on_closed": (False, _one_of(ON_CLOSED)),
}
RITUAL = {
    "id": (True, _text),
    "title": (True, _text),
    "kind": (True, _text),
    "schedule": (True, _nested(SCHEDULE)),
    "description": (False, _text),
    "location": (False, _text),
    "video_link": (False, _text),
    "organizer": (False, _text),
    "audience": (False, _nested({"kind": (False, _one_of(AUDIENCE_KINDS)), "members": (False, _texts)})),
    "grouping": (
        False,
        _nested({"size": (False, _optional(_int(1))), "mix": (False, _text), "seats": (False, _optional(_int(2)))}),
    ),
    "format": (False, _text),
    "status": (False, _text),
    "idea_id": (False, _optional(_text)),
    "slot": (
        False,
        _optional(
            _nested(
                {
                    "span": (False, _span),
                    "earliest": (False, _clock),
                    "latest": (False, _clock),
                    "prefer": (False, _one_of(SLOT_PREFERENCES)),
                }
            )
        ),
    ),
}
RESPONSE = {
    "email": (True, _text),
    "status": (False, _one_of(ANSWERS)),
    "sequence": (False, _int(0)),
    "stamp": (False, _text),
    "via": (False, _text),
    "met": (False, _optional(_flag)),
    "rating": (False, _optional(_int(1, 5))),
    "checked_in": (False, _text),
}
SESSION = {
    "id": (False, _text),
    "ritual_id": (True, _text),
    "start": (True, _moment),
    "groups": (False, _groups),
    "status": (False, _one_of(SESSION_STATUSES)),
    "explanations": (False, _texts),
    "attended": (False, _texts),
    "absent": (False, _texts),
    "rating": (False, _optional(_int(-1000, 1000))),
    "note": (False, _text),
    "group_numbers": (False, _list_of_ints(1)),
    "group_times": (False, _group_times),
    "feedback": (
        False,
        _list_of({"email": (True, _text), "rating": (False, _optional(_int(-1000, 1000))), "note": (False, _text)}),
    ),
    "responses": (False, _list_of(RESPONSE)),
}
CLOSURE: dict[str, tuple[bool, Check]] = {"start": (True, _day), "end": (True, _day), "name": (False, _text)}
SHAPES: dict[str, dict[str, tuple[bool, Check]]] = {
    "people": PERSON,
    "rituals": RITUAL,
    "sessions": SESSION,
    # settings kept as key/value records (`Transaction.set_state`)
    "hours": {"key": (True, _text), "value": (True, _hours)},
    "closures": {"key": (True, _text), "value": (True, _nested(CLOSURE))},
}


def _record_problem(doc: Any, fields: dict[str, tuple[bool, Check]]) -> str | None:
    """The first thing wrong with one record, as 'field X is ...', or None."""
    if not isinstance(doc, dict):
        return "a value that is not an object"
    for name, (required, check) in fields.items():
        if name not in doc:
            if required:
                return f"no {name!r}"
            continue
        wrong = check(doc[name])
        if wrong:
            return f"{name!r} that {wrong}"
    return None


def table_problems(data: Any) -> list[str]:
    """What is wrong with the file's outline: TinyDB tables of numbered records."""
    if not isinstance(data, dict):
        return ["the file is not a JSON object of tables"]
    problems = []
    for table, docs in data.items():
        if not isinstance(docs, dict):
            problems.append(f"table {table!r} is not an object of records")
            continue
        for doc_id, doc in docs.items():
            if not doc_id.isdigit():
                problems.append(f"table {table!r} has a record numbered {doc_id!r}")
            elif not isinstance(doc, dict):
                problems.append(f"{table} record {doc_id} is not an object")
    return problems


def record_problems(data: dict[str, Any]) -> list[str]:
    """Every malformed record of the known tables, as 'people record 3: field ...'."""
    problems = []
    for table, fields in SHAPES.items():
        for doc_id, doc in data.get(table, {}).items():
            wrong = _record_problem(doc, fields)
            if wrong:
                problems.append(f"{table} record {doc_id} has {wrong}")
    record = data.get(META, {}).get("1")
    if record is not None:
        revision = record.get("revision", 0)
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
            problems.append("meta record: 'revision' is not a whole number")
    return problems


def _ints(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        return "is not a list of whole numbers"
    return None


def _images(value: Any) -> str | None:
    """Before-images: record -> {doc id: doc}."""
    if not isinstance(value, dict):
        return "is not an object"
    for record, docs in value.items():
        if not isinstance(docs, dict) or not all(k.isdigit() and isinstance(d, dict) for k, d in docs.items()):
            return f"holds a before-image of {record!r} that is not an object of numbered records"
    return None


JOURNAL_ENTRY = {
    "revision": (True, _int(1)),
    "at": (True, _text),
    "by": (True, _text),
    "via": (False, _text),
    "summary": (True, _text),
    "kind": (True, _one_of(KINDS)),
    "records": (True, _texts),
    "people": (False, _texts),
    "rituals": (False, _texts),
    "undoes": (False, _ints),
    "revert": (False, _images),
    "first": (False, _int(1)),
    "count": (False, _int(1)),
}


def journal_problems(data: dict[str, Any]) -> list[str]:
    """Every malformed journal entry, as record_problems words them.

    Not part of every read: a journal can hold thousands of entries and most commands never look
    at it; `rituals history` shows a malformed entry as unreadable, and `rituals doctor` asks this.
    """
    record = data.get(META, {}).get("1") or {}
    top = record.get("revision", 0) if isinstance(record.get("revision"), int) else 0
    problems = []
    for doc_id, doc in data.get(JOURNAL, {}).items():
        wrong = _record_problem(doc, JOURNAL_ENTRY)
        if wrong:
            problems.append(f"journal record {doc_id} has {wrong}")
        elif str(doc["revision"]) != doc_id:
            problems.append(f"journal record {doc_id} has 'revision' {doc['revision']} (it must be its number)")
        elif doc["revision"] > top:
            problems.append(f"journal record {doc_id} is newer than the file (revision {top})")
        elif doc.get("first", doc["revision"]) > doc["revision"]:
            problems.append(f"journal record {doc_id} has 'first' after its revision")
    return problems
