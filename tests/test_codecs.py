"""JSON and XML: lossless in both directions, exact errors, safe against hostile XML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf
from newsformat import jsoncodec
from newsformat._plain import to_plain

from .conftest import DATA, read
from .strategies import records

VALID = sorted((DATA / "valid").glob("*.md"))
FORMATS = ("md", "json", "xml")


def _hint(record: nf.Record) -> dict[str, object]:
    url = getattr(record, "url", None)
    return {"url": url if isinstance(url, nf.ArchiveURL) and url.slug else None, "lang": record.lang}


def _load(text: str, fmt: str, record: nf.Record) -> nf.Record:
    return nf.loads(text, fmt, **_hint(record)) if fmt == "md" else nf.loads(text, fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_markdown_through_codec_gives_back_every_byte(path: Path, fmt: str) -> None:
    """md -> json/xml -> record -> md is the original page."""
    text = read(path)
    encoded = nf.dumps(nf.loads(text), fmt)
    assert nf.dumps(nf.loads(encoded, fmt)) == text


@given(records, st.sampled_from(FORMATS), st.sampled_from(FORMATS))
def test_every_pair_of_formats(record: nf.Record, f: str, g: str) -> None:
    """loads(dumps(r, f), f) == r, and through f then g as well."""
    once = _load(nf.dumps(record, f), f, record)
    assert once == record
    assert _load(nf.dumps(once, g), g, record) == record


def test_canonical_event_json_has_no_layout() -> None:
    """A new event's JSON is what a person would write by hand: no layout, no nulls."""
    import datetime as dt

    event = nf.Event.new(title="Mount Fuji is named a World Heritage Site", date=dt.date(2013, 6, 22), category="Japan")
    plain = json.loads(nf.dumps(event, "json"))
    assert plain == {
        "kind": "event",
        "version": 2,
        "date": "2013-06-22",
        "title": "Mount Fuji is named a World Heritage Site",
        "lang": "en",
        "slug": "mount-fuji-is-named-a-world-heritage-site",
        "category": "Japan",
    }
    assert nf.loads(nf.dumps(event)).layout == nf.Layout()


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_json_matches_the_schema(path: Path) -> None:
    """Every real record's JSON validates against the shipped JSON Schema."""
    jsonschema.Draft202012Validator(nf.json_schema()).validate(json.loads(nf.dumps(nf.loads(read(path)), "json")))


@given(records)
def test_json_schema_property(record: nf.Record) -> None:
    """Every valid record's JSON validates against the schema."""
    jsonschema.Draft202012Validator(nf.json_schema()).validate(json.loads(nf.dumps(record, "json")))


def test_single_item_lists_stay_lists_in_xml() -> None:
    """One source, one context: still lists after XML."""
    event = nf.Event.new(
        title="T", date=__import__("datetime").date(2011, 1, 1), sources=[nf.Source("BBC", "http://bbc.co.uk")]
    )
    event = __import__("attrs").evolve(event, related=(nf.Related("R", "/news/2011/01/1/r.md", ("Only",)),))
    back = nf.loads(nf.dumps(event, "xml"), "xml")
    assert back == event and back.related[0].contexts == ("Only",)


def test_whitespace_inside_xml_values_is_kept() -> None:
    """Padding spellings and inner runs of spaces survive XML (xmltodict strips by default)."""
    text = read(DATA / "valid" / "en-front-readme-opinion.md")
    record = nf.loads(text)
    assert nf.loads(nf.dumps(record, "xml"), "xml") == record


# --- errors -------------------------------------------------------------------------------

SEED_JSON = json.loads(read(DATA / "valid" / "en-event-current-seed.json"))


def _error(text: str, fmt: str) -> nf.ParseError:
    with pytest.raises(nf.ParseError) as info:
        nf.loads(text, fmt)
    return info.value


def test_invalid_characters_are_refused_by_every_format() -> None:
    """Text XML 1.0 cannot carry is refused by the records, so no format can hold it."""
    with pytest.raises(ValueError, match="no value may hold"):
        nf.Source("a\x01b", "http://x")
    err = _error(json.dumps({**SEED_JSON, "title": "bell\u0007"}), "json")
    assert "holds a character no value may hold" in str(err)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(_json_values, st.integers(0, 4))
