"""The project's own bar for an exported .ics file, from the RFCs and from five calendar libraries.

``check_files`` asserts, for each file: the line format of RFC 5545 3.1 (UTF-8, CRLF, folded at 75
octets between characters), TEXT escaping (3.3.11), the properties every VEVENT needs, the iTIP
rules of RFC 5546 for PUBLISH, REQUEST and CANCEL, VTIMEZONEs that agree with the IANA
database; and, over all the files, that icalendar, recurring-ical-events, vobject, `ical` and khal
see the same occurrences with the same attendees (``ics_readers``). ``check_update`` asserts the
rules of a re-sent event (RFC 5546 2.1.4); ``caldav_round_trip`` stores each event on a CalDAV
calendar and reads it back.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from dateutil import tz as dateutil_tz
from ics_readers import read_everywhere

UTC = UTC
TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "TZNAME"}
SIGNIFICANT = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "STATUS", "LOCATION", "ATTENDEE")


def listed(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


# --------------------------------------------------------------------------- one file
def check_lines(raw: bytes, name: str) -> None:
    """RFC 5545 3.1: UTF-8, CRLF only, lines of at most 75 octets folded between characters."""
    raw.decode("utf-8")
    assert raw.endswith(b"\r\n") and not re.search(rb"(?<!\r)\n|\r(?!\n)", raw), f"{name}: a bare CR or LF"
    lines = raw.split(b"\r\n")[:-1]
    assert all(0 < len(line) <= 75 for line in lines), f"{name}: an empty line or one longer than 75 octets"
    for number, line in enumerate(lines, 1):
        line.decode("utf-8")  # a fold inside a multi-octet character leaves half of it on each line
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), f"{name}: a control character on line {number}"
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8").split("\r\n")
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-2] == "END:VCALENDAR", name
    for line in unfolded:
        prop = re.match(r"([A-Z-]+)[;:]", line)
        if prop and prop.group(1) in TEXT:
            value = _value_of(line)
            assert not re.search(r"(?<!\\)(?:\\\\)*[;,]", value), f"{name}: unescaped ; or , in {line[:60]!r}"
            assert not re.search(r"\\[^\\;,nN]", value.replace("\\\\", "")), f"{name}: a bad escape in {line[:60]!r}"


def _value_of(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        quoted = quoted != (ch == '"')
        if ch == ":" and not quoted:
            return line[i + 1 :]
    raise AssertionError(f"no value in {line!r}")


def check_events(cal: icalendar.Calendar, name: str) -> None:
    """The properties each VEVENT must have, and times that every client places the same way."""
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//"), name
    events = cal.walk("VEVENT")
    assert events, f"{name}: no VEVENT"
    keys = [(str(e["UID"]), e["RECURRENCE-ID"].to_ical() if "RECURRENCE-ID" in e else None) for e in events]
    assert len(set(keys)) == len(keys), f"{name}: a UID and RECURRENCE-ID twice"
    for event in events:
        where = f"{name} {event.get('UID')}"
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "ORGANIZER"} <= set(event), where
        assert ("DTEND" in event) != ("DURATION" in event), f"{where}: DTEND or DURATION, one of them"
        assert event["DTSTAMP"].dt.utcoffset() == timedelta(0), f"{where}: DTSTAMP not in UTC"
        start = event["DTSTART"]
        all_day = not isinstance(start.dt, datetime)
        assert all_day or "TZID" in start.params or start.dt.utcoffset() == timedelta(0), f"{where}: floating time"
        if "DTEND" in event:
            assert event["DTEND"].dt > start.dt and isinstance(event["DTEND"].dt, datetime) != all_day, where
        for until in listed(event.get("RRULE", {}).get("UNTIL")):
            assert all_day != isinstance(until, datetime), f"{where}: UNTIL and DTSTART of different types"
            assert all_day or until.utcoffset() == timedelta(0), f"{where}: UNTIL not in UTC (RFC 5545 3.3.10)"
        for exdate in listed(event.get("EXDATE")):
            assert all(isinstance(d.dt, datetime) != all_day for d in exdate.dts), f"{where}: EXDATE type"
        people = [str(a).lower() for a in listed(event.get("ATTENDEE"))]
        assert len(set(people)) == len(people), f"{where}: an attendee twice"
        assert all(re.fullmatch(r"mailto:[^@\s]+@[^@\s]+", p) for p in [*people, str(event["ORGANIZER"]).lower()]), (
            where
        )


def check_itip(cal: icalendar.Calendar, name: str) -> None:
    """RFC 5546 3.2: a feed carries no attendees; an invitation or a cancellation carries one UID."""
    method = str(cal["METHOD"])
    events = cal.walk("VEVENT")
    assert method in ("PUBLISH", "REQUEST", "CANCEL"), f"{name}: METHOD {method}"
    if method == "PUBLISH":
        assert not any("ATTENDEE" in e for e in events), f"{name}: attendees in a PUBLISH"
        return
    assert len({str(e["UID"]) for e in events}) == 1, f"{name}: {method} with several UIDs"
    assert all(listed(e.get("ATTENDEE")) for e in events), f"{name}: {method} without attendees"
    if method == "CANCEL":
        assert all(int(e["SEQUENCE"]) >= 1 and str(e["STATUS"]) == "CANCELLED" for e in events), name


def check_time_zones(cal: icalendar.Calendar, name: str) -> None:
    """Each TZID used is defined, and its definition gives IANA's offsets week by week."""
    defined = {str(t["TZID"]): t for t in cal.walk("VTIMEZONE")}
    used = {
        str(p.params["TZID"])
        for e in cal.walk("VEVENT")
        for _, v in e.property_items(recursive=False)
        for p in listed(v)
        if hasattr(p, "params") and "TZID" in p.params
    }
    assert used == set(defined), f"{name}: zones used {sorted(used)}, defined {sorted(defined)}"
    starts = [_naive(e["DTSTART"].dt) for e in cal.walk("VEVENT")]
    for tzid, definition in defined.items():
        theirs, iana = dateutil_tz.tzical(io.StringIO(definition.to_ical().decode())).get(), ZoneInfo(tzid)
        probe = min(starts) - timedelta(days=7)
        while probe < max(starts) + timedelta(days=400):
            local = probe.replace(tzinfo=UTC).astimezone(iana)
            wall = local.replace(tzinfo=None)
            assert theirs.utcoffset(wall) == local.utcoffset(), f"{name}: {tzid} at {wall} is not IANA's"
            probe += timedelta(days=7)


