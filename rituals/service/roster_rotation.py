"""Rotation without a database (`rituals rotate --roster`): a roster and past groups in, a plan out.

The roster has a header ``name,email,team`` (team may be empty; an optional ``location`` column
is used too). Every member is in exactly one group per round, e-mails spelled as in the roster;
people read the plan by name (``named``, ``lines``), with the e-mail where two share a name.
The past groups (the history) are JSON, in any of these shapes:

* ``{"meetings": [{"date": "2026-10-01", "group": ["a@x.org", "b@x.org"]}, ...]}``;
* a bare list of past groups ``[["a@x.org", "b@x.org"], ...]`` (undated: counted as recent);
* the output of a previous run, ``{"rounds": [...]}`` (counted as recent), to chain plans.

The past groups also say who already sat in an odd-size group, so that the odd seats keep
turning across runs, as they do on the database (``odd_group_counts``): a past group is odd when
its size differs from ``--size`` in a round (one date, one round of a previous run, or the bare
list as a whole) that has groups of that size; a round with none (12 people "in fives" as two
sixes) singles nobody out, as the engine does.

Each is given as a `Path` (read from disk; errors name the file) or as a `str` holding the text.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rituals.core.errors import InvalidInput
from rituals.core.frozen import frozen
from rituals.core.history import odd_group_counts
from rituals.core.models import MIX_POLICIES, Session, normalise_email
from rituals.core.roster import decode, parse_roster
from rituals.locale import _

if TYPE_CHECKING:
    from rituals.core.rotation import GroupExplanation, Member

History = dict[frozenset[str], list[date]]
ROSTER_RITUAL = "roster"  # the one ritual of a stateless run, for ``odd_group_counts``


@frozen
class RosterPlan:
    """The groups of each round, e-mails spelled as in the roster (for scripts), the same groups
    by name (for people), and why each group."""

    rounds: tuple[tuple[tuple[str, ...], ...], ...]
    named: tuple[tuple[tuple[str, ...], ...], ...]
    explanations: tuple[tuple[GroupExplanation, ...], ...]
    labels: dict[str, str]  # normalised e-mail -> the name people read
    metrics: dict[str, object]

    def lines(self, round_index: int, lang: str = "en") -> tuple[str, ...]:
        """The explanation of each group of one round, one line each, naming people by name."""
        return tuple(e.text(self.labels, lang) for e in self.explanations[round_index])


def plan_roster(
    roster: Path | str,
    *,
    size: int | None,
    rounds: int,
    history: Path | str | None,
    mix: str,
    seed: int,
    today: date,
    time_limit: float,
    progress: Callable[[float], None] | None,
) -> RosterPlan:
    """Groups for ``rounds`` rounds of everyone in ``roster``, avoiding the pairs of ``history``."""
    if size is None:
        raise InvalidInput(_("--roster needs --size K (the target group size)"))
    if mix not in MIX_POLICIES:
        raise InvalidInput(
            _("unknown --mix {mix!r}; use one of {items}").format(mix=mix, items=", ".join(MIX_POLICIES))
        )
    members, spelled, labels = read_roster(roster)
    past, odd_counts = read_past(history, today, size) if history is not None else ({}, {})
    from rituals.core.rotation import plan_rounds  # numpy: loaded only when a plan is made

    plan = plan_rounds(
        members,
        size,
        rounds,
        mix=mix,
        fmt="hybrid",
        history=past,
        today=today,
        odd_counts=odd_counts,
        seed=seed,
        time_limit=time_limit,
        progress=progress,
    )
    return RosterPlan(
        rounds=tuple(tuple(tuple(spelled[e] for e in g) for g in groups) for groups in plan.rounds),
        named=tuple(tuple(tuple(labels[e] for e in g) for g in groups) for groups in plan.rounds),
        explanations=tuple(tuple(notes) for notes in plan.explanations),
        labels=labels,
        metrics=dict(plan.metrics),
    )


def _name(source: Path | str) -> str:
    return source.name if isinstance(source, Path) else "text"


def read_roster(source: Path | str) -> tuple[list[Member], dict[str, str], dict[str, str]]:
    """Members from a roster CSV (every row checked), each e-mail as the roster spells it, and
    each member's label: the name, with the e-mail after it where two people share the name."""
    if isinstance(source, Path):
        try:
            text = decode(source.read_bytes())
        except OSError as exc:
            raise InvalidInput(
                _("cannot read roster {source}: {reason}").format(source=source.name, reason=exc.strerror or exc)
            ) from None
    else:
        text = source
    parsed = parse_roster(text)
    if parsed.problems:
        more = _(" (and {n} more)").format(n=len(parsed.problems) - 1) if len(parsed.problems) > 1 else ""
        raise InvalidInput(
            _("bad roster {name}: {problems}{more}").format(name=_name(source), problems=parsed.problems[0], more=more)
        )
    spelled: dict[str, str] = {}
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    for row in reader:
        raw = next((v for k, v in row.items() if k and k.strip().lower() in ("email", "e-mail", "mail")), None)
        if raw and raw.strip():
            spelled.setdefault(normalise_email(raw), raw.strip())
    from rituals.core.rotation import Member  # numpy: loaded only when a plan is made

    members = [Member(p.email, p.team, p.location) for p in parsed.people]
    as_spelled = {m.id: spelled.get(m.id, m.id) for m in members}
    names = {p.email: p.name.strip() for p in parsed.people}
    shared = Counter(name.casefold() for name in names.values())
    labels = {e: name if shared[name.casefold()] == 1 else f"{name} <{as_spelled[e]}>" for e, name in names.items()}
    return members, as_spelled, labels


