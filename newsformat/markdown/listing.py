"""Day pages and the front page: lists of entries under a date heading or under sections.

As for event pages, :func:`scan_day` and :func:`scan_front` cut a page into raw fields, the
``build_*`` functions make the records once the edition is known, and the ``write_*``
functions walk the same elements in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple, cast

from ..links import ArchiveURL, Link, as_link
from ..model import DayIndex, Entry, FrontPage, Section
from ._build import build, check_date_link, read_date, split_link, text_value, usable_text
from ._fields import (
    formats_line,
    is_note,
    is_plain,
    lang_of_link,
    looks_like_link,
    read_contexts,
    read_text,
    write_contexts,
    write_date_label,
)
from ._lines import Element, LineWriter, Page, Trivia, gap_of
from ._styles import STYLES, ZH_MARKERS, GapTable, Style, guess_lang
from .event import write_date_heading

__all__ = ("read_day", "write_day", "read_front", "write_front", "day_anchors", "front_anchors")


class RawEntry(NamedTuple):
    category: Element | None
    entry: Element
    pos: int
    title: str
    url: str
    under: Element | None  # the line under the entry: a note or a summary
    under_kind: str  # "contexts", "summary" or ""


class RawDay(NamedTuple):
    formats: Element | None
    date: Element
    date_label: str
    date_url: str
    day: dt.date
    entries: list[RawEntry]
    previous: Element | None
    previous_pos: int
    previous_label: str
    previous_url: str


class RawSection(NamedTuple):
    element: Element
    pos: int
    label: str
    url: str | None
    entries: list[RawEntry]
    rule: Element | None


# --- entries -----------------------------------------------------------------------------


def _scan_entries(page: Page, pos: int) -> tuple[int, list[RawEntry]]:
    entries: list[RawEntry] = []
    while (line := page.at(pos)) is not None and (line.startswith("#####") or line.startswith("### [")):
        category = None
        if line.startswith("#####"):
            if not line.startswith("##### "):
                page.fail("Expected a space after '#####' in the category line", pos, 5)
            category, pos = page.elements[pos], pos + 1
            line = page.at(pos)
            if line is None or not line.startswith("### ["):
                page.fail("Expected an entry '### [Title](/news/...)' after the category line", pos)
        title, url = split_link(page, pos, 4, "entry")
        entry, entry_pos = page.elements[pos], pos
        pos += 1
        under, kind = None, ""
        if (line := page.at(pos)) is not None:
            if is_note(line):
                under, kind = page.elements[pos], "contexts"
            elif is_plain(line):
                under, kind = page.elements[pos], "summary"
        if under is not None:
            pos += 1
        entries.append(RawEntry(category, entry, entry_pos, title, url, under, kind))
    return pos, entries


def _entries_lang(entries: Iterable[RawEntry]) -> str | None:
    for entry in entries:
        if (lang := lang_of_link(as_link(entry.url))) is not None:
            return lang
    return None


class _Gaps:
    """The canonical gap of each element given the kind of the one before it."""

    __slots__ = ("previous", "table")

    def __init__(self, table: GapTable, previous: str) -> None:
        self.table = table
        self.previous = previous

    def note(self, trivia: Trivia, part: str, element: Element, kind: str) -> None:
        trivia.gap(part, element.gap, gap_of(self.table, self.previous, kind))
        self.previous = kind


def _build_entries(page: Page, raws: list[RawEntry], st: Style, gaps: _Gaps) -> list[Entry]:
    entries = []
    for raw in raws:
        trivia = Trivia()
        category = None
        if raw.category is not None:
            gaps.note(trivia, "category", raw.category, "category")
            category = text_value(trivia, "category", raw.category.text[6:], st, "text", optional=True)
        gaps.note(trivia, "line", raw.entry, "entry")
        title = text_value(trivia, "title", raw.title, st, "title")
        summary, contexts = None, cast("tuple[str, ...]", ())
        if raw.under is not None:
            part = "note" if raw.under_kind == "contexts" else "summary"
            gaps.note(trivia, part, raw.under, raw.under_kind)
            if part == "note":
                note = raw.under.text[1:-1]
                contexts = read_contexts(note)
                if note != write_contexts(contexts, st.context):
                    trivia.spellings["note"] = note
            else:
                summary = text_value(trivia, "summary", raw.under.text, st, "line", optional=True)
        at = {"": 4, "url": len(raw.title) + 6}
        entries.append(build(page, raw.pos, at, Entry, title, raw.url, category, summary, contexts, trivia.layout()))
    return entries


def _write_entries(w: LineWriter, entries: Iterable[Entry], st: Style) -> None:
    for entry in entries:
        lay = entry.layout
        category = usable_text(lay, "category", entry.category, st, "text", "heading")
        if category is not None:
            w.line("category", "##### " + category, lay.gap("category"))
        title = usable_text(lay, "title", entry.title, st, "title", "link")
        w.line("entry", f"### [{title}]({entry.url})", lay.gap("line"))
        spelled = lay.spelling("note")
        note = spelled if spelled is not None and read_contexts(spelled) == entry.contexts else None
        note = note if note is not None else write_contexts(entry.contexts, st.context)
        if note is not None:
            w.line("contexts", f"_{note}_", lay.gap("note"))
            continue
        summary = usable_text(lay, "summary", entry.summary, st, "line", "line")
        if summary is not None:
            w.line("summary", summary, lay.gap("summary"))


def _formats(page: Page) -> tuple[int, Element | None]:
    first = page.elements[0]
    return (1, first) if first.text.startswith("Formats:") else (0, None)


def _page_formats(trivia: Trivia, found: Element | None, canonical: str | None, gaps: _Gaps) -> None:
    if found is not None:
        gaps.note(trivia, "formats", found, "formats")
        if found.text != canonical:
            trivia.spellings["formats"] = found.text
    elif canonical is not None:
        trivia.omit.append("formats")


# --- day pages ---------------------------------------------------------------------------


def _day_formats(date: dt.date, st: Style) -> str | None:
    # Day pages link their formats relative to the archive root, without a leading '/'.
    return formats_line(str(ArchiveURL(date))[len("/news/") : -len(".md")]) if st.formats else None


def scan_day(page: Page) -> RawDay:
    pos, formats = _formats(page)
    date_element = page.elements[pos]
    label, date_url = split_link(page, pos, 3, "date")
    day = read_date(page, pos, label, 4)
    pos, entries = _scan_entries(page, pos + 1)
    previous, previous_pos, previous_label, previous_url = None, 0, "", ""
    if (line := page.at(pos)) is not None and line.startswith("## ["):
        previous_label, previous_url = split_link(page, pos, 3, "previous day")
        previous, previous_pos, pos = page.elements[pos], pos, pos + 1
    page.expect_end(pos, "an entry '### [Title](/news/...)', the previous-day link or the end of the page")
    return RawDay(
        formats, date_element, label, date_url, day, entries, previous, previous_pos, previous_label, previous_url
    )


def build_day(page: Page, raw: RawDay, hint: ArchiveURL | None, forced: str | None) -> DayIndex:
    previous_link: Link | None = as_link(raw.previous_url) if raw.previous is not None else None
    found = lang_of_link(as_link(raw.date_url)) or lang_of_link(previous_link) or _entries_lang(raw.entries)
    if found is None and raw.previous_label in ZH_MARKERS:
        found = "zh"
    lang = forced or guess_lang(found, hint.lang if hint else None, raw.entries[0].title if raw.entries else "")
    st = STYLES[lang]
    date_pos = 0 if raw.formats is None else 1
    check_date_link(page, date_pos, len(raw.date_label) + 6, raw.date_url, raw.day)
    if raw.formats is not None and _formats_date(raw.formats.text) not in (None, raw.day):
        page.fail(
            f"Expected the Formats line to link to its own page, not to one of {_formats_date(raw.formats.text)}", 0, 8
        )
    trivia = Trivia()
    gaps = _Gaps(st.listing_gaps, "start")
    _page_formats(trivia, raw.formats, _day_formats(raw.day, st), gaps)
    gaps.note(trivia, "date", raw.date, "date")
    if raw.date_label != write_date_label(raw.day):
        trivia.spellings["date"] = raw.date_label
    if raw.date_url != str(ArchiveURL(raw.day, None, lang)):
        trivia.spellings["date.url"] = raw.date_url
    entries = _build_entries(page, raw.entries, st, gaps)
    if raw.previous is not None:
        gaps.note(trivia, "previous", raw.previous, "previous")
        if raw.previous_label != st.previous:
            trivia.spellings["previous.label"] = raw.previous_label
    trivia.gap("end", page.end_gap, gap_of(st.listing_gaps, gaps.previous, "end"))
    layout = trivia.layout(final_newline=page.final_newline)
    at = len(raw.previous_label) + 6
    return build(page, raw.previous_pos, at, DayIndex, raw.day, lang, entries, previous_link, layout)


def read_day(page: Page, hint: ArchiveURL | None, forced: str | None) -> DayIndex:
    return build_day(page, scan_day(page), hint, forced)


def _day_formats_to_write(d: DayIndex, st: Style) -> str | None:
    spelled = d.layout.spelling("formats")
    if spelled is not None and spelled.startswith("Formats:"):
        named = _formats_date(spelled)
        if named is None or named == d.date:
            return spelled
    return None if "formats" in d.layout.omit else _day_formats(d.date, st)


def _formats_date(line: str) -> dt.date | None:
    """The day a day page's Formats line names (``[HTML](2018/03/5/index.html)``), if any."""
    start = line.find("](")
    parts = line[start + 2 :].split("/", 3)[:3] if start >= 0 else []
    if len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts):
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            return None
    return None


