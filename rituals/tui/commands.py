"""The command palette (ctrl+p): the main actions by name, and every ritual and person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rituals.locale import N_, _

if TYPE_CHECKING:
    from rituals.tui.app import RitualsApp

ACTIONS: tuple[tuple[str, str, str], ...] = (
    (N_("Go to dashboard"), "switch_mode('dashboard')", N_("Next sessions, alerts, key figures")),
    (N_("Go to people"), "switch_mode('people')", N_("Search, add, edit, pause, import")),
    (N_("Go to rituals"), "switch_mode('rituals')", N_("Create, edit, cancel")),
    (N_("Form groups (rotation)"), "switch_mode('rotation')", N_("Propose, adjust and accept groups")),
    (N_("Find ideas"), "switch_mode('ideas')", N_("The catalog, ranked for your team")),
    (N_("New ritual"), "new_ritual", N_("Open the ritual form")),
    (N_("Add a person"), "add_person", N_("Open the person form")),
    (N_("Import a roster CSV"), "import_roster", N_("All rows or none")),
    (N_("Export invites"), "export", N_("To .ics, or publish to CalDAV")),
    (N_("Change history and undo"), "history", N_("Who changed what, when, from where")),
    (N_("Toggle light/dark theme"), "toggle_theme", "ctrl+t"),
    (N_("Switch language (English/French)"), "switch_language", N_("The whole planner, at once (l)")),
    (N_("Help"), "help", N_("Keys and screens")),
)


# Textual's own palette texts (its system commands, the search field): the app shows them
# through the catalog (RitualsApp.get_system_commands)
TEXTUAL_TEXTS = (
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Search for commands…"),
)


class RitualsCommands(Provider):
    """Main actions, plus 'open <ritual>' and 'find <person>' for what is in the store."""

    @property
    def planner(self) -> RitualsApp:
        # the palette only opens in RitualsApp; Provider.app is typed App[object], which an
        # App[None] is not (App is invariant in its return type)
        return cast("RitualsApp", self.app)

    async def startup(self) -> None:
        service = self.planner.service
        worker = self.app.run_worker(lambda: (service.rituals.all(), service.people.all()), thread=True)
        self.rituals, self.people = await worker.wait()

    def _entries(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        for title, action, help_text in ACTIONS:
            yield _(title), partial(self.app.run_action, action), _(help_text)
        for ritual in self.rituals:
            opening = _("Open ritual: {title}").format(title=ritual.title)
            yield opening, partial(self._open_ritual, ritual.id), ritual.schedule.describe()
            if ritual.grouping.rotates and ritual.status == "active":
                forming = _("Form groups: {title}").format(title=ritual.title)
                yield forming, partial(self.planner.open_rotation, ritual.id), _("Rotation")
        for person in self.people:
            finding = _("Find person: {name}").format(name=person.name)
            yield finding, partial(self._find_person, person.email), person.team or person.email

    async def discover(self) -> Hits:
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(_(title), partial(self.app.run_action, action), help=_(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)

    async def _open_ritual(self, ritual_id: str) -> None:
        await self.planner.open_ritual(ritual_id)

    async def _find_person(self, email: str) -> None:
        await self.planner.open_person(email)
