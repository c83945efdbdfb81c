"""Reading a big mailbox: `rituals replies` over a 10,000-message maildir.

The maildir is what a lead's mail folder looks like: mostly other mail (newsletters, threads,
some with attachments of a few hundred kilobytes), and among it the answers to a 200-person
weekly coffee's invites (Outlook-, Google- and Thunderbird-shaped REPLYs) and a few odd ones.
Printed: the time to read it and record the answers, messages per second, and the peak memory
Python allocated while reading (tracemalloc), beside the maildir's size on disk: messages are
read one at a time, so the peak stays far below the folder's size.

    python benchmarks/replies.py
    python benchmarks/replies.py --messages 20000 --answers 0.1
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rituals.core.ical.events import event_uid  # noqa: E402
from rituals.core.models import Grouping, Person, Ritual, Schedule, Session  # noqa: E402
from rituals.service import open_service  # noqa: E402

NOW = datetime(2027, 3, 1, 9, 0)
LEAD = "lead@big.example"
FIRST = date(2027, 3, 2)


def build_db(path: Path, people: int, weeks: int, rng: random.Random) -> tuple[list[Session], list[str]]:
    svc = open_service(path, clock=lambda: NOW, seed=1)
    emails = [f"p{i:04d}@big.example" for i in range(people)]
    coffee = Ritual(
        "coffee",
        "Coffee roulette",
        "coffee-chat",
        Schedule(
            datetime.combine(FIRST, datetime.min.time().replace(hour=10)),
            "Europe/Paris",
            timedelta(minutes=30),
            "weekly",
        ),
        organizer=LEAD,
        grouping=Grouping(2),
    )
    sessions = []
    for week in range(weeks):
        shuffled = rng.sample(emails, len(emails))
        groups = tuple(tuple(shuffled[k : k + 2]) for k in range(0, len(shuffled), 2))
        start = datetime.combine(FIRST + timedelta(weeks=week), datetime.min.time().replace(hour=10))
        sessions.append(Session("coffee", start, groups))
    with svc.store.transaction() as tx:
        for i, email in enumerate(emails):
            tx.put_person(Person(email, f"Person {i}", team=f"Team {i % 8}", timezone="Europe/Paris"))
        tx.put_person(Person(LEAD, "Lead", team="People"))
        tx.put_ritual(coffee)
        for session in sessions:
            tx.put_session(session)
    return sessions, emails


def an_answer(session: Session, rng: random.Random, stamp: datetime) -> bytes:
    number = rng.randrange(len(session.groups))
    who = rng.choice(session.groups[number])
    uid = event_uid("coffee", session.day, number + 1)
    status = rng.choice(["ACCEPTED"] * 8 + ["DECLINED", "TENTATIVE"])
    ics = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//bench//EN",
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "SEQUENCE:0",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"ATTENDEE;PARTSTAT={status};CN=Someone:mailto:{who}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    encoded = base64.encodebytes(ics.encode()).decode()
    return (
        f"From: <{who}>\r\nTo: {LEAD}\r\nSubject: {status.title()}: Coffee roulette\r\n"
        f"Date: {stamp:%a, %d %b %Y %H:%M:%S} +0000\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
        f"{who} has {status.lower()} this invitation.\r\n--b\r\n"
        "Content-Type: text/calendar; charset=utf-8; method=REPLY\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{encoded}--b--\r\n"
    ).encode()


def other_mail(i: int, rng: random.Random) -> bytes:
    body = " ".join(
        rng.choice(("team", "update", "lunch", "report", "numbers", "weekly", "hello"))
        for _ in range(rng.randrange(200, 3000))
    )
    attachment = ""
    if rng.random() < 0.05:  # one in twenty carries a document of a few hundred kilobytes
        blob = base64.encodebytes(rng.randbytes(rng.randrange(100_000, 600_000))).decode()
        attachment = f"--m\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{blob}"
    return (
        f"From: news{i % 50}@elsewhere.example\r\nTo: {LEAD}\r\nSubject: Newsletter {i}\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n'
        f"--m\r\nContent-Type: text/plain\r\n\r\n{body}\r\n{attachment}--m--\r\n"
    ).encode()


def write_maildir(root: Path, messages: int, share: float, sessions: list[Session], rng: random.Random) -> int:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    total = 0
    for i in range(messages):
        stamp = NOW + timedelta(seconds=i)
        data = an_answer(rng.choice(sessions), rng, stamp) if rng.random() < share else other_mail(i, rng)
        (root / "cur" / f"{1700000000 + i}.M{i}P1.bench:2,S").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--answers", type=float, default=0.08, help="the share of messages that are answers")
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sessions, _ = build_db(folder / "rituals.json", args.people, 8, rng)
        size = write_maildir(folder / "Maildir", args.messages, args.answers, sessions, rng)
        svc = open_service(folder / "rituals.json", clock=lambda: NOW, seed=1)
        began = time.perf_counter()
        run = svc.replies.read([str(folder / "Maildir")], repairs=False)
        took = time.perf_counter() - began
        began = time.perf_counter()
        repairs = svc.replies.repairs()
        repair_took = time.perf_counter() - began
        # memory on a second reading (the same work, nothing new to write): tracemalloc slows
        # Python down several times, so the time above is measured without it
        tracemalloc.start()
        again = svc.replies.read([str(folder / "Maildir")], repairs=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"maildir: {run.messages} messages, {size / 1048576:.1f} MB on disk, {args.answers:.0%} of them answers")
    print(
        f"recorded {run.count('recorded')} answer(s), {run.count('unchanged')} already known, "
        f"{run.count('ignored') + len(run.problems)} ignored, {run.unrelated} not an answer"
    )
    print(f"time: {took:.2f} s ({run.messages / took:,.0f} messages/s) to read, decide, record and settle")
    print(f"then the repairs the declines call for: {len(repairs)} session(s) in {repair_took:.2f} s")
    print(
        f"again: {again.count('recorded')} recorded, {again.count('unchanged')} already known (reading is idempotent)"
    )
    print(f"peak memory allocated while reading: {peak / 1048576:.1f} MB ({peak / size:.1%} of the maildir's size)")


if __name__ == "__main__":
    main()
