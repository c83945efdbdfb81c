"""The model's vocabularies: the values a field may take (stored as they are), and the types
that name them. ``models`` re-exports each, so ``from rituals.core.models import KINDS`` works."""

from __future__ import annotations

from typing import Literal

from rituals.locale import N_

KINDS: tuple[str, ...] = (
    "lunch",
    "volunteer-day",
    "cross-team-meeting",
    "coffee-chat",
    "gratitude-circle",
    "welcome",
    "farewell",
    "skill-share",
    "outdoor",
    "game",
    "wellbeing",
    "other",
)
Frequency = Literal["once", "weekly", "monthly"]
FREQUENCIES: tuple[Frequency, ...] = ("once", "weekly", "monthly")
# how lists say each frequency (translated where shown)
RHYTHMS = {"once": N_("once"), "weekly": N_("weekly"), "monthly": N_("monthly")}
MIX_POLICIES: tuple[MixPolicy, ...] = ("cross-team", "within-team", "random")
FORMATS: tuple[Format, ...] = ("in-person", "remote", "hybrid")
AUDIENCE_KINDS: tuple[AudienceKind, ...] = ("all", "teams", "people")
SESSION_STATUSES: tuple[str, ...] = ("planned", "held", "cancelled")
# an attendee's answer to an invite (RFC 5545 PARTSTAT of a VEVENT)
ANSWERS: tuple[str, ...] = ("NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED")
REMOTE = "remote"

MixPolicy = Literal["cross-team", "within-team", "random"]
MonthlyBy = Literal["day", "weekday"]
Format = Literal["in-person", "remote", "hybrid"]
AudienceKind = Literal["all", "teams", "people"]
OnClosed = Literal["skip", "move"]
SlotPreference = Literal["earliest", "spread"]
MONTHLY_BY: tuple[MonthlyBy, ...] = ("weekday", "day")
ON_CLOSED: tuple[OnClosed, ...] = ("skip", "move")

SLOT_PREFERENCES: tuple[SlotPreference, ...] = ("earliest", "spread")
SLOT_SPANS = "day, week (Monday to Sunday of the date) or a number of days: 3d"
