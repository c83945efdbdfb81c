"""`rituals suggest`: ideas from the catalog, ranked for this team; `--plan ID` makes one a ritual.

This path must start fast: it imports neither Textual nor the calendar libraries.
"""

import sys
from typing import TYPE_CHECKING, Any, Optional

import typer

from rituals.cli import language
from rituals.cli.common import FormatOption, OutputFormat, console, print_json, service
from rituals.cli.plain import Printer
from rituals.core.catalog.ideas import LANGS, Idea, find_idea
from rituals.core.errors import InvalidInput
from rituals.locale import N_, _, current, ngettext

if TYPE_CHECKING:  # the ranking modules load only when this command runs, not for every command
    from rituals.core.catalog.rank import Suggestion

# the words of an idea's one-line summary: marked here, translated where shown
FORMATS = {"in-person": N_("in person"), "remote": N_("remote"), "hybrid": N_("hybrid")}
BUDGETS = {"free": N_("free"), "low": N_("low budget"), "medium": N_("medium budget"), "high": N_("high budget")}
EFFORTS = {"low": N_("light prep"), "medium": N_("some prep"), "high": N_("serious prep")}
ENERGIES = {"calm": N_("calm"), "active": N_("active")}
RHYTHMS = {"once": N_("one-off"), "weekly": N_("weekly"), "monthly": N_("monthly")}
SEASONS = {
    "any": N_("all year"),
    "spring": N_("spring"),
    "summer": N_("summer"),
    "autumn": N_("autumn"),
    "winter": N_("winter"),
}


def register(app: typer.Typer) -> None:
    app.command(
        "suggest",
        help=_(
            "Ideas for your next ritual, ranked for your team, each with the reason it fits.\n\n"
            "Each run shows ideas not shown before (unless --seed). When no idea matches, the filter "
            "that emptied the list is named on stderr and the exit status is 1."
        ),
    )(suggest)


