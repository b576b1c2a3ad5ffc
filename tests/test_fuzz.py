"""Fuzzing every loader with damaged real documents.

The property, for Markdown, JSON and XML alike: whatever text or bytes arrive, ``loads`` and
``load`` either give a valid record or raise ParseError with a line and column; nothing else
escapes. A record that loads is written back and read again unchanged (and a Markdown page
comes back byte for byte).

Each format meets NEWSFORMAT_FUZZ_EXAMPLES different damaged texts (2,000 by default, the CI
profile) and a quarter as many damaged files; docs/robustness.md records a long run. The
atheris targets in fuzz/ drive the same loaders.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsformat as nf

from .conftest import DATA, read

# How many different damaged documents each format must meet. Hypothesis draws some inputs more
# than once, so it is given more tries (NEWSFORMAT_FUZZ_TRIES times as many, 2 by default; long
# runs need 3 for Markdown), and the tests count what was really different.
EXAMPLES = int(os.environ.get("NEWSFORMAT_FUZZ_EXAMPLES", "2000"))
TRIES = int(os.environ.get("NEWSFORMAT_FUZZ_TRIES", "2"))
fuzz_settings = settings(max_examples=TRIES * EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
# Set to a file name to have each test append how many different inputs it ran (long runs).
REPORT = os.environ.get("NEWSFORMAT_FUZZ_REPORT")


def _record(test: str, fmt: str, count: int, wanted: int) -> None:
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as fh:
            fh.write(f"{test}[{fmt}]: {count} different inputs\n")
    assert count >= wanted, f"only {count} different inputs, {wanted} wanted"


PAGES = sorted((DATA / "valid").glob("*.md"))
DOCUMENTS = {
    "md": [read(p) for p in PAGES],
    "json": [nf.dumps(nf.load(p), "json") for p in PAGES],
    "xml": [nf.dumps(nf.load(p), "xml") for p in PAGES],
}

# Fragments that mean something to one of the formats, inserted where they can do harm.
_TOKENS = {
    "md": [
        "[",
        "]",
        "](",
        "&amp;",
        "&#039;",
        "&bogus;",
        "\u2028",
        "\ufeff",
        "é",
        "神",
        "  ",
        "_",
        "#",
        "1. [",
        "---",
        "\t",
        "\r",
    ],
    "json": [
        '"',
        "\\",
        "\\u",
        "\\ud800",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "null",
        "true",
        "1e999",
        "-0",
        "NaN",
        '""',
        "\x00",
    ],
    "xml": [
        "<",
        ">",
        "</",
        "/>",
        "&",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "<![CDATA[",
        "]]>",
        "<!--",
        '"',
        "<x>",
        "</source>",
        "\x00",
    ],
}
_HOLLOW = {
    "md": re.compile(r"\[[^\]]*\]\("),
    "json": re.compile(r'": "[^"]*"'),
    "xml": re.compile(r">[^<]+<"),
}
_HOLLOW_BY = {"md": ["[](", "[ ](", "[  ]("], "json": ['": ""', '": " "'], "xml": ["><", "> <"]}
_BYTES = [b"\xff", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc3", b"\xe9", b"\x00", b"\r\n"]


@st.composite
def damaged(draw: st.DrawFn, fmt: str) -> str:
    """A real document with one to four lines or characters broken."""
    lines = draw(st.sampled_from(DOCUMENTS[fmt])).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "cut", "insert", "delete", "blank", "digit", "hollow"]))
        line = lines[i]
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, line)
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], line
        elif op == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif op == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(_TOKENS[fmt]) | st.text(max_size=3)) + line[at:]
        elif op == "delete" and line:
            at = draw(st.integers(0, len(line) - 1))
            lines[i] = line[:at] + line[at + draw(st.integers(1, 8)) :]
        elif op == "blank":
            lines.insert(i, "")
        elif op == "hollow":  # a value emptied out: link text, element text or string
            lines[i] = _HOLLOW[fmt].sub(draw(st.sampled_from(_HOLLOW_BY[fmt])), line, count=1)
        elif op == "digit":
            lines[i] = line.replace("1", draw(st.sampled_from(["0", "3", "9", "13", "-1", "x"])), 1)
    text = "\n".join(lines)
    if draw(st.integers(0, 9)) == 0:  # now and then, the document is cut anywhere at all
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _check(text: str, fmt: str) -> None:
    try:
        record = nf.loads(text, fmt)
    except nf.ParseError as exc:
        assert exc.lineno is not None and exc.colno is not None, str(exc)
        assert exc.lineno >= 1 and exc.colno >= 1, str(exc)
        return
    if fmt == "md":
        assert nf.dumps(record) == text
    for other in ("json", "xml"):
        assert nf.loads(nf.dumps(record, other), other) == record


@pytest.mark.parametrize("fmt", ["md", "json", "xml"])
def test_damaged_documents_load_or_fail_with_a_position(fmt: str) -> None:
    """Damaged text either loads to a record that writes back unchanged, or raises ParseError
    with its line and column."""

    seen: set[str] = set()

    @fuzz_settings
    @given(damaged(fmt))
    def run(text: str) -> None:
        seen.add(text)
        _check(text, fmt)

    run()
    _record("text", fmt, len(seen), EXAMPLES)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@pytest.mark.parametrize("fmt", ["md", "json", "xml"])
def test_damaged_bytes_on_disk_load_or_fail_with_a_position(fmt: str, scratch: Path) -> None:
    """load() meets bytes: invalid UTF-8, a BOM, NUL, CRLF; only ParseError comes out, naming the
    file. loads() given the same bytes says the same, without the file name."""
    path = scratch / f"page.{fmt}"
    seen: set[bytes] = set()

    @settings(fuzz_settings, max_examples=max(TRIES * EXAMPLES // 4, 100))
    @given(damaged(fmt), st.data())
    def run(text: str, data: st.DataObject) -> None:
        raw = text.encode("utf-8", "surrogatepass")
        at = data.draw(st.integers(0, len(raw)))
        raw = raw[:at] + data.draw(st.sampled_from(_BYTES)) + raw[at:]
        seen.add(raw)
        path.write_bytes(raw)
        try:
            record = nf.load(path)
        except nf.ParseError as exc:
            assert exc.path == str(path)
            assert exc.lineno is not None and exc.colno is not None, str(exc)
            with pytest.raises(nf.ParseError) as again:
                nf.loads(raw, fmt)
            assert (again.value.msg, again.value.lineno, again.value.colno) == (exc.msg, exc.lineno, exc.colno)
            return
        assert nf.loads(raw, fmt) == record

    run()
    _record("bytes", fmt, len(seen), max(EXAMPLES // 4, 50))
