"""The records: what they accept is exactly what every format gives back.

Values a format cannot carry are refused when a record is made, with a FieldValueError naming
the field; what is accepted comes back equal from Markdown, JSON and XML (the properties of
tests/test_roundtrip.py; here, the cases seen refused or changed before, one by one).
Event.new, which makes a slug from a title, lives here too.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf
from newsformat.errors import FieldValueError

from .conftest import DATA
from .strategies import dates, editions
from .test_roundtrip import markdown_back

SEED = nf.load(DATA / "valid" / "en-event-current-seed.md")
DAY = nf.load(DATA / "valid" / "en-day-summaries-and-contexts.md")


def _every_format_gives_back(record: nf.Record) -> None:
    for fmt in ("json", "xml"):
        assert nf.loads(nf.dumps(record, fmt), fmt) == record, fmt
    page = nf.dumps(record)
    assert markdown_back(record, page) == record
    assert nf.dumps(markdown_back(record, page)) == page


# --- refused when made -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: nf.Event(dt.date(2011, 1, 1), None), "title must be a str, not NoneType"),  # type: ignore[arg-type]
        (lambda: nf.Source(None, None), "name must be a str, not NoneType"),  # type: ignore[arg-type]
        (lambda: nf.Related("T", None), "url must be an ArchiveURL or str, not NoneType"),  # type: ignore[arg-type]
        (
            lambda: nf.Change("T", "/x", "Update", "x"),  # type: ignore[arg-type]
            "timestamp must be a datetime.datetime or None, not str",
        ),
        (
            lambda: nf.Change("T", "/x", "", dt.datetime(2018, 2, 6, 13, 49, 22, 500000, dt.timezone.utc)),
            "timestamp must be a naive date-time in whole seconds, not 2018-02-06T13:49:22.500000+00:00",
        ),
        (
            lambda: nf.Source("S", "http://x.org/a) [IMG](b"),
            "url must not hold white space or control characters: ' ' at 15",
        ),
        (lambda: nf.Related("T", "/x) _bar"), "url must not hold white space or control characters: ' ' at 3"),
        (lambda: nf.Source("S", "http://x.org", ""), "image must not be empty (None for no image)"),
        (
            lambda: nf.Event(dt.date(2011, 1, 1), "T", lang="fr"),
            "lang must be one of the archive's editions en, zh, not 'fr'",
        ),
        (
            lambda: nf.Event(dt.date(2011, 1, 1), "T", lang="EN"),
            "lang must be one of the archive's editions en, zh, not 'EN'",
        ),
        (
            lambda: nf.DayIndex(dt.date(2011, 1, 1), "x-y"),
            "lang must be one of the archive's editions en, zh, not 'x-y'",
        ),
        (lambda: nf.FrontPage(), "sections must hold at least one section: a front page without any is no page"),
        (lambda: nf.Layout(gaps={"title": True}), "gaps of 'title' must be a whole number from 0 to 16, not True"),
        (
            lambda: nf.Layout(gaps={"title": 10**9}),
            "gaps of 'title' must be a whole number from 0 to 16, not 1000000000",
        ),
        (lambda: nf.Layout(padding={"title": (" ", "x")}), "padding of 'title' must be spaces only, not (' ', 'x')"),
        (
            lambda: nf.Layout(order=["related", "related"]),
            "order must name each section once, not ['related', 'related']",
        ),
        (
            lambda: attrs.evolve(SEED, layout=nf.Layout(spellings={"related[1].title": "x"})),
            "layout names parts a Event does not have: related[1].title",
        ),
        (
            lambda: nf.Related("T", "/x", layout=nf.Layout(final_newline=False)),
            "layout final_newline belongs to pages, not list items",
        ),
        (
            lambda: nf.Entry("T", "/x", summary="S", contexts=["C"]),
            "summary cannot be given with contexts: an entry has one line under it, not two",
        ),
        (
            lambda: nf.Event(dt.date(2011, 1, 1), "T", sources="abc"),  # type: ignore[arg-type]
            "sources must be a sequence, not str",
        ),
    ],
)
def test_what_no_format_can_carry_is_refused_naming_the_field(make: object, message: str) -> None:
    """Each of these was accepted once and came back different from some format, or not at all."""
    with pytest.raises(FieldValueError) as caught:
        make()  # type: ignore[operator]
    assert str(caught.value) == message


def test_loads_refuses_an_argument_of_the_wrong_kind() -> None:
    """url must be an ArchiveURL or its text, lang an edition: said plainly, not an AttributeError."""
    page = nf.dumps(SEED)
    with pytest.raises(TypeError, match="Expected url to be an ArchiveURL or None, not int"):
        nf.loads(page, url=5)  # type: ignore[arg-type]
    with pytest.raises(FieldValueError, match="lang must be one of the archive's editions en, zh, not 'fr'"):
        nf.loads(page, lang="fr")


# --- accepted, and given back -----------------------------------------------------------------


def test_a_date_before_year_1000_is_written_with_four_digits() -> None:
    """Year 999 is written 0999 in headings and links, which read back as 999."""
    event = attrs.evolve(SEED, date=dt.date(999, 1, 1))
    assert "### [0999-01-1](/news/0999/01/1/index.md)" in nf.dumps(event)
    _every_format_gives_back(event)


def test_a_day_page_in_year_1_is_still_a_day_page() -> None:
    """Not taken for a front page: its heading reads as a date."""
    day = attrs.evolve(DAY, date=dt.date(1, 1, 1), entries=DAY.entries[:1], previous=None)
    assert nf.dumps(day).startswith("## [0001-01-1](/news/0001/01/1/index.md)\n")
    _every_format_gives_back(day)


def test_a_front_page_section_named_like_a_date_is_written_so_it_stays_a_front_page() -> None:
    """A first section labelled '2011-11-3' would read as a day page: its first digit is escaped."""
    front = nf.FrontPage(sections=[nf.Section("2011-11-3", "/news/2011/11/3/index.md")])
    assert "\n## [&#50;011-11-3](/news/2011/11/3/index.md)\n" in nf.dumps(front)
    _every_format_gives_back(front)


@pytest.mark.parametrize(
    ("record", "layout"),
    [
        (SEED, nf.Layout(spellings={"formats": "r"})),
        (DAY, nf.Layout(spellings={"previous.label": "]("})),
        (SEED, nf.Layout(spellings={"title": "Something else entirely"})),
        (SEED, nf.Layout(spellings={"date": "2011-11-20"})),
        (SEED, nf.Layout(spellings={"body": "# not a body line"})),
    ],
)
def test_a_spelling_that_does_not_fit_is_not_written(record: nf.Record, layout: nf.Layout) -> None:
    """A spelling is written only where it reads back as the value it stands for: these would
    have made another line, ended a link early or named another value, so the canonical text
    is written instead, and every value survives."""
    odd = attrs.evolve(record, layout=layout)
    assert nf.dumps(odd) == nf.dumps(attrs.evolve(record, layout=nf.Layout(final_newline=record.layout.final_newline)))
    _every_format_gives_back(odd)


def test_records_equal_whatever_their_layout() -> None:
    """Layouts are trivia: two records saying the same thing are equal, and hash alike."""
    plain = attrs.evolve(SEED, related=[attrs.evolve(r, layout=nf.Layout()) for r in SEED.related])
    assert plain == SEED and hash(plain) == hash(SEED)
    assert nf.dumps(plain) != nf.dumps(SEED)


# --- new events -------------------------------------------------------------------------------


def test_event_new_fills_slug_and_url() -> None:
    """Event.new makes the slug by the archive's rule and renders a current page."""
    event = nf.Event.new(title="Mount Fuji is named a World Heritage Site", date=dt.date(2013, 6, 22))
    assert str(event.url) == "/news/2013/06/22/mount-fuji-is-named-a-world-heritage-site.md"
    text = nf.dumps(event)
    assert text.startswith("\nFormats: [HTML](/news/2013/06/22/mount-fuji-is-named-a-world-heritage-site.html)")
    assert nf.loads(text) == event


