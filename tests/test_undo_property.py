"""Undo, as a property: after each of 30 random changes of every kind the service offers, `undo`
puts back byte-identical records, and undoing the undo (a redo) brings the change back, byte for
byte. The expected state is the file's own tables, copied before and after each change."""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rituals.core.catalog.ideas import load_catalog
from rituals.core.errors import InvalidInput
from rituals.core.ritual_spec import RitualSpec
from rituals.service import Service, open_service
from rituals.service.rituals import spec_of
from tests.conftest import NOW, SAMPLE_DIR, frozen

TODAY = NOW.date()
PLAN = ("people", "rituals", "sessions")


def tables(db: Path) -> dict[str, str]:
    """Each table of the plan as the exact JSON text the store writes for it."""
    data = json.loads(db.read_text(encoding="utf-8"))
    return {t: json.dumps(data.get(t, {}), sort_keys=True, indent=2, ensure_ascii=False) for t in PLAN}


def pick(rnd: random.Random, items: list):
    return items[rnd.randrange(len(items))]


# ---------------------------------------------------------------- the changes, one kind each
def people_add(svc: Service, rnd: random.Random) -> None:
    n = rnd.randrange(10**6)
    svc.people.add(f"new{n}@x.example", f"New Person {n}", team=pick(rnd, ["Data", "Sales", "Ops"]))


def people_edit(svc: Service, rnd: random.Random) -> None:
    person = pick(rnd, svc.people.all())
    field = pick(rnd, ["team", "name", "tags", "location", "timezone"])
    choices = {
        "team": [f"Team {rnd.randrange(99)}"],
        "name": [f"{person.name} {rnd.randrange(99)}"],
        "tags": [(f"tag{rnd.randrange(9)}",)],
        "location": ["Lyon", "Paris", "remote"],
        "timezone": ["Europe/Paris", "America/New_York", "Asia/Tokyo"],
    }[field]
    value = pick(rnd, [v for v in choices if v != getattr(person, field)])
    svc.people.edit(person.email, **{field: value})


def people_pause(svc: Service, rnd: random.Random) -> None:
    person = pick(rnd, svc.people.all())
    svc.people.pause(person.email, None if person.is_paused(TODAY) else TODAY + timedelta(days=rnd.randrange(1, 60)))


def people_never_with(svc: Service, rnd: random.Random) -> None:
    people = svc.people.all()
    a = pick(rnd, people)
    b = pick(rnd, [p for p in people if p != a])  # oneself is no pair: that edit would change nothing
    # a toggle, so that the edit always changes the record (never_with b, or no longer)
    kept = tuple(e for e in a.excluded if e != b.email)
    svc.people.edit(a.email, excluded=kept if b.email in a.excluded else (*a.excluded, b.email))


def people_remove(svc: Service, rnd: random.Random) -> None:
    svc.people.remove(pick(rnd, svc.people.all()).email)


def people_import(svc: Service, rnd: random.Random) -> None:
    known = pick(rnd, svc.people.all())
    n = rnd.randrange(10**6)
    svc.people.import_text(
        "name,email,team\n"
        f"Imported {n},imported{n}@x.example,Data\nImported {n + 1},imported{n + 1}@x.example,Ops\n"
        f"{known.name},{known.email},Renamed Team {n}\n"
    )


def ritual_add(svc: Service, rnd: random.Random) -> None:
    svc.rituals.add(
        RitualSpec(
            title=f"Ritual {rnd.randrange(10**6)}",
            kind="game",
            start="2026-12-02T16:00",
            timezone="Europe/Paris",
            size=pick(rnd, [0, 3, 4]),
            every=pick(rnd, ["weekly", "2w"]),
        )
    )


def ritual_edit(svc: Service, rnd: random.Random) -> None:
    known = {p.email for p in svc.people.all()}
    ritual = pick(rnd, svc.rituals.all())
    spec = spec_of(ritual)
    if spec.organizer and spec.organizer not in known or spec.audience.startswith("people:"):
        spec = RitualSpec(**{**spec.__dict__, "organizer": "", "audience": "all"})  # its people may have left
    field, value = pick(
        rnd,
        [
            ("title", f"{ritual.title} bis"),
            ("location", f"Room {rnd.randrange(9)}"),
            ("duration", pick(rnd, ["30m", "1h15", "2h"])),
        ],
    )
    if getattr(spec, field) == value:
        field, value = "title", f"{ritual.title} ter"
    svc.rituals.edit(ritual.id, RitualSpec(**{**spec.__dict__, field: value}))


