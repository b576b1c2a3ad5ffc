"""The loaders let nothing but ParseError out, whatever they are given: str or bytes, any shape.

The examples of issue #11 are here as they were reported, each with the exact error it now
gives; tests/data/invalid/ holds the same cases as damaged real documents.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

import newsformat as nf
from newsformat import jsoncodec, xmlcodec

from .conftest import DATA, read

PAGE = read(DATA / "valid" / "zh-day.md")
TEXTS = {"md": PAGE, "json": nf.dumps(nf.loads(PAGE), "json"), "xml": nf.dumps(nf.loads(PAGE), "xml")}


@pytest.mark.parametrize("fmt", ["md", "json", "xml"])
def test_bytes_are_read_as_utf8(fmt: str) -> None:
    """loads() takes the UTF-8 bytes of a document as it takes its text."""
    raw = TEXTS[fmt].encode("utf-8")
    assert nf.loads(raw, fmt) == nf.loads(TEXTS[fmt], fmt)
    assert nf.loads(bytearray(raw), fmt) == nf.loads(TEXTS[fmt], fmt)


@pytest.mark.parametrize("codec", [jsoncodec, xmlcodec], ids=["json", "xml"])
def test_codecs_take_bytes_too(codec: object) -> None:
    """jsoncodec.loads and xmlcodec.loads take bytes as nf.loads does."""
    fmt = "json" if codec is jsoncodec else "xml"
    assert codec.loads(TEXTS[fmt].encode("utf-8")) == nf.loads(PAGE)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["md", "json", "xml"])
def test_bytes_that_are_not_utf8_are_refused_where_they_stand(fmt: str) -> None:
    """Latin-1 bytes give the offending bytes with their line and column, in every format."""
    lines = TEXTS[fmt].split("\n")
    at = next(i for i, line in enumerate(lines) if "2011" in line)
    column = lines[at].index("2011") + 1
    lines[at] = lines[at].replace("2011", "\u00e9", 1)
    raw = "\n".join(lines).encode("latin-1", "replace")
    with pytest.raises(nf.ParseError) as info:
        nf.loads(raw, fmt)
    assert info.value.msg.startswith("Invalid UTF-8 (invalid continuation byte in the bytes e9")
    assert (info.value.lineno, info.value.colno) == (at + 1, column)


@pytest.mark.parametrize("fmt", ["md", "json", "xml"])
def test_a_byte_order_mark_is_refused(fmt: str) -> None:
    """Documents are UTF-8 without a BOM, as files are."""
    with pytest.raises(nf.ParseError, match=r"^Unexpected byte order mark: files are UTF-8 without a BOM \(at line 1"):
        nf.loads(b"\xef\xbb\xbf" + TEXTS[fmt].encode("utf-8"), fmt)


@pytest.mark.parametrize("fmt", ["md", "json", "xml"])
def test_other_types_are_a_type_error(fmt: str) -> None:
    """A value that is neither text nor bytes is a mistake of the caller's, told at once."""
    with pytest.raises(TypeError, match="Expected str or bytes, not int"):
        nf.loads(5, fmt)  # type: ignore[arg-type]


