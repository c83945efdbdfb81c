"""Create or edit a ritual: every field, each checked as you type."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from rituals.core.errors import RitualsError
from rituals.core.models import FORMATS, KINDS, MIX_POLICIES, MONTHLY_BY, ON_CLOSED, SLOT_PREFERENCES, Ritual
from rituals.core.ritual_spec import RitualSpec
from rituals.locale import N_, _
from rituals.service.rituals import spec_of
from rituals.tui.dialogs.base import Dialog
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.dialogs.person import save_buttons
from rituals.tui.feedback import attempt
from rituals.tui.text import value

# field, label, placeholder (None: a choice or a checkbox, built apart)
FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("title", N_("Title"), N_("Coffee roulette")),
    ("kind", N_("Kind"), None),
    ("start", N_("First time"), N_("2026-12-03T12:30, or a date for all day")),
    ("all_day", N_("All day"), None),
    ("timezone", N_("Time zone"), "Europe/Paris"),
    ("duration", N_("Duration"), N_("45m, 1h30")),
    ("every", N_("Repeats"), N_("once, weekly, 2w, monthly, 3m")),
    ("monthly_on", N_("Monthly on"), None),
    ("until", N_("Until"), N_("YYYY-MM-DD (optional)")),
    ("count", N_("Times"), N_("number of sessions (optional)")),
    ("skip_holidays", N_("Skip holidays"), N_("country code: FR, US… (optional)")),
    ("on_closed", N_("On closed days"), None),
    ("size", N_("Group size"), N_("2-12 for rotating groups, 0 = all together")),
    ("mix", N_("Mix"), None),
    ("slot", N_("Group times"), None),
    ("window", N_("Window"), N_("week 10:00-16:00 (day, week or 3d; the ritual's zone)")),
    ("prefer", N_("Prefer"), None),
    ("audience", N_("Who"), N_("all, teams:Design,Data or people:a@x,b@y")),
    ("format", N_("Format"), None),
    ("location", N_("Where"), N_("room, address (optional)")),
    ("video_link", N_("Video link"), N_("https://… (optional)")),
    ("organizer", N_("Organizer"), N_("e-mail of the organizer")),
    ("description", N_("Description"), N_("what happens, what to bring")),
    ("id", N_("Id"), N_("short id (default: from the title)")),
)
CHOICES = {
    "kind": KINDS,
    "mix": MIX_POLICIES,
    "format": FORMATS,
    "monthly_on": MONTHLY_BY,
    "on_closed": ON_CLOSED,
    "slot": ("fixed", "find"),
    "prefer": SLOT_PREFERENCES,
}
CHOICE_LABELS = {
    "weekday": N_("the same weekday (e.g. the 4th Thursday)"),
    "day": N_("the same date (e.g. the 27th)"),
    "skip": N_("skip the date"),
    "move": N_("move to the next working day"),
    "fixed": N_("the ritual's time for every group"),
    "find": N_("each group finds a time all can make"),
    "earliest": N_("the earliest"),
    "spread": N_("the one with the most room around it"),
}
PROMPTS = {
    "kind": N_("choose a kind"),
    "mix": N_("choose a mix"),
    "format": N_("choose a format"),
    "monthly_on": N_("choose a day of the month"),
    "on_closed": N_("choose what a closed day does"),
    "slot": N_("choose the group times"),
    "prefer": N_("choose a preference"),
}
NEW_DEFAULTS = RitualSpec(
    duration="1h",
    every="weekly",
    monthly_on="weekday",
    size=0,  # zone: the team's
    mix="cross-team",
    audience="all",
    format="hybrid",
    on_closed="skip",
    slot="fixed",
    prefer="earliest",
)


class RitualForm(Dialog[Ritual]):
    """Returns the saved ritual, or None when closed. ``draft`` pre-fills a new one (from an idea).
    ``revision``: the one ``ritual`` was read at; a change made to it elsewhere since is shown
    before anything is overwritten."""

    def __init__(
        self, ritual: Ritual | None = None, draft: RitualSpec | None = None, revision: int | None = None
    ) -> None:
        super().__init__()
        self.ritual = ritual
        self.initial = spec_of(ritual) if ritual else (draft or NEW_DEFAULTS)
        self.touched: set[str] = set()
        self.revision = revision

    def compose(self) -> ComposeResult:
        if self.initial.timezone is None:  # a new ritual starts in the team's own time zone
            self.initial = dataclasses.replace(self.initial, timezone=self.service.people.team_timezone() or "UTC")
        with Vertical(classes="dialog wide tall", id="ritual-form") as box:
            box.border_title = _("Edit {name}").format(name=self.ritual.title) if self.ritual else _("New ritual")
            with VerticalScroll(classes="form"):
                for name, label, hint in FIELDS:
                    if name == "id" and self.ritual:
                        continue  # sessions and invites refer to it: it cannot change
                    with Horizontal(classes="field", id=f"row-{name}"):
                        yield Label(_(label), classes="field-label")
                        yield self._input(name, hint)
                    yield Static(classes="field-error", id=f"e-{name}")
            yield Static(id="dialog-error", classes="error")
            yield from save_buttons()

    def _input(self, name: str, hint: str | None) -> Widget:
        initial = getattr(self.initial, name)
        if name in CHOICES:
            options = [(_(CHOICE_LABELS[c]) if c in CHOICE_LABELS else value(c), c) for c in CHOICES[name]]
            return Select(
                options,
                value=initial if initial in CHOICES[name] else Select.NULL,
                prompt=_(PROMPTS[name]),
                id=f"f-{name}",
                compact=True,
            )
        if name == "all_day":
            return Checkbox(_("the whole day (no time)"), bool(initial), id="f-all_day", compact=True)
        if name == "description":
            return TextArea(initial or "", id="f-description", soft_wrap=True, compact=True)
        kind: Literal["integer", "text"] = "integer" if name in ("size", "count") else "text"
        return Input(
            "" if initial is None else str(initial),
            placeholder=_(hint) if hint else "",
            id=f"f-{name}",
            type=kind,
            compact=True,
        )

    def on_mount(self) -> None:
        self.show_error(None)
        for error in self.query(".field-error"):
            error.display = False
        self._show_monthly_choice()
        self._show_window()
        self.query_one("#f-title", Input).focus()

    def _show_monthly_choice(self) -> None:
        """ "Monthly on" only means something for a monthly ritual: shown only then."""
        from rituals.core.schedule import parse_every

        every = self.query_one("#f-every", Input).value
        try:
            monthly = bool(every.strip()) and parse_every(every)[0] == "monthly"
        except RitualsError:
            monthly = "m" in every.lower()  # half typed ("3mo"): keep the choice in view
        self.query_one("#row-monthly_on").display = monthly
        if not monthly:
            self.query_one("#e-monthly_on").display = False

    def _show_window(self) -> None:
        """The window and preference only mean something when each group finds its time."""
        finding = self.query_one("#f-slot", Select).value == "find"
        for name in ("window", "prefer"):
            self.query_one(f"#row-{name}").display = finding
            if not finding:
                self.query_one(f"#e-{name}").display = False

    def spec(self) -> RitualSpec:
        """The form as a spec: every field when editing, only what was filled when creating."""
        values: dict[str, Any] = {}  # each of FIELDS' names is a RitualSpec field, with its type
        for name, _label, _hint in FIELDS:
            found = self.query(f"#f-{name}")
            if not found:
                continue
            widget = found.first()
            if isinstance(widget, Checkbox):
                values[name] = widget.value
                continue
            raw: object
            if isinstance(widget, TextArea):
                raw = widget.text
            elif isinstance(widget, Input):
                raw = widget.value
            else:
                assert isinstance(widget, Select), "a field is an input, a text area, a checkbox or a choice"
                raw = widget.value if widget.value != Select.NULL else ""
            text = str(raw).strip()
            if name in ("size", "count"):
                values[name] = int(text) if text.lstrip("-").isdigit() else (0 if name == "size" else None)
            elif text or self.ritual or name in ("title", "kind", "start"):
                values[name] = text
        if self.initial.idea_id and not self.ritual:
            values["idea_id"] = self.initial.idea_id  # remembers which idea it came from
        return RitualSpec(**values)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed | Select.Changed | Checkbox.Changed) -> None:
        widget_id = event.control.id or ""
        if widget_id == "f-every":
            self._show_monthly_choice()
        if widget_id == "f-slot":
            self._show_window()
        if widget_id.startswith("f-"):
            self.touched.add(widget_id[2:])
            self.validate(only_touched=True)

    def validate(self, only_touched: bool = False) -> dict[str, str]:
        problems = self.service.rituals.problems(self.spec(), self.ritual.id if self.ritual else None)
        for name, _label, _hint in FIELDS:
            found = self.query(f"#e-{name}")
            if not found:
                continue
            message = problems.get(name, "") if not only_touched or name in self.touched else ""
            found.first(Static).update(f"↳ {message}" if message else "")
            found.first().display = bool(message)
            self.query_one(f"#row-{name}").set_class(bool(message), "-invalid")
        whole = problems.get("", "")
        self.show_error(whole if whole and not only_touched else None)
        return problems

    @on(Input.Submitted)
    def _next_field(self) -> None:
        # twenty fields: enter moves on, ctrl+s saves
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        problems = self.validate()
        if problems:
            self.show_error(problems.get("") or _("Fix the fields marked above."))
            return
        spec = self.spec()
        if self.ritual is None:
            try:
                saved = self.service.rituals.add(spec)
            except RitualsError as exc:
                self.show_error(exc)
                return
            self._saved(saved)
            return
        ritual_id = self.ritual.id
        write_checked(
            self,
            lambda expected: self.service.rituals.edit(ritual_id, spec, expected_revision=expected),
            self.revision,
            self._saved,
            self.reload,
            self.show_error,
        )

    def _saved(self, saved: Ritual) -> None:
        self.notify(_("Saved {title}: {schedule}").format(title=saved.title, schedule=saved.schedule.describe()))
        self.dismiss(saved)

    async def reload(self) -> None:
        """Show the ritual as it is now (someone else changed it); what was typed is dropped."""
        assert self.ritual is not None
        revision = attempt(self, self.service.history.revision)
        fresh = attempt(self, self.service.rituals.get, self.ritual.id)
        if fresh is None:
            self.dismiss(None)
            return
        self.ritual, self.initial, self.revision, self.touched = fresh, spec_of(fresh), revision, set()
        await self.recompose()
        self.on_mount()
        self.notify(_("Reloaded: the change made elsewhere is shown; yours was not saved"), title=_("Reloaded"))
