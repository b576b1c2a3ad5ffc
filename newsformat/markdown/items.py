"""List items of event pages (sources, related events, changes): cut, made and written.

Items come back across an archive's pages (a related event is listed on many), so each
distinct item line is cut into its fields once, and an item at its canonical number and gap
is shared with the pages that had the same line. A new line takes the quick way when its
fields need no full reading (no entity, nothing escaped), else the full way, which keeps
every departure from the canonical spelling in the item's layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from .._recent import Recent
from ..links import ArchiveURL, as_link
from ..model import (
    CANONICAL_LAYOUT,
    Change,
    Layout,
    Related,
    Source,
    is_clean_link,
    shared_layout,
    trusted,
)
from ._build import (
    build,
    clean_link,
    plain_text,
    text_value,
    usable_text,
)
from ._fields import (
    lang_of_link,
    may_link_an_edition,
    quick_contexts,
    read_change_note,
    read_contexts,
    split_note,
    write_change_note,
    write_contexts,
)
from ._lines import Page, Trivia, gap_of
from ._styles import EVENT_GAPS, STYLES, Style

__all__ = ("RawItem", "cut", "build_items", "item_line", "items_lang")


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


# "<number>. [<text>](<tail>": the text runs to the first "](" (a "](" inside it is written
# escaped), the tail to the end of the line.
_ITEM_LINK: Final = re.compile(r"([0-9]+)\. \[(.*?)\]\((.*)")

_ITEM_NAMES: Final = {"sources": "source", "related": "related", "changes": "change"}

# The same item lines come back on many pages: what a line was cut into is remembered by its
# text after the number, which is all the cutting depends on.
CUTS: Final[dict[str, Recent[str, tuple[str, str, str | None, int]]]] = {
    key: Recent(1 << 14) for key in ("sources", "related", "changes")
}
"""For each kind of list, the item lines cut so far, by their text after the number."""


def cut(page: Page, pos: int, key: str, tail: str) -> tuple[str, str, str | None, int]:
    """The fields of the item line at ``pos`` (``tail`` being the line after its number):
    looked up when the line was met before, else cut, which refuses a malformed line."""
    cuts = CUTS[key]
    cut = cuts.get(tail)
    return cut if cut is not None else cuts.keep(tail, _cut_item(page, pos, key))


def _raw_item(page: Page, key: str, line: tuple[int, str, str]) -> RawItem:
    pos, number, tail = line
    text, url, extra, column = cut(page, pos, key, tail)
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


def items_lang(page: Page, key: str, lines: list[tuple[int, str, str]]) -> str | None:
    """The edition the first item linking into one (other than English) says, if any."""
    if not may_link_an_edition(page.doc):
        return None
    for pos, _, tail in lines:
        if may_link_an_edition(tail):
            url = cut(page, pos, key, tail)[1]
            if (lang := lang_of_link(as_link(url))) is not None:
                return lang
    return None


_make_source = trusted(Source)

_make_related = trusted(Related)

_make_change = trusted(Change)

# Items come back across an archive's pages (a related event is listed on many of them): an
# item at its canonical number and gap is shared with the last page that had the same line.
# Records are immutable, so sharing them is safe, and it saves building and memory alike.
SHARED: Final[dict[tuple[str, str], Recent[str, Source | Related | Change]]] = {
    (lang, key): Recent(1 << 14) for lang in STYLES for key in ("sources", "related", "changes")
}
"""For each edition and kind of list, the items made so far, by their line after the number."""


_COUNTED: Final = 64
_NUMBERS: Final = tuple(str(n) for n in range(1, _COUNTED + 1))  # "1".."64", made once


def build_items(page: Page, key: str, lines: list[tuple[int, str, str]], st: Style) -> list[Source | Related | Change]:
    """The items of a section (``lines`` as the scan gives them: position, number, and the line
    after the number): shared, made the quick way, or read in full."""
    first_gap = gap_of(EVENT_GAPS, "heading", "item")
    quick = _QUICK[key]
    items: list[Source | Related | Change] = []
    gaps = page.gaps
    shared = SHARED[(st.lang, key)]
    for i, line in enumerate(lines):
        gap = first_gap if i == 0 else 0
        if gaps[line[0]] != gap or line[1] != (_NUMBERS[i] if i < _COUNTED else str(i + 1)):
            raw = _raw_item(page, key, line)
            item = quick(raw, i, gap, st) or _full_item(page, key, raw, i, first_gap, st)
        else:
            item = shared.get(line[2])  # type: ignore[assignment]
            if item is None:
                raw = _raw_item(page, key, line)
                item = shared.keep(line[2], quick(raw, i, gap, st) or _full_item(page, key, raw, i, first_gap, st))
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
    if text is None or raw.extra != write_change_note(stamp, label) or not clean_link(url):
        return None
    value, before, after = text
    layout = _item_layout(raw, i, gap, "title", before, after, st.title_pad)
    return _make_change(value, url, label, stamp, layout)


_QUICK: Final = {"sources": _quick_source, "related": _quick_related, "changes": _quick_change}


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
        ok = bool(title) and clean_link(url)
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


def item_line(item: Source | Related | Change, i: int, st: Style) -> str:
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
