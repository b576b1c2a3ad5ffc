"""The bounded caches the readers share: they never hold more than their size."""

from __future__ import annotations

from newsformat._recent import Recent
from newsformat.markdown import clear_caches, entries, items


def test_a_cache_forgets_the_entry_added_longest_ago() -> None:
    """Past its size, each entry kept makes the oldest go: memory stays bounded."""
    cache: Recent[int, str] = Recent(3)
    for n in range(10):
        assert cache.keep(n, str(n)) == str(n)
        assert len(cache) <= 3
    assert dict(cache) == {7: "7", 8: "8", 9: "9"}
    assert cache.get(7) == "7" and cache.get(1) is None


def test_every_reader_cache_is_bounded_and_cleared() -> None:
    """The Markdown reader's caches are all Recent, and clear_caches empties them."""
    caches = [*items.SHARED.values(), *items.CUTS.values(), entries._SHARED]
    assert all(isinstance(cache, Recent) and cache.size <= 1 << 14 for cache in caches)
    caches[0].keep("x", None)  # type: ignore[arg-type]
    clear_caches()
    assert all(not cache for cache in caches)
