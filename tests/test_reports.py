"""Findings written for machines: GitHub workflow annotations and SARIF 2.1.0."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import newsformat as nf
from newsformat.checks import RULES
from newsformat.cli import main
from newsformat.reports import github_line, json_line, sarif_log, summary, text_line

from .conftest import DATA

LINT = DATA / "lint"
SCHEMA = DATA / "sarif" / "sarif-schema-2.1.0.json"


def _diagnostic(**kw: Any) -> nf.Diagnostic:
    fields: dict[str, Any] = {
        "path": "news/2011/11/2/index.md",
        "line": 12,
        "column": 1,
        "severity": "warning",
        "code": "NF203",
        "name": "duplicate-entry",
        "message": "Entry '/news/x.md' repeats an earlier one (first at line 6)",
    }
    return nf.Diagnostic(**(fields | kw))


def test_text_and_json_lines() -> None:
    """Text is `path:line:col: severity CODE: message [name]`; JSON carries every field."""
    d = _diagnostic()
    assert text_line(d) == (
        "news/2011/11/2/index.md:12:1: warning NF203: Entry '/news/x.md' repeats an earlier one (first at line 6)"
        " [duplicate-entry]"
    )
    assert json.loads(json_line(d)) == {
        "path": d.path,
        "line": 12,
        "column": 1,
        "severity": "warning",
        "code": "NF203",
        "name": "duplicate-entry",
        "message": d.message,
    }


def test_github_annotations_escape_what_workflow_commands_read() -> None:
    """A GitHub annotation names file, line, column and title; %, CR and LF are escaped in the
    message, and ':' and ',' too in the properties."""
    d = _diagnostic(path="news/a,b:c.md", severity="error", code="NF001", name="parse-error", message="50% off\r\nnow")
    assert github_line(d) == (
        "::error file=news/a%2Cb%3Ac.md,line=12,col=1,title=NF001 parse-error::50%25 off%0D%0Anow"
    )


def test_summary_counts_by_code() -> None:
    """The closing line counts errors and warnings, and each code by name."""
    found = [_diagnostic(), _diagnostic(), _diagnostic(severity="error", code="NF101", name="date-mismatch")]
    assert summary(found, 1) == ("checked 1 file: 1 error, 2 warnings (1 NF101 date-mismatch, 2 NF203 duplicate-entry)")
    assert summary([], 0) == "checked 0 files: 0 errors, 0 warnings"


def _sarif(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    monkeypatch.chdir(LINT)
    main(["validate", "--format", "sarif", *args])
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    return log


def test_sarif_log_has_what_code_scanning_reads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log names SARIF 2.1.0 and its schema, the tool with its version and every rule, and
    each result its rule, level, message and place: a URI relative to the current folder and a
    1-based line and column."""
    log = _sarif(monkeypatch, capsys, ".", "json/news/2011/11/2/../../../../json")
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("/sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newsformat" and driver["version"] == nf.__version__
    assert [(r["id"], r["name"], r["shortDescription"]["text"]) for r in driver["rules"]] == [
        (rule.code, rule.name, rule.summary) for rule in RULES.values()
    ]
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == [r.severity for r in RULES.values()]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path(os.getcwd()).as_uri() + "/"
    found = nf.validate(".", "json/news/2011/11/2/../../../../json")
    assert len(run["results"]) == len(found) > 20
    for result, d in zip(run["results"], found, strict=True):
        assert result["ruleId"] == d.code and driver["rules"][result["ruleIndex"]]["id"] == d.code
        assert result["level"] == d.severity and result["message"]["text"] == d.message
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"] == os.path.normpath(d.path) and not artifact["uri"].startswith(("/", "."))
        assert location["physicalLocation"]["region"] == {"startLine": d.line, "startColumn": d.column}
    assert {"startLine": 36, "startColumn": 14} in [
        r["locations"][0]["physicalLocation"]["region"] for r in run["results"] if r["ruleId"] == "NF301"
    ]


def test_sarif_uris_outside_the_root_are_absolute(tmp_path: Path) -> None:
    """A file outside the root gets an absolute file: URI; names are percent-encoded."""
    outside = _diagnostic(path=str(tmp_path / "新闻 x.md"))
    inside = _diagnostic(path="news/新闻 x.md")
    results = sarif_log([outside, inside], root=os.getcwd())["runs"][0]["results"]
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results)
    assert first == {"uri": (tmp_path / "新闻 x.md").as_uri()}
    assert first["uri"].startswith("file:///") and "%E6%96%B0" in first["uri"] and "%20" in first["uri"]
    assert second == {"uri": "news/%E6%96%B0%E9%97%BB%20x.md", "uriBaseId": "%SRCROOT%"}


def test_sarif_log_is_valid_against_the_oasis_schema(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole log validates against the official OASIS SARIF 2.1.0 JSON schema, kept in
    tests/data/sarif; so does a log without results."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    log = _sarif(monkeypatch, capsys, ".", "gone.md", "page.txt")
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == set(RULES)
    validator.validate(log)
    validator.validate(sarif_log([]))
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(broken)  # the schema does check what it says
