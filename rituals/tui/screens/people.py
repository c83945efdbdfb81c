"""People: a table that filters as you type, with add, edit, pause and CSV import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from rituals.core.choices import REMOTE
from rituals.core.collation import sorted_names
from rituals.core.models import Person
from rituals.locale import N_, _, pgettext
from rituals.locale.formats import day
from rituals.service.people import PersonFilter
from rituals.tui.dialogs.person import PauseDialog, PersonForm
from rituals.tui.dialogs.person_view import PersonPanel
from rituals.tui.dialogs.roster import ImportDialog
from rituals.tui.feedback import attempt
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.text import value
from rituals.tui.widgets.table import Table

MAX_ROWS = 200
STATUSES = (("active", "active"), ("paused", "paused"), ("newcomer", "newcomers"))


class PeopleScreen(PlannerScreen):
    SECTION = "people"
    AUTO_FOCUS = "#people"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", N_("Search"), key_display="/"),
        Binding("a", "add", N_("Add")),
        Binding("e", "edit", N_("Edit")),
        Binding("p", "pause", N_("Pause/resume")),
        Binding("i", "import", N_("Import CSV")),
        Binding("v", "view", N_("View"), tooltip=N_("Who they met, teams never met, whom to meet next")),
        Binding("escape", "clear", N_("Clear filters"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Person] = []
        self.everyone: list[Person] = []  # loaded once per visit; each keystroke filters it
        self.cells: dict[str, tuple[str, ...]] = {}  # each person's row, made once per visit

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="people-filters", classes="filters"):
            # short enough to show whole at 80 columns; the tooltip says what is searched
            yield Input(
                placeholder=_("Search people…  (/)"),
                id="search",
                compact=True,
                tooltip=_("Matches name, e-mail, team, location and tags, as you type"),
            )
            yield Select[str]([], prompt=pgettext("filter", "Team"), id="team", compact=True)
            yield Select[str]([], prompt=pgettext("filter", "Location"), id="location", compact=True)
            statuses = ((value(label), key) for label, key in STATUSES)
            yield Select[str](statuses, prompt=pgettext("filter", "Status"), id="status", compact=True)
        yield Table(id="people")
        yield Static(id="people-count", classes="status-line")

    def on_mount(self) -> None:
        table = self.query_one("#people", Table)
        table.add_column(pgettext("column", "Name"), floor=14)  # how people are recognised: the last to give way
        table.add_column(pgettext("column", "Team"))
        table.add_column(pgettext("column", "Where"))  # shorter than "Location": the header is cut last
        table.add_column(pgettext("column", "Status"), floor=8)  # "newcomer" whole
        # last: the longest column, and the least needed to recognise someone; but it is the
        # person's id, so the others give way to it
        table.add_column(pgettext("column", "E-mail"), keep=True)
        table.focus()

    def reload(self) -> None:
        people = self.everyone = attempt(self, self.service.people.all) or []
        today = self.service.today()
        self.cells = {p.email: (p.name, p.team or "—", _place(p), _status(p, today), p.email) for p in people}
        # measured on everyone: the columns keep their widths while a filter narrows the rows
        self.query_one("#people", Table).measure(self.cells.values())
        self._fill_select("#team", sorted_names(p.team for p in people if p.team))
        places = {p.location: _place(p) for p in people if p.location}
        self._fill_select("#location", sorted(places), places.__getitem__)
        self.refilter()

    def _fill_select(self, selector: str, values: list[str], label: Callable[[str], str] = str) -> None:
        select = self.query_one(selector, Select)
        keep = select.value
        with select.prevent(Select.Changed):
            select.set_options((label(v), v) for v in values)
            if keep in values:
                select.value = keep

    def current_filter(self) -> PersonFilter:
        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) else None

        return PersonFilter(
            text=self.query_one("#search", Input).value,
            team=chosen("#team"),
            location=chosen("#location"),
            status=chosen("#status"),
        )

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def refilter(self) -> None:
        people = attempt(self, self.service.people.filter, self.everyone, self.current_filter())
        if people is None:
            return
        table = self.query_one("#people", Table)
        selected = self.selected_email()
        # a list of thousands helps nobody: show the first ones, and say so
        self.shown = people[:MAX_ROWS]
        table.set_rows((self.cells[p.email] for p in self.shown), measure=False)
        emails = [p.email for p in self.shown]
        if selected in emails:
            table.move_cursor(row=emails.index(selected), animate=False)
        count = _("{n} of {total} people").format(n=len(people), total=len(self.everyone))
        if len(people) > MAX_ROWS:
            count = _("{count} — showing the first {max}, type to narrow").format(count=count, max=MAX_ROWS)
        # one line whatever it says: no layout pass (it would cost a keystroke another frame)
        self.query_one("#people-count", Static).update(count, layout=False)

    def selected_email(self) -> str | None:
        table = self.query_one("#people", Table)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row].email

    def show_person(self, email: str) -> None:
        """Show one person (from a dashboard alert)."""
        self.query_one("#search", Input).value = email

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        for selector in ("#team", "#location", "#status"):
            self.query_one(selector, Select).clear()
        self.query_one("#people", Table).focus()

    @on(Input.Submitted, "#search")
    def _to_table(self) -> None:
        self.query_one("#people", Table).focus()

    @on(Table.RowSelected, "#people")
    def action_edit(self) -> None:
        email = self.selected_email()
        if email is None:
            self.notify(_("No person selected"), severity="warning")
            return
        revision = attempt(self, self.service.history.revision)  # read first: the form's edits are checked against it
        person = attempt(self, self.service.people.get, email)  # another process may have removed them
        if person is not None:
            self.app.push_screen(PersonForm(person, revision))

    def action_add(self) -> None:
        self.app.push_screen(PersonForm(None))

    def action_pause(self) -> None:
        email = self.selected_email()
        revision = attempt(self, self.service.history.revision)
        person = attempt(self, self.service.people.get, email) if email is not None else None
        if person is not None:
            self.app.push_screen(PauseDialog(person, revision))

    def action_view(self) -> None:
        email = self.selected_email()
        view = attempt(self, self.service.people.view, email) if email is not None else None
        if view is not None:
            self.app.push_screen(PersonPanel(view))

    def action_import(self) -> None:
        self.app.push_screen(ImportDialog())

    def keep(self) -> object:
        chosen = {s.id: s.value for s in self.query(Select) if isinstance(s.value, str)}
        return self.query_one("#search", Input).value, chosen

    def restore(self, kept: object) -> None:
        text, chosen = cast("tuple[str, dict[str, str]]", kept)
        self.query_one("#search", Input).value = text
        self.reload()
        for select_id, chosen_value in chosen.items():
            select = self.query_one(f"#{select_id}", Select)
            with select.prevent(Select.Changed):
                select.value = chosen_value
        self.refilter()


def _status(person: Person, today: date) -> str:
    if person.leave_date is not None:
        left = day(person.leave_date, "day_month")
        return _("left {day}").format(day=left) if person.has_left(today) else _("leaves {day}").format(day=left)
    if person.is_paused(today) and person.paused_until is not None:
        return _("paused to {day}").format(day=day(person.paused_until, "day_month"))
    if person.is_newcomer(today):
        return value("newcomer")
    return value("active")


def _place(person: Person) -> str:
    """Where someone works as the reader names it: "remote" (the value `--location` takes) in
    their words."""
    return value(REMOTE) if person.is_remote else person.location
