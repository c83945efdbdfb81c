"""The (quasi-)difference matrices behind ``difference_matrices``, found by ``dm_search``.

Order n of the Latin squares -> (the group's cyclic factors, the rows): one character per cell,
the element in mixed radix (last factor fastest) written in base 36, ``-`` for a hole.
"""

MATRICES: dict[int, tuple[tuple[int, ...], tuple[str, ...]]] = {
    15: (
        (15,),
        (
            "000000000000000",
            "01e5a2d3c4b6978",
            "05ad2e1c3964b87",
            "0d2b4a5783c1e96",
            "0b4e1692dc387a5",
        ),
    ),
}