def _naive(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


# --------------------------------------------------------------------------- many files
def check_files(files: list[Path], workdir: Path) -> int:
    """Every check on every file; the five libraries must agree. Returns the occurrences seen."""
    assert files, "nothing to check"
    calendars = {}
    for path in files:
        raw = path.read_bytes()
        check_lines(raw, path.name)
        (cal,) = icalendar.Calendar.from_ical(raw, multiple=True)
        for check in (check_events, check_itip, check_time_zones):
            check(cal, path.name)
        calendars[path] = cal
    starts = [_naive(e["DTSTART"].dt) for cal in calendars.values() for e in cal.walk("VEVENT")]
    lo = (min(starts) - timedelta(days=1)).replace(tzinfo=UTC)
    seen = 0
    for number, batch in enumerate(_without_shared_uids(calendars)):
        found = read_everywhere(batch, lo, lo + timedelta(days=400), workdir / f"batch{number}")
        reference = found.pop("recurring-ical-events")
        for library, occurrences in found.items():
            assert occurrences == reference, (
                library,
                sorted(reference - occurrences)[:2],
                sorted(occurrences - reference)[:2],
            )
        assert {s.uid for s in reference} == {str(e["UID"]) for p in batch for e in calendars[p].walk("VEVENT")}
        seen += len(reference)
    return seen


def _without_shared_uids(calendars: dict[Path, icalendar.Calendar]) -> list[list[Path]]:
    # khal files an event by UID: two files with one UID (a feed and an invitation) go in two runs
    batches: list[tuple[set[str], list[Path]]] = []
    for path, cal in calendars.items():
        uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
        batch = next((b for b in batches if not b[0] & uids), None)
        if batch is None:
            batch = (set(), [])
            batches.append(batch)
        batch[0].update(uids)
        batch[1].append(path)
    return [paths for _, paths in batches]


def check_update(old: Path, new: Path) -> None:
    """RFC 5546 2.1.4: the same UIDs; SEQUENCE never goes down and goes up with a significant change."""
    before, after = (_by_key(icalendar.Calendar.from_ical(p.read_bytes())) for p in (old, new))
    cancel = str(icalendar.Calendar.from_ical(new.read_bytes())["METHOD"]) == "CANCEL"
    assert set(before) & set(after), "no UID in common: clients would show the event twice"
    for key in set(before) & set(after):
        was, now = before[key], after[key]
        changed = [p for p in SIGNIFICANT if _prop(was, p) != _prop(now, p)]
        old_seq, new_seq = int(was.get("SEQUENCE", 0)), int(now.get("SEQUENCE", 0))
        assert new_seq >= old_seq, f"{key}: SEQUENCE went down"
        if changed or cancel:
            assert new_seq > old_seq, f"{key}: {changed or 'CANCEL'} but SEQUENCE stayed {new_seq}"
        elif _content(was) == _content(now):
            assert new_seq == old_seq, f"{key}: SEQUENCE raised with nothing changed"


def _by_key(cal: icalendar.Calendar) -> dict[tuple[str, bytes | None], Any]:
    return {
        (str(e["UID"]), e["RECURRENCE-ID"].to_ical() if "RECURRENCE-ID" in e else None): e for e in cal.walk("VEVENT")
    }


def _prop(event: Any, name: str) -> list[tuple[bytes, str]]:
    return sorted((v.to_ical(), str(getattr(v, "params", {}).get("TZID", ""))) for v in listed(event.get(name)))


def _content(event: Any) -> bytes:
    return b"".join(line for line in event.to_ical().splitlines() if not line.startswith((b"DTSTAMP", b"SEQUENCE")))


# --------------------------------------------------------------------------- CalDAV
FIELDS = ("SUMMARY", "DTSTART", "DTEND", "RRULE", "EXDATE", "RECURRENCE-ID", "SEQUENCE", "STATUS", "ORGANIZER")


def caldav_round_trip(calendar: Any, files: list[Path]) -> int:
    """Store each UID of the files as one object (no METHOD, RFC 4791 4.1) and read it back equal."""
    stored = 0
    for path in files:
        source = icalendar.Calendar.from_ical(path.read_bytes())
        zones = source.walk("VTIMEZONE")
        for uid in dict.fromkeys(str(e["UID"]) for e in source.walk("VEVENT")):
            sent = icalendar.Calendar()
            for name in ("VERSION", "PRODID", "CALSCALE"):
                if name in source:
                    sent.add(name, source[name])
            for part in [*zones, *(e for e in source.walk("VEVENT") if str(e["UID"]) == uid)]:
                sent.add_component(part)
            calendar.add_event(sent.to_ical().decode(), increase_seqno=False)  # keep our SEQUENCE
            back = icalendar.Calendar.from_ical(calendar.get_event_by_uid(uid).data)
            assert _facts(back) == _facts(sent), (path.name, uid)
            stored += 1
    return stored


def _facts(cal: icalendar.Calendar) -> dict[Any, Any]:
    return {
        key: ({p: _prop(e, p) for p in FIELDS}, sorted(str(a).lower() for a in listed(e.get("ATTENDEE"))))
        for key, e in _by_key(cal).items()
    }
