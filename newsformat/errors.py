"""The exceptions newsformat raises."""

from __future__ import annotations

import os

__all__ = ("NewsformatError", "ParseError", "InvalidURLError", "NotAPageError", "FieldValueError")


class NewsformatError(Exception):
    """Base class of every error newsformat raises on purpose."""


class InvalidURLError(NewsformatError, ValueError):
    """A string that is not a link into the archive was given where one was required."""


def line_and_column(doc: str, pos: int) -> tuple[int, int]:
    """Line and column, both from 1, of offset ``pos`` in ``doc``."""
    return doc.count("\n", 0, pos) + 1, pos - doc.rfind("\n", 0, pos)


class FieldValueError(NewsformatError, ValueError):
    """A record was given a value one of its fields cannot hold (a control character, padding,
    an empty name); ``field`` names the field."""

    def __init__(self, field: str, msg: str) -> None:
        super().__init__(f"{field} {msg}")
        self.field = field
        self.reason = msg


class ParseError(NewsformatError, ValueError):
    """A document could not be read.

    The message names what was expected and where: ``"<msg> (at line L, column C)"``, or
    ``"(at end of document)"``; for a value of the wrong shape in JSON or XML, the path of
    the value and where it starts: ``"<msg> @ $.sources[0].url (at line 9, column 14)"``.
    Line and column are counted from 1 and are worked out only when the error is raised.

    Attributes:
        msg: The bare message, without position.
        doc: The document being read.
        pos: Offset into ``doc`` where the problem was found (None for a path-addressed error).
        lineno: Line number, from 1 (None when unknown).
        colno: Column number, from 1 (None when unknown).
        path: The file being read, when known.
        where: A JSON path such as ``$.sources[0].url`` for structured formats, else None.
    """

    def __init__(
        self,
        msg: str,
        doc: str = "",
        pos: int | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        where: str | None = None,
        lineno: int | None = None,
        colno: int | None = None,
    ) -> None:
        if pos is not None and lineno is None:
            pos = max(0, min(pos, len(doc)))
            lineno, colno = line_and_column(doc, pos)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno
        self.path = os.fspath(path) if path is not None else None
        self.where = where
        super().__init__(self._render())

    def _render(self) -> str:
        if self.where is not None:
            located = f"{self.msg} @ {self.where}"
            if self.lineno is not None:
                located += f" (at line {self.lineno}, column {self.colno})"
        elif self.lineno is None:
            located = self.msg
        elif self.pos is not None and self.pos >= len(self.doc) and self.doc:
            located = f"{self.msg} (at end of document)"
        else:
            located = f"{self.msg} (at line {self.lineno}, column {self.colno})"
        return f"{self.path}: {located}" if self.path else located

    def located(self, lineno: int, colno: int) -> ParseError:
        """Return a copy of this error that also gives the line and column of its value."""
        return type(self)(self.msg, self.doc, self.pos, path=self.path, where=self.where, lineno=lineno, colno=colno)

    def with_path(self, path: str | os.PathLike[str]) -> ParseError:
        """Return a copy of this error that names the file it came from."""
        return type(self)(
            self.msg,
            self.doc,
            self.pos,
            path=path,
            where=self.where,
            lineno=self.lineno,
            colno=self.colno,
        )


class NotAPageError(ParseError):
    """A Markdown document that does not start like any page of the archive (a folder's
    README, notes): tree conversion passes such files through unchanged."""
