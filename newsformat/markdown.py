"""The archive's Markdown dialect: read and write event, day and front pages byte for byte.

Each page kind has a grammar (``_read_*``) and a writer (``_write_*``) that walk the same
elements in the same order. The reader keeps every departure from the canonical layout in
the record's :class:`~newsformat.model.Layout`; the writer applies it. A page is accepted
only when writing its record gives back the page exactly, so whatever :func:`loads` accepts,
:func:`dumps` returns unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import partial
from operator import attrgetter
from typing import Any, Final, NamedTuple, TypeVar, cast

from ._lines import (
    ITEM,
    Canon,
    GapTable,
    LineReader,
    LineWriter,
    is_note,
    is_plain,
    parse_date_label,
    read_contexts,
    read_optional,
    read_text,
    write_contexts,
    write_line_text,
    write_link_text,
    write_text,
)
from ._text import encode
from .errors import FieldValueError, NotAPageError, ParseError
from .links import ArchiveURL, Link, as_link
from .model import Change, DayIndex, Entry, Event, FrontPage, Record, Related, Section, Source

T = TypeVar("T")

__all__ = ("loads", "dumps", "kind_of", "anchor_lines")


# --- house styles ------------------------------------------------------------------------


class Style(NamedTuple):
    """What an edition writes where the layout is the same but the words differ."""

    sources: str
    related: str
    changes: str
    context: str
    previous: str
    formats: bool  # whether its event and day pages start with a Formats line
    title_pad: str  # what follows a title on its line: the English edition leaves a space
    html_lines: bool  # whether running text (body, summary) has its quotes as entities


_STYLES: Final = {
    "en": Style("Sources:", "Related:", "Changes:", "Context", "Previous Day...", True, " ", True),
    "zh": Style("信息来源:", "有关:", "Changes:", "消息", "前一天...", False, "", False),
}


def _make_canon(st: Style) -> Canon:
    """The canonical spelling of each kind of text field in an edition."""

    def canon(kind: str, value: str) -> tuple[str, str, str]:
        if kind == "title":  # "# Title", "### [Title](", "1. [Title]("
            return "", write_link_text(value), st.title_pad
        if kind == "name":  # "1. [Name](", "## [Label]("
            return "", write_link_text(value), ""
        if kind == "label":  # "## Opinion": not to be read as a link
            return "", _write_plain_label(value), ""
        if kind == "line":  # a body or summary line
            return "", write_line_text(value, html=st.html_lines), ""
        return "", write_text(value), ""  # "##### Category", "## Label"

    return canon


_CANONS: Final = {lang: _make_canon(st) for lang, st in _STYLES.items()}


def canon(lang: str) -> Canon:
    return _CANONS.get(lang, _CANONS["en"])


_SECTION_KEYS: Final = {
    "Sources:": "sources",
    "Source:": "sources",  # the legacy English layout
    "信息来源:": "sources",
    "Related:": "related",
    "有关:": "related",
    "Changes:": "changes",
}
_ZH_MARKERS: Final = frozenset({"信息来源:", "有关:", "消息", "前一天...", "今天", "昨天", "昨天前一天"})
_SECTION_ORDER: Final = ("sources", "changes", "related")
_CJK: Final = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CHANGE_NOTE: Final = re.compile(r"(?:([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}) )?\((.*)\)")


def style(lang: str) -> Style:
    """The house style of an edition; editions newsformat does not know are written as English."""
    return _STYLES.get(lang, _STYLES["en"])


# Canonical blank lines between element kinds, as the archive's generator wrote them.
# An event page's body is a line that is empty when there is no body: that is why four blank
# lines follow a title with no body and two follow a body.
EVENT_GAPS: Final[GapTable] = {
    ("start", "formats"): 1,
    ("formats", "date"): 1,
    ("date", "category"): 1,
    ("date", "title"): 1,
    ("title", "body"): 1,
    ("title", "heading"): 4,
    ("body", "heading"): 2,
    ("heading", "item"): 1,
    ("item", "heading"): 1,
    ("title", "end"): 3,
    ("body", "end"): 1,
}

_EN_LISTING: Final[GapTable] = {
    ("start", "formats"): 1,
    ("formats", "date"): 1,
    ("formats", "section"): 1,
    **{(a, b): 1 for a in ("date", "section") for b in ("category", "entry", "previous", "rule")},
    **{(a, b): 1 for a in ("entry", "summary", "contexts") for b in ("category", "entry", "previous", "rule")},
    ("rule", "section"): 1,
    ("previous", "end"): 1,
}
_ZH_LISTING: Final[GapTable] = {
    ("start", "section"): 2,
    **{(a, b): 1 for a in ("date", "section") for b in ("category", "entry", "previous", "rule")},
    ("rule", "section"): 1,
    ("rule", "end"): 1,
    ("previous", "end"): 1,
}


def listing_gaps(lang: str) -> GapTable:
    """Canonical gaps of day pages and front pages, which differ between editions."""
    return _ZH_LISTING if lang == "zh" else _EN_LISTING


# --- shared pieces -----------------------------------------------------------------------


def _split_link(r: LineReader, line: str, start: int, what: str) -> tuple[str, str]:
    """``[text](url)`` from ``start`` (the '[') to the end of ``line``."""
    close = line.find("](", start + 1)
    if close < 0:
        r.fail(f"Expected '](' closing the {what} link text", len(line), back=1)
    if not line.endswith(")"):
        r.fail(f"Expected ')' at the end of the {what} link", len(line), back=1)
    return line[start + 1 : close], line[close + 2 : -1]


def _read_date(r: LineReader, label: str, column: int) -> dt.date:
    parts = parse_date_label(label)
    if parts is None:
        r.fail(f"Expected a date such as 2011-11-3, found {label!r}", column, back=1)
    try:
        return dt.date(*parts)
    except ValueError as exc:
        r.fail(f"Invalid date {label!r}: {exc}", column, back=1)


def _date_label(date: dt.date) -> str:
    return f"{date.year}-{date.month:02d}-{date.day}"


def _read_date_or_none(label: str) -> dt.date | None:
    parts = parse_date_label(label)
    try:
        return None if parts is None else dt.date(*parts)
    except ValueError:
        return None


def _formats_line(base: str) -> str:
    return f"Formats: [HTML]({base}.html)  [JSON]({base}.json)  [XML]({base}.xml)  "


def _event_formats(url: ArchiveURL, st: Style) -> str | None:
    """An event page's canonical Formats line: the editions that have one link its siblings."""
    return _formats_line(str(url)[: -len(".md")]) if st.formats else None


