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
