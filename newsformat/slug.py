"""Slugs exactly as the archive makes them from titles, one rule per edition.

The rules were recovered from the archive's own (title, link) pairs; docs/format.md lists
them with the rates they reproduce. Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .errors import FieldValueError

__all__ = ("slugify", "event_slug", "RULES", "EN_TITLE_BYTES", "EN_TITLE_CHARS", "ZH_TITLE_CHARS", "LATIN1_TABLE")

RULES: Final = ("archive", "plain")
"""How English titles are transliterated: the archive's own rule, or a plain one."""

EN_TITLE_BYTES: Final = 140
"""The archive's English slugs are made from the first 140 bytes of the title in UTF-8."""

EN_TITLE_CHARS: Final = 140
"""The plain English rule makes slugs from the first 140 characters of the title."""

ZH_TITLE_CHARS: Final = 60
"""Chinese slugs are made from the first 60 characters of the title, padding included."""

# What the archive's transliteration made of each character U+0080-U+00FF, in order. The
# archive read a title's UTF-8 bytes as Latin-1, so every non-ASCII letter came out as two
# to four of these: "ü" (C3 BC) as "Ã¼" and so "A1/4". C1 controls (U+0080-U+009F) and the
# soft hyphen gave nothing. Written for newsformat from the slugs of the archive.
_LATIN1: Final = (
    *([""] * 32),  # U+0080-U+009F: C1 controls
    *(" ", "!", "C/", "PS", "$?", "Y=", "|", "SS", '"', "(c)", "a", "<<", "!", "", "(r)", "-"),  # U+00A0-U+00AF
    *("deg", "+-", "2", "3", "'", "u", "P", "*", ",", "1", "o", ">>", "1/4", "1/2", "3/4", "?"),  # U+00B0-U+00BF
    *("A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I"),  # U+00C0-U+00CF
    *("D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss"),  # U+00D0-U+00DF
    *("a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i"),  # U+00E0-U+00EF
    *("d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y"),  # U+00F0-U+00FF
)

LATIN1_TABLE: Final = {0x80 + i: text for i, text in enumerate(_LATIN1)}
"""The archive's transliteration of U+0080-U+00FF, as a :meth:`str.translate` table."""

# Every run of characters outside [a-z0-9] becomes one '-' in an English slug.
_EN_SEPARATORS: Final = re.compile(r"[^a-z0-9]+")
# Every run of non-word characters (Unicode \w: letters, digits, CJK, '_') becomes one '-'.
_ZH_SEPARATORS: Final = re.compile(r"\W+")
# Dropped from Chinese titles before anything else, so "7.0" gives "70" and "1,280" "1280".
_ZH_DROPPED: Final = str.maketrans("", "", ".,")
# Han ideographs: a title holding any is taken for Chinese (no English title of the archive has one).
_HAN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _slugify_archive(title: str) -> str:
    data = title.encode("utf-8", "surrogatepass")[:EN_TITLE_BYTES]  # 1. cut 140 bytes of UTF-8
    text = data.decode("latin-1")  # 2. read them as Latin-1: "ü" becomes "Ã¼"
    text = text.translate(LATIN1_TABLE)  # 3. transliterate: "Ã¼" becomes "A1/4"
    text = text.lower()  # 4. lower case
    text = _EN_SEPARATORS.sub("-", text)  # 5. runs of anything else to one '-'
    return text.strip("-")  # 6. no '-' at either end


def _transliterate(text: str) -> str:
    """ "français" -> "francais": split accented letters and keep their ASCII base.

    Letters with no ASCII base ("ø", "ł") and other scripts are dropped.
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slugify_plain(title: str) -> str:
    text = title[:EN_TITLE_CHARS]  # 1. cut 140 characters
    text = _transliterate(text)  # 2. accented letters to their ASCII base
    text = text.lower()  # 3. lower case
    text = _EN_SEPARATORS.sub("-", text)  # 4. runs of anything else to one '-'
    return text.strip("-")  # 5. no '-' at either end


def _slugify_zh(title: str) -> str:
    text = title[:ZH_TITLE_CHARS]  # 1. cut first
    text = text.translate(_ZH_DROPPED)  # 2. drop '.' and ','
    text = _ZH_SEPARATORS.sub("-", text)  # 3. runs of non-word characters to one '-'
    return text.strip("-")  # 4. no '-' at either end; case and CJK are kept


def slugify(title: str, lang: str = "en", *, rule: str = "archive") -> str:
    """Make the slug the archive gives an event with this title in edition ``lang``.

    Editions other than "zh" use the English rule, which ``rule`` chooses:

    - ``"archive"`` (the default): what the archive did, byte for byte. It cut the title to
      140 bytes of UTF-8 and read them as Latin-1, so letters outside ASCII come out as
      their bytes transliterated: ``slugify("Kraków") == "kraka3w"``.
    - ``"plain"``: accented letters keep their ASCII base (``"krakow"``), as a few of the
      archive's slugs have it.

    Chinese slugs keep every letter, so ``rule`` changes nothing for them. The result may be
    empty for a title with no letters or digits; :class:`~newsformat.Event` refuses an empty
    slug.

    Raises:
        TypeError: ``title`` is not a str.
        ValueError: ``rule`` is not one of :data:`RULES`.
    """
    if not isinstance(title, str):
        raise TypeError(f"Expected str, not {type(title).__name__}")
    if rule not in RULES:
        raise ValueError(f"Unknown slug rule {rule!r}: expected one of {', '.join(map(repr, RULES))}")
    if lang == "zh":
        return _slugify_zh(title)
    return _slugify_archive(title) if rule == "archive" else _slugify_plain(title)


def event_slug(title: str, lang: str) -> str:
    """The slug :meth:`Event.new <newsformat.Event.new>` gives a title: :func:`slugify`'s,
    refused where it cannot name the event.

    Raises:
        FieldValueError: The title is Chinese and ``lang`` is not "zh" (the message names
            ``lang="zh"`` as the fix), or the title makes an empty slug.
    """
    slug = slugify(title, lang)
    if lang != "zh" and _HAN.search(title):
        raise FieldValueError(
            "title",
            f"{title!r} is in Chinese, which makes no English slug:"
            ' pass lang="zh" for an event of the Chinese edition, or slug= to choose one',
        )
    if not slug:
        raise FieldValueError("title", f"{title!r} makes no slug: it has no letter or digit; pass slug= to choose one")
    return slug