@given(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ,.'é-]{0,80}", fullmatch=True).map(str.strip).filter(bool), dates, editions
)
def test_new_events_read_back(title: str, date: dt.date, lang: str) -> None:
    """loads(dumps(Event.new(...))) == Event.new(...) for any title that makes a slug."""
    slug = nf.slugify(title, lang)
    event = nf.Event.new(title=title, date=date, lang=lang)
    assert event.slug == slug
    assert nf.loads(nf.dumps(event), url=event.url) == event


def test_new_event_without_slug_is_refused() -> None:
    """A title with no letters or digits makes no slug, and Event.new says so."""
    with pytest.raises(FieldValueError) as caught:
        nf.Event.new(title="!!!", date=dt.date(2011, 1, 1))
    assert str(caught.value) == "title '!!!' makes no slug: it has no letter or digit; pass slug= to choose one"
    assert nf.Event.new(title="!!!", date=dt.date(2011, 1, 1), slug="bangs").slug == "bangs"


def test_new_chinese_event_without_lang_names_the_fix() -> None:
    """A Chinese title in the default English edition is refused with lang="zh" as the fix."""
    with pytest.raises(FieldValueError) as caught:
        nf.Event.new(title="Facebook宣布移除账号", date="2019-01-01")
    assert caught.value.field == "title"
    assert str(caught.value) == (
        "title 'Facebook宣布移除账号' is in Chinese, which makes no English slug:"
        ' pass lang="zh" for an event of the Chinese edition, or slug= to choose one'
    )
    event = nf.Event.new(title="Facebook宣布移除账号", date="2019-01-01", lang="zh")
    assert str(event.url) == "/zh/news/2019/01/1/Facebook宣布移除账号.md"


def test_new_event_takes_an_iso_date_string() -> None:
    """Event.new reads "YYYY-MM-DD" as it reads link text: the same event as with a date."""
    made = nf.Event.new(title="Mount Fuji", date="2013-06-22")
    assert made == nf.Event.new(title="Mount Fuji", date=dt.date(2013, 6, 22))
    assert made.date == dt.date(2013, 6, 22)


@pytest.mark.parametrize("text", ["2013-6-22", "20130622", "2013-02-30", "2013-06-22T10:00", "２０１３-06-22", ""])
def test_new_event_refuses_other_date_strings(text: str) -> None:
    """Only the ISO form YYYY-MM-DD of a real day is read, the same on every Python."""
    with pytest.raises(FieldValueError) as caught:
        nf.Event.new(title="Mount Fuji", date=text)
    assert str(caught.value) == f"date must be a date or an ISO date such as '2024-05-01', not {text!r}"


def test_new_event_archive_slug_of_a_non_ascii_title() -> None:
    """A new English event gets the slug the archive's rule makes: "Kraków" -> "kraka3w"."""
    event = nf.Event.new(title="Summit in Kraków", date="2019-01-01")
    assert event.slug == "summit-in-kraka3w"
