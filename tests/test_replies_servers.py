"""Answers read from real servers on loopback: an IMAP mailbox (pymap, from the test extra) and a
CalDAV calendar whose events carry each attendee's PARTSTAT (Radicale)."""

from __future__ import annotations

import imaplib
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import icalendar
import pytest
from export_helpers import _wait_for_port, free_port, radicale_server
from reply_helpers import ANA, COFFEE_SESSION, FIXTURES, G1, G2, LI, NOW, ZOE, invited_org, reply, smtp
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.errors import ExternalError

__all__ = ["smtp"]
IMAP_USER, IMAP_PASSWORD = "demouser", "demopass"  # pymap's in-memory backend's account


@contextmanager
def imap_server(workdir: Path):
    """pymap's in-memory IMAP server on loopback; yields its port."""
    port = free_port()
    log = open(workdir / "pymap.log", "wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pymap.main import main; sys.exit(main())",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "dict",
            "--demo-user",
            IMAP_USER,
            "--demo-password",
            IMAP_PASSWORD,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, HOME=str(workdir)),
    )
    try:
        _wait_for_port(proc, port)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def deliver(port: int, messages: list[bytes]) -> None:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(IMAP_USER, IMAP_PASSWORD)
    for message in messages:
        client.append("INBOX", None, None, message)
    client.logout()


def unseen(port: int) -> int:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(IMAP_USER, IMAP_PASSWORD)
    client.select("INBOX")
    _, data = client.search(None, "UNSEEN")
    client.logout()
    return len(data[0].split())


def test_answers_are_read_from_an_imap_mailbox(tmp_path, smtp, monkeypatch):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    with imap_server(tmp_path) as port:
        fixtures = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))]
        unrelated = b"From: news@example.com\r\nSubject: hello\r\n\r\nnot an answer\r\n"
        deliver(port, [*fixtures, unrelated, reply(G1, ZOE, "DECLINED")])
        before = unseen(port)
        monkeypatch.setenv("RITUALS_IMAP_PASSWORD", IMAP_PASSWORD)
        monkeypatch.setenv("RITUALS_NOW", NOW.isoformat(timespec="minutes"))
        url = f"imap://{IMAP_USER}@127.0.0.1:{port}/INBOX"
        args = ["--db", str(svc.store.path), "replies", url, "--password-env", "RITUALS_IMAP_PASSWORD"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (result.output, result.exception)
        assert "6 item(s) read: 5 answer(s) recorded" in result.output
        assert unseen(port) == before  # read without marking anything seen
        again = CliRunner().invoke(app, args)
        assert "0 answer(s) recorded, 5 already known" in again.output
        wrong = CliRunner().invoke(app, [*args[:-1], "NO_SUCH_VARIABLE"])
        assert wrong.exit_code == 2 and "NO_SUCH_VARIABLE is not set" in wrong.output
        monkeypatch.setenv("BAD", "wrong password")
        refused = CliRunner().invoke(app, [*args[:-1], "BAD"])
        assert refused.exit_code == 1 and "refused the credentials" in refused.output
        assert len(refused.output.strip().splitlines()) == 1
        refused_fr = CliRunner().invoke(app, ["--lang", "fr", *args[:-1], "BAD"])
        assert refused_fr.exit_code == 1
        assert f"le serveur IMAP imap://127.0.0.1:{port}/INBOX a refusé les identifiants" in refused_fr.output
    session = svc.store.session(COFFEE_SESSION)
    assert {r.email: (r.status, r.via) for r in session.responses} == {
        LI: ("ACCEPTED", "imap"),
        ANA: ("DECLINED", "imap"),
        ZOE: ("DECLINED", "imap"),
    }


def test_an_unreachable_imap_server_is_one_line(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    with pytest.raises(ExternalError, match="cannot reach the IMAP server"):
        svc.replies.read([f"imap://u@127.0.0.1:{free_port()}/INBOX"], password="x")


def test_partstat_read_back_from_a_caldav_calendar(tmp_path, smtp):
    import caldav

    sink, server = smtp
    svc = invited_org(tmp_path, server)
    with radicale_server(tmp_path / "dav") as dav:
        with caldav.DAVClient(url=dav, username="lea", password="x") as client:
            calendar = client.principal().make_calendar(name="team", cal_id="team")
            url = str(calendar.url)
            svc.export.publish(None, url=url)
            # the attendees answer in their own calendar clients; the server keeps their PARTSTAT
            obj = calendar.get_event_by_uid(G2)
            cal = icalendar.Calendar.from_ical(obj.data)
            for event in cal.walk("VEVENT"):
                for attendee in event["ATTENDEE"]:
                    who = str(attendee).removeprefix("mailto:")
                    attendee.params["PARTSTAT"] = {LI: "ACCEPTED", ANA: "TENTATIVE"}[who]
            obj.data = cal.to_ical().decode()
            obj.save()
        run = svc.replies.read([url])
        assert run.problems == [] and run.count("recorded") == 2, run.outcomes
        before = svc.store.path.read_bytes()
        again = svc.replies.read([url])
        assert again.count("recorded") == 0 and svc.store.path.read_bytes() == before
    session = svc.store.session(COFFEE_SESSION)
    assert {r.email: (r.status, r.via) for r in session.responses} == {
        LI: ("ACCEPTED", "caldav"),
        ANA: ("TENTATIVE", "caldav"),
    }
