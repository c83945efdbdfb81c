"""Calendar invites end to end: `rituals export | publish | send` against real parsers and servers.

Every exported file goes through the project's checks (``ics_checks``: RFC 5545/5546 rules, and
icalendar, ical, vobject, recurring-ical-events and khal must agree occurrence by occurrence);
publishing goes to a throw-away Radicale on loopback; e-mail goes to an aiosmtpd sink on loopback.
What those libraries see is compared with the database itself in test_ics_interop.py.
"""

from __future__ import annotations

import email
import stat
import subprocess
import sys
from datetime import date, datetime
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from export_helpers import (
    CANCELLED_DAY,
    COFFEE,
    CRLF_PERSON,
    ORGANIZER,
    PEOPLE,
    PRIVATE_NOTE,
    WINDOW,
    ZOE,
    ZOE_NAME,
    free_port,
    move_session,
    populate,
    radicale_server,
)
from ics_checks import caldav_round_trip, check_files, check_update
from typer.testing import CliRunner

from rituals.cli import app
from rituals.core.ical.events import event_uid

RANGE = ["--from", WINDOW[0], "--to", WINDOW[1]]


def coffee_uid(day: date, group: int) -> str:
    return event_uid(COFFEE.id, day, group)


@pytest.fixture
def org(svc, cli_env):
    populate(svc)
    return svc


def rituals_cli(svc, *args: str):
    result = CliRunner().invoke(app, ["--db", str(svc.store.path), *args])
    return result


def ok(result):
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def events_by_uid(files) -> dict[str, list]:
    found: dict[str, list] = {}
    for path in files:
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            found.setdefault(str(event["UID"]), []).append(event)
    return found


def expected(svc, cancelled: bool = False):
    """What the service means to export, as (uid -> first event) for comparison; a first export
    of invitations leaves out what is already cancelled (nobody holds it yet: nothing to cancel)."""
    events = svc.export.events(None, start=date.fromisoformat(WINDOW[0]), end=date.fromisoformat(WINDOW[1]))
    return {e.uid: e for e in reversed(events) if cancelled or not e.cancelled}  # the master is the first of its UID


def vevent_blocks(data: bytes) -> set[bytes]:
    return {b"BEGIN:VEVENT" + part.split(b"END:VEVENT")[0] for part in data.split(b"BEGIN:VEVENT")[1:]}


WORDS = (b"SUMMARY", b"DESCRIPTION", b"LOCATION")  # each attendee's copy has its own (their language, their group)


def without_words(data: bytes) -> bytes:
    """A calendar file without the properties written for its reader."""
    lines = data.replace(b"\r\n ", b"").split(b"\r\n")
    return b"\r\n".join(line for line in lines if not line.startswith(WORDS))


# --------------------------------------------------------------------------- files
def test_every_exported_file_passes_the_interop_checks(org, tmp_path):
    pub, req = tmp_path / "publish", tmp_path / "request"
    ok(rituals_cli(org, "export", "--all", "--dir", str(pub), *RANGE))
    ok(rituals_cli(org, "export", "--all", "--dir", str(req), "--method", "request", *RANGE))

    ritual_files = sorted((req / "rituals").rglob("*.ics"))
    person_files = sorted((req / "people").rglob("*.ics"))
    # a person's REQUEST file is the ritual's message for that UID, in their own words
    by_name = {p.name: without_words(p.read_bytes()) for p in ritual_files}
    assert person_files and all(without_words(p.read_bytes()) == by_name[p.name] for p in person_files)
    # a person's PUBLISH file is made of the same VEVENT blocks as the ritual files, in their own words
    published = {blk for p in (pub / "rituals").glob("*.ics") for blk in vevent_blocks(without_words(p.read_bytes()))}
    for path in (pub / "people").glob("*.ics"):
        mine = vevent_blocks(without_words(path.read_bytes()))
        assert mine <= published and mine
        person_files.append(path)
    all_files = sorted((pub / "rituals").glob("*.ics")) + ritual_files
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in all_files + person_files)

    assert check_files(all_files, tmp_path / "checks") > len(all_files)

    uids = events_by_uid(ritual_files)
    assert set(uids) == set(expected(org))
    methods = {p.stem: str(icalendar.Calendar.from_ical(p.read_bytes())["METHOD"]) for p in ritual_files}
    # a first export: nobody holds the cancelled date's events yet, so there is nothing to cancel
    assert not any(CANCELLED_DAY.isoformat() in u for u in methods)
    assert set(methods.values()) == {"REQUEST"}
    again = ok(rituals_cli(org, "export", "--all", "--dir", str(req), "--method", "request", *RANGE))
    assert "up to date" in again.output and sorted((req / "rituals").rglob("*.ics")) == ritual_files
    everything = b"".join(p.read_bytes() for p in all_files + person_files)
    assert PRIVATE_NOTE.encode() not in everything
    lines = everything.replace(b"\r\n ", b"").split(b"\r\n")
    assert not any(line.startswith(b"ATTENDEE:mailto:intruder") for line in lines)  # the CR/LF name
    zoe = [a for a in uids[coffee_uid(date(2027, 3, 22), 1)][0]["ATTENDEE"] if str(a) == f"mailto:{ZOE}"]
    assert zoe[0].params["CN"] == ZOE_NAME