def _formats_slug(line: str) -> ArchiveURL | None:
    m = re.match(r"Formats: \[HTML\]\(([^)\s]*)\)", line)
    link = as_link(m[1]) if m else None
    return link if isinstance(link, ArchiveURL) and link.slug is not None else None


def _still_names(spelled: str | None, date: dt.date, slug: str | None) -> str | None:
    """A spelled Formats line or date link, if it still names the record's own page: once the
    record's date or slug is edited, the canonical line is written instead."""
    if spelled is None:
        return None
    link = _formats_slug(spelled) if spelled.startswith("Formats:") else as_link(spelled)
    if isinstance(link, ArchiveURL) and (link.date != date or (link.slug is not None and link.slug != slug)):
        return None
    return spelled


def _settle_formats(r: LineReader, formats: str | None, canonical: str | None) -> None:
    """Record how the page's Formats line departs from the canonical one (or its absence)."""
    if formats is None and canonical is not None:
        r.omit.append("formats")
    elif formats is not None and formats != canonical:
        r.spellings["formats"] = formats


def _write_formats(w: LineWriter, spelled: str | None, canonical: str | None) -> None:
    """Write the spelled Formats line, else the canonical one unless the layout omits it."""
    if spelled is not None:
        w.line("formats", "formats", spelled)
    elif canonical is not None and "formats" not in w.omit:
        w.line("formats", "formats", canonical)


def _contexts_note(contexts: tuple[str, ...], st: Style) -> str | None:
    """The canonical ``Context: A, B`` note of an edition, or none without contexts."""
    return write_contexts(contexts, st.context) if contexts else None


