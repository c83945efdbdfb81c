"""Hostile and odd messages: each gives a correct record or one clear line, and the database is
unchanged by every bad one.

Each case is one message as it could land in a mailbox (wrong UID, a spoofed sender, broken
MIME, huge attachments, non-UTF-8 text...) with what must come of it, written by hand.
"""

from __future__ import annotations

import base64

import pytest
from reply_helpers import (
    ANA,
    BO,
    COFFEE_SESSION,
    CRLF_PERSON,
    G1,
    G2,
    LI,
    NOW,
    ORGANIZER,
    SERIES,
    ZOE,
    invited_org,
    smtp,
    write,
)
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.checkin import message_id, token
from rituals.core.ical.events import event_uid

__all__ = ["smtp"]
APRIL_G1 = event_uid("coffee-roulette", NOW.date().replace(month=4, day=5), 1)  # the cancelled date
GONE_G3 = event_uid("coffee-roulette", NOW.date().replace(day=22), 3)  # a group that does not exist
HEAD = f"To: {ORGANIZER}\r\nDate: Mon, 15 Mar 2027 12:00:00 +0000\r\nMIME-Version: 1.0\r\n"


def mail(
    sender: str, body: bytes, content_type: str = "text/calendar; method=REPLY; charset=utf-8", extra: str = ""
) -> bytes:
    return f"From: {sender}\r\n{HEAD}{extra}Content-Type: {content_type}\r\n\r\n".encode() + body


def calendar(*lines: str, method: str = "REPLY") -> bytes:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//x//y//EN",
            f"METHOD:{method}",
            "BEGIN:VEVENT",
            *lines,
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    ).encode()


