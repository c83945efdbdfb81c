"""CLI arguments, fuzzed: dates, durations, recurrences, time zones, sizes 0/1/huge, free text.

Every run either works, and then the database still loads, or exits 1/2 with one clear line
and leaves the database byte-identical. Nothing a user can type may store a value that makes
the file unreadable afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import assert_clean_failure, build_small_db, cli

from rituals.store import Store

EXAMPLES = 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

with tempfile.TemporaryDirectory() as _folder:
    SMALL_DB = build_small_db(Path(_folder) / "rituals.json").read_bytes()

junk = st.text(max_size=25)
dates = st.one_of(
    st.dates().map(str), st.sampled_from(["2026-02-29", "2026-13-01", "0000-01-01", "9999-12-31", "tomorrow"]), junk
)
moments = st.one_of(
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    st.sampled_from(
        ["2026-12-03T12:30", "2026-12-03", "2026-12-03T25:00", "2026-12-03T12:30+02:00", "2026-03-29T02:30"]
    ),
    junk,
)
durations = st.one_of(
    st.sampled_from(["0", "1", "5", "45m", "1h30", "24h", "25h", "99999999999999999999h", "-5m"]), junk
)
everies = st.one_of(st.sampled_from(["once", "weekly", "monthly", "0w", "1w", "52w", "53w", "3m", "fortnightly"]), junk)
zones = st.one_of(
    st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Mars/Olympus", "", "../../etc/passwd"]), junk
)
sizes = st.one_of(st.sampled_from(["0", "1", "2", "12", "13", "-1", str(10**30)]), st.integers().map(str), junk)
counts = st.one_of(st.sampled_from(["0", "1", "1000", "1001", str(10**30)]), junk)
audiences = st.one_of(
    st.sampled_from(["all", "teams:Data", "teams:Nope", "people:ana@x.org,bo@x.org", "people:", "x:y"]), junk
)
emails = st.one_of(
    st.sampled_from(["dee@x.org", "ANA@X.ORG", "a@b", "@x.org", "dee@x.org\n"]), st.emails().map(str), junk
)


# After any accepted change, these must still work: stored text is shown, never interpreted.
SHOW = (("people", "list"), ("ritual", "list"), ("ritual", "show", "lunch"), ("people", "show", "ana@x.org"))


def _run(*args: str, no_match: tuple[str, ...] = ()) -> None:
    """``no_match``: a one-line answer that is not an error (suggest: "No idea matches ...")."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "rituals.json"
        db.write_bytes(SMALL_DB)
        result = cli(db, *args)
        if result.exit_code == 0:
            store = Store(db)
            store.people(), store.rituals(), store.sessions()  # whatever was accepted, the file reads back
            for command in SHOW:
                shown = cli(db, *command)
                assert shown.exit_code == 0, f"{command} after {args!r}: {shown.stderr}"
            return
        if no_match and result.exit_code == 1 and result.stderr.startswith(no_match):  # str.startswith takes a tuple
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        else:
            assert_clean_failure(result, repr(args))
        assert db.read_bytes() == SMALL_DB, f"{args!r} failed but changed the database"


def _flag_pairs(draw: st.DrawFn, options: dict[str, st.SearchStrategy[str]]) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(sorted(options)), unique=True, max_size=len(options)))
    return [part for name in chosen for part in (name, draw(options[name]))]


@FUZZ
@given(st.data())
def test_people_add_and_edit(data: st.DataObject) -> None:
    options = {"--team": junk, "--location": junk, "--tz": zones, "--joined": dates, "--tags": junk}
    email = data.draw(emails)
    _run("people", "add", email, "--name", data.draw(junk), *_flag_pairs(data.draw, options))
    _run(
        "people",
        "edit",
        data.draw(st.sampled_from(["ana@x.org", "nobody@x.org"])),
        *_flag_pairs(
            data.draw, {**options, "--name": junk, "--never-with": st.sampled_from(["bo@x.org", "x@y.z", ""])}
        ),
    )