class _Deferred(NamedTuple):
    """A spelling that can only be judged once the page's edition is known."""

    anchor: str
    raw: str | None
    canonical: Callable[[Style], str | None]


def _settle(r: LineReader, deferred: Iterable[_Deferred], st: Style) -> None:
    for anchor, raw, canonical in deferred:
        if raw is not None and raw != canonical(st):
            r.spellings[anchor] = raw


def _guess_lang(found: str | None, hint: ArchiveURL | None, title: str = "") -> str:
    """The page's edition: what the page says (labels, links), then where it lives, then its
    script. A caller's ``lang=`` bypasses this (see :func:`loads`)."""
    if found is not None:
        return found
    if hint is not None and hint.lang != "en":  # an explicit edition folder such as zh/
        return hint.lang
    return "zh" if _CJK.search(title) else "en"


def _lang_of_link(link: Link | None) -> str | None:
    return link.lang if isinstance(link, ArchiveURL) and link.lang != "en" else None


def _build(r: LineReader, cls: Callable[..., T], *args: Any, at: tuple[int, int] | None = None, **kwargs: Any) -> T:
    """Make a record of what was read; a value the record refuses is a ParseError, at ``at``
    (the reader's index of the element, a column in it) or else at the top of the page."""
    try:
        return cls(*args, **kwargs)
    except (ValueError, TypeError) as exc:
        msg = f"Invalid {exc.field}: {exc.reason}" if isinstance(exc, FieldValueError) else f"Invalid page: {exc}"
        if at is None:
            raise ParseError(msg, r.doc, 0) from None
        index, column = at
        r.fail(msg, column, back=r.pos - index)


# --- event pages -------------------------------------------------------------------------


def _read_note(tail: str) -> tuple[str, str | None]:
    """Split ``url) _note_`` into url and note (None when there is no note)."""
    k = tail.find(") _")
    if k >= 0 and tail.endswith("_") and len(tail) >= k + 4:
        return tail[:k], tail[k + 3 : -1]
    return tail[:-1], None


def _read_change_note(note: str | None) -> tuple[dt.datetime | None, str]:
    if note is None:
        return None, ""
    m = _CHANGE_NOTE.fullmatch(note)
    if m is None:
        return None, read_text(note)
    stamp = None
    if m[1] is not None:
        try:
            stamp = dt.datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return None, read_text(note)
    return stamp, read_text(m[2])


def _write_change_note(value: tuple[dt.datetime | None, str]) -> str | None:
    stamp, label = value
    if stamp is None and not label:
        return None
    label = encode(label)
    return f"({label})" if stamp is None else f"{stamp:%Y-%m-%d %H:%M:%S} ({label})"


