"""`@frozen`: an immutable dataclass made without compiling code at import time.

In Python 3.11 `@dataclass(frozen=True)` writes the source of `__init__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` for every class and compiles each with `exec`. The value types
the quick commands (`suggest`, `people list`) load made that a large share of their own start-up
(docs/performance.md, "@frozen"), so `@frozen` lets `dataclass` collect the fields only (no code
written: `init=False, repr=False, eq=False`) and gives every class the same few functions,
written once here:

- ``__init__`` binds positional and keyword arguments to the fields, with their defaults and
  default factories, and raises the same `TypeError`s a generated one would;
- ``__eq__`` and ``__hash__`` compare and hash the tuple of the fields (``compare``/``hash`` honoured);
- ``__setattr__``/``__delattr__`` raise `dataclasses.FrozenInstanceError`;
- ``__repr__`` prints what the generated one would (``Person(email='a@x', name='A', ...)``).

The class stays a real dataclass: `dataclasses.fields`, `replace`, `asdict` and `is_dataclass`
work, and `inspect.signature` shows the fields (built when something asks for it).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, cast, dataclass_transform

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")


def value_repr(self: Any) -> str:
    inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{type(self).__qualname__}({inner})"


def _refuse_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _tuple_getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """``lambda v: (v.a, v.b, ...)`` as a C-level getter (attrgetter of one name gives a bare value)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    return lambda value: ()


def _make_init(cls: type) -> Callable[..., None]:
    specs = fields(cls)  # every one is an __init__ argument (frozen refuses init=False)
    names = tuple(f.name for f in specs)
    count, known = len(names), frozenset(names)
    defaults = {f.name: f.default for f in specs if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in specs if f.default_factory is not MISSING}
    title = cls.__qualname__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if not kwargs and len(args) == count:  # every field, in order: the catalog, the engine
            self.__dict__.update(zip(names, args))
            return
        if not args and len(kwargs) == count and known.issuperset(kwargs):  # every field by name: the store
            self.__dict__.update(kwargs)
            return
        if len(args) > count:
            raise TypeError(f"{title}.__init__() takes {count + 1} positional arguments but {len(args) + 1} were given")
        given = dict(zip(names, args))
        for key in kwargs:
            if key not in known:
                raise TypeError(f"{title}.__init__() got an unexpected keyword argument {key!r}")
            if key in given:
                raise TypeError(f"{title}.__init__() got multiple values for argument {key!r}")
        given.update(kwargs)
        values: dict[str, Any] = {}
        missing = []
        for name in names:
            if name in given:
                values[name] = given[name]
            elif name in defaults:
                values[name] = defaults[name]
            elif name in factories:
                values[name] = factories[name]()
            else:
                missing.append(name)
        if missing:
            raise TypeError(
                f"{title}.__init__() missing {len(missing)} required argument(s): "
                + ", ".join(repr(m) for m in missing)
            )
        self.__dict__.update(values)

    __init__.__qualname__ = f"{title}.__init__"
    return __init__


class _LazySignature:
    """``cls.__signature__``, computed when something (help(), an IDE) first asks for it."""

    def __get__(self, instance: Any, owner: type) -> Any:
        params = []
        for f in fields(owner):
            default = f.default if f.default is not MISSING else inspect.Parameter.empty
            params.append(
                inspect.Parameter(f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=f.type)
            )
        return inspect.Signature(params)


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T]) -> type[T]:
    """Like ``@dataclass(frozen=True)``: immutable, compared and hashed by field values."""
    made = dataclass(init=False, repr=False, eq=False)(cls)
    # `dataclass` is typed to give back the class it was given: it is a dataclass now
    made_fields = fields(cast("type[DataclassInstance]", made))
    odd = [f.name for f in made_fields if not f.init or f.kw_only is True]
    if odd or hasattr(made, "__post_init__"):  # the shared __init__ knows none of these
        raise TypeError(
            f"@frozen {cls.__qualname__}: no __post_init__, init=False or kw_only fields "
            f"({', '.join(odd) or '__post_init__'}); use @dataclass(frozen=True) there"
        )
    compared = _tuple_getter([f.name for f in made_fields if f.compare])
    hashed = _tuple_getter([f.name for f in made_fields if (f.compare if f.hash is None else f.hash)])

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    own = made.__dict__
    methods: dict[str, Any] = {
        "__init__": _make_init(made),
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": value_repr,
        "__setattr__": _refuse_setattr,
        "__delattr__": _refuse_delattr,
        "__signature__": _LazySignature(),
    }
    for name, method in methods.items():
        # like dataclass: what the class body defines wins (the ``__hash__ = None`` Python adds
        # beside a body's own ``__eq__`` is not a choice, so the fields' hash replaces it)
        if name not in own or (name == "__hash__" and own[name] is None and "__eq__" in own):
            setattr(made, name, method)
    return made
