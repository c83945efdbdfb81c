"""Rotation: the groups of one session, recorded or proposed; adjust them, accept to record.

A date whose groups are recorded shows them, marked "✓ formed"; any other date shows a
proposal marked "draft" until ctrl+s records it (the dashboard counts only recorded groups).
A reshuffle is a new search, in a worker (it takes up to a few seconds); marking someone absent
re-forms only their group; swaps become pins so that they survive a reshuffle. A draft made
over groups that another window or command records meanwhile is refused, not saved over them;
quitting with unsaved changes asks first (the app reads ``unsaved``).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import DataTable, ProgressBar, Select, Static

from rituals.core.models import Person
from rituals.locale import N_, _, ngettext
from rituals.locale.formats import day as day_text
from rituals.service.rotation import RotationPreview
from rituals.tui.dialogs.conflict import write_checked
from rituals.tui.dialogs.pin import PinDialog
from rituals.tui.feedback import attempt, error_text
from rituals.tui.screens.base import PlannerScreen
from rituals.tui.screens.rotation_text import date_options, draft_name, explanation, groups_title, why_text


class RotationScreen(PlannerScreen):
    SECTION = "rotation"
    AUTO_FOCUS = "#groups"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reshuffle", N_("Reshuffle")),
        Binding("s", "swap", N_("Swap"), tooltip=N_("Press on two people to swap them")),
        Binding("p", "pin", N_("Pin")),
        Binding("a", "absent", N_("Absent")),
        Binding("ctrl+s", "accept", N_("Accept"), priority=True),
    ]

    class Proposed(Message):
        def __init__(self, preview: RotationPreview | None, error: BaseException | None = None) -> None:
            super().__init__()
            self.preview = preview
            self.error = error

    class Progress(Message):
        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    def __init__(self) -> None:
        super().__init__()
        self.preview: RotationPreview | None = None
        self.seed = 0
        self.absent: set[str] = set()
        self.pins: dict[str, int] = {}
        self.swap_first: str | None = None
        self.rows: list[list[str]] = []  # the e-mails of each table row's group, one per seat
        self.people: dict[str, Person] = {}  # who is shown, for the line under the groups
        self._explained = ""  # the explanations panel's text, also under the groups when none are shown
        self.rotating: set[str] = set()  # ids of the active rituals with rotating groups
        self.dirty = False  # the groups shown were changed here (reshuffle, swap, pin, absent) and not saved
        self.focus_groups = False  # give the groups the keyboard when the proposal arrives

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rotation-bar", classes="filters"):
            yield Select[str]([], prompt=_("Ritual with rotating groups"), id="rot-ritual", compact=True)
            yield Select[str]([], prompt=_("Date"), id="rot-date", compact=True)
        yield ProgressBar(id="rot-progress", show_eta=False)
        with Horizontal(id="rotation-main", classes="split"):
            # one line per group, a seat per column: the cursor is on a person (cell cursor)
            yield DataTable(id="groups", cursor_type="cell", classes="panel")
            with VerticalScroll(id="rot-explain", classes="panel"):
                yield Static(id="explain")
        # the group and the person under the cursor: when the explanations panel is folded away
        # (below 110 columns) this is where they are read
        yield Static(id="rot-why")

    def on_mount(self) -> None:
        table = self.query_one("#groups", DataTable)
        table.add_column("#", key="group")
        table.add_column(_("Who"), key="seat0")
        table.border_title = _("Proposed groups")
        self.query_one("#rot-explain").border_title = _("Why these groups")
        self.query_one("#rot-progress").display = False
        self._explain(_("Pick a ritual and a date above: its groups are proposed here."))

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        # checked after the refresh: a jump from the dashboard chooses a ritual right after resuming
        self.call_after_refresh(self._focus_picker_if_nothing_chosen)

    def _focus_picker_if_nothing_chosen(self) -> None:
        if self.chosen() is None:  # nothing to adjust yet: the keyboard starts on the ritual picker
            self.query_one("#rot-ritual", Select).focus()

    def reload(self) -> None:
        rituals = attempt(self, self.service.rituals.all, False) or []
        rotating = [r for r in rituals if r.grouping.rotates]
        self.rotating = {r.id for r in rotating}
        select = self.query_one("#rot-ritual", Select)
        keep = select.value
        with select.prevent(Select.Changed):
            select.set_options((r.title, r.id) for r in rotating)
            if keep in self.rotating:
                select.value = keep
        if not self.dirty:
            self._follow_record()

    def _follow_record(self) -> None:
        """Groups recorded (or changed) elsewhere for the date shown replace what is shown,
        as long as nothing here is left unsaved."""
        chosen = self.chosen()
        if chosen is None or self.preview is None:
            return
        recorded = attempt(self, self.service.rotation.recorded, *chosen)
        shown = self.preview.sessions[0]
        if recorded is not None and recorded.sessions[0].groups != (shown.groups if shown.is_recorded else None):
            self.preview = recorded
            self.render_preview()
        elif recorded is None and shown.is_recorded:
            self.propose()  # its groups were dropped elsewhere: a new draft

    @property
    def unsaved(self) -> str | None:
        """What quitting would lose: the draft changed here and not saved, if any."""
        if not self.dirty or self.preview is None:
            return None
        return draft_name(self.preview)

    def choose(self, ritual_id: str, day: date | None = None) -> None:
        """Propose the groups of ``ritual_id`` on ``day`` (default: its next date)."""
        self.reload()
        ritual_select = self.query_one("#rot-ritual", Select)
        if ritual_id not in self.rotating:
            self.notify(
                _("{ritual} meets as one group: give it a group size to rotate").format(ritual=ritual_id),
                severity="warning",
            )
            return
        with ritual_select.prevent(Select.Changed):
            ritual_select.value = ritual_id
        self._fill_dates(ritual_id, day)
        self.start_over()
        self.focus_groups = True  # chosen from elsewhere: the keys adjust groups once they are shown

    def _fill_dates(self, ritual_id: str, day: date | None = None) -> None:
        coming = attempt(self, self.service.sessions.upcoming, 120, ritual_id=ritual_id) or []
        dates = date_options(coming[:12])
        select = self.query_one("#rot-date", Select)
        with select.prevent(Select.Changed):
            select.set_options(dates)
            wanted = day.isoformat() if day else (dates[0][1] if dates else None)
            if wanted in [d for _shown, d in dates]:
                select.value = wanted
        if not dates:
            self._explain(_("This ritual has no date in the next four months."))

    @on(Select.Changed, "#rot-ritual")
    def _ritual_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._fill_dates(event.value)
            self.start_over()

    @on(Select.Changed, "#rot-date")
    def start_over(self) -> None:
        """Show the chosen date afresh: its recorded groups, or else a draft."""
        self.seed, self.absent, self.pins, self.swap_first, self.dirty = 0, set(), {}, None, False
        chosen = self.chosen()
        recorded = attempt(self, self.service.rotation.recorded, *chosen) if chosen else None
        if recorded is None:
            self.propose()
            return
        self.preview = recorded
        self.query_one("#groups", DataTable).loading = False
        self.render_preview()

    def chosen(self) -> tuple[str, date] | None:
        ritual, day = self.query_one("#rot-ritual", Select).value, self.query_one("#rot-date", Select).value
        if isinstance(ritual, str) and isinstance(day, str):
            return ritual, date.fromisoformat(day)
        return None

    def propose(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        bar = self.query_one("#rot-progress", ProgressBar)
        bar.update(total=100, progress=0)
        bar.display = True
        self.query_one("#groups", DataTable).loading = True
        self.compute(*chosen, self.seed, frozenset(self.absent), dict(self.pins))

    @work(thread=True, exclusive=True, group="rotation", exit_on_error=False)
    def compute(self, ritual_id: str, day: date, seed: int, absent: frozenset[str], pins: dict[str, int]) -> None:
        # the search runs for up to a few seconds: off the UI thread, reporting its progress
        service = self.service

        def progress(fraction: float) -> None:
            self.post_message(self.Progress(fraction))

        try:
            preview = service.rotation.preview(
                ritual_id,
                day,
                seed=(service.seed or 0) + seed,
                absent=absent,
                time_limit=self.app.rotation_time_limit,
                progress=progress,
            )
            self.post_message(self.Proposed(service.rotation.pin(preview, pins)))
        except Exception as exc:  # noqa: BLE001 - shown beside the groups
            self.post_message(self.Proposed(None, exc))

    def on_rotation_screen_progress(self, message: Progress) -> None:
        self.query_one("#rot-progress", ProgressBar).update(progress=round(message.fraction * 100))

    def on_rotation_screen_proposed(self, message: Proposed) -> None:
        self.query_one("#rot-progress").display = False
        table = self.query_one("#groups", DataTable)
        table.loading = False
        if self.focus_groups:  # a loading table cannot take the focus: it takes it now
            self.focus_groups = False
            table.focus()
        if message.error is not None:
            self.preview = None
            table.clear()
            self.rows = []
            self._explain(f"[b $text-error]{_('Cannot form groups')}[/]\n{escape(error_text(message.error))}")
            return
        self.preview = message.preview
        self.render_preview()

    def render_preview(self) -> None:
        preview = self.preview
        if preview is None:
            return
        proposed = preview.sessions[0]
        self.people = {p.email: p for p in self.service.people.all()}
        table = self.query_one("#groups", DataTable)
        keep = table.cursor_coordinate
        seats = max((len(g) for g in proposed.groups), default=1)
        table.clear(columns=True)
        table.add_column("#", key="group")
        for seat in range(seats):
            table.add_column(_("Who") if seat == 0 else "", key=f"seat{seat}")
        self.rows = [list(group) for group in proposed.groups]
        for g, group in enumerate(proposed.groups, start=1):
            names = [
                ("◆ " if e in self.pins else "") + ("⇄ " if e == self.swap_first else "") + preview.names.get(e, e)
                for e in group
            ]
            table.add_row(Text(str(g), justify="right"), *names, *[""] * (seats - len(group)))
        table.move_cursor(
            row=min(keep.row, max(table.row_count - 1, 0)), column=max(1, min(keep.column, seats)), animate=False
        )
        self._show_why()
        table.border_title = groups_title(preview)
        self._explain(explanation(preview))

    def keep(self) -> object:
        return self.chosen()

    def restore(self, kept: object) -> None:
        self.reload()
        if isinstance(kept, tuple) and kept[0] in self.rotating:
            select = self.query_one("#rot-ritual", Select)
            with select.prevent(Select.Changed):
                select.value = kept[0]
            self._fill_dates(*kept)
        self.render_preview()  # what was shown, pins and swaps kept: no new search

    def _explain(self, text: str) -> None:
        self._explained = text
        self.query_one("#explain", Static).update(text)
        if self.preview is None:
            self._show_why()

    def current_email(self) -> str | None:
        row, seat = self.query_one("#groups", DataTable).cursor_coordinate
        if not self.preview or not 0 <= row < len(self.rows) or not 1 <= seat <= len(self.rows[row]):
            return None
        return self.rows[row][seat - 1]

    @on(DataTable.CellHighlighted, "#groups")
    def _show_why(self) -> None:
        """The line under the groups: why the group under the cursor, and who the person is."""
        preview, row = self.preview, self.query_one("#groups", DataTable).cursor_row
        if preview is None or not 0 <= row < len(self.rows):
            # no groups: what the explanations panel says (a hint, or why none can be formed)
            self.query_one("#rot-why", Static).update(self._explained)
            return
        email = self.current_email()
        self.query_one("#rot-why", Static).update(why_text(preview, row, self.people.get(email) if email else None))

    def _group_of(self, email: str) -> int:
        assert self.preview is not None
        return next(i for i, g in enumerate(self.preview.sessions[0].groups) if email in g)

    def action_reshuffle(self) -> None:
        """A new search on purpose: everyone may get new partners."""
        self.seed += 1
        self.swap_first = None
        self.dirty = True
        self.propose()

    def action_absent(self) -> None:
        """Take someone out: only their group is re-formed (their partner joins another group),
        so the other groups, and their invites, stay as they are."""
        email = self.current_email()
        if email is None or self.preview is None:
            return
        repaired = attempt(self, self.service.rotation.absent, self.preview, [email])
        if repaired is None:
            return
        self.absent.add(email)  # a later reshuffle leaves them out too
        self.pins.pop(email, None)
        self.preview, self.dirty = repaired, True
        self.notify(_("{name} marked absent: only their group changed").format(name=repaired.names.get(email, email)))
        self.render_preview()

    def action_swap(self) -> None:
        email = self.current_email()
        if email is None:
            return
        if self.swap_first is None or self.swap_first == email:
            self.swap_first = None if self.swap_first == email else email
            self.render_preview()
            return
        first, self.swap_first = self.swap_first, None
        a, b = self._group_of(first), self._group_of(email)
        self.pins.update({first: b, email: a})
        self.rearrange()

    def action_pin(self) -> None:
        email = self.current_email()
        if email is None or self.preview is None:
            return
        names = self.preview.names
        groups = [", ".join(names.get(e, e).split()[0] for e in g) for g in self.preview.sessions[0].groups]

        def pinned(index: int | None) -> None:
            if index is not None:
                self.pins[email] = index
                self.rearrange()

        self.app.push_screen(PinDialog(names.get(email, email), groups), pinned)

    def rearrange(self) -> None:
        """Apply the pins to the current proposal (no new search: the rest stays as it is)."""
        if self.preview is None:
            return
        arranged = attempt(self, self.service.rotation.pin, self.preview, self.pins)
        if arranged is not None:
            self.preview, self.dirty = arranged, True
        self.render_preview()

    def action_accept(self) -> None:
        if self.preview is None:
            self.notify(_("Nothing to accept yet"), severity="warning")
            return
        if self.preview.sessions[0].is_recorded and not self.dirty:
            self.notify(_("These groups are already recorded"))
            return
        preview = self.preview

        def recorded(saved: list) -> None:
            if saved:
                session = saved[0]
                n = len(session.groups)
                self.notify(
                    ngettext("Recorded {title} on {day}: {n} group", "Recorded {title} on {day}: {n} groups", n).format(
                        title=preview.ritual.title, day=day_text(session.start, "short"), n=n
                    )
                )
                chosen = self.chosen()
                if chosen:
                    self._fill_dates(*chosen)
                self.dirty = False
                self._follow_record()

        # the groups were proposed from the revision the preview was read at: if someone recorded
        # this date meanwhile (`rotate --commit`, another planner), the user sees who and what,
        # and chooses to reload theirs or to apply these on top
        write_checked(
            self,
            lambda expected: self.service.rotation.commit(preview, expected_revision=expected),
            None,
            recorded,
            self.propose,
        )