def test_the_sample_organisation_exports_cleanly(sample_db, cli_env, tmp_path):
    # the committed sample's rituals as they stand (their recent sessions and every series)
    args = ["--db", str(sample_db), "export", "--all", "--dir", str(tmp_path), "--from", "2026-11-01"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "rituals").glob("*.ics"))
    assert files
    assert check_files(files, tmp_path / "checks") > len(files)


def test_person_files_hold_only_their_own_invites(org, tmp_path):
    ok(rituals_cli(org, "export", "--all", "--dir", str(tmp_path), *RANGE))
    mine = events_by_uid([tmp_path / "people" / f"{CRLF_PERSON}.ics"])
    wanted = {uid for uid, e in expected(org).items() if CRLF_PERSON in {a.email for a in e.attendees}}
    assert set(mine) == wanted and coffee_uid(date(2027, 3, 22), 1) in mine
    assert event_uid("cross-team-lunch") not in mine  # CR/LF person is not in Sales or People


def test_moving_a_session_keeps_uids_and_raises_sequence(org, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    ok(rituals_cli(org, "export", COFFEE.id, "--dir", str(old), "--method", "request", *RANGE))
    move_session(org, date(2027, 3, 22), datetime(2027, 3, 22, 14, 30))
    ok(rituals_cli(org, "export", COFFEE.id, "--dir", str(new), "--method", "request", *RANGE))

    moved, same = f"{COFFEE.id}-2027-03-22-g1.ics", f"{COFFEE.id}-2027-10-25-g1.ics"
    before, after = (events_by_uid((d / "rituals" / COFFEE.id).glob("*.ics")) for d in (old, new))
    assert set(before) == set(after)
    changed = {u for u in after if int(after[u][0]["SEQUENCE"]) > int(before[u][0]["SEQUENCE"])}
    assert changed == {coffee_uid(date(2027, 3, 22), 1), coffee_uid(date(2027, 3, 22), 2)}
    assert after[coffee_uid(date(2027, 3, 22), 1)][0]["DTSTART"].dt.hour == 14
    check_files([new / "rituals" / COFFEE.id / moved, new / "rituals" / COFFEE.id / same], tmp_path / "checks")
    check_update(old / "rituals" / COFFEE.id / moved, new / "rituals" / COFFEE.id / moved)
    # the unchanged ones keep their number: an update with no news is not an update
    check_update(old / "rituals" / COFFEE.id / same, new / "rituals" / COFFEE.id / same)


def test_single_file_and_stdout_exports(org, tmp_path):
    out = tmp_path / "lunch.ics"
    ok(rituals_cli(org, "export", "cross-team-lunch", "-o", str(out), *RANGE))
    printed = ok(rituals_cli(org, "export", "cross-team-lunch", *RANGE)).stdout_bytes
    assert icalendar.Calendar.from_ical(printed).walk("VEVENT")[0]["UID"] == event_uid("cross-team-lunch")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    refused = rituals_cli(org, "export", COFFEE.id, "--method", "request", "-o", str(tmp_path / "x.ics"), *RANGE)
    assert refused.exit_code == 2 and "--dir" in refused.output


def test_cancel_method_cancels_every_uid_with_a_higher_sequence(org, tmp_path):
    ok(rituals_cli(org, "export", "gratitude-circle", "--method", "request", "-o", str(tmp_path / "a.ics"), *RANGE))
    ok(rituals_cli(org, "export", "gratitude-circle", "--method", "cancel", "-o", str(tmp_path / "b.ics"), *RANGE))
    event = icalendar.Calendar.from_ical((tmp_path / "b.ics").read_bytes()).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    check_files([tmp_path / "b.ics"], tmp_path / "checks")
    check_update(tmp_path / "a.ics", tmp_path / "b.ics")


# --------------------------------------------------------------------------- CalDAV
def test_publish_to_radicale_round_trips_every_event(org, tmp_path):
    import caldav

    pub = tmp_path / "files"
    ok(rituals_cli(org, "export", "--all", "--dir", str(pub), *RANGE))
    with radicale_server(tmp_path / "radicale") as server:
        with caldav.DAVClient(url=server, username="team", password="unused") as client:
            calendar = client.principal().make_calendar(name="team", cal_id="team")
            url = str(calendar.url)
            ok(rituals_cli(org, "publish", "--all", "--caldav", url, "--user", "team", *RANGE))
            want = expected(org, cancelled=True)
            live = {u: e for u, e in want.items() if not e.cancelled}
            assert len(calendar.get_events()) == len(live) == len(want) - 2
            for uid, event in live.items():
                data = calendar.get_event_by_uid(uid).data
                stored = icalendar.Calendar.from_ical(data)
                assert "METHOD" not in stored
                master = [e for e in stored.walk("VEVENT") if "RECURRENCE-ID" not in e][0]
                start = master["DTSTART"].dt
                assert (start.replace(tzinfo=None) if isinstance(start, datetime) else start) == event.start
                stored_attendees = {str(a).lower() for a in master.get("ATTENDEE", [])}
                assert stored_attendees == {f"mailto:{a.email}" for a in event.attendees}

            # re-publish after a move and a cancellation: updated in place, cancelled removed
            move_session(org, date(2027, 10, 25), datetime(2027, 10, 25, 9, 0))
            org.sessions.cancel(f"{COFFEE.id}@2027-11-08")
            again = ok(rituals_cli(org, "publish", "--all", "--caldav", url, *RANGE))
            assert len(calendar.get_events()) == len(live) - 2
            assert (
                "DELETE" in again.output
                and "up to date" in ok(rituals_cli(org, "publish", "--all", "--caldav", url, *RANGE)).output
            )
            moved = icalendar.Calendar.from_ical(calendar.get_event_by_uid(coffee_uid(date(2027, 10, 25), 1)).data)
            assert int(moved.walk("VEVENT")[0]["SEQUENCE"]) == 1
            with pytest.raises(caldav.lib.error.NotFoundError):
                calendar.get_event_by_uid(coffee_uid(date(2027, 11, 8), 1))

            # the files themselves, stored one UID per object and read back unchanged: the feed,
            # then the invitations (with their attendees), each in a calendar of its own
            ok(rituals_cli(org, "export", "--all", "--dir", str(tmp_path / "req"), "--method", "request", *RANGE))
            feed = client.principal().make_calendar(name="feed", cal_id="feed")
            assert caldav_round_trip(feed, sorted((pub / "rituals").glob("*.ics"))) == len(
                live
            )  # a feed holds what is planned
            invites = client.principal().make_calendar(name="invites", cal_id="invites")
            assert caldav_round_trip(invites, sorted((tmp_path / "req" / "rituals").rglob("*.ics"))) == len(live) - 2


def test_publish_with_bad_credentials_is_refused(org, tmp_path, monkeypatch):
    with radicale_server(tmp_path, user="team", password="right") as server:
        monkeypatch.setenv("RITUALS_TEST_DAV_PASSWORD", "wrong")
        result = rituals_cli(
            org,
            "publish",
            "--all",
            "--caldav",
            f"{server}team/calendar/",
            "--user",
            "team",
            "--password-env",
            "RITUALS_TEST_DAV_PASSWORD",
            *RANGE,
        )
    assert result.exit_code == 1 and "refused the credentials" in result.output
    assert "wrong" not in result.output and len(result.output.strip().splitlines()) == 1


def test_publish_errors_are_one_clear_line(org):
    closed = f"http://127.0.0.1:{free_port()}/team/"
    result = rituals_cli(org, "publish", "--all", "--caldav", closed, *RANGE)
    assert result.exit_code == 1 and "cannot reach the CalDAV server" in result.output
    result = rituals_cli(org, "publish", "--all", "--caldav", closed, "--password-env", "RITUALS_TEST_UNSET_VAR")
    assert result.exit_code == 2 and "RITUALS_TEST_UNSET_VAR" in result.output


# --------------------------------------------------------------------------- e-mail
class Sink:
    """An aiosmtpd handler that keeps every envelope."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, f"127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def test_send_delivers_one_imip_invite_per_event_and_zone(org, smtp_sink, tmp_path):
    sink, server = smtp_sink
    ok(rituals_cli(org, "send", COFFEE.id, "--smtp", server, "--from", "rituals@example.org"))
    want = {u: e for u, e in expected(org).items() if e.ritual_id == COFFEE.id}  # not the cancelled date
    zones = {p.email: p.timezone for p in PEOPLE}
    # each attendee of a group has their own copy (it names the others), so their own message,
    # which says the time in their zone
    per_zone = sum(len({zones[a.email] for a in e.attendees}) for e in want.values())
    per_person = sum(len(e.attendees) for e in want.values())
    assert len(sink.envelopes) == per_person >= per_zone > len(want)
    seen: dict = {}
    reached: dict = {}
    for envelope in sink.envelopes:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",)).get_content()
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        (uid,) = {str(e["UID"]) for e in cal.walk("VEVENT")}
        method = "CANCEL" if want[uid].cancelled else "REQUEST"
        assert part.get_param("method") == method == str(cal["METHOD"])
        (zone,) = {zones[r] for r in envelope.rcpt_tos}
        reached.setdefault(uid, []).extend(envelope.rcpt_tos)
        start = want[uid].start.replace(tzinfo=ZoneInfo(COFFEE.schedule.timezone)).astimezone(ZoneInfo(zone))
        assert f"{start:%H:%M}-" in text and f"{zone.rsplit('/', 1)[1].replace('_', ' ')} time" in text
        # a comma or quote in a display name must not split or corrupt the To list
        assert sorted(a.addr_spec for a in message["To"].addresses) == sorted(envelope.rcpt_tos)
        assert message["From"].addresses[0].addr_spec == ORGANIZER
        assert envelope.mail_from == "rituals@example.org" and COFFEE.title.split(",")[0] in text
        assert PRIVATE_NOTE not in text
        seen[uid] = part.get_payload(decode=True)
    assert set(seen) == set(want)
    assert {u: sorted(r) for u, r in reached.items()} == {
        u: sorted(a.email for a in e.attendees) for u, e in want.items()
    }
    # sent again with nothing changed: nothing goes out
    quiet = ok(rituals_cli(org, "send", COFFEE.id, "--smtp", server))
    assert len(sink.envelopes) == per_person and "up to date" in quiet.output
    # a date cancelled after the invites went out: its groups get a CANCEL, nobody else anything
    day = date(2027, 3, 22)
    org.sessions.cancel(f"{COFFEE.id}@{day}")
    ok(rituals_cli(org, "send", COFFEE.id, "--smtp", server))
    cancels = sink.envelopes[per_person:]
    uids = {coffee_uid(day, 1), coffee_uid(day, 2)}
    assert len(cancels) == 3  # the Paris pair, and the Shanghai-New York pair in two zones
    files = [tmp_path / f"{coffee_uid(day, 1)}.ics"]
    files[0].write_bytes(seen[coffee_uid(day, 1)])
    for envelope in cancels:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        (uid,) = {str(e["UID"]) for e in cal.walk("VEVENT")}
        assert uid in uids and str(cal["METHOD"]) == "CANCEL" and part.get_param("method") == "CANCEL"
        assert set(envelope.rcpt_tos) <= {a.email for a in want[uid].attendees}
        if uid == coffee_uid(day, 1):
            files.append(tmp_path / f"{uid}-cancel.ics")
            files[-1].write_bytes(part.get_payload(decode=True))
    check_files(files, tmp_path / "checks")
    check_update(files[0], files[1])


def test_send_dry_run_writes_private_eml_files(org, tmp_path):
    out = tmp_path / "outbox"
    said = ok(rituals_cli(org, "send", "gratitude-circle", "--dry-run", "--dir", str(out)))
    paris, shanghai = sorted(out.glob("*.eml"), key=lambda p: "li@example.org" in p.name)  # one per zone
    assert "dry run: 1 message would go out; nothing was sent or recorded" in said.output  # one REQUEST line
    for eml in (paris, shanghai):
        assert stat.S_IMODE(eml.stat().st_mode) == 0o600
    message = email.message_from_bytes(paris.read_bytes(), policy=policy.default)
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert ORGANIZER in message["To"] and part.get_param("method") == "REQUEST"
    assert str(icalendar.Calendar.from_ical(part.get_payload(decode=True))["METHOD"]) == "REQUEST"
    # 16:00 in Paris on Monday 4 January 2027 is 23:00 in Shanghai (UTC+1 and UTC+8)
    assert (
        "When: Monday 04 January 2027, 16:00-16:45 Paris time, repeating" in message.get_body(("plain",)).get_content()
    )
    far = email.message_from_bytes(shanghai.read_bytes(), policy=policy.default)
    assert [a.addr_spec for a in far["To"].addresses] == ["li@example.org"]
    assert (
        "When: Monday 04 January 2027, 23:00-23:45 Shanghai time (16:00-16:45 Paris time)"
        in far.get_body(("plain",)).get_content()
    )


def test_send_errors_are_one_clear_line(org):
    result = rituals_cli(org, "send", COFFEE.id, "--smtp", f"127.0.0.1:{free_port()}")
    assert result.exit_code == 1 and "cannot reach the SMTP server" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_smtp_credentials_are_reported(org, monkeypatch):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    controller = Controller(
        Sink(),
        hostname="127.0.0.1",
        port=free_port(),
        auth_require_tls=False,
        authenticator=lambda *args: AuthResult(success=False, handled=False),
    )
    controller.start()
    try:
        monkeypatch.setenv("RITUALS_TEST_SMTP_PASSWORD", "wrong")
        result = rituals_cli(
            org,
            "send",
            COFFEE.id,
            "--smtp",
            f"127.0.0.1:{controller.port}",
            "--user",
            "bot",
            "--password-env",
            "RITUALS_TEST_SMTP_PASSWORD",
        )
    finally:
        controller.stop()
    assert result.exit_code == 1 and "refused the credentials" in result.output
    assert "wrong" not in result.output


# --------------------------------------------------------------------------- bad input
def test_unknown_ritual_is_a_usage_error(org, tmp_path):
    result = rituals_cli(org, "export", "no-such-ritual", "-o", str(tmp_path / "x.ics"))
    assert result.exit_code == 2 and "unknown ritual 'no-such-ritual'" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "x.ics").exists()
    result = rituals_cli(org, "send", "no-such-ritual", "--dry-run", "--dir", str(tmp_path))
    assert result.exit_code == 2 and "unknown ritual" in result.output


def test_cli_start_does_not_import_calendar_libraries():
    # icalendar and caldav are slow to import: only the invite commands load them
    probe = "import sys, rituals.cli; print(sorted({'icalendar', 'caldav', 'smtplib'} & set(sys.modules)))"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=root)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr


def test_folders_made_for_invites_are_private(org, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    target = shared / "new" / "invites"
    ok(rituals_cli(org, "export", "--all", "--dir", str(target), *RANGE))
    made = [shared / "new", target, *(p for p in target.rglob("*") if p.is_dir())]
    assert len(made) > 3 and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in made)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # a folder that existed is left as it was


def test_why_a_line_goes_out_reads_in_the_readers_language() -> None:
    from rituals import locale
    from rituals.service.export import Line

    changed = Line("REQUEST", "coffee-roulette-2026-12-08-g3", ("a@example.org",), "changed: time, people")
    assert changed.why() == "changed: time, people"  # English: the reason as kept, for scripts too
    before = locale.current()
    locale.use("fr")
    try:
        assert changed.why() == "modifié\u00a0: horaire, participants"
        assert Line("CANCEL", "x", (), "no longer in this event").why() == "ne fait plus partie de cet événement"
        assert Line("PUT", "x", (), "an unknown reason").why() == "an unknown reason"
    finally:
        locale.use(before)
