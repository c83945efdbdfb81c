"""Group numbers survive a repair: an invite is named by its group's number, so a group that
only gained or lost someone keeps its number, and a number freed by a group that is gone goes
to a new group or, failing that, to the last group (one renumbered group, not all that follow).
Every expected order below is worked out by hand."""

from __future__ import annotations

from rituals.service.regroup import keep_places


def test_groups_keep_their_numbers_and_the_last_group_fills_a_gap() -> None:
    before = [("a", "b"), ("c", "d"), ("e", "f"), ("g", "h")]
    after = [("c", "d", "b"), ("e", "f"), ("g", "h")]  # a left; b joined c and d
    assert keep_places(before, after) == (("g", "h"), ("c", "d", "b"), ("e", "f"))


def test_a_new_group_takes_the_number_of_a_group_that_is_gone() -> None:
    before = [("a", "b"), ("c", "d"), ("e", "f")]
    after = [("e", "f"), ("b", "d")]  # a and c left; b and d were left alone and met
    assert keep_places(before, after) == (("b", "d"), ("e", "f"))


def test_a_trio_that_shrinks_and_a_group_of_one_stay_where_they_are() -> None:
    before = [("a", "b", "c"), ("x",), ("d", "e")]
    after = [("b", "c"), ("x",), ("d", "e")]
    assert keep_places(before, after) == (("b", "c"), ("x",), ("d", "e"))


def test_more_new_groups_than_gaps_come_last() -> None:
    before = [("a", "b", "c", "d")]
    after = [("a", "b"), ("c", "d")]
    assert keep_places(before, after) == (("a", "b"), ("c", "d"))
