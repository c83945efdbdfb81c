"""The (quasi-)difference matrices behind ``difference_matrices``, found by ``dm_search``.

Order n of the Latin squares -> (the group's cyclic factors, the rows): one character per cell,
the element in mixed radix (last factor fastest) written in base 36, ``-`` for a hole.
``MOVED_BY`` marks the matrices developed over a subgroup only (``difference_matrices``).
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
    20: (
        (19,),
        (
            "04a0215cd-0g05h05g31a",
            "4a025d01c00h-g553a0g1",
            "a0450c2d10-50hg3015ag",
            "0a41c0d25g5-h00g10a53",
            "40ad12c50hg050-ag5130",
            "a40cd51025h0g-01a3g05",
        ),
    ),
    21: (
        (21,),
        (
            "02a6c51eh3i8jkbd497gf",
            "0a6c52eh3i1jkbd897gf4",
            "06c52ah3i1ekbd8j7gf49",
            "0c52a63i1ehbd8jkgf497",
            "052a6ci1eh3d8jkbf497g",
            "000000000000000000000",
        ),
    ),
    26: (
        (21,),
        (
            "0-01cjg-02h5a-0cg1f-087ak-0g842",
            "001cjg-02h5a-0cg1f-087ak-0g842-",
            "01cjg-02h5a-0cg1f-087ak-0g842-0",
            "0cjg-01h5a-02g1f-0c7ak-08842-0g",
            "0jg-01c5a-02h1f-0cgak-08742-0g8",
            "0g-01cja-02h5f-0cg1k-087a2-0g84",
        ),
    ),
    28: (
        (2, 2, 7),
        (
            "0000000000000000000000000000",
            "0124bmg8nidqharj9pf7lecok365",
            "0bmg365124f9p8niarjhdqle7cok",
            "08ni653okc7lef9prjadqh124gbm",
            "0536hdqni8kcole7mgb412arj9pf",
        ),
    ),
    24: (
        (2, 2, 2, 3),
        (
            "0kc08c0cc20e0bc6ni0fc73j",
            "006b65208660309h6n40ai6c",
            "h0e033320053kcn0f39d60g3",
            "ig0fa90eil83j81heb7bdbhh",
            "i9fj0gl0c895kah518h4kh7k",
            "a9jfi05le06feb5gk1kkbdb4",
        ),
    ),
    30: (
        (5, 5),
        (
            "04321-----0432132104aedcb21043fjihg",
            "0i6oc0i6oc1j7kdb4h5n-----nb4h57kd1j",
            "0241341302bdace-----0241396857cebda",
            "08bjmil47a7ail408bjmm08bjfn19c-----",
            "03142cadbe58697hfigj86975-----03142",
            "0f5kae4j9o-----4j9oend3i80f5ka1g6lb",
        ),
    ),
    18: (
        (2, 3, 3),
        (
            "000999999000000000999000999999000999",
            "0759ge750dbfahc426ahcge9fdb264318183",
            "021876gfh768fhga9b354edcceda9b435021",
            "063hebagd852dag9fc9fc741417528ebh630",
            "048615faedh9bcg615048237bcg372faeh9d",
            "057462813246eg9138haccha570dfbdfbg9e",
            "084bgc084bgcd9hfea516516732afe273hd9",
        ),
    ),
}

# Order n -> how many elements of the group the columns are moved by, when not all of them: the
# subgroup of the last factors (the first codes, in mixed radix). Order 18 is Abel's layout, a
# matrix over Z_2 x Z_3^2 moved by Z_3^2 only; the Z_2 part labels two copies of each point.
MOVED_BY: dict[int, int] = {18: 9}
