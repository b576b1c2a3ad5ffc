"""The JSON encoding of records: one object per page; see docs/json.md."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ._convert import from_plain, to_plain
from .errors import ParseError
from .model import Record

__all__ = ("loads", "dumps", "json_schema")


def dumps(record: Record, *, indent: int | None = 2) -> str:
    """Write a record as a JSON document (UTF-8 text, ending with a newline)."""
    return json.dumps(to_plain(record), ensure_ascii=False, indent=indent) + "\n"


def loads(text: str) -> Record:
    """Read a record from a JSON document.

    Raises:
        ParseError: Malformed JSON (with line and column) or a document of the wrong shape
            (with the path of the bad value, such as ``$.sources[0].url``).
    """
    if not isinstance(text, str):
        raise TypeError(f"Expected str, not {type(text).__name__}")
    try:
        plain = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(f"Invalid JSON: {exc.msg}", text, exc.pos) from None
    except _NotJSON as exc:
        raise ParseError(f"Invalid JSON: {exc} is not a JSON value", text, text.find(str(exc))) from None
    except RecursionError:
        raise ParseError("Invalid JSON: nested too deeply", text, 0) from None
    return from_plain(plain, text)


class _NotJSON(ValueError):
    """NaN and Infinity, which Python's json module would otherwise accept."""


def _refuse_constant(name: str) -> Any:
    raise _NotJSON(name)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON encoding, as shipped in the package."""
    text = resources.files("newsformat").joinpath("schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