def read_history(source: Path | str, today: date) -> History:
    """Pairs and the dates they met, from one of the shapes in the module docstring."""
    return _read(source, today)[0]


def read_past(source: Path | str, today: date, size: int) -> tuple[History, dict[str, int]]:
    """The pairs and dates of ``read_history``, and how often each person sat in an odd-size
    group (see the module docstring), counted as ``odd_group_counts`` counts held sessions."""
    history, rounds = _read(source, today)
    sessions = [
        Session(ROSTER_RITUAL, datetime.combine(day, time()), tuple(groups), status="held")
        for day, groups in rounds
        if any(len(g) == size for g in groups)
    ]
    return history, odd_group_counts(sessions, {ROSTER_RITUAL: size})


def _read(source: Path | str, today: date) -> tuple[History, list[tuple[date, list[tuple[str, ...]]]]]:
    """The pairs and dates they met, and the past rounds: (day, groups of normalised e-mails)."""
    name = _name(source)
    try:
        data = json.loads(source.read_text(encoding="utf-8") if isinstance(source, Path) else source)
    except OSError as exc:
        raise InvalidInput(
            _("cannot read history {name}: {reason}").format(name=name, reason=exc.strerror or exc)
        ) from None
    except ValueError as exc:
        raise InvalidInput(_("history {name} is not JSON: {reason}").format(name=name, reason=exc)) from None
    history: History = {}
    rounds: dict[object, tuple[date, list[tuple[str, ...]]]] = {}
    for key, when, group in _meetings(data, name, today):
        if not isinstance(group, list) or not all(isinstance(e, str) for e in group):
            raise InvalidInput(_("history {name}: each group must be a list of e-mails").format(name=name))
        emails = sorted({normalise_email(e) for e in group})
        rounds.setdefault(key, (when, []))[1].append(tuple(emails))
        for i, a in enumerate(emails):
            for b in emails[i + 1 :]:
                history.setdefault(frozenset((a, b)), []).append(when)
    return history, list(rounds.values())


def _meetings(data: Any, name: str, today: date) -> list[tuple[object, date, Any]]:
    """(round, day, group) for each past group; undated groups count as met today. A round is
    a date of dated meetings, one round of a previous run, or the whole bare list."""
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        meetings: list[tuple[object, date, Any]] = []
        for i, item in enumerate(data["meetings"], 1):
            if not isinstance(item, dict) or not isinstance(item.get("group"), list):
                raise InvalidInput(_('history {name}: meeting {i} needs a "group" list').format(name=name, i=i))
            try:
                when = date.fromisoformat(str(item["date"])) if item.get("date") else today
            except ValueError:
                raise InvalidInput(
                    _("history {name}: meeting {i} has a bad date {get!r}").format(name=name, i=i, get=item.get("date"))
                ) from None
            meetings.append((when, when, item["group"]))
        return meetings
    if isinstance(data, dict) and isinstance(data.get("rounds"), list):
        if not all(isinstance(groups, list) for groups in data["rounds"]):
            raise InvalidInput(_("history {name}: each round must be a list of groups").format(name=name))
        return [(r, today, g) for r, groups in enumerate(data["rounds"]) for g in groups]
    if isinstance(data, list):
        return [(0, today, g) for g in data]
    raise InvalidInput(
        _('history {name}: expected {{"meetings": [...]}}, {{"rounds": [...]}} or a list of groups').format(name=name)
    )
