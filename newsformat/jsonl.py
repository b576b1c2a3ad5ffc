"""JSON Lines: a whole tree as one record per line, with the path each came from.

A line is ``{"path": "news/2011/11/2/x.md", "record": {...}}`` for a page, or ``{"path":
"README.md", "text": "..."}`` for a Markdown file that is not a page (a folder's README), so
that a tree taken through JSON Lines and back is the same tree.

Both ways stream, one line at a time, in constant memory. Lines end with "\\n" only: the
writer escapes U+0085, U+2028 and U+2029 (which JSON allows raw, and some line splitters split
on) and the reader splits on "\\n" alone. A bad line is a ParseError naming its line number,
and never stops the lines after it from being read.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, BinaryIO, Final

from ._files import NewFile, open_dir, write_stream
from ._plain import from_plain, to_plain
from .api import load
from .errors import NewsformatError, NotAPageError, ParseError, ReadError, write_error
from .model import Record

__all__ = ("JSONL", "dumps_line", "file_line", "loads_line", "iter_lines", "read_jsonl", "JsonlWriter")

JSONL: Final = "jsonl"
"""The name of the format on the command line."""

_JSON_SPACE: Final = " \t\r\n"
# Characters json.dumps leaves raw that some readers take for line ends.
_LINE_ENDS: Final = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps_line(path: str, item: Record | str) -> str:
    """The JSON Lines line, "\\n" included, for a record (``{"path", "record"}``) or for the
    text of a file that is not a page (``{"path", "text"}``) at ``path`` in its tree.

    Raises:
        NewsformatError: ``path`` is not valid Unicode (a file name that is not UTF-8), so no
            JSON can carry it.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise NewsformatError(
            f"Cannot write the name {path!r} in JSON Lines: it is not valid UTF-8; rename the file"
        ) from None
    body: dict[str, Any] = {"path": path}
    if isinstance(item, str):
        body["text"] = item
    else:
        body["record"] = to_plain(item)
    return json.dumps(body, ensure_ascii=False).translate(_LINE_ENDS) + "\n"


def file_line(path: str, source: str | os.PathLike[str], format: str | None = None) -> tuple[str, bool]:
    """The line for the file ``source``, found at ``path`` in its tree, and whether it is a
    file that is not a page, carried as text."""
    try:
        record = load(source, format=format)
    except NotAPageError as exc:
        if (format or os.fspath(source).rpartition(".")[2].lower()) != "md":
            raise
        return dumps_line(path, exc.doc), True
    return dumps_line(path, record), False


def loads_line(line: str | bytes, *, lineno: int = 1, name: str = "<jsonl>") -> tuple[str, Record | str] | None:
    """The ``(path, record)`` of one line, ``(path, text)`` for a file carried as text, or None
    for a blank line.

    Raises:
        ParseError: The line is not UTF-8, not JSON, or not of the shape above; it names
            ``name``, the line number and the column.
    """
    if isinstance(line, bytes):
        raw = line
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
            raise ParseError(
                f"Invalid UTF-8 ({exc.reason}): lines are UTF-8 text", path=name, lineno=lineno, colno=column
            ) from None
    if not line.strip(_JSON_SPACE):
        return None
    item = _parse(line, lineno, name)
    for key in ("path", "text"):
        if isinstance(item.get(key), str) and not _is_unicode(item[key]):
            raise ParseError(f"Invalid {key}: it holds a lone surrogate", path=name, lineno=lineno, colno=1)
    if set(item) == {"path", "text"} and isinstance(item["text"], str):
        return item["path"], item["text"]
    if set(item) != {"path", "record"}:
        keys = ", ".join(map(repr, item))
        raise ParseError(f"Expected an object with 'path' and 'record', found {keys}", line, 0).located(lineno, 1)
    try:
        return item["path"], from_plain(item["record"], line)
    except ParseError as exc:
        where = "$.record" + (exc.where or "$")[1:]
        raise ParseError(exc.msg, line, path=name, where=where, lineno=lineno, colno=_column(line, where)) from None


