"""`rituals suggest`: ideas from the catalog, ranked for this team; `--plan ID` makes one a ritual.

This path must start fast: it imports neither Textual nor the calendar libraries.
"""

import os
import sys
from typing import TYPE_CHECKING, Any, Optional

import typer

from rituals.cli.common import FormatOption, OutputFormat, console, print_json, service
from rituals.cli.plain import Printer
from rituals.core.catalog.ideas import LANGS, Idea, find_idea, language_from_env
from rituals.core.errors import InvalidInput

if TYPE_CHECKING:  # the ranking modules load only when this command runs, not for every command
    from rituals.core.catalog.rank import Suggestion

# Labels for the one-line summary of an idea, in both languages.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "in-person": "in person",
        "remote": "remote",
        "hybrid": "hybrid",
        "free": "free",
        "low": "low budget",
        "medium": "medium budget",
        "high": "high budget",
        "effort-low": "light prep",
        "effort-medium": "some prep",
        "effort-high": "serious prep",
        "calm": "calm",
        "active": "active",
        "people": "people",
        "groups": "groups of",
        "min": "min",
        "any": "all year",
        "spring": "spring",
        "summer": "summer",
        "autumn": "autumn",
        "winter": "winter",
        "dry": "dry weather",
        "why": "Why",
        "plan": "Plan one:",
        "steps": "How to run it",
        "title": "ideas for your team",
        "title-1": "idea for your team",
        "once": "one-off",
        "weekly": "weekly",
        "monthly": "monthly",
    },
    "fr": {
        "in-person": "sur place",
        "remote": "à distance",
        "hybrid": "hybride",
        "free": "gratuit",
        "low": "petit budget",
        "medium": "budget moyen",
        "high": "gros budget",
        "effort-low": "préparation légère",
        "effort-medium": "un peu de préparation",
        "effort-high": "préparation importante",
        "calm": "calme",
        "active": "actif",
        "people": "personnes",
        "groups": "groupes de",
        "min": "min",
        "any": "toute l'année",
        "spring": "printemps",
        "summer": "été",
        "autumn": "automne",
        "winter": "hiver",
        "dry": "par temps sec",
        "why": "Pourquoi",
        "plan": "Pour en faire un rituel\u00a0:",
        "steps": "Comment faire",
        "title": "idées pour votre équipe",
        "title-1": "idée pour votre équipe",
        "once": "ponctuel",
        "weekly": "hebdomadaire",
        "monthly": "mensuel",
    },
}


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)


def summary(idea: Idea, lang: str) -> str:
    """format · people · minutes · budget · prep · energy · season, in ``lang``."""
    t = LABELS[lang]
    size = f"{idea.people_min}–{idea.people_max} {t['people']}"
    if idea.groups_of:
        size += f" ({t['groups']} {idea.groups_of})"
    when = ", ".join(t[s] for s in idea.seasons)
    if idea.weather == "dry":
        when += f", {t['dry']}"
    parts = [
        t[idea.format],
        size,
        f"{idea.minutes} {t['min']}",
        t[idea.budget],
        t[f"effort-{idea.effort}"],
        t[idea.energy],
        t[idea.rhythm],
        when,
    ]
    return " · ".join(parts)


def as_json(s: "Suggestion", lang: str) -> dict[str, Any]:
    idea = s.idea
    return {
        "id": idea.id,
        "kind": idea.kind,
        "title": idea.title.get(lang),
        "description": idea.description.get(lang),
        "reason": s.reason.get(lang),
        "steps": [step.get(lang) for step in idea.steps],
        "goals": list(idea.goals),
        "format": idea.format,
        "people": [idea.people_min, idea.people_max],
        "groups_of": idea.groups_of,
        "minutes": idea.minutes,
        "budget": idea.budget,
        "effort": idea.effort,
        "energy": idea.energy,
        "seasons": list(idea.seasons),
        "weather": idea.weather,
        "rhythm": idea.rhythm,
        "score": s.score,
        "lang": lang,
    }


