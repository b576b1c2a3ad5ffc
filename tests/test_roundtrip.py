"""The one domain: every record the records accept comes back equal from every format.

The strategies draw from a superset of the domain and keep what the records accept, so these
properties cover everything a record can hold, layouts with stale spellings included.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf
from newsformat._plain import to_plain

from .strategies import day_indexes, events, front_pages, records


def markdown_back(record: nf.Record, text: str) -> nf.Record:
    """Read a page back the way its record says it lives: its URL and its edition."""
    url = record.url if isinstance(record, nf.Event) else None
    return nf.loads(text, "md", url=url, lang=record.lang)


@given(st.one_of(events, day_indexes, front_pages))
def test_markdown_gives_back_the_record_and_writes_the_same_page_again(record: nf.Record) -> None:
    """loads(dumps(r)) == r, and the page it reads from is written again byte for byte."""
    page = nf.dumps(record)
    back = markdown_back(record, page)
    assert back == record
    assert nf.dumps(back) == page
    assert nf.markdown.loads(page, url=back.url if isinstance(back, nf.Event) else None, lang=back.lang, verify=True)


@given(records, st.sampled_from(["json", "xml"]))
def test_json_and_xml_give_back_every_field_and_every_layout(record: nf.Record, fmt: str) -> None:
    """loads(dumps(r, f), f) == r, layouts included: the structured formats keep all of it."""
    back = nf.loads(nf.dumps(record, fmt), fmt)
    assert back == record
    assert to_plain(back) == to_plain(record)


@given(records, st.sampled_from(["json", "xml"]))
def test_markdown_through_json_or_xml_is_the_same_page(record: nf.Record, fmt: str) -> None:
    """md -> f -> md gives the page md gave: nothing Markdown writes is lost in JSON or XML."""
    page = nf.dumps(record)
    assert nf.dumps(nf.loads(nf.dumps(markdown_back(record, page), fmt), fmt)) == page


@given(records)
def test_output_is_bounded_by_the_json_encoding(record: nf.Record) -> None:
    """No format writes more than a small constant times the record's JSON: the worst case is
    running English text of apostrophes, six bytes each as '&#039;'."""
    size = len(
        nf.dumps(
            record,
            "json",
        ).encode()
    )
    for fmt in ("md", "xml"):
        assert len(nf.dumps(record, fmt).encode()) <= 8 * size


@given(records)
def test_the_json_schema_accepts_every_record(record: nf.Record) -> None:
    """What the records accept, the published JSON Schema accepts."""
    import jsonschema

    jsonschema.Draft202012Validator(nf.json_schema()).validate(json.loads(nf.dumps(record, "json")))
