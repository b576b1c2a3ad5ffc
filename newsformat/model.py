"""The records: events, day pages and front pages, as typed, frozen attrs classes.

Records hold clean values only, and only values every format can carry and give back equal
(docs/format.md, "What a record can hold"; the rules are in :mod:`._validators`). How a page
was laid out is its trivia: a :class:`~newsformat.layout.Layout` on the page and one on each
list item, so that the trivia of an item travels with it when a list is edited. Layouts are
left out of equality: two records are equal when they say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final, Union

import attrs

from ._trusted import trusted
from ._validators import (
    check_date,
    check_image,
    check_lang,
    check_nonempty,
    check_optional,
    check_optional_url,
    check_text,
    check_timestamp,
    check_url,
    instances_of,
    is_clean_link,
    items_field,
    texts_field,
    to_link,
    to_optional_link,
    to_tuple,
)
from .errors import FieldValueError
from .layout import (
    CANONICAL_LAYOUT,
    CHANGE_PARTS,
    DAY_PARTS,
    ENTRY_PARTS,
    EVENT_PARTS,
    FRONT_PARTS,
    MAX_GAP,
    RELATED_PARTS,
    SECTION_PARTS,
    SOURCE_PARTS,
    Layout,
    layout_field,
    shared_layout,
)
from .links import ArchiveURL, Link, check_slug

__all__ = (
    "Change",
    "DayIndex",
    "Entry",
    "Event",
    "FrontPage",
    "Layout",
    "CANONICAL_LAYOUT",
    "MAX_GAP",
    "Record",
    "Related",
    "Section",
    "Source",
    "is_clean_link",
    "shared_layout",
    "trusted",
)


# --- event pages -------------------------------------------------------------------------


@attrs.frozen
class Source:
    """A source of an event: a named link, with the image link some pages add."""

    name: str = attrs.field(validator=check_text)
    url: str = attrs.field(validator=check_url)
    image: str | None = attrs.field(default=None, validator=check_image)
    layout: Layout = layout_field(SOURCE_PARTS)


@attrs.frozen
class Related:
    """An event related to this one, with the contexts (topics) they share."""

    title: str = attrs.field(validator=check_nonempty)
    url: Link = attrs.field(converter=to_link, validator=check_url)
    contexts: tuple[str, ...] = texts_field("contexts")
    layout: Layout = layout_field(RELATED_PARTS)


@attrs.frozen
class Change:
    """One revision of an event page: its title and URL then, when, and a label."""

    title: str = attrs.field(validator=check_nonempty)
    url: Link = attrs.field(converter=to_link, validator=check_url)
    label: str = attrs.field(validator=check_text)
    timestamp: dt.datetime | None = attrs.field(default=None, validator=check_timestamp)
    layout: Layout = layout_field(CHANGE_PARTS)


@attrs.frozen
class Event:
    """One news event, as published at ``/news/YYYY/MM/D/<slug>.md``.

    Attributes:
        date: The day of the event.
        title: The headline, clean (no padding, entities decoded).
        lang: The edition, "en" or "zh".
        slug: The page's slug; None when neither the page nor the caller says it.
        category: The topic line above the title, if any.
        body: The summary paragraph, if any.
        sources, related, changes: The page's lists, in page order.
        layout: How the page departs from the canonical layout (its items carry their own).
    """

    date: dt.date = attrs.field(validator=check_date)
    title: str = attrs.field(validator=check_nonempty)
    lang: str = attrs.field(default="en", validator=check_lang)
    slug: str | None = attrs.field(default=None)
    category: str | None = attrs.field(default=None, validator=check_optional)
    body: str | None = attrs.field(default=None, validator=check_optional)
    sources: tuple[Source, ...] = items_field("sources", Source)
    related: tuple[Related, ...] = items_field("related", Related)
    changes: tuple[Change, ...] = items_field("changes", Change)
    layout: Layout = layout_field(EVENT_PARTS, page=True, sections=True)

    @slug.validator
    def _check_slug(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            # The URL's rules, so that every slug an Event holds makes a URL (its date and
            # edition are the event's, checked by their own fields).
            check_slug(value)

    @property
    def url(self) -> ArchiveURL | None:
        """The page's own URL (``.md``), or None while the slug is unknown."""
        return None if self.slug is None else ArchiveURL(self.date, self.slug, self.lang)

    @property
    def day_url(self) -> ArchiveURL:
        """The URL of the day page this event is listed on."""
        return ArchiveURL(self.date, None, self.lang)

    @classmethod
    def new(
        cls,
        *,
        title: str,
        date: dt.date | str,
        lang: str = "en",
        slug: str | None = None,
        category: str | None = None,
        body: str | None = None,
        sources: Iterable[Source] = (),
        related: Iterable[Related] = (),
    ) -> Event:
        """Make a new event whose slug is made from its title by the archive's rule.

        Args:
            title: The headline.
            date: The day, as a :class:`datetime.date` or an ISO date string ("2024-05-01").
            lang: The edition: "zh" for a Chinese title.
            slug: The slug, where not the one the archive's rule makes of the title.
            category, body, sources, related: As for :class:`Event`.

        Raises:
            FieldValueError: ``date`` is a string but not an ISO date; or the title makes no
                slug: a Chinese title without ``lang="zh"`` (the message says so), or one with
                no letter or digit.
        """
        from .slug import event_slug  # the slug rules sit one layer up, in slug.py

        if isinstance(date, str):
            text = date
            try:
                if len(text) != 10 or not text.isascii() or text[4] + text[7] != "--":
                    raise ValueError(text)  # what Python 3.10 reads; 3.11 also reads "20240501"
                date = dt.date.fromisoformat(text)
            except ValueError:
                msg = f"must be a date or an ISO date such as '2024-05-01', not {text!r}"
                raise FieldValueError("date", msg) from None
        return cls(
            date=date,
            title=title,
            lang=lang,
            slug=event_slug(title, lang) if slug is None else slug,
            category=category,
            body=body,
            sources=tuple(sources),
            related=tuple(related),
        )


