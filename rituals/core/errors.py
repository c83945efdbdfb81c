"""Domain errors. Each carries a one-line, user-facing message and an exit code.

Exit codes follow the CLI convention: 2 for bad input (usage), 1 for a runtime failure.
"""

from __future__ import annotations

import re

from rituals.locale import _

# runs of whitespace become one space (a message is one line), but for the no-break spaces French
# typography puts before ":" and ";" (they keep a colon on its word's line)
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def one_line(text: object) -> str:
    return _SPACES.sub(" ", str(text)).strip()


class RitualsError(Exception):
    """Base error: its message is shown to the user as is, on one line."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))

    @property
    def message(self) -> str:
        return str(self)


class InvalidInput(RitualsError):
    """The user gave a value we cannot use (a bad date, duration, time zone, CSV row...)."""

    exit_code = 2


class NotFound(InvalidInput):
    """An unknown person, ritual or session was named."""


class Conflict(RitualsError):
    """The operation clashes with the stored state (duplicate id, stale write...)."""


class StorageError(RitualsError):
    """The database file cannot be read or written safely. ``problem`` is the message without the
    advice after it (`rituals doctor` reports the problem and gives its own way out)."""

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(_("{problem}; {advice}").format(problem=message, advice=advice) if advice else message)
        self.problem = one_line(message)


class ExternalError(RitualsError):
    """A CalDAV server, SMTP server or other outside system failed."""
