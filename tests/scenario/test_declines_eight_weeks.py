"""Eight weeks of weekly coffee pairs for 40 people, answered by e-mail, end to end.

Each week, every member of that week's session answers the invite their mailbox holds (their
client writes a REPLY with the UID and SEQUENCE it received): 80% accept, 10% decline, 10% say
nothing, drawn at random. `rituals replies MAILDIR --yes` records the answers and repairs the
declines; `rituals send --all` (to an SMTP sink on loopback) delivers the new invites; people
moved to a new group answer that one too. After the session, `rituals replies` gives it its
attendance. Checked, after every step, from outside the code:

- nobody is left alone in a planned group, and nobody who declined is still in one;
- every attendee's mailbox (RFC 5546: newest SEQUENCE wins, CANCEL removes) holds exactly the
  events the database file implies for them;
- at the end, `report --format json`'s answers and participation equal a count kept here of
  what everyone answered.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
from reply_helpers import maildir, smtp
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.models import Audience, Grouping, Person, Ritual, Schedule
from rituals.service import open_service

__all__ = ["smtp"]
TEAMS = ["Design", "Data", "Sales", "Ops"]
LEAD = "lead@hirondelle.example"
FIRST = date(2027, 3, 2)  # a Tuesday; the coffee is at 10:00
WEEKS = 8


class Client:
    """A person's calendar as a client keeps it from iTIP messages (RFC 5546 3.2)."""

    def __init__(self) -> None:
        self.events: dict[str, tuple[int, icalendar.Event]] = {}

    def receive(self, method: str, cal: icalendar.Calendar) -> None:
        event = next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e)
        uid, sequence = str(event["UID"]), int(event.get("SEQUENCE", 0))
        if uid in self.events and self.events[uid][0] > sequence:
            return
        if method == "CANCEL":
            self.events.pop(uid, None)
        else:
            self.events[uid] = (sequence, event)

    def holds(self) -> set[tuple[date, frozenset[str]]]:
        return {
            (e["DTSTART"].dt.date(), frozenset(str(a).removeprefix("mailto:").lower() for a in e["ATTENDEE"]))
            for _, e in self.events.values()
        }


def answer(uid: str, sequence: int, who: str, status: str, stamp: datetime) -> bytes:
    ics = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//scenario//EN",
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SEQUENCE:{sequence}",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"ATTENDEE;PARTSTAT={status}:mailto:{who}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    return (
        f"From: {who}\r\nTo: {LEAD}\r\nSubject: {status.title()}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/calendar; method=REPLY; charset=utf-8\r\n\r\n{ics}"
    ).encode()


def implied(db: Path) -> dict[str, set[tuple[date, frozenset[str]]]]:
    """Per person, the events the database file says they hold: their group of each session."""
    doc = json.loads(db.read_text(encoding="utf-8"))
    want: dict[str, set[tuple[date, frozenset[str]]]] = {}
    for s in doc["sessions"].values():
        if s.get("status") != "cancelled":
            for group in s["groups"]:
                for member in group:
                    want.setdefault(member, set()).add((date.fromisoformat(s["start"][:10]), frozenset(group)))
    return want


def check_plan(db: Path, declined: dict[date, set[str]], clients: dict[str, Client]) -> None:
    doc = json.loads(db.read_text(encoding="utf-8"))
    for s in doc["sessions"].values():
        if s.get("status") == "planned":
            day = date.fromisoformat(s["start"][:10])
            assert all(len(g) >= 2 for g in s["groups"]), (day, "someone alone")
            assert not {e for g in s["groups"] for e in g} & declined.get(day, set()), (day, "a decliner kept")
    want = implied(db)
    for person in set(want) | set(clients):
        assert clients.get(person, Client()).holds() == want.get(person, set()), person


