"""A month of a team lead's real use, replayed end to end against real servers on loopback.

60 people in six teams, four rituals (weekly coffee pairs, a monthly lunch in fours, a gratitude
circle every two weeks and a quarterly volunteer day, both for everyone together). Invitations go
out, then 25 changes of the kinds a lead makes (groups re-formed, two people swapped, a pause, a
departure, someone away on the day, a cancelled date, a ritual moved or dropped), each followed
by `rituals send --all` to an SMTP sink and `rituals publish --all` to Radicale. After every step:

- every person's mailbox, read as a calendar client reads it (RFC 5546: the newest SEQUENCE of
  a UID wins, a CANCEL removes it), holds exactly the events the database implies for them:
  no stale event, no duplicate, nothing missing;
- the Radicale calendar holds exactly the events the database implies;
- a second `send` sends nothing.

The expected events are worked out here from the database file alone (groups, audiences,
pauses), not by the export code.
"""

from __future__ import annotations

import dataclasses
import email
import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from email import policy
from pathlib import Path
from typing import Any

import icalendar
import pytest
from export_helpers import free_port, radicale_server
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule
from rituals.service import Service, open_service

NOW = datetime(2026, 12, 7, 9, 0)
TEAMS = ["Design", "Data", "Sales", "Ops", "People", "Product"]
LEAD = "lead@hirondelle.example"
HORIZON = 365


class Sink:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