@FUZZ
@given(st.data())
def test_ritual_add_and_edit(data: st.DataObject) -> None:
    options = {
        "--start": moments,
        "--tz": zones,
        "--duration": durations,
        "--every": everies,
        "--until": dates,
        "--count": counts,
        "--size": sizes,
        "--mix": junk,
        "--audience": audiences,
        "--organizer": emails,
        "--skip-holidays": st.sampled_from(["FR", "US", "XX", ""]),
        "--format-kind": junk,
        "--id": junk,
    }
    base = ["--title", data.draw(junk), "--kind", data.draw(st.sampled_from(["lunch", "game", "nope"]))]
    _run("ritual", "add", *base, *_flag_pairs(data.draw, options))
    _run("ritual", "edit", "lunch", *_flag_pairs(data.draw, options))


@FUZZ
@given(st.data())
def test_dates_given_to_pause_and_export(data: st.DataObject) -> None:
    _run("people", "pause", "bo@x.org", "--until", data.draw(dates))
    _run("export", "lunch", "--from", data.draw(dates), "--to", data.draw(dates))
    _run(
        "ritual",
        "cancel",
        data.draw(st.sampled_from(["lunch@2026-12-01", "lunch@2026-11-17", "lunch@", "@"])) + data.draw(junk),
    )


def test_a_reader_that_goes_away_gets_no_error_spew(tmp_path: Path) -> None:
    """`rituals people list | head -1`: the pipe closes early; no traceback, no internal error."""
    import subprocess

    from reliability_support import process_env, rituals_command

    db = tmp_path / "rituals.json"
    db.write_bytes(SMALL_DB)
    proc = subprocess.Popen(
        [*rituals_command(), "people", "list", "-f", "json"],
        env=process_env(db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # before it writes anything
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) in (0, 1)
    assert stderr == ""


ints = st.one_of(st.sampled_from(["0", "1", "-1", str(10**30)]), st.integers(-(10**6), 10**6).map(str), junk)


@settings(FUZZ, max_examples=30)
@given(st.data())
def test_log_report_suggest_and_rotate(data: st.DataObject) -> None:
    session = data.draw(st.sampled_from(["lunch@2026-12-01", "lunch@2026-11-17", "lunch@2026-12-08", "nope@x"]))
    log = {
        "--attended": st.sampled_from(["ana@x.org", "ana@x.org,zed@x.org", ""]),
        "--absent": emails,
        "--late": st.sampled_from(["cy@x.org", "cy@x.org:1", "cy@x.org:99", "cy@x.org:-1", ":"]),
        "--rating": ints,
        "--note": junk,
        "--feedback": st.sampled_from(["ana@x.org=5:ok", "ana@x.org=9", "=", "x"]),
    }
    _run("log", session, *_flag_pairs(data.draw, log))
    report = {
        "--from": dates,
        "--to": dates,
        "--team": junk,
        "--isolated-days": ints,
        "--repeats": ints,
        "--format": st.sampled_from(["table", "json", "csv", "xml"]),
    }
    _run("report", *_flag_pairs(data.draw, report))
    suggest = {
        "--count": ints,
        "--lang": st.sampled_from(["en", "fr", "de", ""]),
        "--people": ints,
        "--minutes": ints,
        "--budget": junk,
        "--goal": junk,
        "--season": junk,
        "--seed": ints,
    }
    _run("suggest", *_flag_pairs(data.draw, suggest), no_match=("No idea matches", "Aucune idée ne correspond"))
    rotate = {
        "--date": dates,
        "--rounds": st.sampled_from(["0", "1", "3", "-2", str(10**9)]),
        "--seed": ints,
        "--absent": emails,
    }
    _run("rotate", "lunch", "--time-limit", "0.05", *_flag_pairs(data.draw, rotate))
