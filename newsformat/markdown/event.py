"""Event pages: the grammar that reads them and the writer that gives them back.

Reading is two steps. :func:`scan_event` walks the page's elements and cuts each into its raw
fields, deciding nothing that depends on the edition; :func:`build_event` then knows the edition
and makes the records, keeping in each element's layout how its raw text departs from what the
edition's writer would write. :func:`write_event` walks the same elements in the same order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Final, NamedTuple

from ..links import EDITIONS, ArchiveURL
from ..model import (
    Change,
    Event,
    Related,
    Source,
    trusted,
)
from ._build import (
    build,
    check_date_link,
    day_link,
    read_date,
    split_link,
    text_value,
    usable_text,
    write_date_heading,
)
from ._fields import (
    formats_line,
    formats_page,
    is_plain,
    item_number,
    write_date_label,
)
from ._lines import Gaps, LineWriter, Page, Trivia, gap_of
from ._styles import EVENT_GAPS, SECTION_KEYS, SECTION_ORDER, STYLES, ZH_MARKERS, Style, guess_lang
from .items import CUTS, build_items, cut, item_line, items_lang

__all__ = ("RawSection", "RawEvent", "scan_event", "build_event", "read_event", "write_event", "event_anchors")


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
        cuts, add = CUTS[key], section.items.append
        pos += 1
        while pos < end and (number := item_number(line := texts[pos])) is not None:
            tail = line[len(number) :]
            add((pos, number, tail))
            if tail not in cuts:
                cut(page, pos, key, tail)  # cut now, so that a malformed line is refused in page order
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
        if section.key != "sources" and (lang := items_lang(page, section.key, section.items)) is not None:
            return lang
    return None


def _event_formats(date: dt.date, slug: str | None, st: Style) -> str | None:
    """An event page's canonical Formats line: the editions that have one link its siblings."""
    if slug is None or not st.formats:
        return None
    return formats_line(day_link(date, st.lang)[: -len("index.md")] + slug)


def build_event(page: Page, raw: RawEvent, hint: ArchiveURL | None, forced: str | None) -> Event:
    """Make the event of a scanned page, its layout and its items' layouts included."""
    texts = page.texts
    title_raw = texts[raw.title][2:]
    lang = forced or guess_lang(_found_lang(page, raw), hint.lang if hint else None, title_raw)
    st = STYLES[lang]
    trivia = Trivia()
    gaps = Gaps(EVENT_GAPS, "start")
    slug = _head(page, raw, hint, st, trivia, gaps)

    category = None
    if raw.category is not None:
        gaps.note(trivia, "category", page.gaps[raw.category], "category")
        category = text_value(trivia, "category", texts[raw.category][6:], st, "text", optional=True)
    gaps.note(trivia, "title", page.gaps[raw.title], "title")
    title = text_value(trivia, "title", title_raw, st, "title")
    body = None
    if raw.body is not None:
        gaps.note(trivia, "body", page.gaps[raw.body], "body")
        body = text_value(trivia, "body", texts[raw.body], st, "line", optional=True)

    lists: dict[str, tuple[Source | Related | Change, ...]] = {}
    for section in raw.sections:
        gaps.note(trivia, section.key, page.gaps[section.pos], "heading")
        if section.label != st.heading(section.key):
            trivia.spell(section.key, section.label)
        lists[section.key] = tuple(build_items(page, section.key, section.items, st))
        gaps.previous = "item"
    trivia.gap("end", page.end_gap, gap_of(EVENT_GAPS, gaps.previous, "end"))

    keys = tuple(lists)
    layout = trivia.layout(() if keys in _CANONICAL_ORDERS else keys, page.final_newline)
    sources, related, changes = lists.get("sources", ()), lists.get("related", ()), lists.get("changes", ())
    fields = (raw.day, title, lang, slug, category, body, sources, related, changes, layout)
    if title and lang in EDITIONS:  # what the grammar does not already guarantee
        return _make_event(*fields)
    return build(page, raw.title, 2, Event, *fields)


# The orders of sections a layout need not keep: any of the sections, in the canonical order
# (combinations keep the order of what they choose from).
_CANONICAL_ORDERS: Final = frozenset(
    chosen for n in range(len(SECTION_ORDER) + 1) for chosen in itertools.combinations(SECTION_ORDER, n)
)


def _head(page: Page, raw: RawEvent, hint: ArchiveURL | None, st: Style, trivia: Trivia, gaps: Gaps) -> str | None:
    """The Formats line and the date heading: their trivia, and the slug they (or ``hint``)
    give the event. Refused: a Formats line or date link naming another day's pages, which a
    writer following the record's date could not give back."""
    texts = page.texts
    named = formats_page(texts[raw.formats]) if raw.formats is not None else None
    if named is not None and named.date != raw.day:
        page.fail(f"Expected the Formats line to link to its own page, not to one of {named.date}", 0, 8)
    canonical_date_url = raw.date_url == day_link(raw.day, "en")  # event pages of every edition link /news/...
    if not canonical_date_url:
        check_date_link(page, raw.date, len(raw.date_label) + 7, raw.date_url, raw.day)
    slug = named.slug if named is not None else (hint.slug if hint is not None else None)
    canonical_formats = _event_formats(raw.day, slug, st)
    if raw.formats is not None:
        gaps.note(trivia, "formats", page.gaps[raw.formats], "formats")
        if texts[raw.formats] != canonical_formats:
            trivia.spell("formats", texts[raw.formats])
    elif canonical_formats is not None:
        trivia.leave_out("formats")
    gaps.note(trivia, "date", page.gaps[raw.date], "date")
    if raw.date_label != write_date_label(raw.day):
        trivia.spell("date", raw.date_label)
    if not canonical_date_url:
        trivia.spell("date.url", raw.date_url)
    return slug


_make_event = trusted(Event)


def read_event(page: Page, hint: ArchiveURL | None, forced: str | None) -> Event:
    return build_event(page, scan_event(page), hint, forced)


def event_anchors(page: Page) -> dict[str, int]:
    """The line (from 1) of each element of an event page, by anchor."""
    raw = scan_event(page)
    named = {"formats": raw.formats, "date": raw.date, "category": raw.category, "title": raw.title, "body": raw.body}
    rows = page.rows
    lines = {name: rows[pos] + 1 for name, pos in named.items() if pos is not None}
    for section in raw.sections:
        lines[section.key] = rows[section.pos] + 1
        for i, (pos, _, _) in enumerate(section.items):
            lines[f"{section.key}[{i}]"] = rows[pos] + 1
    return lines


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
            w.line("item", item_line(item, i, st), item.layout.gap("line"))
    return w.finish(lay)