# --- day pages and front pages -----------------------------------------------------------


@attrs.frozen
class Entry:
    """An event as listed on a day page or the front page.

    The line under the title is either a one-line ``summary`` or the ``contexts`` list
    (``_Context: A, B_``), never both.
    """

    title: str = attrs.field(validator=check_nonempty)
    url: Link = attrs.field(converter=to_link, validator=check_url)
    category: str | None = attrs.field(default=None, validator=check_optional)
    summary: str | None = attrs.field(default=None, validator=check_optional)
    contexts: tuple[str, ...] = texts_field("contexts")
    layout: Layout = layout_field(ENTRY_PARTS)

    def __attrs_post_init__(self) -> None:
        if self.summary is not None and self.contexts:
            raise FieldValueError("summary", "cannot be given with contexts: an entry has one line under it, not two")


@attrs.frozen
class DayIndex:
    """A day's page (``news/YYYY/MM/D/index.md``): the events of the day and a link back."""

    date: dt.date = attrs.field(validator=check_date)
    lang: str = attrs.field(default="en", validator=check_lang)
    entries: tuple[Entry, ...] = items_field("entries", Entry)
    previous: Link | None = attrs.field(default=None, converter=to_optional_link, validator=check_optional_url)
    layout: Layout = layout_field(DAY_PARTS, page=True)

    @property
    def url(self) -> ArchiveURL:
        """The day page's own URL."""
        return ArchiveURL(self.date, None, self.lang)


@attrs.frozen
class Section:
    """One part of the front page: a heading ("Yesterday", "今天", "Opinion") and its entries."""

    label: str = attrs.field(validator=check_nonempty)
    url: Link | None = attrs.field(default=None, converter=to_optional_link, validator=check_optional_url)
    entries: tuple[Entry, ...] = items_field("entries", Entry)
    layout: Layout = layout_field(SECTION_PARTS)


def _check_sections(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Section, ...]) -> None:
    instances_of(Section)(inst, attribute, value)
    if not value:
        raise FieldValueError("sections", "must hold at least one section: a front page without any is no page")


def _sections() -> Any:
    return attrs.field(default=(), converter=to_tuple("sections"), validator=_check_sections)


@attrs.frozen
class FrontPage:
    """The archive's root page: several day sections separated by rules."""

    lang: str = attrs.field(default="en", validator=check_lang)
    sections: tuple[Section, ...] = _sections()
    layout: Layout = layout_field(FRONT_PARTS, page=True)


Record = Union[Event, DayIndex, FrontPage]  # noqa: UP007  (an alias used at run time, where cattrs reads typing.Union)
"""Any page newsformat reads or writes."""

RECORD_KINDS: Final[Mapping[str, type]] = {"event": Event, "day": DayIndex, "front": FrontPage}
"""The kinds of page, by the name the JSON and XML documents give them."""