def ritual_cancel(svc: Service, rnd: random.Random) -> None:
    active = svc.rituals.all(include_cancelled=False)
    if active:
        svc.rituals.cancel(pick(rnd, active).id)
    else:
        ritual_add(svc, rnd)


def ritual_remove(svc: Service, rnd: random.Random) -> None:
    svc.rituals.remove(pick(rnd, svc.rituals.all()).id)


def idea_plan(svc: Service, rnd: random.Random) -> None:
    svc.ideas.plan(pick(rnd, list(load_catalog())).id, "2026-12-07T12:00", "Europe/Paris")


def rotate_commit(svc: Service, rnd: random.Random) -> None:
    rotating = [r for r in svc.rituals.all(include_cancelled=False) if r.grouping.rotates]
    rnd.shuffle(rotating)
    for ritual in rotating:
        try:  # a ritual whose coming dates were all cancelled is refused: rotate another
            preview = svc.rotation.preview(ritual.id, seed=rnd.randrange(100), time_limit=0.1)
        except InvalidInput:
            continue
        svc.rotation.commit(preview)
        return
    ritual_add(svc, rnd)


def regroup(svc: Service, rnd: random.Random) -> None:
    planned = [s for s in svc.sessions.all(status="planned") if len(s.groups) >= 2 and len(s.groups[0]) >= 3]
    if not planned:
        rotate_commit(svc, rnd)
        return
    session = pick(rnd, planned)
    for email in session.groups[0]:  # the first move no never-with pair forbids
        try:
            svc.rotation.regroup(session.id, {email: len(session.groups) - 1})
            return
        except InvalidInput:
            continue
    rotate_commit(svc, rnd)


def log(svc: Service, rnd: random.Random) -> None:
    rituals = {r.id for r in svc.rituals.all()}
    past = [
        s
        for s in svc.sessions.all()
        if s.day <= TODAY and s.status != "cancelled" and s.groups and s.ritual_id in rituals
    ]
    session = pick(rnd, past)
    svc.sessions.log(session.id, rating=rnd.randrange(1, 6), note=f"note {rnd.randrange(99)}")


def cancel_session(svc: Service, rnd: random.Random) -> None:
    coming = svc.sessions.upcoming(60)
    if not coming:
        ritual_add(svc, rnd)
        return
    occurrence = pick(rnd, coming)
    svc.sessions.cancel_occurrence(occurrence.ritual.id, occurrence.day)


KINDS: dict[str, Callable[[Service, random.Random], None]] = {
    f.__name__: f
    for f in (
        people_add,
        people_edit,
        people_pause,
        people_never_with,
        people_remove,
        people_import,
        ritual_add,
        ritual_edit,
        ritual_cancel,
        ritual_remove,
        idea_plan,
        rotate_commit,
        regroup,
        log,
        cancel_session,
    )
}


@settings(max_examples=3, deadline=None)
@given(kinds=st.lists(st.sampled_from(sorted(KINDS)), min_size=30, max_size=30), seed=st.integers(0, 2**32 - 1))
def test_undo_after_each_change_restores_byte_identical_records_and_redo_brings_it_back(
    kinds: list[str], seed: int
) -> None:
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "plan.json"
        shutil.copyfile(SAMPLE_DIR / "rituals.json", db)
        svc = open_service(db, clock=frozen, seed=1)
        for kind in kinds:
            before = tables(db)
            KINDS[kind](svc, rnd)
            after = tables(db)
            assert after != before, kind
            undone = svc.history.undo(1)
            assert len(undone.undone) == 1 and undone.undone[0].kind == "change", kind
            assert tables(db) == before, f"undo of {kind} did not restore the records"
            svc.history.undo(1)  # undo the undo
            assert tables(db) == after, f"redo of {kind} did not bring the change back"


def test_undo_of_several_changes_in_one_step(sample_db: Path) -> None:
    svc = open_service(sample_db, clock=frozen, seed=1)
    before = tables(sample_db)
    rnd = random.Random(7)
    for kind in ("people_add", "ritual_edit", "rotate_commit", "log", "people_remove"):
        KINDS[kind](svc, rnd)
    done = svc.history.undo(5)
    assert len(done.undone) == 5 and tables(sample_db) == before
    assert date.fromisoformat(svc.history.entries(1)[0].at[:10])  # the undo is an entry too
