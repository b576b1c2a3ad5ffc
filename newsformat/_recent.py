"""A small cache that keeps what was added last: bounded memory however large the archive."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

__all__ = ("Recent",)


class Recent(dict[K, V], Generic[K, V]):
    """A dict of at most ``size`` entries that forgets the one added longest ago.

    An archive repeats itself locally (the events of a week link each other), so the entries
    added last are the ones asked for again; and a walk over any number of pages keeps its
    memory flat. Looking up is a plain ``get``: a hit costs no more than a dict's.
    """

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: K, value: V) -> V:
        """Remember ``value`` for ``key``, forgetting the oldest entry when full; return it."""
        self[key] = value
        if len(self) > self.size:
            del self[next(iter(self))]
        return value
