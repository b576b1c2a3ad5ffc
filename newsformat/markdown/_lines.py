"""A page as a run of elements (its non-blank lines), and a writer that lays elements out.

Every element comes with the blank lines before it (its gap). The grammars read elements by
index, the writer writes them back with the canonical gap for the pair of element kinds, or
the gap an element's layout keeps.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple, NoReturn

from ..errors import NotAPageError, ParseError
from ..model import CANONICAL_LAYOUT, Layout
from ._styles import GapTable

# Characters no page may hold anywhere; "\n" separates lines, "\t" is text.
_BAD_CHAR: Final = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


class Element(NamedTuple):
    """A non-blank line: its row in the page (from 0), its text, the blank lines before it."""

    row: int
    text: str
    gap: int


class Page:
    """The elements of a page, and where to report what is wrong with them."""

    __slots__ = ("doc", "elements", "end_gap", "final_newline")

    def __init__(self, doc: str) -> None:
        bad = _BAD_CHAR.search(doc)
        if bad is not None:
            char = bad.group()
            if char == "\r":
                msg = "Unexpected carriage return (CRLF line ends?): pages hold text with LF line ends"
            else:
                msg = (
                    f"Unexpected character {char!r} (U+{ord(char):04X}): "
                    "pages hold no control characters, lone surrogates or non-characters"
                )
            raise ParseError(msg, doc, bad.start())
        self.doc = doc
        lines = doc.split("\n")
        self.final_newline = lines[-1] == ""
        if self.final_newline:
            lines.pop()
        elements: list[Element] = []
        gap = 0
        for row, line in enumerate(lines):
            if line:
                elements.append(Element(row, line, gap))
                gap = 0
            else:
                gap += 1
        if not elements:
            raise NotAPageError("Expected a page, found an empty document", doc, 0)
        self.elements = elements
        self.end_gap = gap

    def at(self, pos: int) -> str | None:
        """The text of element ``pos``, or None past the last one."""
        return self.elements[pos].text if pos < len(self.elements) else None

    def fail(self, msg: str, pos: int, column: int = 0) -> NoReturn:
        """Raise ParseError at ``column`` (from 0) of element ``pos``, or at the end of the page."""
        if pos >= len(self.elements):
            raise ParseError(msg, self.doc, len(self.doc))
        raise ParseError(msg, self.doc, lineno=self.elements[pos].row + 1, colno=column + 1)

    def expect_end(self, pos: int, expected: str) -> None:
        line = self.at(pos)
        if line is not None:
            self.fail(f"Expected {expected}, found {_shorten(line)!r}", pos)


def _shorten(line: str, width: int = 60) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


class Trivia:
    """The departures from the canonical layout found in one element, made into its Layout."""

    __slots__ = ("gaps", "omit", "padding", "spellings")

    def __init__(self) -> None:
        self.gaps: dict[str, int] = {}
        self.spellings: dict[str, str] = {}
        self.padding: list[tuple[str, str, str]] = []
        self.omit: list[str] = []

    def gap(self, part: str, found: int, canonical: int) -> None:
        if found != canonical:
            self.gaps[part] = found

    def text(self, part: str, raw: str, value: str, canonical: str) -> None:
        """Keep how a text part departs from its canonical spelling: padding, or the raw text."""
        if raw == canonical:
            return
        core = canonical.rstrip(" ")  # a title's canonical spelling ends with its edition's pad
        if raw.strip(" ") == core and core:
            before = raw[: len(raw) - len(raw.lstrip(" "))]
            self.padding.append((part, before, raw[len(before) + len(core) :]))
        else:
            self.spellings[part] = raw

    def layout(self, order: tuple[str, ...] = (), final_newline: bool = True) -> Layout:
        if not (self.gaps or self.spellings or self.padding or self.omit or order) and final_newline:
            return CANONICAL_LAYOUT
        return Layout(self.gaps, self.spellings, self.padding, self.omit, order, final_newline)


def gap_of(table: GapTable, previous: str, kind: str) -> int:
    return table.get((previous, kind), 0)


class LineWriter:
    """Writes elements with the canonical gap between their kinds, or the gap a layout keeps."""

    __slots__ = ("_parts", "_previous", "_table")

    def __init__(self, table: GapTable) -> None:
        self._table = table
        self._previous = "start"
        self._parts: list[str] = []

    def line(self, kind: str, text: str, gap: int | None = None) -> None:
        if gap is None:
            gap = self._table.get((self._previous, kind), 0)
        self._parts.append("\n" * gap + text + "\n" if gap else text + "\n")
        self._previous = kind

    def finish(self, layout: Layout) -> str:
        gap = layout.gap("end")
        if gap is None:
            gap = self._table.get((self._previous, "end"), 0)
        text = "".join(self._parts) + "\n" * gap
        if not layout.final_newline and text.endswith("\n"):
            text = text[:-1]
        return text
