"""What the Rotation screen says about the groups shown: the title over them, and why each group."""

from __future__ import annotations

from textual.markup import escape

from rituals.core.models import Person
from rituals.locale import _, ngettext
from rituals.locale.formats import day
from rituals.service.rotation import RotationPreview
from rituals.service.sessions import Occurrence
from rituals.tui.text import when


def groups_title(preview: RotationPreview) -> str:
    """ "✓ formed · Coffee roulette · Tue 08 Dec 10:00 · 6 groups"; the state first: a narrow
    panel cuts the end of its title."""
    proposed = preview.sessions[0]
    state = _("✓ formed") if proposed.is_recorded else _("draft (ctrl+s records it)")
    on = when(preview.ritual.schedule, proposed.start)
    count = ngettext("{n} group", "{n} groups", len(proposed.groups)).format(n=len(proposed.groups))
    return f"{state} · {preview.ritual.title} · {on} · {count}"


def explanation(preview: RotationPreview) -> str:
    """Why each group (the service's lines), who was left out, and the keys (Rich markup)."""
    proposed = preview.sessions[0]
    lines = [
        "[b]" + _("Group {n}").format(n=g) + f"[/b] {escape(line)}"
        for g, line in enumerate(preview.lines(proposed), start=1)
    ]
    if proposed.left_out:
        gone = ", ".join(preview.names.get(e, e) for e in proposed.left_out)
        lines.append("\n[dim]" + _("Left out (absent or paused): {names}").format(names=escape(gone)) + "[/dim]")
    lines.append("\n[dim]" + _("r reshuffle · s swap two · p pin · a absent · ctrl+s accept") + "[/dim]")
    return "\n".join(lines)


def why_text(preview: RotationPreview, row: int, person: Person | None) -> str:
    """The line under the groups: why the group of ``row``, and who ``person`` (under the cursor) is."""
    lines = preview.lines(preview.sessions[0])
    text = "[b]" + _("Group {n}:").format(n=row + 1) + f"[/b] {escape(lines[row]) if row < len(lines) else ''}"
    if person is not None:
        said = _("{name}:").format(name=escape(person.name))
        text += f"\n[b]{said}[/b] {escape(person.team or _('no team'))}, {escape(person.location)}"
    return text


def date_options(coming: list[Occurrence]) -> list[tuple[str, str]]:
    """The date picker's (label, ISO date) options, the dates already formed marked."""
    formed = "  " + _("✓ formed")
    return [
        (f"{when(o.ritual.schedule, o.start)}{formed if o.groups_formed else ''}", o.day.isoformat()) for o in coming
    ]


def draft_name(preview: RotationPreview) -> str:
    """What quitting would lose, as the question says it: "the draft groups of … on Tue 08 Dec"."""
    start = preview.sessions[0].start
    return _("the draft groups of {title} on {day}").format(title=preview.ritual.title, day=day(start, "short"))
