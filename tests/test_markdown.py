"""The Markdown codec: real pages of every layout, the seed's values, errors and properties."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import newsformat as nf

from .conftest import DATA, read

VALID = sorted((DATA / "valid").glob("*.md"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_page_round_trips_byte_for_byte(path: Path) -> None:
    """Every real page of every layout is written back exactly as read."""
    text = read(path)
    assert nf.dumps(nf.loads(text)) == text


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_page_has_the_expected_values(path: Path) -> None:
    """Each fixture reads to the values recorded beside it (clean text, decoded entities)."""
    expected = json.loads(read(path.with_suffix(".json")))
    assert json.loads(nf.dumps(nf.loads(read(path)), "json")) == expected


def test_seed_values(seed_text: str) -> None:
    """The seed page reads to the values a person sees on it."""
    event = nf.loads(seed_text)
    assert isinstance(event, nf.Event)
    assert event.date == dt.date(2011, 11, 19)
    assert event.lang == "en"
    assert event.category == "Tajikistan"
    assert event.title.endswith("migrant workers.")
    assert event.title == event.title.strip()
    assert event.body is not None and "country's entire economy" in event.body
    assert event.sources == (
        nf.Source(
            "The Independent",
            "https://www.independent.co.uk/news/world/europe/tajikistan-says-it-may-release-russian-pilot-6264624.html",
        ),
    )
    assert len(event.related) == 5
    second = event.related[1]
    assert second.title.startswith("Russia, Belarus, ")
    assert second.title.endswith("in the Federation.")
    assert isinstance(second.url, nf.ArchiveURL)
    assert second.url.date == dt.date(2009, 2, 5)
    assert second.contexts == ("Russia", "Tajikistan")
    assert event.slug == event.url.slug  # type: ignore[union-attr]
    assert str(event.url).startswith("/news/2011/11/19/tajikistan-hints-")


def test_seed_layout_holds_only_its_padding(seed_text: str) -> None:
    """The seed is in the current canonical layout: the page's layout is empty, and three
    related items keep the padding spaces their titles have on both sides."""
    event = nf.loads(seed_text)
    assert event.layout == nf.Layout() and not event.layout
    assert [item.layout.padding for item in event.related] == [(), *[(("title", " ", " "),)] * 3, ()]


def test_legacy_page_keeps_its_quirks_in_the_layout() -> None:
    """A legacy page: no Formats line, 'Source:', list numbers 1. 2. 2., no body."""
    path = DATA / "valid" / "en-event-legacy-no-body-numbers-1-2-2.md"
    url = nf.ArchiveURL.parse("/news/2011/11/2/french-author-alexis-jenni-wins.md")
    event = nf.loads(read(path), url=url)
    assert event.body is None and event.category is None
    assert [s.name for s in event.sources] == ["BBC", "Bloomberg", "Cover Image"]
    assert dict(event.layout.spellings) == {"sources": "Source:"}
    assert [dict(s.layout.spellings) for s in event.sources] == [{}, {}, {"number": "2"}]
    assert event.layout.omit == ("formats",)  # the URL gives the slug, the page has no Formats line
    assert event.slug == url.slug
    assert nf.loads(read(path)).slug is None  # the page alone does not say it


def test_changes_section() -> None:
    """'### Changes:' entries keep their timestamp and label."""
    event = nf.load(DATA / "valid" / "en-event-changes.md")
    first, current = event.changes
    assert first.timestamp == dt.datetime(2018, 2, 6, 13, 49, 22)
    assert first.label == "First version"
    assert current.timestamp is None and current.label == "Current version"


def test_zh_source_with_image() -> None:
    """Chinese sources may carry an image link: ' [IMG](url)' after the source."""
    event = nf.load(DATA / "valid" / "zh-event-img-source.md")
    assert event.lang == "zh"
    assert any(s.image and s.image.startswith("http") for s in event.sources)


def test_empty_category_line_is_kept_but_not_a_value() -> None:
    """An empty '##### ' line reads as no category and is written back."""
    text = read(DATA / "valid" / "zh-event-empty-category.md")
    event = nf.loads(text)
    assert event.category is None
    assert nf.dumps(event) == text


def test_editing_a_value_drops_its_stale_spelling() -> None:
    """A spelling is used only while it still reads as the value."""
    event = nf.loads(read(DATA / "valid" / "en-event-entities-x20.md"))
    assert event.body is not None and "&#x20;" not in event.body
    edited = attrs.evolve(event, body="A new body, it's plain.")
    assert "A new body, it&#039;s plain.\n" in nf.dumps(edited)


def test_day_page_values() -> None:
    """A day page: date, entries with a summary or contexts, the previous day's link."""
    day = nf.loads(read(DATA / "valid" / "en-day-summaries-and-contexts.md"))
    assert isinstance(day, nf.DayIndex)
    assert day.date == dt.date(2011, 11, 2)
    assert day.entries[0].contexts[0] == "Alexis Jenni"
    assert day.entries[1].summary is not None and day.entries[1].summary.startswith("Six girls")
    assert str(day.previous) == "/news/2011/11/1/index.md"


def test_front_page_values() -> None:
    """The front pages: labelled sections, Opinion without a link, Chinese labels."""
    front = nf.loads(read(DATA / "valid" / "en-front-readme-opinion.md"))
    assert isinstance(front, nf.FrontPage)
    labels = [s.label for s in front.sections]
    assert labels[0] == "News" and "Opinion" in labels
    assert next(s for s in front.sections if s.label == "Opinion").url is None
    zh = nf.loads(read(DATA / "valid" / "zh-front-index.md"))
    assert zh.lang == "zh" and [s.label for s in zh.sections][:3] == ["今天", "昨天", "昨天前一天"]


def test_error_names_the_file() -> None:
    """load() puts the file's path in front of the message."""
    path = DATA / "invalid" / "impossible-date.md"
    with pytest.raises(nf.ParseError) as info:
        nf.load(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: Invalid date '2011-02-30'")
    assert (info.value.lineno, info.value.colno) == (4, 6)


def test_crlf_page_is_refused_with_its_position(seed_text: str) -> None:
    """CRLF line ends are refused at the first carriage return."""
    with pytest.raises(nf.ParseError) as info:
        nf.loads(seed_text.replace("\n", "\r\n"))
    assert info.value.msg.startswith("Unexpected carriage return")
    assert (info.value.lineno, info.value.colno) == (1, 1)


def test_loads_reads_bytes_as_utf8_and_refuses_other_types() -> None:
    """Bytes are read as UTF-8 text; anything else gives a TypeError naming the expected types."""
    text = read(DATA / "valid" / "zh-day.md")
    assert nf.loads(text.encode("utf-8")) == nf.loads(text)
    with pytest.raises(TypeError, match="Expected str or bytes, not int"):
        nf.loads(3)  # type: ignore[arg-type]


def test_editing_the_date_rewrites_stale_links() -> None:
    """A spelled date link that named the old date is not kept once the date changes."""
    text = read(DATA / "valid" / "zh-event-no-body.md").replace(
        "](/news/2011/11/1/index.md)", "](/zh/news/2011/11/1/index.md)"
    )
    event = nf.loads(text)
    assert dict(event.layout.spellings)["date.url"] == "/zh/news/2011/11/1/index.md"
    moved = attrs.evolve(event, date=__import__("datetime").date(2011, 11, 2))
    assert "### [2011-11-2](/news/2011/11/2/index.md)\n" in nf.dumps(moved)
