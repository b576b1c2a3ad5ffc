"""Read, write, convert and validate the pages of a news-event archive.

>>> import newsformat
>>> event = newsformat.load("news/2011/11/19/some-slug.md")   # doctest: +SKIP
>>> newsformat.dumps(event, "json")                           # doctest: +SKIP
"""

from ._walk import iter_pages
from .api import FORMATS, dump, dumps, from_dict, json_schema, load, loads, to_dict
from .arrow import to_arrow
from .errors import (
    InvalidURLError,
    NewsformatError,
    NotAPageError,
    ParseError,
    ReadError,
    UnknownFormatError,
    WriteError,
)
from .links import ArchiveURL, Link
from .lint import Diagnostic, validate
from .model import Change, DayIndex, Entry, Event, FrontPage, Layout, Record, Related, Section, Source
from .slug import slugify

__version__ = "0.2.0"

__all__ = (
    "ArchiveURL",
    "Change",
    "DayIndex",
    "Diagnostic",
    "Entry",
    "Event",
    "FORMATS",
    "FrontPage",
    "InvalidURLError",
    "Layout",
    "Link",
    "NewsformatError",
    "NotAPageError",
    "ParseError",
    "ReadError",
    "Record",
    "Related",
    "Section",
    "Source",
    "UnknownFormatError",
    "WriteError",
    "dump",
    "json_schema",
    "dumps",
    "iter_pages",
    "load",
    "loads",
    "to_dict",
    "from_dict",
    "to_arrow",
    "slugify",
    "validate",
    "__version__",
)
