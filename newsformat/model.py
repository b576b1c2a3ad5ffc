"""The records: events, day pages and front pages, as typed, frozen attrs classes.

Records hold clean values only, and only values every format can carry and give back equal
(docs/format.md, "What a record can hold"). How a page was laid out (blank-line runs, padding
spaces, entity spellings, list numbers) is its trivia: a :class:`Layout` on the page and one
on each list item, so that the trivia of an item travels with it when a list is edited. Layouts
are left out of equality: two records are equal when they say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, Union

import attrs

from ._recent import Recent
from ._text import INVALID_CHAR
from ._trusted import trusted
from .errors import FieldValueError
from .links import EDITIONS, ArchiveURL, Link, as_link

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
    "shared_layout",
    "trusted",
)

MAX_GAP: Final = 16
"""The most blank lines a layout may put before an element. The real archive's longest run is
4; the bound keeps what a record writes proportional to what it holds."""

_invalid_char: Final = INVALID_CHAR.search
# A link is written between '(' and ')' and followed by ' _note_' or ' [IMG](...)' on the same
# line: white space in it would make the line ambiguous, and URLs never hold any.
_LINK_BREAKER: Final = re.compile(r"\s|" + INVALID_CHAR.pattern)


# --- validators --------------------------------------------------------------------------


def _refuse_text(name: str, value: object, *, empty_ok: bool) -> None:
    """Raise the error that says why ``value`` cannot be the text of field ``name``."""
    if not isinstance(value, str):
        raise FieldValueError(name, f"must be a str, not {type(value).__name__}")
    bad = _invalid_char(value)
    if bad is not None:
        raise FieldValueError(name, f"holds a character no value may hold: {bad.group()!r} at {bad.start()}")
    if value != value.strip(" "):
        raise FieldValueError(name, f"must not start or end with a space: {value!r}")
    if not value and not empty_ok:
        raise FieldValueError(name, "must not be empty")


def _check_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A one-line text that may be empty: no line break, no character XML cannot carry, no padding."""
    if value.__class__ is str and _invalid_char(value) is None and value.strip(" ") == value:
        return  # the common case, in as few steps as it can be told
    _refuse_text(attribute.name, value, empty_ok=True)


