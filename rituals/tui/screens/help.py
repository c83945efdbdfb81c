"""The help screen (?): what each screen is for and its keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# rituals — plan moments that include everyone

Remote and hybrid work isolates people and silos teams. Plan shared lunches, coffee chats,
volunteer days and gratitude circles that **mix teams** and leave **no one out**.

| Key | Anywhere |
|---|---|
| `1`…`5` | Dashboard, People, Rituals, Rotation, Ideas |
| `x` | Export invites (.ics) or publish to CalDAV |
| `h` | History: who changed what, when, from where; `u` undoes |
| `ctrl+p` | Command palette: every main action by name |
| `ctrl+t` | Light / dark theme |
| `?` / `q` | This help / quit |

**Dashboard** — the next 14 days, what needs attention, the quarter's figures (and, on a wide
terminal, the sessions held lately). `enter` on a session forms its groups; on an alert, opens
what it is about; `tab` moves between the panels.

**People** — type to filter; team, location and status filters. `a` add, `e`/`enter` edit,
`p` pause until a date (leave, busy season: their planned groups are re-formed, and you see who
is affected first), `i` import a roster CSV (nothing is imported unless every row is valid).

**Rituals** — `n` new, `e`/`enter` edit (every field is checked as you type), `g` form the
groups of the next session, `c` cancel one date, `C` stop the ritual, `x` export it.

**Rotation** — pick a ritual and a date: one line per group, the arrows move between people
(the lines under the groups say why the group, and who the person is). `r` reshuffle, `s` on two
people swaps them, `p` pins someone to a group (kept through reshuffles), `a` marks absent,
`ctrl+s` records the draft (the title
says ✓ formed once recorded).

**Ideas** — the catalog ranked for your team, with filters; `l` switches English/French.
`enter` turns an idea into a ritual draft you can edit before saving.

**Export** (`x`) — a path ending in .ics writes one file, any other path a folder (one file per
ritual and per person). Publishing to CalDAV appears when `RITUALS_CALDAV_URL` is set.

Every form: `tab` moves between fields, `ctrl+s` saves, `esc` closes. The mouse works too.
If someone else changed the same person, ritual or session while you were editing, saving shows
what they changed and lets you reload theirs or apply yours on top.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help") as box:
            box.border_title = "Help"
            with VerticalScroll():
                yield Markdown(HELP)
