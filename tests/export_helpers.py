"""Shared by the invite tests: a small organisation and a throw-away Radicale server.

The checks the files must pass are in ``ics_checks`` (Radicale, like every library they use, is in
the ``test`` extra: a missing one fails the tests that need it).
"""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from rituals.core.models import Audience, Feedback, Grouping, Person, Ritual, Schedule, Session

ORGANIZER = "lea@example.org"
ZOE = "zoe@example.org"
CRLF_PERSON = "crlf@example.org"
ZOE_NAME = 'Zoë "Z" O\'Neil, Jr.; QA'
CRLF_NAME = "Mallory\r\nATTENDEE:mailto:intruder@example.org"
PRIVATE_NOTE = "PRIVATE-FEEDBACK-do-not-export"

PEOPLE = (
    Person(ORGANIZER, "Léa Martin", team="People", location="Paris", timezone="Europe/Paris"),
    Person(ZOE, ZOE_NAME, team="QA", location="Paris", timezone="Europe/Paris"),
    Person(CRLF_PERSON, CRLF_NAME, team="Data", location="remote", timezone="Europe/Paris"),
    Person("li@example.org", "李雷", team="Data", location="remote", timezone="Asia/Shanghai"),
    Person("ana@example.org", "Ana Núñez 🌮", team="Sales", location="New York", timezone="America/New_York"),
    Person("bo@example.org", "Bo Ek", team="Sales", location="New York", timezone="America/New_York"),
)
PAIRS_MARCH = ((ZOE, CRLF_PERSON), ("li@example.org", "ana@example.org"))
PAIRS_OCTOBER = ((ZOE, "li@example.org"), (CRLF_PERSON, "ana@example.org"))

# Mondays either side of the 2027 switches: 28 March (summer time) and 31 October (winter time)
COFFEE_DAYS = (date(2027, 3, 22), date(2027, 4, 5), date(2027, 10, 25), date(2027, 11, 8))
CANCELLED_DAY = date(2027, 4, 5)
WINDOW = ("2027-01-01", "2027-12-31")

COFFEE = Ritual(
    id="coffee-roulette",
    title='Coffee roulette, pairs; ☕ "random"',
    kind="coffee-chat",
    schedule=Schedule(datetime(2027, 3, 22, 10, 0), "Europe/Paris", timedelta(minutes=30), "weekly"),
    organizer=ORGANIZER,
    grouping=Grouping(size=2),
    video_link="https://meet.example.org/coffee",
    description="Meet someone new.\nBring a question; any question, really.",
)
GRATITUDE = Ritual(
    id="gratitude-circle",
    title="Gratitude circle",
    kind="gratitude-circle",
    schedule=Schedule(
        datetime(2027, 1, 4, 16, 0),
        "Europe/Paris",
        timedelta(minutes=45),
        "weekly",
        until=date(2027, 12, 20),
        skip_holidays="FR",
        exdates=(date(2027, 8, 9),),
    ),
    organizer=ORGANIZER,
    location="Salle Ada, 2e étage",
    audience=Audience("teams", ("QA", "Data", "People")),
)
LUNCH = Ritual(
    id="cross-team-lunch",
    title="Cross-team lunch",
    kind="lunch",
    schedule=Schedule(
        datetime(2027, 1, 15, 12, 30),
        "America/New_York",
        timedelta(hours=1),
        "monthly",
        count=12,
        skip_holidays="US",
        monthly_by="weekday",
    ),  # the 3rd Friday
    organizer=ORGANIZER,
    location='Cafeteria, 3rd floor; table "B"',
    audience=Audience("teams", ("Sales", "People")),
)
VOLUNTEER = Ritual(
    id="volunteer-day",
    title="Volunteer day: park clean-up",
    kind="volunteer-day",
    schedule=Schedule(datetime(2027, 6, 11), "Europe/Paris", timedelta(days=1), "once", all_day=True),
    organizer=ORGANIZER,
    location="Parc des Buttes-Chaumont",
    audience=Audience("all"),
)
RITUALS = (COFFEE, GRATITUDE, LUNCH, VOLUNTEER)


def coffee_sessions() -> list[Session]:
    sessions = []
    for day in COFFEE_DAYS:
        pairs = PAIRS_MARCH if day.month < 6 else PAIRS_OCTOBER
        sessions.append(
            Session(
                COFFEE.id,
                datetime.combine(day, COFFEE.schedule.start.time()),
                groups=pairs,
                status="cancelled" if day == CANCELLED_DAY else "planned",
                explanations=("cross-team; never met before", 'new joiner meets "Sales"'),
                note=PRIVATE_NOTE,
                feedback=(Feedback(ZOE, 5, PRIVATE_NOTE),),
            )
        )
    return sessions


def populate(svc) -> None:
    """Write the organisation straight through the store (no dependence on other services)."""
    with svc.store.transaction() as tx:
        for person in PEOPLE:
            tx.put_person(person)
        for ritual in RITUALS:
            tx.put_ritual(ritual)
        for session in coffee_sessions():
            tx.put_session(session)


def move_session(svc, day: date, new_start: datetime) -> None:
    with svc.store.transaction() as tx:
        for session in svc.store.sessions(COFFEE.id):
            if session.day == day:
                tx.put_session(dataclasses.replace(session, start=new_start))


# --------------------------------------------------------------------------- Radicale
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def radicale_server(workdir: Path, user: str | None = None, password: str | None = None):
    """A throw-away Radicale on loopback: temp storage, no user config. Yields its URL.

    No authentication unless ``user``/``password`` are given (a plain htpasswd file).
    """
    port = free_port()
    storage = workdir / "storage"
    storage.mkdir(parents=True, exist_ok=True)  # a test may lay calendars there before it starts
    auth = ["--auth-type", "none"]
    if user is not None:
        users = workdir / "users"
        users.write_text(f"{user}:{password}\n")
        auth = [
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
        ]
    log = open(workdir / "radicale.log", "wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            *auth,
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            str(storage),
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, HOME=str(workdir)),
    )
    try:
        _wait_for_port(proc, port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def _wait_for_port(proc: subprocess.Popen, port: int, timeout: float = 20) -> None:
    # poll the socket, not the clock: the server is ready as soon as it accepts a connection
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"radicale exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("radicale did not open its port")
