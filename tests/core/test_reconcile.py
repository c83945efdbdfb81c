"""Reconciling calendars with the plan: after any sequence of plans, every person's calendar
(a model of a calendar client applying iTIP messages) holds exactly the events the plan gives
them, with no stale and no duplicate event, and a second run sends nothing."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.core.ical.events import Attendee, CalendarEvent
from rituals.core.ical.reconcile import Held, Issued, reconcile

ORGANIZER = Attendee("lead@example.org", "Lead")
PEOPLE = [f"p{i}@example.org" for i in range(8)]


def group_event(day: int, index: int, members: list[str], hour: int = 10) -> CalendarEvent:
    start = datetime(2027, 1, 4 + 7 * day, hour)
    return CalendarEvent(
        uid=f"uid-{day}-{index}",
        name=f"coffee-{day}-g{index}",
        ritual_id="coffee",
        summary="Coffee",
        start=start,
        end=start + timedelta(minutes=30),
        timezone="Europe/Paris",
        organizer=ORGANIZER,
        attendees=tuple(Attendee(e) for e in members),
    )


def series(attendees: list[str], paused: dict[str, tuple[date, ...]]) -> CalendarEvent:
    start = datetime(2027, 1, 7, 12)
    return CalendarEvent(
        uid="uid-lunch",
        name="lunch",
        ritual_id="lunch",
        summary="Lunch",
        start=start,
        end=start + timedelta(hours=1),
        timezone="Europe/Paris",
        organizer=ORGANIZER,
        attendees=tuple(Attendee(e) for e in attendees),
        rrule="FREQ=WEEKLY;COUNT=6",
        exdates_for=tuple((e, tuple(datetime.combine(d, start.time()) for d in days)) for e, days in paused.items()),
    )


class Client:
    """A calendar client as RFC 5546 describes it: keeps the newest SEQUENCE of each UID."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[int, tuple[CalendarEvent, ...]]] = {}

    def receive(self, method: str, events: tuple[CalendarEvent, ...]) -> None:
        uid, sequence = events[0].uid, events[0].sequence
        held = self.events.get(uid)
        if held is not None and held[0] > sequence:
            return  # an older message arriving late changes nothing
        if method == "CANCEL":
            self.events.pop(uid, None)
        else:
            self.events[uid] = (sequence, events)


def expected(events: list[CalendarEvent], email: str) -> dict[str, tuple]:
    """What ``email`` should hold, worked out here: each event they attend, with their exdates."""
    out = {}
    for e in events:
        if e.cancelled or email not in {a.email for a in e.attendees}:
            continue
        mine = dict(e.exdates_for).get(email, ())
        out[e.uid] = (e.start, tuple(sorted(a.email for a in e.attendees)), tuple(sorted({*e.exdates, *mine})))
    return out


def seen(client: Client) -> dict[str, tuple]:
    return {
        uid: (ev[0].start, tuple(sorted(a.email for a in ev[0].attendees)), tuple(sorted(ev[0].exdates)))
        for uid, (_, ev) in client.events.items()
    }


def random_plan(rng: random.Random) -> list[CalendarEvent]:
    events = []
    for day in range(3):
        if rng.random() < 0.2:
            continue  # that date was dropped
        present = [p for p in PEOPLE if rng.random() > 0.15]
        rng.shuffle(present)
        groups = [present[i : i + 2] for i in range(0, len(present) - 1, 2)]
        if len(present) % 2 and groups:
            groups[-1].append(present[-1])
        hour = rng.choice([10, 10, 10, 11])
        events += [group_event(day, i, g, hour) for i, g in enumerate(groups, 1)]
        if rng.random() < 0.1 and events:
            events[-1] = replace(events[-1], cancelled=True)  # that group's session was cancelled
    if rng.random() < 0.8:
        audience = [p for p in PEOPLE if rng.random() > 0.1]
        paused = {p: (date(2027, 1, 7), date(2027, 1, 14)) for p in audience if rng.random() < 0.2}
        events.append(series(audience, paused))
    return events


@settings(max_examples=100)
@given(seed=st.integers(0, 10**6), steps=st.integers(1, 8))
def test_every_calendar_holds_exactly_the_plan_after_every_step(seed: int, steps: int) -> None:
    rng = random.Random(seed)
    clients = {p: Client() for p in PEOPLE}
    held: dict[str, Held] = {}
    issued: dict[str, Issued] = {}
    for _ in range(steps):
        plan = random_plan(rng)
        outbox = reconcile(plan, held, issued)
        for delivery in outbox.deliveries:
            assert len({e.uid for e in delivery.events}) == 1
            for email in delivery.recipients:
                clients[email].receive(delivery.method, delivery.events)
        held, issued = outbox.held, outbox.issued
        for email, client in clients.items():
            assert seen(client) == expected(plan, email), email
        again = reconcile(plan, held, issued)
        assert again.deliveries == ()
        assert again.up_to_date == len({e.uid for e in plan if not e.cancelled} | set(held))


def test_moving_one_person_cancels_their_old_group_and_updates_both_groups() -> None:
    a, b, c, d = PEOPLE[:4]
    first = reconcile([group_event(0, 1, [a, b]), group_event(0, 2, [c, d])], {}, {})
    assert [(x.method, x.recipients) for x in first.deliveries] == [("REQUEST", (a, b)), ("REQUEST", (c, d))]
    # a is absent: b joins c and d
    second = reconcile([group_event(0, 2, [c, d, b])], first.held, first.issued)
    sent = {(x.method, x.uid): x for x in second.deliveries}
    assert sent["CANCEL", "uid-0-1"].recipients == (a, b)  # group 1 is gone for both
    assert sent["REQUEST", "uid-0-2"].recipients == (b, c, d)
    assert sent["REQUEST", "uid-0-2"].events[0].sequence == 1
    assert sent["CANCEL", "uid-0-1"].events[0].sequence == 1


def test_a_paused_person_gets_the_series_without_their_dates_and_others_get_nothing() -> None:
    a, b, c = PEOPLE[:3]
    first = reconcile([series([a, b, c], {})], {}, {})
    assert len(first.deliveries) == 1 and first.deliveries[0].recipients == (a, b, c)
    second = reconcile([series([a, b, c], {a: (date(2027, 1, 14),)})], first.held, first.issued)
    assert [(x.method, x.recipients) for x in second.deliveries] == [("REQUEST", (a,))]
    assert datetime(2027, 1, 14, 12) in second.deliveries[0].events[0].exdates
    assert second.deliveries[0].events[0].sequence == 1


def test_a_removed_event_is_cancelled_from_its_snapshot() -> None:
    a, b = PEOPLE[:2]
    first = reconcile([group_event(1, 1, [a, b])], {}, {})
    gone = reconcile([], first.held, first.issued)
    (cancel,) = gone.deliveries
    assert cancel.method == "CANCEL" and cancel.recipients == (a, b)
    assert cancel.events[0].start == datetime(2027, 1, 11, 10) and cancel.events[0].sequence == 1
    assert gone.held == {}


def test_scope_leaves_other_rituals_alone() -> None:
    a, b = PEOPLE[:2]
    first = reconcile([group_event(0, 1, [a, b]), series([a, b], {})], {}, {})
    only_coffee = reconcile([group_event(0, 1, [a, b])], first.held, first.issued, scope={"uid-0-1"})
    assert only_coffee.deliveries == ()
    assert set(only_coffee.held) == {"uid-0-1", "uid-lunch"}
