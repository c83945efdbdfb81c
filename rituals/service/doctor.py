"""`rituals doctor`: which checks and repairs to run on the database file, and in what order.

The work on the file itself is the store's (``rituals.store.doctor``): a broken file cannot go
through the Store's readers. Once the file reads, the plan is checked too: people paused on a
planned date or gone from the roster who are still in its groups, and people alone in a group
(their partners would be stood up); ``--repair`` re-forms those groups with the plan repair
(``svc.repair``), after the file's own repairs, and says which group became what.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rituals.core.errors import RitualsError
from rituals.locale import _
from rituals.service.context import Context
from rituals.store import doctor as on_file
from rituals.store.doctor import DoctorReport

if TYPE_CHECKING:
    from rituals.service.repair import PlanRepair

__all__ = ["Doctor", "DoctorReport"]


class Doctor:
    """Checks, repairs or restores the database file, then the plan it holds."""

    def __init__(self, context: Context, repair: PlanRepair) -> None:
        self.context = context
        self.store = context.store
        self.repair = repair

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
            self._repair_plan(report)
        on_file.note_leftovers(self.store, report, remove=repair)
        repaired = bool(report.fixed)
        on_file.examine(self.store, report)
        if repair and not repaired and report.problems:
            report.notes.append(_("rituals doctor --repair cannot fix what remains: nothing in it is safe to change"))
        self._check_plan(report)
        return report

    def _repair_plan(self, report: DoctorReport) -> None:
        try:
            change = self.repair.fix_stale()
        except RitualsError:
            return  # the file does not read: examine says why
        change = dataclasses.replace(change, names={})  # the doctor names people by e-mail
        report.fixed += [_("regrouped {change}").format(change=line) for line in change.lines()]

    def _check_plan(self, report: DoctorReport) -> None:
        """People who should not be in planned groups; those gone from the roster are already
        named by the file's own check of references."""
        try:
            found = self.repair.stale_members(self.store.people(), self.store.sessions())
        except RitualsError:
            return
        for stale in found:
            sessions = ", ".join(stale.sessions[:3])
            if len(stale.sessions) > 3:
                sessions = _("{names} and {n} more").format(names=sessions, n=len(stale.sessions) - 3)
            if stale.why == "paused":
                report.problems.append(
                    _("{email} is paused until {day} but still in planned groups: {sessions}").format(
                        email=stale.email, day=stale.paused_until, sessions=sessions
                    )
                )
            elif stale.why == "alone":
                report.problems.append(
                    _("{email} is alone in a group of planned session {sessions}").format(
                        email=stale.email, sessions=sessions
                    )
                )