def _read_event(r: LineReader, hint: ArchiveURL | None, forced: str | None) -> Event:
    deferred: list[_Deferred] = []
    found_lang: str | None = None
    formats = r.take("formats", "formats") if r.peek().startswith("Formats:") else None  # type: ignore[union-attr]

    line = r.peek()
    if line is None or not line.startswith("### ["):
        r.fail("Expected the date heading '### [YYYY-MM-D](/news/YYYY/MM/D/index.md)'")
    line = r.take("date", "date")
    label, date_url = _split_link(r, line, 4, "date")
    date = _read_date(r, label, 5)
    if label != _date_label(date):
        r.spellings["date"] = label
    if date_url != str(ArchiveURL(date)):  # event pages of every edition link /news/...
        r.spellings["date.url"] = date_url

    category = None
    if (line := r.peek()) is not None and line.startswith("#####"):
        if not line.startswith("##### "):
            r.fail("Expected a space after '#####' in the category line", 5)
        category = _read_optional_text(r, "category", r.take("category", "category")[6:], "text")

    line = r.peek()
    if line is None or not line.startswith("# "):
        r.fail("Expected the title line '# Title'")
    title = r.text("title", r.take("title", "title")[2:], "title")

    body = None
    if (line := r.peek()) is not None and is_plain(line):
        body = _read_optional_text(r, "body", r.take("body", "body"), "line")

    lists: dict[str, list[Source | Related | Change]] = {}
    while (line := r.peek()) is not None and line.startswith("### ") and not line.startswith("### ["):
        label = line[4:]
        key = _SECTION_KEYS.get(label)
        if key is None:
            r.fail(f"Expected a section heading such as '### Sources:', found {line!r}", 4)
        if key in lists:
            r.fail(f"Duplicate section {line!r}", 4)
        r.take(key, "heading")
        if label in _ZH_MARKERS:
            found_lang = "zh"
        deferred.append(_Deferred(key, label, attrgetter(key)))
        items: list[Source | Related | Change] = []
        lists[key] = items
        while (line := r.peek()) is not None and (m := ITEM.match(line)) is not None:
            anchor = f"{key}[{len(items)}]"
            r.take(anchor, "item")
            at = (r.pos - 1, m.end())
            if m[1] != str(len(items) + 1):
                r.spellings[anchor + ".number"] = m[1]
            close = line.find("](", m.end())
            if close < 0:
                r.fail("Expected '](' closing the list item's link text", len(line), back=1)
            text, tail = line[m.end() : close], line[close + 2 :]
            if key == "sources":
                if not tail.endswith(")"):
                    r.fail("Expected ')' at the end of the source link", len(line), back=1)
                url, _, image = tail[:-1].partition(") [IMG](")
                items.append(_build(r, Source, r.text(anchor + ".name", text, "name"), url, image or None, at=at))
                continue
            if not tail.endswith((")", "_")):
                r.fail("Expected ')' or a note '_..._' at the end of the list item", len(line), back=1)
            url, note = _read_note(tail)
            link = as_link(url)
            found_lang = found_lang or _lang_of_link(link)
            title_value = r.text(anchor + ".title", text, "title")
            if key == "related":
                contexts = read_contexts(note) if note is not None else ()
                deferred.append(_Deferred(anchor + ".note", note, partial(_contexts_note, contexts)))
                items.append(_build(r, Related, title_value, link, contexts, at=at))
            else:
                stamp, change_label = r.field(anchor + ".note", note, _read_change_note, _write_change_note)  # type: ignore[arg-type]
                items.append(_build(r, Change, title_value, link, change_label, stamp, at=at))
        if not items:
            r.fail(f"Expected a numbered list '1. [...](...)' under '### {label}'")
    r.expect_end("a section heading such as '### Sources:' or the end of the page")

    lang = forced or _guess_lang(found_lang, hint, title)
    st = style(lang)
    _settle(r, deferred, st)
    from_formats = _formats_slug(formats) if formats is not None else None
    slug = from_formats.slug if from_formats is not None else (hint.slug if hint is not None else None)
    _settle_formats(r, formats, _event_formats(ArchiveURL(date, slug, lang), st) if slug else None)
    present = [k for k in _SECTION_ORDER if k in lists]
    order = tuple(lists) if list(lists) != present else ()
    layout = r.layout(EVENT_GAPS, canon(lang), order)
    return _build(
        r,
        Event,
        date=date,
        title=title,
        lang=lang,
        slug=slug,
        category=category,
        body=body,
        sources=lists.get("sources", ()),
        related=lists.get("related", ()),
        changes=lists.get("changes", ()),
        layout=layout,
    )


def _read_optional_text(r: LineReader, anchor: str, raw: str, kind: str) -> str | None:
    """A text field that may be empty on the page (``##### ``); the record holds None."""
    if not read_text(raw):
        r.spellings[anchor] = raw  # so that the empty line is written back
        return None
    return r.text(anchor, raw, kind)


def _write_optional(w: LineWriter, anchor: str, kind: str, prefix: str, value: str | None, text_kind: str) -> None:
    if value is not None:
        w.line(anchor, kind, prefix + w.text(anchor, value, text_kind))
    elif w.has(anchor, None, read_optional):
        w.line(anchor, kind, prefix + w.spellings[anchor])


