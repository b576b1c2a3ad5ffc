"""Event pages: the grammar that reads them and the writer that gives them back.

Reading is two steps. :func:`scan_event` walks the page's elements and cuts each into its raw
fields, deciding nothing that depends on the edition; :func:`build_event` then knows the edition
and makes the records, keeping in each element's layout how its raw text departs from what the
edition's writer would write. :func:`write_event` walks the same elements in the same order.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..links import ArchiveURL, as_link
from ..model import Change, Event, Layout, Related, Source
from ._build import build, check_date_link, read_date, split_link, text_value, usable_text
from ._fields import (
    ITEM,
    formats_line,
    formats_page,
    is_plain,
    lang_of_link,
    read_change_note,
    read_contexts,
    read_date_label,
    split_note,
    write_change_note,
    write_contexts,
    write_date_label,
)
from ._lines import Element, LineWriter, Page, Trivia, gap_of
from ._styles import EVENT_GAPS, SECTION_KEYS, SECTION_ORDER, STYLES, ZH_MARKERS, Style, guess_lang

__all__ = ("RawEvent", "scan_event", "build_event", "read_event", "write_event", "event_anchors")


class RawItem(NamedTuple):
    """A list item as written: ``<number>. [<text>](<url>)`` and what follows the link."""

    element: Element
    pos: int  # the element's index among the page's elements
    number: str
    text: str
    url: str
    extra: str | None  # a source's image link, a related item's or change's note
    url_column: int


class RawSection(NamedTuple):
    element: Element
    pos: int
    key: str
    label: str
    items: list[RawItem]


class RawEvent(NamedTuple):
    formats: Element | None
    date: Element
    date_label: str
    date_url: str
    day: dt.date
    category: Element | None
    title: Element
    body: Element | None
    sections: list[RawSection]
    title_pos: int


# --- reading -----------------------------------------------------------------------------


_ITEM_NAMES = {"sources": "source", "related": "related", "changes": "change"}


def _scan_item(page: Page, pos: int, key: str) -> RawItem:
    element = page.elements[pos]
    line = element.text
    m = ITEM.match(line)
    assert m is not None  # the caller matched it
    what = _ITEM_NAMES[key]
    close = line.find("](", m.end())
    if close < 0:
        page.fail(f"Expected '](' closing the {what} item's link text", pos, len(line))
    text, tail = line[m.end() : close], line[close + 2 :]
    if key == "sources":
        if not tail.endswith(")"):
            page.fail(f"Expected ')' at the end of the {what} link", pos, len(line))
        url, _, image = tail[:-1].partition(") [IMG](")
        return RawItem(element, pos, m[1], text, url, image or None, close + 2)
    parts = split_note(tail)
    if parts is None:
        note_at = tail.find(" _")
        if note_at >= 0 and tail.endswith("_"):
            page.fail(f"Expected ')' closing the {what} link before its note", pos, close + 2 + note_at)
        page.fail(f"Expected ')' or a note '_..._' at the end of the {what} item", pos, len(line))
    return RawItem(element, pos, m[1], text, parts[0], parts[1], close + 2)


def scan_event(page: Page) -> RawEvent:
    """Cut an event page into its raw fields; ParseError where it departs from the grammar."""
    pos = 0
    formats = None
    if page.elements[0].text.startswith("Formats:"):
        formats, pos = page.elements[0], 1
    line = page.at(pos)
    if line is None or not line.startswith("### ["):
        page.fail("Expected the date heading '### [YYYY-MM-D](/news/YYYY/MM/D/index.md)'", pos)
    date_element = page.elements[pos]
    label, date_url = split_link(page, pos, 4, "date")
    day = read_date(page, pos, label, 5)
    pos += 1

    category = None
    if (line := page.at(pos)) is not None and line.startswith("#####"):
        if not line.startswith("##### "):
            page.fail("Expected a space after '#####' in the category line", pos, 5)
        category, pos = page.elements[pos], pos + 1

    line = page.at(pos)
    if line is None or not line.startswith("# "):
        page.fail("Expected the title line '# Title'", pos)
    title, title_pos = page.elements[pos], pos
    pos += 1

    body = None
    if (line := page.at(pos)) is not None and is_plain(line):
        body, pos = page.elements[pos], pos + 1

    sections: list[RawSection] = []
    while (line := page.at(pos)) is not None and line.startswith("### ") and not line.startswith("### ["):
        key = SECTION_KEYS.get(line[4:])
        if key is None:
            page.fail(f"Expected a section heading such as '### Sources:', found {line!r}", pos, 4)
        if any(s.key == key for s in sections):
            page.fail(f"Duplicate section {line!r}", pos, 4)
        section = RawSection(page.elements[pos], pos, key, line[4:], [])
        pos += 1
        while (line := page.at(pos)) is not None and ITEM.match(line) is not None:
            section.items.append(_scan_item(page, pos, key))
            pos += 1
        if not section.items:
            page.fail(f"Expected a numbered list '1. [...](...)' under '### {section.label}'", pos)
        sections.append(section)
    page.expect_end(pos, "a section heading such as '### Sources:' or the end of the page")
    return RawEvent(formats, date_element, label, date_url, day, category, title, body, sections, title_pos)


def _found_lang(raw: RawEvent) -> str | None:
    """The edition the page says: a Chinese section label, or a link into an edition."""
    for section in raw.sections:
        if section.label in ZH_MARKERS:
            return "zh"
    for section in raw.sections:
        if section.key != "sources":
            for item in section.items:
                if (lang := lang_of_link(as_link(item.url))) is not None:
                    return lang
    return None


def _event_formats(date: dt.date, slug: str | None, st: Style) -> str | None:
    """An event page's canonical Formats line: the editions that have one link its siblings."""
    if slug is None or not st.formats:
        return None
    return formats_line(str(ArchiveURL(date, slug, st.lang))[: -len(".md")])


