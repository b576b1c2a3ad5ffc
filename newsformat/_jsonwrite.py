"""Writing records as indented JSON text directly, without building the plain dict first.

What it writes is exactly ``json.dumps(to_plain(record), ensure_ascii=False, indent=2)``: the
same keys in the same order, defaults left out, strings escaped by the standard library's C
function. ``tests/test_codecs.py`` holds the two equal over the whole domain of records.
Every piece is appended to one list, joined once at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from json.encoder import encode_basestring as _quote  # the C function when available
from typing import Any, Final

from ._plain import FORMAT_VERSION
from ._recent import Recent
from .layout import CANONICAL_LAYOUT, Layout
from .model import Change, DayIndex, Entry, Event, FrontPage, Record, Related, Section, Source

__all__ = ("write",)

Out = list[str]

# "\n" and the spaces before a key at each depth: depth 1 holds the page's own fields.
_NL: Final = tuple("\n" + "  " * depth for depth in range(12))  # front pages nest deepest: 9


def _strings(values: Sequence[str], out: Out, depth: int) -> None:
    inner = _NL[depth + 1]
    out.append(f"[{inner}{(',' + inner).join(map(_quote, values))}{_NL[depth]}]")


def _objects(items: Sequence[Any], write: Callable[[Any, Out, int], None], out: Out, depth: int) -> None:
    inner = _NL[depth + 1]
    out.append("[")
    for i, item in enumerate(items):
        out.append(inner if i == 0 else "," + inner)
        write(item, out, depth + 1)
    out.append(_NL[depth] + "]")


def _layout(layout: Layout, out: Out, depth: int) -> None:
    """``"layout": {...}`` as the next key of an object at ``depth``."""
    key, entry = _NL[depth + 1], _NL[depth + 2]
    out.append("," + key + '"layout": {')
    sep = entry
    for name, pairs in (("gaps", layout.gaps), ("spellings", layout.spellings)):
        if pairs:
            out.append(f'{sep}"{name}": {{')
            for i, (part, value) in enumerate(pairs):
                out.append(f"{_NL[depth + 3] if i == 0 else ',' + _NL[depth + 3]}{_quote(part)}: ")
                out.append(str(value) if name == "gaps" else _quote(value))  # type: ignore[arg-type]
            out.append(entry + "}")
            sep = "," + entry
    if layout.padding:
        out.append(f'{sep}"padding": {{')
        for i, (part, before, after) in enumerate(layout.padding):
            out.append(f"{_NL[depth + 3] if i == 0 else ',' + _NL[depth + 3]}{_quote(part)}: ")
            _strings((before, after), out, depth + 3)
        out.append(entry + "}")
        sep = "," + entry
    for name, values in (("omit", layout.omit), ("order", layout.order)):
        if values:
            out.append(f'{sep}"{name}": ')
            _strings(values, out, depth + 2)
            sep = "," + entry
    if not layout.final_newline:
        out.append(f'{sep}"final_newline": false')
    out.append(key + "}")


# Layouts are shared between the elements that have the same (see layout.shared_layout), so
# the text of one is written once and kept, by the layout's identity and its depth.
_WRITTEN: Recent[tuple[int, int], tuple[Layout, str]] = Recent(1 << 10)


def _close(layout: Layout, out: Out, depth: int) -> None:
    if layout is not CANONICAL_LAYOUT and layout:
        written = _WRITTEN.get((id(layout), depth))
        if written is None or written[0] is not layout:
            text: Out = []
            _layout(layout, text, depth)
            written = _WRITTEN.keep((id(layout), depth), (layout, "".join(text)))
        out.append(written[1])
    out.append(_NL[depth] + "}")


def _source(s: Source, out: Out, depth: int) -> None:
    key = "," + _NL[depth + 1]
    out.append(f'{{{_NL[depth + 1]}"name": {_quote(s.name)}{key}"url": {_quote(s.url)}')
    if s.image is not None:
        out.append(f'{key}"image": {_quote(s.image)}')
    _close(s.layout, out, depth)


def _related(r: Related, out: Out, depth: int) -> None:
    key = "," + _NL[depth + 1]
    out.append(f'{{{_NL[depth + 1]}"title": {_quote(r.title)}{key}"url": {_quote(str(r.url))}')
    if r.contexts:
        out.append(key + '"contexts": ')
        _strings(r.contexts, out, depth + 1)
    _close(r.layout, out, depth)


def _change(c: Change, out: Out, depth: int) -> None:
    key = "," + _NL[depth + 1]
    out.append(f'{{{_NL[depth + 1]}"title": {_quote(c.title)}{key}"url": {_quote(str(c.url))}')
    out.append(f'{key}"label": {_quote(c.label)}')
    if c.timestamp is not None:
        out.append(f'{key}"timestamp": "{c.timestamp.isoformat()}"')
    _close(c.layout, out, depth)


def _entry(e: Entry, out: Out, depth: int) -> None:
    key = "," + _NL[depth + 1]
    out.append(f'{{{_NL[depth + 1]}"title": {_quote(e.title)}{key}"url": {_quote(str(e.url))}')
    if e.category is not None:
        out.append(f'{key}"category": {_quote(e.category)}')
    if e.summary is not None:
        out.append(f'{key}"summary": {_quote(e.summary)}')
    if e.contexts:
        out.append(key + '"contexts": ')
        _strings(e.contexts, out, depth + 1)
    _close(e.layout, out, depth)


def _section(s: Section, out: Out, depth: int) -> None:
    key = "," + _NL[depth + 1]
    out.append(f'{{{_NL[depth + 1]}"label": {_quote(s.label)}')
    if s.url is not None:
        out.append(f'{key}"url": {_quote(str(s.url))}')
    if s.entries:
        out.append(key + '"entries": ')
        _objects(s.entries, _entry, out, depth + 1)
    _close(s.layout, out, depth)


_KEY: Final = ",\n  "


def _event(e: Event, out: Out) -> None:
    out.append(f'{{\n  "kind": "event"{_KEY}"version": {FORMAT_VERSION}{_KEY}"date": "{e.date.isoformat()}"')
    out.append(f'{_KEY}"title": {_quote(e.title)}{_KEY}"lang": {_quote(e.lang)}')
    for name, value in (("slug", e.slug), ("category", e.category), ("body", e.body)):
        if value is not None:
            out.append(f'{_KEY}"{name}": {_quote(value)}')
    lists: tuple[tuple[str, Sequence[Any], Callable[[Any, Out, int], None]], ...] = (
        ("sources", e.sources, _source),
        ("related", e.related, _related),
        ("changes", e.changes, _change),
    )
    for name, items, write in lists:
        if items:
            out.append(f'{_KEY}"{name}": ')
            _objects(items, write, out, 1)
    _close(e.layout, out, 0)


def _day(d: DayIndex, out: Out) -> None:
    out.append(f'{{\n  "kind": "day"{_KEY}"version": {FORMAT_VERSION}{_KEY}"date": "{d.date.isoformat()}"')
    out.append(f'{_KEY}"lang": {_quote(d.lang)}')
    if d.entries:
        out.append(f'{_KEY}"entries": ')
        _objects(d.entries, _entry, out, 1)
    if d.previous is not None:
        out.append(f'{_KEY}"previous": {_quote(str(d.previous))}')
    _close(d.layout, out, 0)


def _front(f: FrontPage, out: Out) -> None:
    out.append(f'{{\n  "kind": "front"{_KEY}"version": {FORMAT_VERSION}{_KEY}"lang": {_quote(f.lang)}')
    if f.sections:
        out.append(f'{_KEY}"sections": ')
        _objects(f.sections, _section, out, 1)
    _close(f.layout, out, 0)


_WRITERS: Final[dict[type, Callable[[Any, Out], None]]] = {Event: _event, DayIndex: _day, FrontPage: _front}


def write(record: Record) -> str:
    """The JSON document of a record, indented by two spaces, ending with a newline."""
    writer = _WRITERS.get(record.__class__)
    if writer is None:
        raise TypeError(f"Expected an Event, DayIndex or FrontPage, not {type(record).__name__}")
    out: Out = []
    writer(record, out)
    out.append("\n")
    return "".join(out)