def _write_event(e: Event) -> str:
    st = style(e.lang)
    w = LineWriter(e.layout, EVENT_GAPS, canon(e.lang))
    _write_formats(
        w, _still_names(w.spellings.get("formats"), e.date, e.slug), _event_formats(e.url, st) if e.url else None
    )
    label = w.field("date", e.date, _read_date_or_none, _date_label)
    date_url = _still_names(w.spellings.get("date.url"), e.date, None) or ArchiveURL(e.date)
    w.line("date", "date", f"### [{label}]({date_url})")
    _write_optional(w, "category", "category", "##### ", e.category, "text")
    w.line("title", "title", "# " + w.text("title", e.title, "title"))
    _write_optional(w, "body", "body", "", e.body, "line")
    present = [k for k in _SECTION_ORDER if getattr(e, k)]
    order = [k for k in e.layout.order if k in present] if e.layout.order else present
    order += [k for k in present if k not in order]
    for key in order:
        w.line(key, "heading", "### " + w.field(key, key, _SECTION_KEYS.get, lambda k: str(getattr(st, k))))
        for i, item in enumerate(getattr(e, key)):
            anchor = f"{key}[{i}]"
            number = w.spellings.get(anchor + ".number") or str(i + 1)
            if isinstance(item, Source):
                tail = f"{item.url}) [IMG]({item.image})" if item.image is not None else f"{item.url})"
                w.line(anchor, "item", f"{number}. [{w.text(anchor + '.name', item.name, 'name')}]({tail}")
                continue
            head = f"{number}. [{w.text(anchor + '.title', item.title, 'title')}]({item.url})"
            if isinstance(item, Related):
                note = w.field(anchor + ".note", item.contexts, _contexts_or_empty, partial(_contexts_note, st=st))
            else:
                note = w.field(anchor + ".note", (item.timestamp, item.label), _read_change_note, _write_change_note)
            w.line(anchor, "item", head if note is None else f"{head} _{note}_")
    return w.finish()


def _contexts_or_empty(note: str | None) -> tuple[str, ...]:
    return () if note is None else read_contexts(note)


# --- listings: day pages and the front page ----------------------------------------------


def _read_entries(r: LineReader, prefix: str, deferred: list[_Deferred]) -> list[Entry]:
    entries: list[Entry] = []
    while (line := r.peek()) is not None and (line.startswith("#####") or line.startswith("### [")):
        anchor = f"{prefix}[{len(entries)}]"
        category = None
        if line.startswith("#####"):
            if not line.startswith("##### "):
                r.fail("Expected a space after '#####' in the category line", 5)
            category = _read_optional_text(
                r, anchor + ".category", r.take(anchor + ".category", "category")[6:], "text"
            )
            line = r.peek()
            if line is None or not line.startswith("### ["):
                r.fail("Expected an entry '### [Title](/news/...)' after the category line")
        line = r.take(anchor, "entry")
        at = (r.pos - 1, 4)
        text, url = _split_link(r, line, 4, "entry")
        title = r.text(anchor + ".title", text, "title")
        summary, contexts = None, cast("tuple[str, ...]", ())
        if (line := r.peek()) is not None and is_note(line):
            r.take(anchor + ".note", "contexts")
            note = line[1:-1]
            contexts = read_contexts(note)
            deferred.append(_Deferred(anchor + ".note", note, partial(_contexts_note, contexts)))
        elif line is not None and is_plain(line):
            summary = _read_optional_text(r, anchor + ".summary", r.take(anchor + ".summary", "summary"), "line")
        entries.append(_build(r, Entry, title, url, category, summary, contexts, at=at))
    return entries


def _write_entries(w: LineWriter, prefix: str, entries: Iterable[Entry], st: Style) -> None:
    for i, entry in enumerate(entries):
        anchor = f"{prefix}[{i}]"
        _write_optional(w, anchor + ".category", "category", "##### ", entry.category, "text")
        w.line(anchor, "entry", f"### [{w.text(anchor + '.title', entry.title, 'title')}]({entry.url})")
        note = w.field(anchor + ".note", entry.contexts, _contexts_or_empty, partial(_contexts_note, st=st))
        if note is not None:
            w.line(anchor + ".note", "contexts", f"_{note}_")
        else:
            _write_optional(w, anchor + ".summary", "summary", "", entry.summary, "line")


