"""Check-ins and attendance without typing: after a session, one e-mail per group, answers read
back as ratings or "did not meet"; accepted-and-not-cancelled counts as came; `rituals log`
corrections stand; the dashboard flags who is unsure the day before."""

from __future__ import annotations

from datetime import datetime

from reply_helpers import (
    ANA,
    COFFEE_SESSION,
    CRLF_PERSON,
    G1,
    G2,
    LI,
    ORGANIZER,
    ZOE,
    invited_org,
    maildir,
    reply,
    smtp,
    write,
)
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.checkin import read_answer

__all__ = ["smtp"]
AFTER = datetime(2027, 3, 22, 12, 0)  # the coffee (10:00-10:30) is over
EVE = datetime(2027, 3, 21, 12, 0)  # 22 hours before it


def answer_to(message, sender: str, text: str) -> bytes:
    """What a mail client sends when someone hits Reply and types ``text`` above the quote."""
    quoted = "\r\n".join("> " + line for line in message.get_body(("plain",)).get_content().splitlines())
    return (
        f"From: {sender}\r\nTo: {message['From']}\r\nSubject: Re: {message['Subject']}\r\n"
        f"In-Reply-To: {message['Message-ID']}\r\nReferences: {message['Message-ID']}\r\n"
        "Date: Mon, 22 Mar 2027 13:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{text}\r\n\r\nOn Monday, Léa wrote:\r\n{quoted}\r\n"
    ).encode()


def test_the_answer_words_in_both_languages():
    assert read_answer("4\n\n> Did you meet?").rating == 4
    assert read_answer("5/5 great chat").rating == 5
    assert read_answer("No, Ana was sick").met is False
    assert read_answer("Non, pas cette fois").met is False
    assert read_answer("oui !").met is True and read_answer("oui").rating is None
    assert read_answer("42") is None and read_answer("maybe") is None and read_answer("") is None
    assert read_answer("> 3\nquoted only") is None


def test_checkins_go_out_once_and_their_answers_come_back(tmp_path, smtp):
    sink, server = smtp
    clock = {"now": AFTER}
    svc = invited_org(tmp_path, server, clock=lambda: clock["now"])
    sent_before = len(sink.envelopes)
    report = svc.replies.send_checkins(["coffee-roulette"], smtp=server, lang="fr")
    assert [(s, n, set(to)) for s, n, to in report.sent] == [
        (COFFEE_SESSION, 1, {ZOE, CRLF_PERSON}),
        (COFFEE_SESSION, 2, {LI, ANA}),
    ]
    messages = sink.messages(sent_before)
    assert len(messages) == 2 and all("Vous êtes-vous vus\u202f?" in str(m["Subject"]) for m in messages)
    assert "Répondez à ce message par un chiffre de 1 à 5" in messages[0].get_body(("plain",)).get_content()
    again = svc.replies.send_checkins(None, smtp=server, lang="en")
    assert again.sent == [] and len(sink.envelopes) == sent_before + 2  # each group once, each person once a week
    one = next(m for m in messages if ZOE in str(m["To"]))
    two = next(m for m in messages if LI in str(m["To"]))
    box = maildir(
        tmp_path / "box",
        [
            answer_to(one, ZOE, "no, we could not make it"),
            answer_to(two, LI, "4"),
            answer_to(two, "bo@example.org", "5"),
        ],
    )
    run = svc.replies.read([str(box)])
    assert [o.kind for o in run.outcomes] == ["recorded", "recorded", "ignored"]
    session = svc.store.session(COFFEE_SESSION)
    assert session.status == "held" and session.attended == tuple(sorted((LI, ANA))) and session.rating == 4
    assert {r.email: (r.met, r.rating) for r in session.responses} == {ZOE: (False, None), LI: (True, 4)}


