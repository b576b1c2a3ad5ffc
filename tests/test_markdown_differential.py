"""The Markdown reader's quick ways against its full ones, and its construction against a re-render.

The reader takes shortcuts: items met before are shared, fields with no entity and nothing
escaped are read without the full text rules. And it gives pages back by construction rather
than by writing each one again. These tests prove both on real pages, generated pages and
damaged pages: the shortcuts give the same records and layouts as the full reading, and
``verify=True`` (write the record, compare) never finds a page the reader would get wrong.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf
from newsformat import markdown
from newsformat._plain import to_plain
from newsformat._recent import Recent
from newsformat.markdown import entries, items

from .conftest import CORPUS, DATA, read
from .strategies import day_indexes, events, front_pages

VALID = sorted((DATA / "valid").glob("*.md"))


class _KeepsNothing(Recent):  # type: ignore[type-arg]
    """A cache that remembers nothing."""

    def __init__(self) -> None:
        super().__init__(0)

    def get(self, key: object, default: object = None) -> None:  # type: ignore[override]
        return None

    def keep(self, key: object, value: object) -> object:
        return value


@contextmanager
def full_reading() -> Iterator[None]:
    """Read with every shortcut off: no shared items or cut lines, no quick fields."""
    saved = dict(items._QUICK), dict(items.SHARED), dict(items.CUTS), entries._quick_entry, entries._SHARED
    markdown.clear_caches()
    items._QUICK.update({key: lambda *args: None for key in items._QUICK})
    items.SHARED.update({key: _KeepsNothing() for key in items.SHARED})
    items.CUTS.update({key: _KeepsNothing() for key in items.CUTS})
    entries._quick_entry = lambda *args: None  # type: ignore[assignment]
    entries._SHARED = _KeepsNothing()  # type: ignore[assignment]
    try:
        yield
    finally:
        items._QUICK.update(saved[0])
        items.SHARED.update(saved[1])
        items.CUTS.update(saved[2])
        entries._quick_entry, entries._SHARED = saved[3:]  # type: ignore[assignment]
        markdown.clear_caches()


def outcome(text: str, **kwargs: object) -> object:
    """What reading gives: the record's whole JSON encoding (layouts included), or the error."""
    try:
        return to_plain(markdown.loads(text, **kwargs))  # type: ignore[arg-type]
    except nf.ParseError as exc:
        return (type(exc).__name__, str(exc))


def assert_same_both_ways(text: str) -> None:
    quick = outcome(text)
    with full_reading():
        full = outcome(text)
    assert quick == full
    assert outcome(text, verify=True) == quick
    if isinstance(quick, dict):
        assert nf.dumps(markdown.loads(text)) == text


def _damaged(text: str, rng: random.Random) -> str:
    """A real page with one line changed the way hands and tools change lines."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    cut = rng.randrange(len(line) + 1)
    change = rng.choice(["drop", "dup", "cut", "space", "amp", "blank", "swap"])
    if change == "drop":
        del lines[i]
    elif change == "dup":
        lines.insert(i, line)
    elif change == "cut":
        lines[i] = line[:cut]
    elif change == "space":
        lines[i] = line[:cut] + " " + line[cut:]
    elif change == "amp":
        lines[i] = line[:cut] + rng.choice(["&amp;", "&", "](", ") _", "_", "#", "1. ["]) + line[cut:]
    elif change == "blank":
        lines.insert(i, "")
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_fixture_pages_read_the_same_both_ways(path: Path) -> None:
    """Every real page of the fixtures."""
    assert_same_both_ways(read(path))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_corpus_pages_read_the_same_both_ways() -> None:
    """Every page of the shared corpus: the quick reading equals the full one, and no page
    accepted by construction fails the re-render."""
    pages = sorted(p for p in CORPUS.rglob("*.md") if p.parent != CORPUS)
    quick = [outcome(read(p)) for p in pages]
    with full_reading():
        full = [outcome(read(p)) for p in pages]
    assert quick == full
    assert all(outcome(read(p), verify=True) == q for p, q in zip(pages, quick, strict=True))


@given(st.sampled_from(VALID), st.randoms(use_true_random=False))
def test_damaged_real_pages_read_the_same_both_ways(path: Path, rng: random.Random) -> None:
    """Real pages with a line dropped, doubled, cut, padded, escaped or moved: the same record
    or the same error both ways, and what is accepted is given back."""
    assert_same_both_ways(_damaged(read(path), rng))


@given(st.one_of(events, day_indexes, front_pages))
def test_generated_pages_read_the_same_both_ways(record: nf.Record) -> None:
    """Pages written from records of the whole domain."""
    assert_same_both_ways(nf.dumps(record))
