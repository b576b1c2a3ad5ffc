"""Archive URLs: parsing, building, exact text, and paths on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf
from newsformat.errors import FieldValueError
from newsformat.paths import relative_path, url_from_path

from .strategies import archive_urls, dates, langs


def test_event_url_parts() -> None:
    """Month zero-padded, day not; the parts are typed."""
    url = nf.ArchiveURL.parse("/news/2009/02/5/russia-belarus.md")
    assert url == nf.ArchiveURL(dt.date(2009, 2, 5), "russia-belarus")
    assert str(url) == "/news/2009/02/5/russia-belarus.md"


def test_zh_day_page_and_formats() -> None:
    """The /zh/ prefix, day pages (index), and the Formats siblings."""
    url = nf.ArchiveURL.parse("/zh/news/2011/11/3/index.md")
    assert (url.lang, url.slug, url.is_day_page) == ("zh", None, True)
    assert str(url.with_ext("json")) == "/zh/news/2011/11/3/index.json"


def test_nested_opinion_page() -> None:
    """Opinion pieces live at <slug>/index.md."""
    url = nf.ArchiveURL.parse("/opinion/2017/04/4/the-post-truth-and-the-context/index.md")
    assert url.section == "opinion" and url.nested and url.slug == "the-post-truth-and-the-context"
    assert str(url) == "/opinion/2017/04/4/the-post-truth-and-the-context/index.md"


@pytest.mark.parametrize(
    "text",
    [
        "http://example.com/news/2011/11/3/x.md",
        "/news/2011/11/03/x.md",  # the archive never pads the day
        "/news/2011/1/3/x.md",  # ... and always pads the month
        "/news/2011/02/30/x.md",
        "/news/2011/11/3/x.pdf",
        "news/2011/11/3/x.md",
        "/news/2011/11/3/",
    ],
)
def test_not_archive_urls_are_refused(text: str) -> None:
    """Anything but an archive URL in the archive's spelling gives InvalidURLError."""
    with pytest.raises(nf.InvalidURLError, match="Not an archive URL"):
        nf.ArchiveURL.parse(text)


@given(archive_urls)
def test_parse_and_build_are_inverse(url: nf.ArchiveURL) -> None:
    """ArchiveURL.parse(str(u)) == u."""
    assert nf.ArchiveURL.parse(str(url)) == url


def test_url_from_path() -> None:
    """An archive path gives edition, date and slug."""
    url = url_from_path("corpus/zh/news/2011/11/1/神舟八號成功著陸.md")
    assert url == nf.ArchiveURL(dt.date(2011, 11, 1), "神舟八號成功著陸", "zh")
    assert url_from_path("/srv/public/news/2011/11/2/index.md") == nf.ArchiveURL(dt.date(2011, 11, 2))
    assert url_from_path("/srv/public/news/2011/11/2/README.md") == nf.ArchiveURL(dt.date(2011, 11, 2))
    assert url_from_path("notes/today.md") is None


def test_relative_path_mirrors_the_url() -> None:
    """A record's place in a tree, in any format."""
    event = nf.Event(date=dt.date(2011, 11, 2), title="T", slug="t", lang="zh")
    assert relative_path(event, "json") == PurePath("news/2011/11/2/t.json")
    assert relative_path(nf.FrontPage(), "xml") == PurePath("index.xml")


def test_event_new_fills_slug_and_url() -> None:
    """Event.new makes the slug by the archive's rule and renders a current page."""
    event = nf.Event.new(title="Mount Fuji is named a World Heritage Site", date=dt.date(2013, 6, 22))
    assert str(event.url) == "/news/2013/06/22/mount-fuji-is-named-a-world-heritage-site.md"
    text = nf.dumps(event)
    assert text.startswith("\nFormats: [HTML](/news/2013/06/22/mount-fuji-is-named-a-world-heritage-site.html)")
    assert nf.loads(text) == event


def test_related_url_text_becomes_archive_url() -> None:
    """Records take link text and hold an ArchiveURL when it is one."""
    related = nf.Related("T", "/news/2011/11/3/t.md")
    assert isinstance(related.url, nf.ArchiveURL)
    assert nf.Related("T", "https://example.com").url == "https://example.com"


@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ,.'é-]{0,80}", fullmatch=True).map(str.strip).filter(bool), dates, langs)
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
