"""Semantic checks of records: findings with a stable code and a severity, never raised.

Loading refuses what cannot be read; these checks report what reads fine but looks wrong:
a slug that does not match the title, a date that disagrees with the page's path, duplicate
list items, related links that do not point into the archive or point to no page.

Every finding has a code from :data:`RULES` (``NF201``) and a readable name
(``duplicate-related``); codes group by their first digit, so that ``NF2`` selects every
duplicate. Messages speak of the record, not of one format's syntax: the element concerned
is given apart, as an anchor (``related[2]``), which each format places in its own terms.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Final, Literal, TypeVar

import attrs

from .links import ArchiveURL
from .markdown import unknown_labels
from .model import DayIndex, Event, FrontPage, Record
from .slug import slugify

__all__ = ("Rule", "RULES", "Finding", "check", "page_keys", "link_targets")

Severity = Literal["error", "warning"]
_T = TypeVar("_T")


@attrs.frozen
class Rule:
    """One kind of finding.

    Attributes:
        code: The stable code, such as "NF201": letters and digits, selectable by prefix.
        name: The readable name, such as "duplicate-related".
        severity: "error" (the page is wrong) or "warning" (the page is unusual; the real
            archive has some of these).
        summary: One sentence saying what the rule finds.
    """

    code: str
    name: str
    severity: Severity
    summary: str


RULES: Final[dict[str, Rule]] = {
    rule.code: rule
    for rule in (
        # NF0: reading files
        Rule("NF001", "parse-error", "error", "The file cannot be parsed as a page of the archive."),
        Rule("NF002", "unreadable", "error", "The file cannot be read: missing, a folder, or not allowed."),
        Rule("NF003", "not-a-page", "warning", "A Markdown file outside the day folders that is no page; skipped."),
        Rule("NF004", "unknown-format", "error", "The file's extension names no format, and none was given."),
        # NF1: a page against its place
        Rule("NF101", "date-mismatch", "error", "The page's date is not the date of its path."),
        Rule("NF102", "slug-mismatch", "error", "The page's slug is not its file's name."),
        Rule("NF103", "title-slug-mismatch", "warning", "The slug is not the one the archive makes from the title."),
        Rule("NF104", "entry-date-mismatch", "warning", "A day page lists an event of another day."),
        # NF2: lists that repeat an item
        Rule("NF201", "duplicate-related", "warning", "A related link repeats an earlier one."),
        Rule("NF202", "duplicate-source", "warning", "A source repeats an earlier one."),
        Rule("NF203", "duplicate-entry", "warning", "A day page lists an event twice."),
        # NF3: links
        Rule("NF301", "foreign-related-link", "warning", "A related link is not a link into the archive."),
        Rule("NF302", "missing-link-target", "warning", "A link into the archive points to no validated page."),
        # NF4: how the page is spelled
        Rule(
            "NF401", "unknown-label", "warning", "A label the archive never wrote, such as '_Contxt:' for '_Context:'."
        ),
    )
}
"""Every rule, by code."""


@attrs.frozen
class Finding:
    """One thing a check found in a record.

    Attributes:
        code: The rule's code, such as "NF201"; see :data:`RULES`.
        message: What was found, in words.
        anchor: The element it concerns ("title", "related[2]", "entries[0].url"), or None
            for the whole page.
        first: For a repeated item, the anchor of its first appearance.
    """

    code: str
    message: str
    anchor: str | None = None
    first: str | None = None

    @property
    def rule(self) -> Rule:
        """The rule this finding belongs to."""
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        """ "error" or "warning", as the rule says."""
        return RULES[self.code].severity

    @property
    def name(self) -> str:
        """The rule's readable name, such as "duplicate-related"."""
        return RULES[self.code].name


def check(record: Record, url: ArchiveURL | None = None) -> list[Finding]:
    """Check a record; ``url`` is where it lives, when known (from its path).

    Links are not followed here: whether they lead to pages is a question about a set of
    pages (see :func:`link_targets` and :func:`page_keys`).
    """
    if isinstance(record, Event):
        found = _check_event(record, url)
    elif isinstance(record, DayIndex):
        found = _check_day(record, url)
    elif isinstance(record, FrontPage):
        found = []
    else:
        raise TypeError(f"Expected an Event, DayIndex or FrontPage, not {type(record).__name__}")
    found.extend(
        Finding("NF401", f"The label {label!r} is not one the archive writes; a slip for another?", anchor)
        for anchor, label in unknown_labels(record)
    )
    return found


