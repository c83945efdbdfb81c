"""The help screen (?): what each screen is for and its keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from rituals.locale import N_, _

# one message per paragraph (the key table is one): a translator sees whole sentences, and a
# paragraph changed in English is translated again alone
HELP: tuple[str, ...] = (
    N_("# rituals — plan moments that include everyone"),
    N_(
        "Remote and hybrid work isolates people and silos teams. Plan shared lunches, coffee chats, "
        "volunteer days and gratitude circles that **mix teams** and leave **no one out**."
    ),
    N_(
        "| Key | Anywhere |\n"
        "|---|---|\n"
        "| `1`…`5` | Dashboard, People, Rituals, Rotation, Ideas |\n"
        "| `x` | Export invites (.ics) or publish to CalDAV |\n"
        "| `h` | History: who changed what, when, from where; `u` undoes |\n"
        "| `ctrl+p` | Command palette: every main action by name |\n"
        "| `ctrl+t` | Light / dark theme |\n"
        "| `?` / `q` | This help / quit |"
    ),
    N_(
        "**Dashboard** — the next 14 days, what needs attention, the quarter's figures (and, on a wide "
        "terminal, the sessions held lately). `enter` on a session forms its groups; on an alert, opens "
        "what it is about; `tab` moves between the panels."
    ),
    N_(
        "**People** — type to filter; team, location and status filters. `a` add, `e`/`enter` edit, "
        "`p` pause until a date (leave, busy season: their planned groups are re-formed, and you see who "
        "is affected first), `i` import a roster CSV (nothing is imported unless every row is valid)."
    ),
    N_(
        "**Rituals** — `n` new, `e`/`enter` edit (every field is checked as you type), `g` form the "
        "groups of the next session, `c` cancel one date, `C` stop the ritual, `x` export it."
    ),
    N_(
        "**Rotation** — pick a ritual and a date: one line per group, the arrows move between people "
        "(the lines under the groups say why the group, and who the person is). `r` reshuffle, `s` on two "
        "people swaps them, `p` pins someone to a group (kept through reshuffles), `a` marks absent, "
        "`ctrl+s` records the draft (the title says ✓ formed once recorded)."
    ),
    N_(
        "**Ideas** — the catalog ranked for your team, with filters; `l` (on any screen) switches "
        "English/French. `enter` turns an idea into a ritual draft you can edit before saving."
    ),
    N_(
        "**Export** (`x`) — a path ending in .ics writes one file, any other path a folder (one file per "
        "ritual and per person). Publishing to CalDAV appears when `RITUALS_CALDAV_URL` is set."
    ),
    N_(
        "Every form: `tab` moves between fields, `ctrl+s` saves, `esc` closes. The mouse works too. "
        "If someone else changed the same person, ritual or session while you were editing, saving shows "
        "what they changed and lets you reload theirs or apply yours on top."
    ),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", N_("Close")),
        # a modal screen keeps the app's keys out of reach: the language switch is offered here too
        Binding("l", "app.switch_language", N_("EN/FR"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help") as box:
            box.border_title = _("Help")
            with VerticalScroll():
                yield Markdown(help_text())

    async def relabel(self) -> None:
        """Drawn again in the reader's language (switched live)."""
        await self.recompose()


def help_text() -> str:
    """The help as Markdown, in the reader's language."""
    return "\n\n".join(_(paragraph) for paragraph in HELP)
