"""Security: private files, secrets never stored or shown, user text never code or markup."""

from __future__ import annotations

import ast
import smtplib
import stat
from datetime import datetime
from pathlib import Path

import pytest
from reliability_support import ROOT, cli

from rituals.core.models import Audience, Person, Ritual, Schedule, Session
from rituals.store import Store

SECRET = "s3cret-Zq9!never-stored"
SECRET_ENV = {"RITUALS_TEST_PASSWORD": SECRET}


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_database_and_its_copies_are_private(small_db: Path) -> None:
    assert cli(small_db, "people", "add", "dee@x.org", "--name", "Dee").exit_code == 0
    assert _private(small_db) and _private(small_db.with_name("rituals.json.bak"))
    assert _private(small_db.with_name("rituals.json.lock"))
    fresh = small_db.with_name("new.json")
    assert cli(fresh, "init").exit_code == 0
    assert _private(fresh)


def test_every_export_is_private(small_db: Path) -> None:
    folder = small_db.parent
    assert cli(small_db, "export", "lunch", "-o", str(folder / "one.ics")).exit_code == 0
    assert cli(small_db, "export", "--all", "--dir", str(folder / "feeds")).exit_code == 0
    assert cli(small_db, "send", "lunch", "--dry-run", "--dir", str(folder / "mail")).exit_code == 0
    written = [folder / "one.ics", *(folder / "feeds").rglob("*.ics"), *(folder / "mail").glob("*.eml")]
    assert len(written) >= 4
    assert [p.name for p in written if not _private(p)] == []


