"""Why a group is good, and the figures that judge a whole plan.

``explain_rounds`` gives one ``GroupExplanation`` per group: new pairs, teams mixed, places, and
every repeat it could not avoid (who, how many times before, when last). ``evaluate`` scores any
plan (ours or a baseline's) with the same yardstick: repeats inside the plan, repeats of the
history, same-team share, split places, repeat-free rounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Protocol

from rituals.core.collation import sorted_names
from rituals.core.frozen import frozen
from rituals.core.rotation.costs import place_of
from rituals.core.rotation.sizes import repeat_free_bound
from rituals.locale import current, for_language
from rituals.locale.formats import MONTHS

if TYPE_CHECKING:  # the type only: gettext loads when a language other than English is read
    from gettext import NullTranslations

Rounds = Sequence[Sequence[Sequence[str]]]


class _Member(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def team(self) -> str: ...
    @property
    def location(self) -> str: ...


@frozen
class RepeatNote:
    """A pair that met before: ``times`` in all (history and earlier rounds of this plan)."""

    pair: tuple[str, str]
    times: int
    last_met: date | None  # the latest meeting in the history, if any
    earlier_rounds: tuple[int, ...] = ()  # 1-based rounds of this plan where they already met
    teams: str = ""  # "across" (two teams), "same" (one team) or "" (someone has no team)


@frozen
class GroupExplanation:
    """Why a group is good, and the repeats it could not avoid."""

    members: tuple[str, ...]
    pairs: int
    new_pairs: int
    teams: tuple[str, ...]  # distinct, non-empty, sorted
    same_team_pairs: int
    places: tuple[str, ...]  # distinct, sorted ("remote" for remote people)
    repeats: tuple[RepeatNote, ...] = ()
    today: date | None = None  # when the plan was made: "last met in May" needs no year this year

    def text(self, names: Mapping[str, str] | None = None, lang: str | None = None) -> str:
        """One line in ``lang`` (default: the reader's), e.g. "all 3 pairs are new; mixes 3 teams
        (Ops, Sales, Tech)" / "les 3 paires sont nouvelles ; mêle 3 équipes (Ops, Sales, Tech)"."""
        t = for_language(lang or current())
        names = names or {}
        if self.pairs == 1:
            parts = [t.gettext("a new pair")] if self.new_pairs else []
        elif self.new_pairs == self.pairs:
            parts = [t.gettext("all {n} pairs are new").format(n=self.pairs)]
        elif self.new_pairs == 0:
            parts = [t.gettext("no new pair")]
        else:
            parts = [
                t.ngettext("{k} of {n} pairs is new", "{k} of {n} pairs are new", self.new_pairs).format(
                    k=self.new_pairs, n=self.pairs
                )
            ]
        if len(self.teams) > 1:
            parts.append(t.gettext("mixes {n} teams ({teams})").format(n=len(self.teams), teams=", ".join(self.teams)))
        elif self.teams:
            parts.append(t.gettext("one team ({team})").format(team=self.teams[0]))
        if len(self.places) > 1:
            places = (t.gettext("remote") if p == "remote" else p for p in self.places)
            parts.append(t.gettext("spans {places}").format(places=", ".join(places)))
        if self.repeats:
            parts.append(self._repeats_text(t, names))
        return t.pgettext("list", "; ").join(parts) or t.gettext("one group")

    def _repeats_text(self, t: NullTranslations, names: Mapping[str, str]) -> str:
        """The repeats the group could not avoid: how many, whether they cross teams, when the
        most recent of them last met, and the pair that met most often ("could not avoid 3
        repeats; all of them across teams, last met in May; most often Ana & Bob (met 4 times)")."""
        worst = max(self.repeats, key=lambda n: (n.times, n.last_met or date.min, n.earlier_rounds))
        a, b = (names.get(p, p) for p in worst.pair)
        when = [t.ngettext("met once", "met {n} times", worst.times).format(n=worst.times)]
        if worst.last_met is not None:
            when.append(t.gettext("last {day}").format(day=worst.last_met.isoformat()))
        if worst.earlier_rounds:
            rounds = ", ".join(map(str, worst.earlier_rounds))
            when.append(t.gettext("also in round {rounds}").format(rounds=rounds))
        detail = t.gettext("{a} & {b} ({when})").format(a=a, b=b, when=", ".join(when))
        teams = [n.teams for n in self.repeats]
        if len(self.repeats) == 1:
            if teams[0] == "across":
                return t.gettext("could not avoid one repeat, across teams: {detail}").format(detail=detail)
            if teams[0] == "same":
                return t.gettext("could not avoid one repeat, within a team: {detail}").format(detail=detail)
            return t.gettext("could not avoid one repeat: {detail}").format(detail=detail)
        facts = []
        if all(side == "across" for side in teams):
            facts.append(t.gettext("all of them across teams"))
        elif "same" in teams:
            facts.append(t.gettext("{k} of them within a team").format(k=teams.count("same")))
        dates = [n.last_met for n in self.repeats if n.last_met is not None]
        if dates:
            latest = max(dates)
            month = t.gettext(MONTHS[latest.month - 1])
            shown = month if self.today is not None and latest.year == self.today.year else f"{month} {latest.year}"
            facts.append(t.gettext("last met in {month}").format(month=shown))
        facts = [", ".join(facts)] if facts else []
        head = t.gettext("could not avoid {n} repeats").format(n=len(self.repeats))
        return t.pgettext("list", "; ").join([head, *facts, t.gettext("most often {detail}").format(detail=detail)])


def explain_rounds(
    plan: Rounds,
    members: Sequence[_Member],
    history: Mapping[frozenset[str], Sequence[date]],
    fmt: str = "hybrid",
    today: date | None = None,
) -> list[list[GroupExplanation]]:
    """Explanations for every group of ``plan``, round by round; places are left out for remote
    rituals, where they do not matter. ``today`` (the plan's date) lets "last met in May" leave
    out this year."""
    teams = {m.id: m.team.strip() for m in members}
    shown = {m.id: (place_of(m.location), m.location.strip() or "remote") for m in members}
    # names in reading order, ranked once per plan rather than sorted in every group
    team_rank = {team: i for i, team in enumerate(sorted_names(teams.values()))}
    place_rank = {name: i for i, name in enumerate(sorted_names(name for _, name in shown.values()))}
    earlier: dict[frozenset[str], list[int]] = {}
    out = []
    for r, groups in enumerate(plan):
        notes_of_round = []
        for group in groups:
            notes, new, same = [], 0, 0
            for a, b in combinations(group, 2):
                key = frozenset((a, b))
                met = history.get(key, ())
                rounds = tuple(earlier.get(key, ()))
                same += bool(teams[a]) and teams[a] == teams[b]
                if not met and not rounds:
                    new += 1
                    continue
                side = ("same" if teams[a] == teams[b] else "across") if teams[a] and teams[b] else ""
                notes.append(RepeatNote((a, b), len(met) + len(rounds), max(met) if met else None, rounds, side))
            group_teams = tuple(sorted({teams[p] for p in group} - {""}, key=team_rank.__getitem__))
            spans = dict(shown[p] for p in group).values()
            places = tuple(sorted(spans, key=place_rank.__getitem__)) if fmt != "remote" else ()
            pairs = len(group) * (len(group) - 1) // 2
            notes_of_round.append(
                GroupExplanation(tuple(group), pairs, new, group_teams, same, places, tuple(notes), today)
            )
        for group in groups:
            for a, b in combinations(group, 2):
                earlier.setdefault(frozenset((a, b)), []).append(r + 1)
        out.append(notes_of_round)
    return out


def explain_round(
    plan: Rounds,
    r: int,
    members: Sequence[_Member],
    history: Mapping[frozenset[str], Sequence[date]],
    fmt: str = "hybrid",
) -> list[GroupExplanation]:
    """Explanations for the groups of round ``r`` (0-based) of ``plan``."""
    return explain_rounds(plan[: r + 1], members, history, fmt)[r]


def evaluate(
    members: Sequence[_Member],
    plan: Rounds,
    *,
    mix: str = "cross-team",
    fmt: str = "hybrid",
    history: Mapping[frozenset[str], Sequence[date]] | None = None,
    excluded: Iterable[tuple[str, str]] = (),
) -> dict[str, object]:
    """Figures for ``plan``: JSON-friendly numbers, the same for any planner."""
    teams = {m.id: m.team.strip() for m in members}
    places = {m.id: place_of(m.location) for m in members}
    history = history or {}
    banned = {frozenset(p) for p in excluded}
    seen: set[frozenset[str]] = set()
    pairs = same_team = cross_team_possible = history_repeats = split = broken = repeats = 0
    repeat_free = None
    for r, groups in enumerate(plan):
        repeats_before = repeats
        for group in groups:
            for a, b in combinations(group, 2):
                key = frozenset((a, b))
                if key in seen:
                    repeats += 1
                seen.add(key)
                pairs += 1
                ta, tb = teams[a], teams[b]
                if ta and tb:
                    cross_team_possible += 1
                    same_team += ta == tb
                history_repeats += key in history
                split += places[a] != places[b]
                broken += key in banned
        if repeat_free is None and repeats > repeats_before:
            repeat_free = r
    sizes = sorted((len(g) for g in plan[0]), reverse=True) if plan else []
    return {
        "people": len(members),
        "rounds": len(plan),
        "group_sizes": sizes,
        "pairs": pairs,
        "repeat_pairs": repeats,
        "rounds_repeat_free": len(plan) if repeat_free is None else repeat_free,
        "repeat_free_bound": repeat_free_bound(len(members), sizes) if sizes and min(sizes) > 1 else 0,
        "history_repeats": history_repeats,
        "same_team_pairs": same_team,
        "same_team_share": round(same_team / cross_team_possible, 4) if cross_team_possible else 0.0,
        "split_place_pairs": split,
        "excluded_together": broken,
        "mix": mix,
        "format": fmt,
    }