def _check_nonempty(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is str and value and _invalid_char(value) is None and value.strip(" ") == value:
        return
    _refuse_text(attribute.name, value, empty_ok=False)


def _check_optional(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_nonempty(inst, attribute, value)


def _check_texts(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for item in value:
        _check_nonempty(inst, attribute, item)


def _check_url(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is ArchiveURL:
        return
    if not isinstance(value, str):
        raise FieldValueError(attribute.name, f"must be an ArchiveURL or str, not {type(value).__name__}")
    bad = _LINK_BREAKER.search(value)
    if bad is not None:
        raise FieldValueError(
            attribute.name, f"must not hold white space or control characters: {bad.group()!r} at {bad.start()}"
        )


def is_clean_link(text: str) -> bool:
    """Whether ``text`` may stand as a link that is not an archive URL: no white space, no
    character no value may hold."""
    return _LINK_BREAKER.search(text) is None


def _check_optional_url(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_url(inst, attribute, value)


def _check_image(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_url(inst, attribute, value)
        if not value:
            raise FieldValueError(attribute.name, "must not be empty (None for no image)")


def _check_lang(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in EDITIONS or value.__class__ is not str:
        raise FieldValueError("lang", f"must be one of the archive's editions {', '.join(EDITIONS)}, not {value!r}")


def _check_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is not dt.date:
        raise FieldValueError(attribute.name, f"must be a datetime.date, not {type(value).__name__}")


def _check_timestamp(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if value.__class__ is not dt.datetime:
        raise FieldValueError(attribute.name, f"must be a datetime.datetime or None, not {type(value).__name__}")
    if value.tzinfo is not None or value.microsecond:
        # Pages write "2018-02-06 13:49:22": no offset, no fraction.
        raise FieldValueError(attribute.name, f"must be a naive date-time in whole seconds, not {value.isoformat()}")


def _to_link(value: Any) -> Any:
    return as_link(value) if value.__class__ is str else value


def _to_optional_link(value: Any) -> Any:
    return None if value is None else _to_link(value)


def _to_tuple(name: str) -> Any:
    def convert(items: Any) -> tuple[Any, ...]:
        if items.__class__ is tuple:
            return items
        if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
            raise FieldValueError(name, f"must be a sequence, not {type(items).__name__}")
        return tuple(items)

    return convert


def _instances_of(kind: type) -> Any:
    def check(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for item in value:
            if item.__class__ is not kind:
                raise FieldValueError(attribute.name, f"must hold {kind.__name__} items, not {type(item).__name__}")

    return check


def _items(name: str, kind: type) -> Any:
    return attrs.field(default=(), converter=_to_tuple(name), validator=_instances_of(kind))


def _texts(name: str) -> Any:
    return attrs.field(default=(), converter=_to_tuple(name), validator=_check_texts)


# --- layout ------------------------------------------------------------------------------


def _pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    """A map as sorted (part, value) pairs: the order entries were made in is no layout."""
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(tuple(item) for item in items))


def _triples(value: Mapping[str, Any] | Iterable[tuple[str, str, str]]) -> tuple[tuple[str, str, str], ...]:
    if isinstance(value, Mapping):
        return tuple(sorted((part, *pad) for part, pad in value.items()))
    return tuple(sorted(tuple(item) for item in value))  # type: ignore[misc]


def _sorted(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(value))


def _string_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _refuse_layout_text(field: str, text: object) -> None:
    if not isinstance(text, str):
        raise FieldValueError(field, f"must hold str, not {type(text).__name__}")
    bad = _invalid_char(text)
    if bad is not None:
        raise FieldValueError(field, f"holds a character no page may hold: {bad.group()!r} at {bad.start()}")


@attrs.frozen(repr=False)
class Layout:
    """The trivia of one element (a page or a list item): how it departs from the canonical
    layout. Empty for a canonical element, and left out of the records' equality.

    Every entry is keyed by a *part* of its element: ``"title"``, ``"line"`` (an item's own
    line), ``"number"`` (an item's list number), ``"note"``, ``"end"`` (after a page's last
    line). The parts each kind of element has are listed in docs/format.md.

    Attributes:
        gaps: Blank lines before a part, where not the canonical count (0 to :data:`MAX_GAP`).
        spellings: The exact text of a part, where the canonical spelling differs (entities,
            a list number such as "2" in "1. 2. 2.", "Source:" for "Sources:"). A spelling is
            written only while it still reads as the record's value: edit the value and the
            canonical text is written instead.
        padding: Spaces around a text part (``[ Title. ](``) as (part, before, after).
        omit: Parts the canonical layout has and this element lacks (``"formats"``).
        order: The order of an event's sections, where not sources, changes, related.
        final_newline: False when the page does not end with a line break.
    """

    gaps: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_pairs)
    spellings: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    padding: tuple[tuple[str, str, str], ...] = attrs.field(default=(), converter=_triples)
    omit: tuple[str, ...] = attrs.field(default=(), converter=_sorted)
    order: tuple[str, ...] = attrs.field(default=(), converter=_string_tuple)
    final_newline: bool = True

    def __attrs_post_init__(self) -> None:
        for part, gap in self.gaps:
            _refuse_layout_text("gaps", part)
            if gap.__class__ is not int or not 0 <= gap <= MAX_GAP:
                raise FieldValueError("gaps", f"of {part!r} must be a whole number from 0 to {MAX_GAP}, not {gap!r}")
        for part, text in self.spellings:
            _refuse_layout_text("spellings", part)
            _refuse_layout_text("spellings", text)
        for triple in self.padding:
            if len(triple) != 3:
                raise FieldValueError("padding", f"entries are (part, before, after), not {triple!r}")
            for text in triple:
                _refuse_layout_text("padding", text)
            if triple[1].strip(" ") or triple[2].strip(" "):
                raise FieldValueError("padding", f"of {triple[0]!r} must be spaces only, not {triple[1:]!r}")
        for part in (*self.omit, *self.order):
            _refuse_layout_text("omit" if part in self.omit else "order", part)
        if len(set(self.order)) != len(self.order):
            raise FieldValueError("order", f"must name each section once, not {list(self.order)!r}")
        if len({part for part, *_ in self.padding}) != len(self.padding):
            raise FieldValueError("padding", "must name each part once")
        if self.final_newline.__class__ is not bool:
            raise FieldValueError("final_newline", f"must be True or False, not {self.final_newline!r}")

    def __bool__(self) -> bool:
        return self != CANONICAL_LAYOUT

    def __repr__(self) -> str:
        fields = [
            f"{a.name}={getattr(self, a.name)!r}" for a in attrs.fields(Layout) if getattr(self, a.name) != a.default
        ]
        return f"Layout({', '.join(fields)})"

    def parts(self) -> set[str]:
        """Every part this layout names."""
        named = {part for part, _ in self.gaps} | {part for part, _ in self.spellings}
        return named | {part for part, *_ in self.padding} | set(self.omit)

    def gap(self, part: str) -> int | None:
        """The blank lines before ``part``, or None for the canonical count."""
        for name, gap in self.gaps:
            if name == part:
                return gap
        return None

    def spelling(self, part: str) -> str | None:
        """The exact text kept for ``part``, or None."""
        for name, text in self.spellings:
            if name == part:
                return text
        return None

    def pad(self, part: str) -> tuple[str, str] | None:
        """The spaces (before, after) kept around ``part``, or None."""
        for name, before, after in self.padding:
            if name == part:
                return before, after
        return None


CANONICAL_LAYOUT: Final = Layout()
"""The empty layout of a canonical element, shared by every record that has one."""


def _layout_of(parts: frozenset[str], *, page: bool = False, sections: bool = False) -> Any:
    """A ``layout`` field whose entries may name only ``parts`` of its element."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is CANONICAL_LAYOUT:
            return
        if value.__class__ is not Layout:
            raise FieldValueError("layout", f"must be a Layout, not {type(value).__name__}")
        unknown = value.parts() - parts
        if unknown:
            raise FieldValueError(
                "layout", f"names parts a {type(inst).__name__} does not have: {', '.join(sorted(unknown))}"
            )
        if value.order and not (sections and set(value.order) <= _SECTION_KEYS):
            raise FieldValueError("layout", f"order must name sections of {', '.join(_SECTION_KEYS)}")
        if not page and not value.final_newline:
            raise FieldValueError("layout", "final_newline belongs to pages, not list items")

    return attrs.field(default=CANONICAL_LAYOUT, eq=False, validator=check)


_SECTION_KEYS: Final = frozenset({"sources", "changes", "related"})
_ITEM: Final = frozenset({"line", "number"})

EVENT_PARTS: Final = frozenset({"formats", "date", "date.url", "category", "title", "body", *_SECTION_KEYS, "end"})
SOURCE_PARTS: Final = _ITEM | {"name"}
RELATED_PARTS: Final = _ITEM | {"title", "note"}
CHANGE_PARTS: Final = RELATED_PARTS
ENTRY_PARTS: Final = frozenset({"category", "line", "title", "note", "summary"})
DAY_PARTS: Final = frozenset({"formats", "date", "date.url", "previous", "previous.label", "end"})
SECTION_PARTS: Final = frozenset({"line", "label", "rule"})
FRONT_PARTS: Final = frozenset({"formats", "end"})


# --- event pages -------------------------------------------------------------------------


@attrs.frozen
class Source:
    """A source of an event: a named link, with the image link some pages add."""

    name: str = attrs.field(validator=_check_text)
    url: str = attrs.field(validator=_check_url)
    image: str | None = attrs.field(default=None, validator=_check_image)
    layout: Layout = _layout_of(SOURCE_PARTS)


@attrs.frozen
class Related:
    """An event related to this one, with the contexts (topics) they share."""

    title: str = attrs.field(validator=_check_nonempty)
    url: Link = attrs.field(converter=_to_link, validator=_check_url)
    contexts: tuple[str, ...] = _texts("contexts")
    layout: Layout = _layout_of(RELATED_PARTS)


@attrs.frozen
class Change:
    """One revision of an event page: its title and URL then, when, and a label."""

    title: str = attrs.field(validator=_check_nonempty)
    url: Link = attrs.field(converter=_to_link, validator=_check_url)
    label: str = attrs.field(validator=_check_text)
    timestamp: dt.datetime | None = attrs.field(default=None, validator=_check_timestamp)
    layout: Layout = _layout_of(CHANGE_PARTS)


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

    date: dt.date = attrs.field(validator=_check_date)
    title: str = attrs.field(validator=_check_nonempty)
    lang: str = attrs.field(default="en", validator=_check_lang)
    slug: str | None = attrs.field(default=None)
    category: str | None = attrs.field(default=None, validator=_check_optional)
    body: str | None = attrs.field(default=None, validator=_check_optional)
    sources: tuple[Source, ...] = _items("sources", Source)
    related: tuple[Related, ...] = _items("related", Related)
    changes: tuple[Change, ...] = _items("changes", Change)
    layout: Layout = _layout_of(EVENT_PARTS, page=True, sections=True)

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
    category: str | None = attrs.field(default=None, validator=_check_optional)
    summary: str | None = attrs.field(default=None, validator=_check_optional)
    contexts: tuple[str, ...] = _texts("contexts")
    layout: Layout = _layout_of(ENTRY_PARTS)

    def __attrs_post_init__(self) -> None:
        if self.summary is not None and self.contexts:
            raise FieldValueError("summary", "cannot be given with contexts: an entry has one line under it, not two")


@attrs.frozen
class DayIndex:
    """A day's page (``news/YYYY/MM/D/index.md``): the events of the day and a link back."""

    date: dt.date = attrs.field(validator=_check_date)
    lang: str = attrs.field(default="en", validator=_check_lang)
    entries: tuple[Entry, ...] = _items("entries", Entry)
    previous: Link | None = attrs.field(default=None, converter=_to_optional_link, validator=_check_optional_url)
    layout: Layout = _layout_of(DAY_PARTS, page=True)

    @property
    def url(self) -> ArchiveURL:
        """The day page's own URL."""
        return ArchiveURL(self.date, None, self.lang)


@attrs.frozen
class Section:
    """One part of the front page: a heading ("Yesterday", "今天", "Opinion") and its entries."""

    label: str = attrs.field(validator=_check_nonempty)
    url: Link | None = attrs.field(default=None, converter=_to_optional_link, validator=_check_optional_url)
    entries: tuple[Entry, ...] = _items("entries", Entry)
    layout: Layout = _layout_of(SECTION_PARTS)


def _check_sections(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Section, ...]) -> None:
    _instances_of(Section)(inst, attribute, value)
    if not value:
        raise FieldValueError("sections", "must hold at least one section: a front page without any is no page")


def _sections() -> Any:
    return attrs.field(default=(), converter=_to_tuple("sections"), validator=_check_sections)


@attrs.frozen
class FrontPage:
    """The archive's root page: several day sections separated by rules."""

    lang: str = attrs.field(default="en", validator=_check_lang)
    sections: tuple[Section, ...] = _sections()
    layout: Layout = _layout_of(FRONT_PARTS, page=True)


Record = Union[Event, DayIndex, FrontPage]  # noqa: UP007  (an alias used at run time, where cattrs reads typing.Union)
"""Any page newsformat reads or writes."""

RECORD_KINDS: Final[Mapping[str, type]] = {"event": Event, "day": DayIndex, "front": FrontPage}
"""The kinds of page, by the name the JSON and XML documents give them."""


# --- trusted construction ----------------------------------------------------------------


_LAYOUTS: Recent[tuple[Any, ...], Layout] = Recent(1 << 10)
_make_layout: Final = trusted(Layout)


def shared_layout(
    gaps: tuple[tuple[str, int], ...],
    spellings: tuple[tuple[str, str], ...],
    padding: tuple[tuple[str, str, str], ...],
    omit: tuple[str, ...],
    order: tuple[str, ...],
    final_newline: bool,
) -> Layout:
    """The Layout of these entries, each given sorted and valid, shared with every element
    that has the same: pages repeat a few layouts (a title padded with one space) thousands of
    times, and a Layout is immutable."""
    key = (gaps, spellings, padding, omit, order, final_newline)
    found = _LAYOUTS.recall(key)
    if found is None:
        found = _LAYOUTS.keep(key, _make_layout(gaps, spellings, padding, omit, order, final_newline))
    return found