def test_each_person_is_asked_in_their_own_language_and_either_answer_counts(tmp_path, smtp):
    sink, server = smtp
    svc = invited_org(tmp_path, server, clock=lambda: AFTER)
    svc.people.edit(LI, language="fr")
    sent_before = len(sink.envelopes)
    svc.replies.send_checkins(["coffee-roulette"], smtp=server, lang="en")
    messages = sink.messages(sent_before)
    to_li = next(m for m in messages if LI in str(m["To"]))
    to_ana = next(m for m in messages if ANA in str(m["To"]))
    assert to_li is not to_ana and ANA not in str(to_li["To"])  # one message per language in a group
    assert str(to_li["Subject"]).startswith("Vous êtes-vous vus\u202f? ")
    assert "Votre groupe s’est-il retrouvé" in to_li.get_body(("plain",)).get_content()
    assert str(to_ana["Subject"]).startswith("Did you meet? ")
    assert to_li["Message-ID"] != to_ana["Message-ID"]
    box = maildir(tmp_path / "box", [answer_to(to_li, LI, "4"), answer_to(to_ana, ANA, "5")])
    run = svc.replies.read([str(box)])
    assert [o.kind for o in run.outcomes] == ["recorded", "recorded"]
    answers = {r.email: r.rating for r in svc.store.session(COFFEE_SESSION).responses}
    assert answers[LI] == 4 and answers[ANA] == 5


def test_accepted_counts_as_came_and_a_log_correction_stands(tmp_path, smtp, monkeypatch):
    sink, server = smtp
    clock = {"now": datetime(2027, 3, 15, 9, 0)}
    svc = invited_org(tmp_path, server, clock=lambda: clock["now"])
    box = maildir(tmp_path / "a", [reply(G1, ZOE), reply(G2, LI), reply(G2, ANA, "TENTATIVE")])
    svc.replies.read([str(box)])
    assert svc.store.session(COFFEE_SESSION).status == "planned"  # not over yet
    clock["now"] = AFTER
    run = svc.replies.read([])
    session = svc.store.session(COFFEE_SESSION)
    assert run.settled == [COFFEE_SESSION] and session.status == "held"
    assert session.attended == (LI, ZOE) and session.absent == (ANA, CRLF_PERSON)
    monkeypatch.setenv("RITUALS_NOW", AFTER.isoformat(timespec="minutes"))
    result = CliRunner().invoke(app, ["--db", str(svc.store.path), "log", COFFEE_SESSION, "--absent", ZOE])
    assert result.exit_code == 0, result.output
    logged = svc.store.session(COFFEE_SESSION)
    assert logged.attended == (ANA, CRLF_PERSON, LI) and logged.absent == (ZOE,)
    late = write(tmp_path / "b", "late.eml", reply(G2, ANA, "DECLINED", stamp="20270322T115900Z"))
    svc.replies.read([str(late)])
    session = svc.store.session(COFFEE_SESSION)
    assert (session.attended, session.absent) == (logged.attended, logged.absent)  # the lead's correction stands
    assert session.response(ANA).status == "DECLINED"  # the answer itself is kept


def test_the_dashboard_flags_the_unsure_the_day_before(tmp_path, smtp):
    sink, server = smtp
    clock = {"now": datetime(2027, 3, 15, 9, 0)}
    svc = invited_org(tmp_path, server, clock=lambda: clock["now"])
    svc.replies.read([str(maildir(tmp_path / "a", [reply(G1, ZOE), reply(G2, LI, "TENTATIVE")]))])
    assert not [a for a in svc.dashboard.build().alerts if a.kind == "unsure"]  # a week ahead: not yet
    clock["now"] = EVE
    alerts = [a for a in svc.dashboard.build().alerts if a.kind == "unsure"]
    assert len(alerts) == 1 and alerts[0].target == COFFEE_SESSION
    text = alerts[0].text
    assert "3 not sure" in text and "(tentative)" in text and text.count("(no answer)") == 2
    assert ORGANIZER not in text


def test_a_series_date_answered_for_can_be_logged(tmp_path, smtp, monkeypatch):
    from reply_helpers import FIXTURES

    sink, server = smtp
    svc = invited_org(tmp_path, server)
    svc.replies.read([str(FIXTURES / "apple-tentative-one-date.eml")])  # Zoë, tentative on 22 March only
    sid = "gratitude-circle@2027-03-22"
    assert svc.store.session(sid).groups == ()  # stored for the answer alone
    monkeypatch.setenv("RITUALS_NOW", "2027-03-23T09:00")
    result = CliRunner().invoke(app, ["--db", str(svc.store.path), "log", sid, "--absent", ZOE])
    assert result.exit_code == 0, result.output
    session = svc.store.session(sid)
    # the gratitude circle invites QA, Data and People: Zoë, the CR/LF person, Li and Léa
    assert session.absent == (ZOE,) and set(session.attended) == {CRLF_PERSON, LI, ORGANIZER}
    assert session.response(ZOE).status == "TENTATIVE"
