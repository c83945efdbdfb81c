"""Add or edit a person; pause or resume one."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from rituals.core.errors import InvalidInput, RitualsError
from rituals.core.models import Person
from rituals.core.schedule import parse_date
from rituals.tui.dialogs.base import Dialog

FIELDS = (
    ("email", "E-mail", "camille@example.org"),
    ("name", "Name", "Camille Laurent"),
    ("team", "Team", "Engineering"),
    ("location", "Location", "Paris, Lyon… or remote"),
    ("timezone", "Time zone", "Europe/Paris"),
    ("joined", "Joined", "YYYY-MM-DD (optional)"),
    ("tags", "Tags", "mentor, french-speaker (comma-separated)"),
)


class PersonForm(Dialog[Person]):
    """Returns the saved person, or None when closed."""

    def __init__(self, person: Person | None) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        p = self.person
        values = {
            "email": p.email, "name": p.name, "team": p.team, "location": p.location, "timezone": p.timezone,
            "joined": p.joined.isoformat() if p.joined else "", "tags": ", ".join(p.tags),
        } if p else {"location": "remote", "timezone": "Europe/Paris"}
        with Vertical(classes="dialog", id="person-form") as box:
            box.border_title = f"Edit {p.name}" if p else "Add a person"
            with VerticalScroll(classes="form"):
                for key, label, hint in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(values.get(key, ""), placeholder=hint, id=f"f-{key}", disabled=bool(p and key == "email"), compact=True)
            yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save  ^s", variant="primary", id="save", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one("#f-name" if self.person else "#f-email", Input).focus()

    def _value(self, key: str) -> str:
        return self.query_one(f"#f-{key}", Input).value.strip()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        try:
            joined = parse_date(self._value("joined")) if self._value("joined") else None
            fields = {
                "name": self._value("name"), "team": self._value("team"), "location": self._value("location"),
                "timezone": self._value("timezone") or "UTC", "joined": joined,
                "tags": tuple(t.strip() for t in self._value("tags").split(",") if t.strip()),
            }
            if self.person is None:
                saved = self.service.people.add(self._value("email"), **fields)
            else:
                saved = self.service.people.edit(self.person.email, **fields)
        except RitualsError as exc:
            self.show_error(exc)
            return
        self.notify(f"Saved {saved.name}")
        self.dismiss(saved)


class PauseDialog(Dialog[Person]):
    """Pause someone until a date (leave, busy season), or resume them with an empty date."""

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        p = self.person
        with Vertical(classes="dialog small", id="pause-form") as box:
            box.border_title = f"Pause {p.name}"
            yield Static(
                "Paused people are left out of invitations and groups until the date.\n"
                "Leave the date empty to resume them now."
            )
            with Horizontal(classes="field"):
                yield Label("Until", classes="field-label")
                value = p.paused_until.isoformat() if p.paused_until else ""
                yield Input(value, placeholder="YYYY-MM-DD", id="f-until", compact=True)
            yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save  ^s", variant="primary", id="save", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one("#f-until", Input).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        text = self.query_one("#f-until", Input).value.strip()
        try:
            until: date | None = parse_date(text) if text else None
            saved = self.service.people.pause(self.person.email, until)
        except (RitualsError, InvalidInput) as exc:
            self.show_error(exc)
            return
        self.notify(f"{saved.name} paused until {until:%d %b %Y}" if until else f"{saved.name} is active again")
        self.dismiss(saved)