def test_eight_weeks_of_answers_and_declines(tmp_path: Path, smtp, monkeypatch) -> None:
    import email
    from email import policy

    sink, server = smtp
    db = tmp_path / "rituals.json"
    clock = {"now": datetime.combine(FIRST - timedelta(days=7), datetime.min.time().replace(hour=9))}
    svc = open_service(db, clock=lambda: clock["now"], seed=3)
    people = [
        Person(f"p{i:02d}@hirondelle.example", f"Person {i:02d}", team=TEAMS[i % 4], timezone="Europe/Paris")
        for i in range(40)
    ] + [Person(LEAD, "Lead", team="Ops", timezone="Europe/Paris")]
    coffee = Ritual(
        "coffee",
        "Coffee roulette",
        "coffee-chat",
        Schedule(
            datetime.combine(FIRST, datetime.min.time().replace(hour=10)),
            "Europe/Paris",
            timedelta(minutes=30),
            "weekly",
            count=WEEKS,
        ),
        organizer=LEAD,
        grouping=Grouping(2, "cross-team"),
        format="remote",
        audience=Audience("people", tuple(p.email for p in people[:40])),
    )
    with svc.store.transaction() as tx:
        for person in people:
            tx.put_person(person)
        tx.put_ritual(coffee)
    svc.rotation.commit(svc.rotation.preview("coffee", rounds=WEEKS, time_limit=2.0))
    rng = random.Random(20)
    clients: dict[str, Client] = {}
    runner = CliRunner()
    seen = [0]

    def run(*args: str) -> str:
        monkeypatch.setenv("RITUALS_NOW", clock["now"].isoformat(timespec="minutes"))
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.output

    def send() -> None:
        run("send", "--all", "--smtp", server)
        for envelope in sink.envelopes[seen[0] :]:
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
            cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            for rcpt in envelope.rcpt_tos:
                clients.setdefault(rcpt.lower(), Client()).receive(str(cal["METHOD"]), cal)
        seen[0] = len(sink.envelopes)

    send()
    decided: dict[tuple[date, str], str] = {}  # what each person answered for each week: the independent count
    declined: dict[date, set[str]] = {}
    answered_seq: dict[tuple[str, str], int] = {}
    box_index = 0
    for week in range(WEEKS):
        day = FIRST + timedelta(weeks=week)
        clock["now"] = datetime.combine(day - timedelta(days=1), datetime.min.time().replace(hour=9))
        for _ in range(4):  # answer, repair, send, and again for whoever was moved
            mail = []
            for person, client in sorted(clients.items()):
                for uid, (sequence, event) in client.events.items():
                    if event["DTSTART"].dt.date() != day or answered_seq.get((person, uid), -1) >= sequence:
                        continue
                    choice = decided.setdefault(
                        (day, person), rng.choices(["ACCEPTED", "DECLINED", "SILENT"], [8, 1, 1])[0]
                    )
                    answered_seq[(person, uid)] = sequence
                    if choice == "SILENT":
                        continue
                    if choice == "DECLINED":
                        declined.setdefault(day, set()).add(person)
                    mail.append(answer(uid, sequence, person, choice, clock["now"] + timedelta(minutes=len(mail))))
            if not mail:
                break
            box = maildir(tmp_path / f"box{box_index}", mail)
            box_index += 1
            out = run("replies", str(box), "--yes")
            assert " 0 ignored," in out, out
            send()
            check_plan(db, declined, clients)
        clock["now"] = datetime.combine(day, datetime.min.time().replace(hour=11))
        run("replies")  # after the session: its attendance from the answers
        session = svc.store.session(f"coffee@{day.isoformat()}")
        accepted = {p for (d, p), s in decided.items() if d == day and s == "ACCEPTED"}
        assert session.status == "held" and set(session.attended) == accepted & set(session.members), week
    check_plan(db, declined, clients)
    report = json.loads(
        run(
            "report",
            "--format",
            "json",
            "--from",
            FIRST.isoformat(),
            "--to",
            (FIRST + timedelta(weeks=WEEKS)).isoformat(),
        )
    )
    counted = Counter(s for s in decided.values())
    total = report["responses"]["total"]
    invited = sum(1 for _ in decided)  # everyone who was sent an invite for a week answered it or stayed silent
    assert (total["invited"], total["accepted"], total["declined"], total["no_answer"]) == (
        invited,
        counted["ACCEPTED"],
        counted["DECLINED"],
        counted["SILENT"],
    )
    by_team = {t["key"]: t for t in report["responses"]["teams"]}
    for team in TEAMS:
        mine = Counter(s for (d, p), s in decided.items() if people[int(p[1:3])].team == team)
        assert (by_team[team]["accepted"], by_team[team]["declined"]) == (mine["ACCEPTED"], mine["DECLINED"])
    came = Counter(p for (d, p), s in decided.items() if s == "ACCEPTED")
    for row in report["participation"]["people"]:
        assert row["attended"] == came[row["email"]], row
    assert len(report["responses"]["trend"]) == WEEKS
    assert sum(len(v) for v in declined.values()) > 0
