"""The exceptions newsformat raises."""

from __future__ import annotations

import os
from typing import TypeVar, cast

__all__ = (
    "NewsformatError",
    "ParseError",
    "InvalidURLError",
    "NotAPageError",
    "FieldValueError",
    "UnknownFormatError",
    "ReadError",
    "WriteError",
)


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


class UnknownFormatError(NewsformatError, ValueError):
    """A format name, or a file extension, that names none of the formats newsformat reads."""


_E = TypeVar("_E", bound="_FileError")


class _FileError(NewsformatError, OSError):
    """An OSError about one file that keeps its errno, and so its built-in subclass: a missing
    file is also a FileNotFoundError, a folder an IsADirectoryError."""

    _verb = "use"

    def __str__(self) -> str:
        return f"{os.fsdecode(self.filename)}: Cannot {self._verb}: {self.strerror}"

    @classmethod
    def of(cls: type[_E], exc: OSError, path: str | os.PathLike[str] | None = None) -> _E:
        """The error for ``exc`` (raised by the system) about ``path`` (by default, its file name)."""
        name = path if path is not None else exc.filename
        return _os_error(cls, exc.errno, exc.strerror or str(exc), os.fspath(name) if name is not None else "?")


class ReadError(_FileError):
    """A file could not be read: missing, a folder, not a regular file, not allowed.

    It is an OSError too, with ``errno``, ``strerror`` and ``filename``, and an instance of the
    built-in subclass its errno names, so ``except FileNotFoundError`` catches a missing file.
    A file that is not a regular file (a FIFO, a device, a socket) is refused before it is
    opened, with ``errno`` None. Rendered ``"<path>: Cannot read: <reason>"``.
    """

    _verb = "read"


class WriteError(_FileError):
    """A file could not be written: a full disk, a read-only folder, a file in the way.

    Like :class:`ReadError`, an OSError that keeps its errno (a file that exists and may not be
    replaced is a FileExistsError). Rendered ``"<path>: Cannot write: <reason>"``.
    """

    _verb = "write"


def _specialise(base: type[_FileError], kinds: tuple[type[OSError], ...]) -> dict[type[OSError], type[_FileError]]:
    """One subclass of ``base`` and each built-in OSError subclass, defined at module level so
    that it pickles (errors cross process boundaries in tree conversion)."""
    table: dict[type[OSError], type[_FileError]] = {}
    for kind in kinds:
        name = f"{base.__name__}_{kind.__name__}"
        special = type(name, (base, kind), {"__module__": __name__, "__qualname__": name, "__doc__": base.__doc__})
        globals()[name] = special
        table[kind] = special
    return table


_OS_KINDS: tuple[type[OSError], ...] = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    InterruptedError,
    BlockingIOError,
)
_KINDS: dict[type[_FileError], dict[type[OSError], type[_FileError]]] = {
    ReadError: _specialise(ReadError, _OS_KINDS),
    WriteError: _specialise(WriteError, _OS_KINDS),
}


def read_error(errno: int | None, reason: str, path: str | os.PathLike[str]) -> ReadError:
    """A ReadError for ``path``; with an errno, of the built-in subclass it names."""
    return _os_error(ReadError, errno, reason, path)


def write_error(errno: int | None, reason: str, path: str | os.PathLike[str]) -> WriteError:
    """A WriteError for ``path``; with an errno, of the built-in subclass it names."""
    return _os_error(WriteError, errno, reason, path)


def _os_error(base: type[_E], errno: int | None, reason: str, path: str | os.PathLike[str]) -> _E:
    # OSError(errno, ...) is of the built-in subclass the errno names (ENOENT: FileNotFoundError).
    kind = type(OSError(errno, reason)) if errno is not None else OSError
    special = _KINDS[base].get(kind, base)
    return cast(_E, special(errno, reason, os.fspath(path)))
