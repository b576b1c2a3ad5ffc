"""The JSON encoding of records: one object per page; see docs/json.md."""

from __future__ import annotations

import json
import re
from importlib import resources
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in the stubs
from json.encoder import encode_basestring as _quote  # the C function when available
from typing import Any, Final

from ._docpaths import path_steps
from ._jsonwrite import write
from ._plain import HugeNumber, from_plain, to_plain
from ._utf8 import decode
from .errors import ParseError, line_and_column
from .model import Record

__all__ = ("loads", "dumps", "json_schema", "locate")


def dumps(record: Record, *, indent: int | None = 2) -> str:
    """Write a record as a JSON document (UTF-8 text, ending with a newline)."""
    if indent == 2:
        return write(record)  # straight to text: the documents newsformat writes
    plain = to_plain(record)
    if indent is None:
        return json.dumps(plain, ensure_ascii=False) + "\n"
    out: list[str] = []
    _write_indented(plain, out, "\n", " " * indent)
    out.append("\n")
    return "".join(out)


def _write_indented(value: Any, out: list[str], newline: str, step: str) -> None:
    """Append ``value`` to ``out`` exactly as ``json.dumps(value, ensure_ascii=False,
    indent=len(step))`` writes it.

    The standard library only uses its C encoder when there is no indent; this walk keeps the
    strings in C (the escaping is most of the work) and does the layout itself, for the plain
    values documents are made of: dicts with str keys, lists, str, int, bool and None.
    """
    if isinstance(value, str):
        out.append(_quote(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + step
        sep = "{" + inner
        for key, item in value.items():
            out.append(sep)
            out.append(_quote(key))
            out.append(": ")
            _write_indented(item, out, inner, step)
            sep = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = newline + step
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _write_indented(item, out, inner, step)
            sep = "," + inner
        out.append(newline + "]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def loads(text: str | bytes) -> Record:
    """Read a record from a JSON document, given as text or as UTF-8 bytes.

    Raises:
        ParseError: Malformed JSON, bytes that are not UTF-8, or a key given twice in an
            object (with line and column); a document of the wrong shape (with the path of
            the bad value, such as ``$.sources[0].url``, and where it starts).
        TypeError: ``text`` is neither str nor bytes.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode(text)
    elif not isinstance(text, str):
        raise TypeError(f"Expected str or bytes, not {type(text).__name__}")
    try:
        plain = _parse(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"Invalid JSON: {exc.msg}", text, exc.pos) from None
    except _NotJSON as exc:
        raise ParseError(f"Invalid JSON: {exc} is not a JSON value", text, text.find(str(exc))) from None
    except _DuplicateKey:
        at, key = _duplicate_key(text)
        raise ParseError(f"Expected each key once in an object, found {key!r} again", text, at) from None
    except RecursionError:
        raise ParseError("Invalid JSON: nested too deeply", text, 0) from None
    try:
        return from_plain(plain, text)
    except ParseError as exc:
        pos = _locate(text, exc.where or "$")
        if pos is None:
            raise
        raise exc.located(*line_and_column(text, pos)) from None


class _NotJSON(ValueError):
    """NaN and Infinity, which Python's json module would otherwise accept."""


def _refuse_constant(name: str) -> Any:
    raise _NotJSON(name)


def _parse(text: str) -> Any:
    """The plain document of ``text``. Numbers are read by the C scanner; only a document
    holding one too long for an int (which the scanner refuses with a ValueError) is read again
    with a reader that keeps its place, to be refused by the field that holds it."""
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_object)
    except (json.JSONDecodeError, _NotJSON, _DuplicateKey):
        raise
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_parse_int, object_pairs_hook=_object)


def _parse_int(digits: str) -> int | HugeNumber:
    try:
        return int(digits)
    except ValueError:  # past Python's limit on the digits of an int (4,300 by default)
        return HugeNumber(len(digits.lstrip("-")))


class _DuplicateKey(ValueError):
    """An object with a key given twice; where, a second pass finds (see _duplicate_key)."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # The standard library lets the last of two equal keys win; a document of ours never has two.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _DuplicateKey
    return obj


_SPACE: Final = re.compile(r"[ \t\n\r]*")
# Skips a value whole; numbers are not made into ints, which for 4,301 digits and more fails.
_SKIP: Final = json.JSONDecoder(parse_int=len, parse_float=len)


def locate(text: str, where: str) -> tuple[int, int] | None:
    """Line and column (from 1) where the value at ``where`` (``$.related[2].url``) starts in the
    JSON document ``text``, or its nearest enclosing value when it is missing; None when
    ``where`` is not a path or ``text`` cannot be walked."""
    pos = _locate(text, where)
    return None if pos is None else line_and_column(text, pos)


def _locate(text: str, where: str) -> int | None:
    """The offset where the value at ``where`` (``$.sources[0].url``) starts in ``text``, or
    where its nearest enclosing value starts when it is missing.

    Only called once a document has failed, so a plain walk is fast enough: values that are
    not on the way are skipped whole by the C decoder."""
    steps = path_steps(where)
    if steps is None:
        return None
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]
    try:
        for step in steps:
            found = _child(text, pos, step)
            if found is None:
                break  # a missing field: point at the object that lacks it
            pos = found
    except (ValueError, IndexError):
        return None
    return pos


def _child(text: str, pos: int, step: str | int) -> int | None:
    opener, closer = ("{", "}") if isinstance(step, str) else ("[", "]")
    if text[pos] != opener:
        return None
    pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    index = 0
    while text[pos] != closer:
        if isinstance(step, str):
            key, pos = scanstring(text, pos + 1)
            pos = _SPACE.match(text, pos).end() + 1  # type: ignore[union-attr]  # the colon
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if key == step:
                return pos
        elif index == step:
            return pos
        _, pos = _SKIP.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos] == ",":
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        index += 1
    return None


def _duplicate_key(text: str) -> tuple[int, str]:
    """The offset and text of the first key given a second time in its object.

    Only called once json.loads has met one, so the text up to it is valid JSON: strings are
    read whole, other values skipped by the C decoder, and a string followed by ':' is a key."""
    open_: list[set[str] | None] = []  # the keys of each open object; None for an array
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == '"':
            start = pos
            value, pos = scanstring(text, pos + 1)
            keys = open_[-1] if open_ else None
            after = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
            if keys is not None and text.startswith(":", after):
                if value in keys:
                    return start, value
                keys.add(value)
                pos = after + 1
        elif char == "{":
            open_.append(set())
            pos += 1
        elif char == "[":
            open_.append(None)
            pos += 1
        elif char in "]}":
            open_.pop()
            pos += 1
        elif char in " \t\n\r,:":
            pos += 1
        else:
            _, pos = _SKIP.raw_decode(text, pos)
    raise AssertionError("json.loads found a key given twice that this walk did not")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON encoding, as shipped in the package."""
    text = resources.files("newsformat").joinpath("schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
