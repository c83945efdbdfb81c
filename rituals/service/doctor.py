"""`rituals doctor`: which checks and repairs to run on the database file, and in what order.

The work on the file itself is the store's (``rituals.store.doctor``): a broken file cannot go
through the Store's readers.
"""

from __future__ import annotations

from rituals.service.context import Context
from rituals.store import doctor as on_file
from rituals.store.doctor import DoctorReport

__all__ = ["Doctor", "DoctorReport"]


class Doctor:
    """Checks, repairs or restores the database file."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.store = context.store

    def check(self, *, repair: bool = False, restore_backup: bool = False) -> DoctorReport:
        """What is wrong with the file; with ``repair``, what is safe to fix is fixed first, and
        with ``restore_backup`` the last good copy is put back first."""
        report = DoctorReport(self.store.path)
        # names the copies kept before writing: a later run never overwrites an earlier one's
        stamp = self.context.clock().strftime("%Y%m%dT%H%M%S")
        if restore_backup:
            on_file.restore_backup(self.store, report, stamp)
        if repair:
            on_file.repair_file(self.store, report, stamp)
        on_file.note_leftovers(self.store, report, remove=repair)
        repaired = bool(report.fixed)
        on_file.examine(self.store, report)
        if repair and not repaired and report.problems:
            report.notes.append("rituals doctor --repair cannot fix what remains: nothing in it is safe to change")
        return report
