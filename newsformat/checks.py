"""Semantic checks of records: findings with a severity, never raised.

Loading refuses what cannot be read; these checks report what reads fine but looks wrong:
a slug that does not match the title, a date heading that disagrees with the page's URL,
duplicate list items, related links that do not point into the archive.
"""

from __future__ import annotations

from typing import Final, Literal

import attrs

from .links import ArchiveURL
from .model import DayIndex, Event, FrontPage, Record
from .slug import slugify

__all__ = ("Finding", "check", "SEVERITIES")

SEVERITIES: Final = ("error", "warning")
Severity = Literal["error", "warning"]


@attrs.frozen
class Finding:
    """One thing a check found.

    Attributes:
        severity: "error" (the page is wrong) or "warning" (the page is unusual; the real
            archive has some of these).
        code: A stable short name, such as "slug-mismatch", for filtering.
        message: What was found, in words.
        anchor: The element it concerns ("title", "related[2]"), or None for the whole page.
    """

    severity: Severity
    code: str
    message: str
    anchor: str | None = None


def check(record: Record, url: ArchiveURL | None = None) -> list[Finding]:
    """Check a record; ``url`` is where it lives, when known (from its path)."""
    if isinstance(record, Event):
        return _check_event(record, url)
    if isinstance(record, DayIndex):
        return _check_day(record, url)
    if isinstance(record, FrontPage):
        return []
    raise TypeError(f"Expected an Event, DayIndex or FrontPage, not {type(record).__name__}")


def _check_date(date: object, url: ArchiveURL | None) -> list[Finding]:
    if url is not None and url.date != date:
        return [Finding("error", "date-mismatch", f"The date heading says {date}, the page's URL {url.date}", "date")]
    return []


def _check_event(event: Event, url: ArchiveURL | None) -> list[Finding]:
    found = _check_date(event.date, url)
    if url is not None and event.slug is not None and url.slug is not None and url.slug != event.slug:
        found.append(
            Finding(
                "error",
                "slug-mismatch",
                f"The Formats line names slug {event.slug!r}, the file {url.slug!r}",
                "formats",
            )
        )
    if event.slug is not None:
        # The archive made the slug from the title as stored, padding included: a leading
        # space counts towards the cut.
        before, after = next(((b, a) for anchor, b, a in event.layout.padding if anchor == "title"), ("", ""))
        expected = slugify(before + event.title + after, event.lang)
        if expected != event.slug:
            found.append(
                Finding(
                    "warning",
                    "title-slug-mismatch",
                    f"The slug {event.slug!r} is not the title's slug {expected!r}"
                    " (titles edited after the slug was made do this)",
                    "title",
                )
            )
    seen: dict[object, int] = {}
    for i, source in enumerate(event.sources):
        if (source.name, source.url) in seen:
            found.append(
                Finding(
                    "warning",
                    "duplicate-source",
                    f"Source {source.name!r} repeats source {seen[(source.name, source.url)] + 1}",
                    f"sources[{i}]",
                )
            )
        seen.setdefault((source.name, source.url), i)
    seen = {}
    for i, related in enumerate(event.related):
        key = str(related.url)
        if key in seen:
            found.append(
                Finding(
                    "warning",
                    "duplicate-related",
                    f"Related link {key!r} repeats related {seen[key] + 1}",
                    f"related[{i}]",
                )
            )
        seen.setdefault(key, i)
        if not isinstance(related.url, ArchiveURL):
            found.append(
                Finding(
                    "warning", "foreign-related-link", f"Related link {key!r} is not an archive URL", f"related[{i}]"
                )
            )
    return found


def _check_day(day: DayIndex, url: ArchiveURL | None) -> list[Finding]:
    found = _check_date(day.date, url)
    seen: dict[str, int] = {}
    for i, entry in enumerate(day.entries):
        key = str(entry.url)
        if key in seen:
            found.append(
                Finding("warning", "duplicate-entry", f"Entry {key!r} repeats entry {seen[key] + 1}", f"entries[{i}]")
            )
        seen.setdefault(key, i)
        if isinstance(entry.url, ArchiveURL) and entry.url.date != day.date:
            found.append(
                Finding(
                    "warning",
                    "entry-date-mismatch",
                    f"Entry {key!r} is dated {entry.url.date}, the day {day.date}",
                    f"entries[{i}]",
                )
            )
    return found
