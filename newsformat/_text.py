"""Character rules shared by every format: which text a value may hold, and entity decoding.

Values hold clean text: the HTML entities of the archive's pages (``&#039;``, ``&quot;``,
``&nbsp;``) are decoded. The Markdown codec writes text back with :func:`encode`, which
escapes only what would otherwise be read differently, so ``decode(encode(v)) == v`` for
every valid value ``v``.
"""

from __future__ import annotations

import re
from html.entities import html5
from typing import Final

__all__ = ("INVALID_CHAR", "PAGE_TEXT", "decode", "encode", "first_invalid_char", "is_valid_text")

# Characters XML 1.0 cannot carry (C0 controls but tab, lone surrogates, U+FFFE/FFFF) and the
# two line breaks the line-oriented Markdown pages cannot hold inside a value. Refusing them
# in every format keeps the formats interchangeable (see docs/format.md, "Characters").
_CONTROLS: Final = "\x00-\x08\x0b-\x1f"  # C0 controls but tab and line feed
_UNCARRIED: Final = "\ud800-\udfff\ufffe\uffff"  # lone surrogates and the two non-characters
INVALID_CHAR: Final = re.compile(f"[{_CONTROLS}\n{_UNCARRIED}]")
"""A character no value may hold."""

PAGE_TEXT: Final = re.compile(f"[^{_CONTROLS}{_UNCARRIED}]*")
"""A run of characters a page may hold: what values may, and line feeds between them."""

# One entity as HTML reads it: decimal, hexadecimal or named, always ended by ';'.
# Without the ';' the archive's text holds a plain '&' ("AT&T"), so that is left alone.
_ENTITY: Final = re.compile(r"&(?:\#([0-9]{1,7})|\#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));")


def first_invalid_char(text: str) -> int:
    """Return the offset of the first character no value may hold, or -1."""
    m = INVALID_CHAR.search(text)
    return -1 if m is None else m.start()


def is_valid_text(text: str) -> bool:
    """Tell whether every character of ``text`` may stand in a value."""
    return INVALID_CHAR.search(text) is None


def _entity_value(m: re.Match[str]) -> str | None:
    dec, hexa, name = m.groups()
    if name is not None:
        return html5.get(name + ";")
    code = int(dec) if dec is not None else int(hexa, 16)
    if code > 0x10FFFF:
        return None
    char = chr(code)
    # An entity for a character no value may hold stays as written, so that decoding never
    # produces invalid text: "&#13;" is kept literally.
    return char if is_valid_text(char) else None


def _decode_one(m: re.Match[str]) -> str:
    value = _entity_value(m)
    return m.group(0) if value is None else value


def decode(raw: str) -> str:
    """Decode the HTML entities in ``raw``; anything that is not a known entity stays."""
    if "&" not in raw:
        return raw
    return _ENTITY.sub(_decode_one, raw)


def _escape_amp(m: re.Match[str]) -> str:
    return "&amp;" + m.group(0)[1:] if _entity_value(m) is not None else m.group(0)


def encode(value: str) -> str:
    """Write ``value`` so that :func:`decode` gives it back: '&' is escaped where it would start an entity."""
    return _ENTITY.sub(_escape_amp, value) if "&" in value else value
