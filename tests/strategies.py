"""Hypothesis strategies for valid records, covering the whole domain the validators accept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import strategies as st

import newsformat as nf
from newsformat._text import is_valid_text

# Characters that mean something to the Markdown dialect come often, so the escaping is tried.
_SPECIAL = "[]()_#&;,.-: *!'\"<>|{}/\\\t0123456789"
_alphabet = st.one_of(
    st.sampled_from(_SPECIAL),
    # No control characters here (a tab comes from _SPECIAL): values refuse them, and drawing
    # them only to filter them out starves the tests of inputs.
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    st.sampled_from("Tajikistan 俄罗斯神舟八號éàç’—"),
)
_entityish = st.sampled_from(
    ["&amp;", "&#039;", "&quot;", "&nbsp;", "&#x20;", "&bogus;", "](", ") _", ", ", "## ", "1. ["]
)


def _clean(text: str) -> str:
    return text.strip(" ")


def _texts(min_size: int) -> st.SearchStrategy[str]:
    chunk = st.one_of(st.text(_alphabet, min_size=min_size, max_size=12), _entityish)
    return st.lists(chunk, min_size=min_size, max_size=6).map("".join).map(_clean).filter(is_valid_text)


text = _texts(0)
nonempty = _texts(1).filter(bool)  # a chunk of spaces alone can still strip to nothing
optional = st.none() | nonempty
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
langs = st.sampled_from(["en", "zh"])
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True) | st.from_regex(
    r"[\w-]{1,20}", fullmatch=True
).filter(lambda s: s != "index")
archive_urls = st.builds(
    nf.ArchiveURL, date=dates, slug=st.none() | slugs, lang=langs, ext=st.sampled_from(nf.links.EXTENSIONS)
)
event_urls = st.builds(nf.ArchiveURL, date=dates, slug=slugs, lang=langs)
plain_urls = st.from_regex(r"https?://[a-z]{1,10}\.[a-z]{2,3}/[A-Za-z0-9_%./-]{0,30}", fullmatch=True)
links = event_urls | plain_urls

sources = st.builds(nf.Source, name=text, url=plain_urls, image=st.none() | plain_urls)
related = st.builds(nf.Related, title=nonempty, url=links, contexts=st.lists(nonempty, max_size=3).map(tuple))
changes = st.builds(
    nf.Change,
    title=nonempty,
    url=links,
    label=text,
    timestamp=st.none()
    | st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


@st.composite
def entries(draw: st.DrawFn) -> nf.Entry:
    kind = draw(st.sampled_from(["summary", "contexts", "none"]))
    return nf.Entry(
        title=draw(nonempty),
        url=draw(links),
        category=draw(optional),
        summary=draw(nonempty) if kind == "summary" else None,
        contexts=tuple(draw(st.lists(nonempty, min_size=1, max_size=3))) if kind == "contexts" else (),
    )


def _layouts(anchors: list[str], padded: list[str]) -> st.SearchStrategy[nf.Layout]:
    """Layouts as hand-edited pages have them: runs of blank lines, padding before titles.

    Every entry departs from the canonical layout (no canonical gap is 5 or more, no canonical
    padding starts with a space) and names an element every record of the kind has, so that
    reading the page gives back the same layout.
    """
    spaces = st.sampled_from(["", " ", "  "])
    return st.builds(
        nf.Layout,
        gaps=st.dictionaries(st.sampled_from(anchors), st.integers(5, 7), max_size=2),
        padding=st.lists(st.tuples(st.sampled_from(padded), st.sampled_from([" ", "  "]), spaces), max_size=1).map(
            tuple
        )
        if padded
        else st.just(()),
    )


@st.composite
def events(draw: st.DrawFn) -> nf.Event:
    lang = draw(langs)
    return nf.Event(
        date=draw(dates),
        title=draw(nonempty),
        lang=lang,
        slug=draw(st.none() | slugs),
        category=draw(optional),
        body=draw(optional),
        sources=draw(st.lists(sources, max_size=3)),
        related=draw(st.lists(related, max_size=3)),
        changes=draw(st.lists(changes, max_size=2)),
        layout=draw(st.just(nf.Layout()) | _layouts(["title", "date", "end"], ["title"])),
    )


day_indexes = st.builds(
    nf.DayIndex,
    date=dates,
    lang=langs,
    entries=st.lists(entries(), max_size=4),
    previous=st.none() | archive_urls,
    layout=st.just(nf.Layout()) | _layouts(["end"], []),
)
sections = st.builds(nf.Section, label=nonempty, url=st.none() | links, entries=st.lists(entries(), max_size=3))
front_pages = st.builds(nf.FrontPage, lang=langs, sections=st.lists(sections, min_size=1, max_size=3))

_VALID = Path(__file__).parent / "data" / "valid"
real_pages = st.sampled_from(sorted(p for p in _VALID.glob("*.md")))
real_records = real_pages.map(nf.load)

records = st.one_of(events(), day_indexes, front_pages, real_records)
