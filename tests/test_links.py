"""Archive URLs: parsing, building, exact text, and paths on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath, PureWindowsPath

import attrs
import pytest
from hypothesis import assume, example, given

import newsformat as nf
from newsformat.paths import relative_path, url_from_path

from .strategies import archive_urls

SAMPLE = Path(nf.__file__).parent / "sample"
SHAPE = "(expected [zh/]news/YYYY/MM/D/<slug>.<ext>: month zero-padded, day not, ext md, html, json or xml)"


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
    """A record's place in a tree, in any format: its URL's path, zh/ included."""
    event = nf.Event(date=dt.date(2011, 11, 2), title="T", slug="t", lang="zh")
    assert relative_path(event, "json") == PurePosixPath("zh/news/2011/11/2/t.json") == event.url.with_ext("json").path
    assert relative_path(attrs.evolve(event, lang="en")) == PurePosixPath("news/2011/11/2/t.md")
    assert relative_path(nf.DayIndex(dt.date(2011, 11, 2))) == PurePosixPath("news/2011/11/2/index.md")
    assert relative_path(nf.FrontPage(sections=[nf.Section("News")]), "xml") == PurePosixPath("index.xml")
    assert relative_path(nf.FrontPage(lang="zh", sections=[nf.Section("今天")])) == PurePosixPath("zh/index.md")
    assert relative_path(attrs.evolve(event, slug=None)) is None


def test_path_of_a_url() -> None:
    """ArchiveURL.path is the URL without its leading '/': the file under the archive's root."""
    assert nf.ArchiveURL.parse("/news/2009/02/5/a-b.md").path == PurePosixPath("news/2009/02/5/a-b.md")
    assert nf.ArchiveURL.parse("/zh/news/2011/11/3/index.xml").path == PurePosixPath("zh/news/2011/11/3/index.xml")
    nested = nf.ArchiveURL.parse("/opinion/2017/04/4/the-post-truth-and-the-context/index.md")
    assert nested.path == PurePosixPath("opinion/2017/04/4/the-post-truth-and-the-context/index.md")


@given(archive_urls)
@example(nf.ArchiveURL.parse("/opinion/2017/04/4/the-post-truth-and-the-context/index.md"))
@example(nf.ArchiveURL(dt.date(2011, 11, 3), "x", "zh", "json", "opinion", nested=True))
def test_from_path_inverts_path(url: nf.ArchiveURL) -> None:
    """ArchiveURL.from_path(url.path) == url, and so under any folder but an edition's."""
    assume(not (url.slug == "README" and url.ext == "md" and not url.nested))  # README.md: the day page
    assert nf.ArchiveURL.from_path(url.path) == url
    assert nf.ArchiveURL.from_path(PurePosixPath("/srv/copy/us") / url.path) == url
    assert nf.ArchiveURL.from_path(PureWindowsPath("C:/archive", *url.path.parts)) == url


@pytest.mark.parametrize(
    "path,lang",
    [
        ("corpus/zh/news/2011/11/1/x.md", "zh"),
        ("zh/news/2011/11/1/x.md", "zh"),
        ("corpus/en/news/2011/11/1/x.md", "en"),
        ("us/news/2011/11/1/x.md", "en"),
        ("de/news/2011/11/1/x.md", "en"),
        ("zh/mirror/news/2011/11/1/x.md", "en"),
        ("zh-old/news/2011/11/1/x.md", "en"),
    ],
)
def test_only_an_edition_folder_says_the_edition(path: str, lang: str) -> None:
    """Only zh/ above news/ says an edition: a copy of the English tree under us/ or de/ is English."""
    assert nf.ArchiveURL.from_path(path).lang == lang


def test_from_path_of_day_pages() -> None:
    """index.md is the day page, and so is the README.md beside it (its older rendering)."""
    day = nf.ArchiveURL(dt.date(2011, 11, 2))
    assert nf.ArchiveURL.from_path("news/2011/11/2/index.md") == day
    assert nf.ArchiveURL.from_path("news/2011/11/2/README.md") == day


@pytest.mark.parametrize(
    "path,why",
    [
        ("notes/today.md", SHAPE),
        ("README.md", SHAPE),
        ("news/2011/11/1/x.txt", SHAPE),
        ("news/2011/11/01/x.md", SHAPE),
        ("news/2011/1/1/x.md", SHAPE),
        ("news/2011/13/1/x.md", "(month must be in 1..12)"),
        ("news/2011/02/30/x.md", "(day is out of range for month)"),
        (
            "news/2011/02/3/a b.md",
            "(Invalid slug 'a b': expected letters, digits, '_' and '-' only (and not 'index'))",
        ),
    ],
)
def test_from_path_refuses_what_is_not_an_archive_path(path: str, why: str) -> None:
    """A path that does not end like an archive page is an InvalidURLError naming the path."""
    with pytest.raises(nf.InvalidURLError) as caught:
        nf.ArchiveURL.from_path(path)
    assert str(caught.value) == f"Not an archive path: {path!r} {why}"
    assert url_from_path(path) is None


def test_english_copy_under_a_two_letter_folder_loads_as_english(tmp_path: Path) -> None:
    """A page copied under us/news/... loads, and writes JSON, as the English page it is."""
    source = (
        SAMPLE / "en" / "news" / "2011" / "11" / "2" / "in-baseball-the-chicago-cubs-fire-their-manager-mike-quade.md"
    )
    copy = tmp_path / "us" / "news" / "2011" / "11" / "2" / source.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(source.read_bytes())
    event = nf.load(copy)
    assert event.lang == "en"
    assert '"lang": "en"' in nf.dumps(event, "json")
    assert event == nf.load(source)


def test_chinese_page_outside_zh_still_reads_as_chinese(tmp_path: Path) -> None:
    """A Chinese page's own labels say its edition wherever it is copied to."""
    day = SAMPLE / "zh" / "news" / "2011" / "11" / "1"
    source = next(p for p in sorted(day.glob("*.md")) if p.name not in ("index.md", "README.md"))
    copy = tmp_path / "de" / "news" / "2011" / "11" / "1" / source.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(source.read_bytes())
    assert nf.load(copy) == nf.load(source)
    assert nf.load(copy).lang == "zh"


def test_related_url_text_becomes_archive_url() -> None:
    """Records take link text and hold an ArchiveURL when it is one."""
    related = nf.Related("T", "/news/2011/11/3/t.md")
    assert isinstance(related.url, nf.ArchiveURL)
    assert nf.Related("T", "https://example.com").url == "https://example.com"
