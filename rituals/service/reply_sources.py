"""Where answers are read from, one message at a time (a 10,000-message maildir is never held
in memory at once):

- a path: a maildir (a folder with cur/ and new/), an mbox file, a single .eml message, an .ics
  file (a saved REPLY), or a folder of such files (walked in name order);
- ``imap://[user@]host[:port]/MAILBOX`` or ``imaps://...``: a mailbox read without marking
  anything seen (EXAMINE), the password from the environment;
- ``http(s)://...``: a CalDAV calendar whose server records each attendee's PARTSTAT.

Each source yields `Item`s: the raw bytes of a message, or answers read back from a calendar, or
one line saying why a message could not be read.
"""

from __future__ import annotations

import imaplib
import mailbox
import os
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit

from rituals.core.errors import ExternalError, InvalidInput
from rituals.core.replymail import MAX_MESSAGE
from rituals.locale import _

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

    from rituals.core.ical.replies import Answer

IMAP_BATCH = 50  # messages fetched per round trip: few round trips, little memory
IMAP_TIMEOUT = 30
MESSAGE_SUFFIXES = (".eml", ".msg", ".mbox")


@dataclass(frozen=True, slots=True)
class Item:
    """One thing read: ``where`` names it for the lines shown (a file, a message number)."""

    where: str
    via: str  # mail, imap, file, caldav
    raw: bytes | None = None  # a message
    answers: tuple[Answer, ...] = ()  # read back from a calendar (trusted: no sender to check)
    ics: bytes | None = None  # a saved .ics file
    problem: str = ""


def items(source: str, *, user: str | None = None, password: str | None = None) -> Iterator[Item]:
    """Every item of one source (see the module docstring)."""
    scheme = urlsplit(source).scheme.lower() if "://" in source else ""
    if scheme in ("imap", "imaps"):
        yield from imap_items(source, user, password)
    elif scheme in ("http", "https"):
        yield from caldav_items(source, user, password)
    elif scheme:
        raise InvalidInput(
            _("unknown source {source!r}: give a path, imap://, imaps:// or a CalDAV http(s):// URL").format(
                source=source
            )
        )
    else:
        yield from path_items(Path(source).expanduser())


# --------------------------------------------------------------------------- files
def path_items(path: Path) -> Iterator[Item]:
    if not path.exists():
        raise InvalidInput(_("no such file or folder: {path}").format(path=path))
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            yield from maildir_items(path)
            return
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.name.startswith("."):
                yield from _file_items(child)
        return
    yield from _file_items(path)


def maildir_items(folder: Path) -> Iterator[Item]:
    for sub in ("new", "cur"):
        names = sorted(os.listdir(folder / sub)) if (folder / sub).is_dir() else []
        for name in names:
            if not name.startswith("."):
                yield _one_file(folder / sub / name, "mail")


def _file_items(path: Path) -> Iterator[Item]:
    if path.suffix.lower() == ".ics":
        yield _one_file(path, "file", ics=True)
    elif _is_mbox(path):
        yield from mbox_items(path)
    elif path.suffix.lower() in MESSAGE_SUFFIXES or _looks_like_mail(path):
        yield _one_file(path, "mail")


def _too_large(size: int) -> str:
    return _("{size} MB, too large to be an answer (limit 10 MB)").format(size=f"{size / 1048576:.1f}")


def _one_file(path: Path, via: str, ics: bool = False) -> Item:
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE:
            return Item(str(path), via, problem=_too_large(size))
        data = path.read_bytes()
    except OSError as exc:
        return Item(str(path), via, problem=_("cannot read it ({why})").format(why=exc.strerror))
    return Item(str(path), via, ics=data) if ics else Item(str(path), via, raw=data)


