"""Shared by the reply tests: an SMTP sink, the invite organisation with its invites sent, and
answers written the way a mail client writes them.

The organisation is ``export_helpers``'s: coffee pairs on Monday 22 March 2027 (group 1: Zoë
and the CR/LF person, group 2: Li and Ana), a gratitude circle every Monday for QA, Data and
People, a monthly lunch for Sales and People. The clock stands a week before the coffee.
"""

from __future__ import annotations

import email
from datetime import date, datetime
from email import policy
from pathlib import Path
from typing import Any

import pytest
from export_helpers import COFFEE, CRLF_PERSON, GRATITUDE, ORGANIZER, ZOE, free_port, populate

from rituals.core.ical.events import event_uid
from rituals.service import Service, open_service

FIXTURES = Path(__file__).parent / "fixtures" / "replies"
NOW = datetime(2027, 3, 15, 9, 0)
COFFEE_DAY = date(2027, 3, 22)
G1 = event_uid(COFFEE.id, COFFEE_DAY, 1)  # Zoë and the CR/LF person
G2 = event_uid(COFFEE.id, COFFEE_DAY, 2)  # Li and Ana
SERIES = event_uid(GRATITUDE.id)
LI, ANA, BO = "li@example.org", "ana@example.org", "bo@example.org"
COFFEE_SESSION = f"{COFFEE.id}@{COFFEE_DAY.isoformat()}"
__all__ = ["ANA", "BO", "CRLF_PERSON", "G1", "G2", "LI", "ORGANIZER", "SERIES", "ZOE"]


class Sink:
    """An SMTP server's mailbox: every envelope received, in order."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self, start: int = 0) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes[start:]]


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


def invited_org(tmp_path: Path, server: str, clock=lambda: NOW) -> Service:
    """The organisation with every invite e-mailed (so the deliveries know who holds what)."""
    svc = open_service(tmp_path / "rituals.json", clock=clock, seed=1)
    populate(svc)
    svc.export.send(None, smtp=server)
    return svc


def reply(
    uid: str,
    attendee: str,
    partstat: str = "ACCEPTED",
    *,
    sender: str | None = None,
    sequence: int = 0,
    stamp: str = "20270315T120000Z",
    method: str = "REPLY",
    extra: str = "",
    params: str = "",
) -> bytes:
    """A plain iMIP answer, as the simplest client sends one."""
    ics = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//test//reply//EN",
            f"METHOD:{method}",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            "DTSTART:20270322T090000Z",
            f"ORGANIZER:mailto:{ORGANIZER}",
            f"ATTENDEE;PARTSTAT={partstat}{params}:mailto:{attendee}",
            *([extra] if extra else []),
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    head = (
        f"From: {sender or attendee}\r\nTo: {ORGANIZER}\r\nSubject: {partstat.title()}: coffee\r\n"
        "Date: Mon, 15 Mar 2027 12:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/calendar; charset=utf-8; method={method}\r\n\r\n"
    )
    return head.encode() + ics.encode()


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def maildir(root: Path, messages: list[bytes]) -> Path:
    """A maildir as mbsync or offlineimap leaves it (cur/ new/ tmp/)."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(messages):
        (root / "cur" / f"17000000{i:02d}.M{i}P1.host:2,S").write_bytes(data)
    return root
