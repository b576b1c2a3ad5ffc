"""The records: events, day pages and front pages, as typed, frozen attrs classes.

Records hold clean values only. How a page was laid out (blank-line runs, padding spaces,
entity spellings, list numbers, a missing Formats line) lives in its :class:`Layout`, which is
empty for a page in the archive's canonical layout. See docs/format.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Union

import attrs

from ._text import INVALID_CHAR, first_invalid_char
from .errors import FieldValueError
from .links import ArchiveURL, Link, as_link

__all__ = (
    "Change",
    "DayIndex",
    "Entry",
    "Event",
    "FrontPage",
    "Layout",
    "CANONICAL_LAYOUT",
    "Record",
    "Related",
    "Section",
    "Source",
    "LANGUAGES",
)

LANGUAGES: Final = ("en", "zh")
"""Editions whose house style newsformat knows; other codes are accepted and laid out as "en"."""


# --- validators --------------------------------------------------------------------------

_invalid_char: Final = INVALID_CHAR.search


def _check_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A one-line text value: a str, no line break or character XML cannot carry, no padding."""
    if value.__class__ is str and _invalid_char(value) is None and value.strip(" ") == value:
        return  # the common case, in as few steps as it can be told
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be str, not {type(value).__name__}")
    bad = first_invalid_char(value)
    if bad >= 0:
        raise FieldValueError(attribute.name, f"holds a character no value may hold: {value[bad]!r} at {bad}")
    if value != value.strip(" "):
        raise FieldValueError(attribute.name, f"must not start or end with a space: {value!r}")


def _check_nonempty(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is str and value and _invalid_char(value) is None and value.strip(" ") == value:
        return
    _check_text(inst, attribute, value)
    if value == "":
        raise FieldValueError(attribute.name, "must not be empty")


def _check_url(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None or isinstance(value, ArchiveURL):
        return
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be an ArchiveURL or str, not {type(value).__name__}")
    bad = first_invalid_char(value)
    if bad >= 0:
        raise FieldValueError(attribute.name, f"holds a character no value may hold: {value[bad]!r} at {bad}")


def _check_texts(inst: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        _check_nonempty(inst, attribute, item)


def _check_lang(inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.isascii() or not value.replace("-", "").isalnum():
        raise FieldValueError("lang", f"must be a language code such as 'en' or 'zh', not {value!r}")


def _to_link(value: Any) -> Any:
    return as_link(value) if isinstance(value, str) else value


def _to_optional_link(value: Any) -> Any:
    return None if value is None else _to_link(value)


def _tuple_of(kind: type) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    def convert(items: Iterable[Any]) -> tuple[Any, ...]:
        if isinstance(items, (str, bytes)):
            raise TypeError(f"Expected a sequence of {kind.__name__}, not {type(items).__name__}")
        return tuple(items)

    return convert


def _str_tuple(items: Iterable[str]) -> tuple[str, ...]:
    if isinstance(items, (str, bytes)):
        raise TypeError(f"Expected a sequence of str, not {type(items).__name__}")
    return tuple(items)


def _instances_of(kind: type) -> Callable[[Any, attrs.Attribute[Any], tuple[Any, ...]], None]:
    def check(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for item in value:
            if not isinstance(item, kind):
                raise TypeError(f"{attribute.name} must hold {kind.__name__} items, not {type(item).__name__}")

    return check


def _check_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} must be a datetime.date, not {type(value).__name__}")


def _items(kind: type) -> Any:
    return attrs.field(default=(), converter=_tuple_of(kind), validator=_instances_of(kind))


# --- layout ------------------------------------------------------------------------------


def _pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """A map as sorted (anchor, value) pairs: the order entries were made in is no layout."""
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), v) for k, v in items))


def _sorted(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(value))


@attrs.frozen
class Layout:
    """How a page departs from the archive's canonical layout; empty for a canonical page.

    Every entry is keyed by an *anchor* naming one element of the page: ``"title"``,
    ``"sources"`` (a section heading), ``"sources[2]"`` (a list item), ``"sources[2].name"``
    (a text inside it), ``"end"`` (after the last line). See docs/format.md for the full list.

    Attributes:
        gaps: Blank lines before an element, where not the canonical count.
        spellings: The exact text of a field, where the canonical spelling differs (entities,
            a list number such as "2" in "1. 2. 2.", "Source:" for "Sources:"). A spelling is
            used only while it still reads as the record's value: edit the value and the
            field is written canonically again.
        padding: Spaces around a text field (``[ Title. ](``) as (anchor, before, after).
        omit: Elements the canonical layout has and this page lacks (``"formats"``).
        order: The order of an event's sections, where not sources, changes, related.
        final_newline: False when the page does not end with a line break.
    """

    gaps: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_pairs)
    spellings: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    padding: tuple[tuple[str, str, str], ...] = attrs.field(default=(), converter=_sorted)
    omit: tuple[str, ...] = attrs.field(default=(), converter=_sorted)
    order: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    final_newline: bool = True

    def __attrs_post_init__(self) -> None:
        # Anchors and spellings are written into pages and documents: they hold only what a
        # page can hold.
        texts = {
            "gaps": [anchor for anchor, _ in self.gaps],
            "spellings": [text for pair in self.spellings for text in pair],
            "padding": [text for triple in self.padding for text in triple],
            "omit": self.omit,
            "order": self.order,
        }
        try:
            if _invalid_char("".join([text for values in texts.values() for text in values])) is None:
                return  # all good, told in one search; otherwise find the culprit below
        except TypeError:
            pass
        for name, values in texts.items():
            for text in values:
                if not isinstance(text, str):
                    raise TypeError(f"{name} must hold str, not {type(text).__name__}")
                bad = first_invalid_char(text)
                if bad >= 0:
                    raise FieldValueError(name, f"holds a character no value may hold: {text[bad]!r} at {bad}")

    def __bool__(self) -> bool:
        return self != CANONICAL_LAYOUT


