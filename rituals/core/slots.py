"""Finding a group its own time: the earliest (or best-spread) slot of a window when everyone in
it is free, across time zones; and, when there is none, why and the nearest options.

Pure: each person's busy times arrive as UTC intervals already read (``rituals.service.busy``
reads calendars; the plan's own sessions are added by ``rituals.service.slots``). A person is
free when the slot lies inside one day's working span (`WorkHours`, in their own zone, not on a
public holiday of theirs) and meets none of their busy intervals.

Candidate starts are every quarter of an hour of the window, from its opening time to the last
start that ends by its closing time, on each day of its span (wall-clock in the ritual's zone).
"earliest" takes the first candidate everyone can make; "spread" the one with the most room
around it: the largest, over candidates, of the smallest gap (over the group) between the slot
and that person's nearest busy time or end of working span; ties go to the earlier.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.hours import WorkHours, in_zone, to_utc
from rituals.core.models import SLOT_PREFERENCES, SLOT_SPANS, Slot, SlotPreference
from rituals.locale import N_, _, ngettext

STEP = timedelta(minutes=15)
Interval = tuple[datetime, datetime]  # aware UTC, [start, end)
# why someone cannot make a start: said as is in English, translated where shown (``_(why)``)
OUTSIDE, HOLIDAY, BUSY = N_("outside their hours"), N_("on a public holiday"), N_("busy")
_WINDOW = re.compile(
    r"^(day|week|\d{1,2}d)\s+(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?(?:\s+(earliest|spread))?$"
)


def parse_window(text: str) -> tuple[str, str, str, SlotPreference | None]:
    """ "week 10:00-16:00" (optionally followed by earliest or spread) -> span, earliest,
    latest, preference (None when not said)."""
    match = _WINDOW.match(" ".join(text.strip().lower().split()))
    if not match:
        raise InvalidInput(
            _("bad window {text!r}: write SPAN HH:MM-HH:MM, e.g. 'week 10:00-16:00' (span: {slot_spans})").format(
                text=text, slot_spans=SLOT_SPANS
            )
        )
    span, h1, m1, h2, m2, prefer = match.groups()
    first, last = int(h1) * 60 + int(m1 or 0), int(h2) * 60 + int(m2 or 0)
    if int(m1 or 0) > 59 or int(m2 or 0) > 59 or last > 24 * 60 or first >= last:
        raise InvalidInput(
            _("bad window {text!r}: the times must be within one day, the first before the last").format(text=text)
        )
    if span.endswith("d") and not 1 <= int(span[:-1]) <= 14:
        raise InvalidInput(_("bad window {text!r}: a window spans 1 to 14 days").format(text=text))
    chosen = prefer if prefer in SLOT_PREFERENCES else None  # what the pattern lets through, typed
    return span, f"{first // 60:02d}:{first % 60:02d}", f"{last // 60:02d}:{last % 60:02d}", chosen


def window_days(slot: Slot, day: date) -> list[date]:
    """The days of ``slot``'s window around a session's date."""
    if slot.span == "day":
        return [day]
    if slot.span == "week":
        monday = day - timedelta(days=day.weekday())
        return [monday + timedelta(days=n) for n in range(7)]
    return [day + timedelta(days=n) for n in range(int(slot.span[:-1]))]


def _minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:])


def candidates(
    slot: Slot, days: Iterable[date], zone: str, length: timedelta, not_before: datetime | None = None
) -> list[datetime]:
    """Every start (aware UTC) of the window on ``days``: each quarter of an hour from the opening
    time, ending by the closing time, wall-clock in ``zone``; none before ``not_before``."""
    found: set[datetime] = set()
    first, last = _minutes(slot.earliest), _minutes(slot.latest)
    for day in days:
        midnight = datetime.combine(day, time())
        minute = first
        while minute * 60 + length.total_seconds() <= last * 60:
            start = to_utc(midnight + timedelta(minutes=minute), zone)
            if not_before is None or start >= not_before:
                found.add(start)
            minute += int(STEP.total_seconds() // 60)
    return sorted(found)


# --------------------------------------------------------------------------- one person
@frozen
class Availability:
    """When one person can meet: their working spans (one per working day, not merged: a
    meeting stays within one day) and their busy times, merged; both sorted, aware UTC."""

    email: str
    name: str
    zone: str
    open: tuple[Interval, ...]
    busy: tuple[Interval, ...]
    off: tuple[Interval, ...] = ()  # the spans they would work but for a public holiday

    def free(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) lies in one working span and meets no busy time."""
        i = bisect_right(self.open, start, key=_start) - 1  # the last span opening by start
        if i < 0 or self.open[i][1] < end:
            return False
        j = bisect_right(self.busy, start, key=_end)  # the first busy time ending after start
        return j == len(self.busy) or self.busy[j][0] >= end

    def obstacle(self, start: datetime, end: datetime) -> str:
        """ "" when [start, end) suits them, else why not (`OUTSIDE`, `HOLIDAY` or `BUSY`)."""
        i = bisect_right(self.open, start, key=_start) - 1
        if i < 0 or self.open[i][1] < end:
            k = bisect_right(self.off, start, key=_start) - 1
            return HOLIDAY if k >= 0 and end <= self.off[k][1] else OUTSIDE
        return "" if self.free(start, end) else BUSY

    def margin(self, start: datetime, end: datetime) -> timedelta:
        """The room around a free slot: to the nearest busy time or edge of the working span."""
        i = bisect_right(self.open, start, key=_start) - 1
        left, right = self.open[i]
        j = bisect_right(self.busy, start, key=_end)
        if j > 0:
            left = max(left, self.busy[j - 1][1])
        if j < len(self.busy):
            right = min(right, self.busy[j][0])
        return min(start - left, right - end)


