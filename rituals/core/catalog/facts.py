"""What an idea is like, in a few words: the second half of each suggestion's reason.

A reason names a need of the team, then how this very idea answers it ("Your team is hybrid (25%
remote): in the room and on video at once, in groups of 5, 45 min"), so that five suggestions
never give the same line. Each need picks the facts that answer it.
"""

from __future__ import annotations

from rituals.core.catalog.ideas import Idea, Localized

NBSP = "\u00a0"  # French typography: a non-breaking space before ":" and inside "45 min"

_SETTING = {
    "remote": Localized("fully online", "entièrement en visio"),
    "hybrid": Localized("in the room and on video at once", "en salle et en visio à la fois"),
    "in-person": Localized("face to face", "en présentiel"),
}
_BUDGET = {
    "free": Localized("free", "gratuit"),
    "low": Localized("low budget", "petit budget"),
    "medium": Localized("medium budget", "budget moyen"),
    "high": Localized("big budget", "gros budget"),
}
_EFFORT = {
    "low": Localized("little preparation", "peu de préparation"),
    "medium": Localized("some preparation", "un peu de préparation"),
    "high": Localized("serious preparation", "une vraie préparation"),
}
_RHYTHM = {
    "once": Localized("one-off", "ponctuel"),
    "weekly": Localized("weekly", "chaque semaine"),
    "monthly": Localized("monthly", "chaque mois"),
}
# which facts answer each need, most telling first (the idea's length always closes the list)
_FOR_NEED = {
    "remote": ("setting", "groups"),
    "hybrid": ("setting", "groups"),
    "welcome": ("groups", "rhythm"),
    "inclusion": ("budget", "effort"),
    "silos": ("mixed", "rhythm"),
    "season": ("outdoors", "setting"),
    "goal": ("groups", "budget"),
}


def _fact(idea: Idea, name: str) -> Localized | None:
    if name == "setting":
        return _SETTING.get(idea.format)
    if name in ("groups", "mixed"):
        if idea.groups_of:
            mixed = name == "mixed"
            return Localized(
                f"in {'mixed ' if mixed else ''}groups of {idea.groups_of}",
                f"en groupes {'mélangés ' if mixed else ''}de {idea.groups_of}",
            )
        return Localized(
            f"{idea.people_min}–{idea.people_max} people together",
            f"de {idea.people_min} à {idea.people_max}{NBSP}personnes ensemble",
        )
    if name == "outdoors":
        return Localized("outdoors", "en plein air") if idea.weather == "dry" else None
    table = {"budget": _BUDGET, "effort": _EFFORT, "rhythm": _RHYTHM}[name]
    return table.get(getattr(idea, name))


def facts(idea: Idea, need: str) -> Localized:
    """The idea's facts that answer ``need`` (a signal's name, or "goal"), ending with its length."""
    found = [f for f in (_fact(idea, name) for name in _FOR_NEED.get(need, _FOR_NEED["goal"])) if f]
    found.append(Localized(f"{idea.minutes} min", f"{idea.minutes}{NBSP}min"))
    return Localized(", ".join(f.en for f in found), ", ".join(f.fr for f in found))


def because(need: Localized, idea: Idea, name: str) -> Localized:
    """``need``, then how ``idea`` answers it: the whole reason line."""
    how = facts(idea, name)
    return Localized(f"{need.en}: {how.en}", f"{need.fr}{NBSP}: {how.fr}")
