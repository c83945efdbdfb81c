"""Ideas: suggestions from the catalog, ranked for this team, and ideas turned into rituals.

`rituals suggest` must be useful before anything is set up: with no database file it ranks with
no team context, and it never creates the file (only a plan, which is a real change, does).

Which ideas were shown lately is the user's browsing, not the team's plan: it is kept in the
user's cache directory (one small file per database), never in the database. So suggest never
writes the plan (no lock, no git diff in a shared plan, works on a read-only file) and rotation
through the catalog also works before any database exists.
"""

from __future__ import annotations

import dataclasses
import json
import random
import zlib
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.history import first_chances, last_seen, met_pairs
from rituals.core.models import Person, Ritual, Session
from rituals.core.schedule import any_occurrence_between
from rituals.service.context import Context
from rituals.store.userdirs import cache_dir, write_cache_file

if TYPE_CHECKING:  # the ranking modules load only when ideas are asked for
    from rituals.core.catalog.filter import Filters
    from rituals.core.catalog.rank import Suggestion, TeamContext
    from rituals.core.ritual_spec import RitualSpec
    from rituals.service.people import People
    from rituals.service.rituals import Rituals

RECENT_BACK = timedelta(weeks=4)  # "what the team did in the last few weeks"
RECENT_AHEAD = timedelta(weeks=2)  # ...or is about to do: no point suggesting it again
NEWCOMER_DAYS = 90  # the model's own definition of a newcomer
ISOLATION_DAYS = 60
DRAFT_TIME = "12:30"  # a ritual made from an idea starts next Monday at lunchtime, until edited


