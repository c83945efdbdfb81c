"""Filtering the idea catalog by what the user asked, naming the filter that left nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rituals.core.catalog.ideas import BUDGETS, EFFORTS, GOALS, SEASONS, Idea, Localized
from rituals.core.errors import InvalidInput, RitualsError
from rituals.core.frozen import frozen
from rituals.core.models import FORMATS, KINDS
from rituals.locale import _

# French users type French season names; "fall" is the American word
_SEASON_ALIASES = {
    "fall": "autumn",
    "printemps": "spring",
    "été": "summer",
    "ete": "summer",
    "automne": "autumn",
    "hiver": "winter",
}


class NoMatch(RitualsError):
    """No idea is left; ``option`` names the filter that emptied the list (for the user)."""

    def __init__(self, option: str, text: Localized) -> None:
        super().__init__(text.en)
        self.option = option
        self.text = text


@frozen
class Filters:
    """What the user asked for; None means "no constraint".

    ``format`` means "works for a team that is ...": remote keeps remote and hybrid ideas,
    in-person keeps in-person and hybrid ideas, hybrid keeps hybrid ideas only. ``minutes``,
    ``budget`` and ``effort`` are ceilings; ``people`` must fall inside the idea's range.
    """

    goal: str | None = None
    format: str | None = None
    people: int | None = None
    minutes: int | None = None
    budget: str | None = None
    effort: str | None = None
    kind: str | None = None
    season: str | None = None

    def checked(self) -> Filters:
        """The same filters, normalised, or InvalidInput naming the bad one."""

        def pick(name: str, value: str | None, allowed: Sequence[str]) -> str | None:
            if value is None:
                return None
            value = value.strip().lower()
            value = _SEASON_ALIASES.get(value, value) if name == "season" else value
            if value not in allowed:
                raise InvalidInput(
                    _("bad --{name} {value!r}: choose one of {items}").format(
                        name=name, value=value, items=", ".join(allowed)
                    )
                )
            return value

        if self.people is not None and self.people < 1:
            raise InvalidInput(_("bad --people {people}: it must be at least 1").format(people=self.people))
        if self.minutes is not None and self.minutes < 1:
            raise InvalidInput(_("bad --minutes {minutes}: it must be at least 1").format(minutes=self.minutes))
        return Filters(
            goal=pick("goal", self.goal, GOALS),
            format=pick("format", self.format, FORMATS),
            people=self.people,
            minutes=self.minutes,
            budget=pick("budget", self.budget, BUDGETS),
            effort=pick("effort", self.effort, EFFORTS),
            kind=pick("kind", self.kind, KINDS),
            season=pick("season", self.season, SEASONS),
        )

    def tests(self) -> list[tuple[str, str, Any]]:
        """(option, shown value, predicate) for each filter that is set, in the order applied."""
        found: list[tuple[str, str, Any]] = []
        if self.kind:
            found.append(("--kind", self.kind, lambda i: i.kind == self.kind))
        if self.goal:
            found.append(("--goal", self.goal, lambda i: self.goal in i.goals))
        if self.format:
            ok = {self.format, "hybrid"}
            found.append((f"--{self.format}", "", lambda i: i.format in ok))
        if self.people is not None:
            found.append(("--people", str(self.people), lambda i: i.people_min <= self.people <= i.people_max))
        if self.minutes is not None:
            found.append(("--minutes", str(self.minutes), lambda i: i.minutes <= self.minutes))
        if self.budget:
            ceiling = BUDGETS.index(self.budget)
            found.append(("--budget", self.budget, lambda i: BUDGETS.index(i.budget) <= ceiling))
        if self.effort:
            ceiling = EFFORTS.index(self.effort)
            found.append(("--effort", self.effort, lambda i: EFFORTS.index(i.effort) <= ceiling))
        if self.season:
            found.append(("--season", self.season, lambda i: i.fits_season(self.season)))
        return found


def filter_ideas(ideas: Iterable[Idea], filters: Filters) -> list[Idea]:
    """The ideas that pass every filter, or NoMatch naming the filter that emptied the list."""
    kept = list(ideas)
    applied: list[str] = []
    for option, value, test in filters.tests():
        narrowed = [i for i in kept if test(i)]
        shown = f"{option} {value}".strip()
        if not narrowed:
            raise NoMatch(option, no_match_text(shown, applied, _hint(option, kept)))
        kept = narrowed
        applied.append(shown)
    return kept


def _hint(option: str, left: Sequence[Idea]) -> Localized | None:
    """What would have worked, for the numeric filters where a number helps the user."""
    if not left:
        return None
    if option == "--minutes":
        shortest = min(i.minutes for i in left)
        return Localized(
            en=f"the shortest idea takes {shortest} minutes",
            fr=f"l'idée la plus courte dure {shortest}\u00a0minutes",
        )
    if option == "--people":
        low, high = min(i.people_min for i in left), max(i.people_max for i in left)
        return Localized(
            en=f"the ideas left suit {low} to {high} people",
            fr=f"les idées restantes conviennent de {low} à {high}\u00a0personnes",
        )
    return None


def no_match_text(shown: str, applied: Sequence[str], hint: Localized | None = None) -> Localized:
    with_en = f" (with {', '.join(applied)})" if applied else ""
    with_fr = f" (avec {', '.join(applied)})" if applied else ""
    if hint is not None:
        return Localized(
            en=f"No idea matches {shown}{with_en}: {hint.en}.",
            fr=f"Aucune idée ne correspond à {shown}{with_fr}\u00a0: {hint.fr}.",
        )
    return Localized(
        en=f"No idea matches {shown}{with_en}. Loosen {shown} and try again.",
        fr=f"Aucune idée ne correspond à {shown}{with_fr}. Assouplissez {shown} et réessayez.",
    )
