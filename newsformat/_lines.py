"""Reading and writing pages line by line, with their layout trivia.

A page is a run of *elements* (non-blank lines), each after a run of blank lines (its gap).
:class:`LineReader` walks the elements and records, under each element's anchor, every way
the page departs from the canonical layout; :class:`LineWriter` writes elements back,
taking those records into account. The two are kept in step by the page grammars in
``markdown.py``, and a page is only accepted when writing it back gives every byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final, NoReturn, TypeVar

from ._text import decode, encode
from .errors import NotAPageError, ParseError
from .model import CANONICAL_LAYOUT, Layout

T = TypeVar("T")
W = TypeVar("W", str, "str | None")  # what a field writer gives: always text, or text or nothing

Canon = Callable[[str, str], tuple[str, str, str]]
"""The canonical spelling of a text field of a kind: (padding before, text, padding after)."""

GapTable = Mapping[tuple[str, str], int]
"""Canonical blank lines between two element kinds; pairs not listed have none."""

# Characters no page may hold outside values either; "\n" separates lines, "\t" is text.
_BAD_CHAR: Final = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")

ITEM: Final = re.compile(r"([0-9]+)\. \[")
"""A numbered list item starting with a link: ``1. [``."""

_DATE_LABEL: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def is_note(line: str) -> bool:
    """An ``_..._`` line (contexts under an entry)."""
    return len(line) >= 2 and line[0] == "_" and line[-1] == "_"


def is_plain(line: str) -> bool:
    """A line of free text: not a heading, rule, list item, note or Formats line."""
    return not (
        line[:1] in ("#", "")
        or line == "---"
        or is_note(line)
        or line.startswith("Formats: ")
        or ITEM.match(line) is not None
    )


# --- text fields -------------------------------------------------------------------------


def read_text(raw: str) -> str:
    """A text field's value: entities decoded, padding spaces dropped."""
    return decode(raw.strip(" ")).strip(" ")


def write_text(value: str) -> str:
    return encode(value)


def write_link_text(value: str) -> str:
    """Text inside ``[...](``: a ``](`` in it would end it early, so its ']' is escaped."""
    return encode(value).replace("](", "&#93;(")


def write_line_text(value: str, *, html: bool = False) -> str:
    """A line of free text (body, summary): escape the first character if it would make the
    line read as something else (a heading, a list item, a rule). With ``html``, the five
    characters HTML escapes are written as entities, as the English edition does."""
    text = escape_html(value) if html else encode(value)
    if text and not is_plain(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


_HTML_ESCAPES: Final = str.maketrans({"&": "&amp;", '"': "&quot;", "'": "&#039;", "<": "&lt;", ">": "&gt;"})


def escape_html(value: str) -> str:
    """``&``, quotes and angle brackets as the English edition writes them in running text."""
    return value.translate(_HTML_ESCAPES)


def read_optional(raw: str) -> str | None:
    return read_text(raw) or None


def read_contexts(note: str) -> tuple[str, ...]:
    """``Context: A, B`` -> ("A", "B"); the label is layout, checked by the spelling."""
    _, sep, rest = note.partition(": ")
    if not sep:
        return ()
    return tuple(c for c in (read_text(part) for part in rest.split(", ")) if c)


def write_contexts(contexts: tuple[str, ...], label: str) -> str:
    return f"{label}: " + ", ".join(encode(c).replace(", ", "&#44; ") for c in contexts)


def parse_date_label(label: str) -> tuple[int, int, int] | None:
    m = _DATE_LABEL.fullmatch(label)
    return None if m is None else (int(m[1]), int(m[2]), int(m[3]))


# --- reading -----------------------------------------------------------------------------


class LineReader:
    """The elements of a page and the layout records made while reading them."""

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"Expected str, not {type(text).__name__}")
        self.doc = text
        bad = _BAD_CHAR.search(text)
        if bad is not None:
            char = bad.group()
            if char == "\r":
                msg = "Unexpected carriage return (CRLF line ends?): pages hold text with LF line ends"
            else:
                msg = (
                    f"Unexpected character {char!r} (U+{ord(char):04X}): "
                    "pages hold no control characters, lone surrogates or non-characters"
                )
            raise ParseError(msg, text, bad.start())
        lines = text.split("\n")
        self.final_newline = lines[-1] == ""
        if self.final_newline:
            lines.pop()
        self.offsets: list[int] = []
        # (line index, line, blank lines before it)
        self.elements: list[tuple[int, str, int]] = []
        offset = gap = 0
        for index, line in enumerate(lines):
            self.offsets.append(offset)
            offset += len(line) + 1
            if line:
                self.elements.append((index, line, gap))
                gap = 0
            else:
                gap += 1
        if not self.elements:
            raise NotAPageError("Expected a page, found an empty document", text, 0)
        self.end_gap = gap
        self.pos = 0
        self._gaps: list[tuple[str, str, str, int]] = []  # anchor, previous kind, kind, gap
        self._previous = "start"
        self.spellings: dict[str, str] = {}
        self.padding: list[tuple[str, str, str]] = []
        self.omit: list[str] = []
        self._texts: list[tuple[str, str, str, str]] = []  # anchor, raw, value, kind
        self.anchor_lines: dict[str, int] = {}  # anchor -> line number, for findings

    # elements

    def peek(self) -> str | None:
        return self.elements[self.pos][1] if self.pos < len(self.elements) else None

    def take(self, anchor: str, kind: str) -> str:
        _, line, gap = self.elements[self.pos]
        self._gaps.append((anchor, self._previous, kind, gap))
        self.anchor_lines[anchor] = self.elements[self.pos][0] + 1
        self._previous = kind
        self.pos += 1
        return line

    def line_offset(self, back: int = 1) -> int:
        """Offset of the element taken ``back`` elements ago (1: the last one)."""
        return self.offsets[self.elements[self.pos - back][0]]

    def fail(self, msg: str, column: int = 0, *, back: int = 0) -> NoReturn:
        """Raise ParseError at column ``column`` (from 0) of the current element, or of the
        one taken ``back`` elements ago; at the end of the document when there is none."""
        index = self.pos - back
        if index >= len(self.elements):
            raise ParseError(msg, self.doc, len(self.doc))
        raise ParseError(msg, self.doc, self.offsets[self.elements[index][0]] + column)

    def expect_end(self, expected: str) -> None:
        line = self.peek()
        if line is not None:
            self.fail(f"Expected {expected}, found {_shorten(line)!r}")

    # fields

    def field(self, anchor: str, raw: str, read: Callable[[str], T], write: Callable[[T], str | None]) -> T:
        """Read a field; keep ``raw`` as its spelling when writing the value gives other text."""
        value = read(raw)
        if write(value) != raw:
            self.spellings[anchor] = raw
        return value

    def text(self, anchor: str, raw: str, kind: str) -> str:
        """Read a text field of ``kind``; how it is spelled is judged in :meth:`layout`, once
        the page's edition, and so its canonical spelling, is known."""
        value = read_text(raw)
        self._texts.append((anchor, raw, value, kind))
        return value

    def layout(self, gaps: GapTable, canon: Canon, order: tuple[str, ...] = ()) -> Layout:
        for anchor, raw, value, kind in self._texts:
            lead, core, trail = canon(kind, value)
            if raw == lead + core + trail:
                continue
            stripped = raw.strip(" ")
            if stripped == core:
                before = raw[: len(raw) - len(raw.lstrip(" "))]
                self.padding.append((anchor, before, raw[len(before) + len(core) :]))
            else:
                self.spellings[anchor] = raw
        kept = [(a, g) for a, prev, kind, g in self._gaps if g != gaps.get((prev, kind), 0)]
        end = gaps.get((self._previous, "end"), 0)
        if self.end_gap != end:
            kept.append(("end", self.end_gap))
        if not (kept or self.spellings or self.padding or self.omit or order) and self.final_newline:
            return CANONICAL_LAYOUT  # most pages: one shared empty layout
        return Layout(
            gaps=tuple(kept),
            spellings=tuple(self.spellings.items()),
            padding=tuple(self.padding),
            omit=tuple(self.omit),
            order=order,
            final_newline=self.final_newline,
        )


def _shorten(line: str, width: int = 60) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


# --- writing -----------------------------------------------------------------------------


class LineWriter:
    """Writes elements, applying a :class:`Layout`."""

    def __init__(self, layout: Layout, gaps: GapTable, canon: Canon) -> None:
        self._canon = canon
        self._table = gaps
        self._gaps = dict(layout.gaps)
        self.spellings = dict(layout.spellings)
        self._padding = {anchor: (lead, trail) for anchor, lead, trail in layout.padding}
        self.omit = frozenset(layout.omit)
        self._final_newline = layout.final_newline
        self._previous = "start"
        self._parts: list[str] = []

    def line(self, anchor: str, kind: str, text: str) -> None:
        gap = self._gaps.get(anchor)
        if gap is None:
            gap = self._table.get((self._previous, kind), 0)
        self._parts.append("\n" * gap + text + "\n" if gap else text + "\n")
        self._previous = kind

    def field(self, anchor: str, value: T, read: Callable[[str], object], write: Callable[[T], W]) -> W | str:
        raw = self.spellings.get(anchor)
        if raw is not None and read(raw) == value:
            return raw
        return write(value)

    def has(self, anchor: str, value: object, read: Callable[[str], object]) -> bool:
        """Whether an element the canonical layout leaves out is on the page after all (an
        empty ``##### `` line, ``_Context: _``): its spelling is kept and still reads as
        ``value``."""
        raw = self.spellings.get(anchor)
        return raw is not None and read(raw) == value

    def text(self, anchor: str, value: str, kind: str) -> str:
        raw = self.spellings.get(anchor)
        if raw is not None and read_text(raw) == value:
            return raw
        lead, core, trail = self._canon(kind, value)
        pad = self._padding.get(anchor)
        return lead + core + trail if pad is None else pad[0] + core + pad[1]

    def finish(self) -> str:
        gap = self._gaps.get("end")
        if gap is None:
            gap = self._table.get((self._previous, "end"), 0)
        text = "".join(self._parts) + "\n" * gap
        if not self._final_newline and text.endswith("\n"):
            text = text[:-1]
        return text
