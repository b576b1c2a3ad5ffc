"""JSON Lines: a whole tree as one record per line, with the path each came from.

A line is ``{"path": "news/2011/11/2/x.md", "record": {...}}`` for a page, or ``{"path":
"README.md", "text": "..."}`` for a Markdown file that is not a page (a folder's README), so
that a tree taken through JSON Lines and back is the same tree.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Final

from ._plain import from_plain, to_plain
from .api import load
from .errors import NotAPageError, ParseError
from .model import Record

__all__ = ("JSONL", "jsonl_item", "read_jsonl")

JSONL: Final = "jsonl"
"""The name of the format on the command line."""


def jsonl_item(path: str, source: str | os.PathLike[str]) -> dict[str, object]:
    """The JSON Lines object for the file at ``path`` (relative to its tree): ``{"path",
    "record"}`` for a page, ``{"path", "text"}`` for a Markdown file that is not a page (a
    folder's README), so that a tree taken through JSON Lines and back is the same tree."""
    try:
        record = load(source)
    except NotAPageError as exc:
        if not os.fspath(source).endswith(".md"):
            raise
        return {"path": path, "text": exc.doc}
    return {"path": path, "record": to_plain(record)}


def read_jsonl(text: str, name: str = "<jsonl>") -> Iterator[tuple[str, Record | str]]:
    """(path, record) for each line of a JSON Lines document written by ``--to jsonl``; (path,
    text) for a file that is not a page, carried as it was."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"Invalid JSON: {exc.msg}", line, lineno=number, colno=exc.colno, path=name) from None
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise ParseError("Expected an object with 'path' and 'record'", line, lineno=number, colno=1, path=name)
        if set(item) == {"path", "text"} and isinstance(item["text"], str):
            yield item["path"], item["text"]
            continue
        if set(item) != {"path", "record"}:
            raise ParseError("Expected an object with 'path' and 'record'", line, lineno=number, colno=1, path=name)
        try:
            yield item["path"], from_plain(item["record"], line)
        except ParseError as exc:
            raise ParseError(exc.msg, line, lineno=number, colno=1, path=name, where=exc.where) from None