def render(suggestions: "list[Suggestion]", lang: str, steps: bool, out: Optional[Printer] = None) -> None:
    out = out or Printer()
    t = LABELS[lang]
    colon = ":" if lang == "en" else "\u00a0:"
    out.line(out.style(f"{len(suggestions)} {t['title' if len(suggestions) > 1 else 'title-1']}", "bold"))
    for number, s in enumerate(suggestions, 1):
        idea = s.idea
        out.line()
        out.line(
            f"{out.style(f'{number}.', 'bold')} {out.style(idea.title.get(lang), 'bold', 'cyan')}  "
            f"{out.style(idea.id, 'dim')}"
        )
        out.paragraph(idea.description.get(lang), 3)
        out.paragraph(s.reason.get(lang), 3, label=f"{t['why']}{colon} ", label_styles=("bold", "green"))
        out.paragraph(summary(idea, lang), 3, ("dim",))
        if steps:
            out.line("   " + out.style(f"{t['steps']}{colon}", "bold"))
            for n, step in enumerate(idea.steps, 1):
                out.paragraph(step.get(lang), 3, label=f"{n}. ", hang=True)
    out.line()
    out.line(out.style(f"{t['plan']} rituals suggest --plan {suggestions[0].idea.id} --start YYYY-MM-DDTHH:MM", "dim"))


def _format_filter(remote: bool, in_person: bool, hybrid: bool) -> Optional[str]:
    chosen = [name for name, on in (("remote", remote), ("in-person", in_person), ("hybrid", hybrid)) if on]
    if len(chosen) > 1:
        raise InvalidInput("choose one of --remote, --in-person, --hybrid")
    return chosen[0] if chosen else None


def _language(lang: Optional[str]) -> str:
    if lang is None:
        return language_from_env(os.environ)
    lang = lang.strip().lower()
    if lang not in LANGS:
        raise InvalidInput(f"bad --lang {lang!r}: choose one of {', '.join(LANGS)}")
    return lang


def interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: Optional[str], label: str, default: Optional[str] = None) -> Optional[str]:
    """The value given, else a prompt when a person is at the keyboard, else nothing."""
    if value is not None or not interactive():
        return value
    return typer.prompt(label, default=default) if default is not None else typer.prompt(label)


def plan(ctx: typer.Context, idea_id: str, lang: str, fields: dict[str, Optional[str]], fmt: OutputFormat) -> None:
    svc = service(ctx)
    find_idea(idea_id)  # an unknown id fails before any question is asked
    start = _ask(
        fields.pop("start"),
        "Start (YYYY-MM-DDTHH:MM)" if lang == "en" else "Début (AAAA-MM-JJTHH:MM)",
        svc.ideas.default_start(),
    )
    if not start:
        raise InvalidInput("--plan needs --start, e.g. --start 2026-12-03T12:30")
    default_tz = svc.people.team_timezone() or ("Europe/Paris" if lang == "fr" else "UTC")
    tz = _ask(fields.pop("tz"), "Time zone" if lang == "en" else "Fuseau horaire", default_tz)
    ritual = svc.ideas.plan(idea_id, start, tz, lang, **fields)
    if fmt is OutputFormat.json:
        print_json(ritual)
        return
    console.print(
        f"created ritual {ritual.id}: {ritual.title} ({ritual.schedule.describe()})", markup=False, soft_wrap=True
    )
    console.print(f"see it with: rituals ritual show {ritual.id}", markup=False, style="dim", soft_wrap=True)


