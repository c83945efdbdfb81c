"""`rituals replies` on each major client's answer shape, and the variations of an answer.

The four fixtures in fixtures/replies/ are written the way Outlook (Exchange), Google Calendar,
Apple Calendar and Thunderbird send an answer (see their README). What each one must record is
read off the fixture by hand here, not computed by the code under test.
"""

from __future__ import annotations

import json
import shutil

from export_helpers import GRATITUDE
from reply_helpers import (
    ANA,
    BO,
    COFFEE_SESSION,
    CRLF_PERSON,
    FIXTURES,
    G1,
    G2,
    LI,
    NOW,
    ZOE,
    invited_org,
    maildir,
    reply,
    smtp,
    write,
)
from typer.testing import CliRunner

from rituals.cli import app

__all__ = ["smtp"]  # the fixture, used by name


def responses(svc, sid=COFFEE_SESSION):
    return {r.email: r.status for r in svc.store.session(sid).responses}


def db_bytes(svc) -> bytes:
    return svc.store.path.read_bytes()


def test_each_clients_answer_is_recorded(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    box = maildir(tmp_path / "Mail" / "INBOX", [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))])
    run = svc.replies.read([str(box)])
    assert run.problems == [] and run.count("ignored") == 0, (run.problems, run.outcomes)
    # Outlook: Li accepted group 2; Google: Ana declined group 2
    assert responses(svc) == {LI: "ACCEPTED", ANA: "DECLINED"}
    # Apple: Zoë tentative for the gratitude circle of 22 March only (a RECURRENCE-ID)
    assert responses(svc, f"{GRATITUDE.id}@2027-03-22") == {ZOE: "TENTATIVE"}
    # Thunderbird: the CR/LF person accepted the whole series
    standing = svc.replies.standing()
    assert {k: v.status for k, v in standing.items()} == {(GRATITUDE.id, CRLF_PERSON): "ACCEPTED"}
    assert standing[(GRATITUDE.id, CRLF_PERSON)].stamp == "2027-03-16T14:00:00Z"
    # Google sends the calendar twice (inline and invite.ics): one answer
    assert run.count("recorded") == 4


def test_reading_twice_changes_nothing(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    box = maildir(tmp_path / "box", [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))])
    svc.replies.read([str(box)])
    before = db_bytes(svc)
    again = svc.replies.read([str(box)])
    assert db_bytes(svc) == before
    assert again.count("recorded") == 0 and again.count("unchanged") == 4


