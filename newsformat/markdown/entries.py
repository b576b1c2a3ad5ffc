"""Entries: the events listed on day pages and front pages, cut, made and written.

An entry is an optional ``##### Category`` line, a ``### [Title](/news/...)`` line, and an
optional line under it: a summary or a ``_Context: A, B_`` note. Day pages and front pages
list them alike; their blank lines follow the edition's listing table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, cast

from .._recent import Recent
from ..links import as_link
from ..model import (
    CANONICAL_LAYOUT,
    Entry,
    shared_layout,
    trusted,
)
from ._build import (
    build,
    clean_link,
    plain_text,
    split_link,
    text_value,
    usable_text,
)
from ._fields import (
    is_note,
    is_plain,
    lang_of_link,
    may_link_an_edition,
    quick_contexts,
    read_contexts,
    write_contexts,
)
from ._lines import Gaps, LineWriter, Page, Trivia
from ._styles import Style

__all__ = (
    "RawEntry",
    "Gaps",
    "scan_entries",
    "entries_lang",
    "build_entries",
    "write_entries",
    "page_formats",
    "formats_at",
)


class RawEntry(NamedTuple):
    """An entry as written; its lines are given by their position on the page."""

    category: int | None
    entry: int
    title: str
    url: str
    under: int | None  # the line under the entry: a note or a summary
    under_kind: str  # "contexts", "summary" or ""


_make_entry = trusted(Entry)


def scan_entries(page: Page, pos: int) -> tuple[int, list[RawEntry]]:
    entries: list[RawEntry] = []
    texts = page.texts
    end = len(texts)
    while pos < end and ((line := texts[pos]).startswith("### [") or line.startswith("#####")):
        category = None
        if line[3] == "#":
            if not line.startswith("##### "):
                page.fail("Expected a space after '#####' in the category line", pos, 5)
            category, pos = pos, pos + 1
            if pos == end or not texts[pos].startswith("### ["):
                page.fail("Expected an entry '### [Title](/news/...)' after the category line", pos)
        title, url = split_link(page, pos, 4, "entry")
        entry = pos
        pos += 1
        under, kind = None, ""
        if pos < end:
            line = texts[pos]
            if is_note(line):
                under, kind = pos, "contexts"
            elif is_plain(line):
                under, kind = pos, "summary"
        if under is not None:
            pos += 1
        entries.append(RawEntry(category, entry, title, url, under, kind))
    return pos, entries


def entries_lang(page: Page, entries: Iterable[RawEntry]) -> str | None:
    """The edition the first entry linking into one (other than English) says, if any."""
    if not may_link_an_edition(page.doc):
        return None
    for entry in entries:
        if (lang := lang_of_link(as_link(entry.url))) is not None:
            return lang
    return None


# Entries come back across an archive's pages (a Chinese day folder's README.md is its
# index.md, the front page lists the days' entries): an entry met before, with the same lines
# and blank lines after an element of the same kind, is shared, as list items are.
_SHARED: Recent[tuple[str | int | None, ...], tuple[Entry, str]] = Recent(1 << 14)


def build_entries(page: Page, raws: list[RawEntry], st: Style, gaps: Gaps) -> list[Entry]:
    """The entries of a listing: shared, made the quick way, or read in full."""
    entries = []
    texts, blanks = page.texts, page.gaps
    for raw in raws:
        previous = gaps.previous
        category, under = raw.category, raw.under
        key = (
            st.lang,
            previous,
            texts[raw.entry],
            blanks[raw.entry],
            None if category is None else texts[category],
            0 if category is None else blanks[category],
            None if under is None else texts[under],
            0 if under is None else blanks[under],
        )
        shared = _SHARED.get(key)
        if shared is not None:
            entry, gaps.previous = shared
        else:
            quick = _quick_entry(page, raw, st, gaps)
            if quick is None:
                gaps.previous = previous
            entry = quick or _full_entry(page, raw, st, gaps)
            _SHARED.keep(key, (entry, gaps.previous))
        entries.append(entry)
    return entries


def _quick_entry(page: Page, raw: RawEntry, st: Style, gaps: Gaps) -> Entry | None:
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
    if title is None or not clean_link(url):
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


def _full_entry(page: Page, raw: RawEntry, st: Style, gaps: Gaps) -> Entry:
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
    if title and clean_link(url):
        return _make_entry(*fields)
    return build(page, raw.entry, {"": 4, "url": len(raw.title) + 6}, Entry, *fields)


def write_entries(w: LineWriter, entries: Iterable[Entry], st: Style) -> None:
    for entry in entries:
        lay = entry.layout
        category = usable_text(lay, "category", entry.category, st, "text", "heading")
        if category is not None:
            w.line("category", "##### " + category, lay.gap("category"))
        title = usable_text(lay, "title", entry.title, st, "title", "link")
        w.line("entry", f"### [{title}]({entry.url})", lay.gap("line"))
        # A kept note that reads as no contexts stands only where there is no summary either:
        # the line under an entry is one or the other.
        spelled = lay.spelling("note") if entry.summary is None else None
        note = spelled if spelled is not None and read_contexts(spelled) == entry.contexts else None
        note = note if note is not None else write_contexts(entry.contexts, st.context)
        if note is not None:
            w.line("contexts", f"_{note}_", lay.gap("note"))
            continue
        summary = usable_text(lay, "summary", entry.summary, st, "line", "line")
        if summary is not None:
            w.line("summary", summary, lay.gap("summary"))


def formats_at(page: Page) -> tuple[int, int | None]:
    """Where the page's elements start after its Formats line, and that line's position."""
    return (1, 0) if page.texts[0].startswith("Formats:") else (0, None)


def page_formats(page: Page, trivia: Trivia, found: int | None, canonical: str | None, gaps: Gaps) -> None:
    if found is not None:
        gaps.note(trivia, "formats", page.gaps[found], "formats")
        if page.texts[found] != canonical:
            trivia.spell("formats", page.texts[found])
    elif canonical is not None:
        trivia.leave_out("formats")