class Ideas:
    """The idea catalog for this team: ranked suggestions, and ideas made into rituals."""

    def __init__(self, context: Context, people: People, rituals: Rituals) -> None:
        self.context = context
        self.store = context.store
        self.people = people
        self.rituals = rituals

    def suggest(self, filters: Filters | None = None, n: int = 5, seed: int | None = None) -> list[Suggestion]:
        """``n`` ideas for this team. With ``seed`` the answer is reproducible and nothing is
        recorded; without it, each run shows ideas not shown before, until the catalog is used up.
        """
        from rituals.core.catalog.filter import Filters
        from rituals.core.catalog.ideas import load_catalog  # deferred: the catalog loads only for ideas
        from rituals.core.catalog.rank import record_shown, suggest_ideas

        ideas = load_catalog()
        context = self.team_context()
        if seed is not None:
            context = dataclasses.replace(context, shown=())
            return suggest_ideas(ideas, filters or Filters(), context, n, random.Random(seed))
        rng = random.Random(self.context.seed) if self.context.seed is not None else random.Random()
        picked = suggest_ideas(ideas, filters or Filters(), context, n, rng)
        self._save_shown(record_shown(list(context.shown), picked, keep=len(ideas)))
        return picked

    def shown(self) -> list[str]:
        """Ideas shown lately for this database, most recent last ([] when unknown)."""
        try:
            saved = json.loads(self._shown_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(saved, dict) or saved.get("db") != str(self._db_key()):
            return []  # another database whose name hashed alike, or a file from elsewhere
        shown = saved.get("shown")
        return [i for i in shown if isinstance(i, str)] if isinstance(shown, list) else []

    def _save_shown(self, shown: list[str]) -> None:
        """Two runs racing lose one run's list at worst, which only repeats an idea; an unwritable
        cache never stops suggestions (see write_cache_file)."""
        write_cache_file(self._shown_path(), json.dumps({"db": str(self._db_key()), "shown": shown}))

    def _db_key(self) -> Path:
        return self.store.path.expanduser().resolve()

    def _shown_path(self) -> Path:
        return cache_dir() / f"suggest-{zlib.crc32(str(self._db_key()).encode()):08x}.json"

    def team_context(self) -> TeamContext:
        """What the store says about the team (nothing, when there is no database yet)."""
        from rituals.core.catalog.ideas import season_of
        from rituals.core.catalog.rank import TeamContext

        today = self.context.today()
        season = season_of(today)
        if not self.store.exists:
            return TeamContext(season=season, shown=tuple(self.shown()))
        people = [p for p in self.store.people() if not p.is_away(today)]
        sessions = self.store.sessions()
        held = [s for s in sessions if s.status == "held" and s.day <= today]
        recent = self._recent_rituals(sessions)
        remote = sum(p.is_remote for p in people)
        return TeamContext(
            people=len(people),
            remote_share=remote / len(people) if people else 0.0,
            newcomers=sum(p.is_newcomer(today, NEWCOMER_DAYS) for p in people),
            newcomer_days=NEWCOMER_DAYS,
            isolated=_isolated(people, self.store.rituals(), held, today, ISOLATION_DAYS),
            isolation_days=ISOLATION_DAYS,
            cross_team_met=_cross_team_met(people, held),
            recent_kinds=frozenset(r.kind for r in recent),
            recent_ideas=frozenset(r.idea_id or r.id for r in recent),
            shown=tuple(self.shown()),
            season=season,
        )

    def _recent_rituals(self, sessions: list[Session]) -> list[Ritual]:
        """Rituals with a session, or a scheduled occurrence, from 4 weeks ago to 2 weeks ahead."""
        now = datetime.combine(self.context.today(), time.min)
        lo, hi = now - RECENT_BACK, now + RECENT_AHEAD
        rituals = {r.id: r for r in self.store.rituals()}
        ids = {s.ritual_id for s in sessions if s.status != "cancelled" and lo <= s.start <= hi}
        for ritual in rituals.values():
            # the bare rule is enough here: holidays and skipped dates change nothing to "lately"
            if ritual.status == "active" and any_occurrence_between(ritual.schedule, lo, hi):
                ids.add(ritual.id)
        return [rituals[i] for i in sorted(ids) if i in rituals]

    # ------------------------------------------------------------------ ideas into plans
    def default_start(self) -> str:
        """When a ritual made from an idea starts unless told otherwise: next Monday at 12:30."""
        today = self.context.today()
        monday = today + timedelta(days=7 - today.weekday())
        return f"{monday.isoformat()}T{DRAFT_TIME}"

    def draft(self, idea_id: str, lang: str = "en") -> RitualSpec:
        """A ritual form pre-filled from a catalog idea: `default_start`, in the team's most
        common time zone, open to everyone; the lead edits it before saving."""
        from rituals.core.catalog.ideas import find_idea, idea_spec

        zone = self.people.team_timezone() or "UTC"
        spec = idea_spec(find_idea(idea_id), lang, start=self.default_start(), timezone=zone)
        return dataclasses.replace(spec, audience="all", mix="cross-team")

    def to_ritual(self, idea_id: str, start: str, tz: str | None = None, lang: str = "en", **fields: Any) -> Ritual:
        """A checked ritual draft from a catalog idea (not stored); ``fields`` as in RitualSpec.

        Without ``tz`` the draft takes the team's most common time zone.
        """
        from rituals.core.catalog.ideas import find_idea, idea_spec
        from rituals.core.ritual_spec import build_ritual  # deferred: only plans need the ritual parser

        spec = idea_spec(find_idea(idea_id), lang, start=start, timezone=tz or self.people.team_timezone(), **fields)
        return build_ritual(spec, today=self.context.today(), holidays=self.context.holidays)

    def plan(self, idea_id: str, start: str, tz: str | None = None, lang: str = "en", **fields: Any) -> Ritual:
        """Turn an idea into a stored ritual, under a free id (``coffee-roulette-2`` if taken)."""
        return self.rituals.create(self.to_ritual(idea_id, start, tz, lang, **fields))


def _isolated(people: list[Person], rituals: list[Ritual], held: list[Session], today: date, days: int) -> int:
    """People who took part in no held session in the last ``days``, though they could have
    come for that long (``first_chances``: not a newcomer, nor anyone before the first session)."""
    seen = last_seen(held)
    chances = first_chances([p for p in people if p.email not in seen], rituals, held)
    cutoff = today - timedelta(days=days)
    return sum(1 for p in people if (seen.get(p.email) or chances.get(p.email, today)) < cutoff)


def _cross_team_met(people: list[Person], held: list[Session]) -> float | None:
    """The share of pairs from different teams who ever met; None when there is nothing to judge."""
    team_of = {p.email: p.team.strip().lower() for p in people if p.team.strip()}
    sizes = Counter(team_of.values())
    count = len(team_of)
    total = count * (count - 1) // 2 - sum(k * (k - 1) // 2 for k in sizes.values())
    if not held or not total:
        return None
    met = sum(1 for a, b in met_pairs(held) if a in team_of and b in team_of and team_of[a] != team_of[b])
    return met / total
