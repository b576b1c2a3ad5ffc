"""The quick way from a plain list item to its record, for the items most documents hold.

A document's list items are most of its values. The quick cattrs converter makes each with
the record's converters and validators; these functions make the common items directly,
checking in a few steps what the validators check, and give way (None) to the converter for
anything else, so that every refusal is still worded by it. ``tests/test_schema.py`` holds the
quick and the detailed converter to the same answers on every document it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ._trusted import trusted
from ._validators import is_clean_link, is_clean_text
from .layout import (
    CANONICAL_LAYOUT,
    CHANGE_PARTS,
    ENTRY_PARTS,
    RELATED_PARTS,
    SOURCE_PARTS,
    Layout,
    fits,
)
from .links import ArchiveURL, Link, as_link
from .model import Change, Entry, Related, Source

__all__ = ("QUICK_ITEMS",)

_make_source = trusted(Source)
_make_related = trusted(Related)
_make_change = trusted(Change)
_make_entry = trusted(Entry)


def _link(value: Any) -> Link | None:
    if value.__class__ is not str:
        return None
    link = as_link(value)
    return link if link.__class__ is ArchiveURL or is_clean_link(link) else None  # type: ignore[arg-type]


def _title(value: Any) -> bool:
    return bool(value) and is_clean_text(value)


def _contexts(value: Any) -> tuple[str, ...] | None:
    if value.__class__ is not list or not all(_title(c) for c in value):
        return None
    return tuple(value)


def _layout(d: dict[str, Any], parts: frozenset[str], structure: Callable[[Any], Layout]) -> Layout | None:
    if "layout" not in d:
        return CANONICAL_LAYOUT
    value = d["layout"]
    try:
        layout = structure(value)
    except Exception:  # worded by the converter
        return None
    return layout if fits(layout, parts) else None


def _source(d: dict[str, Any], structure: Callable[[Any], Layout]) -> Source | None:
    name, url, image = d.get("name"), d.get("url"), d.get("image")
    layout = _layout(d, SOURCE_PARTS, structure)
    known = 2 + (image is not None) + ("layout" in d)
    if len(d) != known or not is_clean_text(name) or url.__class__ is not str or not is_clean_link(url):
        return None
    if layout is None or (image is not None and (image.__class__ is not str or not image or not is_clean_link(image))):
        return None
    return _make_source(name, url, image, layout)


def _related(d: dict[str, Any], structure: Callable[[Any], Layout]) -> Related | None:
    title, url, contexts = d.get("title"), _link(d.get("url")), _contexts(d.get("contexts", []))
    layout = _layout(d, RELATED_PARTS, structure)
    known = 2 + ("contexts" in d) + ("layout" in d)
    if len(d) != known or not _title(title) or url is None or contexts is None or layout is None:
        return None
    return _make_related(title, url, contexts, layout)


def _change(d: dict[str, Any], structure: Callable[[Any], Layout]) -> Change | None:
    if "timestamp" in d:
        return None  # dates are the converter's: few changes, and their rules are its own
    title, url, label = d.get("title"), _link(d.get("url")), d.get("label")
    layout = _layout(d, CHANGE_PARTS, structure)
    known = 3 + ("layout" in d)
    if len(d) != known or not _title(title) or url is None or not is_clean_text(label) or layout is None:
        return None
    return _make_change(title, url, label, None, layout)


def _entry(d: dict[str, Any], structure: Callable[[Any], Layout]) -> Entry | None:
    title, url = d.get("title"), _link(d.get("url"))
    category, summary = d.get("category"), d.get("summary")
    contexts = _contexts(d.get("contexts", []))
    layout = _layout(d, ENTRY_PARTS, structure)
    known = 2 + sum(key in d for key in ("category", "summary", "contexts", "layout"))
    if len(d) != known or not _title(title) or url is None or contexts is None or layout is None:
        return None
    if (category is not None and not _title(category)) or (summary is not None and not _title(summary)):
        return None
    if summary is not None and contexts:
        return None
    return _make_entry(title, url, category, summary, contexts, layout)


QUICK_ITEMS: Final[dict[type, Callable[[dict[str, Any], Callable[[Any], Layout]], Any]]] = {
    Source: _source,
    Related: _related,
    Change: _change,
    Entry: _entry,
}
"""For each kind of list item, its quick maker: the record, or None to leave it to the converter."""
