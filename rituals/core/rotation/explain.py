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
from typing import Protocol

from rituals.core.frozen import frozen
from rituals.core.rotation.costs import place_of
from rituals.core.rotation.sizes import repeat_free_bound

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

    def text(self, names: Mapping[str, str] | None = None, lang: str = "en") -> str:
        """One line in English or French ("fr"), e.g. "all 3 pairs are new; mixes 3 teams (Ops,
        Sales, Tech)" / "les 3 paires sont nouvelles ; mêle 3 équipes (Ops, Sales, Tech)"."""
        t = WORDS["fr" if lang == "fr" else "en"]
        names = names or {}
        if self.pairs == 1:
            parts = [t["new-pair"]] if self.new_pairs else []
        elif self.new_pairs == self.pairs:
            parts = [t["all-new"].format(n=self.pairs)]
        else:
            key = {0: "none-new", 1: "one-new"}.get(self.new_pairs, "some-new")
            parts = [t[key].format(k=self.new_pairs, n=self.pairs)]
        if len(self.teams) > 1:
            parts.append(t["mixes"].format(n=len(self.teams), teams=", ".join(self.teams)))
        elif self.teams:
            parts.append(t["one-team"].format(team=self.teams[0]))
        if len(self.places) > 1:
            places = (t["remote"] if p == "remote" else p for p in self.places)
            parts.append(t["spans"].format(places=", ".join(places)))
        if self.repeats:
            parts.append(self._repeats_text(t, names))
        return t["sep"].join(parts) or t["one-group"]

    def _repeats_text(self, t: Mapping[str, str], names: Mapping[str, str]) -> str:
        """The repeats the group could not avoid: how many, whether they cross teams, when the
        most recent of them last met, and the pair that met most often ("could not avoid 3
        repeats; all of them across teams, last met in May; most often Ana & Bob (met 4 times)")."""
        worst = max(self.repeats, key=lambda n: (n.times, n.last_met or date.min, n.earlier_rounds))
        a, b = (names.get(p, p) for p in worst.pair)
        when = [t["met-once"] if worst.times == 1 else t["met-times"].format(n=worst.times)]
        if worst.last_met is not None:
            when.append(t["last"].format(day=worst.last_met.isoformat()))
        if worst.earlier_rounds:
            when.append(t["also-round"].format(rounds=", ".join(map(str, worst.earlier_rounds))))
        detail = t["pair"].format(a=a, b=b, when=", ".join(when))
        teams = [n.teams for n in self.repeats]
        if len(self.repeats) == 1:
            side = {"across": t["one-across"], "same": t["one-same"]}.get(teams[0], "")
            return t["one-repeat"].format(side=side, detail=detail)
        facts = []
        if all(side == "across" for side in teams):
            facts.append(t["all-across"])
        elif "same" in teams:
            facts.append(t["some-same"].format(k=teams.count("same")))
        dates = [n.last_met for n in self.repeats if n.last_met is not None]
        if dates:
            latest = max(dates)
            month = t["months"].split()[latest.month - 1]
            shown = month if self.today is not None and latest.year == self.today.year else f"{month} {latest.year}"
            facts.append(t["last-month"].format(month=shown))
        facts = [", ".join(facts)] if facts else []
        return t["sep"].join([t["repeats"].format(n=len(self.repeats)), *facts, t["most-often"].format(detail=detail)])


WORDS: dict[str, dict[str, str]] = {
    "en": {
        "new-pair": "a new pair",
        "all-new": "all {n} pairs are new",
        "some-new": "{k} of {n} pairs are new",
        "one-new": "1 of {n} pairs is new",
        "none-new": "no new pair",
        "remote": "remote",
        "mixes": "mixes {n} teams ({teams})",
        "one-team": "one team ({team})",
        "spans": "spans {places}",
        "met-once": "met once",
        "met-times": "met {n} times",
        "last": "last {day}",
        "also-round": "also in round {rounds}",
        "pair": "{a} & {b} ({when})",
        "one-repeat": "could not avoid one repeat{side}: {detail}",
        "one-across": ", across teams",
        "one-same": ", within a team",
        "repeats": "could not avoid {n} repeats",
        "all-across": "all of them across teams",
        "some-same": "{k} of them within a team",
        "last-month": "last met in {month}",
        "most-often": "most often {detail}",
        "months": "January February March April May June July August September October November December",
        "sep": "; ",
        "one-group": "one group",
    },
    "fr": {
        "new-pair": "une nouvelle paire",
        "all-new": "les {n} paires sont nouvelles",
        "some-new": "{k} paires nouvelles sur {n}",
        "mixes": "mêle {n} équipes ({teams})",
        "one-new": "1 paire nouvelle sur {n}",
        "none-new": "aucune paire nouvelle",
        "remote": "à distance",
        "one-team": "une seule équipe ({team})",
        "spans": "sur plusieurs lieux ({places})",
        "met-once": "déjà vus une fois",
        "met-times": "déjà vus {n} fois",
        "last": "dernière fois le {day}",
        "also-round": "aussi au tour {rounds}",
        "pair": "{a} et {b} ({when})",
        "one-repeat": "une répétition inévitable{side}\u00a0: {detail}",
        "one-across": ", entre équipes",
        "one-same": ", dans une équipe",
        "repeats": "{n} répétitions inévitables",
        "all-across": "toutes entre équipes",
        "some-same": "dont {k} dans une équipe",
        "last-month": "dernière rencontre en {month}",
        "most-often": "surtout {detail}",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "sep": "\u00a0; ",
        "one-group": "un seul groupe",
    },
}


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
            group_teams = tuple(sorted({teams[p] for p in group} - {""}))
            places = tuple(sorted(dict(shown[p] for p in group).values(), key=str.lower)) if fmt != "remote" else ()
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
