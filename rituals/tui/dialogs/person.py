"""Add or edit a person; pause or resume one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Input, Label, Static

from rituals.core.errors import InvalidInput, RitualsError
from rituals.core.models import Person
from rituals.core.schedule import parse_date
from rituals.locale import N_, _, ngettext
from rituals.locale.formats import day
from rituals.tui.dialogs.base import Dialog
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.feedback import attempt

if TYPE_CHECKING:
    from rituals.service.repair import PlanChange

# field, label, placeholder: marked here, translated where the form is drawn
FIELDS = (
    ("email", N_("E-mail"), "camille@example.org"),
    ("name", N_("Name"), "Camille Laurent"),
    ("team", N_("Team"), N_("Engineering")),
    ("location", N_("Location"), N_("Paris, Lyon… or remote")),
    ("timezone", N_("Time zone"), "Europe/Paris"),
    ("joined", N_("Joined"), N_("YYYY-MM-DD (optional)")),
    ("tags", N_("Tags"), N_("mentor, french-speaker (comma-separated)")),
    ("hours", N_("Hours"), N_("Mon-Fri 09:00-18:00 (empty: the team's or office's)")),
    ("calendar", N_("Calendar"), N_(".ics feed URL or file, or caldav:URL (optional)")),
)


class PersonForm(Dialog[Person]):
    """Returns the saved person, or None when closed. ``revision``: the one ``person`` was read
    at; a change made to them elsewhere since is shown before anything is overwritten."""

    def __init__(self, person: Person | None, revision: int | None = None) -> None:
        super().__init__()
        self.person = person
        self.revision = revision

    def compose(self) -> ComposeResult:
        p = self.person
        values = (
            {
                "email": p.email,
                "name": p.name,
                "team": p.team,
                "location": p.location,
                "timezone": p.timezone,
                "joined": p.joined.isoformat() if p.joined else "",
                "tags": ", ".join(p.tags),
                "hours": p.hours,
                "calendar": p.calendar,
            }
            if p
            else {"location": "remote", "timezone": "Europe/Paris"}
        )
        with Vertical(classes="dialog", id="person-form") as box:
            box.border_title = _("Edit {name}").format(name=p.name) if p else _("Add a person")
            with VerticalScroll(classes="form"):
                for key, label, hint in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(_(label), classes="field-label")
                        yield Input(
                            values.get(key, ""),
                            placeholder=_(hint),
                            id=f"f-{key}",
                            disabled=bool(p and key == "email"),
                            compact=True,
                        )
            yield Static(id="dialog-error", classes="error")
            yield from save_buttons()

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
            fields: _Fields = {
                "name": self._value("name"),
                "team": self._value("team"),
                "location": self._value("location"),
                "timezone": self._value("timezone") or "UTC",
                "joined": joined,
                "tags": tuple(t.strip() for t in self._value("tags").split(",") if t.strip()),
                "hours": self._value("hours"),
                "calendar": self._value("calendar"),
            }
            if self.person is None:
                self._saved(self.service.people.add(self._value("email"), **fields))
                return
        except RitualsError as exc:
            self.show_error(exc)
            return
        email = self.person.email
        write_checked(
            self,
            lambda expected: self.service.people.edit(email, expected_revision=expected, **fields),
            self.revision,
            self._saved,
            self.reload,
            self.show_error,
        )

    def _saved(self, saved: Person) -> None:
        self.notify(_("Saved {name}").format(name=saved.name))
        self.dismiss(saved)

    async def reload(self) -> None:
        """Show the person as they are now (someone else changed them); what was typed is dropped."""
        await reload_person(self)


class PauseDialog(Dialog[Person]):
    """Pause someone until a date (leave, busy season), or resume them with an empty date.

    As the date is typed, the dialog shows who is affected: the planned groups up to that date
    that lose this person, and where their partners go. Saving applies exactly that repair
    (it is refused if the plan changed in between, and shown again)."""

    def __init__(self, person: Person, revision: int | None = None) -> None:
        super().__init__()
        self.person = person
        self.change: PlanChange | None = None  # the repair shown for the date typed
        self.revision = revision

    def compose(self) -> ComposeResult:
        p = self.person
        with Vertical(classes="dialog small", id="pause-form") as box:
            box.border_title = _("Pause {name}").format(name=p.name)
            yield Static(
                _(
                    "Paused people are left out of invitations and groups until the date; the planned "
                    "groups they were in are re-formed. Leave the date empty to resume them now."
                )
            )
            with Horizontal(classes="field"):
                yield Label(_("Until"), classes="field-label")
                value = p.paused_until.isoformat() if p.paused_until else ""
                yield Input(value, placeholder=_("YYYY-MM-DD"), id="f-until", compact=True)
            yield Static(id="affected", classes="hint")
            yield Static(id="dialog-error", classes="error")
            yield from save_buttons()

    def on_mount(self) -> None:
        self.show_error(None)
        self.query_one("#f-until", Input).focus()
        self._show_affected()

    @on(Input.Changed, "#f-until")
    def _show_affected(self) -> None:
        """Who the pause would affect, for a complete date (nothing while it is being typed)."""
        text = self.query_one("#f-until", Input).value.strip()
        shown = self.query_one("#affected", Static)
        try:
            until = parse_date(text) if text else None
            self.change = self.service.repair.pause(self.person.email, until)
        except RitualsError:
            self.change = None
            shown.display = False
            return
        lines = [self.change.summary(), *(f"• {line}" for line in self.change.lines()[:6])]
        more = len(self.change.sessions) - 6
        if more > 0:
            lines.append(
                ngettext("… and {n} more planned session", "… and {n} more planned sessions", more).format(n=more)
            )
        shown.update(escape("\n".join(lines)))
        shown.display = bool(self.change.sessions)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_submit(self) -> None:
        text = self.query_one("#f-until", Input).value.strip()
        try:
            until: date | None = parse_date(text) if text else None
        except (RitualsError, InvalidInput) as exc:
            self.show_error(exc)
            return
        email = self.person.email

        def saved(person: Person) -> None:
            if until:
                said = _("{name} paused until {day}").format(name=person.name, day=day(until, "day_month_year"))
            else:
                said = _("{name} is active again").format(name=person.name)
            self.notify(said)
            self.dismiss(person)

        # the repair shown was computed on change.revision: a change to those groups since is a conflict
        shown = self.change.revision if self.change is not None else self.revision
        write_checked(
            self,
            lambda expected: self.service.people.pause(email, until, expected_revision=expected),
            shown,
            saved,
            self.reload,
            self.show_error,
        )

    async def reload(self) -> None:
        await reload_person(self)
        self._show_affected()  # who is affected, on the plan as it now is


async def reload_person(dialog: PersonForm | PauseDialog) -> None:
    """Fill ``dialog`` again with its person as stored now; closed if they were removed meanwhile."""
    assert dialog.person is not None
    revision = attempt(dialog, dialog.service.history.revision)
    fresh = attempt(dialog, dialog.service.people.get, dialog.person.email)
    if fresh is None:
        dialog.dismiss(None)
        return
    dialog.person, dialog.revision = fresh, revision
    await dialog.recompose()
    dialog.on_mount()
    dialog.notify(_("Reloaded: the change made elsewhere is shown; yours was not saved"), title=_("Reloaded"))


def save_buttons() -> ComposeResult:
    """Save and Cancel, under a form."""
    with Horizontal(classes="buttons"):
        yield Button(_("Save  ^s"), variant="primary", id="save", compact=True)
        yield Button(_("Cancel  esc"), id="cancel", compact=True)


class _Fields(TypedDict):
    """What the form gives `People.add` and `People.edit`, beside the e-mail."""

    name: str
    team: str
    location: str
    timezone: str
    joined: date | None
    tags: tuple[str, ...]
    hours: str
    calendar: str
