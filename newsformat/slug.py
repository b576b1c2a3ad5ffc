"""Slugs exactly as the archive makes them from titles, one rule per edition.

The rules were recovered from the archive's own (title, link) pairs; docs/format.md lists
them with the rates they reproduce. Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ("slugify", "EN_TITLE_CHARS", "ZH_TITLE_CHARS")

EN_TITLE_CHARS: Final = 140
"""English slugs are made from the first 140 characters of the title, padding included."""

ZH_TITLE_CHARS: Final = 60
"""Chinese slugs are made from the first 60 characters of the title, padding included."""

# Every run of characters outside [a-z0-9] becomes one '-' in an English slug.
_EN_SEPARATORS: Final = re.compile(r"[^a-z0-9]+")
# Every run of non-word characters (Unicode \w: letters, digits, CJK, '_') becomes one '-'.
_ZH_SEPARATORS: Final = re.compile(r"\W+")
# Dropped from Chinese titles before anything else, so "7.0" gives "70" and "1,280" "1280".
_ZH_DROPPED: Final = str.maketrans("", "", ".,")


def _transliterate(text: str) -> str:
    """ "français" -> "francais": split accented letters and keep their ASCII base.

    The stdlib's NFKD decomposition is enough for the Latin accents the archive met; letters
    with no ASCII base ("ø", "ł") and other scripts are dropped, as they become separators.
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slugify_en(title: str) -> str:
    text = title[:EN_TITLE_CHARS]  # 1. cut first: the cut counts the title as written
    text = _transliterate(text)  # 2. accented letters to ASCII
    text = text.lower()  # 3. lower case
    text = _EN_SEPARATORS.sub("-", text)  # 4. runs of anything else to one '-'
    return text.strip("-")  # 5. no '-' at either end


def _slugify_zh(title: str) -> str:
    text = title[:ZH_TITLE_CHARS]  # 1. cut first
    text = text.translate(_ZH_DROPPED)  # 2. drop '.' and ','
    text = _ZH_SEPARATORS.sub("-", text)  # 3. runs of non-word characters to one '-'
    return text.strip("-")  # 4. no '-' at either end; case and CJK are kept


def slugify(title: str, lang: str = "en") -> str:
    """Make the slug the archive gives an event with this title in edition ``lang``.

    Editions other than "zh" use the English rule. The result may be empty for a title with
    no letters or digits; :class:`~newsformat.Event` refuses an empty slug.
    """
    if not isinstance(title, str):
        raise TypeError(f"Expected str, not {type(title).__name__}")
    return _slugify_zh(title) if lang == "zh" else _slugify_en(title)