def write_day(d: DayIndex) -> str:
    st = STYLES[d.lang]
    lay = d.layout
    w = LineWriter(st.listing_gaps)
    formats = _day_formats_to_write(d, st)
    if formats is not None:
        w.line("formats", formats, lay.gap("formats"))
    write_date_heading(w, "## ", d.date, lay, d.url)
    _write_entries(w, d.entries, st)
    if d.previous is not None:
        label = lay.spelling("previous.label")
        if label is None or "](" in label:
            label = st.previous
        w.line("previous", f"## [{label}]({d.previous})", lay.gap("previous"))
    return w.finish(lay)


def day_anchors(page: Page) -> dict[str, int]:
    raw = scan_day(page)
    lines = {"date": raw.date.row + 1}
    if raw.formats is not None:
        lines["formats"] = raw.formats.row + 1
    for i, entry in enumerate(raw.entries):
        lines[f"entries[{i}]"] = entry.entry.row + 1
    if raw.previous is not None:
        lines["previous"] = raw.previous.row + 1
    return lines


# --- front pages -------------------------------------------------------------------------

_FRONT_FORMATS = formats_line("/index")


def scan_front(page: Page) -> tuple[Element | None, list[RawSection]]:
    pos, formats = _formats(page)
    sections: list[RawSection] = []
    while (line := page.at(pos)) is not None and line.startswith("## "):
        element, section_pos = page.elements[pos], pos
        url: str | None = None
        if looks_like_link(line[3:]):
            label, url = split_link(page, pos, 3, "section")
        else:
            label = line[3:]
        pos, entries = _scan_entries(page, pos + 1)
        rule = None
        if page.at(pos) == "---":
            rule, pos = page.elements[pos], pos + 1
        sections.append(RawSection(element, section_pos, label, url, entries, rule))
    if not sections:
        page.fail("Expected a section heading '## [Label](/news/...)'", pos)
    page.expect_end(pos, "a section heading '## [Label](/news/...)' or the end of the page")
    return formats, sections


