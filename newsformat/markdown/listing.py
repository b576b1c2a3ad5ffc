"""Day pages and the front page: lists of entries under a date heading or under sections.

As for event pages, :func:`scan_day` and :func:`scan_front` cut a page into raw fields, the
``build_*`` functions make the records once the edition is known, and the ``write_*``
functions walk the same elements in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple, cast

from ..links import EDITIONS, ArchiveURL, Link, as_link
from ..model import CANONICAL_LAYOUT, DayIndex, Entry, FrontPage, Section, is_clean_link, shared_layout, trusted
from ._build import build, check_date_link, day_link, plain_text, read_date, split_link, text_value, usable_text
from ._fields import (
    formats_line,
    is_note,
    is_plain,
    lang_of_link,
    looks_like_link,
    quick_contexts,
    read_contexts,
    read_text,
    write_contexts,
    write_date_label,
)
from ._lines import LineWriter, Page, Trivia, gap_of
from ._styles import STYLES, ZH_MARKERS, GapTable, Style, guess_lang
from .event import write_date_heading

__all__ = ("read_day", "write_day", "read_front", "write_front", "day_anchors", "front_anchors")


class RawEntry(NamedTuple):
    """An entry as written; its lines are given by their position on the page."""

    category: int | None
    entry: int
    title: str
    url: str
    under: int | None  # the line under the entry: a note or a summary
    under_kind: str  # "contexts", "summary" or ""


class RawDay(NamedTuple):
    formats: int | None
    date: int
    date_label: str
    date_url: str
    day: dt.date
    entries: list[RawEntry]
    previous: int | None
    previous_label: str
    previous_url: str


class RawSection(NamedTuple):
    pos: int
    label: str
    url: str | None
    entries: list[RawEntry]
    rule: int | None


_make_entry = trusted(Entry)
_make_day = trusted(DayIndex)
_make_section = trusted(Section)
_make_front = trusted(FrontPage)


def _clean(link: Link) -> bool:
    return link.__class__ is ArchiveURL or is_clean_link(link)  # type: ignore[arg-type]


# --- entries -----------------------------------------------------------------------------


def _scan_entries(page: Page, pos: int) -> tuple[int, list[RawEntry]]:
    entries: list[RawEntry] = []
    while (line := page.at(pos)) is not None and (line.startswith("#####") or line.startswith("### [")):
        category = None
        if line.startswith("#####"):
            if not line.startswith("##### "):
                page.fail("Expected a space after '#####' in the category line", pos, 5)
            category, pos = pos, pos + 1
            line = page.at(pos)
            if line is None or not line.startswith("### ["):
                page.fail("Expected an entry '### [Title](/news/...)' after the category line", pos)
        title, url = split_link(page, pos, 4, "entry")
        entry = pos
        pos += 1
        under, kind = None, ""
        if (line := page.at(pos)) is not None:
            if is_note(line):
                under, kind = pos, "contexts"
            elif is_plain(line):
                under, kind = pos, "summary"
        if under is not None:
            pos += 1
        entries.append(RawEntry(category, entry, title, url, under, kind))
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

    def note(self, trivia: Trivia, part: str, gap: int, kind: str) -> None:
        trivia.gap(part, gap, gap_of(self.table, self.previous, kind))
        self.previous = kind


def _build_entries(page: Page, raws: list[RawEntry], st: Style, gaps: _Gaps) -> list[Entry]:
    """The entries of a listing: most take the quick way, the rest the full one."""
    entries = []
    for raw in raws:
        previous = gaps.previous
        entry = _quick_entry(page, raw, st, gaps)
        if entry is None:
            gaps.previous = previous
            entry = _full_entry(page, raw, st, gaps)
        entries.append(entry)
    return entries


def _quick_entry(page: Page, raw: RawEntry, st: Style, gaps: _Gaps) -> Entry | None:
    """An entry whose fields need no full reading (no entity, nothing escaped, a note in its
    canonical spelling), its layout made of gaps and padding alone; None for any other."""
    table, previous, texts, blanks = gaps.table, gaps.previous, page.texts, page.gaps
    found: list[tuple[str, int]] = []
    category = None
    if raw.category is not None:
        text = plain_text(texts[raw.category][6:])
        if text is None or text[1] or text[2]:
            return None
        category = text[0]
        if blanks[raw.category] != table.get((previous, "category"), 0):
            found.append(("category", blanks[raw.category]))
        previous = "category"
    title = plain_text(raw.title)
    url = as_link(raw.url)
    if title is None or not _clean(url):
        return None
    if blanks[raw.entry] != table.get((previous, "entry"), 0):
        found.append(("line", blanks[raw.entry]))
    previous = "entry"
    summary, contexts = None, cast("tuple[str, ...]", ())
    if raw.under is not None:
        if raw.under_kind == "contexts":
            quick = quick_contexts(texts[raw.under][1:-1], st.context)
            if quick is None:
                return None
            contexts, part = quick, "note"
        else:
            text = plain_text(texts[raw.under])
            if text is None or text[1] or text[2] or st.canonical("line", text[0]) != texts[raw.under]:
                return None
            summary, part = text[0], "summary"
        if blanks[raw.under] != table.get((previous, raw.under_kind), 0):
            found.append((part, blanks[raw.under]))
        previous = raw.under_kind
    gaps.previous = previous
    value, before, after = title
    padding = (("title", before, after),) if before or after != st.title_pad else ()
    layout = shared_layout(tuple(sorted(found)), (), padding, (), (), True) if found or padding else CANONICAL_LAYOUT
    return _make_entry(value, url, category, summary, contexts, layout)


def _full_entry(page: Page, raw: RawEntry, st: Style, gaps: _Gaps) -> Entry:
    """An entry read the full way, keeping every departure from its canonical spelling."""
    trivia = Trivia()
    category = None
    if raw.category is not None:
        gaps.note(trivia, "category", page.gaps[raw.category], "category")
        category = text_value(trivia, "category", page.texts[raw.category][6:], st, "text", optional=True)
    gaps.note(trivia, "line", page.gaps[raw.entry], "entry")
    title = text_value(trivia, "title", raw.title, st, "title")
    summary, contexts = None, cast("tuple[str, ...]", ())
    if raw.under is not None:
        part = "note" if raw.under_kind == "contexts" else "summary"
        gaps.note(trivia, part, page.gaps[raw.under], raw.under_kind)
        if part == "note":
            note = page.texts[raw.under][1:-1]
            contexts = read_contexts(note)
            if note != write_contexts(contexts, st.context):
                trivia.spell("note", note)
        else:
            summary = text_value(trivia, "summary", page.texts[raw.under], st, "line", optional=True)
    url = as_link(raw.url)
    fields = (title, url, category, summary, contexts, trivia.layout())
    if title and _clean(url):
        return _make_entry(*fields)
    return build(page, raw.entry, {"": 4, "url": len(raw.title) + 6}, Entry, *fields)


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


def _formats(page: Page) -> tuple[int, int | None]:
    """Where the page's elements start after its Formats line, and that line's position."""
    return (1, 0) if page.texts[0].startswith("Formats:") else (0, None)


def _page_formats(page: Page, trivia: Trivia, found: int | None, canonical: str | None, gaps: _Gaps) -> None:
    if found is not None:
        gaps.note(trivia, "formats", page.gaps[found], "formats")
        if page.texts[found] != canonical:
            trivia.spell("formats", page.texts[found])
    elif canonical is not None:
        trivia.leave_out("formats")


# --- day pages ---------------------------------------------------------------------------


def _day_formats(date: dt.date, st: Style) -> str | None:
    # Day pages link their formats relative to the archive root, without a leading '/'.
    return formats_line(str(ArchiveURL(date))[len("/news/") : -len(".md")]) if st.formats else None


def scan_day(page: Page) -> RawDay:
    pos, formats = _formats(page)
    date = pos
    label, date_url = split_link(page, pos, 3, "date")
    day = read_date(page, pos, label, 4)
    pos, entries = _scan_entries(page, pos + 1)
    previous, previous_label, previous_url = None, "", ""
    if (line := page.at(pos)) is not None and line.startswith("## ["):
        previous_label, previous_url = split_link(page, pos, 3, "previous day")
        previous, pos = pos, pos + 1
    page.expect_end(pos, "an entry '### [Title](/news/...)', the previous-day link or the end of the page")
    return RawDay(formats, date, label, date_url, day, entries, previous, previous_label, previous_url)


def build_day(page: Page, raw: RawDay, hint: ArchiveURL | None, forced: str | None) -> DayIndex:
    previous_link: Link | None = as_link(raw.previous_url) if raw.previous is not None else None
    found = lang_of_link(as_link(raw.date_url)) or lang_of_link(previous_link) or _entries_lang(raw.entries)
    if found is None and raw.previous_label in ZH_MARKERS:
        found = "zh"
    lang = forced or guess_lang(found, hint.lang if hint else None, raw.entries[0].title if raw.entries else "")
    st = STYLES[lang]
    check_date_link(page, raw.date, len(raw.date_label) + 6, raw.date_url, raw.day)
    named = _formats_date(page.texts[raw.formats]) if raw.formats is not None else None
    if named is not None and named != raw.day:
        page.fail(f"Expected the Formats line to link to its own page, not to one of {named}", 0, 8)
    trivia = Trivia()
    gaps = _Gaps(st.listing_gaps, "start")
    _page_formats(page, trivia, raw.formats, _day_formats(raw.day, st), gaps)
    gaps.note(trivia, "date", page.gaps[raw.date], "date")
    if raw.date_label != write_date_label(raw.day):
        trivia.spell("date", raw.date_label)
    if raw.date_url != day_link(raw.day, lang):
        trivia.spell("date.url", raw.date_url)
    entries = tuple(_build_entries(page, raw.entries, st, gaps))
    if raw.previous is not None:
        gaps.note(trivia, "previous", page.gaps[raw.previous], "previous")
        if raw.previous_label != st.previous:
            trivia.spell("previous.label", raw.previous_label)
    trivia.gap("end", page.end_gap, gap_of(st.listing_gaps, gaps.previous, "end"))
    fields = (raw.day, lang, entries, previous_link, trivia.layout(final_newline=page.final_newline))
    if lang in EDITIONS and (previous_link is None or _clean(previous_link)):
        return _make_day(*fields)
    return build(page, raw.previous or 0, len(raw.previous_label) + 6, DayIndex, *fields)


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
    rows = page.rows
    lines = {"date": rows[raw.date] + 1}
    if raw.formats is not None:
        lines["formats"] = rows[raw.formats] + 1
    for i, entry in enumerate(raw.entries):
        lines[f"entries[{i}]"] = rows[entry.entry] + 1
    if raw.previous is not None:
        lines["previous"] = rows[raw.previous] + 1
    return lines


# --- front pages -------------------------------------------------------------------------

_FRONT_FORMATS = formats_line("/index")


def scan_front(page: Page) -> tuple[int | None, list[RawSection]]:
    pos, formats = _formats(page)
    sections: list[RawSection] = []
    while (line := page.at(pos)) is not None and line.startswith("## "):
        section_pos = pos
        url: str | None = None
        if looks_like_link(line[3:]):
            label, url = split_link(page, pos, 3, "section")
        else:
            label = line[3:]
        pos, entries = _scan_entries(page, pos + 1)
        rule = None
        if page.at(pos) == "---":
            rule, pos = pos, pos + 1
        sections.append(RawSection(section_pos, label, url, entries, rule))
    if not sections:
        page.fail("Expected a section heading '## [Label](/news/...)'", pos)
    page.expect_end(pos, "a section heading '## [Label](/news/...)' or the end of the page")
    return formats, sections


def build_front(
    page: Page, formats: int | None, raws: list[RawSection], hint: ArchiveURL | None, forced: str | None
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
    _page_formats(page, trivia, formats, _FRONT_FORMATS if st.formats else None, gaps)
    sections = []
    for raw in raws:
        section_trivia = Trivia()
        gaps.note(section_trivia, "line", page.gaps[raw.pos], "section")
        kind = "front" if raw.url is not None else "label"
        label = text_value(section_trivia, "label", raw.label, st, kind)
        entries = tuple(_build_entries(page, raw.entries, st, gaps))
        if raw.rule is not None:
            gaps.note(section_trivia, "rule", page.gaps[raw.rule], "rule")
        else:
            section_trivia.leave_out("rule")
        url = as_link(raw.url) if raw.url is not None else None
        fields = (label, url, entries, section_trivia.layout())
        if label and (url is None or _clean(url)):
            sections.append(_make_section(*fields))
        else:
            sections.append(build(page, raw.pos, {"": 3, "url": len(raw.label) + 5}, Section, *fields))
    trivia.gap("end", page.end_gap, gap_of(st.listing_gaps, gaps.previous, "end"))
    return _make_front(st.lang, tuple(sections), trivia.layout(final_newline=page.final_newline))


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
    for i, section in enumerate(f.sections):
        slay = section.layout
        if section.url is None:
            w.line("section", "## " + usable_text(slay, "label", section.label, st, "label", "label"), slay.gap("line"))  # type: ignore[operator]
        else:
            # A date-shaped label is safe as written anywhere but first, where it would make
            # the page read as a day page.
            label = usable_text(slay, "label", section.label, st, "front", "front" if i == 0 else "link")
            w.line("section", f"## [{label}]({section.url})", slay.gap("line"))
        _write_entries(w, section.entries, st)
        if "rule" not in slay.omit:
            w.line("rule", "---", slay.gap("rule"))
    return w.finish(lay)


def front_anchors(page: Page) -> dict[str, int]:
    formats, raws = scan_front(page)
    rows = page.rows
    lines = {} if formats is None else {"formats": rows[formats] + 1}
    for i, raw in enumerate(raws):
        lines[f"sections[{i}]"] = rows[raw.pos] + 1
        for j, entry in enumerate(raw.entries):
            lines[f"sections[{i}].entries[{j}]"] = rows[entry.entry] + 1
    return lines
