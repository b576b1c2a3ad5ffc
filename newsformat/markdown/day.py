"""Day pages (``news/YYYY/MM/D/index.md``): a date heading, the day's entries, a link back.

:func:`scan_day` cuts a page into raw fields, :func:`build_day` makes the record once the
edition is known, and :func:`write_day` walks the same elements in the same order.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..links import EDITIONS, ArchiveURL, Link, as_link
from ..model import (
    DayIndex,
    trusted,
)
from ._build import (
    build,
    check_date_link,
    clean_link,
    day_link,
    read_date,
    split_link,
    write_date_heading,
)
from ._fields import (
    formats_line,
    lang_of_link,
    write_date_label,
)
from ._lines import LineWriter, Page, Trivia, gap_of
from ._styles import STYLES, ZH_MARKERS, Style, guess_lang
from .entries import Gaps, RawEntry, build_entries, entries_lang, formats_at, page_formats, scan_entries, write_entries

__all__ = ("RawDay", "scan_day", "build_day", "read_day", "write_day", "day_anchors")


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


_make_day = trusted(DayIndex)


def _day_formats(date: dt.date, st: Style) -> str | None:
    # Day pages link their formats relative to the archive root, without a leading '/'.
    return formats_line(day_link(date, "en")[len("/news/") : -len(".md")]) if st.formats else None


def scan_day(page: Page) -> RawDay:
    pos, formats = formats_at(page)
    date = pos
    label, date_url = split_link(page, pos, 3, "date")
    day = read_date(page, pos, label, 4)
    pos, entries = scan_entries(page, pos + 1)
    previous, previous_label, previous_url = None, "", ""
    if (line := page.at(pos)) is not None and line.startswith("## ["):
        previous_label, previous_url = split_link(page, pos, 3, "previous day")
        previous, pos = pos, pos + 1
    page.expect_end(pos, "an entry '### [Title](/news/...)', the previous-day link or the end of the page")
    return RawDay(formats, date, label, date_url, day, entries, previous, previous_label, previous_url)


def build_day(page: Page, raw: RawDay, hint: ArchiveURL | None, forced: str | None) -> DayIndex:
    previous_link: Link | None = as_link(raw.previous_url) if raw.previous is not None else None
    found = _date_link_lang(raw) or lang_of_link(previous_link) or entries_lang(page, raw.entries)
    if found is None and raw.previous_label in ZH_MARKERS:
        found = "zh"
    lang = forced or guess_lang(found, hint.lang if hint else None, raw.entries[0].title if raw.entries else "")
    st = STYLES[lang]
    canonical_date_url = raw.date_url == day_link(raw.day, lang)
    if not canonical_date_url:
        check_date_link(page, raw.date, len(raw.date_label) + 6, raw.date_url, raw.day)
    named = _formats_date(page.texts[raw.formats]) if raw.formats is not None else None
    if named is not None and named != raw.day:
        page.fail(f"Expected the Formats line to link to its own page, not to one of {named}", 0, 8)
    trivia = Trivia()
    gaps = Gaps(st.listing_gaps, "start")
    page_formats(page, trivia, raw.formats, _day_formats(raw.day, st), gaps)
    gaps.note(trivia, "date", page.gaps[raw.date], "date")
    if raw.date_label != write_date_label(raw.day):
        trivia.spell("date", raw.date_label)
    if not canonical_date_url:
        trivia.spell("date.url", raw.date_url)
    entries = tuple(build_entries(page, raw.entries, st, gaps))
    if raw.previous is not None:
        gaps.note(trivia, "previous", page.gaps[raw.previous], "previous")
        if raw.previous_label != st.previous:
            trivia.spell("previous.label", raw.previous_label)
    trivia.gap("end", page.end_gap, gap_of(st.listing_gaps, gaps.previous, "end"))
    fields = (raw.day, lang, entries, previous_link, trivia.layout(final_newline=page.final_newline))
    if lang in EDITIONS and (previous_link is None or clean_link(previous_link)):
        return _make_day(*fields)
    return build(page, raw.previous or 0, len(raw.previous_label) + 6, DayIndex, *fields)


def _date_link_lang(raw: RawDay) -> str | None:
    """The edition the date heading's link says (when other than English). Most links are
    their day's canonical one, which says it without parsing the link."""
    for lang in STYLES:
        if raw.date_url == day_link(raw.day, lang):
            return None if lang == "en" else lang
    return lang_of_link(as_link(raw.date_url))


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
    write_entries(w, d.entries, st)
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