def build_event(page: Page, raw: RawEvent, hint: ArchiveURL | None, forced: str | None) -> Event:
    """Make the event of a scanned page, its layout and its items' layouts included."""
    title_raw = raw.title.text[2:]
    lang = forced or guess_lang(_found_lang(raw), hint.lang if hint else None, title_raw)
    st = STYLES[lang]
    trivia = Trivia()
    previous = "start"

    def gap(part: str, element: Element, kind: str) -> None:
        nonlocal previous
        trivia.gap(part, element.gap, gap_of(EVENT_GAPS, previous, kind))
        previous = kind

    named = formats_page(raw.formats.text) if raw.formats is not None else None
    if named is not None and named.date != raw.day:
        page.fail(f"Expected the Formats line to link to its own page, not to one of {named.date}", 0, 8)
    date_pos = 0 if raw.formats is None else 1
    check_date_link(page, date_pos, len(raw.date_label) + 7, raw.date_url, raw.day)
    slug = named.slug if named is not None else (hint.slug if hint is not None else None)
    canonical_formats = _event_formats(raw.day, slug, st)
    if raw.formats is not None:
        gap("formats", raw.formats, "formats")
        if raw.formats.text != canonical_formats:
            trivia.spellings["formats"] = raw.formats.text
    elif canonical_formats is not None:
        trivia.omit.append("formats")

    gap("date", raw.date, "date")
    if raw.date_label != write_date_label(raw.day):
        trivia.spellings["date"] = raw.date_label
    if raw.date_url != str(ArchiveURL(raw.day)):  # event pages of every edition link /news/...
        trivia.spellings["date.url"] = raw.date_url

    category = None
    if raw.category is not None:
        gap("category", raw.category, "category")
        category = text_value(trivia, "category", raw.category.text[6:], st, "text", optional=True)
    gap("title", raw.title, "title")
    title = text_value(trivia, "title", title_raw, st, "title")
    body = None
    if raw.body is not None:
        gap("body", raw.body, "body")
        body = text_value(trivia, "body", raw.body.text, st, "line", optional=True)

    lists: dict[str, tuple[Source | Related | Change, ...]] = {}
    for section in raw.sections:
        gap(section.key, section.element, "heading")
        if section.label != st.heading(section.key):
            trivia.spellings[section.key] = section.label
        lists[section.key] = tuple(_build_items(page, section, st))
        previous = "item"
    trivia.gap("end", page.end_gap, gap_of(EVENT_GAPS, previous, "end"))

    keys = tuple(lists)
    order = keys if keys != tuple(k for k in SECTION_ORDER if k in lists) else ()
    return build(
        page,
        raw.title_pos,
        2,
        Event,
        date=raw.day,
        title=title,
        lang=lang,
        slug=slug,
        category=category,
        body=body,
        sources=lists.get("sources", ()),
        related=lists.get("related", ()),
        changes=lists.get("changes", ()),
        layout=trivia.layout(order, page.final_newline),
    )


def _build_items(page: Page, section: RawSection, st: Style) -> list[Source | Related | Change]:
    items: list[Source | Related | Change] = []
    previous = "heading"
    for i, raw in enumerate(section.items):
        trivia = Trivia()
        trivia.gap("line", raw.element.gap, gap_of(EVENT_GAPS, previous, "item"))
        previous = "item"
        if raw.number != str(i + 1):
            trivia.spellings["number"] = raw.number
        column = {"": len(raw.number) + 3, "url": raw.url_column, "image": raw.url_column}
        if section.key == "sources":
            name = text_value(trivia, "name", raw.text, st, "name")
            items.append(build(page, raw.pos, column, Source, name, raw.url, raw.extra, trivia.layout()))
            continue
        title = text_value(trivia, "title", raw.text, st, "title")
        note = raw.extra
        if section.key == "related":
            contexts = read_contexts(note) if note is not None else ()
            if note != write_contexts(contexts, st.context):
                trivia.spellings["note"] = note  # type: ignore[assignment]  # not None: a note was read
            items.append(build(page, raw.pos, column, Related, title, raw.url, contexts, trivia.layout()))
        else:
            stamp, label = read_change_note(note)
            if note != write_change_note(stamp, label):
                trivia.spellings["note"] = note  # type: ignore[assignment]
            items.append(build(page, raw.pos, column, Change, title, raw.url, label, stamp, trivia.layout()))
    return items


def read_event(page: Page, hint: ArchiveURL | None, forced: str | None) -> Event:
    return build_event(page, scan_event(page), hint, forced)


def event_anchors(page: Page) -> dict[str, int]:
    """The line (from 1) of each element of an event page, by anchor."""
    raw = scan_event(page)
    lines = {"date": raw.date.row + 1, "title": raw.title.row + 1}
    for name, element in (("formats", raw.formats), ("category", raw.category), ("body", raw.body)):
        if element is not None:
            lines[name] = element.row + 1
    for section in raw.sections:
        lines[section.key] = section.element.row + 1
        for i, item in enumerate(section.items):
            lines[f"{section.key}[{i}]"] = item.element.row + 1
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