def _entries_lang(entries: Iterable[Entry]) -> str | None:
    for entry in entries:
        if (lang := _lang_of_link(entry.url)) is not None:
            return lang
    return None


def _day_formats(date: dt.date) -> str:
    # Day pages link their formats relative to the archive root, without a leading '/'.
    return _formats_line(str(ArchiveURL(date))[len("/news/") : -len(".md")])


def _read_day(r: LineReader, hint: ArchiveURL | None, forced: str | None) -> DayIndex:
    deferred: list[_Deferred] = []
    formats = r.take("formats", "formats") if r.peek().startswith("Formats:") else None  # type: ignore[union-attr]
    line = r.take("date", "date")
    label, date_url = _split_link(r, line, 3, "date")
    date = _read_date(r, label, 4)
    if label != _date_label(date):
        r.spellings["date"] = label
    entries = _read_entries(r, "entries", deferred)
    previous: Link | None = None
    previous_label: str | None = None
    if (peeked := r.peek()) is not None and peeked.startswith("## ["):
        previous_label, previous_url = _split_link(r, r.take("previous", "previous"), 3, "previous day")
        previous = as_link(previous_url)
    r.expect_end("an entry '### [Title](/news/...)', the previous-day link or the end of the page")

    found = _lang_of_link(as_link(date_url)) or _lang_of_link(previous) or _entries_lang(entries)
    if found is None and previous_label in _ZH_MARKERS:
        found = "zh"
    lang = forced or _guess_lang(found, hint, entries[0].title if entries else "")
    st = style(lang)
    _settle(r, deferred, st)
    if date_url != str(ArchiveURL(date, None, lang)):
        r.spellings["date.url"] = date_url
    if previous_label is not None and previous_label != st.previous:
        r.spellings["previous.label"] = previous_label
    _settle_formats(r, formats, _day_formats(date) if st.formats else None)
    layout = r.layout(listing_gaps(lang), canon(lang))
    return _build(r, DayIndex, date, lang, entries, previous, layout)


def _write_day(d: DayIndex) -> str:
    st = style(d.lang)
    w = LineWriter(d.layout, listing_gaps(d.lang), canon(d.lang))
    _write_formats(
        w, _still_names(w.spellings.get("formats"), d.date, None), _day_formats(d.date) if st.formats else None
    )
    label = w.field("date", d.date, _read_date_or_none, _date_label)
    w.line("date", "date", f"## [{label}]({_still_names(w.spellings.get('date.url'), d.date, None) or d.url})")
    _write_entries(w, "entries", d.entries, st)
    if d.previous is not None:
        w.line("previous", "previous", f"## [{w.spellings.get('previous.label') or st.previous}]({d.previous})")
    return w.finish()


_FRONT_FORMATS: Final = _formats_line("/index")


def _read_front(r: LineReader, hint: ArchiveURL | None, forced: str | None) -> FrontPage:
    deferred: list[_Deferred] = []
    formats = r.take("formats", "formats") if r.peek().startswith("Formats:") else None  # type: ignore[union-attr]
    sections: list[Section] = []
    found: str | None = None
    while (line := r.peek()) is not None and line.startswith("## "):
        anchor = f"sections[{len(sections)}]"
        r.take(anchor, "section")
        at = (r.pos - 1, 3)
        url: Link | None = None
        if line.startswith("## [") and line.endswith(")") and "](" in line:
            raw_label, raw_url = _split_link(r, line, 3, "section")
            url = as_link(raw_url)
            label = r.text(anchor + ".label", raw_label, "name")
        else:
            label = r.text(anchor + ".label", line[3:], "label")
        if _is_zh_label(label):
            found = "zh"
        entries = _read_entries(r, anchor + ".entries", deferred)
        found = found or _lang_of_link(url) or _entries_lang(entries)
        if r.peek() == "---":
            r.take(anchor + ".rule", "rule")
        else:
            r.omit.append(anchor + ".rule")
        sections.append(_build(r, Section, label, url, entries, at=at))
    if not sections:
        r.fail("Expected a section heading '## [Label](/news/...)'")
    r.expect_end("a section heading '## [Label](/news/...)' or the end of the page")
    lang = forced or _guess_lang(found, hint)
    st = style(lang)
    _settle(r, deferred, st)
    _settle_formats(r, formats, _FRONT_FORMATS if st.formats else None)
    layout = r.layout(listing_gaps(lang), canon(lang))
    return _build(r, FrontPage, lang, sections, layout)


