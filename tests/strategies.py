"""Hypothesis strategies for records, drawn from the whole domain the records accept.

Values are drawn from a superset of the domain (now and then a control character, padding,
white space in a link, an edition that does not exist, a layout part a record does not have,
a gap out of bounds) and the records' own validators decide what is kept. So the properties
see everything the records accept, and a validator loosened by mistake lets values through
that the properties then catch when a format cannot give them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st

import newsformat as nf
from newsformat import model

T = TypeVar("T")

# Characters that mean something to the Markdown dialect, the JSON and XML writers, or the
# slug rules come often, so the escaping is tried.
_SPECIAL = "[]()_#&;,.-: *!'\"<>|{}/\\\t0123456789="
# Characters no value may hold, or that a value may not start or end with: drawn now and
# then, for the validators to refuse.
_OUT_OF_DOMAIN = "\n\r\x00\x0b\x1f\ud800\udfff\ufffe\uffff"
_alphabet = st.one_of(
    st.sampled_from(_SPECIAL),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    st.sampled_from("Tajikistan 俄罗斯神舟八號éàç’—\u2028\u2029\u0085\u00a0\u3000"),
)
_rare = st.sampled_from(_OUT_OF_DOMAIN)
_chunks = st.sampled_from(
    [
        "&amp;", "&#039;", "&quot;", "&nbsp;", "&#x20;", "&bogus;", "&#13;", "](", ") _", ") [IMG](", ", ",
        "## ", "# ", "1. [", "_", "---", "Formats: ", "### [", "##### ", "Context: ", "2011-11-3", " ", "  ",
    ]
)  # fmt: skip


def _sometimes(usual: st.SearchStrategy[T], odd: st.SearchStrategy[T], one_in: int = 12) -> st.SearchStrategy[T]:
    """``usual``, and ``odd`` about once in ``one_in`` draws."""
    return st.one_of(*[usual] * (one_in - 1), odd)


def _texts(min_chunks: int = 0, max_chunks: int = 6) -> st.SearchStrategy[str]:
    chunk = st.one_of(st.text(_alphabet, min_size=1, max_size=12), _chunks)
    drawn = st.lists(chunk, min_size=min_chunks, max_size=max_chunks).map("".join)
    # Most texts are trimmed, as values are; some keep their spaces, and one in twenty gets a
    # character no value may hold, for the validators to refuse.
    spoiled = st.tuples(drawn, _rare, st.integers(0, 12)).map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :])
    trimmed = drawn.map(lambda s: s.strip(" "))
    return st.one_of(*[trimmed] * 12, drawn, spoiled)


text = _texts()
title = _texts(min_chunks=1)  # fields that must not be empty: mostly drawn non-empty
maybe_text = st.none() | title
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
editions = st.sampled_from(nf.links.EDITIONS)
langs = _sometimes(editions, st.sampled_from(["fr", "EN", "x-y"]))
_datetimes = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59))
timestamps = st.none() | _sometimes(
    _datetimes.map(lambda d: d.replace(microsecond=0)),
    _datetimes.map(lambda d: d.replace(microsecond=500_000))
    | st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=5)))).map(lambda d: d.replace(microsecond=0)),
    one_in=4,
)
slugs = _sometimes(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True) | st.from_regex(r"[\w-]{1,20}", fullmatch=True),
    st.just("index") | text,
)


def accepted(
    make: Callable[..., T], *args: st.SearchStrategy[Any], **kwargs: st.SearchStrategy[Any]
) -> st.SearchStrategy[T]:
    """``make(*drawn)`` when the record accepts what was drawn; drawn again when it refuses."""

    @st.composite
    def build(draw: st.DrawFn) -> T | None:
        values = [draw(a) for a in args]
        named = {k: draw(v) for k, v in kwargs.items()}
        try:
            return make(*values, **named)
        except (nf.errors.FieldValueError, nf.InvalidURLError):
            return None

    # A filter draws again on the spot, a few times, before giving up the whole example.
    return build().filter(lambda made: made is not None)  # type: ignore[return-value]


archive_urls = accepted(
    nf.ArchiveURL,
    date=dates,
    slug=st.none() | slugs,
    lang=langs,
    ext=st.sampled_from([*nf.links.EXTENSIONS, "txt"]),
    section=st.sampled_from(["news", "news", "opinion", "News"]),
    nested=st.booleans(),
)
event_urls = accepted(nf.ArchiveURL, date=dates, slug=slugs, lang=langs)
plain_urls = _sometimes(
    st.from_regex(r"https?://[a-z]{1,10}\.[a-z]{2,3}/[A-Za-z0-9_%./()\[\]-]{0,30}", fullmatch=True),
    text,
)
links = st.one_of(archive_urls, plain_urls, archive_urls.map(str))


def layouts(parts: frozenset[str], *, page: bool = False, order: bool = False) -> st.SearchStrategy[nf.Layout]:
    """Layouts naming the parts an element has (and now and then one it has not), with gaps,
    spellings and padding of any accepted value: stale spellings included, which writers must
    leave unwritten rather than change a value."""
    names = _sometimes(st.sampled_from(sorted(parts)), st.sampled_from(["nowhere", "related[1].title"]), 20)
    spaces = _sometimes(st.sampled_from(["", " ", "  ", "   "]), st.just(" x"), 20)
    return st.just(nf.Layout()) | accepted(
        nf.Layout,
        gaps=st.dictionaries(
            names, _sometimes(st.integers(0, model.MAX_GAP), st.sampled_from([-1, 17, 10**6, True]), 20), max_size=3
        ),
        spellings=st.dictionaries(names, text | st.sampled_from(["", "2", "Source:", "Contxt: A", "r"]), max_size=2),
        padding=st.dictionaries(names, st.tuples(spaces, spaces), max_size=2),
        omit=st.lists(names, max_size=1, unique=True),
        order=st.lists(st.sampled_from(["sources", "changes", "related"]), max_size=3, unique=True)
        if order
        else st.just(()),
        final_newline=st.booleans() if page else st.just(True),
    )


sources = accepted(
    nf.Source, name=text, url=plain_urls, image=st.none() | plain_urls, layout=layouts(model.SOURCE_PARTS)
)
related = accepted(
    nf.Related, title=title, url=links, contexts=st.lists(title, max_size=3), layout=layouts(model.RELATED_PARTS)
)
changes = accepted(
    nf.Change, title=title, url=links, label=text, timestamp=timestamps, layout=layouts(model.CHANGE_PARTS)
)


@st.composite
def _entry(draw: st.DrawFn) -> nf.Entry:
    under = draw(st.sampled_from(["summary", "contexts", "none"]))
    return draw(
        accepted(
            nf.Entry,
            title=title,
            url=links,
            category=maybe_text,
            summary=title if under == "summary" else st.none(),
            contexts=st.lists(title, min_size=1, max_size=3) if under == "contexts" else st.just(()),
            layout=layouts(model.ENTRY_PARTS),
        )
    )


entries = _entry()
events = accepted(
    nf.Event,
    date=dates,
    title=title,
    lang=langs,
    slug=st.none() | slugs,
    category=maybe_text,
    body=maybe_text,
    sources=st.lists(sources, max_size=3),
    related=st.lists(related, max_size=3),
    changes=st.lists(changes, max_size=2),
    layout=layouts(model.EVENT_PARTS, page=True, order=True),
)
day_indexes = accepted(
    nf.DayIndex,
    date=dates,
    lang=langs,
    entries=st.lists(entries, max_size=4),
    previous=st.none() | links,
    layout=layouts(model.DAY_PARTS, page=True),
)
sections = accepted(
    nf.Section,
    label=title,
    url=st.none() | links,
    entries=st.lists(entries, max_size=3),
    layout=layouts(model.SECTION_PARTS),
)
front_pages = accepted(
    nf.FrontPage,
    lang=langs,
    sections=st.lists(sections, min_size=1, max_size=3),
    layout=layouts(model.FRONT_PARTS, page=True),
)

_VALID = Path(__file__).parent / "data" / "valid"
real_pages = st.sampled_from(sorted(p for p in _VALID.glob("*.md")))
real_records = real_pages.map(nf.load)

records = st.one_of(events, day_indexes, front_pages, real_records)
