"""The XML encoding of records, through xmltodict; see docs/xml.md.

The document is the same plain dict as the JSON one, laid out as elements: the root names
the kind (``<event version="1">``), lists are wrapped (``<sources><source>...``), and the
layout's maps become ``<gap anchor="...">``, ``<spelling anchor="...">`` and
``<pad anchor="..." before=" " after=" "/>``. The ``@``/``#text`` keys stay in this module.
"""

from __future__ import annotations

import re
import typing
from functools import cache
from typing import Any, Final
from xml.parsers import expat
from xml.parsers.expat import ExpatError

import attrs
import xmltodict

from ._docpaths import path_steps
from ._plain import READ_VERSIONS, HugeNumber, from_plain, to_plain
from ._types import JSONDict
from ._utf8 import decode
from .errors import ParseError
from .model import RECORD_KINDS, Layout, Record

__all__ = ("loads", "dumps", "locate")

# The element that holds each item of a list field.
ITEM_TAGS: Final = {
    "sources": "source",
    "related": "item",
    "changes": "change",
    "entries": "entry",
    "sections": "section",
    "contexts": "context",
    "omit": "anchor",
    "order": "key",
}
_MAP_TAGS: Final = {"gaps": "gap", "spellings": "spelling", "padding": "pad"}
# A DTD is where entity bombs and external entities live; documents of ours never have one.
_DTD: Final = re.compile(r"<!(?:DOCTYPE|ENTITY)")


# --- writing -----------------------------------------------------------------------------