def test_json_writer_matches_the_standard_library(value: object, indent: int) -> None:
    """newsformat's indenting JSON writer gives exactly what json.dumps(indent=...) gives."""
    out: list[str] = []
    jsoncodec._write_indented(value, out, "\n", " " * indent)
    assert "".join(out) == json.dumps(value, ensure_ascii=False, indent=indent)


@given(records)
def test_json_documents_are_what_json_dumps_writes(record: nf.Record) -> None:
    """A record's JSON document is json.dumps of its plain form, indented by two."""
    assert nf.dumps(record, "json") == json.dumps(to_plain(record), ensure_ascii=False, indent=2) + "\n"


# --- to_dict / from_dict: the JSON encoding as Python data ----------------------------------


@given(records)
def test_to_dict_round_trips_and_is_the_json_document(record: nf.Record) -> None:
    """from_dict(to_dict(r)) == r; json.dumps writes the dict, and it is the JSON document's data."""
    data = nf.to_dict(record)
    assert nf.from_dict(data) == record
    assert json.loads(json.dumps(data)) == data
    assert data == json.loads(nf.dumps(record, "json"))


def test_to_dict_holds_plain_values_only() -> None:
    """Dates, links and timestamps are strings; lists are lists: nothing json.dumps cannot write."""
    event = nf.load(DATA / "valid" / "en-event-current-seed.md")
    data = nf.to_dict(event)
    assert data["kind"] == "event" and data["version"] == 2
    assert data["date"] == "2011-11-19"
    assert isinstance(data["related"], list) and isinstance(data["related"][0]["url"], str)

    def walk(value: object) -> None:
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert value is None or type(value) in (str, int, bool)

    walk(data)


def test_to_dict_is_a_new_dict_each_time() -> None:
    """Changing a dict to_dict gave changes no record and no later dict."""
    event = nf.load(DATA / "valid" / "en-event-current-seed.md")
    data = nf.to_dict(event)
    data["title"] = "Changed"
    data["related"].clear()
    assert nf.to_dict(event)["title"] == event.title
    assert nf.from_dict(nf.to_dict(event)) == event


@pytest.mark.parametrize(
    "data,message",
    [
        ([], "Expected an object, found list @ $"),
        ({"kind": "page", "version": 1}, "Expected 'kind' to be one of 'event', 'day', 'front', found 'page' @ $.kind"),
        (
            {"kind": "event", "version": 1, "date": "2011-11-19", "title": "T", "sources": [{"name": "x", "url": 3}]},
            "Invalid url: expected a string, not int @ $.sources[0].url",
        ),
        (
            {"kind": "event", "version": 1, "date": "2011-11-19", "title": "T", "colour": "red"},
            "Unknown field colour @ $.colour",
        ),
    ],
)
def test_from_dict_names_the_path_of_a_bad_value(data: object, message: str) -> None:
    """from_dict refuses what the JSON loader refuses, with the same path and no line."""
    with pytest.raises(nf.ParseError) as caught:
        nf.from_dict(data)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert caught.value.lineno is None


@pytest.mark.parametrize(
    "item",
    [
        {"title": "T", "url": "/x", "layout": None},
        {"title": "T", "url": "/x", "contexts": None},
        {"title": "T ", "url": "/x"},
        {"title": "T", "url": "/x y"},
        {"title": "T", "url": "/x", "colour": "red"},
        {"title": "", "url": "/x"},
        {"title": "T", "url": 5},
        {"title": "T", "url": "/x", "contexts": ["a", ""]},
        {"title": "T", "url": "/x", "layout": {"padding": {"title": [" ", "x"]}}},
        {"title": "T", "url": "/x", "layout": {"spellings": {"name": "x"}}},
    ],
)
def test_the_quick_way_to_an_item_refuses_what_the_converter_refuses(item: dict[str, object]) -> None:
    """List items are made directly when the few checks pass (newsformat/_jsonread.py); every
    other item is left to the converter, which refuses these with their path."""
    document = {"kind": "event", "version": 2, "date": "2011-11-19", "title": "T", "related": [item]}
    with pytest.raises(nf.ParseError, match=r"@ \$\.related\[0\]"):
        nf.loads(json.dumps(document), "json")
