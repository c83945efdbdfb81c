"""`@frozen` behaves as `@dataclass(frozen=True)` does, with a shared repr."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from rituals.core.frozen import frozen
from rituals.core.models import Person


@frozen
class Point:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", repr=False)


@dataclasses.dataclass(frozen=True)
class Reference:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", repr=False)


def test_the_repr_is_the_one_dataclass_would_write() -> None:
    assert repr(Point(1, 2, "hidden")) == repr(Reference(1, 2, "hidden")).replace("Reference", "Point")
    person = Person(email="zoe@x.example", name='Zoë "Z"', joined=date(2026, 1, 5))
    assert repr(person).startswith("""Person(email='zoe@x.example', name='Zoë "Z"', team='', location='remote',""")
    assert "joined=datetime.date(2026, 1, 5)" in repr(person)


def test_values_are_immutable_compared_and_hashed_by_value() -> None:
    a, b = Point(1, 2), Point(1, 2)
    assert a == b and hash(a) == hash(b) and a != Point(2, 1) and len({a, b}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.x = 5  # type: ignore[misc]
    assert dataclasses.replace(a, x=3) == Point(3, 2)
    assert dataclasses.is_dataclass(Point) and [f.name for f in dataclasses.fields(Point)] == ["x", "y", "label"]


@frozen
class Bag:
    name: str
    items: tuple[str, ...] = ()
    notes: list[str] = dataclasses.field(default_factory=list, compare=False)


@dataclasses.dataclass(frozen=True)
class ReferenceBag:
    name: str
    items: tuple[str, ...] = ()
    notes: list[str] = dataclasses.field(default_factory=list, compare=False)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),  # a required field is missing
        (("a", (), [], "extra"), {}),  # too many positional arguments
        (("a",), {"name": "b"}),  # twice the same field
        (("a",), {"colour": "red"}),  # no such field
        ((), {"name": "a", "items": (), "colour": "red"}),  # as many keywords as fields, one unknown
    ],
)
def test_bad_arguments_are_refused_as_a_generated_init_would(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError) as ours:
        Bag(*args, **kwargs)
    with pytest.raises(TypeError) as reference:
        ReferenceBag(*args, **kwargs)
    first_word = str(reference.value).split("(", 1)[1].split()[1]  # "missing", "takes", "got"
    assert first_word in str(ours.value)


def test_defaults_factories_and_keywords_bind_like_a_dataclass() -> None:
    for args, kwargs in [
        (("a",), {}),
        (("a", ("x",)), {}),
        ((), {"name": "a", "notes": ["n"]}),
        (("a",), {"items": ("y",)}),
        (("a", ("x",), ["n"]), {}),
    ]:
        ours, reference = Bag(*args, **kwargs), ReferenceBag(*args, **kwargs)
        assert dataclasses.astuple(ours) == dataclasses.astuple(reference)
    one, two = Bag("a"), Bag("a")
    assert one.notes is not two.notes  # a fresh list from the factory each time


def test_fields_left_out_of_compare_are_left_out_of_eq_and_hash() -> None:
    a, b = Bag("a", ("x",), ["one"]), Bag("a", ("x",), ["two"])
    assert a == b and hash(a) == hash(b)
    assert Bag("a") != Bag("b") and Bag("a") != ReferenceBag("a")


def test_deleting_a_field_is_refused() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        del Point(1).x  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).colour = "red"  # type: ignore[attr-defined]


def test_values_copy_pickle_and_introspect() -> None:
    import copy
    import inspect
    import pickle

    person = Person(email="a@x.example", name="A", tags=("t",), joined=date(2026, 1, 5))
    assert pickle.loads(pickle.dumps(person)) == person
    assert copy.deepcopy(person) == person and copy.copy(person) == person
    assert list(inspect.signature(Point).parameters) == ["x", "y", "label"]
    assert inspect.signature(Point).parameters["y"].default == 0
    assert dataclasses.asdict(Point(1, 2)) == {"x": 1, "y": 2, "label": ""}


def test_what_the_shared_init_cannot_do_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="post_init"):

        @frozen
        class Checked:
            x: int

            def __post_init__(self) -> None:
                pass

    with pytest.raises(TypeError, match="hidden"):

        @frozen
        class Hidden:
            x: int
            hidden: int = dataclasses.field(default=0, init=False)
