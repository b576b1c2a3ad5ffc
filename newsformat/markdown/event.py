"""Event pages: the grammar that reads them and the writer that gives them back.

Reading is two steps. :func:`scan_event` walks the page's elements and cuts each into its raw
fields, deciding nothing that depends on the edition; :func:`build_event` then knows the edition
and makes the records, keeping in each element's layout how its raw text departs from what the
edition's writer would write. :func:`write_event` walks the same elements in the same order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from .._recent import Recent
from ..links import EDITIONS, ArchiveURL, Link, as_link
from ..model import CANONICAL_LAYOUT, Change, Event, Layout, Related, Source, is_clean_link, shared_layout, trusted
from ._build import build, check_date_link, day_link, plain_text, read_date, split_link, text_value, usable_text
from ._fields import (
    ITEM,
    formats_line,
    formats_page,
    is_plain,
    lang_of_link,
    quick_contexts,
    read_change_note,
    read_contexts,
    read_date_label,
    split_note,
    write_change_note,
    write_contexts,
    write_date_label,
)
from ._lines import LineWriter, Page, Trivia, gap_of
from ._styles import EVENT_GAPS, SECTION_KEYS, SECTION_ORDER, STYLES, ZH_MARKERS, Style, guess_lang

__all__ = ("RawEvent", "scan_event", "build_event", "read_event", "write_event", "event_anchors")


class RawItem(NamedTuple):
    """A list item as written: ``<number>. [<text>](<url>)`` and what follows the link."""

    pos: int  # the element's position on the page
    gap: int  # the blank lines before it
    line: str  # the line after its number: what the item is, wherever it stands
    number: str
    text: str
    url: str
    extra: str | None  # a source's image link, a related item's or change's note
    url_column: int


class RawSection(NamedTuple):
    pos: int
    key: str
    label: str
    # Each item line as (position, number, the line after its number); it is cut into its
    # fields (a RawItem) only when the item is not one met before.
    items: list[tuple[int, str, str]]


class RawEvent(NamedTuple):
    """An event page cut into raw fields; elements are given by their position (None when
    the page lacks them)."""

    formats: int | None
    date: int
    date_label: str
    date_url: str
    day: dt.date
    category: int | None
    title: int
    body: int | None
    sections: list[RawSection]


# --- reading -----------------------------------------------------------------------------

# "<number>. [<text>](<tail>": the text runs to the first "](" (a "](" inside it is written
# escaped), the tail to the end of the line.
_ITEM_LINK: Final = re.compile(r"([0-9]+)\. \[(.*?)\]\((.*)")
_ITEM_NAMES: Final = {"sources": "source", "related": "related", "changes": "change"}


# The same item lines come back on many pages: what a line was cut into is remembered by its
# text after the number, which is all the cutting depends on.
_CUT: Recent[tuple[str, str], tuple[str, str, str | None, int]] = Recent(1 << 13)


def _cut(page: Page, pos: int, key: str, tail: str) -> tuple[str, str, str | None, int]:
    """The fields of the item line at ``pos`` (``tail`` being the line after its number):
    looked up when the line was met before, else cut, which refuses a malformed line."""
    cut = _CUT.recall((key, tail))
    return cut if cut is not None else _CUT.keep((key, tail), _cut_item(page, pos, key))


def _raw_item(page: Page, key: str, line: tuple[int, str, str]) -> RawItem:
    pos, number, tail = line
    text, url, extra, column = _cut(page, pos, key, tail)
    return RawItem(pos, page.gaps[pos], tail, number, text, url, extra, column + len(number))


def _cut_item(page: Page, pos: int, key: str) -> tuple[str, str, str | None, int]:
    """An item line cut into text, url and what follows (a source's image, a note), with the
    column of the url counted after the number."""
    line = page.texts[pos]
    m = _ITEM_LINK.fullmatch(line)
    what = _ITEM_NAMES[key]
    if m is None:
        page.fail(f"Expected '](' closing the {what} item's link text", pos, len(line))
    number, text, tail = m.groups()
    column = m.start(3)
    if key == "sources":
        if not tail.endswith(")"):
            page.fail(f"Expected ')' at the end of the {what} link", pos, len(line))
        url, _, image = tail[:-1].partition(") [IMG](")
        return text, url, image or None, column - len(number)
    parts = split_note(tail)
    if parts is None:
        note_at = tail.find(" _")
        if note_at >= 0 and tail.endswith("_"):
            page.fail(f"Expected ')' closing the {what} link before its note", pos, column + note_at)
        page.fail(f"Expected ')' or a note '_..._' at the end of the {what} item", pos, len(line))
    return text, parts[0], parts[1], column - len(number)


def scan_event(page: Page) -> RawEvent:
    """Cut an event page into its raw fields; ParseError where it departs from the grammar."""
    texts = page.texts
    end = len(texts)
    pos = 0
    formats = None
    if texts[0].startswith("Formats:"):
        formats, pos = 0, 1
    if pos == end or not texts[pos].startswith("### ["):
        page.fail("Expected the date heading '### [YYYY-MM-D](/news/YYYY/MM/D/index.md)'", pos)
    date = pos
    label, date_url = split_link(page, pos, 4, "date")
    day = read_date(page, pos, label, 5)
    pos += 1

    category = None
    if pos < end and texts[pos].startswith("#####"):
        if not texts[pos].startswith("##### "):
            page.fail("Expected a space after '#####' in the category line", pos, 5)
        category, pos = pos, pos + 1

    if pos == end or not texts[pos].startswith("# "):
        page.fail("Expected the title line '# Title'", pos)
    title, pos = pos, pos + 1

    body = None
    if pos < end and is_plain(texts[pos]):
        body, pos = pos, pos + 1

    sections: list[RawSection] = []
    while pos < end and texts[pos].startswith("### ") and not texts[pos].startswith("### ["):
        line = texts[pos]
        key = SECTION_KEYS.get(line[4:])
        if key is None:
            page.fail(f"Expected a section heading such as '### Sources:', found {line!r}", pos, 4)
        if any(s.key == key for s in sections):
            page.fail(f"Duplicate section {line!r}", pos, 4)
        section = RawSection(pos, key, line[4:], [])
        pos += 1
        while pos < end and ITEM.match(line := texts[pos]) is not None:
            dot = line.index(".")
            tail = line[dot:]
            section.items.append((pos, line[:dot], tail))
            if (key, tail) not in _CUT:
                _cut(page, pos, key, tail)  # cut now, so that a malformed line is refused in page order
            pos += 1
        if not section.items:
            page.fail(f"Expected a numbered list '1. [...](...)' under '### {section.label}'", pos)
        sections.append(section)
    page.expect_end(pos, "a section heading such as '### Sources:' or the end of the page")
    return RawEvent(formats, date, label, date_url, day, category, title, body, sections)


def _found_lang(page: Page, raw: RawEvent) -> str | None:
    """The edition the page says: a Chinese section label, or a link into an edition."""
    for section in raw.sections:
        if section.label in ZH_MARKERS:
            return "zh"
    for section in raw.sections:
        if section.key != "sources":
            for pos, _, tail in section.items:
                if any(marker in tail for marker in _EDITION_MARKERS):
                    url = _cut(page, pos, section.key, tail)[1]
                    if (lang := lang_of_link(as_link(url))) is not None:
                        return lang
    return None


# How a link into an edition other than English starts, as it follows an item's text: "](/zh/".
_EDITION_MARKERS: Final = tuple(f"](/{lang}/" for lang in EDITIONS if lang != "en")


def _event_formats(date: dt.date, slug: str | None, st: Style) -> str | None:
    """An event page's canonical Formats line: the editions that have one link its siblings."""
    if slug is None or not st.formats:
        return None
    return formats_line(day_link(date, st.lang)[: -len("index.md")] + slug)


def build_event(page: Page, raw: RawEvent, hint: ArchiveURL | None, forced: str | None) -> Event:
    """Make the event of a scanned page, its layout and its items' layouts included."""
    texts, gaps = page.texts, page.gaps
    title_raw = texts[raw.title][2:]
    lang = forced or guess_lang(_found_lang(page, raw), hint.lang if hint else None, title_raw)
    st = STYLES[lang]
    trivia = Trivia()
    previous = "start"

    def gap(part: str, pos: int, kind: str) -> None:
        nonlocal previous
        if gaps[pos] != EVENT_GAPS.get((previous, kind), 0):
            trivia.gap(part, gaps[pos], -1)
        previous = kind

    named = formats_page(texts[raw.formats]) if raw.formats is not None else None
    if named is not None and named.date != raw.day:
        page.fail(f"Expected the Formats line to link to its own page, not to one of {named.date}", 0, 8)
    check_date_link(page, raw.date, len(raw.date_label) + 7, raw.date_url, raw.day)
    slug = named.slug if named is not None else (hint.slug if hint is not None else None)
    canonical_formats = _event_formats(raw.day, slug, st)
    if raw.formats is not None:
        gap("formats", raw.formats, "formats")
        if texts[raw.formats] != canonical_formats:
            trivia.spell("formats", texts[raw.formats])
    elif canonical_formats is not None:
        trivia.leave_out("formats")

    gap("date", raw.date, "date")
    if raw.date_label != write_date_label(raw.day):
        trivia.spell("date", raw.date_label)
    if raw.date_url != day_link(raw.day, "en"):  # event pages of every edition link /news/...
        trivia.spell("date.url", raw.date_url)

    category = None
    if raw.category is not None:
        gap("category", raw.category, "category")
        category = text_value(trivia, "category", texts[raw.category][6:], st, "text", optional=True)
    gap("title", raw.title, "title")
    title = text_value(trivia, "title", title_raw, st, "title")
    body = None
    if raw.body is not None:
        gap("body", raw.body, "body")
        body = text_value(trivia, "body", texts[raw.body], st, "line", optional=True)

    lists: dict[str, tuple[Source | Related | Change, ...]] = {}
    for section in raw.sections:
        gap(section.key, section.pos, "heading")
        if section.label != st.heading(section.key):
            trivia.spell(section.key, section.label)
        lists[section.key] = tuple(_build_items(page, section, st))
        previous = "item"
    trivia.gap("end", page.end_gap, gap_of(EVENT_GAPS, previous, "end"))

    keys = tuple(lists)
    order = keys if keys != tuple(k for k in SECTION_ORDER if k in lists) else ()
    fields = (
        raw.day,
        title,
        lang,
        slug,
        category,
        body,
        lists.get("sources", ()),
        lists.get("related", ()),
        lists.get("changes", ()),
        trivia.layout(order, page.final_newline),
    )
    if title and lang in EDITIONS:  # what the grammar does not already guarantee
        return _make_event(*fields)
    return build(page, raw.title, 2, Event, *fields)


_make_event = trusted(Event)
_make_source = trusted(Source)
_make_related = trusted(Related)
_make_change = trusted(Change)


# Items come back across an archive's pages (a related event is listed on many of them): an
# item at its canonical number and gap is shared with the last page that had the same line.
# Records are immutable, so sharing them is safe, and it saves building and memory alike.
_SHARED: Recent[tuple[str, str, str], Source | Related | Change] = Recent(1 << 13)


def _build_items(page: Page, section: RawSection, st: Style) -> list[Source | Related | Change]:
    """The items of a section: shared, made the quick way, or read in full."""
    first_gap = gap_of(EVENT_GAPS, "heading", "item")
    key = section.key
    quick = _QUICK[key]
    items: list[Source | Related | Change] = []
    gaps = page.gaps
    for i, line in enumerate(section.items):
        gap = first_gap if i == 0 else 0
        if gaps[line[0]] != gap or line[1] != str(i + 1):
            raw = _raw_item(page, key, line)
            item = quick(raw, i, gap, st) or _full_item(page, key, raw, i, first_gap, st)
        else:
            shared = (st.lang, key, line[2])
            item = _SHARED.recall(shared)  # type: ignore[assignment]
            if item is None:
                raw = _raw_item(page, key, line)
                item = _SHARED.keep(shared, quick(raw, i, gap, st) or _full_item(page, key, raw, i, first_gap, st))
        items.append(item)
    return items


def _item_layout(raw: RawItem, i: int, gap: int, part: str, before: str, after: str, pad: str) -> Layout:
    """The layout of an item whose text needed no full reading: its gap, number and padding."""
    gaps = (("line", raw.gap),) if raw.gap != gap else ()
    spellings = (("number", raw.number),) if raw.number != str(i + 1) else ()
    padding = ((part, before, after),) if before or after != pad else ()
    if gaps or spellings or padding:
        return shared_layout(gaps, spellings, padding, (), (), True)
    return CANONICAL_LAYOUT


def _quick_source(raw: RawItem, i: int, gap: int, st: Style) -> Source | None:
    text = plain_text(raw.text)
    if text is None or not is_clean_link(raw.url) or (raw.extra is not None and not is_clean_link(raw.extra)):
        return None
    value, before, after = text
    return _make_source(value, raw.url, raw.extra, _item_layout(raw, i, gap, "name", before, after, ""))


def _quick_related(raw: RawItem, i: int, gap: int, st: Style) -> Related | None:
    text = plain_text(raw.text)
    contexts = () if raw.extra is None else quick_contexts(raw.extra, st.context)
    url = as_link(raw.url)
    if text is None or contexts is None or not (url.__class__ is ArchiveURL or is_clean_link(url)):  # type: ignore[arg-type]
        return None
    value, before, after = text
    return _make_related(value, url, contexts, _item_layout(raw, i, gap, "title", before, after, st.title_pad))


def _quick_change(raw: RawItem, i: int, gap: int, st: Style) -> Change | None:
    text = plain_text(raw.text)
    stamp, label = read_change_note(raw.extra)
    url = as_link(raw.url)
    if text is None or raw.extra != write_change_note(stamp, label) or not _clean(url):
        return None
    value, before, after = text
    layout = _item_layout(raw, i, gap, "title", before, after, st.title_pad)
    return _make_change(value, url, label, stamp, layout)


_QUICK: Final = {"sources": _quick_source, "related": _quick_related, "changes": _quick_change}


def _clean(url: Link) -> bool:
    return url.__class__ is ArchiveURL or is_clean_link(url)  # type: ignore[arg-type]


def _full_item(page: Page, key: str, raw: RawItem, i: int, first_gap: int, st: Style) -> Source | Related | Change:
    """An item read the full way, keeping every departure from its canonical spelling; made
    by the validating constructor when the checks the grammar does not make fail."""
    trivia = Trivia()
    trivia.gap("line", raw.gap, first_gap if i == 0 else 0)
    if raw.number != str(i + 1):
        trivia.spell("number", raw.number)
    fields: tuple[Any, ...]
    make: Callable[..., Source | Related | Change]
    cls: type[Source | Related | Change]
    if key == "sources":
        name = text_value(trivia, "name", raw.text, st, "name")
        fields, make, cls = (name, raw.url, raw.extra, trivia.layout()), _make_source, Source
        ok = is_clean_link(raw.url) and (raw.extra is None or is_clean_link(raw.extra))
    else:
        title = text_value(trivia, "title", raw.text, st, "title")
        url = as_link(raw.url)
        ok = bool(title) and _clean(url)
        note = raw.extra
        if key == "related":
            contexts = read_contexts(note) if note is not None else ()
            if note is not None and note != write_contexts(contexts, st.context):
                trivia.spell("note", note)
            fields, make, cls = (title, url, contexts, trivia.layout()), _make_related, Related
        else:
            stamp, label = read_change_note(note)
            if note is not None and note != write_change_note(stamp, label):
                trivia.spell("note", note)
            fields, make, cls = (title, url, label, stamp, trivia.layout()), _make_change, Change
    if ok:
        return make(*fields)
    column = {"": len(raw.number) + 3, "url": raw.url_column, "image": raw.url_column}
    return build(page, raw.pos, column, cls, *fields)  # type: ignore[return-value]


def read_event(page: Page, hint: ArchiveURL | None, forced: str | None) -> Event:
    return build_event(page, scan_event(page), hint, forced)


def event_anchors(page: Page) -> dict[str, int]:
    """The line (from 1) of each element of an event page, by anchor."""
    raw = scan_event(page)
    named = {"formats": raw.formats, "date": raw.date, "category": raw.category, "title": raw.title, "body": raw.body}
    lines = {name: page.rows[pos] + 1 for name, pos in named.items() if pos is not None}
    for section in raw.sections:
        lines[section.key] = page.rows[section.pos] + 1
        for i, (pos, _, _) in enumerate(section.items):
            lines[f"{section.key}[{i}]"] = page.rows[pos] + 1
    return lines


# --- writing -----------------------------------------------------------------------------


def _formats_to_write(e: Event, st: Style) -> str | None:
    """The Formats line to write: the spelled one while it still names the event's own page,
    else the canonical one unless the layout omits it."""
    spelled = e.layout.spelling("formats")
    if spelled is not None and spelled.startswith("Formats:"):
        named = formats_page(spelled)
        if named is None or (named.slug == e.slug and named.date == e.date):
            return spelled
    canonical = _event_formats(e.date, e.slug, st)
    return None if canonical is None or "formats" in e.layout.omit else canonical


def _date_url_to_write(layout: Layout, date: dt.date, canonical: ArchiveURL) -> str:
    spelled = layout.spelling("date.url")
    if spelled is not None and "\n" not in spelled:
        link = as_link(spelled)
        if not isinstance(link, ArchiveURL) or link.date == date:
            return spelled
    return str(canonical)


def write_date_heading(w: LineWriter, prefix: str, date: dt.date, layout: Layout, url: ArchiveURL) -> None:
    label = layout.spelling("date")
    if label is None or read_date_label(label) != date:
        label = write_date_label(date)
    w.line("date", f"{prefix}[{label}]({_date_url_to_write(layout, date, url)})", layout.gap("date"))


def write_event(e: Event) -> str:
    """Write an event page: its elements in page order, each laid out by its layout."""
    st = STYLES[e.lang]
    lay = e.layout
    w = LineWriter(EVENT_GAPS)
    formats = _formats_to_write(e, st)
    if formats is not None:
        w.line("formats", formats, lay.gap("formats"))
    write_date_heading(w, "### ", e.date, lay, ArchiveURL(e.date))
    category = usable_text(lay, "category", e.category, st, "text", "heading")
    if category is not None:
        w.line("category", "##### " + category, lay.gap("category"))
    w.line("title", "# " + usable_text(lay, "title", e.title, st, "title", "heading"), lay.gap("title"))  # type: ignore[operator]
    body = usable_text(lay, "body", e.body, st, "line", "line")
    if body is not None:
        w.line("body", body, lay.gap("body"))
    present = [k for k in SECTION_ORDER if getattr(e, k)]
    order = [k for k in lay.order if k in present]
    for key in order + [k for k in present if k not in order]:
        heading = lay.spelling(key)
        if heading is None or SECTION_KEYS.get(heading) != key:
            heading = st.heading(key)
        w.line("heading", "### " + heading, lay.gap(key))
        for i, item in enumerate(getattr(e, key)):
            w.line("item", _item_line(item, i, st), item.layout.gap("line"))
    return w.finish(lay)


def _item_line(item: Source | Related | Change, i: int, st: Style) -> str:
    lay = item.layout
    number = lay.spelling("number")
    if number is None or not (number.isascii() and number.isdigit()):
        number = str(i + 1)
    if item.__class__ is Source:
        name = usable_text(lay, "name", item.name, st, "name", "link")
        tail = f"{item.url}) [IMG]({item.image})" if item.image is not None else f"{item.url})"
        return f"{number}. [{name}]({tail}"
    title = usable_text(lay, "title", item.title, st, "title", "link")  # type: ignore[union-attr]
    head = f"{number}. [{title}]({item.url})"
    spelled = lay.spelling("note")
    if item.__class__ is Related:
        contexts = item.contexts
        note = spelled if spelled is not None and read_contexts(spelled) == contexts else None
        note = note if note is not None else write_contexts(contexts, st.context)
    else:
        value = (item.timestamp, item.label)  # type: ignore[union-attr]
        note = spelled if spelled is not None and read_change_note(spelled) == value else write_change_note(*value)
    return head if note is None else f"{head} _{note}_"
