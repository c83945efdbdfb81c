"""Plain-JSON form of the domain model, for the store and for `--format json`.

Dates are ISO strings, durations are minutes, tuples are lists. ``from_dict`` accepts what
``to_dict`` wrote and ignores unknown keys, so a newer field never breaks an older reader.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

from rituals.core.errors import StorageError
from rituals.core.models import Audience, Feedback, Grouping, Person, Response, Ritual, Schedule, Session, Slot
from rituals.locale import _


def to_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        later = _LATER.get(type(obj), {})
        out = {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return {k: v for k, v in out.items() if k not in later or v != later[k]}
    if isinstance(obj, datetime):
        return obj.isoformat(timespec="minutes")
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, timedelta):
        return int(obj.total_seconds() // 60)
    if isinstance(obj, (list, tuple)):
        return [to_dict(item) for item in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(to_dict(item) for item in obj)
    if isinstance(obj, dict):
        return {str(key): to_dict(value) for key, value in obj.items()}
    return obj


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _pick(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {key: value for key, value in data.items() if key in names}


# Fields added after the first files were written: the store writes each only once it is set (and
# drops it when it goes back to its default), so that a file nobody used them in keeps its shape.
LATER_PERSON_FIELDS: dict[str, Any] = {
    "role": "",
    "leave_date": None,
    "team_since": None,
    "role_since": None,
    "opt_out": [],
    "opt_in": [],
    "cadence": [],
    "imported": [],
    "language": "",
}
LATER_GROUPING_FIELDS: dict[str, Any] = {"seats": None}
_LATER: dict[type, dict[str, Any]] = {Person: LATER_PERSON_FIELDS, Grouping: LATER_GROUPING_FIELDS}


def person_doc(person: Person) -> tuple[dict[str, Any], list[str]]:
    """The stored form of ``person`` and the later fields it leaves unset (to drop from the file)."""
    doc = to_dict(person)
    return doc, [name for name in LATER_PERSON_FIELDS if name not in doc]


def person_from(data: dict[str, Any]) -> Person:
    try:
        d = _pick(Person, data)
        for key in ("joined", "paused_until", "leave_date", "team_since", "role_since"):
            d[key] = _date(d.get(key))
        for key in ("tags", "excluded", "opt_out", "opt_in"):
            d[key] = tuple(d.get(key, ()))
        d["cadence"] = tuple((str(k), int(n)) for k, n in d.get("cadence", ()))
        d["imported"] = tuple((str(k), str(v)) for k, v in d.get("imported", ()))
        return Person(**d)
    except (TypeError, ValueError, KeyError) as exc:
        raise StorageError(_("a stored person is malformed ({reason})").format(reason=exc)) from exc


def schedule_from(data: dict[str, Any]) -> Schedule:
    d = _pick(Schedule, data)
    d["start"] = datetime.fromisoformat(d["start"])
    d["duration"] = timedelta(minutes=int(d.get("duration", 60)))
    d["until"] = _date(d.get("until"))
    d["exdates"] = tuple(date.fromisoformat(x) for x in d.get("exdates", ()))
    return Schedule(**d)


def ritual_from(data: dict[str, Any]) -> Ritual:
    try:
        d = _pick(Ritual, data)
        d["schedule"] = schedule_from(d["schedule"])
        audience = d.get("audience") or {}
        d["audience"] = Audience(kind=audience.get("kind", "all"), members=tuple(audience.get("members", ())))
        grouping = d.get("grouping") or {}
        d["grouping"] = Grouping(
            size=grouping.get("size"), mix=grouping.get("mix", "cross-team"), seats=grouping.get("seats")
        )
        d["slot"] = Slot(**_pick(Slot, d["slot"])) if d.get("slot") else None
        return Ritual(**d)
    except (TypeError, ValueError, KeyError) as exc:
        raise StorageError(_("a stored ritual is malformed ({reason})").format(reason=exc)) from exc


def response_from(data: dict[str, Any]) -> Response:
    try:
        return Response(**_pick(Response, data))
    except TypeError as exc:
        raise StorageError(_("a stored answer is malformed ({reason})").format(reason=exc)) from exc


def session_from(data: dict[str, Any]) -> Session:
    try:
        d = _pick(Session, data)
        d["start"] = datetime.fromisoformat(d["start"])
        d["groups"] = tuple(tuple(g) for g in d.get("groups", ()))
        for key in ("explanations", "attended", "absent", "group_numbers"):
            d[key] = tuple(d.get(key, ()))
        d["feedback"] = tuple(Feedback(**_pick(Feedback, f)) for f in d.get("feedback", ()))
        d["responses"] = tuple(response_from(r) for r in d.get("responses", ()))
        d["group_times"] = tuple((int(n), datetime.fromisoformat(t)) for n, t in d.get("group_times", ()))
        return Session(**d)
    except (TypeError, ValueError, KeyError) as exc:
        raise StorageError(_("a stored session is malformed ({reason})").format(reason=exc)) from exc
