"""The rule of which column gives up cells, counted by hand."""

from rituals.core.columns import shrink


def test_the_widest_unkept_column_shrinks_first() -> None:
    # 10 + 20 + 8 = 38 in 30: the 20 gives 8 cells (it stays the widest down to 12)
    assert shrink([10, 20, 8], 30, [False, False, False], [[3, 3, 3]]) == [10, 12, 8]


def test_ties_take_turns_from_the_left() -> None:
    # 12 + 12 in 20: left 11, right 11, left 10, right 10
    assert shrink([12, 12], 20, [False, False], [[3, 3]]) == [10, 10]


def test_a_kept_column_never_shrinks_and_stages_go_lower() -> None:
    # floors 8 leave 8 + 30 = 38 > 20; the second stage lets the first go to 3: still 33
    assert shrink([15, 30], 20, [False, True], [[8, 30], [3, 30]]) == [3, 30]


def test_already_fitting_is_untouched() -> None:
    assert shrink([4, 5], 9, [False, False], [[1, 1]]) == [4, 5]
