"""A person's own view: who they met, the teams never met, weak ties, what is next, whom to meet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Static

from rituals.locale import _
from rituals.locale.formats import day
from rituals.service.over_time import PersonView
from rituals.tui.dialogs.base import Dialog

MAX_MET = 20


class PersonPanel(Dialog[None]):
    """Read-only; the service's `People.view` computed it (the same as `rituals people show`)."""

    def __init__(self, view: PersonView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        v = self.view
        p = v.person
        with Vertical(classes="dialog wide tall", id="person-panel") as box:
            box.border_title = p.name
            with VerticalScroll(classes="form"):
                facts = [p.team or _("no team"), p.role, p.location, p.timezone]
                yield Static(escape(" · ".join(f for f in facts if f)), classes="panel-line")
                if v.trail is not None:
                    yield Static(escape(_("Trail: {trail}").format(trail=v.trail.text())), classes="panel-line")
                met = [
                    _("{day}  {name} ({team}) in {ritual}").format(
                        day=day(m.day, "day_month_year"), name=m.name, team=m.team or "—", ritual=m.ritual
                    )
                    for m in v.met[:MAX_MET]
                ]
                yield from _section(_("Met ({n})").format(n=len(v.met)), met)
                never = ", ".join(v.teams_never_met) or _("none: every team met")
                yield from _section(_("Teams never met"), [never])
                yield from _section(
                    _("Weak ties (met once, long ago)"),
                    [f"{m.name} ({m.team or '—'}), {day(m.day, 'day_month_year')}" for m in v.weak_ties],
                )
                yield from _section(
                    _("Next sessions"),
                    [f"{day(d, 'short')}  {title}: {', '.join(g)}" for d, title, g in v.next_sessions[:8]],
                )
                yield from _section(
                    _("Would most benefit from meeting"),
                    [f"{s.name} ({s.team or '—'}): {s.why}" for s in v.suggestions],
                )
            with Horizontal(classes="buttons"):
                yield Button(_("Close  esc"), id="cancel", compact=True)


def _section(title: str, lines: list[str]) -> ComposeResult:
    yield Static(f"[b]{escape(title)}[/b]", classes="panel-title")
    yield Static(escape("\n".join(lines) if lines else "—"))
