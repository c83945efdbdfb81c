"""Creating a database: empty, or holding the sample organisation (`rituals init`, `rituals demo`)."""

from __future__ import annotations

from rituals.core.errors import Conflict
from rituals.core.frozen import frozen
from rituals.locale import _
from rituals.service.context import Context


@frozen
class Created:
    """What `Setup.init` found or did: "created", "sample" (loaded) or "exists" (left as it was)."""

    outcome: str
    people: int = 0
    rituals: int = 0


class Setup:
    """The database file's creation."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.store = context.store

    def init(self, *, sample: bool = False, force: bool = False) -> Created:
        """An empty, versioned database if there is none; with ``sample``, the sample organisation
        (anchored today), replacing what is there only with ``force``."""
        store = self.store
        if sample:
            if store.exists and (store.people() or store.rituals()) and not force:
                raise Conflict(
                    _("{path} already holds data; add --force to replace it with the sample").format(path=store.path)
                )
            self.load_sample()
            return Created("sample")
        if store.exists:
            return Created("exists", len(store.people()), len(store.rituals()))
        store.create()
        return Created("created")

    def load_sample(self) -> None:
        """Replace the database with the sample organisation, its history ending today."""
        from rituals.sample import write_sample_db  # deferred: only init and demo build the sample

        write_sample_db(self.store.path, self.context.today())
