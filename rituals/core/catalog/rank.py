"""Ranking catalog ideas for one team, each suggestion with one short reason line.

The team is described by a plain ``TeamContext`` (computed by the service from the store), so
the ranking is pure: the same ideas, context and rng give the same suggestions.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Iterable, Sequence

from rituals.core.catalog.facts import because
from rituals.core.catalog.filter import Filters, NoMatch, filter_ideas
from rituals.core.catalog.ideas import Idea, Localized
from rituals.core.frozen import frozen
from rituals.locale import _

NBSP = "\u00a0"  # French typography: a non-breaking space before ":" and "%"
REMOTE_HEAVY = 0.5  # from this share of remote people, in-person-only ideas step back
HYBRID_TEAM = 0.2  # from this share, the team is hybrid and hybrid ideas help
FEW_CROSS_TEAM = 0.3  # below this share of cross-team pairs having met, silos are the need
DECAY = 0.35  # a reason already given counts this much less for the next pick: varied reasons
PER_KIND = 2  # at most this many ideas of one kind in one answer, when others are left


@frozen
class TeamContext:
    """What the store tells about the team; the defaults mean "nothing known" (no database)."""

    people: int = 0  # active people
    remote_share: float = 0.0
    newcomers: int = 0  # joined in the last ``newcomer_days``
    newcomer_days: int = 90
    isolated: int = 0  # in no held session for ``isolation_days``
    isolation_days: int = 60
    cross_team_met: float | None = None  # share of cross-team pairs that ever met; None: unknown
    recent_kinds: frozenset[str] = frozenset()  # kinds of rituals held or planned these weeks
    recent_ideas: frozenset[str] = frozenset()  # catalog ideas the team ran these weeks
    shown: tuple[str, ...] = ()  # ideas already suggested, oldest first
    season: str | None = None


@frozen
class Suggestion:
    """An idea picked for this team, with the reason shown to the user."""

    idea: Idea
    reason: Localized
    score: float


@frozen
class _Signal:
    """One need of the team that an idea may answer, and how much it weighs."""

    name: str
    weight: float
    reason: Localized


_SEASON_FR = {"spring": "au printemps", "summer": "en été", "autumn": "en automne", "winter": "en hiver"}
_GOAL_REASONS = {
    "silos": Localized("Gets teams that rarely talk to meet", "Fait se rencontrer des équipes qui se parlent peu"),
    "inclusion": Localized(
        "Includes everyone, remote colleagues too", "Inclut tout le monde, collègues à distance compris"
    ),
    "welcome": Localized("Helps newcomers find their place", "Aide les nouveaux à trouver leur place"),
    "gratitude": Localized("Makes thanks visible", "Rend la reconnaissance visible"),
    "wellbeing": Localized("Good for wellbeing at work", "Bon pour la qualité de vie au travail"),
    "learning": Localized("Colleagues learn from each other", "Les collègues apprennent les uns des autres"),
    "celebration": Localized("A moment to celebrate together", "Un moment à fêter ensemble"),
    "trust": Localized("Builds trust between colleagues", "Renforce la confiance entre collègues"),
}


def _people(n: int) -> tuple[str, str]:
    return ("1 person", "1 personne") if n == 1 else (f"{n} people", f"{n}{NBSP}personnes")


def _strength(count: int, people: int, full_at: float) -> float:
    """0.4..1: a need felt by a larger share of the team weighs more, a single case still counts."""
    if not people:
        return 1.0
    return max(0.4, min(1.0, count / people / full_at))


def signals(idea: Idea, ctx: TeamContext) -> list[_Signal]:
    """Why this idea fits (positive weight) or does not (negative) this team right now.

    Farewells answer a departure, which the store does not know about: team needs never push
    them up (see ``default_reason``).
    """
    if idea.kind == "farewell":
        return []
    found = _setting(idea, ctx) + _people_needs(idea, ctx)
    if ctx.cross_team_met is not None and ctx.cross_team_met < FEW_CROSS_TEAM and "silos" in idea.goals:
        pct_met = round(ctx.cross_team_met * 100)
        said = Localized(
            f"Only {pct_met}% of cross-team pairs have ever met",
            f"Seuls {pct_met}{NBSP}% des binômes inter-équipes se sont déjà croisés",
        )
        found.append(_Signal("silos", 2.5, because(said, idea, "silos")))
    if ctx.season and idea.seasonal:
        if idea.fits_season(ctx.season):
            said = Localized(f"A good fit for the season ({ctx.season})", f"De saison, idéal {_SEASON_FR[ctx.season]}")
            found.append(_Signal("season", 0.5, because(said, idea, "season")))
        else:
            found.append(_Signal("off-season", -5.0, Localized("", "")))
    if ctx.people and ctx.people < idea.people_min:
        found.append(_Signal("too-few", -3.0, Localized("", "")))
    return found


def _setting(idea: Idea, ctx: TeamContext) -> list[_Signal]:
    """Remote and hybrid teams: ideas that work at a distance go up, in-person ones down."""
    pct = round(ctx.remote_share * 100)
    if ctx.people and ctx.remote_share >= REMOTE_HEAVY:
        remote = Localized(f"{pct}% of the team is remote", f"{pct}{NBSP}% de l'équipe est à distance")
        if idea.format == "remote":
            return [_Signal("remote", 2.0, because(remote, idea, "remote"))]
        if idea.format == "hybrid":
            return [_Signal("remote", 1.5, because(remote, idea, "remote"))]
        return [_Signal("in-person", -2.0, Localized("", ""))]
    if ctx.people and ctx.remote_share >= HYBRID_TEAM and idea.format == "hybrid":
        said = Localized(f"Your team is hybrid ({pct}% remote)", f"Votre équipe est hybride ({pct}{NBSP}% à distance)")
        return [_Signal("hybrid", 1.0, because(said, idea, "hybrid"))]
    return []


def _people_needs(idea: Idea, ctx: TeamContext) -> list[_Signal]:
    """Newcomers to welcome, people left out to include."""
    found = []
    if ctx.newcomers and ("welcome" in idea.goals or idea.kind == "welcome"):
        en, fr = _people(ctx.newcomers)
        arrived = "arrivée" if ctx.newcomers == 1 else "arrivées"
        said = Localized(
            f"{en} joined in the last {ctx.newcomer_days} days",
            f"{fr} {arrived} ces {ctx.newcomer_days}{NBSP}derniers jours",
        )
        weight = 3.0 * _strength(ctx.newcomers, ctx.people, 0.1)
        found.append(_Signal("welcome", weight, because(said, idea, "welcome")))
    if ctx.isolated and "inclusion" in idea.goals:
        en, fr = _people(ctx.isolated)
        has = "has" if ctx.isolated == 1 else "have"
        said = Localized(
            f"{en} {has} not joined any ritual in {ctx.isolation_days} days",
            f"{fr} sans aucun rituel depuis {ctx.isolation_days}{NBSP}jours",
        )
        weight = 2.5 * _strength(ctx.isolated, ctx.people, 0.15)
        found.append(_Signal("inclusion", weight, because(said, idea, "inclusion")))
    return found


def default_reason(idea: Idea, goal: str | None = None) -> Localized:
    """The reason when the team gives none: the goal asked for (else the idea's main goal), and
    what the idea is like."""
    if idea.kind == "farewell":
        return because(
            Localized("Keep it ready for the next departure", "À garder sous le coude pour le prochain départ"),
            idea,
            "goal",
        )
    return because(_GOAL_REASONS[goal if goal in idea.goals else idea.goals[0]], idea, "goal")


def exclude_recent(ideas: Iterable[Idea], ctx: TeamContext, keep_kinds: bool = False) -> list[Idea]:
    """Drop what the team did these weeks: the same idea, or (unless a kind was asked) its kind.

    "other" is a catch-all, not something the team "did", so it never excludes its kind.
    """
    recent_kinds = set() if keep_kinds else ctx.recent_kinds - {"other"}
    return [i for i in ideas if i.id not in ctx.recent_ideas and i.kind not in recent_kinds]


def rotation_pool(candidates: Sequence[Idea], shown: Sequence[str], n: int) -> list[Idea]:
    """Ideas never shown first; once fewer than ``n`` are fresh, the longest-unseen come back."""
    position = {idea_id: at for at, idea_id in enumerate(shown)}
    fresh = [i for i in candidates if i.id not in position]
    if len(fresh) >= n:
        return fresh
    seen = sorted((i for i in candidates if i.id in position), key=lambda i: position[i.id])
    return fresh + seen[: n - len(fresh)]


def rank(
    candidates: Sequence[Idea], ctx: TeamContext, n: int, rng: random.Random, goal: str | None = None
) -> list[Suggestion]:
    """Pick ``n`` ideas, best first: context signals, a little chance, and variety.

    Each signal counts about a third as much every time an idea already picked used it as its reason, and
    at most PER_KIND ideas of one kind are taken while others remain, so that five suggestions
    are five different things to try.
    """
    pool = rotation_pool(candidates, ctx.shown, n)
    jitter = {idea.id: rng.random() for idea in pool}  # drawn once, in catalog order: reproducible
    found = {idea.id: signals(idea, ctx) for idea in pool}
    used: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    picked: list[Suggestion] = []

    def score(idea: Idea) -> float:
        return jitter[idea.id] + sum(s.weight * (DECAY ** used[s.name] if s.weight > 0 else 1) for s in found[idea.id])

    while pool and len(picked) < n:
        varied = [i for i in pool if kinds[i.kind] < PER_KIND] or pool
        best = max(varied, key=score)
        top = _reason_for(best, found[best.id], used, goal, {p.reason for p in picked})
        reason = top.reason if top else default_reason(best, goal)
        picked.append(Suggestion(idea=best, reason=reason, score=round(score(best), 3)))
        if top:
            used[top.name] += 1
        kinds[best.kind] += 1
        pool.remove(best)
    return picked


def _reason_for(
    idea: Idea, found: list[_Signal], used: Counter[str], goal: str | None, given: set[Localized]
) -> _Signal | None:
    """The signal whose reason is shown: the goal asked for when the team's own data speaks to
    it, else the strongest need not given as a reason yet; None: the goal's reason (default_reason)."""
    positive = sorted((s for s in found if s.weight > 0), key=lambda s: -s.weight * DECAY ** used[s.name])
    if goal is not None:
        # the lead asked for this goal: it leads, in the team's words if we have them
        return next((s for s in positive if s.name == goal), None)
    return next((s for s in positive if s.reason not in given), None)


def suggest_ideas(
    ideas: Sequence[Idea], filters: Filters, ctx: TeamContext, n: int, rng: random.Random
) -> list[Suggestion]:
    """Filter, drop what the team just did, then rank; NoMatch names what emptied the list.

    The season is the one asked for (``--season summer`` plans ahead), else today's; ideas of
    another season are left out (an orchard in December helps nobody) unless nothing else fits.
    """
    filters = filters.checked()
    if filters.season:
        ctx = dataclasses.replace(ctx, season=filters.season)
    if filters.format in ("in-person", "remote"):
        # the lead says where everyone will be: the roster's remote share says nothing of this one
        ctx = dataclasses.replace(ctx, remote_share=1.0 if filters.format == "remote" else 0.0)
    matching = filter_ideas(ideas, filters)
    candidates = exclude_recent(matching, ctx, keep_kinds=filters.kind is not None)
    if ctx.season:
        candidates = [i for i in candidates if i.fits_season(ctx.season)] or candidates
    if not candidates:
        weeks = Localized(
            "No idea matches: the team already did every matching idea in the last few weeks.",
            "Aucune idée ne correspond\u00a0: l'équipe a déjà fait toutes les idées possibles ces dernières semaines.",
        )
        raise NoMatch(_("recent"), weeks)
    return rank(candidates, ctx, max(1, n), rng, goal=filters.goal)


def record_shown(shown: Sequence[str], picked: Iterable[Suggestion], keep: int) -> list[str]:
    """The shown list after a run: the picks move to the end (most recent), oldest drop first."""
    ids = [s.idea.id for s in picked]
    kept = [i for i in shown if i not in ids] + ids
    return kept[-keep:] if keep > 0 else kept
