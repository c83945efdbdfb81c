"""The change journal as the rest of rituals sees it: what one change was, which records two
changes share, which changes an undo may revert, and the conflict a stale write runs into.

A record is named ``table:key`` (``people:ana@x.org``, ``rituals:coffee``,
``sessions:coffee@2026-12-17``); ``table:*`` stands for every record of a table and ``*`` for
every record of the file (a restored backup). Pure: the store keeps the entries, this module only
reasons about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from datetime import datetime
from typing import Any

from rituals.core.errors import Conflict, InvalidInput
from rituals.core.frozen import frozen
from rituals.locale import _

EVERYTHING = "*"
# what an entry is: a change to the plan, an undo (reverting it is a redo), an erasure (never
# undone), bookkeeping of the outside world (what an export sent), a doctor's repair or restore,
# and the digest that stands for the old entries of one day after compaction
KINDS = ("change", "undo", "erasure", "note", "doctor", "digest")


@frozen
class Change:
    """One journal entry: the change that produced ``revision``."""

    revision: int
    at: str  # ISO 8601, UTC
    by: str  # the user name (or $RITUALS_USER)
    via: str  # the command or the planner screen it came from
    summary: str
    kind: str = "change"
    records: tuple[str, ...] = ()  # the records it changed; (EVERYTHING,) when unknown
    undoable: bool = False  # it still holds what is needed to revert it
    undoes: tuple[int, ...] = ()  # for an undo: the revisions it reverted
    people: tuple[str, ...] = ()  # e-mails it concerns (their record, groups, attendance, audience)
    rituals: tuple[str, ...] = ()  # ritual ids it concerns (the ritual, its sessions)
    first: int = 0  # a digest: the first revision it stands for (else the revision itself)
    count: int = 1  # a digest: how many changes it stands for
    said: dict[str, Any] | None = field(default=None, compare=False)  # the summary, to say again (locale.said)

    @property
    def label(self) -> str:
        """How messages name it: ``#42`` or, for a digest, ``#12-#41``."""
        return f"#{self.revision}" if self.count == 1 else f"#{self.first}-#{self.revision}"

    def concerns_person(self, email: str) -> bool:
        return email in self.people or record_key("people", email) in self.records

    def concerns_ritual(self, ritual_id: str) -> bool:
        return ritual_id in self.rituals


def record_key(table: str, key: str) -> str:
    return f"{table}:{key}"


def split_key(record: str) -> tuple[str, str]:
    """``("people", "ana@x.org")`` from ``people:ana@x.org``; ``("*", "*")`` for everything."""
    if record == EVERYTHING:
        return EVERYTHING, EVERYTHING
    table, _, key = record.partition(":")
    return table, key


def shared(ours: Iterable[str], theirs: Iterable[str]) -> list[str]:
    """The records of ``ours`` that ``theirs`` also touched (whole tables and the whole file
    included), in the order of ``ours``."""
    theirs = set(theirs)
    if EVERYTHING in theirs:
        return list(ours)
    tables = {split_key(r)[0] for r in theirs if split_key(r)[1] == "*"}
    found = []
    for record in ours:
        table, key = split_key(record)
        if record == EVERYTHING:
            if theirs:
                found.append(record)
        elif record in theirs or table in tables or (key == "*" and any(split_key(r)[0] == table for r in theirs)):
            found.append(record)
    return found


