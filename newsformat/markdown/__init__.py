"""The archive's Markdown dialect: read and write event, day and front pages byte for byte.

Each page kind has a grammar and a writer in a module of its own (:mod:`.event`,
:mod:`.listing`) that walk the same elements in the same order. The grammar keeps every
departure from the canonical layout in the layouts of the page and of its items; the writer
applies them. The grammar is lossless by construction: each field's raw text is either what
the writer writes for its value or kept as its spelling, and each gap either the canonical one
or kept. ``tests/test_markdown_differential.py`` checks that construction against the full
re-render (``loads(text, verify=True)``) on every fixture, the corpus and generated pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from ..errors import FieldValueError, NotAPageError, ParseError
from ..links import EDITIONS, ArchiveURL
from ..links import clear_cache as clear_links
from ..model import DayIndex, Entry, Event, FrontPage, Record, Related
from ._fields import DATE_LABEL, note_label
from ._lines import Page
from ._styles import CONTEXT_LABELS, PREVIOUS_LABELS
from .day import day_anchors, read_day, write_day
from .event import event_anchors, read_event, write_event
from .front import front_anchors, read_front, write_front

__all__ = ("loads", "dumps", "kind_of", "anchor_lines", "unknown_labels")

_Reader = Callable[[Page, "ArchiveURL | None", "str | None"], Record]

READERS: Final[dict[str, _Reader]] = {"event": read_event, "day": read_day, "front": read_front}
"""The grammar of each kind of page."""

_ANCHORS: Final[dict[str, Callable[[Page], dict[str, int]]]] = {
    "event": event_anchors,
    "day": day_anchors,
    "front": front_anchors,
}


def clear_caches() -> None:
    """Forget the links, layouts and list items shared so far (benchmarks call this between
    timed runs, so that each run pays for what one pass over its pages parses)."""
    from .. import layout
    from . import _build, _fields, entries, items

    clear_links()
    caches: list[dict[Any, Any]] = [*items.SHARED.values(), *items.CUTS.values(), entries._SHARED, _build._DATES]
    for cache in caches:
        cache.clear()
    _build.day_link.cache_clear()
    _fields.write_date_label.cache_clear()
    layout._LAYOUTS.clear()


def unknown_labels(record: Record) -> list[tuple[str, str]]:
    """The labels a page spells that the archive never wrote, as (anchor, label): a contexts
    note's (``_Contxt: Russia_`` for ``_Context: Russia_``) or a previous-day link's. The page
    reads and writes back fine; the label is most likely a slip."""
    found: list[tuple[str, str]] = []
    if isinstance(record, Event):
        found += _unknown_notes("related", record.related)
    elif isinstance(record, DayIndex):
        found += _unknown_notes("entries", record.entries)
        label = record.layout.spelling("previous.label")
        if label is not None and label not in PREVIOUS_LABELS:
            found.append(("previous", label))
    elif isinstance(record, FrontPage):
        for i, section in enumerate(record.sections):
            found += _unknown_notes(f"sections[{i}].entries", section.entries)
    return found


def _unknown_notes(prefix: str, items: Iterable[Related | Entry]) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(items):
        note = item.layout.spelling("note")
        label = note_label(note) if note is not None else None
        if label is not None and label not in CONTEXT_LABELS:
            yield f"{prefix}[{i}]", label


def kind_of(page: Page) -> str:
    """Which kind of page the elements make: "event", "day" or "front"."""
    texts = page.texts
    at = 1 if texts[0].startswith("Formats:") and len(texts) > 1 else 0
    first = texts[at]
    if first.startswith("### ["):
        return "event"
    if first.startswith("## "):
        if first.startswith("## [") and "](" in first and DATE_LABEL.fullmatch(first[4 : first.index("](")]):
            return "day"  # a date-shaped label, even an impossible date: the day grammar says what is wrong
        return "front"
    raise NotAPageError(
        "Expected a page: a date heading '### [YYYY-MM-D](...)' (event), '## [YYYY-MM-D](...)' (day page) "
        "or '## [Label](...)' (front page)",
        page.doc,
        lineno=page.rows[at] + 1,
        colno=1,
    )


def loads(text: str, *, url: ArchiveURL | None = None, lang: str | None = None, verify: bool = False) -> Record:
    """Read a page of the archive's Markdown.

    Args:
        text: The page.
        url: Where the page lives, when known: gives the edition, date and slug the page
            itself does not say (legacy pages name their slug only in their file name).
        lang: The edition, when known; otherwise it is read off the page (its labels and
            links, then ``url``, then its script). Front pages say little of it.
        verify: Also write the record back and compare it with ``text``. The grammar gives
            back every page it accepts by construction; tests use this to prove it.

    Raises:
        ParseError: The text is not a page newsformat can read and give back exactly.
    """
    if lang is not None and lang not in EDITIONS:
        raise FieldValueError("lang", f"must be one of the archive's editions {', '.join(EDITIONS)}, not {lang!r}")
    if url is not None and url.__class__ is not ArchiveURL:
        raise TypeError(f"Expected url to be an ArchiveURL or None, not {type(url).__name__}")
    page = Page(text)
    record = READERS[kind_of(page)](page, url, lang)
    if verify:
        written = dumps(record)
        if written != text:
            _refuse_inexact(text, written)
    return record


def anchor_lines(text: str, *, url: ArchiveURL | None = None) -> dict[str, int]:
    """The line number (from 1) of each element of a page, by anchor (``"title"``,
    ``"related[2]"``, ``"sections[1].entries[0]"``); for reporting findings."""
    page = Page(text)
    return _ANCHORS[kind_of(page)](page)


def _refuse_inexact(text: str, written: str) -> None:
    pos = next((i for i, (a, b) in enumerate(zip(text, written, strict=False)) if a != b), min(len(text), len(written)))
    raise ParseError("This page's layout cannot be written back exactly", text, text.rfind("\n", 0, pos) + 1)


def dumps(record: Record) -> str:
    """Write a record as a page of the archive's Markdown."""
    cls = record.__class__
    if cls is Event:
        return write_event(record)  # type: ignore[arg-type]
    if cls is DayIndex:
        return write_day(record)  # type: ignore[arg-type]
    if cls is FrontPage:
        return write_front(record)  # type: ignore[arg-type]
    raise TypeError(f"Expected an Event, DayIndex or FrontPage, not {type(record).__name__}")