def _is_zh_label(label: str) -> bool:
    return label in _ZH_MARKERS


def _write_plain_label(value: str) -> str:
    """A heading label with no link: escape a leading '[' so it is not read as a link."""
    text = encode(value)
    return f"&#91;{text[1:]}" if text.startswith("[") and text.endswith(")") and "](" in text else text


def _write_front(f: FrontPage) -> str:
    st = style(f.lang)
    w = LineWriter(f.layout, listing_gaps(f.lang), canon(f.lang))
    _write_formats(w, w.spellings.get("formats"), _FRONT_FORMATS if st.formats else None)
    for i, section in enumerate(f.sections):
        anchor = f"sections[{i}]"
        if section.url is None:
            w.line(anchor, "section", "## " + w.text(anchor + ".label", section.label, "label"))
        else:
            w.line(anchor, "section", f"## [{w.text(anchor + '.label', section.label, 'name')}]({section.url})")
        _write_entries(w, anchor + ".entries", section.entries, st)
        if anchor + ".rule" not in w.omit:
            w.line(anchor + ".rule", "rule", "---")
    return w.finish()


# --- public functions --------------------------------------------------------------------


def kind_of(r: LineReader) -> str:
    """Which kind of page the elements make: "event", "day" or "front"."""
    first = r.elements[0][1]
    if first.startswith("Formats:") and len(r.elements) > 1:
        first = r.elements[1][1]
    if first.startswith("### ["):
        return "event"
    if first.startswith("## "):
        if first.startswith("## [") and "](" in first:
            label = first[4 : first.index("](")]
            if parse_date_label(label) is not None:
                return "day"
        return "front"
    raise NotAPageError(
        "Expected a page: a date heading '### [YYYY-MM-D](...)' (event), '## [YYYY-MM-D](...)' (day page) "
        "or '## [Label](...)' (front page)",
        r.doc,
        r.offsets[r.elements[1 if r.elements[0][1].startswith("Formats:") and len(r.elements) > 1 else 0][0]],
    )


_READERS: Final[dict[str, Callable[[LineReader, ArchiveURL | None, str | None], Record]]] = {
    "event": _read_event,
    "day": _read_day,
    "front": _read_front,
}


def loads(text: str, *, url: ArchiveURL | None = None, lang: str | None = None) -> Record:
    """Read a page of the archive's Markdown.

    Args:
        text: The page.
        url: Where the page lives, when known: gives the edition, date and slug the page
            itself does not say (legacy pages name their slug only in their file name).
        lang: The edition, when known; otherwise it is read off the page (its labels and
            links, then ``url``, then its script). Front pages say little of it.

    Raises:
        ParseError: The text is not a page newsformat can read and give back exactly.
    """
    r = LineReader(text)
    record = _READERS[kind_of(r)](r, url, lang)
    written = dumps(record)
    if written != text:
        _refuse_inexact(text, written)
    return record


def anchor_lines(text: str, *, url: ArchiveURL | None = None) -> dict[str, int]:
    """The line number (from 1) of each element of a page, by anchor; for reporting findings."""
    r = LineReader(text)
    _READERS[kind_of(r)](r, url, None)
    return r.anchor_lines


def _refuse_inexact(text: str, written: str) -> None:
    pos = next((i for i, (a, b) in enumerate(zip(text, written, strict=False)) if a != b), min(len(text), len(written)))
    raise ParseError("This page's layout cannot be written back exactly", text, text.rfind("\n", 0, pos) + 1)


def dumps(record: Record) -> str:
    """Write a record as a page of the archive's Markdown."""
    if isinstance(record, Event):
        return _write_event(record)
    if isinstance(record, DayIndex):
        return _write_day(record)
    if isinstance(record, FrontPage):
        return _write_front(record)
    raise TypeError(f"Expected an Event, DayIndex or FrontPage, not {type(record).__name__}")
