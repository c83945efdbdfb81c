"""The idea catalog behind `rituals suggest`: loading, checking and filtering ideas.

The ideas live in ``rituals/data/catalog.toml`` (package data) so that writers can improve the
copy without touching code. tomllib is pure Python and 100 kB of TOML costs tens of milliseconds
at every start, so a compiled JSON copy ships beside it, stamped with the TOML's checksum: it is
used only while it matches, and rebuilt with ``python -m rituals.core.catalog`` (a test checks).
Ranking for a given team lives in ``rituals.core.catalog_rank``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.errors import InvalidInput, RitualsError
from rituals.core.models import FORMATS, KINDS

if TYPE_CHECKING:
    from rituals.core.ritual_spec import RitualSpec

GOALS: tuple[str, ...] = ("silos", "inclusion", "welcome", "gratitude", "wellbeing", "learning", "celebration", "trust")
BUDGETS: tuple[str, ...] = ("free", "low", "medium", "high")
EFFORTS: tuple[str, ...] = ("low", "medium", "high")
ENERGIES: tuple[str, ...] = ("calm", "active")
SEASONS: tuple[str, ...] = ("spring", "summer", "autumn", "winter")
WEATHERS: tuple[str, ...] = ("any", "dry")
RHYTHMS: tuple[str, ...] = ("once", "weekly", "monthly")
LANGS: tuple[str, ...] = ("en", "fr")
ANY_SEASON = "any"
_SEASON_ALIASES = {"fall": "autumn", "printemps": "spring", "été": "summer", "ete": "summer", "automne": "autumn", "hiver": "winter"}


@dataclass(frozen=True)
class Localized:
    """One text in every language we ship."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Idea:
    id: str
    kind: str
    title: Localized
    description: Localized
    steps: tuple[Localized, ...]
    goals: tuple[str, ...]
    format: str
    people_min: int
    people_max: int
    minutes: int
    budget: str
    effort: str
    energy: str
    seasons: tuple[str, ...]  # ("any",) or some of SEASONS
    weather: str
    rhythm: str
    groups_of: int | None = None

    def fits_season(self, season: str) -> bool:
        return ANY_SEASON in self.seasons or season in self.seasons

    @property
    def seasonal(self) -> bool:
        return ANY_SEASON not in self.seasons


class CatalogError(ValueError):
    """The shipped catalog is malformed: a packaging bug, named precisely for the maintainer."""


class NoMatch(RitualsError):
    """No idea is left; ``option`` names the filter that emptied the list (for the user)."""

    def __init__(self, option: str, text: Localized) -> None:
        super().__init__(text.en)
        self.option = option
        self.text = text


# --------------------------------------------------------------------------- loading
SOURCE = "catalog.toml"
COMPILED = "catalog.json"


@lru_cache(maxsize=1)
def load_catalog() -> tuple[Idea, ...]:
    """Every idea of the shipped catalog, checked; parsed once per process."""
    data = files("rituals") / "data"
    return parse_catalog(read_document((data / SOURCE).read_bytes(), data / COMPILED))


def checksum(source: bytes) -> str:
    """A staleness check, not a security one: crc32 is instant and needs no extra import."""
    return f"{len(source)}-{zlib.crc32(source):08x}"


def read_document(source: bytes, compiled: Traversable) -> Mapping[str, Any]:
    """The parsed TOML, from the compiled copy when it was built from this very source."""
    try:
        copy = json.loads(compiled.read_bytes())
        if copy.get("source") == checksum(source):
            return copy["document"]
    except (OSError, ValueError, AttributeError):
        pass  # missing or damaged copy: the TOML is the truth
    import tomllib  # deferred: only a stale or missing compiled copy needs the slow parser

    return tomllib.loads(source.decode("utf-8"))


def compile_catalog(source: bytes) -> str:
    import tomllib

    document = tomllib.loads(source.decode("utf-8"))
    parse_catalog(document)  # never compile a catalog that would not load
    return json.dumps({"source": checksum(source), "document": document}, ensure_ascii=False, separators=(",", ":")) + "\n"


def parse_catalog(document: Mapping[str, Any]) -> tuple[Idea, ...]:
    ideas = tuple(parse_idea(raw) for raw in document.get("idea", ()))
    seen: set[str] = set()
    for idea in ideas:
        if idea.id in seen:
            raise CatalogError(f"idea {idea.id!r} appears twice")
        seen.add(idea.id)
    return ideas