def _parse(line: str, lineno: int, name: str) -> dict[str, Any]:
    try:
        item = json.loads(line, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(f"Invalid JSON: {exc.msg}", path=name, lineno=lineno, colno=exc.pos + 1) from None
    except RecursionError:
        raise ParseError("Invalid JSON: nested too deeply", path=name, lineno=lineno, colno=1) from None
    except ValueError as exc:  # NaN, Infinity, an integer of thousands of digits
        raise ParseError(f"Invalid JSON: {exc}", path=name, lineno=lineno, colno=1) from None
    if not isinstance(item, dict) or not isinstance(item.get("path"), str):
        raise ParseError("Expected an object with a string 'path'", path=name, lineno=lineno, colno=1)
    return item


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (JSON escapes can spell lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def _column(line: str, where: str) -> int:
    from .jsoncodec import _locate  # the codec's own locator; imported once a line has failed

    pos = _locate(line, where)
    return 1 if pos is None else pos + 1


def iter_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of each line of ``stream``, split on "\\n" only, read one at a
    time (a binary stream splits on nothing else)."""
    for lineno, raw in enumerate(stream, 1):
        yield lineno, raw.rstrip(b"\n")


def read_jsonl(
    source: str | os.PathLike[str] | BinaryIO,
    *,
    on_error: Callable[[NewsformatError], object] | None = None,
) -> Iterator[tuple[str, Record | str]]:
    """``(path, record)`` for each line of a JSON Lines file (a path or a binary stream),
    ``(path, text)`` for a file carried as text, one line at a time.

    Args:
        source: The file, or a binary stream such as ``sys.stdin.buffer``.
        on_error: Called with the ParseError of each bad line, and the lines after it are
            read; by default the first bad line raises.
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            stream = open(path, "rb")  # noqa: SIM115 (closed below, when the lines are read)
        except OSError as exc:
            raise ReadError.of(exc, path) from None
        with stream:
            try:
                yield from read_jsonl(stream, on_error=on_error)
            except IsADirectoryError as exc:
                raise ReadError.of(exc, path) from None
        return
    name = getattr(source, "name", "<jsonl>")
    for lineno, raw in iter_lines(source):
        try:
            found = loads_line(raw, lineno=lineno, name=str(name))
        except ParseError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        if found is not None:
            yield found


class JsonlWriter:
    """Lines written to a binary stream as they come, or to a file put in place only when
    complete (atomically; an existing file is replaced only when ``replace``).

    Use as a context manager; leaving it by an exception leaves no file behind.
    """

    def __init__(self, out: str | os.PathLike[str] | BinaryIO, *, replace: bool = False) -> None:
        self._stream: BinaryIO | None = None
        self._file: NewFile | None = None
        self._dir_fd = -1
        if isinstance(out, (str, os.PathLike)):
            self.shown = os.fspath(out)
            parent, name = os.path.split(self.shown)
            if not name:
                raise write_error(errno.EISDIR, "Expected a file for JSON Lines, found a folder", self.shown)
            self._dir_fd = open_dir(parent or ".", ())
            self._file = NewFile(self._dir_fd, name, replace=replace, shown=self.shown)
        else:
            self.shown = str(getattr(out, "name", "<stream>"))
            self._stream = out

    def __enter__(self) -> JsonlWriter:
        if self._file is not None:
            try:
                self._file.__enter__()
            except BaseException:
                self._close_dir()
                raise
        return self

    def write(self, line: str) -> None:
        """Write one line (ending with "\\n"); a short or failed write raises OSError."""
        data = line.encode("utf-8")
        if self._file is not None:
            self._file.write(data)
        else:
            assert self._stream is not None
            write_stream(self._stream, data)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if self._file is not None:
                self._file.__exit__(kind, exc, tb)
            elif exc is None and self._stream is not None:
                self._stream.flush()
        finally:
            self._close_dir()

    def _close_dir(self) -> None:
        if self._dir_fd >= 0:
            os.close(self._dir_fd)
            self._dir_fd = -1
