"""CalendarEvents to RFC 5545 bytes: VCALENDAR, VTIMEZONEs that every reader takes alike, VEVENTs.

icalendar does the escaping (TEXT, RFC 6868 parameter values) and the 75-octet folding; the
VTIMEZONEs are ours (see ``rituals.core.ical.vtimezone``). Two rules keep every reader on the
instant zoneinfo gives (docs/timezones.md has the readers and their bugs):

- a zone that no Outlook-shaped VTIMEZONE describes over the years used (Morocco's Ramadan
  changes) gets no VTIMEZONE: its times are written in UTC, a series as a UTC rule at its most
  common offset plus an override (RECURRENCE-ID) for each occurrence at another offset;
- an occurrence that starts or ends at a wall-clock time a change of offset skips or repeats,
  or that a change of offset cuts, is an override whose DTSTART and DTEND are in UTC: dateutil
  (vobject, Radicale) and pytz (khal) each place such a time differently from RFC 5545 and
  from each other, and Radicale's time-range test ends an occurrence by wall-clock arithmetic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from rituals import __version__
from rituals.core.ical.events import Attendee, CalendarEvent
from rituals.core.ical.messages import by_uid
from rituals.core.ical.vtimezone import (
    instant,
    misread,
    outlook_shaped,
    vtimezone_lines,
)
from rituals.locale import for_language

UTC = UTC
PRODID = f"-//rituals//rituals {__version__}//EN"
REMINDER = timedelta(minutes=15)
ALL_DAY_REMINDER = timedelta(hours=15)  # 09:00 the day before an all-day event
OPEN_ENDED = timedelta(days=3653)  # how far an endless series is followed for its overrides
# a series said in UTC names Etc/UTC rather than writing "Z": ical (Home Assistant) never matches
# a RECURRENCE-ID in "Z" form to the rule's instance, and RFC 5545 3.8.4.4 wants both alike
RULE_ZONE = ZoneInfo("Etc/UTC")

When = datetime | date


@dataclass
class _Timing:
    """How one VEVENT's times are written (aware datetimes carry the zone or UTC)."""

    start: When
    end: When | None
    duration: timedelta | None = None
    rrule: str = ""
    exdates: tuple[When, ...] = ()
    recurrence_id: When | None = None


