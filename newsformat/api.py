"""The public functions: read and write records in any format, from text or files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Final

from . import markdown
from ._utf8 import decode as decode_utf8
from .errors import NewsformatError, ParseError
from .links import ArchiveURL
from .model import Record
from .paths import url_from_path

__all__ = ("FORMATS", "loads", "dumps", "load", "dump", "format_of", "json_schema")

FORMATS: Final = ("md", "json", "xml")
"""The formats every record can be read from and written to."""


def _codec(format: str):  # type: ignore[no-untyped-def]
    if format == "md":
        return markdown
    if format == "json":
        from . import jsoncodec

        return jsoncodec
    if format == "xml":
        from . import xmlcodec

        return xmlcodec
    raise ValueError(f"Unknown format {format!r}: expected one of {', '.join(FORMATS)}")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON encoding, as shipped in the package."""
    from . import jsoncodec  # imported on first use: reading Markdown needs no cattrs

    return jsoncodec.json_schema()


def format_of(path: str | os.PathLike[str]) -> str:
    """The format a file's extension names: ``.md``, ``.json`` or ``.xml``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"Cannot tell the format of {os.fspath(path)!r}: expected a .md, .json or .xml file")
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

    Raises:
        ParseError: The document is malformed, or of the wrong shape, or bytes that are not
            UTF-8, with its position.
        TypeError: ``text`` is neither str nor bytes.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode_utf8(text)
    elif not isinstance(text, str):
        raise TypeError(f"Expected str or bytes, not {type(text).__name__}")
    codec = _codec(format)
    if format != "md":
        return codec.loads(text)  # type: ignore[no-any-return]
    hint = ArchiveURL.parse(url) if isinstance(url, str) else url
    return codec.loads(text, url=hint, lang=lang)  # type: ignore[no-any-return]


def dumps(record: Record, format: str = "md") -> str:
    """Write a record as text in ``format`` ("md", "json" or "xml")."""
    return _codec(format).dumps(record)  # type: ignore[no-any-return]


def load(path: str | os.PathLike[str], *, format: str | None = None) -> Record:
    """Read a record from a file; the format comes from its extension unless given.

    For a Markdown page, an archive path (``.../news/2011/11/2/<slug>.md``, ``.../zh/news/...``)
    gives the edition, date and slug the page does not say itself.

    Raises:
        ParseError: The file is malformed; the error names the file, line and column.
        NewsformatError: The file cannot be read (missing, a directory, not UTF-8).
    """
    fmt = format or format_of(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise NewsformatError(f"{os.fspath(path)}: cannot read: {exc.strerror or exc}") from None
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


def dump(record: Record, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write a record to a file atomically: a temporary file beside it, then a rename."""
    text = dumps(record, format or format_of(path))
    write_atomic(Path(path), text)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
