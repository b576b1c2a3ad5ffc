"""The documented examples are what the code writes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
