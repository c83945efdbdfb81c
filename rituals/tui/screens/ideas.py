"""Ideas: the catalog ranked for this team, with filters; an idea becomes a ritual draft."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Select, Static

from rituals.core.catalog.filter import Filters
from rituals.core.catalog.ideas import BUDGETS, GOALS
from rituals.core.catalog.rank import Suggestion
from rituals.core.models import FORMATS, KINDS, Ritual
from rituals.locale import N_, _, current, ngettext, pgettext
from rituals.tui.dialogs.ritual import RitualForm
from rituals.tui.feedback import error_text
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.text import value
from rituals.tui.widgets.table import Table

FILTERS = ("goal", "format", "kind", "budget")
ALL_IDEAS = 200  # more than the catalog holds: show every idea that fits, best first
LANGS = (("English", "en"), ("Français", "fr"))  # each in its own language: whoever reads it finds theirs


class IdeasScreen(PlannerScreen):
    SECTION = "ideas"
    AUTO_FOCUS = "#ideas"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "draft", N_("Make it a ritual")),
        # the planner's language, ideas included (the app's own key, shown here where it was born)
        Binding("l", "app.switch_language", N_("EN/FR")),
        Binding("escape", "clear", N_("Clear filters"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ideas: list[Suggestion] = []
        self.lang = current()  # the ideas are shown in the planner's language

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="idea-filters", classes="filters"):
            self.lang = current()
            yield Select[str](((value(g), g) for g in GOALS), prompt=_("Goal"), id="idea-goal", compact=True)
            yield Select[str](((value(f), f) for f in FORMATS), prompt=_("Team is…"), id="idea-format", compact=True)
            yield Select[str](((value(k), k) for k in KINDS), prompt=_("Kind"), id="idea-kind", compact=True)
            yield Select[str](((value(b), b) for b in BUDGETS), prompt=_("Budget"), id="idea-budget", compact=True)
            yield Select[str](LANGS, value=self.lang, allow_blank=False, id="idea-lang", compact=True)
        with Horizontal(id="ideas-main", classes="split"):
            yield Table(id="ideas", classes="panel")
            with VerticalScroll(id="idea-detail", classes="panel"):
                yield Static(id="idea-text")

    def on_mount(self) -> None:
        table = self.query_one("#ideas", Table)
        for label in (pgettext("column", "Idea"), pgettext("column", "Kind")):
            table.add_column(label)
        table.add_column(pgettext("column", "Min"), right=True)
        table.add_column(pgettext("column", "Format"))
        self.query_one("#idea-detail").border_title = _("The idea")

    def reload(self) -> None:
        self.refilter()

    def filters(self) -> Filters:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#idea-{name}", Select).value
            return value if isinstance(value, str) else None

        return Filters(goal=chosen("goal"), format=chosen("format"), kind=chosen("kind"), budget=chosen("budget"))

    @on(Select.Changed)
    async def _chosen(self, event: Select.Changed) -> None:
        if event.select.id != "idea-lang":
            self.refilter()
        elif isinstance(event.value, str) and event.value != current():
            # the language of the ideas is the planner's: every screen switches with it
            await self.app.run_action(f"app.switch_language({event.value!r})")

    def refilter(self) -> None:
        self.lang = current()
        table = self.query_one("#ideas", Table)
        try:
            # a fixed seed: the ranking is reproducible and browsing records nothing as "shown"
            self.ideas = self.service.ideas.suggest(self.filters(), n=ALL_IDEAS, seed=self.service.seed or 0)
        except Exception as exc:  # noqa: BLE001 - "no idea fits" is an answer, shown in place
            self.ideas = []
            self.query_one("#idea-text", Static).update(escape(error_text(exc)))
        table.set_rows(
            (s.idea.title.get(self.lang), value(s.idea.kind), str(s.idea.minutes), value(s.idea.format))
            for s in self.ideas
        )
        table.border_title = ngettext("{n} idea for your team", "{n} ideas for your team", len(self.ideas)).format(
            n=len(self.ideas)
        )
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
        facts = _("People: {min}–{max} · Budget: {budget} · Effort: {effort}").format(
            min=idea.people_min, max=idea.people_max, budget=value(idea.budget), effort=value(idea.effort)
        )
        if idea.groups_of:
            facts = _("{facts} · Groups of {n}").format(facts=facts, n=idea.groups_of)
        minutes = _("{n} min").format(n=idea.minutes)
        lines = [
            f"[b]{escape(idea.title.get(lang))}[/b]",
            f"[dim]{value(idea.kind)} · {value(idea.format)} · {minutes} · {value(idea.rhythm)}[/dim]",
            "",
            "[b]" + _("Why now") + f"[/b]  {escape(s.reason.get(lang))}",
            "",
            escape(idea.description.get(lang)),
            "",
            "[b]" + _("How") + "[/b]",
            *(f"  {n}. {escape(step.get(lang))}" for n, step in enumerate(idea.steps, 1)),
            "",
            facts,
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

    def action_clear(self) -> None:
        for name in FILTERS:
            self.query_one(f"#idea-{name}", Select).clear()

    def keep(self) -> object:
        chosen = {name: self.query_one(f"#idea-{name}", Select).value for name in FILTERS}
        return {name: v for name, v in chosen.items() if isinstance(v, str)}

    def restore(self, kept: object) -> None:
        for name, chosen in (kept if isinstance(kept, dict) else {}).items():  # what keep() gave
            select = self.query_one(f"#idea-{name}", Select)
            with select.prevent(Select.Changed):
                select.value = chosen
        self.reload()
