"""The idea catalog behind `rituals suggest`: the Idea model, loading and checking the data.

The ideas live in ``rituals/data/catalog.toml`` (package data) so that writers can improve the
copy without touching code. Parsing that much TOML with the pure-Python tomllib at every start
costs more than all the rest of `rituals suggest` (docs/performance.md), so a compiled JSON copy
ships beside it, stamped with the TOML's checksum: it is used only while it matches, and rebuilt
with ``python -m rituals.core.catalog`` (a test checks).
Filters live in ``rituals.core.catalog.filter``, ranking for a team in ``rituals.core.catalog.rank``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.models import FORMATS, KINDS
from rituals.locale import _

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


@frozen
class Localized:
    """One text in every language we ship."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@frozen
class Idea:
    """One idea of the catalog, with everything the filters and the ranking use."""

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


# --------------------------------------------------------------------------- loading
SOURCE = "catalog.toml"
COMPILED = "catalog.json"
DATA = Path(__file__).resolve().parents[2] / "data"  # rituals/data, beside core/


@lru_cache(maxsize=1)
def load_catalog() -> tuple[Idea, ...]:
    """Every idea of the shipped catalog, checked; parsed once per process."""
    # package data sits beside the modules (rituals is installed, never run from a zip), and
    # importlib.resources would cost the quick commands more to import than the read itself
    return read_catalog(DATA)


def read_catalog(folder: Path) -> tuple[Idea, ...]:
    """The ideas of the catalog in ``folder``, checked (the compiled copy too: a copy edited by
    hand, or built by an older rituals, must fail as loudly as the TOML would)."""
    source = (folder / SOURCE).read_bytes()
    return parse_catalog(read_document(source, folder / COMPILED))


def checksum(source: bytes) -> str:
    """A staleness check, not a security one: crc32 is instant and needs no extra import."""
    return f"{len(source)}-{zlib.crc32(source):08x}"


def _fresh_copy(source: bytes, compiled: Path) -> Mapping[str, Any] | None:
    """The compiled copy's document when it was built from this very source, else None."""
    try:
        copy = json.loads(compiled.read_bytes())
        if copy.get("source") == checksum(source) and isinstance(copy["document"], dict):
            return copy["document"]
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass  # missing or damaged copy: the TOML is the truth
    return None


def read_document(source: bytes, compiled: Path) -> Mapping[str, Any]:
    """The parsed TOML, from the compiled copy when it was built from this very source."""
    copy = _fresh_copy(source, compiled)
    return copy if copy is not None else _parse_toml(source)


def _parse_toml(source: bytes) -> Mapping[str, Any]:
    import tomllib  # deferred: only a stale or missing compiled copy needs the slow parser

    return tomllib.loads(source.decode("utf-8"))


def compile_catalog(source: bytes) -> str:
    document = _parse_toml(source)
    parse_catalog(document)  # never compile a catalog that would not load
    return (
        json.dumps({"source": checksum(source), "document": document}, ensure_ascii=False, separators=(",", ":")) + "\n"
    )


def parse_catalog(document: Mapping[str, Any]) -> tuple[Idea, ...]:
    ideas = tuple(parse_idea(raw) for raw in document.get("idea", ()))
    seen: set[str] = set()
    for idea in ideas:
        if idea.id in seen:
            raise CatalogError(_("idea {idea!r} appears twice").format(idea=idea.id))
        seen.add(idea.id)
    return ideas


def parse_idea(raw: Mapping[str, Any]) -> Idea:
    ident = str(raw.get("id", "?"))

    def fail(problem: str) -> CatalogError:
        return CatalogError(f"idea {ident!r}: {problem}")

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
    if seasons != (ANY_SEASON,) and not (
        seasons and set(seasons) <= set(SEASONS) and len(set(seasons)) == len(seasons)
    ):
        raise fail(f"seasons {list(seasons)} must be ['any'] or distinct values among {', '.join(SEASONS)}")
    if not isinstance(raw.get("id"), str) or not raw["id"].replace("-", "").isalnum() or raw["id"] != raw["id"].lower():
        raise fail("id must be a lower-case slug")
    for name, allowed in (
        ("kind", KINDS),
        ("format", FORMATS),
        ("budget", BUDGETS),
        ("effort", EFFORTS),
        ("energy", ENERGIES),
        ("weather", WEATHERS),
        ("rhythm", RHYTHMS),
    ):
        if raw.get(name) not in allowed:
            raise fail(f"{name} {raw.get(name)!r} is not one of {', '.join(allowed)}")
    for name in ("title", "description"):
        value = raw.get(name)
        texts = value if isinstance(value, Mapping) else {}
        if not all(isinstance(texts.get(lang), str) and texts[lang].strip() for lang in LANGS):
            raise fail(f"{name} needs non-empty en and fr texts")
    return build_idea(raw)


def build_idea(raw: Mapping[str, Any]) -> Idea:
    """The Idea of a raw entry parse_idea has checked."""
    steps = raw["steps"]
    people = raw["people"]
    return Idea(
        raw["id"],
        raw["kind"],
        _localized(raw["title"]),
        _localized(raw["description"]),
        tuple(Localized(e.strip(), f.strip()) for e, f in zip(steps["en"], steps["fr"])),
        tuple(raw["goals"]),
        raw["format"],
        people[0],
        people[1],
        raw["minutes"],
        raw["budget"],
        raw["effort"],
        raw["energy"],
        tuple(raw["seasons"]),
        raw["weather"],
        raw["rhythm"],
        raw.get("groups_of"),
    )


def _localized(value: Mapping[str, str]) -> Localized:
    return Localized(value["en"].strip(), value["fr"].strip())


def find_idea(idea_id: str, ideas: Iterable[Idea] | None = None) -> Idea:
    wanted = idea_id.strip().lower()
    for idea in ideas if ideas is not None else load_catalog():
        if idea.id == wanted:
            return idea
    raise InvalidInput(_("unknown idea {idea_id!r} (the ids are shown by `rituals suggest`)").format(idea_id=idea_id))


# --------------------------------------------------------------------------- helpers
def season_of(day: date) -> str:
    """Meteorological season, northern hemisphere (where our users are)."""
    return ("winter", "spring", "summer", "autumn")[(day.month % 12) // 3]


def language_from_env(environ: Mapping[str, str]) -> str:
    """ "fr" when the locale says French, else "en"; POSIX order: LC_ALL, LC_MESSAGES, LANG."""
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
        # a welcome idea in pairs is an onboarding trail: weekly rounds of newcomers and their
        # partners (rituals.core.trail), not a one-off that pairs everyone
        "every": "weekly" if idea.kind == "welcome" and idea.groups_of else idea.rhythm,
        "size": idea.groups_of or 0,
        "format": idea.format,
        "idea_id": idea.id,
        "id": idea.id,
    }
    draft.update({k: v for k, v in fields.items() if v is not None})
    return RitualSpec(**draft)


def main() -> None:
    """After editing catalog.toml: ``python -m rituals.core.catalog`` rebuilds the compiled copy."""
    folder = DATA
    (folder / COMPILED).write_text(compile_catalog((folder / SOURCE).read_bytes()), encoding="utf-8")
    print(f"wrote {COMPILED} ({len(load_catalog())} ideas)")  # not for translation: a maintainers' command