CANONICAL_LAYOUT: Final = Layout()
"""The empty layout of a canonical page, shared by every record that has one."""


# --- event pages -------------------------------------------------------------------------


@attrs.frozen
class Source:
    """A source of an event: a named link, with the image link some pages add."""

    name: str = attrs.field(validator=_check_text)
    url: str = attrs.field(validator=_check_url)
    image: str | None = attrs.field(default=None, validator=_check_url)


@attrs.frozen
class Related:
    """An event related to this one, with the contexts (topics) they share."""

    title: str = attrs.field(validator=_check_nonempty)
    url: Link = attrs.field(converter=_to_link, validator=_check_url)
    contexts: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_check_texts)


@attrs.frozen
class Change:
    """One revision of an event page: its title and URL then, when, and a label."""

    title: str = attrs.field(validator=_check_nonempty)
    url: Link = attrs.field(converter=_to_link, validator=_check_url)
    label: str = attrs.field(validator=_check_text)
    timestamp: dt.datetime | None = None


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
        layout: How the page departs from the canonical layout.
    """

    date: dt.date = attrs.field(validator=_check_date)
    title: str = attrs.field(validator=_check_nonempty)
    lang: str = attrs.field(default="en", validator=_check_lang)
    slug: str | None = attrs.field(default=None)
    category: str | None = attrs.field(default=None, validator=_check_nonempty)
    body: str | None = attrs.field(default=None, validator=_check_nonempty)
    sources: tuple[Source, ...] = _items(Source)
    related: tuple[Related, ...] = _items(Related)
    changes: tuple[Change, ...] = _items(Change)
    layout: Layout = attrs.field(default=CANONICAL_LAYOUT, validator=attrs.validators.instance_of(Layout))

    @slug.validator
    def _check_slug(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            # Delegate to the URL's rules so that every slug an Event holds makes a URL.
            ArchiveURL(self.date, value, self.lang)

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

    title: str = attrs.field(validator=_check_nonempty)
    url: Link = attrs.field(converter=_to_link, validator=_check_url)
    category: str | None = attrs.field(default=None, validator=_check_nonempty)
    summary: str | None = attrs.field(default=None, validator=_check_nonempty)
    contexts: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_check_texts)

    def __attrs_post_init__(self) -> None:
        if self.summary is not None and self.contexts:
            raise ValueError("An entry has either a summary or contexts, not both")


@attrs.frozen
class DayIndex:
    """A day's page (``news/YYYY/MM/D/index.md``): the events of the day and a link back."""

    date: dt.date = attrs.field(validator=_check_date)
    lang: str = attrs.field(default="en", validator=_check_lang)
    entries: tuple[Entry, ...] = _items(Entry)
    previous: Link | None = attrs.field(default=None, converter=_to_optional_link, validator=_check_url)
    layout: Layout = attrs.field(default=CANONICAL_LAYOUT, validator=attrs.validators.instance_of(Layout))

    @property
    def url(self) -> ArchiveURL:
        """The day page's own URL."""
        return ArchiveURL(self.date, None, self.lang)


@attrs.frozen
class Section:
    """One part of the front page: a heading ("Yesterday", "今天", "Opinion") and its entries."""

    label: str = attrs.field(validator=_check_nonempty)
    url: Link | None = attrs.field(default=None, converter=_to_optional_link, validator=_check_url)
    entries: tuple[Entry, ...] = _items(Entry)


@attrs.frozen
class FrontPage:
    """The archive's root page: several day sections separated by rules."""

    lang: str = attrs.field(default="en", validator=_check_lang)
    sections: tuple[Section, ...] = _items(Section)
    layout: Layout = attrs.field(default=CANONICAL_LAYOUT, validator=attrs.validators.instance_of(Layout))


Record = Union[Event, DayIndex, FrontPage]  # noqa: UP007  (an alias used at run time, where cattrs reads typing.Union)
"""Any page newsformat reads or writes."""

RECORD_KINDS: Final[Mapping[str, type]] = {"event": Event, "day": DayIndex, "front": FrontPage}
"""The kinds of page, by the name the JSON and XML documents give them."""
