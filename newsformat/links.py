"""Links into the archive as typed values.

An archive link names an edition, a date and a page: ``/news/2009/02/5/<slug>.md`` (month
zero-padded, day not), ``/zh/news/2011/11/3/index.md`` for a Chinese day page. ``str()`` of an
:class:`ArchiveURL` gives back the exact link text it was parsed from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import PurePath, PurePosixPath
from typing import Final, Union

import attrs

from ._recent import Recent
from ._trusted import trusted
from .errors import InvalidURLError

__all__ = ("ArchiveURL", "Link", "as_link", "EDITIONS", "EXTENSIONS", "EDITION_FOLDERS", "SECTIONS")

EXTENSIONS: Final = ("md", "html", "json", "xml")
"""The formats the archive publishes every page in."""

EDITIONS: Final = ("en", "zh")
"""The archive's editions: English at ``/news/...``, Chinese at ``/zh/news/...``."""

EDITION_FOLDERS: Final = ("zh",)
"""The editions whose pages live in a folder of their own (``zh/news/...``); English pages
have none (``news/...``). Only these folders say an edition in a path."""

SECTIONS: Final = ("news", "opinion")
"""The archive's sections: the folders :meth:`ArchiveURL.from_path` reads."""

# /[lang/]section/YYYY/MM/D/tail; the strict check that the text is canonical comes after,
# by rendering the parsed value again and comparing.
_ARCHIVE_URL: Final = re.compile(
    r"""
    ^/(?:(?P<lang>[a-z]{2})/)?                       # edition prefix; none for English
    (?P<section>[a-z]+)/                             # news, opinion
    (?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{1,2})/
    (?P<tail>[^/]+(?:/index)?)\.(?P<ext>[a-z]+)$      # slug.ext, index.ext or slug/index.ext
    """,
    re.VERBOSE,
)


# A slug is made of word characters and '-', as the archive's slug rules make them; anything
# else could end the link early on a page (')', white space) or change its meaning ('/', '.').
_SLUG: Final = re.compile(r"[\w-]+")
_SECTION: Final = re.compile(r"[a-z]+")


# [...]/[zh/]section/YYYY/MM/D/tail.ext at the end of a path, its parts joined by '/'. Any
# folders above are where the archive sits on disk; of the folder above the section, only an
# edition's ("zh") says anything: a copy of the English tree under "us/" is English.
_ARCHIVE_PATH: Final = re.compile(
    rf"""
    (?:^|/)(?:(?P<lang>{"|".join(EDITION_FOLDERS)})/)?   # an edition's folder: zh
    (?P<section>{"|".join(SECTIONS)})/
    (?P<year>[0-9]{{4}})/(?P<month>[0-9]{{2}})/(?P<day>[1-9][0-9]?)/  # month zero-padded, day not
    (?:(?P<readme>README\.md)                          # a day's older rendering, beside index.md
    | (?P<tail>[^/]+(?:/index)?)\.(?P<ext>{"|".join(EXTENSIONS)}))$  # slug.ext, index.ext, slug/index.ext
    """,
    re.VERBOSE,
)
# A link exactly as the archive spells it: an edition's prefix but English's, a four-digit
# year, a zero-padded month, a day without its zero, a slug of word characters and '-'.
_CANONICAL: Final = re.compile(
    rf"/(?:({'|'.join(e for e in EDITIONS if e != 'en')})/)?([a-z]+)/([0-9]{{4}})/([0-9]{{2}})/([1-9][0-9]?)/"
    rf"([\w-]+)(/index)?\.({'|'.join(EXTENSIONS)})"  # greedy: a slug holds no '/' or '.', so nothing to take back
)

_PATH_SHAPE: Final = "[zh/]news/YYYY/MM/D/<slug>.<ext>: month zero-padded, day not, ext md, html, json or xml"