def _start(interval: Interval) -> datetime:
    return interval[0]


def _end(interval: Interval) -> datetime:
    return interval[1]


def availability(
    email: str,
    name: str,
    zone: str,
    hours: WorkHours,
    days: Iterable[date],
    busy: Iterable[Interval],
    holidays: Iterable[date] = (),
) -> Availability:
    """One person's `Availability` over ``days`` (their own local days), from their working
    hours, the public holidays they have off and their busy times."""
    off = frozenset(holidays)
    spans: list[Interval] = []
    closed: list[Interval] = []
    for day in sorted(set(days)):
        span = hours.on(day.weekday())
        if span is None:
            continue
        midnight = datetime.combine(day, time())
        utc = (to_utc(midnight + timedelta(minutes=span[0]), zone), to_utc(midnight + timedelta(minutes=span[1]), zone))
        (closed if day in off else spans).append(utc)
    return Availability(email, name, zone, tuple(spans), merge(busy), tuple(closed))


def merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Overlapping or touching intervals joined; empty ones dropped; sorted."""
    out: list[list[datetime]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


# --------------------------------------------------------------------------- a group
@frozen
class Option:
    """A start to offer when no slot suits everyone: who cannot make it, and why."""

    start: datetime
    unavailable: tuple[tuple[str, str], ...] = ()  # (name, why)


@frozen
class Choice:
    """The slot found for a group (aware UTC), or None with why and the nearest options."""

    start: datetime | None
    why: str = ""
    options: tuple[Option, ...] = ()


def choose(
    people: Sequence[Availability],
    starts: Sequence[datetime],
    length: timedelta,
    prefer: str = "earliest",
    later: Sequence[datetime] = (),
    offered: int = 3,
) -> Choice:
    """The group's slot among ``starts`` (see the module docstring). With none, the ``offered``
    starts the fewest people miss, then the first start of ``later`` (the next windows) that
    suits everyone, if any."""
    if not starts:
        return Choice(None, _("no time of the window is left"))
    free = []
    for start in starts:
        if all(p.free(start, start + length) for p in people):
            if prefer != "spread" or not people:
                return Choice(start)
            free.append(start)
    if free:
        return Choice(max(free, key=lambda s: (min(p.margin(s, s + length) for p in people), -s.timestamp())))
    scored = [(s, tuple((p.name, why) for p in people if (why := p.obstacle(s, s + length)))) for s in starts]
    nearest = sorted(scored, key=lambda item: (len(item[1]), item[0]))[:offered]
    options = [Option(s, blocked) for s, blocked in sorted(nearest)]
    after = next((s for s in later if all(p.free(s, s + length) for p in people)), None)
    if after is not None:
        options.append(Option(after))
    return Choice(None, _why_none(people, scored), tuple(options))


def _why_none(people: Sequence[Availability], scored: list[tuple[datetime, tuple[tuple[str, str], ...]]]) -> str:
    hours_meet = [s for s, blocked in scored if all(why == BUSY for _, why in blocked)]
    if hours_meet:
        return ngettext(
            "their working hours meet at {n} start of the window, but someone is busy then",
            "their working hours meet at {n} starts of the window, but someone is busy at each",
            len(hours_meet),
        ).format(n=len(hours_meet))
    never = [p.name for p in people if all((p.name, OUTSIDE) in b or (p.name, HOLIDAY) in b for _, b in scored)]
    if never:
        return _("no time of the window is within the working hours of {names}").format(names=", ".join(never))
    return _("no time of the window is within everyone's working hours at once")


def never_meet(
    people: Sequence[tuple[str, str, WorkHours]], starts: Sequence[datetime], length: timedelta
) -> list[tuple[str, str]]:
    """The pairs of ``people`` (e-mail, zone, hours) whose working hours share none of
    ``starts``: a group holding both could find no time. Someone within their hours at none
    of the starts is in no pair (keeping them from everyone would leave them no group)."""
    masks = []
    for email, zone, hours in people:
        mask = 0
        for n, start in enumerate(starts):
            if hours.covers(in_zone(start, zone), in_zone(start + length, zone)):
                mask |= 1 << n
        masks.append((email, mask))
    return [(a, b) for i, (a, ma) in enumerate(masks) if ma for b, mb in masks[i + 1 :] if mb and not ma & mb]