class _FakeSMTP:
    logins: list[tuple[str, str]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.sent = 0

    def __enter__(self) -> _FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def starttls(self, context: object = None) -> None:
        return None

    def login(self, user: str, password: str) -> None:
        _FakeSMTP.logins.append((user, password))

    def send_message(self, message: object) -> None:
        self.sent += 1


class _FakeDAV:
    passwords: list[str] = []

    def __init__(self, url: str, username: str | None, password: str | None, timeout: int) -> None:
        _FakeDAV.passwords.append(password or "")

    def __enter__(self) -> _FakeDAV:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def calendar(self, url: str) -> _FakeDAV:
        return self

    def add_event(self, ics: str, increase_seqno: bool = True) -> None:
        return None


def _files_text(folder: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def test_a_password_from_the_environment_is_used_but_never_stored_or_shown(
    small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import caldav  # the publish command imports it when run; the fake replaces its client

    monkeypatch.setattr(smtplib, "SMTP", _FakeSMTP)
    monkeypatch.setattr(caldav, "DAVClient", _FakeDAV)
    before = Store(small_db).revision
    outputs = []
    for args in (
        ["send", "lunch", "--smtp", "mail.invalid:587", "--user", "lead", "--password-env", "RITUALS_TEST_PASSWORD"],
        [
            "publish",
            "lunch",
            "--caldav",
            "https://dav.invalid/cal/",
            "--user",
            "lead",
            "--password-env",
            "RITUALS_TEST_PASSWORD",
        ],
    ):
        result = cli(small_db, *args, env=SECRET_ENV)
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout + result.stderr)
    assert ("lead", SECRET) in _FakeSMTP.logins and SECRET in _FakeDAV.passwords  # the secret was used
    assert Store(small_db).revision > before  # and the database was written (the export state)
    assert SECRET not in _files_text(small_db.parent)
    assert all(SECRET not in out for out in outputs)


@pytest.mark.parametrize(
    "args",
    [
        ["send", "lunch", "--smtp", "127.0.0.1:9", "--user", "lead", "--password-env", "RITUALS_TEST_PASSWORD"],
        [
            "publish",
            "lunch",
            "--caldav",
            "http://127.0.0.1:9/cal/",
            "--user",
            "lead",
            "--password-env",
            "RITUALS_TEST_PASSWORD",
        ],
    ],
)
def test_a_failed_attempt_stores_and_shows_no_password(small_db: Path, args: list[str]) -> None:
    before = small_db.read_bytes()
    result = cli(small_db, *args, env=SECRET_ENV)
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot reach")
    assert SECRET not in result.stdout + result.stderr
    assert small_db.read_bytes() == before
    assert SECRET not in _files_text(small_db.parent)


def test_names_with_line_breaks_and_separators_cannot_inject_calendar_properties(tmp_path: Path) -> None:
    db = tmp_path / "rituals.json"
    evil = 'Eve\r\nATTENDEE:mailto:evil@x.org\r\nX-INJECTED:1;"q",:'
    with Store(db).transaction() as tx:  # written past the CLI, which would clean the text first
        tx.put_person(Person("eve@x.org", evil))
        tx.put_person(Person("ana@x.org", "Ana"))
        tx.put_ritual(
            Ritual(
                "lunch",
                f"Lunch {evil}",
                "lunch",
                Schedule(datetime(2026, 12, 1, 12, 30)),
                location=evil,
                description=evil,
                organizer="ana@x.org",
                audience=Audience("people", ("ana@x.org", "eve@x.org")),
            )
        )
        tx.put_session(Session("lunch", datetime(2026, 12, 1, 12, 30), (("ana@x.org", "eve@x.org"),)))
    result = cli(db, "export", "lunch", "-o", str(tmp_path / "out.ics"))
    assert result.exit_code == 0, result.stderr
    unfolded = (tmp_path / "out.ics").read_bytes().decode().replace("\r\n ", "")
    names = [line.split(":")[0].split(";")[0] for line in unfolded.split("\r\n") if line]
    assert "X-INJECTED" not in names
    assert not [line for line in unfolded.split("\r\n") if line.startswith("ATTENDEE") and "evil@x.org" in line]


FORBIDDEN_CALLS = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")}


TRANSLATIONS = {"_", "ngettext", "pgettext", "npgettext", "gettext"}


def _translated(node: ast.expr) -> bool:
    """A call that returns a message of the catalogs (their placeholders are checked against
    the English ones: tests/test_locale.py): of a literal, or of an entry of a table of messages
    (marked with N_ where the table is defined)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in TRANSLATIONS and bool(node.args) and isinstance(node.args[0], (ast.Constant, ast.Subscript))


def test_no_shell_no_eval_and_no_user_text_as_a_format_template() -> None:
    found = []
    for path in sorted((ROOT / "rituals").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(func, ast.Name) and func.id in ("eval", "exec"):
                found.append(f"{where} {func.id}()")
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if (func.value.id, func.attr) in FORBIDDEN_CALLS:
                    found.append(f"{where} {func.value.id}.{func.attr}()")
            if any(
                k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in node.keywords
            ):
                found.append(f"{where} shell=")
            if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
                # a template must be our own text: a literal, an entry of a table of messages, or
                # a message of our catalogs (`_("...")`, `ngettext(...)`, `catalog.gettext(...)`)
                if not isinstance(func.value, (ast.Constant, ast.Subscript)) and not _translated(func.value):
                    found.append(f"{where} .{func.attr}() on a computed template")
    assert found == []


NASTY = [
    "[/]",
    "[bold red]x[/",
    "[link=file:///etc/passwd]a[/link]",
    "%s %(x)s {0} {x!r}",
    "=1+2",
    "a\x1b[31mb",
    "\u202eevil",
]


@pytest.mark.parametrize("text", NASTY)
def test_markup_and_format_characters_in_stored_text_print_as_typed(small_db: Path, text: str) -> None:
    with Store(small_db).transaction() as tx:  # as a roster or another version could have stored it
        tx.put_person(Person("ana@x.org", f"Ana {text}", f"Data {text}", f"Lyon {text}"))
    assert cli(small_db, "ritual", "edit", "lunch", "--title", f"Lunch {text}").exit_code == 0
    for command in (
        ["people", "list"],
        ["people", "show", "ana@x.org"],
        ["ritual", "list"],
        ["ritual", "show", "lunch"],
        ["report"],
        ["suggest"],
        ["rotate", "lunch", "--time-limit", "0.2"],
    ):
        result = cli(small_db, *command)
        assert result.exit_code == 0, f"{command}: {result.stderr}"
        assert "internal error" not in result.stderr