def _to_xml(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return {ITEM_TAGS[key]: [_to_xml(ITEM_TAGS[key], v) for v in value]}
    if isinstance(value, dict):
        if key == "layout":
            return {k: _layout_to_xml(k, v) for k, v in value.items()}
        return {k: _to_xml(k, v) for k, v in value.items()}
    return value


def _layout_to_xml(key: str, value: Any) -> Any:
    if key == "padding":
        return {"pad": [{"@anchor": a, "@before": p[0], "@after": p[1]} for a, p in value.items()]}
    if key in _MAP_TAGS:
        return {_MAP_TAGS[key]: [{"@anchor": a, "#text": str(v)} for a, v in value.items()]}
    return _to_xml(key, value)


def dumps(record: Record) -> str:
    """Write a record as an XML document (UTF-8, ending with a newline)."""
    return dumps_plain(to_plain(record))


def dumps_plain(plain: JSONDict) -> str:
    """Write a plain document (the JSON encoding's object, kind and version first) as XML."""
    plain = dict(plain)
    kind = plain.pop("kind")
    root = {"@version": str(plain.pop("version"))}
    root.update({k: _to_xml(k, v) for k, v in plain.items()})
    text: str = xmltodict.unparse({kind: root}, encoding="utf-8", pretty=True, indent="  ", short_empty_elements=False)
    return text + "\n"


# --- reading -----------------------------------------------------------------------------


@cache
def _plan(cls: type) -> dict[str, tuple[str, Any]]:
    """How to read each field of ``cls``, worked out once: ("text", None), ("object", cls),
    ("layout", None) or ("items", (item kind, item class))."""
    plan: dict[str, tuple[str, Any]] = {}
    for name, hint in typing.get_type_hints(cls).items():
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if typing.get_origin(hint) is tuple:
            plan[name] = ("items", ("object", args[0]) if attrs.has(args[0]) else ("text", None))
        elif hint is Layout:
            plan[name] = ("layout", None)
        elif attrs.has(hint):
            plan[name] = ("object", hint)
        elif typing.get_origin(hint) is typing.Union and len(args) == 1 and attrs.has(args[0]):
            plan[name] = ("object", args[0])
        else:
            plan[name] = ("text", None)
    return plan


# Paths such as $.sources[0].url are only spelled out when an error needs one; until then a
# reader passes the path of the element it is in and the step to the value.


def _blank(text: str) -> bool:
    """Whether ``text`` is only XML white space (indentation between elements, not data)."""
    return not text.strip(" \t\r\n")


def _text(node: Any, where: str, step: str, doc: str) -> str:
    if node.__class__ is str:
        return node
    if node is None:
        return ""  # <body></body>: the empty string; absent fields are left out altogether
    if isinstance(node, list):
        raise ParseError(f"Expected the element once, found it {len(node)} times", doc, where=where + step)
    for key in node:
        if key[:1] == "@":
            raise ParseError(f"Unknown attribute {key[1:]!r}", doc, where=where + step)
    raise ParseError("Expected text, found elements", doc, where=where + step)


def _value(node: Any, kind: str, cls: Any, key: str, where: str, doc: str) -> Any:
    if kind == "text":
        return _text(node, where, "." + key, doc)
    if kind == "object":
        return _object(node, cls, f"{where}.{key}", doc)
    if kind == "items":
        return _items(node, key, cls, f"{where}.{key}", doc)
    return _layout(node, f"{where}.{key}", doc)


def _children(node: Any, where: str, doc: str, attributes: tuple[str, ...] = ()) -> dict[str, Any]:
    """The child elements of an element, by name; text other than indentation and attributes
    other than ``attributes`` are refused."""
    if node is None:
        return {}
    if node.__class__ is not dict:
        if isinstance(node, list):  # <sources> twice, say
            raise ParseError(f"Expected the element once, found it {len(node)} times", doc, where=where)
        if _blank(node):
            return {}
        raise ParseError(f"Expected elements, found text {node.strip()[:30]!r}", doc, where=where)
    clean = True
    for key, value in node.items():
        if key == "#text":
            if not _blank(value):
                raise ParseError(f"Expected elements, found text {value.strip()[:30]!r}", doc, where=where)
        elif key[:1] == "@":
            if key[1:] not in attributes:
                raise ParseError(f"Unknown attribute {key[1:]!r}", doc, where=where)
        else:
            continue
        clean = False
    if clean:
        return node
    return {k: v for k, v in node.items() if k != "#text" and k[:1] != "@"}


def _object(node: Any, cls: type, where: str, doc: str) -> JSONDict:
    plan = _plan(cls)
    out: JSONDict = {}
    for key, value in _children(node, where, doc).items():
        how = plan.get(key)
        # Unknown names are passed on for the converter to refuse by name.
        out[key] = value if how is None else _value(value, how[0], how[1], key, where, doc)
    return out


def _item_elements(node: Any, tag: str, where: str, doc: str) -> list[Any]:
    """The ``<tag>`` children of a list element; any other child is refused."""
    children = _children(node, where, doc)
    if not children:
        return []
    if len(children) > 1 or tag not in children:
        found = ", ".join(f"<{name}>" for name in sorted(children))
        parent = where.rpartition(".")[2]
        raise ParseError(f"Expected only <{tag}> elements in <{parent}>, found {found}", doc, where=where)
    return _as_list(children[tag])


def _items(node: Any, field: str, item: tuple[str, Any], where: str, doc: str) -> list[Any]:
    items = _item_elements(node, ITEM_TAGS[field], where, doc)
    kind, cls = item
    if kind == "text":
        return [v if v.__class__ is str else _text(v, where, f"[{i}]", doc) for i, v in enumerate(items)]
    return [_object(v, cls, f"{where}[{i}]", doc) for i, v in enumerate(items)]


def _layout(node: Any, where: str, doc: str) -> JSONDict:
    out: JSONDict = {}
    for key, value in _children(node, where, doc).items():
        here = f"{where}.{key}"
        if key == "padding":
            pads = _entries(value, "pad", ("anchor", "before", "after"), here, doc)
            out[key] = {anchor: [attributes["before"], attributes["after"]] for anchor, attributes, _ in pads}
        elif key in _MAP_TAGS:
            entries = _entries(value, _MAP_TAGS[key], ("anchor",), here, doc)
            if key == "gaps":
                out[key] = {anchor: _integer(text, f"{here}[{i}]", doc) for i, (anchor, _, text) in enumerate(entries)}
            else:
                out[key] = {anchor: text for anchor, _, text in entries}
        elif key == "final_newline":
            out[key] = {"true": True, "false": False}.get(_text(value, here, "", doc), value)
        elif key in ITEM_TAGS:
            out[key] = _items(value, key, ("text", None), here, doc)
        else:
            out[key] = value  # unknown: refused by name by the converter
    return out


def _entries(
    node: Any, tag: str, attributes: tuple[str, ...], where: str, doc: str
) -> list[tuple[str, dict[str, str], str]]:
    """The entries of a layout map (``<gap anchor="title">2</gap>``) as (anchor, attributes,
    text); each must have exactly ``attributes``, and each anchor comes once."""
    out: list[tuple[str, dict[str, str], str]] = []
    seen: set[str] = set()
    for i, entry in enumerate(_item_elements(node, tag, where, doc)):
        here = f"{where}[{i}]"
        if entry.__class__ is not dict:
            entry = {} if entry is None else {"#text": entry}
        found = {}
        for key, value in entry.items():
            if key[:1] != "@":
                if key != "#text":
                    raise ParseError("Expected text, found elements", doc, where=here)
            elif key[1:] in attributes:
                found[key[1:]] = value
            else:
                raise ParseError(f"Unknown attribute {key[1:]!r}", doc, where=here)
        missing = [name for name in attributes if name not in found]
        if missing:
            raise ParseError(f"Expected the attribute {missing[0]!r} on <{tag}>", doc, where=here)
        text = entry.get("#text", "")
        if tag == "pad" and text:
            raise ParseError(f"Expected <pad> to be empty, found text {text[:30]!r}", doc, where=here)
        anchor = found["anchor"]
        if anchor in seen:
            parent = where.rpartition(".")[2]
            raise ParseError(f"Expected each anchor once in <{parent}>, found {anchor!r} again", doc, where=here)
        seen.add(anchor)
        out.append((anchor, found, text))
    return out


def _as_list(items: Any) -> list[Any]:
    """xmltodict gives a lone child as itself and repeated ones as a list; the schema says
    which elements are items, so they are made lists here rather than asked for per element."""
    return items if items.__class__ is list else [items]


# A whole number as the writer writes it: ASCII digits, no sign, no leading zero.
_WHOLE: Final = re.compile(r"0|[1-9][0-9]*")


def _integer(text: str, where: str, doc: str) -> int | HugeNumber:
    if _WHOLE.fullmatch(text) is None:
        raise ParseError(f"Expected a whole number, found {text[:30]!r}", doc, where=where)
    try:
        return int(text)
    except ValueError:  # past Python's limit on the digits of an int: refused by the converter
        return HugeNumber(len(text))


# Elements a document might be expected to have, whose place is elsewhere.
_MISPLACED: Final = {
    "kind": "Unexpected element <kind>: the root element names the kind",
    "version": "Unexpected element <version>: the version is an attribute of the root element",
}


def loads(text: str | bytes) -> Record:
    """Read a record from an XML document, given as text or as UTF-8 bytes.

    The bytes are UTF-8 whatever the XML declaration says, as files of newsformat always are.

    Raises:
        ParseError: Malformed XML or bytes that are not UTF-8 (with line and column), a DTD
            or entity declaration (refused, never expanded or fetched), or a document of the
            wrong shape (with the path of the bad value and where its element starts).
        TypeError: ``text`` is neither str nor bytes.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode(text)
    elif not isinstance(text, str):
        raise TypeError(f"Expected str or bytes, not {type(text).__name__}")
    dtd = _DTD.search(text)
    if dtd is not None:
        raise ParseError("Refused a DTD or entity declaration: documents of newsformat have none", text, dtd.start())
    try:
        tree = xmltodict.parse(text, strip_whitespace=False, disable_entities=True)
    except ExpatError as exc:
        raise ParseError(f"Invalid XML: {_expat_message(exc)}", text, lineno=exc.lineno, colno=exc.offset + 1) from None
    except UnicodeEncodeError as exc:  # a lone surrogate in the str given
        raise ParseError(f"Invalid XML: {exc.reason}: {exc.object[exc.start]!r}", text, exc.start) from None
    except ValueError as exc:
        raise ParseError(f"Invalid XML: {exc}", text, 0) from None
    try:
        return from_plain(_plain_document(tree, text), text)
    except ParseError as exc:
        found = _locate(text, exc.where or "$")
        if found is None:
            raise
        raise exc.located(*found) from None


def locate(text: str, where: str) -> tuple[int, int] | None:
    """Line and column (from 1) of the element at ``where`` (``$.related[2].url``) in the XML
    document ``text``, or of its nearest enclosing element when it is missing; None when
    ``where`` is not a path or ``text`` is not well-formed."""
    return _locate(text, where)


def _plain_document(tree: dict[str, Any], text: str) -> JSONDict:
    """The plain document of a parsed XML document."""
    if len(tree) != 1:
        raise ParseError("Expected one root element", text, where="$")
    ((kind, root),) = tree.items()
    if kind not in RECORD_KINDS:
        raise ParseError(f"Expected a root element <event>, <day> or <front>, found <{kind}>", text, where="$")
    version = root.get("@version") if root.__class__ is dict else None
    children = _children(root, "$", text, attributes=("version",))
    for name, msg in _MISPLACED.items():
        if name in children:
            line, column = _find(text, [name]) or (1, 1)
            raise ParseError(msg, text, where=f"$.{name}", lineno=line, colno=column)
    # Exactly the digits the writer writes (or version 1's): not "01", nor an Arabic-Indic one
    # or "²", which int() takes.
    read = {str(v): v for v in READ_VERSIONS}
    plain: JSONDict = {"kind": kind, "version": read.get(version, version) if isinstance(version, str) else version}
    plain.update(_object(children, RECORD_KINDS[kind], "$", text))
    return plain


def _locate(text: str, where: str) -> tuple[int, int] | None:
    """Line and column of the element at ``where`` (``$.sources[0].url`` is the ``<url>`` of
    the first ``<source>`` in ``<sources>``; ``$`` and ``$.version`` are the root), or of its
    nearest enclosing element when it is missing."""
    steps = path_steps(where)
    if steps is None:
        return None
    if steps == ["version"]:
        steps.pop()  # the root's version attribute
    return _find(text, steps)


def _find(text: str, steps: list[str | int]) -> tuple[int, int] | None:
    """Line and column of the element that ``steps`` lead to from the root, or of the deepest
    element on the way.

    Only called once a document has failed: a second pass with expat, counting elements."""
    # One entry per open element: does it lie on the path, and how many children so far.
    open_: list[list[Any]] = []
    # The deepest element on the path seen so far: (depth, line, column).
    deepest: list[tuple[int, int, int]] = []

    def start(name: str, _attrs: Any) -> None:
        depth = len(open_)  # steps taken to reach this element
        if depth == 0:
            on_path = True
        else:
            parent = open_[-1]
            index, parent[1] = parent[1], parent[1] + 1
            step = steps[depth - 1] if depth <= len(steps) else None
            on_path = parent[0] and step in (name, index)
        if on_path and (not deepest or depth > deepest[-1][0]):
            deepest.append((depth, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))
            if depth == len(steps):
                raise _Found  # the rest is of no interest
        open_.append([on_path, 0])

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _name: open_.pop()
    try:
        parser.Parse(text, True)
    except _Found:
        pass
    except ExpatError:
        return None
    return deepest[-1][1:] if deepest else None


class _Found(Exception):
    """Stops the walk in _locate at the element sought."""


def _expat_message(exc: ExpatError) -> str:
    return str(exc).split(":")[0]
