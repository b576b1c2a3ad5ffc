"""Shared steps of the grammars: links and dates in headings, text fields with their trivia,
and records made from what was read, with errors placed on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from .._recent import Recent
from ..errors import FieldValueError
from ..links import ArchiveURL, Link, as_link
from ..model import CANONICAL_LAYOUT, Layout, is_clean_link
from ._fields import DATE_LABEL, is_plain, looks_like_link, read_date_label, read_text, write_date_label
from ._lines import LineWriter, Page, Trivia
from ._styles import Style

T = TypeVar("T")


def split_link(page: Page, pos: int, start: int, what: str) -> tuple[str, str]:
    """``[text](url)`` from ``start`` (the '[') to the end of element ``pos``."""
    line = page.texts[pos]
    close = line.find("](", start + 1)
    if close < 0:
        page.fail(f"Expected '](' closing the {what} link text", pos, len(line))
    if not line.endswith(")"):
        page.fail(f"Expected ')' at the end of the {what} link", pos, len(line))
    return line[start + 1 : close], line[close + 2 : -1]


def read_date(page: Page, pos: int, label: str, column: int) -> dt.date:
    """The date of a heading's label; ParseError at ``column`` when it names none."""
    known = _DATES.get(label)
    if known is not None:
        return known
    m = DATE_LABEL.fullmatch(label)
    if m is None:
        page.fail(f"Expected a date such as 2011-11-3, found {label!r}", pos, column)
    try:
        return _DATES.keep(label, dt.date(int(m[1]), int(m[2]), int(m[3])))
    except ValueError as exc:
        page.fail(f"Invalid date {label!r}: {exc}", pos, column)


_DATES: Recent[str, dt.date] = Recent(1 << 12)  # labels read so far: an archive has a few thousand days


@lru_cache(maxsize=1 << 12)
def day_link(date: dt.date, lang: str) -> str:
    """The link of a day's page, ``/news/2011/11/3/index.md`` (``/zh/news/...`` for "zh")."""
    prefix = "" if lang == "en" else f"/{lang}"
    return f"{prefix}/news/{date.year:04d}/{date.month:02d}/{date.day}/index.md"


def check_date_link(page: Page, pos: int, column: int, url: str, date: dt.date) -> None:
    """Refuse a date heading whose link leads to another day's page: the writer follows the
    record's date, so it could not give the link back."""
    link = as_link(url)
    if isinstance(link, ArchiveURL) and link.date != date:
        page.fail(f"Expected the date heading to link to its own day's page, not to {link.date}'s", pos, column)


def build(page: Page, pos: int, at: int | Mapping[str, int], cls: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Make a record of what was read; a value the record refuses is a ParseError on element
    ``pos``, at column ``at`` (or at the column ``at`` gives the field concerned)."""
    try:
        return cls(*args, **kwargs)
    except ValueError as exc:  # FieldValueError, InvalidURLError: the record's own rules
        if isinstance(exc, FieldValueError):
            msg, field = f"Invalid {exc.field}: {exc.reason}", exc.field
        else:
            msg, field = f"Invalid page: {exc}", ""
        column = at if isinstance(at, int) else at.get(field, at[""])
        page.fail(msg, pos, column)


def plain_text(raw: str) -> tuple[str, str, str] | None:
    """(value, spaces before, spaces after) of a text with no entity and nothing escaped, the
    case of most fields; None when the text needs the full reading (:func:`text_value`)."""
    if "&" in raw or "](" in raw:
        return None
    value = raw.strip(" ")
    if value is raw:  # nothing stripped, the usual case
        return (value, "", "") if value else None
    if not value:
        return None
    before = raw[: len(raw) - len(raw.lstrip(" "))]
    return value, before, raw[len(before) + len(value) :]


def text_value(trivia: Trivia, part: str, raw: str, st: Style, kind: str, *, optional: bool = False) -> Any:
    """The value of a text field, keeping in ``trivia`` how ``raw`` departs from its canonical
    spelling. An optional field whose text is empty is None, its line kept as a spelling."""
    if raw and "&" not in raw and raw[0] != " ":
        # Most fields: no entity, nothing to escape, so the value is the text without its pad.
        if kind == "title":
            pad = st.title_pad
            if "](" not in raw and raw.endswith(pad) and (not pad or raw[-2:-1] != " "):
                value = raw[: len(raw) - len(pad)] if pad else raw
                if value and value[-1] != " ":
                    return value
        elif raw[-1] != " " and (kind == "text" or (kind == "line" and not st.html_lines and is_plain(raw))):
            return raw  # written as it is: nothing to encode, and a plain line needs no escape
    value = read_text(raw)
    if optional and not value:
        trivia.spell(part, raw)
        return None
    trivia.text(part, raw, value, st.canonical(kind, value))
    return value


# Where a text is written decides which spellings are safe there: one that would end the link
# text early, make a line read as another kind of line, or turn a front page into a day page
# must not be written even when it reads as the value.
_FITS: dict[str, Callable[[str], bool]] = {
    "link": lambda raw: "](" not in raw,
    "heading": lambda raw: True,
    "line": is_plain,
    "label": lambda raw: not looks_like_link(raw),
    "front": lambda raw: "](" not in raw and DATE_LABEL.fullmatch(raw) is None,
}


def usable_text(layout: Layout, part: str, value: str | None, st: Style, kind: str, where: str) -> str | None:
    """The text to write for a field: its spelling while that still reads as the value and fits
    ``where`` it goes, else the canonical spelling with the padding kept; None for no line."""
    if layout is not CANONICAL_LAYOUT:
        raw = layout.spelling(part)
        if raw is not None and read_text(raw) == (value or "") and _FITS[where](raw):
            return raw
    if value is None:
        return None
    canonical = st.canonical(kind, value)
    if layout is CANONICAL_LAYOUT:
        return canonical
    pad = layout.pad(part)
    return canonical if pad is None else pad[0] + canonical.rstrip(" ") + pad[1]


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


def clean_link(link: Link) -> bool:
    """Whether a link read off a page may stand in a record as it is (see :func:`is_clean_link`)."""
    return link.__class__ is ArchiveURL or is_clean_link(link)  # type: ignore[arg-type]
