"""JSON and XML: lossless in both directions, exact errors, safe against hostile XML."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf

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
        "version": 1,
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


def test_truncated_json() -> None:
    """Cut JSON names line and column."""
    err = _error('{"kind": "event", "version": 1,\n "date": "2011-', "json")
    assert str(err) == "Invalid JSON: Unterminated string starting at (at line 2, column 10)"


def test_impossible_date_in_json() -> None:
    """2011-02-30 is refused with the path of the value."""
    err = _error(json.dumps({**SEED_JSON, "date": "2011-02-30"}), "json")
    assert str(err) == "Invalid date: day is out of range for month @ $.date"


def test_unknown_field_in_json() -> None:
    """Unknown fields are an error, not silently dropped."""
    err = _error(json.dumps({**SEED_JSON, "author": "me"}), "json")
    assert str(err) == "Unknown field author @ $"


def test_wrong_type_deep_in_json() -> None:
    """A bad value deep inside names its path."""
    bad = json.loads(json.dumps(SEED_JSON))
    bad["sources"][0]["url"] = 42
    assert str(_error(json.dumps(bad), "json")) == "Invalid str: expected a string, not int @ $.sources[0].url"


def test_wrong_kind_and_version() -> None:
    """The document states its kind and format version; others are refused."""
    assert str(_error(json.dumps({**SEED_JSON, "kind": "poem"}), "json")).startswith("Expected 'kind' to be one of")
    assert str(_error(json.dumps({**SEED_JSON, "version": 99}), "json")) == (
        "Unsupported format version 99: this newsformat reads version 1 @ $.version"
    )


def test_nan_is_not_json() -> None:
    """Python's json would accept NaN; JSON does not."""
    assert str(_error('{"kind": NaN}', "json")) == "Invalid JSON: NaN is not a JSON value (at line 1, column 10)"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<event version="1"><date>2011-11-19</date><title>&lol3;</title><lang>en</lang></event>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE event [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<event version="1"><date>2011-11-19</date><title>&xxe;</title><lang>en</lang></event>
"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_dtd_is_refused(doc: str) -> None:
    """Entity declarations are refused before any expansion or fetch."""
    err = _error(doc, "xml")
    assert str(err) == "Refused a DTD or entity declaration: documents of newsformat have none (at line 2, column 1)"


def test_malformed_xml() -> None:
    """Broken XML names line and column."""
    err = _error('<event version="1">\n  <date>2011-11-19</dat>\n</event>\n', "xml")
    assert str(err) == "Invalid XML: mismatched tag (at line 2, column 21)"


def test_unknown_element_in_xml() -> None:
    """Unknown elements are an error, as in JSON."""
    err = _error('<event version="1"><date>2011-11-19</date><title>T</title><mood>x</mood></event>', "xml")
    assert str(err) == "Unknown field mood @ $"


def test_impossible_date_in_xml() -> None:
    """Values are checked the same way in XML."""
    err = _error('<event version="1"><date>2011-02-30</date><title>T</title></event>', "xml")
    assert str(err) == "Invalid date: day is out of range for month @ $.date"


def test_invalid_characters_are_refused_by_every_format() -> None:
    """Text XML 1.0 cannot carry is refused by the records, so no format can hold it."""
    with pytest.raises(ValueError, match="no value may hold"):
        nf.Source("a\x01b", "http://x")
    err = _error(json.dumps({**SEED_JSON, "title": "bell\u0007"}), "json")
    assert "holds a character no value may hold" in str(err)
