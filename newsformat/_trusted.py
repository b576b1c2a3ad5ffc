"""Constructors that skip the records' checks, for readers that have made them already."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")

__all__ = ("trusted",)


def trusted(cls: type[T]) -> Callable[..., T]:
    """A constructor of ``cls`` taking every field positionally and checking nothing.

    For readers whose grammar already gives every guarantee the validators check (the
    Markdown reader: one scan of the page for characters no value may hold, padding stripped
    by construction, and the few checks left made on the spot). Anything else builds records
    the usual way, so that a value no format can carry is refused at once.
    """
    names = [a.name for a in attrs.fields(cls)]  # type: ignore[arg-type]
    setters = {f"_set_{name}": cls.__dict__[name].__set__ for name in names}
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def make({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **setters}
    exec(source, scope)
    return scope["make"]  # type: ignore[no-any-return]