def parse_idea(raw: Mapping[str, Any]) -> Idea:
    ident = str(raw.get("id", "?"))

    def fail(problem: str) -> CatalogError:
        return CatalogError(f"idea {ident!r}: {problem}")

    def choice(name: str, allowed: Sequence[str]) -> str:
        value = raw.get(name)
        if value not in allowed:
            raise fail(f"{name} {value!r} is not one of {', '.join(allowed)}")
        return value

    def text(name: str) -> Localized:
        value = raw.get(name)
        if not isinstance(value, Mapping) or not all(isinstance(value.get(l), str) and value[l].strip() for l in LANGS):
            raise fail(f"{name} needs non-empty en and fr texts")
        return Localized(en=value["en"].strip(), fr=value["fr"].strip())

    steps = raw.get("steps", {})
    en, fr = steps.get("en", []), steps.get("fr", [])
    if not 2 <= len(en) <= 4 or len(en) != len(fr):
        raise fail("needs 2 to 4 steps, as many in en as in fr")
    if not all(isinstance(s, str) and s.strip() for s in [*en, *fr]):
        raise fail("a step is empty")
    goals = tuple(raw.get("goals", ()))
    if not goals or len(set(goals)) != len(goals) or not set(goals) <= set(GOALS):
        raise fail(f"goals {list(goals)} must be distinct values among {', '.join(GOALS)}")
    people = raw.get("people")
    if not (isinstance(people, list) and len(people) == 2 and all(isinstance(p, int) for p in people)):
        raise fail("people must be [min, max]")
    if not 1 <= people[0] <= people[1] <= 10_000:
        raise fail(f"people range {people} is not sane")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or not 5 <= minutes <= 8 * 60:
        raise fail(f"minutes {minutes!r} must be 5 to 480")
    groups_of = raw.get("groups_of")
    if groups_of is not None and not (isinstance(groups_of, int) and 2 <= groups_of <= min(12, people[1])):
        raise fail(f"groups_of {groups_of!r} must be 2 to 12 and fit the people range")
    seasons = tuple(raw.get("seasons", ()))
    if seasons != (ANY_SEASON,) and not (seasons and set(seasons) <= set(SEASONS) and len(set(seasons)) == len(seasons)):
        raise fail(f"seasons {list(seasons)} must be ['any'] or distinct values among {', '.join(SEASONS)}")
    if not isinstance(raw.get("id"), str) or not raw["id"].replace("-", "").isalnum() or raw["id"] != raw["id"].lower():
        raise fail("id must be a lower-case slug")
    return Idea(
        id=raw["id"],
        kind=choice("kind", KINDS),
        title=text("title"),
        description=text("description"),
        steps=tuple(Localized(en=e.strip(), fr=f.strip()) for e, f in zip(en, fr)),
        goals=goals,
        format=choice("format", FORMATS),
        people_min=people[0],
        people_max=people[1],
        minutes=minutes,
        budget=choice("budget", BUDGETS),
        effort=choice("effort", EFFORTS),
        energy=choice("energy", ENERGIES),
        seasons=seasons,
        weather=choice("weather", WEATHERS),
        rhythm=choice("rhythm", RHYTHMS),
        groups_of=groups_of,
    )


def find_idea(idea_id: str, ideas: Iterable[Idea] | None = None) -> Idea:
    wanted = idea_id.strip().lower()
    for idea in ideas if ideas is not None else load_catalog():
        if idea.id == wanted:
            return idea
    raise InvalidInput(f"unknown idea {idea_id!r} (the ids are shown by `rituals suggest`)")


# --------------------------------------------------------------------------- filters
@dataclass(frozen=True)
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
                raise InvalidInput(f"bad --{name} {value!r}: choose one of {', '.join(allowed)}")
            return value

        if self.people is not None and self.people < 1:
            raise InvalidInput(f"bad --people {self.people}: it must be at least 1")
        if self.minutes is not None and self.minutes < 1:
            raise InvalidInput(f"bad --minutes {self.minutes}: it must be at least 1")
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
        return Localized(en=f"the shortest idea takes {shortest} minutes", fr=f"l'idée la plus courte dure {shortest}\u00a0minutes")
    if option == "--people":
        low, high = min(i.people_min for i in left), max(i.people_max for i in left)
        return Localized(en=f"the ideas left suit {low} to {high} people", fr=f"les idées restantes conviennent de {low} à {high}\u00a0personnes")
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


# --------------------------------------------------------------------------- helpers
def season_of(day: date) -> str:
    """Meteorological season, northern hemisphere (where our users are)."""
    return ("winter", "spring", "summer", "autumn")[(day.month % 12) // 3]


def language_from_env(environ: Mapping[str, str]) -> str:
    """"fr" when the locale says French, else "en"; POSIX order: LC_ALL, LC_MESSAGES, LANG."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def idea_spec(idea: Idea, lang: str, **fields: Any) -> RitualSpec:
    """A ritual draft for ``idea``: its title, kind, rhythm and grouping, plus the user's fields."""
    from rituals.core.ritual_spec import RitualSpec  # deferred: only --plan needs the ritual parser

    steps = "\n".join(f"{n}. {step.get(lang)}" for n, step in enumerate(idea.steps, 1))
    draft: dict[str, Any] = {
        "title": idea.title.get(lang),
        "kind": idea.kind,
        "description": f"{idea.description.get(lang)}\n\n{steps}",
        "duration": f"{idea.minutes}m",
        "every": idea.rhythm,
        "size": idea.groups_of or 0,
        "format": idea.format,
        "idea_id": idea.id,
        "id": idea.id,
    }
    draft.update({k: v for k, v in fields.items() if v is not None})
    return RitualSpec(**draft)


if __name__ == "__main__":  # after editing catalog.toml: python -m rituals.core.catalog
    folder = Path(__file__).resolve().parents[1] / "data"
    (folder / COMPILED).write_text(compile_catalog((folder / SOURCE).read_bytes()), encoding="utf-8")
    print(f"wrote {COMPILED} ({len(load_catalog())} ideas)")