def _word(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key


def summary(idea: Idea) -> str:
    """format · people · minutes · budget · prep · energy · season, in the reader's language."""
    size = _("{low}–{high} people").format(low=idea.people_min, high=idea.people_max)
    if idea.groups_of:
        size += " (" + _("groups of {n}").format(n=idea.groups_of) + ")"
    when = ", ".join(_word(SEASONS, s) for s in idea.seasons)
    if idea.weather == "dry":
        when += ", " + _("dry weather")
    parts = [
        _word(FORMATS, idea.format),
        size,
        _("{n} min").format(n=idea.minutes),
        _word(BUDGETS, idea.budget),
        _word(EFFORTS, idea.effort),
        _word(ENERGIES, idea.energy),
        _word(RHYTHMS, idea.rhythm),
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
    """The ideas, their texts in ``lang`` (the catalog's own), the rest in the reader's language."""
    out = out or Printer()
    n = len(suggestions)
    out.line(out.style(ngettext("{n} idea for your team", "{n} ideas for your team", n).format(n=n), "bold"))
    for number, s in enumerate(suggestions, 1):
        idea = s.idea
        out.line()
        out.line(
            f"{out.style(f'{number}.', 'bold')} {out.style(idea.title.get(lang), 'bold', 'cyan')}  "
            f"{out.style(idea.id, 'dim')}"
        )
        out.paragraph(idea.description.get(lang), 3)
        out.paragraph(s.reason.get(lang), 3, label=_("Why:") + " ", label_styles=("bold", "green"))
        out.paragraph(summary(idea), 3, ("dim",))
        if steps:
            out.line("   " + out.style(_("How to run it:"), "bold"))
            for n, step in enumerate(idea.steps, 1):
                out.paragraph(step.get(lang), 3, label=f"{n}. ", hang=True)
    out.line()
    command = f"rituals suggest --plan {suggestions[0].idea.id} --start YYYY-MM-DDTHH:MM"
    out.line(out.style(_("Plan one: {command}").format(command=command), "dim"))


def _format_filter(remote: bool, in_person: bool, hybrid: bool) -> Optional[str]:
    chosen = [name for name, on in (("remote", remote), ("in-person", in_person), ("hybrid", hybrid)) if on]
    if len(chosen) > 1:
        raise InvalidInput(_("choose one of --remote, --in-person, --hybrid"))
    return chosen[0] if chosen else None


def _language(lang: Optional[str]) -> str:
    """This command's own --lang (kept from before the root command had one) decides too."""
    if lang is None:
        return current()
    lang = lang.strip().lower()
    if lang not in LANGS:
        raise InvalidInput(
            _("bad --lang {value!r}: choose one of {choices}").format(value=lang, choices=", ".join(LANGS))
        )
    return language.choose(lang)


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
    start = _ask(fields.pop("start"), _("Start (YYYY-MM-DDTHH:MM)"), svc.ideas.default_start())
    if not start:
        raise InvalidInput(_("--plan needs --start, e.g. --start 2026-12-03T12:30"))
    default_tz = svc.people.team_timezone() or ("Europe/Paris" if lang == "fr" else "UTC")
    tz = _ask(fields.pop("tz"), _("Time zone"), default_tz)
    ritual = svc.ideas.plan(idea_id, start, tz, lang, **fields)
    if fmt is OutputFormat.json:
        print_json(ritual)
        return
    console.print(
        _("created ritual {id}: {title} ({schedule})").format(
            id=ritual.id, title=ritual.title, schedule=ritual.schedule.describe()
        ),
        markup=False,
        soft_wrap=True,
    )
    console.print(
        _("see it with: {command}").format(command=f"rituals ritual show {ritual.id}"),
        markup=False,
        style="dim",
        soft_wrap=True,
    )


FILTERS, PLAN = _("Filters"), _("Plan an idea")
GOAL = typer.Option(
    None,
    "--goal",
    rich_help_panel=FILTERS,
    help=_("silos, inclusion, welcome, gratitude, wellbeing, learning, celebration or trust."),
)
REMOTE = typer.Option(
    False, "--remote", rich_help_panel=FILTERS, help=_("Works with everyone remote (remote or hybrid ideas).")
)
IN_PERSON = typer.Option(
    False, "--in-person", rich_help_panel=FILTERS, help=_("Works with everyone on site (in-person or hybrid ideas).")
)
HYBRID = typer.Option(
    False, "--hybrid", rich_help_panel=FILTERS, help=_("Made for a mix of on-site and remote people.")
)
PEOPLE = typer.Option(None, "--people", rich_help_panel=FILTERS, help=_("How many people will take part."))
MINUTES = typer.Option(None, "--minutes", rich_help_panel=FILTERS, help=_("At most this many minutes."))
BUDGET = typer.Option(None, "--budget", rich_help_panel=FILTERS, help=_("At most: free, low, medium or high."))
EFFORT = typer.Option(None, "--effort", rich_help_panel=FILTERS, help=_("Preparation, at most: low, medium or high."))
KIND = typer.Option(
    None, "--kind", rich_help_panel=FILTERS, help=_("lunch, coffee-chat, welcome, game... (a ritual kind).")
)
SEASON = typer.Option(None, "--season", rich_help_panel=FILTERS, help=_("spring, summer, autumn or winter."))
COUNT = typer.Option(5, "-n", "--count", min=1, max=20, help=_("How many ideas."))
LANG = typer.Option(None, "--lang", help=_("en or fr (default: from your locale)."))
SEED = typer.Option(None, "--seed", help=_("Same seed, same ideas (nothing is recorded)."))
STEPS = typer.Option(False, "--steps", help=_("Also show how to run each idea."))
PLAN_ID = typer.Option(
    None, "--plan", metavar="ID", rich_help_panel=PLAN, help=_("Turn idea ID into a ritual and save it.")
)
START = typer.Option(None, "--start", rich_help_panel=PLAN, help=_("First occurrence, local time: 2026-12-03T12:30."))
TZ = typer.Option(None, "--tz", rich_help_panel=PLAN, help=_("IANA time zone, e.g. Europe/Paris."))
DURATION = typer.Option(
    None, "--duration", rich_help_panel=PLAN, help=_("Instead of the idea's duration: 45m, 1h30...")
)
EVERY = typer.Option(
    None, "--every", rich_help_panel=PLAN, help=_("Instead of the idea's rhythm: once, weekly, 2w, monthly...")
)
AUDIENCE = typer.Option(None, "--audience", rich_help_panel=PLAN, help=_("all, teams:A,B or people:a@x,b@y."))
LOCATION = typer.Option(None, "--location", rich_help_panel=PLAN, help=_("Where it happens."))
ORGANIZER = typer.Option(None, "--organizer", rich_help_panel=PLAN, help=_("The organizer's e-mail."))


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
    from rituals.core.catalog.filter import Filters, NoMatch

    reader = _language(lang)
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
        plan(ctx, plan_id, reader, fields, fmt)
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
        err.line(err.style(exc.text.get(reader), "yellow"))
        if fmt is OutputFormat.json:
            print_json([])  # scripts still get valid JSON on stdout
        raise typer.Exit(1) from None
    if fmt is OutputFormat.json:
        print_json([as_json(s, reader) for s in found])
    else:
        render(found, reader, steps)
