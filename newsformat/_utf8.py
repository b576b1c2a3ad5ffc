"""Bytes to text: documents are UTF-8, strictly, without a byte order mark."""

from __future__ import annotations

from .errors import ParseError

__all__ = ("decode",)


def decode(raw: bytes | bytearray) -> str:
    """Decode a document's bytes as UTF-8.

    Raises:
        ParseError: Bytes that are not UTF-8 (at the first bad one) or a byte order mark.
    """
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 4].hex(" ")
        msg = f"Invalid UTF-8 ({exc.reason} in the bytes {bad}): files are UTF-8 text"
        pos = len(raw[: exc.start].decode("utf-8"))
        raise ParseError(msg, bytes(raw).decode("utf-8", "replace"), pos) from None
    if text.startswith("\ufeff"):
        raise ParseError("Unexpected byte order mark: files are UTF-8 without a BOM", text, 0)
    return text
