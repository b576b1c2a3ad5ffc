"""Findings written for people and machines: text lines, JSON lines, GitHub workflow
annotations and SARIF 2.1.0.

Each writer takes :class:`newsformat.lint.Diagnostic` values as :func:`newsformat.validate`
returns them. Text, JSON and GitHub give one line per finding; SARIF gives one document.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any, Final
from urllib.parse import quote

import attrs

from .checks import RULES
from .lint import Diagnostic

__all__ = ("REPORT_FORMATS", "text_line", "json_line", "github_line", "sarif_log", "summary")

REPORT_FORMATS: Final = ("text", "json", "github", "sarif")
"""The ways ``newsformat validate`` can write its findings."""

SARIF_SCHEMA: Final = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def text_line(d: Diagnostic) -> str:
    """``path:line:col: severity CODE: message [name]``, as ruff and flake8 write findings."""
    return f"{d.path}:{d.line}:{d.column}: {d.severity} {d.code}: {d.message} [{d.name}]"


def json_line(d: Diagnostic) -> str:
    """One JSON object: ``path``, ``line``, ``column``, ``severity``, ``code``, ``name``, ``message``."""
    return json.dumps(attrs.asdict(d), ensure_ascii=False)


def _escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow commands read %, CR and LF as escapes; in properties also ':' and ','.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_line(d: Diagnostic) -> str:
    """A GitHub Actions workflow command that shows the finding as an annotation on its line."""
    title = _escape(f"{d.code} {d.name}", prop=True)
    props = f"file={_escape(d.path, prop=True)},line={d.line},col={d.column},title={title}"
    return f"::{d.severity} {props}::{_escape(d.message)}"


def _uri(path: str, root: Path) -> tuple[str, bool]:
    """The path as a URI, relative to ``root`` when it lies inside it; True when relative."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return absolute.as_uri(), False
    return quote(PurePosixPath(*relative.parts).as_posix()), True


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": rule.severity},
    }


def _result(d: Diagnostic, index: int, root: Path) -> dict[str, Any]:
    uri, relative = _uri(d.path, root)
    location: dict[str, Any] = {"uri": uri}
    if relative:
        location["uriBaseId"] = "%SRCROOT%"
    return {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": d.severity,
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": d.line, "startColumn": d.column},
                }
            }
        ],
    }


def sarif_log(diagnostics: Iterable[Diagnostic], *, root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log of the findings, as a dict for ``json.dumps``.

    The tool's rules are every rule newsformat has; each result names its rule, level,
    message and place. File URIs are relative to ``root`` (the current folder by default),
    which the log names as ``%SRCROOT%``; files outside it get absolute ``file:`` URIs.
    Columns count code points, as every position newsformat reports does.
    """
    from . import __version__

    base = Path(os.path.abspath(root if root is not None else os.curdir))
    codes = list(RULES)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newsformat",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, codes.index(d.code), base) for d in diagnostics],
            }
        ],
    }


def summary(diagnostics: Iterable[Diagnostic], files: int) -> str:
    """``checked N files: E errors, W warnings (n CODE name, ...)``, for standard error."""
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    errors = sum(n for code, n in counts.items() if RULES[code].severity == "error")
    warnings = sum(counts.values()) - errors
    kinds = ", ".join(f"{n} {code} {RULES[code].name}" for code, n in sorted(counts.items()))
    return (
        f"checked {files} file{'s' * (files != 1)}: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}" + (f" ({kinds})" if kinds else "")
    )
