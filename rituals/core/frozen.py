"""`@frozen`: a frozen dataclass whose repr is shared instead of generated.

In Python 3.11 `@dataclass` compiles a `__repr__` for every class at import time: about a third
of the cost of making a frozen class (3 of 9 ms for the seven classes of models.py, measured).
rituals defines ~40 value types, and the quick commands (`suggest`, `people list`) must start fast. One shared `__repr__` prints exactly what
the generated one would (``Person(email='a@x', name='A', ...)``); values never contain themselves,
so the generated repr's recursion guard is not needed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


def value_repr(self: Any) -> str:
    inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{type(self).__qualname__}({inner})"


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    """Like ``@dataclass(frozen=True)``: immutable, compared and hashed by field values."""
    made = dataclass(frozen=True, repr=False)(cls)
    made.__repr__ = value_repr  # type: ignore[method-assign]
    return made
