"""History: the change journal (who changed what, when, from where) and undoing changes.

Every write is journaled by the store in the same atomic write as the change itself; this area
reads the journal and turns "undo the last N changes" into one more journaled write, which can
itself be undone (a redo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rituals.core.frozen import frozen
from rituals.core.journal import Change, plan_undo
from rituals.core.models import normalise_email
from rituals.locale import N_
from rituals.locale.said import Nn_
from rituals.service.context import Context

if TYPE_CHECKING:
    from rituals.store.transaction import Transaction


@frozen
class UndoReport:
    """What an undo reverted (newest first), what it left as it was, and the revision it wrote."""

    undone: tuple[Change, ...]
    kept: tuple[Change, ...]
    revision: int


class History:
    """The journal of changes, and undo."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.store = context.store

    def entries(self, limit: int | None = 20, *, person: str | None = None, ritual: str | None = None) -> list[Change]:
        """The latest changes, newest first; only those about ``person`` (an e-mail: their record,
        the sessions and audiences naming them) or ``ritual`` (an id: the ritual and its sessions)."""
        person = normalise_email(person) if person else None
        return self.store.changes(limit, person=person, ritual=ritual.strip() if ritual else None)

    def revision(self) -> int:
        """The revision a view reads at: pass it back as ``expected_revision`` when writing."""
        return self.store.revision

    def undo(self, count: int | None = 1, *, to: int | None = None, expected_revision: int | None = None) -> UndoReport:
        """Revert the last ``count`` changes, or every change back to ``to`` included.

        Changes that cannot be undone (an erasure, an entry old enough to be kept as a summary
        only) are left in place; if a change to revert shares a record with one of them made
        later, nothing is undone and the message says which. With ``expected_revision`` (what a
        screen showed), a change made meanwhile by someone else to the same records is a conflict.
        """
        with self.store.transaction(expected_revision) as tx:
            plan = plan_undo(self.store.iter_changes(), None if to is not None else count, to)
            for change in plan.revert:
                tx.revert(change.revision)
            tx.kind, tx.undoes = "undo", tuple(c.revision for c in plan.revert)
            _say(tx, plan.revert)
            tx.changed = True  # even an undo that puts nothing back is a step a later undo can take back
        return UndoReport(plan.revert, plan.kept, self.store.revision)


def _say(tx: Transaction, undone: tuple[Change, ...]) -> None:
    if len(undone) == 1:
        what = undone[0].said or undone[0].summary
        tx.say(N_("undid {change} ({summary})"), change=undone[0].label, summary=what)
    else:
        changes = ", ".join(c.label for c in undone)
        tx.say(Nn_("undid {n} change: {changes}", "undid {n} changes: {changes}"), n=len(undone), changes=changes)
