"""The public functions: read and write records in any format, from text or files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Protocol

from . import markdown
from ._files import read_bytes, write_path
from ._utf8 import decode as decode_utf8
from .errors import ParseError, UnknownFormatError
from .links import ArchiveURL
from .model import Record
from .paths import url_from_path

__all__ = (
    "FORMATS",
    "loads",
    "dumps",
    "load",
    "load_bytes",
    "dump",
    "to_dict",
    "from_dict",
    "format_of",
    "json_schema",
)

FORMATS: Final = ("md", "json", "xml")
"""The formats every record can be read from and written to."""


class Codec(Protocol):
    """What every format's module offers: a record from a document, and back."""

    def loads(self, text: str, /) -> Record: ...

    def dumps(self, record: Record, /) -> str: ...


def _codec(format: str) -> Codec:
    """The module of ``format``; JSON and XML are imported on first use (they bring cattrs)."""
    if format == "md":
        return markdown
    if format == "json":
        from . import jsoncodec

        return jsoncodec
    if format == "xml":
        from . import xmlcodec

        return xmlcodec
    raise UnknownFormatError(f"Unknown format {format!r}: expected one of {', '.join(FORMATS)}")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON encoding, as shipped in the package."""
    from . import jsoncodec  # imported on first use: reading Markdown needs no cattrs

    return jsoncodec.json_schema()


def format_of(path: str | os.PathLike[str]) -> str:
    """The format a file's extension names: ``.md``, ``.json`` or ``.xml``.

    Raises:
        UnknownFormatError: The extension names none of them (also a ValueError).
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnknownFormatError(f"Cannot tell the format of {os.fspath(path)!r}: expected a .md, .json or .xml file")
    return suffix


def loads(
    text: str | bytes, format: str = "md", *, url: ArchiveURL | str | None = None, lang: str | None = None
) -> Record:
    """Read a record from text in ``format`` ("md", "json" or "xml").

    Args:
        text: The document, as text or as UTF-8 bytes (no byte order mark).
        format: Its format.
        url: For Markdown, where the page lives (an :class:`ArchiveURL` or its text): it gives
            the edition, date and slug the page itself does not say.
        lang: For Markdown, the edition ("en", "zh") when known; otherwise read off the page.

    A legacy page names its slug only in its file name: read without ``url``, its event's
    ``slug`` and ``url`` are None (:func:`load` reads the slug from the path).

    Raises:
        ParseError: The document is malformed, or of the wrong shape, or bytes that are not
            UTF-8, with its position.
        TypeError: ``text`` is neither str nor bytes.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode_utf8(text)
    elif not isinstance(text, str):
        raise TypeError(f"Expected str or bytes, not {type(text).__name__}")
    if format != "md":
        return _codec(format).loads(text)
    hint = ArchiveURL.parse(url) if isinstance(url, str) else url
    return markdown.loads(text, url=hint, lang=lang)


def to_dict(record: Record) -> dict[str, Any]:
    """The JSON encoding of a record as plain Python data: dicts, lists, str, int, bool.

    ``json.dumps`` writes it as it is (dates are ISO strings, links their text), and it is
    what ``json.loads(dumps(record, "json"))`` gives; :func:`from_dict` reads it back. The
    dict is new: changing it changes no record.
    """
    from ._plain import to_plain  # imported on first use: reading Markdown needs no cattrs

    return to_plain(record)


def from_dict(data: Mapping[str, Any]) -> Record:
    """The record of a dict in the JSON encoding: ``from_dict(to_dict(r)) == r``.

    Raises:
        ParseError: ``data`` is not a record's encoding; the error's ``where`` names the path
            of the bad value, such as ``$.sources[0].url``.
    """
    from ._plain import from_plain

    return from_plain(data)


def dumps(record: Record, format: str = "md") -> str:
    """Write a record as text in ``format`` ("md", "json" or "xml")."""
    return _codec(format).dumps(record)


def load(path: str | os.PathLike[str], *, format: str | None = None) -> Record:
    """Read a record from a file; the format comes from its extension unless given.

    For a Markdown page, an archive path (``.../news/2011/11/2/<slug>.md``, ``.../zh/news/...``)
    gives the edition, date and slug the page does not say itself.

    Raises:
        ParseError: The file is malformed (not UTF-8 included); the error names the file, line
            and column.
        ReadError: The file cannot be read: missing, a folder, not allowed, or not a regular
            file (a FIFO, a device: refused before it is opened, so nothing hangs). It is an
            OSError that keeps its errno: ``except FileNotFoundError`` catches a missing file.
        UnknownFormatError: No ``format`` given, and the extension names none.
    """
    return load_bytes(read_bytes(path), path, format=format)


def load_bytes(raw: bytes, path: str | os.PathLike[str], *, format: str | None = None) -> Record:
    """Read a record from the bytes of the file at ``path``, as :func:`load` reads the file.

    The file need not be on this machine (``s3://bucket/archive/news/...``): ``path`` gives
    the format, what an archive path says of a Markdown page, and the name errors carry.

    Raises:
        ParseError: The bytes are not UTF-8 or not a page; the error names the path, line and column.
    """
    fmt = format or format_of(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 4].hex(" ")
        msg = f"Invalid UTF-8 ({exc.reason} in the bytes {bad}): files are UTF-8 text"
        pos = len(raw[: exc.start].decode("utf-8"))
        raise ParseError(msg, raw.decode("utf-8", "replace"), pos, path=path) from None
    if text.startswith("\ufeff"):
        raise ParseError("Unexpected byte order mark: files are UTF-8 without a BOM", text, 0, path=path)
    try:
        if fmt == "md":
            return loads(text, "md", url=url_from_path(path))
        return loads(text, fmt)
    except ParseError as exc:
        raise exc.with_path(path) from None


def dump(record: Record, path: str | os.PathLike[str], *, format: str | None = None, replace: bool = True) -> None:
    """Write a record to a file atomically: a temporary file beside it, then a rename.

    Folders on the way are made. A new file gets the mode a plain ``open()`` gives under the
    umask; a replaced one keeps its mode. Readers see the old file or the new one, never a part.

    Args:
        record: What to write.
        path: Where; the format comes from its extension unless given.
        format: "md", "json" or "xml".
        replace: Replace a file that exists. When false, an existing file is kept and
            FileExistsError (a WriteError) raised; the check and the write are one atomic step.

    Raises:
        WriteError: The file cannot be written. A symbolic link, a folder or a file with other
            hard links at ``path`` is never replaced: write to the file the link names instead.
    """
    text = dumps(record, format or format_of(path))
    write_path(path, text.encode("utf-8"), replace=replace)
