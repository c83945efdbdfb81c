"""Ideas: the catalog ranked for this team, with filters; an idea becomes a ritual draft."""

from __future__ import annotations

import os
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Select, Static

from rituals.core.catalog.filter import Filters
from rituals.core.catalog.ideas import BUDGETS, GOALS, language_from_env
from rituals.core.catalog.rank import Suggestion
from rituals.core.models import FORMATS, KINDS, Ritual
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.feedback import error_text
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.widgets.table import Table

ALL_IDEAS = 200  # more than the catalog holds: show every idea that fits, best first
LANGS = (("English", "en"), ("Français", "fr"))
HEADINGS = {
    "en": ("Why now", "How", "People", "Budget", "Effort", "Groups of"),
    "fr": ("Pourquoi maintenant", "Comment", "Personnes", "Budget", "Effort", "Groupes de"),
}


class IdeasScreen(PlannerScreen):
    SECTION = "ideas"
    AUTO_FOCUS = "#ideas"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "draft", "Make it a ritual"),
        Binding("l", "language", "EN/FR"),
        Binding("escape", "clear", "Clear filters", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ideas: list[Suggestion] = []
        self.lang = language_from_env(os.environ)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="idea-filters", classes="filters"):
            yield Select[str](((g, g) for g in GOALS), prompt="Goal", id="idea-goal", compact=True)
            yield Select[str](((f, f) for f in FORMATS), prompt="Team is…", id="idea-format", compact=True)
            yield Select[str](((k, k) for k in KINDS), prompt="Kind", id="idea-kind", compact=True)
            yield Select[str](((b, b) for b in BUDGETS), prompt="Budget", id="idea-budget", compact=True)
            yield Select[str](LANGS, value=self.lang, allow_blank=False, id="idea-lang", compact=True)
        with Horizontal(id="ideas-main", classes="split"):
            yield Table(id="ideas", classes="panel")
            with VerticalScroll(id="idea-detail", classes="panel"):
                yield Static(id="idea-text")

    def on_mount(self) -> None:
        table = self.query_one("#ideas", Table)
        for label in ("Idea", "Kind"):
            table.add_column(label)
        table.add_column("Min", right=True)
        table.add_column("Format")
        self.query_one("#idea-detail").border_title = "The idea"

    def reload(self) -> None:
        self.refilter()

    def filters(self) -> Filters:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#idea-{name}", Select).value
            return value if isinstance(value, str) else None

        return Filters(goal=chosen("goal"), format=chosen("format"), kind=chosen("kind"), budget=chosen("budget"))

    @on(Select.Changed)
    def refilter(self) -> None:
        lang = self.query_one("#idea-lang", Select).value
        self.lang = lang if isinstance(lang, str) else "en"
        table = self.query_one("#ideas", Table)
        try:
            # a fixed seed: the ranking is reproducible and browsing records nothing as "shown"
            self.ideas = self.service.ideas.suggest(self.filters(), n=ALL_IDEAS, seed=self.service.seed or 0)
        except Exception as exc:  # noqa: BLE001 - "no idea fits" is an answer, shown in place
            self.ideas = []
            self.query_one("#idea-text", Static).update(escape(error_text(exc)))
        table.set_rows(
            (s.idea.title.get(self.lang), s.idea.kind, str(s.idea.minutes), s.idea.format) for s in self.ideas
        )
        table.border_title = f"{len(self.ideas)} ideas for your team"
        self.show_idea()

    def selected(self) -> Suggestion | None:
        row = self.query_one("#ideas", Table).cursor_row
        return self.ideas[row] if 0 <= row < len(self.ideas) else None

    @on(Table.RowHighlighted, "#ideas")
    def show_idea(self) -> None:
        s = self.selected()
        if s is None:
            return
        idea, lang = s.idea, self.lang
        why, how, people, budget, effort, groups = HEADINGS[lang]
        lines = [
            f"[b]{escape(idea.title.get(lang))}[/b]",
            f"[dim]{idea.kind} · {idea.format} · {idea.minutes} min · {idea.rhythm}[/dim]",
            "",
            f"[b]{why}[/b]  {escape(s.reason.get(lang))}",
            "",
            escape(idea.description.get(lang)),
            "",
            f"[b]{how}[/b]",
            *(f"  {n}. {escape(step.get(lang))}" for n, step in enumerate(idea.steps, 1)),
            "",
            f"{people}: {idea.people_min}–{idea.people_max} · {budget}: {idea.budget} · {effort}: {idea.effort}"
            + (f" · {groups} {idea.groups_of}" if idea.groups_of else ""),
        ]
        self.query_one("#idea-text", Static).update("\n".join(lines))

    @on(Table.RowSelected, "#ideas")
    def action_draft(self) -> None:
        s = self.selected()
        if s is None:
            return
        try:
            draft = self.service.ideas.draft(s.idea.id, self.lang)
        except Exception as exc:  # noqa: BLE001
            self.notify(error_text(exc), severity="error", markup=False)
            return
        self.app.push_screen(RitualForm(draft=draft), self._planned)

    async def _planned(self, ritual: Ritual | None) -> None:
        if ritual is not None:
            await self.app.open_ritual(ritual.id)

    def action_language(self) -> None:
        self.query_one("#idea-lang", Select).value = "fr" if self.lang == "en" else "en"

    def action_clear(self) -> None:
        for name in ("goal", "format", "kind", "budget"):
            self.query_one(f"#idea-{name}", Select).clear()
