"""How each kind of field is spelled on a page: text, links, notes, dates, Formats lines.

Every reader here has a writer that gives back the text it read for a canonical spelling, so
that ``write(read(raw)) == raw`` tells whether ``raw`` is canonical; where it is not, the page
keeps ``raw`` as a spelling (or as padding) in its layout.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Final

from .._text import decode, encode
from ..links import EDITIONS, ArchiveURL, Link, as_link

DATE_LABEL: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
"""A date as headings write it, ``2011-11-3``; zero-padded ones are read too."""

# A change's note: "2018-03-05 21:30:07 (First version)" or "(Current version)".
CHANGE_NOTE: Final = re.compile(r"(?:([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) )?\((.*)\)")

# A Formats line's first link, which names the page: "Formats: [HTML](/news/.../slug.html)".
_FORMATS_HTML: Final = re.compile(r"Formats: \[HTML\]\(([^)\s]*)\)")

_HTML_ESCAPES: Final = str.maketrans({"&": "&amp;", '"': "&quot;", "'": "&#039;", "<": "&lt;", ">": "&gt;"})


# --- line kinds --------------------------------------------------------------------------


def is_note(line: str) -> bool:
    """An ``_..._`` line (contexts under an entry)."""
    return len(line) >= 2 and line[0] == "_" and line[-1] == "_"


def item_number(line: str) -> str | None:
    """The number of a list item starting with a link (``12`` of ``12. [...``), else None."""
    number, dot, _ = line.partition(". [")
    return number if dot and number.isdigit() and number.isascii() else None


def is_plain(line: str) -> bool:
    """A line of free text: not a heading, rule, list item, note or Formats line."""
    return not (
        line[:1] in ("#", "")
        or line == "---"
        or is_note(line)
        or line.startswith("Formats: ")
        or item_number(line) is not None
    )


def looks_like_link(text: str) -> bool:
    """Whether a heading's text would be read as ``[label](url)``."""
    return text.startswith("[") and text.endswith(")") and "](" in text


# --- text --------------------------------------------------------------------------------


def read_text(raw: str) -> str:
    """A text field's value: entities decoded, padding spaces dropped."""
    return decode(raw.strip(" ")).strip(" ")


def write_link_text(value: str) -> str:
    """Text inside ``[...](``: a ``](`` in it would end it early, so its ']' is escaped."""
    text = encode(value)
    return text.replace("](", "&#93;(") if "](" in text else text


def write_line_text(value: str, *, html: bool) -> str:
    """A line of free text (body, summary): escape the first character if it would make the
    line read as something else (a heading, a list item, a rule). With ``html``, the five
    characters HTML escapes are written as entities, as the English edition does."""
    text = value.translate(_HTML_ESCAPES) if html else encode(value)
    if text and not is_plain(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def write_plain_label(value: str) -> str:
    """A heading label with no link: escape a leading '[' so it is not read as a link."""
    text = encode(value)
    return f"&#91;{text[1:]}" if looks_like_link(text) else text


def write_front_label(value: str) -> str:
    """A front page's linked section label: one that reads as a date is written with its first
    digit escaped, so that the page is not taken for a day page."""
    text = write_link_text(value)
    return f"&#{ord(text[0])};{text[1:]}" if DATE_LABEL.fullmatch(text) else text


# --- notes -------------------------------------------------------------------------------


def read_contexts(note: str) -> tuple[str, ...]:
    """``Context: A, B`` -> ("A", "B"); the label is layout, checked by the spelling."""
    _, sep, rest = note.partition(": ")
    if not sep:
        return ()
    parts = rest.split(", ")
    if "&" in rest or " " in (rest[:1], rest[-1:]) or " ," in rest or ",  " in rest or "" in parts:
        return tuple(c for c in (read_text(part) for part in parts) if c)
    return tuple(parts)  # no entity, no padding, no empty part: the parts are the values


def quick_contexts(note: str, label: str) -> tuple[str, ...] | None:
    """The contexts of a note in its canonical spelling ``<label>: A, B`` with no entity and
    no padding, the case of most notes; None for any other note (read it in full)."""
    found, sep, rest = note.partition(": ")
    if found != label or not sep or "&" in rest or " " in (rest[:1], rest[-1:]) or " ," in rest or ",  " in rest:
        return None
    parts = rest.split(", ")
    return None if "" in parts else tuple(parts)


def note_label(note: str) -> str | None:
    """The label of a contexts note (``Context`` in ``Context: A, B``), or None without one."""
    label, sep, _ = note.partition(": ")
    return label if sep else None


def write_contexts(contexts: tuple[str, ...], label: str) -> str | None:
    """The canonical ``Context: A, B`` note, or None without contexts."""
    if not contexts:
        return None
    return f"{label}: " + ", ".join(encode(c).replace(", ", "&#44; ") for c in contexts)


def read_change_note(note: str | None) -> tuple[dt.datetime | None, str]:
    """A change's note as (timestamp, label); a note of another shape is all label."""
    if note is None:
        return None, ""
    m = CHANGE_NOTE.fullmatch(note)
    if m is None:
        return None, read_text(note)
    if m[1] is None:
        return None, read_text(m[7])
    try:
        stamp = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
    except ValueError:
        return None, read_text(note)
    return stamp, read_text(m[7])


def write_change_note(stamp: dt.datetime | None, label: str) -> str | None:
    if stamp is None and not label:
        return None
    text = f"({encode(label)})"
    if stamp is None:
        return text
    return (
        f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d} "
        f"{stamp.hour:02d}:{stamp.minute:02d}:{stamp.second:02d} {text}"
    )


def split_note(tail: str) -> tuple[str, str | None] | None:
    """Split an item's ``url) _note_`` or ``url)`` into url and note; None if it is neither."""
    k = tail.find(") _")
    if k >= 0 and tail.endswith("_") and len(tail) >= k + 4:
        return tail[:k], tail[k + 3 : -1]
    if tail.endswith(")"):
        return tail[:-1], None
    return None


# --- dates and links ---------------------------------------------------------------------


def read_date_label(label: str) -> dt.date | None:
    """The date a heading's label names, or None (not a date, or no such day)."""
    m = DATE_LABEL.fullmatch(label)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


@lru_cache(maxsize=1 << 12)  # a few thousand days in an archive, each on many pages
def write_date_label(date: dt.date) -> str:
    """``2011-11-3``: month zero-padded, day not, year in four digits."""
    return f"{date.year:04d}-{date.month:02d}-{date.day}"


def formats_line(base: str) -> str:
    """The line linking a page's other formats, ``base`` being its link without ``.md``."""
    return f"Formats: [HTML]({base}.html)  [JSON]({base}.json)  [XML]({base}.xml)  "


def formats_page(line: str) -> ArchiveURL | None:
    """The event page a Formats line names, or None when it names none."""
    m = _FORMATS_HTML.match(line)
    link = as_link(m[1]) if m else None
    return link if isinstance(link, ArchiveURL) and link.slug is not None else None


# How a link into an edition other than English starts, as it follows a link's text: "](/zh/".
EDITION_MARKERS: Final = tuple(f"](/{lang}/" for lang in EDITIONS if lang != "en")


def may_link_an_edition(text: str) -> bool:
    """Whether ``text`` may hold a link into an edition other than English: one cheap look
    at a whole page spares parsing the links of the many pages that hold none."""
    return any(marker in text for marker in EDITION_MARKERS)


def lang_of_link(link: Link | None) -> str | None:
    """The edition a link says, when it says one other than English."""
    return link.lang if isinstance(link, ArchiveURL) and link.lang != "en" else None
