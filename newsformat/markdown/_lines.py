"""A page as a run of elements (its non-blank lines), and a writer that lays elements out.

Every element comes with the blank lines before it (its gap). The grammars read elements by
index, the writer writes them back with the canonical gap for the pair of element kinds, or
the gap an element's layout keeps.
"""

from __future__ import annotations

from typing import Final, NoReturn

from .._text import PAGE_TEXT
from ..errors import NotAPageError, ParseError
from ..model import CANONICAL_LAYOUT, MAX_GAP, Layout, shared_layout
from ._styles import GapTable

# The run of characters a page may hold is matched from the start rather than a bad one
# searched for: the same answer in one tight loop, ending where the first bad character is.
_GOOD_RUN: Final = PAGE_TEXT


class Page:
    """The elements of a page (its non-blank lines), and where to report what is wrong with them.

    Elements are numbered from 0 (their *position*); for each, ``texts`` holds its text,
    ``gaps`` the blank lines before it and ``rows`` its line in the page (from 0).
    """

    __slots__ = ("doc", "end_gap", "final_newline", "gaps", "texts")

    def __init__(self, doc: str) -> None:
        at = _GOOD_RUN.match(doc).end()  # type: ignore[union-attr]  # a run may be empty, never absent
        if at != len(doc):
            char = doc[at]
            if char == "\r":
                msg = "Unexpected carriage return (CRLF line ends?): pages hold text with LF line ends"
            else:
                msg = (
                    f"Unexpected character {char!r} (U+{ord(char):04X}): "
                    "pages hold no control characters, lone surrogates or non-characters"
                )
            raise ParseError(msg, doc, at)
        self.doc = doc
        lines = doc.split("\n")
        self.final_newline = lines[-1] == ""
        if self.final_newline:
            lines.pop()
        # One pass: each element's text, and the blank lines before it (its gap).
        texts: list[str] = []
        gaps: list[int] = []
        add_text, add_gap = texts.append, gaps.append
        gap = 0
        for line in lines:
            if line:
                add_text(line)
                add_gap(gap)
                gap = 0
            else:
                gap += 1
        if not texts:
            raise NotAPageError("Expected a page, found an empty document", doc, 0)
        self.texts = texts
        self.gaps = gaps
        self.end_gap = gap
        if max(gaps) > MAX_GAP or gap > MAX_GAP:
            pos = next((i for i, found in enumerate(gaps) if found > MAX_GAP), len(texts))
            found = gaps[pos] if pos < len(texts) else gap
            self.fail(f"Expected at most {MAX_GAP} blank lines in a row, found {found}", pos)

    @property
    def rows(self) -> list[int]:
        """The line (from 0) of each element; wanted only to report errors and anchors, so
        worked out from the gaps when asked."""
        rows = []
        row = -1
        for gap in self.gaps:
            row += gap + 1
            rows.append(row)
        return rows

    def at(self, pos: int) -> str | None:
        """The text of element ``pos``, or None past the last one."""
        return self.texts[pos] if pos < len(self.texts) else None

    def fail(self, msg: str, pos: int, column: int = 0) -> NoReturn:
        """Raise ParseError at ``column`` (from 0) of element ``pos``, or at the end of the page."""
        if pos >= len(self.texts):
            raise ParseError(msg, self.doc, len(self.doc))
        raise ParseError(msg, self.doc, lineno=self.rows[pos] + 1, colno=column + 1)

    def expect_end(self, pos: int, expected: str) -> None:
        line = self.at(pos)
        if line is not None:
            self.fail(f"Expected {expected}, found {_shorten(line)!r}", pos)


def _shorten(line: str, width: int = 60) -> str:
    return line if len(line) <= width else line[: width - 3] + "..."


class Trivia:
    """The departures from the canonical layout found in one element, made into its Layout.

    Most elements have none: the lists are made only for those that do."""

    __slots__ = ("gaps", "omit", "padding", "spellings")

    def __init__(self) -> None:
        self.gaps: list[tuple[str, int]] | None = None
        self.spellings: list[tuple[str, str]] | None = None
        self.padding: list[tuple[str, str, str]] | None = None
        self.omit: list[str] | None = None

    def gap(self, part: str, found: int, canonical: int) -> None:
        if found != canonical:
            self.keep_gap(part, found)

    def keep_gap(self, part: str, found: int) -> None:
        if self.gaps is None:
            self.gaps = []
        self.gaps.append((part, found))

    def spell(self, part: str, raw: str) -> None:
        if self.spellings is None:
            self.spellings = []
        self.spellings.append((part, raw))

    def leave_out(self, part: str) -> None:
        if self.omit is None:
            self.omit = []
        self.omit.append(part)

    def text(self, part: str, raw: str, value: str, canonical: str) -> None:
        """Keep how a text part departs from its canonical spelling: padding, or the raw text."""
        if raw == canonical:
            return
        core = canonical.rstrip(" ")  # a title's canonical spelling ends with its edition's pad
        if raw.strip(" ") == core and core:
            before = raw[: len(raw) - len(raw.lstrip(" "))]
            if self.padding is None:
                self.padding = []
            self.padding.append((part, before, raw[len(before) + len(core) :]))
        else:
            self.spell(part, raw)

    def layout(self, order: tuple[str, ...] = (), final_newline: bool = True) -> Layout:
        gaps, spellings, padding, omit = self.gaps, self.spellings, self.padding, self.omit
        if gaps is None and spellings is None and padding is None and omit is None and not order and final_newline:
            return CANONICAL_LAYOUT
        return shared_layout(
            tuple(sorted(gaps)) if gaps else (),
            tuple(sorted(spellings)) if spellings else (),
            tuple(sorted(padding)) if padding else (),
            tuple(sorted(omit)) if omit else (),
            order,
            final_newline,
        )


class Gaps:
    """The canonical gap of each element given the kind of the one before it."""

    __slots__ = ("previous", "table")

    def __init__(self, table: GapTable, previous: str) -> None:
        self.table = table
        self.previous = previous

    def note(self, trivia: Trivia, part: str, gap: int, kind: str) -> None:
        if gap != self.table.get((self.previous, kind), 0):
            trivia.keep_gap(part, gap)
        self.previous = kind


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
