"""Semantic checks: findings with a severity, never raised."""

from __future__ import annotations

import datetime as dt

import attrs

import newsformat as nf
from newsformat.checks import check

from .conftest import DATA, read


def _codes(record: nf.Record, url: nf.ArchiveURL | None = None) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in check(record, url)]


def test_canonical_seed_has_no_findings(seed_text: str) -> None:
    """The seed is clean: its slug is its title's."""
    event = nf.loads(seed_text)
    assert _codes(event, event.url) == []


def test_slug_that_is_not_the_titles_is_a_warning(seed_text: str) -> None:
    """A title edited after its slug was made gives a warning, not an error."""
    event = attrs.evolve(nf.loads(seed_text), title="Tajikistan frees the pilot.")
    assert _codes(event) == [("warning", "title-slug-mismatch")]


def test_date_heading_against_url_is_an_error(seed_text: str) -> None:
    """The date heading disagreeing with the page's URL is an error."""
    event = nf.loads(seed_text)
    other = nf.ArchiveURL(dt.date(2011, 11, 20), event.slug)
    assert ("error", "date-mismatch") in _codes(event, other)


def test_duplicates_and_foreign_links(seed_text: str) -> None:
    """Repeated sources and related links, and related links outside the archive, are warned about."""
    event = nf.loads(seed_text)
    event = attrs.evolve(
        event,
        sources=event.sources * 2,
        related=(*event.related, event.related[0], nf.Related("Elsewhere", "https://example.com/x")),
        layout=nf.Layout(),
    )
    codes = _codes(event)
    assert codes.count(("warning", "duplicate-source")) == 1
    assert codes.count(("warning", "duplicate-related")) == 1
    assert codes.count(("warning", "foreign-related-link")) == 1


def test_day_page_listing_another_day() -> None:
    """A day page listing an event of another day is warned about."""
    day = nf.loads(read(DATA / "valid" / "zh-day.md"))
    moved = attrs.evolve(day, date=dt.date(2011, 11, 2))
    assert _codes(moved).count(("warning", "entry-date-mismatch")) == len(day.entries)