@attrs.frozen
class ArchiveURL:
    """A link to a page of the archive.

    Attributes:
        date: The day the page belongs to.
        slug: The page's slug; None for a day page (``index.md``).
        lang: The edition: "en" (no prefix) or the prefix such as "zh".
        ext: The format: "md", "html", "json" or "xml".
        section: The archive section, "news" for every event and day page.
        nested: True for pages kept as ``<slug>/index.<ext>`` (opinion pieces).
    """

    date: dt.date = attrs.field()
    slug: str | None = attrs.field(default=None)
    lang: str = attrs.field(default="en")
    ext: str = attrs.field(default="md")
    section: str = attrs.field(default="news")
    nested: bool = attrs.field(default=False)
    # The link's text, kept when it was parsed so that writing it back costs nothing.
    _text: str | None = attrs.field(default=None, init=False, eq=False, order=False, hash=False, repr=False)

    @date.validator
    def _check_date(self, _: attrs.Attribute[dt.date], value: dt.date) -> None:
        if value.__class__ is not dt.date:
            raise InvalidURLError(f"Invalid date {value!r}: expected a datetime.date")

    @slug.validator
    def _check_slug(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            check_slug(value)
        if self.nested and value is None:
            raise InvalidURLError("A nested page needs a slug")

    @lang.validator
    def _check_lang(self, _: attrs.Attribute[str], value: str) -> None:
        if value not in EDITIONS or value.__class__ is not str:
            raise InvalidURLError(f"Invalid edition {value!r}: expected one of {', '.join(EDITIONS)}")

    @section.validator
    def _check_section(self, _: attrs.Attribute[str], value: str) -> None:
        if value.__class__ is not str or _SECTION.fullmatch(value) is None:
            raise InvalidURLError(f"Invalid section {value!r}: expected lower-case letters such as 'news'")

    @nested.validator
    def _check_nested(self, _: attrs.Attribute[bool], value: bool) -> None:
        if value.__class__ is not bool:
            raise InvalidURLError(f"Invalid nested {value!r}: expected True or False")

    @ext.validator
    def _check_ext(self, _: attrs.Attribute[str], value: str) -> None:
        if value not in EXTENSIONS or value.__class__ is not str:
            raise InvalidURLError(f"Invalid extension {value!r}: expected one of {', '.join(EXTENSIONS)}")

    @classmethod
    def parse(cls, text: str) -> ArchiveURL:
        """Parse a link such as ``/news/2009/02/5/slug.md``; raise InvalidURLError otherwise."""
        if not isinstance(text, str):
            raise TypeError(f"Expected str, not {type(text).__name__}")
        return _parse(text) if cls is ArchiveURL else cls._parse_uncached(text)

    @classmethod
    def _parse_uncached(cls, text: str) -> ArchiveURL:
        if cls is ArchiveURL and (m := _CANONICAL.fullmatch(text)) is not None:
            # Already in the archive's spelling, as most links are: one match says it all.
            lang, section, year, month, day, name, under, ext = m.groups()
            if not (under and name == "index"):
                try:
                    date = dt.date(int(year), int(month), int(day))
                except ValueError:
                    pass  # said in words below
                else:
                    page = None if name == "index" and not under else name
                    return _make_url(date, page, lang or "en", ext, section, under is not None, text)
        m = _ARCHIVE_URL.match(text)
        if m is None:
            raise InvalidURLError(f"Not an archive URL: {text!r} (expected /news/YYYY/MM/D/<slug>.md)")
        tail = m["tail"]
        nested = tail.endswith("/index")
        slug: str | None = tail[: -len("/index")] if nested else (None if tail == "index" else tail)
        try:
            date = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
            url = cls(date, slug, m["lang"] or "en", m["ext"], m["section"], nested)
        except ValueError as exc:
            raise InvalidURLError(f"Not an archive URL: {text!r} ({exc})") from None
        if str(url) != text:
            # "/en/news/...", a zero-padded day or month written unpadded: readable, but its
            # text could not be given back, so it is not taken as an archive URL.
            raise InvalidURLError(f"Not an archive URL in the archive's spelling: {text!r} (expected {str(url)!r})")
        object.__setattr__(url, "_text", text)  # writing the link back costs nothing
        return url

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> ArchiveURL:
        """The URL of the page at ``path``, as its folders say: the inverse of :attr:`path`.

        The path ends ``[zh/]news/YYYY/MM/D/<slug>.<ext>`` (``index.<ext>`` for a day page,
        ``<slug>/index.<ext>`` for an opinion piece); folders above it are where the archive
        sits. Only an edition's folder (``zh``, see :data:`EDITION_FOLDERS`) says the edition:
        ``news/...`` under any other folder, such as ``us/`` or ``en/``, is English. A day's
        ``README.md`` beside its ``index.md`` is the same day page.

        Raises:
            InvalidURLError: The path does not end like a page of the archive.
        """
        parts = path.parts if isinstance(path, PurePath) else PurePath(os.fspath(path)).parts
        m = _ARCHIVE_PATH.search("/".join(parts))
        if m is None:
            raise InvalidURLError(f"Not an archive path: {os.fspath(path)!r} (expected {_PATH_SHAPE})")
        tail = "index" if m["readme"] else m["tail"]
        nested = tail.endswith("/index")
        slug: str | None = tail[: -len("/index")] if nested else (None if tail == "index" else tail)
        try:
            date = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
            return cls(date, slug, m["lang"] or "en", m["ext"] or "md", m["section"], nested)
        except ValueError as exc:  # InvalidURLError is one too
            raise InvalidURLError(f"Not an archive path: {os.fspath(path)!r} ({exc})") from None

    @property
    def path(self) -> PurePosixPath:
        """The page's file relative to the archive's root: ``news/2011/11/2/<slug>.md``, and
        ``zh/news/...`` for the Chinese edition (the URL without its leading '/').

        ``ArchiveURL.from_path(url.path) == url`` for the archive's editions (English and those
        of :data:`EDITION_FOLDERS`) and sections (:data:`SECTIONS`).
        """
        return PurePosixPath(str(self)[1:])

    @property
    def is_day_page(self) -> bool:
        """True for a day page (``index.<ext>``)."""
        return self.slug is None

    def with_ext(self, ext: str) -> ArchiveURL:
        """Return the same page in another format (``.html``, ``.json``, ``.xml`` or ``.md``)."""
        return attrs.evolve(self, ext=ext)

    def __str__(self) -> str:
        if self._text is not None:
            return self._text
        prefix = "" if self.lang == "en" else f"/{self.lang}"
        d = self.date
        if self.slug is None:
            name = "index"
        elif self.nested:
            name = f"{self.slug}/index"
        else:
            name = self.slug
        return f"{prefix}/{self.section}/{d.year:04d}/{d.month:02d}/{d.day}/{name}.{self.ext}"


# The same links come back again and again in an archive (most related events are linked from
# many pages), and an ArchiveURL is immutable: a parsed link is shared, not parsed again.
_make_url: Final = trusted(ArchiveURL)


def check_slug(value: str) -> None:
    """Raise InvalidURLError unless ``value`` may be a page's slug."""
    if value.__class__ is not str or value == "index" or _SLUG.fullmatch(value) is None:
        raise InvalidURLError(f"Invalid slug {value!r}: expected letters, digits, '_' and '-' only (and not 'index')")


@lru_cache(maxsize=1 << 14)
def _parse(text: str) -> ArchiveURL:
    return ArchiveURL._parse_uncached(text)


# The same links come back again and again in an archive: each link text is looked at once,
# and what it is (an ArchiveURL, or text that is not one) remembered.
_LINKS: Recent[str, Link] = Recent(1 << 14)


def clear_cache() -> None:
    """Forget the links parsed so far (benchmarks call this between timed runs)."""
    _parse.cache_clear()
    _LINKS.clear()


Link = Union[ArchiveURL, str]  # noqa: UP007  (an alias used at run time, where cattrs reads typing.Union)
"""A link on a page: an :class:`ArchiveURL` when it points into the archive, else its text."""


def as_link(text: str) -> Link:
    """Return ``text`` as an :class:`ArchiveURL` when it is one, else unchanged."""
    found = _LINKS.get(text)
    if found is not None:
        return found
    if not text.startswith("/"):
        return text
    link: Link
    try:
        link = ArchiveURL._parse_uncached(text)  # remembered below, not in _parse's cache too
    except InvalidURLError:
        link = text
    return _LINKS.keep(text, link)