def _check_date(date: object, url: ArchiveURL | None) -> list[Finding]:
    if url is not None and url.date != date:
        return [Finding("NF101", f"The date {date} is not the date of the page's path, {url.date}", "date")]
    return []


def _duplicates(
    items: Sequence[_T], key: Callable[[_T], Hashable], code: str, field: str, describe: Callable[[_T], str]
) -> Iterator[Finding]:
    """A finding for each item of ``items`` whose key an earlier item has."""
    seen: dict[Hashable, int] = {}
    for i, item in enumerate(items):
        first = seen.setdefault(key(item), i)
        if first != i:
            yield Finding(code, f"{describe(item)} repeats an earlier one", f"{field}[{i}]", f"{field}[{first}]")


def _check_event(event: Event, url: ArchiveURL | None) -> list[Finding]:
    found = _check_date(event.date, url)
    if url is not None and event.slug is not None and url.slug is not None and url.slug != event.slug:
        found.append(Finding("NF102", f"The slug {event.slug!r} is not the file's name {url.slug!r}", "slug"))
    if event.slug is not None:
        # The archive made the slug from the title as stored, padding included: a leading
        # space counts towards the cut.
        before, after = next(((b, a) for anchor, b, a in event.layout.padding if anchor == "title"), ("", ""))
        expected = slugify(before + event.title + after, event.lang)
        if expected != event.slug:
            found.append(
                Finding(
                    "NF103",
                    f"The slug {event.slug!r} is not the title's slug {expected!r}"
                    " (titles edited after the slug was made do this)",
                    "title",
                )
            )
    found.extend(
        _duplicates(event.sources, lambda s: (s.name, s.url), "NF202", "sources", lambda s: f"Source {s.name!r}")
    )
    found.extend(
        _duplicates(event.related, lambda r: str(r.url), "NF201", "related", lambda r: f"Related link {str(r.url)!r}")
    )
    found.extend(
        Finding("NF301", f"Related link {related.url!r} is not an archive URL", f"related[{i}].url")
        for i, related in enumerate(event.related)
        if not isinstance(related.url, ArchiveURL)
    )
    return found


def _check_day(day: DayIndex, url: ArchiveURL | None) -> list[Finding]:
    found = _check_date(day.date, url)
    found.extend(_duplicates(day.entries, lambda e: str(e.url), "NF203", "entries", lambda e: f"Entry {str(e.url)!r}"))
    found.extend(
        Finding("NF104", f"Entry {str(entry.url)!r} is dated {entry.url.date}, the day {day.date}", f"entries[{i}].url")
        for i, entry in enumerate(day.entries)
        if isinstance(entry.url, ArchiveURL) and entry.url.date != day.date
    )
    return found


# --- links between pages -----------------------------------------------------------------


def _key(url: ArchiveURL) -> str:
    """A page's identity, whatever format a link names: its URL as a Markdown page."""
    return str(attrs.evolve(url, ext="md"))


def page_keys(record: Record, url: ArchiveURL | None = None) -> set[str]:
    """The names links use for this page: its own URL, and the URL of its path.

    ``url`` is where the record lives (from its path). The edition is the record's own, so
    a Chinese tree answers to ``/zh/news/...`` however it is rooted on disk; the format is
    left out, so that a link to ``x.md`` finds ``x.json``. A front page is no link target.
    """
    if isinstance(record, FrontPage):
        return set()
    keys = {_key(attrs.evolve(url, lang=record.lang))} if url is not None else set()
    if record.url is not None:
        keys.add(_key(record.url))
    return keys


def link_targets(record: Record) -> Iterable[tuple[str, Finding]]:
    """Each link of ``record`` that should lead to a page of the archive: the key of the page
    it names (as :func:`page_keys` gives them) and the finding to report if no page has it.

    Followed: related links and revisions of an event, the entries and the previous-day link
    of a day page. The front page is left out: its section links name the English edition's
    days on every edition's front page.
    """
    links: list[tuple[str, str, object]] = []
    if isinstance(record, Event):
        links += [(f"related[{i}].url", "Related link", r.url) for i, r in enumerate(record.related)]
        links += [(f"changes[{i}].url", "Revision link", c.url) for i, c in enumerate(record.changes)]
    elif isinstance(record, DayIndex):
        links += [(f"entries[{i}].url", "Entry link", e.url) for i, e in enumerate(record.entries)]
        links.append(("previous", "Previous-day link", record.previous))
    for anchor, noun, link in links:
        if isinstance(link, ArchiveURL):
            yield _key(link), Finding("NF302", f"{noun} {str(link)!r} points to no page in the validated set", anchor)
