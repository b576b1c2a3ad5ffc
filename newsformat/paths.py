"""Where pages live: archive URLs for records, and archive paths on disk.

An archive tree on disk mirrors the URLs: ``[<lang>/]news/YYYY/MM/D/<slug>.<ext>`` and
``.../index.<ext>`` for day pages; the front page is ``index.<ext>`` (or ``README.md``) at the
root.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath
from typing import Final

from .errors import InvalidURLError
from .links import EXTENSIONS, ArchiveURL
from .model import DayIndex, Event, FrontPage, Record

__all__ = ("url_for", "relative_path", "url_from_path")

_LANG_DIR: Final = re.compile(r"[a-z]{2}")


def url_for(record: Record, ext: str = "md") -> ArchiveURL | None:
    """The URL of a record's page in format ``ext``; None for an event with no slug or a front page."""
    url = record.url if isinstance(record, (Event, DayIndex)) else None
    return None if url is None else url.with_ext(ext)


def relative_path(record: Record, ext: str = "md") -> PurePath | None:
    """The path of a record inside an archive tree, such as ``news/2011/11/2/<slug>.json``.

    The edition prefix is left out: each edition is its own tree. None when the record does
    not say where it lives (an event with no slug).
    """
    if isinstance(record, FrontPage):
        return PurePath(f"index.{ext}")
    url = url_for(record, ext)
    if url is None:
        return None
    prefix = "/" if url.lang == "en" else f"/{url.lang}/"
    return PurePath(str(url)[len(prefix) :])


def url_from_path(path: str | os.PathLike[str]) -> ArchiveURL | None:
    """What an archive path says: ``.../[zh/]news/2011/11/2/<slug>.md`` gives its URL.

    The edition is read from the folder above ``news`` when it is a two-letter code (as in
    ``corpus/zh/news/...``); otherwise it is left to the page. None for a path that is not
    inside a ``news/YYYY/MM/D`` folder.
    """
    parts = PurePath(path).parts
    try:
        at = len(parts) - 1 - parts[::-1].index("news")
    except ValueError:
        return None
    tail = parts[at:]
    if len(tail) != 5:
        return None
    stem, dot, ext = tail[4].rpartition(".")
    if not dot or ext not in EXTENSIONS:
        return None
    lang = parts[at - 1] if at > 0 and _LANG_DIR.fullmatch(parts[at - 1]) else "en"
    name = "index" if stem in ("index", "README") else stem
    text = f"/{'' if lang == 'en' else lang + '/'}news/{tail[1]}/{tail[2]}/{tail[3]}/{name}.{ext}"
    try:
        return ArchiveURL.parse(text)
    except InvalidURLError:
        return None
