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

from ._plain import from_plain, path_steps, to_plain
from ._types import JSONDict
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
    plain = to_plain(record)
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


def _text(node: Any, where: str, step: str, doc: str) -> str:
    if node.__class__ is str:
        return node
    if node is None:
        return ""  # <body></body>: the empty string; absent fields are left out altogether
    if isinstance(node, list):
        raise ParseError(f"Expected the element once, found it {len(node)} times", doc, where=where + step)
    raise ParseError("Expected text, found elements", doc, where=where + step)


def _value(node: Any, kind: str, cls: Any, where: str, step: str, doc: str) -> Any:
    if kind == "text":
        return _text(node, where, step, doc)
    if kind == "object":
        return _object(node, cls, where + step, doc)
    if kind == "items":
        return _items(node, cls, where + step, doc)
    return _layout(node, where + step, doc)


def _children(node: Any, where: str, doc: str) -> dict[str, Any]:
    if node is None:
        return {}
    if isinstance(node, list):  # <sources> twice, say
        raise ParseError(f"Expected the element once, found it {len(node)} times", doc, where=where)
    if isinstance(node, str):
        if node.strip():
            raise ParseError(f"Expected elements, found text {node[:30]!r}", doc, where=where)
        return {}
    # Indentation between elements is not data.
    text = node.get("#text")
    if text is not None and not text.strip():
        return {k: v for k, v in node.items() if k != "#text"}
    return node  # type: ignore[no-any-return]


def _object(node: Any, cls: type, where: str, doc: str) -> JSONDict:
    plan = _plan(cls)
    out: JSONDict = {}
    if node.__class__ is not dict:
        node = _children(node, where, doc)
    for key, value in node.items():
        if key == "#text" and not value.strip():
            continue  # indentation between elements
        how = plan.get(key)
        # Unknown names are passed on for the converter to refuse by name.
        out[key] = value if how is None else _value(value, how[0], how[1], where, "." + key, doc)
    return out


def _items(node: Any, item: tuple[str, Any], where: str, doc: str) -> list[Any]:
    children = _children(node, where, doc)
    if "#text" in children:
        raise ParseError(f"Expected elements, found text {children['#text'].strip()[:30]!r}", doc, where=where)
    if len(children) > 1:
        found = ", ".join(f"<{tag}>" for tag in sorted(children))
        raise ParseError(f"Expected one kind of item, found {found}", doc, where=where)
    items = _as_list(next(iter(children.values()), []))
    kind, cls = item
    if kind == "text":
        return [v if v.__class__ is str else _text(v, where, f"[{i}]", doc) for i, v in enumerate(items)]
    return [_object(v, cls, f"{where}[{i}]", doc) for i, v in enumerate(items)]


def _layout(node: Any, where: str, doc: str) -> JSONDict:
    out: JSONDict = {}
    for key, value in _children(node, where, doc).items():
        here = f"{where}.{key}"
        if key == "padding":
            out[key] = {
                p.get("@anchor", ""): [p.get("@before", ""), p.get("@after", "")]
                for p in _entries(value, "pad", here, doc)
            }
        elif key in _MAP_TAGS:
            entries = _entries(value, _MAP_TAGS[key], here, doc)
            out[key] = {e.get("@anchor", ""): _text(e.get("#text"), here, "", doc) for e in entries}
            if key == "gaps":
                out[key] = {a: _integer(v, here, doc) for a, v in out[key].items()}
        elif key == "final_newline":
            out[key] = {"true": True, "false": False}.get(_text(value, here, "", doc), value)
        elif key in ITEM_TAGS:
            out[key] = [_text(v, here, f"[{i}]", doc) for i, v in enumerate(_items_raw(value, here, doc))]
        else:
            out[key] = value
    return out


def _items_raw(node: Any, where: str, doc: str) -> list[Any]:
    children = _children(node, where, doc)
    return _as_list(next(iter(children.values()), []))


def _entries(node: Any, tag: str, where: str, doc: str) -> list[dict[str, Any]]:
    entries = _as_list(_children(node, where, doc).get(tag, []))
    return [e if isinstance(e, dict) else {"#text": e} for e in entries]


def _as_list(items: Any) -> list[Any]:
    """xmltodict gives a lone child as itself and repeated ones as a list; the schema says
    which elements are items, so they are made lists here rather than asked for per element."""
    return items if items.__class__ is list else [items]


def _integer(text: str, where: str, doc: str) -> int:
    if not text.isdigit():
        raise ParseError(f"Expected a whole number, found {text!r}", doc, where=where)
    return int(text)


def loads(text: str) -> Record:
    """Read a record from an XML document.

    Raises:
        ParseError: Malformed XML (with line and column), a DTD or entity declaration
            (refused, never expanded or fetched), or a document of the wrong shape (with the
            path of the bad value).
    """
    if not isinstance(text, str):
        raise TypeError(f"Expected str, not {type(text).__name__}")
    dtd = _DTD.search(text)
    if dtd is not None:
        raise ParseError("Refused a DTD or entity declaration: documents of newsformat have none", text, dtd.start())
    try:
        tree = xmltodict.parse(text, strip_whitespace=False, disable_entities=True)
    except ExpatError as exc:
        raise ParseError(f"Invalid XML: {_expat_message(exc)}", text, lineno=exc.lineno, colno=exc.offset + 1) from None
    except ValueError as exc:
        raise ParseError(f"Invalid XML: {exc}", text, 0) from None
    try:
        if len(tree) != 1:
            raise ParseError("Expected one root element", text, where="$")
        ((kind, root),) = tree.items()
        if kind not in RECORD_KINDS:
            raise ParseError(f"Expected a root element <event>, <day> or <front>, found <{kind}>", text, where="$")
        children = _children(root, "$", text)
        version_text = children.pop("@version", None)
        plain: JSONDict = {
            "kind": kind,
            "version": int(version_text) if version_text and version_text.isdigit() else version_text,
        }
        plain.update(_object(children, RECORD_KINDS[kind], "$", text))
        return from_plain(plain, text)
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


def _locate(text: str, where: str) -> tuple[int, int] | None:
    """Line and column of the element at ``where`` (``$.sources[0].url`` is the ``<url>`` of
    the first ``<source>`` in ``<sources>``; ``$`` is the root), or of its nearest enclosing
    element when it is missing.

    Only called once a document has failed: a second pass with expat, counting elements."""
    steps = path_steps(where)
    if steps is None:
        return None
    if steps[-1:] == ["version"]:
        steps.pop()  # the root's version attribute
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
