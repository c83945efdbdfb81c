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
from rituals.locale import LANGS, _

ENTITY_TABLES = {"people": "email", "rituals": "id", "sessions": "id"}
META = "meta"
JOURNAL = "journal"  # the change journal (see rituals.store.journal); never a table of the plan

Check = Callable[[Any], str | None]  # None when the value is fine, else what is wrong


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else _("is not text")


def _int(low: int, high: int | None = None) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return _("is not a whole number")
        if value < low or (high is not None and value > high):
            return _("is out of range ({value})").format(value=value)
        return None

    return check


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _texts(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return _("is not a list of text")
    return None


def _list_of_ints(low: int) -> Check:
    whole = _int(low)

    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return _("is not a list of whole numbers")
        return next((problem for problem in map(whole, value) if problem), None)

    return check


def _day(value: Any) -> str | None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return _("is not a date YYYY-MM-DD")
    return None


def _moment(value: Any) -> str | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return _("is not a date and time")
    return _("carries a UTC offset (local time expected)") if moment.tzinfo else None


_ZONE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-")


def _zone(value: Any) -> str | None:
    """The shape of an IANA name (Europe/Paris, Etc/GMT+5, UTC); whether the zone exists is
    `zone_problems`' question."""
    if not isinstance(value, str):
        return _("is not text")
    parts = value.split("/")
    return (
        None
        if all(part and _ZONE_CHARS.issuperset(part) for part in parts)
        else _("is not a time zone name ({value!r})").format(value=value)
    )


def zone_problems(data: dict[str, Any]) -> list[str]:
    """Time zones the zone database does not know, as record_problems words them.

    Every read checks the shape of each zone; loading them costs `zoneinfo`'s import
    (docs/performance.md, "zoneinfo"), so only `rituals doctor` asks this of the whole file. A
    command that uses a zone (an export, an edit) checks that one and stops with one line if it
    is unknown.
    """
    problems: list[str] = []
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
                        Problem(
                            _("{table} record {doc_id} has '{field}' that is not a known time zone ({value!r})").format(
                                table=table, doc_id=doc_id, field=path[-1], value=value
                            ),
                            f"{table} record {doc_id}",
                        )
                    )
    return problems


def _hours(value: Any) -> str | None:
    if not isinstance(value, str):
        return _("is not text")
    try:
        if value:
            parse_hours(value)
    except InvalidInput as exc:
        return _("is not working hours ({problem})").format(problem=exc.message)
    return None


def _clock(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) == 5 and value[2] == ":" and value.replace(":", "").isdigit()
    return None if ok and int(value[:2]) <= 24 and int(value[3:]) < 60 else _("is not a time HH:MM")


def _span(value: Any) -> str | None:
    ok = value in ("day", "week") or (isinstance(value, str) and value[:-1].isdigit() and value.endswith("d"))
    return None if ok else _("is not day, week or a number of days (3d)")


def _one_of(allowed: tuple[str, ...]) -> Check:
    return lambda value: None if value in allowed else _("is not one of {choices}").format(choices=", ".join(allowed))


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else _("is not true/false")


def _list_of(fields: dict[str, tuple[bool, Check]]) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return _("is not a list")
        for item in value:
            wrong = _record_problem(item, fields)
            if wrong:
                return _("has an entry whose {wrong}").format(wrong=wrong)
        return None

    return check


def _nested(fields: dict[str, tuple[bool, Check]]) -> Check:
    def check(value: Any) -> str | None:
        wrong = _record_problem(value, fields)
        return _("has {wrong}").format(wrong=wrong) if wrong else None

    return check


def _group_times(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, list) and len(item) == 2 for item in value):
        return _("is not a list of [group number, time] pairs")
    return next(
        (
            _("has a pair whose {wrong}").format(wrong=wrong)
            for n, when in value
            if (wrong := _int(1)(n) or _moment(when))
        ),
        None,
    )


def _pairs(value: Any, second: Check) -> str | None:
    """A list of [text, value] pairs (a small mapping kept in order)."""
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in value
    ):
        return _("is not a list of [name, value] pairs")
    return next(
        (_("has a pair whose value {wrong}").format(wrong=wrong) for p in value if (wrong := second(p[1]))), None
    )


def _groups(value: Any) -> str | None:
    if not isinstance(value, list) or not all(_texts(group) is None for group in value):
        return _("is not a list of groups of e-mails")
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
        return _("a value that is not an object")
    for name, (required, check) in fields.items():
        if name not in doc:
            if required:
                return _("no {name!r}").format(name=name)
            continue
        wrong = check(doc[name])
        if wrong:
            return _("{name!r} that {wrong}").format(name=name, wrong=wrong)
    return None


def table_problems(data: Any) -> list[str]:
    """What is wrong with the file's outline: TinyDB tables of numbered records."""
    if not isinstance(data, dict):
        return [_("the file is not a JSON object of tables")]
    problems: list[str] = []
    for table, docs in data.items():
        if not isinstance(docs, dict):
            problems.append(_("table {table!r} is not an object of records").format(table=table))
            continue
        for doc_id, doc in docs.items():
            if not doc_id.isdigit():
                problems.append(
                    _("table {table!r} has a record numbered {doc_id!r}").format(table=table, doc_id=doc_id)
                )
            elif not isinstance(doc, dict):
                problems.append(
                    Problem(
                        _("{table} record {doc_id} is not an object").format(table=table, doc_id=doc_id),
                        f"{table} record {doc_id}",
                    )
                )
    return problems


class Problem(str):
    """A problem in the reader's language, with the record it is about as a fixed key ("people
    record 3"): the doctor tells records apart by the key, whatever the language."""

    record: str

    def __new__(cls, text: str, record: str = "") -> Problem:
        made = super().__new__(cls, text)
        made.record = record
        return made


def _record(table: str, doc_id: str, wrong: str) -> Problem:
    said = _("{table} record {doc_id} has {wrong}").format(table=table, doc_id=doc_id, wrong=wrong)
    return Problem(said, f"{table} record {doc_id}")


def record_problems(data: dict[str, Any]) -> list[str]:
    """Every malformed record of the known tables, as 'people record 3: field ...'."""
    problems: list[str] = []
    for table, fields in SHAPES.items():
        for doc_id, doc in data.get(table, {}).items():
            wrong = _record_problem(doc, fields)
            if wrong:
                problems.append(_record(table, doc_id, wrong))
    record = data.get(META, {}).get("1")
    if record is not None:
        revision = record.get("revision", 0)
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
            problems.append(_("meta record: 'revision' is not a whole number"))
    return problems