def ok_lines(uid: str = G2, who: str = LI) -> list[str]:
    return [f"UID:{uid}", "DTSTAMP:20270315T120000Z", "SEQUENCE:0", f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{who}"]


def checkin_answer(sender: str, text: str, tok: str) -> bytes:
    return (
        f"From: {sender}\r\n{HEAD}Subject: Re: Did you meet? [#{tok}]\r\nIn-Reply-To: {message_id(tok)}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\n> Did your group meet?\r\n"
    ).encode()


def multipart(parts: list[tuple[str, bytes]], boundary: str = "b0undary") -> bytes:
    body = b"".join(f"--{boundary}\r\nContent-Type: {kind}\r\n".encode() + b for kind, b in parts)
    return body + f"--{boundary}--\r\n".encode()


BIG = base64.encodebytes(b"\0" * (8 * 1024 * 1024))  # an 8 MB attachment, ~11 MB once encoded
MEDIUM = base64.encodebytes(b"\1" * (3 * 1024 * 1024))
TOKEN = token(COFFEE_SESSION, 1)
NESTED = (
    "".join(f'Content-Type: multipart/mixed; boundary="n{i}"\r\n\r\n--n{i}\r\n' for i in range(1500))
    + "Content-Type: text/calendar; method=REPLY\r\n\r\n"
)

# name: (message, what must come of it: "recorded", "unrelated" or a piece of the one line)
CASES: dict[str, tuple[bytes, str]] = {
    "wrong UID": (mail(LI, calendar(*ok_lines("not-a-uid-of-ours"))), "an event rituals did not send"),
    "spoofed sender": (mail(BO, calendar(*ok_lines())), f"an answer for {LI} sent by {BO}"),
    "DMARC failed": (
        mail(LI, calendar(*ok_lines()), extra="Authentication-Results: mx; dmarc=fail header.from=example.org\r\n"),
        "forged (DMARC failed)",
    ),
    "two senders": (mail(f"{LI}, {ANA}", calendar(*ok_lines())), "names 2 senders"),
    "no sender": (
        f"{HEAD}Content-Type: text/calendar; method=REPLY\r\n\r\n".encode() + calendar(*ok_lines()),
        "no sender",
    ),
    "broken MIME, no boundary": (
        mail(LI, b"--x\r\nContent-Type: text/calendar; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\n", "multipart/mixed"),
        "unrelated",
    ),
    "broken base64": (
        mail(LI, b"@@@not base64@@@", extra="Content-Transfer-Encoding: base64\r\n"),
        "calendar data is broken",
    ),
    "garbage calendar": (
        mail(LI, b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n\x00\x01garbage line\r\n"),
        "calendar data is broken",
    ),
    "no attendee": (mail(LI, calendar(f"UID:{G2}", "DTSTAMP:20270315T120000Z")), "names no attendee"),
    "no UID": (mail(LI, calendar("DTSTAMP:20270315T120000Z", f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{LI}")), "has no UID"),
    "a forwarded invitation": (
        mail(LI, calendar(*ok_lines(), method="REQUEST"), "text/calendar; method=REQUEST"),
        "unrelated",
    ),
    "latin-1 calendar": (
        mail(
            LI,
            calendar(*ok_lines()[:3], f"ATTENDEE;CN=Li Léi;PARTSTAT=ACCEPTED:mailto:{LI}").decode().encode("latin-1"),
            "text/calendar; method=REPLY; charset=iso-8859-1",
        ),
        "recorded",
    ),
    "8-bit subject": (mail(LI, calendar(*ok_lines()), extra="Subject: R\xe9ponse \xff\xfe\r\n"), "recorded"),
    "huge attachment": (
        mail(
            LI,
            multipart(
                [
                    ("text/calendar; method=REPLY", b"\r\n" + calendar(*ok_lines())),
                    ("application/octet-stream\r\nContent-Transfer-Encoding: base64", b"\r\n" + BIG),
                ]
            ),
            "multipart/mixed; boundary=b0undary",
        ),
        "too large to be an answer",
    ),
    "medium attachment": (
        mail(
            LI,
            multipart(
                [
                    ("text/calendar; method=REPLY", b"\r\n" + calendar(*ok_lines())),
                    ("application/pdf\r\nContent-Transfer-Encoding: base64", b"\r\n" + MEDIUM),
                ]
            ),
            "multipart/mixed; boundary=b0undary",
        ),
        "recorded",
    ),
    "oversized calendar": (mail(LI, calendar(*ok_lines(), *(["X-PAD:" + "x" * 70] * 4000))), "too large for an answer"),
    "unknown PARTSTAT": (
        mail(LI, calendar(f"UID:{G2}", "DTSTAMP:20270315T120000Z", f"ATTENDEE;PARTSTAT=X-MAYBE:mailto:{LI}")),
        "'X-MAYBE' is not an answer",
    ),
    "negative SEQUENCE": (
        mail(LI, calendar(f"UID:{G2}", "SEQUENCE:-4", f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{LI}")),
        "negative SEQUENCE",
    ),
    "broken DTSTAMP": (
        mail(LI, calendar(f"UID:{G2}", "DTSTAMP:2027-03-15 noon", f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{LI}")),
        "broken date or number",
    ),
    "a date the series lacks": (
        mail(ZOE, calendar(*ok_lines(SERIES, ZOE), "RECURRENCE-ID:20270323T150000Z")),
        "has no session on 2027-03-23",
    ),
    "another day for a group": (mail(LI, calendar(*ok_lines(), "RECURRENCE-ID:20270329T090000Z")), "another day"),
    "not invited": (mail(BO, calendar(*ok_lines(G1, BO))), "was not invited"),
    "a cancelled date": (mail(ZOE, calendar(*ok_lines(APRIL_G1, ZOE))), "was cancelled"),
    "a group that does not exist": (mail(LI, calendar(*ok_lines(GONE_G3))), "no longer planned"),
    "empty file": (b"", "unrelated"),
    "binary garbage": (bytes(range(256)) * 40, "unrelated"),
    "check-in, unknown token": (checkin_answer(LI, "4", "0123456789ab"), "a check-in rituals did not send"),
    "check-in, not in the group": (checkin_answer(BO, "4", TOKEN), "a group they were not asked in"),
    "check-in, not understood": (checkin_answer(ZOE, "maybe next time", TOKEN), "neither 1-5 nor 'no'"),
    "attendee without an address": (
        mail(LI, calendar(f"UID:{G2}", "ATTENDEE;PARTSTAT=ACCEPTED:urn:uuid:1234")),
        "names no attendee",
    ),
    "NUL in a header": (mail(LI + "\0", calendar(*ok_lines())), "sender address holds control characters"),
    "deep nesting": (f"From: {LI}\r\n{HEAD}{NESTED}".encode(), "too deeply"),
}


def asked_group_one(svc) -> None:
    """As if the coffee's group 1 had been sent its check-in."""
    with svc.store.transaction() as tx:
        tx.set_state(
            "checkins",
            TOKEN,
            {
                "session": COFFEE_SESSION,
                "group": 1,
                "members": [ZOE, CRLF_PERSON],
                "to": [ZOE, CRLF_PERSON],
                "day": "2027-03-15",
                "lang": "en",
            },
        )


def test_there_are_thirty_cases_or_more():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_or_odd_message(name, tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    asked_group_one(svc)
    message, expected = CASES[name]
    path = write(tmp_path / "in", "message.eml", message)
    before = svc.store.path.read_bytes()
    run = svc.replies.read([str(path)])
    lines = run.problems + [o.text for o in run.outcomes if o.kind in ("ignored", "note")]
    if expected == "recorded":
        assert lines == [] and [o.kind for o in run.outcomes] == ["recorded"], (lines, run.outcomes)
        assert {r.email: r.status for r in svc.store.session(COFFEE_SESSION).responses} == {LI: "ACCEPTED"}
        return
    assert svc.store.path.read_bytes() == before, name
    if expected == "unrelated":
        assert lines == [] and run.unrelated == 1, (lines, run.outcomes)
    else:
        assert len(lines) == 1 and expected in lines[0], lines
        assert "\n" not in lines[0] and len(lines[0]) < 300


def test_the_cli_says_one_line_per_bad_message(tmp_path, smtp, monkeypatch):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    asked_group_one(svc)
    folder = tmp_path / "in"
    bad = {n: m for n, (m, e) in CASES.items() if e not in ("recorded", "unrelated") and len(m) < 1_000_000}
    for i, message in enumerate(bad.values()):
        write(folder, f"{i:02d}.eml", message)
    before = svc.store.path.read_bytes()
    monkeypatch.setenv("RITUALS_NOW", NOW.isoformat(timespec="minutes"))
    result = CliRunner().invoke(app, ["--db", str(svc.store.path), "replies", str(folder)])
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stderr.splitlines() if line.startswith(("ignored", "unread"))]
    assert len(shown) == len(bad), result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert svc.store.path.read_bytes() == before
    assert ANA and CRLF_PERSON  # the organisation's other people answered nothing here
