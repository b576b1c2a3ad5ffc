"""A small cache that keeps what was used last: bounded memory however large the archive."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

__all__ = ("Recent",)


class Recent(dict[K, V], Generic[K, V]):
    """A dict of at most ``size`` entries that forgets the one used longest ago.

    An archive repeats itself locally (the events of a week link each other), so the recent
    entries are the ones asked for again; and a walk over any number of pages keeps its memory
    flat. Dict order is the order of use: a hit moves its entry to the end.
    """

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def recall(self, key: K) -> V | None:
        """The entry for ``key``, now the most recently used; None when there is none."""
        value = self.pop(key, None)
        if value is not None:
            self[key] = value
        return value

    def keep(self, key: K, value: V) -> V:
        """Remember ``value`` for ``key``, forgetting the oldest entry when full; return it."""
        self[key] = value
        if len(self) > self.size:
            del self[next(iter(self))]
        return value