def build_front(
    page: Page, formats: Element | None, raws: list[RawSection], hint: ArchiveURL | None, forced: str | None
) -> FrontPage:
    found = None
    for raw in raws:
        found = "zh" if read_text(raw.label) in ZH_MARKERS else lang_of_link(as_link(raw.url or ""))
        found = found or _entries_lang(raw.entries)
        if found is not None:
            break
    st = STYLES[forced or guess_lang(found, hint.lang if hint else None)]
    trivia = Trivia()
    gaps = _Gaps(st.listing_gaps, "start")
    _page_formats(trivia, formats, _FRONT_FORMATS if st.formats else None, gaps)
    sections = []
    for raw in raws:
        section_trivia = Trivia()
        gaps.note(section_trivia, "line", raw.element, "section")
        kind = "front" if raw.url is not None else "label"
        label = text_value(section_trivia, "label", raw.label, st, kind)
        entries = _build_entries(page, raw.entries, st, gaps)
        if raw.rule is not None:
            gaps.note(section_trivia, "rule", raw.rule, "rule")
        else:
            section_trivia.omit.append("rule")
        url = as_link(raw.url) if raw.url is not None else None
        sections.append(build(page, raw.pos, 3, Section, label, url, entries, section_trivia.layout()))
    trivia.gap("end", page.end_gap, gap_of(st.listing_gaps, gaps.previous, "end"))
    return build(page, 0, 0, FrontPage, st.lang, sections, trivia.layout(final_newline=page.final_newline))


def read_front(page: Page, hint: ArchiveURL | None, forced: str | None) -> FrontPage:
    formats, sections = scan_front(page)
    return build_front(page, formats, sections, hint, forced)


def write_front(f: FrontPage) -> str:
    st = STYLES[f.lang]
    lay = f.layout
    w = LineWriter(st.listing_gaps)
    spelled = lay.spelling("formats")
    if spelled is not None and spelled.startswith("Formats:"):
        w.line("formats", spelled, lay.gap("formats"))
    elif st.formats and "formats" not in lay.omit:
        w.line("formats", _FRONT_FORMATS, lay.gap("formats"))
    for section in f.sections:
        slay = section.layout
        if section.url is None:
            w.line("section", "## " + usable_text(slay, "label", section.label, st, "label", "label"), slay.gap("line"))  # type: ignore[operator]
        else:
            label = usable_text(slay, "label", section.label, st, "front", "front")
            w.line("section", f"## [{label}]({section.url})", slay.gap("line"))
        _write_entries(w, section.entries, st)
        if "rule" not in slay.omit:
            w.line("rule", "---", slay.gap("rule"))
    return w.finish(lay)


def front_anchors(page: Page) -> dict[str, int]:
    formats, raws = scan_front(page)
    lines = {} if formats is None else {"formats": formats.row + 1}
    for i, raw in enumerate(raws):
        lines[f"sections[{i}]"] = raw.element.row + 1
        for j, entry in enumerate(raw.entries):
            lines[f"sections[{i}].entries[{j}]"] = entry.entry.row + 1
    return lines
