"""One domain: every JSON or XML document either loads to a record that every format gives back,
or is refused with a ParseError that says where.

The documents come from two sources: drawn from the published JSON Schema itself
(``newsformat.json_schema()``, through tests/schema_strategy.py), and structural mutations of
real documents (tests/mutations.py). Each source meets NEWSFORMAT_SCHEMA_EXAMPLES different
documents per format (300 by default, the CI profile); docs/robustness.md records a long run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from xml.parsers.expat import ExpatError

import cattrs
import jsonschema
import pytest
import xmltodict
from hypothesis import HealthCheck, given, settings

import newsformat as nf
from newsformat import _plain, jsoncodec, xmlcodec

from .mutations import mutated_json, mutated_xml
from .schema_strategy import SchemaStrategies

EXAMPLES = int(os.environ.get("NEWSFORMAT_SCHEMA_EXAMPLES", "300"))
TRIES = float(os.environ.get("NEWSFORMAT_FUZZ_TRIES", "2"))
REPORT = os.environ.get("NEWSFORMAT_FUZZ_REPORT")
property_settings = settings(
    max_examples=int(TRIES * EXAMPLES), deadline=None, suppress_health_check=list(HealthCheck), database=None
)

SCHEMA = nf.json_schema()
DRAW = SchemaStrategies(SCHEMA)
schema_documents = DRAW.documents()


# --- Markdown, read back as the record says it lives -------------------------------------


def _markdown_round_trip(record: nf.Record) -> bool:
    """The record comes back equal from its Markdown page, and that page is written again
    byte for byte."""
    url = record.url if isinstance(record, nf.Event) else None
    page = nf.dumps(record, "md")
    back = nf.loads(page, url=url, lang=record.lang)
    return back == record and nf.dumps(back) == page


# --- both converters accept the same documents -------------------------------------------


def _outcome(converter: cattrs.Converter, fields: dict[str, object], cls: type) -> object:
    try:
        return converter.structure(fields, cls)
    except Exception as exc:  # any refusal: only whether there was one is compared
        return f"refused: {type(exc).__name__}"


def _converters_agree(plain: object) -> None:
    if not isinstance(plain, dict) or not isinstance(plain.get("kind"), str):
        return
    if plain["kind"] not in nf.model.RECORD_KINDS:
        return
    fields = {k: v for k, v in plain.items() if k not in ("kind", "version")}
    cls = nf.model.RECORD_KINDS[plain["kind"]]
    quick = _outcome(_plain._QUICK, fields, cls)
    detailed = _outcome(_plain._CONVERTER, fields, cls)
    assert isinstance(quick, str) == isinstance(detailed, str), (quick, detailed)
    if not isinstance(quick, str):
        assert quick == detailed


def _plain_document(text: str, fmt: str) -> object:
    """The plain document the codec would give the converters, or None if it never gets that far."""
    try:
        if fmt == "json":
            return json.loads(text, parse_int=jsoncodec._parse_int, object_pairs_hook=jsoncodec._object)
        tree = xmltodict.parse(text, strip_whitespace=False, disable_entities=True)
        return xmlcodec._plain_document(tree, text)
    except (ValueError, ExpatError):  # malformed, or refused before the converters
        return None


# --- the property ------------------------------------------------------------------------


def check(text: str, fmt: str, outcomes: Counter[str]) -> None:
    """``text`` loads to a record every format gives back, or is refused with a position; and
    the two cattrs converters agree on it."""
    _converters_agree(_plain_document(text, fmt))
    try:
        record = nf.loads(text, fmt)
    except nf.ParseError as exc:
        assert exc.lineno is not None and exc.colno is not None, str(exc)
        assert exc.lineno >= 1 and exc.colno >= 1, str(exc)
        outcomes["refused with a position"] += 1
        return
    for other in ("json", "xml"):
        back = nf.loads(nf.dumps(record, other), other)
        assert back == record and nf.to_dict(back) == nf.to_dict(record), other  # layouts too
    assert _markdown_round_trip(record), f"Markdown does not give back {record!r}"
    outcomes["loaded, round trip in md, json and xml"] += 1


def _record(test: str, fmt: str, seen: set[str], outcomes: Counter[str]) -> None:
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as fh:
            fh.write(f"{test}[{fmt}]: {len(seen)} different documents {dict(outcomes)}\n")
        # A long run may be several runs: their documents are told apart across runs by digest.
        with open(f"{REPORT}.{test}-{fmt}.digests", "a", encoding="utf-8") as fh:
            fh.writelines(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + "\n" for text in seen)
    assert len(seen) >= EXAMPLES, f"only {len(seen)} different documents, {EXAMPLES} wanted"


def _xml_of(plain: dict[str, object]) -> str:
    return xmlcodec.dumps_plain(plain)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_documents_drawn_from_the_schema(fmt: str) -> None:
    """Every document the JSON Schema allows, in JSON or in XML, loads to a record that
    round-trips in every format, or is refused with its line and column."""
    seen: set[str] = set()
    outcomes: Counter[str] = Counter()

    @property_settings
    @given(schema_documents)
    def run(document: dict[str, object]) -> None:
        text = json.dumps(document, ensure_ascii=False) if fmt == "json" else _xml_of(document)
        seen.add(text)
        check(text, fmt, outcomes)

    run()
    _record("schema", fmt, seen, outcomes)
    assert outcomes["loaded, round trip in md, json and xml"] > 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_mutated_real_documents(fmt: str) -> None:
    """Real documents with keys dropped or repeated, types swapped, layout entries forged,
    huge numbers and Unicode digits load and round-trip, or are refused with a position."""
    seen: set[str] = set()
    outcomes: Counter[str] = Counter()

    @property_settings
    @given(mutated_json() if fmt == "json" else mutated_xml())
    def run(text: str) -> None:
        seen.add(text)
        check(text, fmt, outcomes)

    run()
    _record("mutated", fmt, seen, outcomes)
    assert outcomes["refused with a position"] > 0


# --- the schema strategy is honest -------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(schema_documents)
def test_drawn_documents_are_valid_against_the_schema(document: dict[str, object]) -> None:
    """What the strategy draws, jsonschema accepts: the property tests what the schema allows."""
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def test_the_strategy_refuses_keywords_it_does_not_understand() -> None:
    """A schema rule the strategy cannot honour stops it, rather than being drawn around."""
    with pytest.raises(ValueError, match="does not understand"):
        SchemaStrategies({"type": "string", "contentEncoding": "base64"}).documents()


@pytest.mark.parametrize(
    "fields",
    [
        {"sources": {}},
        {"sources": ""},
        {"changes": ""},
        {"related": [{"title": "T", "url": "/news/2011/07/29/t.md", "contexts": "d"}]},
    ],
)
def test_converters_agree_on_the_issue_examples(fields: dict[str, object]) -> None:
    """The documents that once passed one converter and not the other are refused by both."""
    plain = {"kind": "event", "version": 2, "date": "2011-07-29", "title": "T", **fields}
    _converters_agree(plain)
    with pytest.raises(nf.ParseError, match="expected an array"):
        nf.loads(json.dumps(plain), "json")