def test_a_later_answer_wins_and_an_earlier_one_does_not(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    late = write(tmp_path, "late.eml", reply(G2, LI, "DECLINED", stamp="20270316T090000Z"))
    early = write(tmp_path, "early.eml", reply(G2, LI, "ACCEPTED", stamp="20270315T090000Z"))
    svc.replies.read([str(late)])
    run = svc.replies.read([str(early)])
    assert responses(svc) == {LI: "DECLINED"}
    assert run.outcomes[0].kind == "unchanged" and "later answer" in run.outcomes[0].text


def test_counter_is_reported_not_applied(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    before = db_bytes(svc)
    msg = reply(G1, ZOE, "TENTATIVE", method="COUNTER").replace(
        b"DTSTART:20270322T090000Z", b"DTSTART:20270322T130000Z"
    )
    run = svc.replies.read([str(write(tmp_path, "counter.eml", msg))])
    assert [o.kind for o in run.outcomes] == ["note"]
    assert "proposes another time (2027-03-22 13:00 UTC)" in run.outcomes[0].text
    assert db_bytes(svc) == before


def test_delegated_is_recorded_and_the_delegate_is_not_trusted(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    delegated = reply(G1, ZOE, "DELEGATED", params=';DELEGATED-TO="mailto:friend@example.net"')
    delegate = reply(G1, "friend@example.net", "ACCEPTED", params=';DELEGATED-FROM="mailto:zoe@example.org"')
    run = svc.replies.read([str(write(tmp_path, "a.eml", delegated)), str(write(tmp_path, "b.eml", delegate))])
    assert responses(svc) == {ZOE: "DELEGATED"}
    assert "to friend@example.net (not added" in run.outcomes[0].text
    assert run.outcomes[1].kind == "ignored" and "was not invited" in run.outcomes[1].text


def test_a_reply_to_an_older_sequence_is_outdated(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    svc.rotation.regroup(COFFEE_SESSION, {ZOE: 1, LI: 0})  # both groups change: SEQUENCE 1
    svc.export.send(None, smtp=server)
    before = db_bytes(svc)
    old = write(tmp_path, "old.eml", reply(G1, CRLF_PERSON, "ACCEPTED", sequence=0))
    run = svc.replies.read([str(old)])
    assert run.outcomes[0].kind == "ignored"
    assert run.outcomes[0].text == (
        f"{CRLF_PERSON}: answered an outdated invite for coffee-roulette-2027-03-22-g1 (SEQUENCE 0, now 1): ignored"
    )
    assert db_bytes(svc) == before
    new = write(tmp_path, "new.eml", reply(G1, CRLF_PERSON, "ACCEPTED", sequence=1, stamp="20270316T090000Z"))
    svc.replies.read([str(new)])
    assert responses(svc) == {CRLF_PERSON: "ACCEPTED"}


def test_unknown_uid_and_mismatched_sender_change_nothing(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    before = db_bytes(svc)
    unknown = write(tmp_path, "u.eml", reply("00000000-0000-0000-0000-000000000000", ZOE))
    spoofed = write(tmp_path, "s.eml", reply(G2, ANA, "DECLINED", sender=BO))
    run = svc.replies.read([str(unknown), str(spoofed)])
    texts = [o.text for o in run.outcomes]
    assert "an answer to an event rituals did not send" in texts[0]
    assert texts[1] == f"an answer for {ANA} sent by {BO}: only {ANA} can answer for themselves"
    assert db_bytes(svc) == before


def test_a_saved_ics_reply_and_the_cli(tmp_path, smtp, monkeypatch):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    ics = reply(G1, ZOE, "ACCEPTED").split(b"\r\n\r\n", 1)[1]
    path = write(tmp_path / "saved", "reply.ics", ics)
    monkeypatch.setenv("RITUALS_NOW", NOW.isoformat(timespec="minutes"))
    result = CliRunner().invoke(app, ["--db", str(svc.store.path), "replies", str(path)])
    assert result.exit_code == 0, result.output
    assert f"recorded  {ZOE} accepted {COFFEE_SESSION}" in result.output
    shown = CliRunner().invoke(
        app, ["--db", str(svc.store.path), "ritual", "show", "coffee-roulette", "--format", "json"]
    )
    sessions = json.loads(shown.output)["sessions"]
    mine = next(s for s in sessions if s["start"].startswith("2027-03-22"))
    assert [(r["email"], r["status"], r["via"]) for r in mine["responses"]] == [(ZOE, "ACCEPTED", "file")]


def test_a_folder_of_files_and_an_mbox(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    folder = tmp_path / "saved"
    for p in FIXTURES.glob("*.eml"):
        shutil.copy(p, folder / p.name) if folder.exists() else (folder.mkdir(), shutil.copy(p, folder / p.name))
    mbox = tmp_path / "replies.mbox"
    mbox.write_bytes(
        b"".join(
            b"From MAILER-DAEMON Mon Mar 15 10:00:00 2027\n" + reply(G1, who).replace(b"\r\n", b"\n") + b"\n"
            for who in (ZOE, CRLF_PERSON)
        )
    )
    run = svc.replies.read([str(folder), str(mbox)])
    assert run.problems == []
    assert responses(svc) == {LI: "ACCEPTED", ANA: "DECLINED", ZOE: "ACCEPTED", CRLF_PERSON: "ACCEPTED"}


def test_declines_are_repaired_only_when_confirmed(tmp_path, smtp, monkeypatch):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    box = maildir(tmp_path / "box", [reply(G2, ANA, "DECLINED"), reply(G1, ZOE, "DECLINED")])
    monkeypatch.setenv("RITUALS_NOW", NOW.isoformat(timespec="minutes"))
    base = ["--db", str(svc.store.path), "replies"]
    dry = CliRunner().invoke(app, [*base, str(box), "--dry-run"])
    assert dry.exit_code == 0 and "2 answer(s) would be recorded" in dry.output and "dry run" in dry.output
    assert responses(svc) == {}
    piped = CliRunner().invoke(app, [*base, str(box)])  # no terminal, no --yes: shown, not applied
    assert "Ana Núñez 🌮 declined: leaves group 2" in piped.output and "not repaired" in piped.output
    assert svc.store.session(COFFEE_SESSION).groups == ((ZOE, CRLF_PERSON), (LI, ANA))
    assert responses(svc) == {ANA: "DECLINED", ZOE: "DECLINED"}
    data = json.loads(CliRunner().invoke(app, [*base, "--format", "json"]).output)
    assert [(r["session"], r["leaving"]) for r in data["repairs"]] == [(COFFEE_SESSION, [ANA, ZOE])]
    done = CliRunner().invoke(app, [*base, "--yes"])
    assert done.exit_code == 0 and "repaired 1 session(s)" in done.output
    session = svc.store.session(COFFEE_SESSION)
    # the two left alone (the CR/LF person and Li) now meet; their group keeps the number (and the
    # invite) of the CR/LF person's group 1, and group 2 is gone
    assert session.groups == ((CRLF_PERSON, LI),) and session.numbers() == (1,)
    sent = svc.export.send(None, smtp=server)
    cancels = {r for line in sent.lines if line.method == "CANCEL" for r in line.recipients}
    requests = {r for line in sent.lines if line.method == "REQUEST" for r in line.recipients}
    assert cancels == {ANA, ZOE, LI} and requests == {CRLF_PERSON, LI}


def test_forgetting_someone_erases_their_answers(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server)
    box = maildir(tmp_path / "box", [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))])
    svc.replies.read([str(box)])
    svc.privacy.forget(CRLF_PERSON)  # answered the whole gratitude series (Thunderbird)
    svc.privacy.forget(ANA)  # declined a coffee (Google)
    text = db_bytes(svc)
    assert CRLF_PERSON.encode() not in text and ANA.encode() not in text
    assert responses(svc) == {LI: "ACCEPTED"} and svc.replies.standing() == {}
