"""The command palette (ctrl+p): the main actions by name, and every ritual and person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from rituals.tui.app import RitualsApp

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Go to dashboard", "switch_mode('dashboard')", "Next sessions, alerts, key figures"),
    ("Go to people", "switch_mode('people')", "Search, add, edit, pause, import"),
    ("Go to rituals", "switch_mode('rituals')", "Create, edit, cancel"),
    ("Form groups (rotation)", "switch_mode('rotation')", "Propose, adjust and accept groups"),
    ("Find ideas", "switch_mode('ideas')", "The catalog, ranked for your team"),
    ("New ritual", "new_ritual", "Open the ritual form"),
    ("Add a person", "add_person", "Open the person form"),
    ("Import a roster CSV", "import_roster", "All rows or none"),
    ("Export invites", "export", "To .ics, or publish to CalDAV"),
    ("Change history and undo", "history", "Who changed what, when, from where"),
    ("Toggle light/dark theme", "toggle_theme", "ctrl+t"),
    ("Help", "help", "Keys and screens"),
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
            yield title, partial(self.app.run_action, action), help_text
        for ritual in self.rituals:
            yield f"Open ritual: {ritual.title}", partial(self._open_ritual, ritual.id), ritual.schedule.describe()
            if ritual.grouping.rotates and ritual.status == "active":
                yield f"Form groups: {ritual.title}", partial(self.planner.open_rotation, ritual.id), "Rotation"
        for person in self.people:
            yield f"Find person: {person.name}", partial(self._find_person, person.email), person.team or person.email

    async def discover(self) -> Hits:
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

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