class Client:
    """A person's calendar as a client keeps it from iTIP messages (RFC 5546 3.2)."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[int, icalendar.Event]] = {}

    def receive(self, method: str, cal: icalendar.Calendar) -> None:
        masters = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e]
        assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 1, "one UID per iTIP message"
        event = masters[0]
        uid, sequence = str(event["UID"]), int(event.get("SEQUENCE", 0))
        held = self.events.get(uid)
        if held is not None and held[0] > sequence:
            return
        if method == "CANCEL":
            self.events.pop(uid, None)
        else:
            self.events[uid] = (sequence, event)


def people() -> list[Person]:
    rng = random.Random(60)
    out = []
    for i in range(60):
        team = TEAMS[i % 6]
        out.append(
            Person(
                f"p{i:02d}@hirondelle.example",
                f"Person {i:02d}",
                team=team,
                location=rng.choice(["Paris", "Paris", "Lyon", "remote"]),
                timezone="Europe/Paris",
            )
        )
    out.append(Person(LEAD, "Lead", team="People", location="Paris", timezone="Europe/Paris"))
    return out


def rituals() -> list[Ritual]:
    def schedule(start: datetime, **kw: Any) -> Schedule:
        return Schedule(start=start, timezone="Europe/Paris", **kw)

    return [
        Ritual(
            "coffee",
            "Coffee roulette",
            "coffee-chat",
            schedule(datetime(2026, 12, 8, 10), frequency="weekly", duration=timedelta(minutes=30)),
            organizer=LEAD,
            grouping=Grouping(2, "cross-team"),
            format="remote",
        ),
        Ritual(
            "lunch",
            "Cross-team lunch",
            "lunch",
            schedule(datetime(2026, 12, 17, 12, 30), frequency="monthly", monthly_by="weekday"),
            organizer=LEAD,
            grouping=Grouping(4, "cross-team"),
            format="hybrid",
        ),
        Ritual(
            "gratitude",
            "Gratitude circle",
            "gratitude-circle",
            schedule(datetime(2026, 12, 11, 16), frequency="weekly", interval=2),
            organizer=LEAD,
        ),
        Ritual(
            "volunteer",
            "Volunteer day",
            "volunteer-day",
            schedule(
                datetime(2027, 1, 14),
                frequency="monthly",
                interval=3,
                all_day=True,
                duration=timedelta(days=1),
                monthly_by="weekday",
            ),
            organizer=LEAD,
            audience=Audience("teams", ("Design", "Data", "Sales")),
        ),
    ]


# --------------------------------------------------------------------------- what the file implies
def implied(db: Path) -> dict[str, set[tuple[Any, ...]]]:
    """Per person, the events they should hold: (ritual, day, members) for a group, (ritual,) for
    a series they attend at least once in the window. From the database file alone."""
    doc = json.loads(db.read_text(encoding="utf-8"))
    roster = {p["email"]: p for p in doc["people"].values()}
    first, last = NOW.date(), NOW.date() + timedelta(days=HORIZON)
    want: dict[str, set[tuple[Any, ...]]] = {}
    for ritual in doc["rituals"].values():
        if ritual.get("status", "active") != "active":
            continue
        if ritual["grouping"]["size"]:
            for s in doc["sessions"].values():
                day = date.fromisoformat(s["start"][:10])
                if s["ritual_id"] == ritual["id"] and s.get("status") != "cancelled" and first <= day < last:
                    for group in s["groups"]:
                        for member in group:
                            want.setdefault(member, set()).add((ritual["id"], day, frozenset(group)))
            continue
        days = series_days(ritual, first, last, doc)
        for email_, person in roster.items():
            if in_audience(ritual, person) and not paused_throughout(person, days):
                want.setdefault(email_, set()).add((ritual["id"],))
    return want


def series_days(ritual: dict[str, Any], first: date, last: date, doc: dict[str, Any]) -> list[date]:
    from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays  # a second reading of the rule

    s = ritual["schedule"]
    start = datetime.fromisoformat(s["start"])
    kw: dict[str, Any] = {
        "interval": s.get("interval", 1),
        "dtstart": start,
        "until": datetime.combine(last, start.time()),
    }
    if s["frequency"] == "monthly" and s.get("monthly_by") == "weekday":
        n = (start.day - 1) // 7 + 1
        kw["byweekday"] = weekdays[start.weekday()](-1 if n == 5 else n)
    days = [d.date() for d in rrule(WEEKLY if s["frequency"] == "weekly" else MONTHLY, **kw) if d.date() >= first]
    cancelled = {
        date.fromisoformat(x["start"][:10])
        for x in doc["sessions"].values()
        if x["ritual_id"] == ritual["id"] and x.get("status") == "cancelled"
    }
    return [d for d in days if d not in cancelled]


def in_audience(ritual: dict[str, Any], person: dict[str, Any]) -> bool:
    kind, members = ritual["audience"]["kind"], ritual["audience"]["members"]
    return kind == "all" or (kind == "teams" and person["team"] in members) or person["email"] in members


def paused_throughout(person: dict[str, Any], days: list[date]) -> bool:
    until = person.get("paused_until")
    return bool(days) and until is not None and all(d <= date.fromisoformat(until) for d in days)


def held(client: Client, titles: dict[str, str]) -> set[tuple[Any, ...]]:
    out = set()
    for _, event in client.events.values():
        ritual = titles[str(event["SUMMARY"]).split(" (group")[0]]
        if "RRULE" in event:
            out.add((ritual,))
        else:
            start = event["DTSTART"].dt
            members = frozenset(str(a).removeprefix("mailto:").lower() for a in event.get("ATTENDEE", []))
            out.add((ritual, start.date() if isinstance(start, datetime) else start, members))
    return out


# --------------------------------------------------------------------------- the changes
# every kind of change at least twice (one ritual dropped is plenty), in a shuffled order, after
# two steps that plan and swap
_KINDS = ["reform", "swap", "absent", "pause", "remove", "cancel", "plan", "move"] * 2 + [
    "absent",
    "pause",
    "swap",
    "plan",
    "reform",
    "cancel",
]
random.Random(2026).shuffle(_KINDS)
MONTH = ["plan", "swap", *_KINDS[:22], "drop"]


def change(svc: Service, rng: random.Random, step: int, log: list[str]) -> None:
    kind = MONTH[step - 1]
    planned = [s for s in svc.sessions.all(status="planned") if s.groups and s.day >= NOW.date()]
    active = [p for p in svc.people.all() if p.email != LEAD]
    if kind in ("reform", "swap", "cancel", "absent") and not planned:
        kind = "plan"
    if kind == "reform":
        session = rng.choice(planned)
        preview = svc.rotation.preview(session.ritual_id, session.day, seed=step)
        svc.rotation.commit(preview)
    elif kind == "swap":
        session = rng.choice([s for s in planned if len(s.groups) >= 2])
        a, b = rng.sample(range(len(session.groups)), 2)
        x, y = session.groups[a][0], session.groups[b][0]
        svc.rotation.regroup(session.id, {x: b, y: a})
    elif kind == "absent":  # only their group is re-formed
        session = rng.choice(planned)
        svc.repair.mark_absent(session.id, [rng.choice(session.members)])
    elif kind == "pause":
        who = rng.choice(active)
        svc.people.pause(who.email, NOW.date() + timedelta(days=rng.choice([10, 30, 70, 400])))
    elif kind == "remove":
        svc.people.remove(rng.choice(active).email)
    elif kind == "cancel":
        svc.sessions.cancel(rng.choice(planned).id)
    elif kind == "plan":
        ritual = rng.choice(["coffee", "coffee", "lunch"])
        svc.rotation.commit(svc.rotation.preview(ritual, rounds=rng.choice([1, 2]), seed=step))
    elif kind == "move":
        from rituals.service.rituals import spec_of

        ritual = svc.rituals.get("gratitude")
        spec = dataclasses.replace(spec_of(ritual), start=f"2026-12-11T{rng.choice(['15:00', '16:00', '17:30'])}")
        svc.rituals.edit("gratitude", spec)
    elif kind == "drop":
        dropped = [r for r in svc.rituals.all() if r.id in ("volunteer", "lunch")]
        if dropped:
            svc.rituals.remove(rng.choice(dropped).id)
    log.append(kind)


# --------------------------------------------------------------------------- the month
@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, f"127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def test_a_month_of_changes_keeps_every_calendar_exact(tmp_path: Path, smtp, monkeypatch, capsys) -> None:
    import caldav

    sink, server = smtp
    monkeypatch.setenv("RITUALS_NOW", NOW.isoformat(timespec="minutes"))
    db = tmp_path / "rituals.json"
    svc = open_service(db, clock=lambda: NOW, seed=1)
    with svc.store.transaction() as tx:
        for person in people():
            tx.put_person(person)
        for ritual in rituals():
            tx.put_ritual(ritual)
    svc.rotation.commit(svc.rotation.preview("coffee", rounds=3))
    svc.rotation.commit(svc.rotation.preview("lunch", rounds=1))
    titles = {r.title: r.id for r in rituals()}
    clients: dict[str, Client] = {}
    rng = random.Random(2026)
    log: list[str] = []
    counts: Counter[str] = Counter()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.output

    with radicale_server(tmp_path / "radicale") as dav:
        with caldav.DAVClient(url=dav, username="lead", password="x") as client:
            calendar = client.principal().make_calendar(name="team", cal_id="team")
            url = str(calendar.url)
            for step in range(26):
                if step:
                    change(svc, rng, step, log)
                seen = len(sink.envelopes)
                run("send", "--all", "--smtp", server)
                for envelope in sink.envelopes[seen:]:
                    message = email.message_from_bytes(envelope.content, policy=policy.default)
                    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
                    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                    counts[str(cal["METHOD"])] += 1
                    for rcpt in envelope.rcpt_tos:
                        clients.setdefault(rcpt.lower(), Client()).receive(str(cal["METHOD"]), cal)
                run("publish", "--all", "--caldav", url)
                want = implied(db)
                for person in set(want) | set(clients):
                    mine = held(clients.get(person, Client()), titles)
                    assert mine == want.get(person, set()), (
                        step,
                        log[-1:],
                        person,
                        sorted(mine ^ want.get(person, set()), key=str)[:4],
                    )
                    days = Counter(k[:2] for k in mine if len(k) == 3)
                    assert max(days.values(), default=0) <= 1, (step, person, "two events for one session")
                on_server = Counter()
                for obj in calendar.events():
                    event = icalendar.Calendar.from_ical(obj.data).walk("VEVENT")[0]
                    start = event["DTSTART"].dt
                    start = start.replace(tzinfo=None) if isinstance(start, datetime) else start
                    members = frozenset(str(a).removeprefix("mailto:").lower() for a in event.get("ATTENDEE", []))
                    ritual = titles[str(event["SUMMARY"]).split(" (group")[0]]
                    on_server[(ritual,) if "RRULE" in event else (ritual, start, members)] += 1
                expected_objects = {
                    k if len(k) == 1 else (k[0], datetime.combine(k[1], _start_time(svc, k[0])), k[2])
                    for keys in want.values()
                    for k in keys
                }
                assert set(on_server) == expected_objects and max(on_server.values()) == 1, (step, log[-1:])
                assert "up to date" in run("send", "--all", "--smtp", server)
                counts["steps"] += 1
    held_events = sum(len(c.events) for c in clients.values())
    with capsys.disabled():
        print(
            f"\nliving month: {counts['steps'] - 1} changes ({dict(Counter(log))}), "
            f"{counts['REQUEST']} REQUEST and {counts['CANCEL']} CANCEL messages, "
            f"{held_events} events held by {len(clients)} people, 0 stale, 0 duplicates"
        )


def _start_time(svc: Service, ritual_id: str):
    return svc.rituals.get(ritual_id).schedule.start.time()