@dataclass
class _Zone:
    """What the export writes for one time zone."""

    name: str
    years: set[int] = field(default_factory=set)
    utc: bool = False  # no Outlook-shaped VTIMEZONE fits: times in UTC
    tzid_used: bool = False

    @property
    def info(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    def local(self, wall: When) -> When:
        return wall.replace(tzinfo=self.info) if isinstance(wall, datetime) else wall

    def fixed(self, wall: When) -> When:
        """A wall time as TZID, or in UTC when readers would misread it or the zone is UTC-only."""
        if not isinstance(wall, datetime):
            return wall
        if self.utc or misread(wall, self.info):
            return instant(wall, self.info).replace(tzinfo=UTC)
        self.tzid_used = True
        return self.local(wall)


def to_ics(events: list[CalendarEvent], method: str | None, stamp: datetime) -> bytes:
    """A VCALENDAR with one VTIMEZONE per zone written as TZID. ``method`` None for CalDAV."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    zones: dict[str, _Zone] = {}
    walls = {
        e.uid: _rule_walls(e)
        for e in events
        if e.rrule and not e.all_day and e.recurrence_id is None and e.timezone.upper() != "UTC"
    }
    for event in events:
        _note_years(zones, event, walls.get(event.uid, []))
    for zone in zones.values():
        zone.utc = not outlook_shaped(zone.name, min(zone.years), max(zone.years))
    vevents = [v for group in by_uid(events).values() for v in _group(group, zones, walls, method, stamp)]
    for zone in sorted(zones.values(), key=lambda z: z.name):
        if zone.tzid_used:
            lines = vtimezone_lines(zone.name, min(zone.years), max(zone.years))
            cal.add_component(icalendar.Timezone.from_ical("\r\n".join(lines)))
    for vevent in vevents:
        cal.add_component(vevent)
    return cal.to_ical()


def _rule_walls(master: CalendarEvent) -> list[datetime]:
    """The wall-clock times of a series' rule (EXDATEs not removed); an endless one is followed
    for ten years."""
    from dateutil.rrule import rrulestr  # deferred: only series need it

    assert isinstance(master.start, datetime)
    start = master.start.replace(tzinfo=ZoneInfo(master.timezone))
    return [w.replace(tzinfo=None) for w in _until(rrulestr(master.rrule, dtstart=start), start + OPEN_ENDED)]


def _until(rule: Iterable[datetime], last: datetime) -> Iterator[datetime]:
    for when in rule:
        if when > last:
            return
        yield when


def _note_years(zones: dict[str, _Zone], event: CalendarEvent, walls: list[datetime]) -> None:
    if event.all_day or event.timezone.upper() == "UTC":
        return
    zone = zones.setdefault(event.timezone, _Zone(event.timezone))
    moments = [event.start, event.end, *event.exdates, *walls[-1:]]
    if event.recurrence_id is not None:
        moments.append(event.recurrence_id)
    zone.years.update(m.year for m in moments)


def _group(
    group: list[CalendarEvent],
    zones: dict[str, _Zone],
    walls: dict[str, list[datetime]],
    method: str | None,
    stamp: datetime,
) -> list[icalendar.Event]:
    """The VEVENTs of one UID: the master, its overrides, and the overrides the zone needs."""
    zone = zones.get(group[0].timezone)
    if zone is None or group[0].all_day:  # dates, or times in UTC: nothing to place
        return [_vevent(e, _as_is(e), method, stamp) for e in group]
    master = next((e for e in group if e.recurrence_id is None and e.uid in walls), None)
    series: list[_Timing] = []
    base: timedelta | None = None  # the offset of a rule said in UTC
    if master is not None and zone.utc and walls[master.uid]:
        series, base = _utc_rule(master, walls[master.uid], _taken(master, group), zone.info)
        rule_zone = zones.setdefault(RULE_ZONE.key, _Zone(RULE_ZONE.key))
        rule_zone.years |= zone.years
        rule_zone.tzid_used = True
    elif master is not None:
        series = _local_series(master, walls[master.uid], group, zone)
    out = []
    for event in group:
        if event is master:
            out += [_vevent(event, t, method, stamp) for t in series]
        else:
            out.append(_vevent(event, _single(event, zone, base), method, stamp))
    return out


def _taken(master: CalendarEvent, group: list[CalendarEvent]) -> set[When]:
    """The rule's instances that need no override of ours: skipped, or moved by the caller."""
    return set(master.exdates) | {e.recurrence_id for e in group if e.recurrence_id is not None}


def _utc_rule(
    master: CalendarEvent, walls: list[datetime], taken: set[When], zone: ZoneInfo
) -> tuple[list[_Timing], timedelta]:
    """The series said in UTC, and at which offset: the most common one needs fewest overrides,
    but a monthly weekday that crosses midnight in UTC falls on another day of the month; at
    offset zero the UTC rule is the wall-clock rule itself."""
    for base in (_base_offset(walls, zone), timedelta(0)):
        series = _utc_series(master, walls, base, taken, zone)
        if series is not None:
            return series, base
    raise AssertionError("a rule at offset zero gives the wall-clock times")


def _as_is(event: CalendarEvent) -> _Timing:
    zone: timezone | ZoneInfo | None = UTC if event.timezone.upper() == "UTC" else None

    def when(value: When) -> When:
        return value.replace(tzinfo=zone) if isinstance(value, datetime) and zone else value

    return _Timing(
        when(event.start),
        when(event.end),
        rrule=event.rrule,
        exdates=tuple(when(d) for d in event.exdates),
        recurrence_id=None if event.recurrence_id is None else when(event.recurrence_id),
    )


def _single(event: CalendarEvent, zone: _Zone, base: timedelta | None) -> _Timing:
    """A one-off event, or an override the caller made (a session moved to another time)."""
    rid = event.recurrence_id
    if isinstance(rid, datetime) and base is not None:
        rid = (rid - base).replace(tzinfo=RULE_ZONE)  # the instance of the UTC rule it replaces
    elif isinstance(rid, datetime):
        zone.tzid_used = True
        rid = zone.local(rid)
    return _Timing(zone.fixed(event.start), zone.fixed(event.end), recurrence_id=rid)


def _local_series(
    master: CalendarEvent, walls: list[datetime], group: list[CalendarEvent], zone: _Zone
) -> list[_Timing]:
    """A rule in the zone's wall-clock time, and a UTC override for each occurrence readers would
    place or end differently."""
    zone.tzid_used = True
    info = zone.info
    assert isinstance(master.start, datetime) and isinstance(master.end, datetime)
    length = master.end - master.start
    # a DTEND misread, or an hour shorter or longer than the wall clock says, would change every
    # occurrence's length: say DURATION instead
    uneven = _uneven(master.start, length, info)
    timings = [
        _Timing(
            zone.local(master.start),
            None if uneven else zone.local(master.end),
            duration=length if uneven else None,
            rrule=master.rrule,
            exdates=tuple(zone.local(d) for d in master.exdates),
        )
    ]
    taken = _taken(master, group)
    for wall in walls:
        if wall not in taken and _uneven(wall, length, info):
            moment = instant(wall, info).replace(tzinfo=UTC)
            timings.append(_Timing(moment, moment + length, recurrence_id=zone.local(wall)))
    return timings


def _uneven(wall: datetime, length: timedelta, zone: ZoneInfo) -> bool:
    """Whether readers would place this occurrence differently: its start or end is skipped or
    repeated, or a change of offset falls inside it (Radicale adds the length to the wall-clock
    start, RFC 5545 to the instant)."""
    end = wall + length
    return misread(wall, zone) or misread(end, zone) or instant(end, zone) - instant(wall, zone) != length


def _base_offset(walls: list[datetime], zone: ZoneInfo) -> timedelta:
    offsets = Counter(w.replace(tzinfo=zone).utcoffset() for w in walls)
    return offsets.most_common(1)[0][0] or timedelta(0)


def _utc_series(
    master: CalendarEvent, walls: list[datetime], base: timedelta, taken: set[When], info: ZoneInfo
) -> list[_Timing] | None:
    """The rule in UTC at offset ``base``, and an override for each occurrence at another offset;
    None when the rule said in UTC would not give the same occurrences."""
    from dateutil.rrule import rrulestr  # deferred: only series need it

    assert isinstance(master.start, datetime) and isinstance(master.end, datetime)
    rule_times = [(w - base).replace(tzinfo=RULE_ZONE) for w in walls]
    parts = [p for p in master.rrule.split(";") if not p.startswith("UNTIL=")]
    if "UNTIL=" in master.rrule:
        parts.append(f"UNTIL={rule_times[-1]:%Y%m%dT%H%M%SZ}")
    rrule = ";".join(parts)
    said = list(_until(rrulestr(rrule, dtstart=rule_times[0].replace(tzinfo=UTC)), rule_times[-1]))
    if said != rule_times:
        return None
    length = master.end - master.start
    timings = [
        _Timing(
            rule_times[0],
            rule_times[0] + length,
            rrule=rrule,
            exdates=tuple((d - base).replace(tzinfo=RULE_ZONE) for d in master.exdates if isinstance(d, datetime)),
        )
    ]
    for wall, rule_time in zip(walls, rule_times):
        moment = instant(wall, info).replace(tzinfo=UTC)
        if moment != rule_time and wall not in taken:
            timings.append(_Timing(moment, moment + length, recurrence_id=rule_time))
    return timings


def _vevent(event: CalendarEvent, timing: _Timing, method: str | None, stamp: datetime) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", event.uid)
    ev.add("dtstamp", stamp.astimezone(UTC))
    ev.add("sequence", event.sequence)
    if timing.recurrence_id is not None:
        _add_time(ev, "recurrence-id", timing.recurrence_id)
    _add_time(ev, "dtstart", timing.start)
    if timing.end is not None:
        _add_time(ev, "dtend", timing.end)
    if timing.duration is not None:
        ev.add("duration", timing.duration)
    if timing.rrule:
        ev.add("rrule", icalendar.vRecur.from_ical(timing.rrule))
    for day in timing.exdates:
        _add_time(ev, "exdate", day)
    ev.add("summary", event.summary)
    if event.description:
        ev.add("description", event.description)
    if event.location:
        ev.add("location", event.location)
    if event.url:
        ev.add("url", event.url)
    ev.add("status", "CANCELLED" if event.cancelled or method == "CANCEL" else "CONFIRMED")
    ev.add("organizer", _address(event.organizer))
    if method != "PUBLISH":  # RFC 5546 3.2.1: a published event has no attendees
        for person in event.attendees:
            address = _address(person)
            address.params.update(
                {"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
            )
            ev.add("attendee", address)
    if not event.cancelled and method != "CANCEL":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", for_language(event.language).gettext("Reminder: {title}").format(title=event.summary))
        alarm.add("trigger", -(ALL_DAY_REMINDER if event.all_day else REMINDER))
        ev.add_component(alarm)
    return ev


def _add_time(ev: icalendar.Event, name: str, value: When) -> None:
    if isinstance(value, datetime) and value.tzinfo is RULE_ZONE:  # icalendar would write "Z"
        ev.add(name, value.replace(tzinfo=None), parameters={"TZID": RULE_ZONE.key})
    else:
        ev.add(name, value)


def _address(who: Attendee) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{who.email}")
    if who.name:
        address.params["CN"] = who.name
    return address
