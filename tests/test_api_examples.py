"""The examples of docs/api.md marked ``<!-- doctest: archive -->`` run as written.

They run in order, sharing their names, in a folder holding ``archive/``: a day of real pages
(tests/data/tree), one of them broken, and a README that is not a page.
"""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, read

DOC = Path(__file__).parent.parent / "docs" / "api.md"
_EXAMPLE = re.compile(r"<!-- doctest: archive -->\n```pycon\n(.*?)```", re.S)


def _archive(where: Path) -> None:
    day = where / "archive" / "news" / "2014" / "02" / "8"
    shutil.copytree(DATA / "tree" / "en" / "news" / "2014" / "02" / "8", day)
    (where / "archive" / "README.md").write_text("# My archive\n\nNotes about this copy.\n", encoding="utf-8")
    broken = read(day / "README.md").replace("## [2014-02-8]", "## [2014-02-30]", 1)
    (day / "broken.md").write_text(broken, encoding="utf-8")


def test_the_examples_exist() -> None:
    assert len(_EXAMPLE.findall(DOC.read_text(encoding="utf-8"))) >= 3


def test_the_api_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example gives the output the page shows."""
    _archive(tmp_path)
    monkeypatch.chdir(tmp_path)
    text = DOC.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names: dict[str, object] = {}
    for found in _EXAMPLE.finditer(text):
        lineno = text.count("\n", 0, found.start(1))
        test = parser.get_doctest(found.group(1), names, f"api.md line {lineno + 1}", str(DOC), lineno)
        runner.run(test, clear_globs=False)
        names.update(test.globs)  # a DocTest works on a copy of the names it was given
    result = runner.summarize(verbose=False)
    assert result.attempted >= 8 and result.failed == 0