FILTERS, PLAN = "Filters", "Plan an idea"
GOAL = typer.Option(
    None,
    "--goal",
    rich_help_panel=FILTERS,
    help="silos, inclusion, welcome, gratitude, wellbeing, learning, celebration or trust.",
)
REMOTE = typer.Option(
    False, "--remote", rich_help_panel=FILTERS, help="Works with everyone remote (remote or hybrid ideas)."
)
IN_PERSON = typer.Option(
    False, "--in-person", rich_help_panel=FILTERS, help="Works with everyone on site (in-person or hybrid ideas)."
)
HYBRID = typer.Option(False, "--hybrid", rich_help_panel=FILTERS, help="Made for a mix of on-site and remote people.")
PEOPLE = typer.Option(None, "--people", rich_help_panel=FILTERS, help="How many people will take part.")
MINUTES = typer.Option(None, "--minutes", rich_help_panel=FILTERS, help="At most this many minutes.")
BUDGET = typer.Option(None, "--budget", rich_help_panel=FILTERS, help="At most: free, low, medium or high.")
EFFORT = typer.Option(None, "--effort", rich_help_panel=FILTERS, help="Preparation, at most: low, medium or high.")
KIND = typer.Option(
    None, "--kind", rich_help_panel=FILTERS, help="lunch, coffee-chat, welcome, game... (a ritual kind)."
)
SEASON = typer.Option(None, "--season", rich_help_panel=FILTERS, help="spring, summer, autumn or winter.")
COUNT = typer.Option(5, "-n", "--count", min=1, max=20, help="How many ideas.")
LANG = typer.Option(None, "--lang", help="en or fr (default: from your locale).")
SEED = typer.Option(None, "--seed", help="Same seed, same ideas (nothing is recorded).")
STEPS = typer.Option(False, "--steps", help="Also show how to run each idea.")
PLAN_ID = typer.Option(
    None, "--plan", metavar="ID", rich_help_panel=PLAN, help="Turn idea ID into a ritual and save it."
)
START = typer.Option(None, "--start", rich_help_panel=PLAN, help="First occurrence, local time: 2026-12-03T12:30.")
TZ = typer.Option(None, "--tz", rich_help_panel=PLAN, help="IANA time zone, e.g. Europe/Paris.")
DURATION = typer.Option(None, "--duration", rich_help_panel=PLAN, help="Instead of the idea's duration: 45m, 1h30...")
EVERY = typer.Option(
    None, "--every", rich_help_panel=PLAN, help="Instead of the idea's rhythm: once, weekly, 2w, monthly..."
)
AUDIENCE = typer.Option(None, "--audience", rich_help_panel=PLAN, help="all, teams:A,B or people:a@x,b@y.")
LOCATION = typer.Option(None, "--location", rich_help_panel=PLAN, help="Where it happens.")
ORGANIZER = typer.Option(None, "--organizer", rich_help_panel=PLAN, help="The organizer's e-mail.")


def suggest(
    ctx: typer.Context,
    goal: Optional[str] = GOAL,
    remote: bool = REMOTE,
    in_person: bool = IN_PERSON,
    hybrid: bool = HYBRID,
    people: Optional[int] = PEOPLE,
    minutes: Optional[int] = MINUTES,
    budget: Optional[str] = BUDGET,
    effort: Optional[str] = EFFORT,
    kind: Optional[str] = KIND,
    season: Optional[str] = SEASON,
    count: int = COUNT,
    lang: Optional[str] = LANG,
    seed: Optional[int] = SEED,
    steps: bool = STEPS,
    fmt: OutputFormat = FormatOption,
    plan_id: Optional[str] = PLAN_ID,
    start: Optional[str] = START,
    tz: Optional[str] = TZ,
    duration: Optional[str] = DURATION,
    every: Optional[str] = EVERY,
    audience: Optional[str] = AUDIENCE,
    location: Optional[str] = LOCATION,
    organizer: Optional[str] = ORGANIZER,
) -> None:
    """Ideas for your next ritual, ranked for your team, each with the reason it fits.

    Each run shows ideas not shown before (unless --seed). When no idea matches, the filter
    that emptied the list is named on stderr and the exit status is 1.
    """
    from rituals.core.catalog.filter import Filters, NoMatch

    language = _language(lang)
    if plan_id:
        fields = {
            "start": start,
            "tz": tz,
            "duration": duration,
            "every": every,
            "audience": audience,
            "location": location,
            "organizer": organizer,
        }
        plan(ctx, plan_id, language, fields, fmt)
        return
    filters = Filters(
        goal=goal,
        format=_format_filter(remote, in_person, hybrid),
        people=people,
        minutes=minutes,
        budget=budget,
        effort=effort,
        kind=kind,
        season=season,
    )
    try:
        found = service(ctx).ideas.suggest(filters, n=count, seed=seed)
    except NoMatch as exc:
        err = Printer(sys.stderr)
        err.line(err.style(exc.text.get(language), "yellow"))
        if fmt is OutputFormat.json:
            print_json([])  # scripts still get valid JSON on stdout
        raise typer.Exit(1) from None
    if fmt is OutputFormat.json:
        print_json([as_json(s, language) for s in found])
    else:
        render(found, language, steps)
