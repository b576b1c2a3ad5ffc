"""The documented examples are what the code writes."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

import newsformat as nf

DOCS = Path(__file__).parent.parent / "docs"
ROOT = Path(__file__).parent.parent
_EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n```(json|xml)\n(.*?)```", re.S)


def _examples() -> list[tuple[str, str, str, str]]:
    found = []
    for doc in ("json.md", "xml.md"):
        for source, fmt, body in _EXAMPLE.findall((DOCS / doc).read_text(encoding="utf-8")):
            found.append((doc, source, fmt, body))
    return found


@pytest.mark.parametrize("doc,source,fmt,body", _examples(), ids=lambda v: str(v)[:40])
def test_documented_example_is_current(doc: str, source: str, fmt: str, body: str) -> None:
    """Each example in docs/json.md and docs/xml.md is what dumps() writes for its page."""
    record = nf.load(ROOT / source)
    assert nf.dumps(record, fmt) == body
    assert nf.loads(body, fmt) == record


def test_examples_exist() -> None:
    """Both documents carry examples of every record kind they describe."""
    assert len(_examples()) >= 5


# A runnable example: a Python block and the text it prints, marked so that no other block is run.
_RUN: Final = re.compile(r"<!-- example: run -->\n```python\n(.*?)```\n\n```text\n(.*?)```", re.S)


def _runnable(doc: str) -> list[tuple[str, str, str]]:
    text = (DOCS / doc).read_text(encoding="utf-8")
    return [(f"{doc}:{text.count(chr(10), 0, m.start()) + 2}", m[1], m[2]) for m in _RUN.finditer(text)]


@pytest.mark.parametrize("where,code,expected", _runnable("api.md"), ids=lambda v: str(v)[:24])
def test_documented_python_example_prints_what_it_shows(
    where: str, code: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each `<!-- example: run -->` block of docs/api.md, run in a fresh folder, prints the text below it."""
    for needs, modules in (("newsformat.arrow", ("pyarrow", "pandas")), ("newsformat.dask", ("dask.bag", "fsspec"))):
        if needs in code:
            for module in modules:
                pytest.importorskip(module)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, where, "exec"), {"__name__": "__docs__"})
    assert out.getvalue() == expected


def test_every_new_section_has_a_runnable_example() -> None:
    """The API sections that promise examples have them."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    sections = ("Dicts", "Where pages live", "New events", "Pages that do not say their slug", "Slugs")
    for section in (*sections, "Arrow and Parquet", "Dask"):
        body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
        assert "<!-- example: run -->" in body, section


def test_docs_site_builds_strictly(tmp_path: Path) -> None:
    """`mkdocs build --strict` passes: every page is in the nav and every link and anchor resolves."""
    pytest.importorskip("mkdocs")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "cli" / "index.html").is_file()
