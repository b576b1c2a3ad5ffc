"""Layouts: the trivia of a page or list item, how it departs from the canonical layout.

A record holds clean values; its :class:`Layout` holds how its page was laid out (blank-line
runs, padding spaces, entity spellings, list numbers), keyed by the *parts* of the element it
belongs to. Each page and each list item has its own, so an item's trivia travels with it when
a list is edited. See docs/format.md, "The layout: where the trivia lives".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ._recent import Recent
from ._text import INVALID_CHAR
from ._trusted import trusted
from .errors import FieldValueError

__all__ = (
    "Layout",
    "CANONICAL_LAYOUT",
    "MAX_GAP",
    "fits",
    "layout_field",
    "shared_layout",
    "EVENT_PARTS",
    "SOURCE_PARTS",
    "RELATED_PARTS",
    "CHANGE_PARTS",
    "ENTRY_PARTS",
    "DAY_PARTS",
    "SECTION_PARTS",
    "FRONT_PARTS",
)

MAX_GAP: Final = 16
"""The most blank lines a layout may put before an element. The real archive's longest run is
4; the bound keeps what a record writes proportional to what it holds."""

_invalid_char: Final = INVALID_CHAR.search


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
        """False for the canonical (empty) layout."""
        return bool(self.gaps or self.spellings or self.padding or self.omit or self.order or not self.final_newline)

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


def layout_field(parts: frozenset[str], *, page: bool = False, sections: bool = False) -> Any:
    """A ``layout`` field whose entries may name only ``parts`` of its element."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is CANONICAL_LAYOUT:
            return
        if value.__class__ is not Layout:
            raise FieldValueError("layout", f"must be a Layout, not {type(value).__name__}")
        if fits(value, parts):
            return
        unknown = value.parts() - parts
        if unknown:
            raise FieldValueError(
                "layout", f"names parts a {type(inst).__name__} does not have: {', '.join(sorted(unknown))}"
            )
        if value.order and not (sections and set(value.order) <= _SECTION_KEYS):
            raise FieldValueError("layout", f"order must name sections of {', '.join(_SECTION_KEYS)}")
        if not page and not value.final_newline:
            raise FieldValueError("layout", "final_newline belongs to pages, not list items")
        _FIT.keep((id(value), id(parts)), value)  # the layout is kept too, so its id stays its own

    return attrs.field(default=CANONICAL_LAYOUT, eq=False, validator=check)


_FIT: Recent[tuple[int, int], Layout] = Recent(1 << 10)


def fits(layout: Layout, parts: frozenset[str]) -> bool:
    """Whether ``layout`` was found fit for an element of ``parts`` before. Layouts are shared:
    one found fit for a kind of element is not looked at again."""
    return layout is CANONICAL_LAYOUT or _FIT.get((id(layout), id(parts))) is layout


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


_LAYOUTS: Recent[tuple[Any, ...], Layout] = Recent(1 << 10)
_make_layout: Final = trusted(Layout)


def interned(layout: Layout) -> Layout:
    """The layout shared by every element that has the same entries as ``layout``."""
    key = (layout.gaps, layout.spellings, layout.padding, layout.omit, layout.order, layout.final_newline)
    found = _LAYOUTS.get(key)
    return found if found is not None else _LAYOUTS.keep(key, layout)


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
    found = _LAYOUTS.get(key)
    if found is None:
        found = _LAYOUTS.keep(key, _make_layout(gaps, spellings, padding, omit, order, final_newline))
    return found