class EditConflict(Conflict):
    """A write based on an old revision touches records that other changes touched since.

    ``changes`` are those other changes (from the journal), ``records`` the records both sides
    touched, ``current`` the revision the file is at now: writing again with it as the expected
    revision applies the change on top of theirs. ``problems`` holds one line per other change
    (and what it did to each shared record), shown under the message."""

    def __init__(
        self,
        message: str,
        changes: Sequence[Change],
        records: Sequence[str],
        current: int,
        problems: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.changes = tuple(changes)
        self.records = tuple(records)
        self.current = current
        self.problems = list(problems)


@frozen
class UndoPlan:
    """What an undo reverts (newest first) and the changes it leaves as they are."""

    revert: tuple[Change, ...]
    kept: tuple[Change, ...] = ()  # erasures and summarised entries among them: they stay


def plan_undo(recent: Iterable[Change], count: int | None = 1, to: int | None = None) -> UndoPlan:
    """The changes ``undo count`` (or ``undo --to to``) reverts, from ``recent`` (newest first,
    read only as far as needed).

    Bookkeeping entries are skipped; an entry that cannot be undone (an erasure, a summarised old
    entry) is left in place, and the undo is refused if a change it reverts shares a record with
    such an entry made after it: that later change depends on the earlier one."""
    if to is None and (count is None or count < 1):
        raise InvalidInput(_("the number of changes to undo must be at least 1, not {count}").format(count=count))
    chosen: list[Change] = []
    kept: list[Change] = []
    seen: list[Change] = []
    for change in recent:
        if (to is None and len(chosen) == count) or (to is not None and change.revision < to):
            seen.append(change)  # where the walk stopped: `--to` may name it
            break
        seen.append(change)
        if change.kind == "note":
            continue
        (chosen if change.undoable else kept).append(change)
    _check_reach(seen, chosen, kept, count, to)
    for change in chosen:
        for later in kept:
            both = shared(change.records, later.records) if later.revision > change.revision else []
            if both:
                raise Conflict(
                    _(
                        "cannot undo {label} ({summary}): {label2} ({summary2}, by {by}) changed {names} after it "
                        "and cannot be undone"
                    ).format(
                        label=change.label,
                        summary=change.summary,
                        label2=later.label,
                        summary2=later.summary,
                        by=later.by,
                        names=_names(both),
                    )
                )
    return UndoPlan(tuple(chosen), tuple(k for k in kept if chosen and k.revision > chosen[-1].revision))


def _check_reach(
    recent: Sequence[Change], chosen: list[Change], kept: list[Change], count: int | None, to: int | None
) -> None:
    if to is not None:
        if not chosen or chosen[-1].revision != to:
            target = next((c for c in recent if c.first <= to <= c.revision), None)
            why = (
                _("{label} cannot be undone ({why})").format(label=target.label, why=_why_not(target))
                if target
                else _("there is no change #{to}").format(to=to)
            )
            raise InvalidInput(_("cannot undo to #{to}: {why}; see `rituals history`").format(to=to, why=why))
        return
    if count is not None and len(chosen) < count:
        older = (
            _("; {label} and older cannot be undone ({why})").format(label=kept[-1].label, why=_why_not(kept[-1]))
            if kept
            else ""
        )
        raise InvalidInput(_("only {count} change(s) can be undone{older}").format(count=len(chosen), older=older))


def _why_not(change: Change) -> str:
    if change.kind == "erasure":
        return _("an erasure is never undone")
    if change.kind == "note":
        return _("it records what was sent, not a change to the plan")
    if change.kind == "doctor":
        return _("a repair or a restored backup")
    return _("old entries are kept as summaries only")


def _names(records: Sequence[str]) -> str:
    shown = ", ".join(records[:3])
    if len(records) <= 3:
        return shown
    more = len(records) - 3
    return _("{names} and {n} more").format(names=shown, n=more)


def field_changes(before: dict[str, object] | None, after: dict[str, object] | None) -> str:
    """What a change did to one record, in a few words: ``team: Sales → Ops``, ``added``, ``removed``."""
    if before is None and after is None:
        return _("unchanged")
    if before is None:
        return _("added")
    if after is None:
        return _("removed")
    parts = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            parts.append(f"{name}: {_short(old)} → {_short(new)}")
    if not parts:
        return _("unchanged")
    more = len(parts) - 4
    return "; ".join(parts[:4]) + (_(" (and {n} more)").format(n=more) if more > 0 else "")


def _short(value: object) -> str:
    text = "—" if value in (None, "", [], {}) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def local_time(stamp: str) -> str:
    """A journal time (UTC) as the user's local time to the minute; a day (a digest) as is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment.tzinfo else stamp