def _is_mbox(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _looks_like_mail(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return bool(re.search(rb"^(From|Received|Return-Path|Message-ID|Date):", head, re.IGNORECASE | re.MULTILINE))


def mbox_items(path: Path) -> Iterator[Item]:
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):  # the keys are offsets: one message read at a time
            try:
                data = box.get_bytes(key)
            except (OSError, KeyError) as exc:
                yield Item(f"{path} #{number}", "mail", problem=_("cannot read it ({why})").format(why=exc))
                continue
            yield Item(f"{path} #{number}", "mail", raw=data)
    finally:
        box.close()


# --------------------------------------------------------------------------- IMAP
def imap_items(url: str, user: str | None, password: str | None) -> Iterator[Item]:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    login = unquote(parts.username) if parts.username else user
    if not host:
        raise InvalidInput(_("bad IMAP URL {url!r}: use imap://user@host:port/MAILBOX").format(url=url))
    if not login or password is None:
        raise InvalidInput(_("reading IMAP needs a user (in the URL or --user) and a password (--password-env VAR)"))
    where = f"{parts.scheme}://{host}{f':{port}' if port else ''}/{folder}"
    try:
        client = _connect(parts.scheme.lower(), host, port)
        try:
            _login(client, login, password, where)
            _expect(
                client.select(_quoted(folder), readonly=True),
                _("has no mailbox {folder!r}").format(folder=folder),
                where,
            )
            yield from _fetch_all(client, where)
        finally:
            try:
                client.logout()
            except (imaplib.IMAP4.error, OSError):
                pass
    except imaplib.IMAP4.error as exc:
        raise ExternalError(
            _("the IMAP server {where} failed: {detail}").format(where=where, detail=_short(exc))
        ) from None
    except (OSError, ssl.SSLError) as exc:
        raise ExternalError(
            _("cannot reach the IMAP server {where}: {detail}").format(where=where, detail=_short(exc))
        ) from None


def _connect(scheme: str, host: str, port: int | None) -> imaplib.IMAP4:
    if scheme == "imaps":
        return imaplib.IMAP4_SSL(host, port or 993, ssl_context=ssl.create_default_context(), timeout=IMAP_TIMEOUT)
    return imaplib.IMAP4(host, port or 143, timeout=IMAP_TIMEOUT)


def _fetch_all(client: imaplib.IMAP4, where: str) -> Iterator[Item]:
    status, data = client.uid("SEARCH", "ALL")  # no charset: imaplib sends the same line as with None
    _expect((status, data), _("cannot list the mailbox"), where)
    uids = (data[0] or b"").split()
    for first in range(0, len(uids), IMAP_BATCH):
        batch = uids[first : first + IMAP_BATCH]
        sizes = _sizes(client, batch)
        wanted = [u for u in batch if sizes.get(u, 0) <= MAX_MESSAGE]
        for uid in batch:
            if uid not in wanted:
                yield Item(
                    f"{where} UID {uid.decode()}",
                    "imap",
                    problem=_too_large(sizes[uid]),
                )
        if wanted:
            yield from _bodies(client, wanted, where)


def _sizes(client: imaplib.IMAP4, uids: list[bytes]) -> dict[bytes, int]:
    status, data = client.uid("FETCH", b",".join(uids).decode(), "(RFC822.SIZE)")
    out = {}
    for line in data if status == "OK" else []:
        found = re.search(
            rb"UID (\d+).*RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+).*UID (\d+)", line if isinstance(line, bytes) else b""
        )
        if found:
            uid, size = (found.group(1), found.group(2)) if found.group(1) else (found.group(4), found.group(3))
            out[uid] = int(size)
    return out


def _bodies(client: imaplib.IMAP4, uids: list[bytes], where: str) -> Iterator[Item]:
    status, data = client.uid("FETCH", b",".join(uids).decode(), "(BODY.PEEK[])")
    if status != "OK":
        raise ExternalError(_("the IMAP server {where} would not hand over messages").format(where=where))
    for entry in data:
        if isinstance(entry, tuple) and len(entry) == 2:
            found = re.search(rb"UID (\d+)", entry[0])
            name = found.group(1).decode() if found else "?"
            yield Item(f"{where} UID {name}", "imap", raw=entry[1])


def _login(client: imaplib.IMAP4, login: str, password: str, where: str) -> None:
    answer: tuple[str, list[Any]]
    try:
        answer = client.login(login, password)
    except imaplib.IMAP4.error:
        answer = ("NO", [])
    _expect(answer, _("refused the credentials"), where)


def _expect(answer: tuple[str, list], problem: str, where: str) -> None:
    if answer[0] != "OK":
        raise ExternalError(_("the IMAP server {where} {problem}").format(where=where, problem=problem))


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------- CalDAV
def caldav_items(url: str, user: str | None, password: str | None) -> Iterator[Item]:
    import caldav  # deferred: heavy, and only this source talks CalDAV

    from rituals.core.ical.replies import stored_answers
    from rituals.service.export_caldav import caldav_errors

    with caldav_errors(url):
        # caldav's lazy module __getattr__ is typed to return object
        dav_client = cast("type[DAVClient]", caldav.DAVClient)
        with dav_client(url=url, username=user, password=password, timeout=20) as client:
            for obj in client.calendar(url=url).events():
                where = str(getattr(obj, "url", url))
                try:
                    yield Item(where, "caldav", answers=tuple(stored_answers(obj.data)))
                except InvalidInput as exc:
                    yield Item(where, "caldav", problem=exc.message)


def _short(exc: BaseException) -> str:
    text = exc.args[0] if exc.args else exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return (" ".join(str(text).split()) or type(exc).__name__)[:160]
