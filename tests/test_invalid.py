"""Malformed files of every format: each gives its exact error class, message and position.

Each ``tests/data/invalid/<name>.<md|json|xml>`` has a ``<name>.err`` beside it holding
``<ErrorClass>: <message>`` as ``load()`` reports it, without the file name in front. The
inputs are real pages with one thing broken: a cut, a wrong value, a DTD, a BOM, Latin-1 bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsformat as nf

from .conftest import DATA, read

INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.suffix in (".md", ".json", ".xml"))


def test_there_are_fixtures_of_every_format() -> None:
    """At least 40 malformed files, with every format represented."""
    assert len(INVALID) >= 40
    assert {p.suffix for p in INVALID} == {".md", ".json", ".xml"}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_malformed_file_gives_the_exact_error(path: Path) -> None:
    """load() raises the recorded class with the recorded message, line and column."""
    expected = read(path.with_suffix(".err")).rstrip("\n")
    with pytest.raises(nf.ParseError) as info:
        nf.load(path)
    error = info.value
    assert error.path == str(path)
    assert f"{type(error).__name__}: {str(error).removeprefix(f'{path}: ')}" == expected
    assert error.lineno is not None and error.colno is not None


def _is_clean_text(path: Path) -> bool:
    """UTF-8 without a BOM: the files whose text loads() can be given."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not raw.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("path", [p for p in INVALID if p.suffix != ".md" and _is_clean_text(p)], ids=lambda p: p.name)
def test_loads_gives_the_same_error_without_the_file_name(path: Path) -> None:
    """loads() of the same text reports the same message, only without the file name."""
    expected = read(path.with_suffix(".err")).rstrip("\n").partition(": ")[2]
    with pytest.raises(nf.ParseError) as info:
        nf.loads(read(path), path.suffix[1:])
    assert str(info.value) == expected