_EVENT = '{"kind":"event","version":1,"date":"2011-07-29","title":"T"%s}'
_XML_EVENT = '<event version="%s"><date>2011-07-29</date><title>T</title>%s</event>'
ISSUE_EXAMPLES = {  # name: (document, format, message, the text the error points at)
    # Once an AssertionError: the quick converter refused what the detailed one took apart.
    "sources {}": (_EVENT % ',"sources":{}', "json", "Invalid sources: expected an array, not dict @ $.sources", "{}"),
    "sources ''": (_EVENT % ',"sources":""', "json", "Invalid sources: expected an array, not str @ $.sources", '""'),
    "changes ''": (_EVENT % ',"changes":""', "json", "Invalid changes: expected an array, not str @ $.changes", '""'),
    "sections {}": (
        '{"kind":"front","version":1,"sections":{}}',
        "json",
        "Invalid sections: expected an array, not dict @ $.sections",
        "{}",
    ),
    "contexts 'd'": (
        _EVENT % ',"related":[{"title":"R","url":"/news/2011/07/28/r.md","contexts":"d"}]',
        "json",
        "Invalid contexts: expected an array, not str @ $.related[0].contexts",
        '"d"',
    ),
    # Once a ValueError.
    "version ²": (
        _XML_EVENT % ("\u00b2", ""),
        "xml",
        "Unsupported format version '²': this newsformat reads versions 1 and 2 @ $.version",
        "<event",
    ),
    "gap ²": (
        _XML_EVENT % ("1", '<layout><gaps><gap anchor="end">\u00b2</gap></gaps></layout>'),
        "xml",
        "Expected a whole number, found '²' @ $.layout.gaps[0]",
        "<gap ",
    ),
    "4,301 digits": (
        _EVENT % (',"layout":{"gaps":{"end":' + "9" * 4301 + "}}"),
        "json",
        "Invalid layout: expected an integer, not a number of 4,301 digits @ $.layout",
        '{"gaps"',
    ),
    # Once accepted quietly.
    "duplicate key": (
        _EVENT % ',"title":"U"',
        "json",
        "Expected each key once in an object, found 'title' again",
        '"title":"U"',
    ),
    "<kind>day</kind>": (
        _XML_EVENT % ("1", "<kind>day</kind>"),
        "xml",
        "Unexpected element <kind>: the root element names the kind @ $.kind",
        "<kind>",
    ),
    "unknown layout child": (
        _XML_EVENT % ("1", '<layout><gaps><gap anchor="end">2</gap><blank/></gaps></layout>'),
        "xml",
        "Expected only <gap> elements in <gaps>, found <blank>, <gap> @ $.layout.gaps",
        "<gaps>",
    ),
    "unknown attribute": (
        _XML_EVENT % ("1", '<layout><gaps><gap anchor="end" lines="2">2</gap></gaps></layout>'),
        "xml",
        "Unknown attribute 'lines' @ $.layout.gaps[0]",
        "<gap ",
    ),
    "version true": (
        _EVENT.replace("1", "true", 1) % "",
        "json",
        "Unsupported format version true: this newsformat reads versions 1 and 2 @ $.version",
        "true",
    ),
    "version 1.0": (
        _EVENT.replace("1", "1.0", 1) % "",
        "json",
        "Unsupported format version 1.0: this newsformat reads versions 1 and 2 @ $.version",
        "1.0",
    ),
    "version '01'": (
        _EVENT.replace("1", '"01"', 1) % "",
        "json",
        "Unsupported format version '01': this newsformat reads versions 1 and 2 @ $.version",
        '"01"',
    ),
    "version ١": (
        _XML_EVENT % ("\u0661", ""),
        "xml",
        "Unsupported format version '١': this newsformat reads versions 1 and 2 @ $.version",
        "<event",
    ),
    "date 20111119": (
        _EVENT.replace("2011-07-29", "20111119") % "",
        "json",
        "Invalid date: expected a date written YYYY-MM-DD, found '20111119' @ $.date",
        '"20111119"',
    ),
    "date 2011-W46-6": (
        _EVENT.replace("2011-07-29", "2011-W46-6") % "",
        "json",
        "Invalid date: expected a date written YYYY-MM-DD, found '2011-W46-6' @ $.date",
        '"2011-W46-6"',
    ),
}


@pytest.mark.parametrize(("text", "fmt", "message", "at"), ISSUE_EXAMPLES.values(), ids=ISSUE_EXAMPLES.keys())
def test_the_examples_of_the_issue(text: str, fmt: str, message: str, at: str) -> None:
    """Each input reported in issue #11 is refused with its exact message, line and column:
    where the bad value (JSON) or its element (XML) starts."""
    assert text.count(at) == 1
    with pytest.raises(nf.ParseError) as info:
        nf.loads(text, fmt)
    assert str(info.value) == f"{message} (at line 1, column {text.index(at) + 1})"


def test_a_lone_surrogate_in_xml_text_is_refused_where_it_stands() -> None:
    """A str holding a lone surrogate cannot be XML; the error says where it is."""
    text = TEXTS["xml"].replace("<lang>zh</lang>", "<lang>z\ud800</lang>")
    with pytest.raises(nf.ParseError, match=r"Invalid XML: surrogates not allowed: '\\ud800' \(at line 4, column 10\)"):
        nf.loads(text, "xml")


@pytest.mark.parametrize("where", ["root", "value"])
def test_deeply_nested_xml_is_refused(where: str) -> None:
    """Elements nested 20,000 deep, where a field is or where text belongs: a ParseError."""
    nest = "<a>" * 20_000 + "</a>" * 20_000
    inside = nest if where == "root" else f"<date>2011-07-29</date><title>{nest}</title>"
    with pytest.raises(nf.ParseError):
        nf.loads(f'<event version="1">{inside}</event>', "xml")


def test_a_missing_version_says_so() -> None:
    """A document without its version is told which one this newsformat reads."""
    with pytest.raises(
        nf.ParseError, match=r"^Expected the format version: this newsformat reads versions 1 and 2 @ \$\.version"
    ):
        nf.loads('{"kind": "front", "lang": "en"}', "json")


# What JSON Schema cannot say: a key given twice is gone before a validator sees the object,
# 1.0 is an integer to JSON Schema, and Python cannot even read a number of 4,301 digits.
_BEYOND_THE_SCHEMA = {"duplicate key", "version 1.0", "4,301 digits"}


@pytest.mark.parametrize(
    "name", [n for n, (_, fmt, _, _) in ISSUE_EXAMPLES.items() if fmt == "json" and n not in _BEYOND_THE_SCHEMA]
)
def test_the_schema_refuses_the_json_examples_too(name: str) -> None:
    """What loads() refuses, the published JSON Schema refuses, where JSON Schema can say it."""
    document = json.loads(ISSUE_EXAMPLES[name][0])
    assert not jsonschema.Draft202012Validator(nf.json_schema()).is_valid(document)
