"""Drafts and records of a rotation: what the Rotation screen and `rituals rotate` show and save.

A proposal is a draft until it is recorded; each proposed session remembers the groups recorded
for its date when it was made (``ProposedSession.recorded``), so that saving it over groups
recorded meanwhile (by another window, a command) is refused rather than silently replacing
them. Every explanation counts every held and planned session, this draft's other rounds
included: a pair that also meets on another planned date is never "a new pair". The edits of a
round (a pin, a move, an absence) are here too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rituals.core.errors import Conflict, InvalidInput
from rituals.core.models import Person, Ritual, Session, normalise_email
from rituals.locale import _, formats
from rituals.service import regroup
from rituals.service.rituals import invited_among

if TYPE_CHECKING:
    from rituals.service.rotation import ProposedSession, RotationPreview

Groups = tuple[tuple[str, ...], ...]


def recorded_groups(session: Session | None) -> Groups:
    """The groups recorded for a date: a planned session's, else none."""
    return session.groups if session is not None and session.status == "planned" else ()


def as_planned(preview: RotationPreview, stored: Sequence[Session]) -> list[Session]:
    """The plan as it would be with ``preview`` recorded: the stored sessions of other dates,
    then the preview's sessions (in its order) as planned ones."""
    mine = {p.id for p in preview.sessions}
    return [s for s in stored if s.id not in mine] + [
        Session(preview.ritual.id, p.start, p.groups, "planned") for p in preview.sessions
    ]


def explained(preview: RotationPreview, people: Mapping[str, Person], stored: Sequence[Session]) -> RotationPreview:
    """``preview`` with every group explained again against every other held or planned session."""
    plan = as_planned(preview, stored)
    out = []
    for proposed in preview.sessions:
        history = regroup.plan_history(plan, skip={proposed.id})
        notes = regroup.explain(proposed.groups, preview.ritual, people, history)
        out.append(dataclasses.replace(proposed, explanations=tuple(notes)))
    return dataclasses.replace(preview, sessions=tuple(out))


def without(
    preview: RotationPreview, away: set[str], people: Mapping[str, Person], stored: Sequence[Session]
) -> RotationPreview:
    """``preview`` without the people in ``away``: only their groups are re-formed."""
    plan = as_planned(preview, stored)
    out: list[ProposedSession] = []
    for proposed in preview.sessions:
        gone = away & {e for g in proposed.groups for e in g}
        if not gone:
            out.append(proposed)
            continue
        history = regroup.plan_history(plan, skip={proposed.id})
        result = regroup.repair_groups(proposed.groups, gone, preview.ritual, people, history, proposed.start.date())
        left_out = tuple(sorted(set(proposed.left_out) | gone | set(result.unplaced)))
        out.append(dataclasses.replace(proposed, groups=result.groups, left_out=left_out))
    return explained(dataclasses.replace(preview, sessions=tuple(out)), people, stored)


def check_not_recorded_meanwhile(preview: RotationPreview, stored: Mapping[str, Session]) -> None:
    """Refuse to save a draft over groups recorded for its dates since it was made."""
    clashes = [p for p in preview.sessions if recorded_groups(stored.get(p.id)) != p.recorded]
    if clashes:
        days = ", ".join(formats.day(p.start) for p in clashes)
        raise Conflict(
            _(
                "groups for {ritual} on {days} were recorded meanwhile (in another window or by a command); your "
                "draft was not saved: open the date again to see them, then reshuffle or save"
            ).format(ritual=preview.ritual.title, days=days)
        )


def reexplained_others(
    saved: Sequence[Session],
    replaced: Sequence[Session],
    stored: Sequence[Session],
    rituals: Sequence[Ritual],
    people: Mapping[str, Person],
    lang: str,
) -> list[Session]:
    """The other planned sessions whose explanations change once ``saved`` replace ``replaced``
    (the sessions of the same dates before): a pair that meets once more, or once less."""
    mine = {s.id for s in saved}
    touched = regroup.pairs_of(g for s in saved for g in s.groups)
    touched ^= regroup.pairs_of(g for s in replaced for g in s.groups)  # pairs whose meetings did not change cancel out
    plan = [s for s in stored if s.id not in mine] + list(saved)
    again = regroup.reexplain(plan, touched, {r.id: r for r in rituals}, people, lang)
    return [s for sid, s in again.items() if sid not in mine]


def left_out_on(ritual: Ritual, people: Sequence[Person], day: date, groups: Groups) -> tuple[str, ...]:
    """The audience of ``day`` (paused people included) who are in none of ``groups``."""
    everyone = invited_among(ritual, [dataclasses.replace(p, paused_until=None) for p in people], day)
    members = {e for g in groups for e in g}
    return tuple(sorted(p.email for p in everyone if p.email not in members))


def pinned(proposed: ProposedSession, pins: Mapping[str, int]) -> list[list[str]]:
    """The groups of ``proposed`` with each pinned person swapped into their group."""
    groups = [list(g) for g in proposed.groups]
    for email, target in pins.items():
        if not 0 <= target < len(groups):
            raise InvalidInput(
                _("there is no group {number} on {day}").format(
                    number=target + 1, day=formats.day(proposed.start, "day_month")
                )
            )
        source = next((g for g in groups if email in g), None)
        if source is None or source is groups[target]:
            continue
        partner = next((e for e in groups[target] if pins.get(e) != target), None)
        if partner is None:
            raise InvalidInput(_("everyone in group {value} is pinned there already").format(value=target + 1))
        source[source.index(email)], groups[target][groups[target].index(partner)] = partner, email
    return groups


def moved(session: Session, moves: Mapping[str, int]) -> list[list[str]]:
    """The groups of ``session`` after ``moves``; no group may be left with one person."""
    groups = [list(g) for g in session.groups]
    for email, target in moves.items():
        email = normalise_email(email)
        source = next((g for g in groups if email in g), None)
        if source is None:
            raise InvalidInput(_("{email} is not in session {session}").format(email=email, session=session.id))
        if not 0 <= target <= len(groups):
            raise InvalidInput(
                _("group {value} does not exist in session {session}").format(value=target + 1, session=session.id)
            )
        source.remove(email)
        if target == len(groups):
            groups.append([])
        groups[target].append(email)
    groups = [g for g in groups if g]
    if any(len(g) < 2 for g in groups):
        raise InvalidInput(_("a group would be left with one person; move someone else too"))
    return groups


def check_no_excluded(groups: list[list[str]], people: Mapping[str, Person]) -> None:
    """Refuse groups where someone meets a person they must never be grouped with."""
    for group in groups:
        for email in group:
            person = people.get(email)
            clash = [o for o in (person.excluded if person else ()) if normalise_email(o) in group]
            if clash:
                raise InvalidInput(_("{email} and {clash} must not share a group").format(email=email, clash=clash[0]))
