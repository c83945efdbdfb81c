"""What a person reads for each field of a person or a ritual, in journal lines ("edited
Camille: team, time zone"): the field names of the models are identifiers, not words."""

from __future__ import annotations

from typing import Any

from rituals.locale import N_
from rituals.locale.said import words

FIELD_NAMES = {
    # people
    "email": N_("e-mail"),
    "name": N_("name"),
    "team": N_("team"),
    "location": N_("location"),
    "timezone": N_("time zone"),
    "joined": N_("arrival date"),
    "tags": N_("tags"),
    "paused_until": N_("pause"),
    "excluded": N_("kept apart"),
    "hours": N_("working hours"),
    "calendar": N_("calendar"),
    "role": N_("role"),
    "leave_date": N_("departure date"),
    "team_since": N_("in the team since"),
    "role_since": N_("in the role since"),
    "opt_out": N_("opted out of"),
    "opt_in": N_("opted in to"),
    "cadence": N_("cadence"),
    "imported": N_("imported values"),
    "language": N_("language"),
    # rituals
    "id": N_("id"),
    "title": N_("title"),
    "kind": N_("kind"),
    "schedule": N_("schedule"),
    "description": N_("description"),
    "video_link": N_("video link"),
    "organizer": N_("organizer"),
    "audience": N_("audience"),
    "grouping": N_("grouping"),
    "format": N_("format"),
    "status": N_("status"),
    "idea_id": N_("idea"),
    "slot": N_("slot"),
}


def field_words(names: list[str]) -> dict[str, Any]:
    """The said argument naming these fields (an unknown one as it is)."""
    return words(*(FIELD_NAMES.get(name, name) for name in names))
