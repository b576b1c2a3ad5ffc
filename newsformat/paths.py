"""Where pages live: archive URLs for records, and archive paths on disk.

An archive tree on disk mirrors the URLs: ``news/YYYY/MM/D/<slug>.<ext>`` for English pages,
``zh/news/...`` for Chinese ones, ``.../index.<ext>`` for day pages; the front page is
``index.<ext>`` (or ``README.md``) at the root of its edition (``zh/index.<ext>``).
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from .errors import InvalidURLError
from .links import ArchiveURL
from .model import DayIndex, Event, FrontPage, Record

__all__ = ("url_for", "relative_path", "url_from_path")


def url_for(record: Record, ext: str = "md") -> ArchiveURL | None:
    """The URL of a record's page in format ``ext``; None for an event with no slug or a front page."""
    url = record.url if isinstance(record, (Event, DayIndex)) else None
    return None if url is None else url.with_ext(ext)


def relative_path(record: Record, ext: str = "md") -> PurePosixPath | None:
    """The path of a record inside an archive tree, such as ``news/2011/11/2/<slug>.json``.

    The same as its URL's :attr:`~newsformat.ArchiveURL.path`: Chinese pages are under
    ``zh/``, and the front page is ``index.<ext>`` (``zh/index.<ext>``). None when the record
    does not say where it lives (an event with no slug).
    """
    if isinstance(record, FrontPage):
        return PurePosixPath(f"index.{ext}" if record.lang == "en" else f"{record.lang}/index.{ext}")
    url = url_for(record, ext)
    return None if url is None else url.path


def url_from_path(path: str | os.PathLike[str]) -> ArchiveURL | None:
    """What an archive path says: ``.../[zh/]news/2011/11/2/<slug>.md`` gives its URL.

    As :meth:`ArchiveURL.from_path <newsformat.ArchiveURL.from_path>`, but None for a path
    that is not an archive page's (a folder's notes, the front page).
    """
    try:
        return ArchiveURL.from_path(path)
    except InvalidURLError:
        return None
