"""The front page: day sections (``## [Label](/news/...)`` or ``## Opinion``), each with its
entries and a ``---`` rule.
"""

from __future__ import annotations

from typing import NamedTuple

from ..links import ArchiveURL, as_link
from ..model import (
    FrontPage,
    Section,
    trusted,
)
from ._build import (
    build,
    clean_link,
    split_link,
    text_value,
    usable_text,
)
from ._fields import (
    formats_line,
    lang_of_link,
    looks_like_link,
    read_text,
)
from ._lines import LineWriter, Page, Trivia, gap_of
from ._styles import STYLES, ZH_MARKERS, guess_lang
from .entries import Gaps, RawEntry, build_entries, entries_lang, formats_at, page_formats, scan_entries, write_entries

__all__ = ("RawSection", "scan_front", "build_front", "read_front", "write_front", "front_anchors")


class RawSection(NamedTuple):
    pos: int
    label: str
    url: str | None
    entries: list[RawEntry]
    rule: int | None


_make_section = trusted(Section)

_make_front = trusted(FrontPage)

_FRONT_FORMATS = formats_line("/index")


def scan_front(page: Page) -> tuple[int | None, list[RawSection]]:
    pos, formats = formats_at(page)
    sections: list[RawSection] = []
    while (line := page.at(pos)) is not None and line.startswith("## "):
        section_pos = pos
        url: str | None = None
        if looks_like_link(line[3:]):
            label, url = split_link(page, pos, 3, "section")
        else:
            label = line[3:]
        pos, entries = scan_entries(page, pos + 1)
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
        found = found or entries_lang(page, raw.entries)
        if found is not None:
            break
    st = STYLES[forced or guess_lang(found, hint.lang if hint else None)]
    trivia = Trivia()
    gaps = Gaps(st.listing_gaps, "start")
    page_formats(page, trivia, formats, _FRONT_FORMATS if st.formats else None, gaps)
    sections = []
    for raw in raws:
        section_trivia = Trivia()
        gaps.note(section_trivia, "line", page.gaps[raw.pos], "section")
        kind = "front" if raw.url is not None else "label"
        label = text_value(section_trivia, "label", raw.label, st, kind)
        entries = tuple(build_entries(page, raw.entries, st, gaps))
        if raw.rule is not None:
            gaps.note(section_trivia, "rule", page.gaps[raw.rule], "rule")
        else:
            section_trivia.leave_out("rule")
        url = as_link(raw.url) if raw.url is not None else None
        fields = (label, url, entries, section_trivia.layout())
        if label and (url is None or clean_link(url)):
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
        write_entries(w, section.entries, st)
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
