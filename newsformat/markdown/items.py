"""List items of event pages (sources, related events, changes): cut, made and written.

Items come back across an archive's pages (a related event is listed on many), so each
distinct item line is cut into its fields once, and an item at its canonical number and gap
is shared with the pages that had the same line. A new line takes the quick way when its
fields need no full reading (no entity, nothing escaped), else the full way, which keeps
every departure from the canonical spelling in the item's layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple

from .._recent import Recent
from ..links import as_link
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
    return cut if cut is not None else cuts.keep(tail, _cut_item(page, pos, key, tail))


def _raw_item(page: Page, key: str, line: tuple[int, str, str]) -> RawItem:
    pos, number, tail = line
    text, url, extra, column = cut(page, pos, key, tail)
    return RawItem(pos, page.gaps[pos], tail, number, text, url, extra, column + len(number))


def _cut_item(page: Page, pos: int, key: str, after_number: str) -> tuple[str, str, str | None, int]:
    """An item line cut into text, url and what follows (a source's image, a note), with the
    column of the url counted after the number. ``after_number`` is the line after its
    number, which starts ". [" (the scan saw to that); the text runs to the first "](" (one
    inside it is written escaped), the tail to the end of the line."""
    line = page.texts[pos]
    number_len = len(line) - len(after_number)
    what = _ITEM_NAMES[key]
    close = after_number.find("](", 3)
    if close < 0:
        page.fail(f"Expected '](' closing the {what} item's link text", pos, len(line))
    text, tail = after_number[3:close], after_number[close + 2 :]
    url_at = close + 2
    if key == "sources":
        if not tail.endswith(")"):
            page.fail(f"Expected ')' at the end of the {what} link", pos, len(line))
        url, _, image = tail[:-1].partition(") [IMG](")
        return text, url, image or None, url_at
    parts = split_note(tail)
    if parts is None:
        note_at = tail.find(" _")
        if note_at >= 0 and tail.endswith("_"):
            page.fail(f"Expected ')' closing the {what} link before its note", pos, number_len + url_at + note_at)
        page.fail(f"Expected ')' or a note '_..._' at the end of the {what} item", pos, len(line))
    return text, parts[0], parts[1], url_at


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
        pos, number, tail = line
        gap = first_gap if i == 0 else 0
        kept_gap = None if gaps[pos] == gap else gaps[pos]
        kept_number = None if number == (_NUMBERS[i] if i < _COUNTED else str(i + 1)) else number
        canonical = kept_gap is None and kept_number is None
        if canonical and (item := shared.get(tail)) is not None:
            items.append(item)
            continue
        text, url, extra, _ = cut(page, pos, key, tail)
        found = quick(text, url, extra, _Placed(kept_gap, kept_number), st)
        if found is None:
            found = _full_item(page, key, _raw_item(page, key, line), i, first_gap, st)
        items.append(shared.keep(tail, found) if canonical else found)
    return items


class _Placed(NamedTuple):
    """Where an item stands, as far as it departs from its canonical place (None where not)."""

    gap: int | None
    number: str | None

    def layout(self, part: str, before: str, after: str, pad: str) -> Layout:
        """The layout of an item whose text needed no full reading: its gap, number and padding."""
        gaps = (("line", self.gap),) if self.gap is not None else ()
        spellings = (("number", self.number),) if self.number is not None else ()
        padding = ((part, before, after),) if before or after != pad else ()
        if gaps or spellings or padding:
            return shared_layout(gaps, spellings, padding, (), (), True)
        return CANONICAL_LAYOUT


def _quick_source(text: str, url: str, extra: str | None, placed: _Placed, st: Style) -> Source | None:
    plain = plain_text(text)
    if plain is None or not is_clean_link(url) or (extra is not None and not is_clean_link(extra)):
        return None
    value, before, after = plain
    return _make_source(value, url, extra, placed.layout("name", before, after, ""))


def _quick_related(text: str, url: str, extra: str | None, placed: _Placed, st: Style) -> Related | None:
    plain = plain_text(text)
    contexts = () if extra is None else quick_contexts(extra, st.context)
    link = as_link(url)
    if plain is None or contexts is None or not clean_link(link):
        return None
    value, before, after = plain
    return _make_related(value, link, contexts, placed.layout("title", before, after, st.title_pad))


def _quick_change(text: str, url: str, extra: str | None, placed: _Placed, st: Style) -> Change | None:
    plain = plain_text(text)
    stamp, label = read_change_note(extra)
    link = as_link(url)
    if plain is None or extra != write_change_note(stamp, label) or not clean_link(link):
        return None
    value, before, after = plain
    return _make_change(value, link, label, stamp, placed.layout("title", before, after, st.title_pad))


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
