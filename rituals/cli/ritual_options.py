"""The options `ritual add` and `ritual edit` share; on edit, only what is given changes.

Made when the module is imported, after the reader's language is chosen (cli/__init__.py).
"""

from collections.abc import Mapping
from typing import Any

import typer

from rituals.core.models import KINDS
from rituals.core.ritual_spec import RitualSpec
from rituals.locale import _

TITLE = typer.Option(None, "--title", help=_("What people will see in their calendar."))
KIND = typer.Option(None, "--kind", help=_("One of: {kinds}.").format(kinds=", ".join(KINDS)))
START = typer.Option(None, "--start", help=_("First occurrence, local time: 2026-12-03T12:30 (a bare date = all day)."))
TZ = typer.Option(
    None, "--tz", help=_("IANA time zone of --start, e.g. Europe/Paris (new rituals: the team's most common zone).")
)
DURATION = typer.Option(None, "--duration", help=_("45m, 1h30..."))
EVERY = typer.Option(None, "--every", help=_("once, weekly, 2w, monthly, 3m..."))
MONTHLY_ON = typer.Option(
    None,
    "--monthly-on",
    help=_("weekday: the start's weekday of the month, e.g. the 4th Thursday (default); day: its date, e.g. the 27th."),
)
UNTIL = typer.Option(None, "--until", help=_("Last possible date, YYYY-MM-DD."))
COUNT = typer.Option(None, "--count", help=_("Number of occurrences."))
ALL_DAY = typer.Option(None, "--all-day/--timed", help=_("An all-day ritual (volunteer day)."))
HOLIDAYS = typer.Option(None, "--skip-holidays", help=_("Skip public holidays of this country (FR, US...)."))
SLOT = typer.Option(
    None,
    "--slot",
    help=_(
        "fixed: every group at the ritual's time (default); find: each group the "
        "earliest time its people are all free, from their calendars and working hours (`rituals slots`)."
    ),
)
WINDOW = typer.Option(
    None,
    "--window",
    help=_(
        "Where --slot find looks: day, week (of the date) or Nd, and the hours in "
        "the ritual's zone, e.g. 'week 10:00-16:00' (the default)."
    ),
)
PREFER = typer.Option(
    None, "--prefer", help=_("With --slot find: earliest (default) or spread (the most room around it).")
)
ON_CLOSED = typer.Option(
    None,
    "--on-closed",
    help=_(
        "A date on a skipped holiday or in a company closure: skip (default) "
        "or move (to the next working day). With --count, skipped dates do not count."
    ),
)
SIZE = typer.Option(None, "--size", help=_("Group size 2-12 (rotating groups), 0 = everyone together."))
MIX = typer.Option(None, "--mix", help=_("cross-team, within-team or random."))
SEATS = typer.Option(None, "--seats", help=_("At most this many people a round, chosen fairly (0 = everyone invited)."))
AUDIENCE = typer.Option(None, "--audience", help=_("all, teams:Design,Data or people:a@x,b@y."))
DESCRIPTION = typer.Option(None, "--description", help=_("What it is about, for the invite."))
LOCATION = typer.Option(None, "--location", help=_("Where it happens."))
VIDEO = typer.Option(None, "--video", help=_("Video call link."))
ORGANIZER = typer.Option(None, "--organizer", help=_("Organizer's e-mail."))
FORMAT = typer.Option(None, "--format-kind", help=_("in-person, remote or hybrid."))


# a command's parameter -> the RitualSpec field it fills, where the names differ
SPEC_FIELDS = {"tz": "timezone", "video": "video_link", "format_kind": "format", "ritual_id": "id"}


def spec_from(params: Mapping[str, Any], leave: tuple[str, ...] = ()) -> RitualSpec:
    """The spec the options of `ritual add` or `ritual edit` give (typer's ``ctx.params``, each
    option typed as its field), the parameters in ``leave`` aside."""
    fields: dict[str, Any] = {SPEC_FIELDS.get(name, name): value for name, value in params.items() if name not in leave}
    return RitualSpec(**fields)
