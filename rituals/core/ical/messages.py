"""Which events travel together: one UID per iTIP message (RFC 5546 3.2), a master with its
overrides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rituals.core.ical.events import CalendarEvent


def scheduling_messages(events: list[CalendarEvent], method: str) -> list[tuple[str, list[CalendarEvent]]]:
    """Split events into (METHOD, events) files as iTIP wants them.

    PUBLISH: everything in one file. REQUEST and CANCEL: one UID per message (RFC 5546 3.2);
    a cancelled event inside a REQUEST export goes out as a CANCEL.
    """
    if method == "PUBLISH":
        return [("PUBLISH", events)] if events else []
    out = []
    for _uid, group in by_uid(events).items():
        if method == "CANCEL":
            out.append(("CANCEL", [replace(e, cancelled=True) for e in group]))
        else:
            out.append(("CANCEL" if group[0].cancelled else "REQUEST", group))
    return out


def by_uid(events: Iterable[CalendarEvent]) -> dict[str, list[CalendarEvent]]:
    """Events grouped by UID (a master with its overrides), in first-seen order."""
    groups: dict[str, list[CalendarEvent]] = {}
    for event in events:
        groups.setdefault(event.uid, []).append(event)
    return groups
