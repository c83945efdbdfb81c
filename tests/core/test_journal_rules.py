"""The journal's reasoning, on hand-made entries: which records two changes share, and what an
undo may revert (every expected answer is worked out by hand in the test)."""

from __future__ import annotations

import pytest

from rituals.core.errors import Conflict, InvalidInput
from rituals.core.journal import Change, field_changes, plan_undo, shared


def change(revision: int, *records: str, kind: str = "change", undoable: bool = True) -> Change:
    return Change(
        revision,
        "2026-11-23T08:00:00Z",
        "ana",
        "people edit",
        f"change {revision}",
        kind,
        records,
        undoable=undoable,
        first=revision,
    )


def test_shared_records_match_by_name_by_table_and_everything() -> None:
    ours = ["people:ana@x.org", "sessions:lunch@2026-12-01"]
    assert shared(ours, ["people:bo@x.org"]) == []
    assert shared(ours, ["people:ana@x.org", "rituals:lunch"]) == ["people:ana@x.org"]
    assert shared(ours, ["sessions:*"]) == ["sessions:lunch@2026-12-01"]  # a whole table
    assert shared(ours, ["*"]) == ours  # a restored backup: everything
    assert shared(["people:*"], ["people:cy@x.org"]) == ["people:*"]
    assert shared(["people:*"], ["rituals:lunch"]) == []
    assert shared([], ["*"]) == []


def test_undo_takes_the_newest_changes_and_skips_bookkeeping() -> None:
    recent = [
        change(9, "exports:uid-1", kind="note", undoable=False),
        change(8, "people:ana@x.org"),
        change(7, "people:bo@x.org"),
        change(6, "rituals:lunch"),
    ]
    assert [c.revision for c in plan_undo(recent, 2).revert] == [8, 7]
    assert [c.revision for c in plan_undo(recent, to=6).revert] == [8, 7, 6]


def test_an_erasure_in_the_way_is_kept_unless_an_older_change_shares_its_records() -> None:
    erasure = change(8, "people:[erased]", "sessions:lunch@2026-12-01", kind="erasure", undoable=False)
    recent = [
        change(9, "people:ana@x.org"),
        erasure,
        change(7, "people:bo@x.org"),
        change(6, "sessions:lunch@2026-12-01"),
    ]
    plan = plan_undo(recent, 2)
    assert [c.revision for c in plan.revert] == [9, 7] and [c.revision for c in plan.kept] == [8]
    with pytest.raises(Conflict, match=r"cannot undo #6 .*#8 .*sessions:lunch@2026-12-01"):
        plan_undo(recent, 3)


def test_undo_cannot_reach_past_what_the_journal_still_holds() -> None:
    recent = [change(5, "people:ana@x.org"), change(4, "people:bo@x.org", undoable=False)]
    with pytest.raises(InvalidInput, match="only 1 change"):
        plan_undo(recent, 2)
    with pytest.raises(InvalidInput, match="#4 cannot be undone"):
        plan_undo(recent, to=4)
    with pytest.raises(InvalidInput, match="there is no change #2"):
        plan_undo(recent, to=2)
    with pytest.raises(InvalidInput, match="at least 1"):
        plan_undo(recent, 0)


def test_undo_reads_the_journal_only_as_far_as_it_needs() -> None:
    read: list[int] = []

    def entries():
        for n in range(1000, 0, -1):
            read.append(n)
            yield change(n, f"people:p{n}@x.org")

    plan_undo(entries(), 3)
    assert read == [1000, 999, 998, 997]  # the fourth is where it stops


def test_field_changes_name_what_differs() -> None:
    before = {"email": "bo@x.org", "team": "Sales", "tags": []}
    assert field_changes(before, {**before, "team": "Ops"}) == "team: Sales → Ops"
    assert field_changes(before, {**before, "tags": ["mentor"]}) == "tags: — → ['mentor']"
    assert field_changes(None, before) == "added" and field_changes(before, None) == "removed"
    assert field_changes(before, before) == "unchanged"
