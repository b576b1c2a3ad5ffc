"""Structural mutations of real documents, in JSON and in XML, as Hypothesis strategies.

Where tests/test_fuzz.py damages the text of a document (cut lines, stray characters), these
change its structure and keep it well formed: keys dropped or repeated, values of another type,
layout entries forged, numbers too long for an int, Unicode digits, kind markers that disagree,
attributes nobody writes. The documents are the JSON of ``tests/data/valid/*.json`` and the XML
of the same records.
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import strategies as st

import newsformat as nf

from .conftest import DATA, read

JSON_DOCUMENTS = [read(p) for p in sorted((DATA / "valid").glob("*.json"))]
XML_DOCUMENTS = [nf.dumps(nf.loads(text, "json"), "xml") for text in JSON_DOCUMENTS]


class Raw(str):
    """JSON text written as it is: a number too long for Python to turn into an int and back."""


HUGE = Raw("9" * 4301)
# Values a document might hold in the wrong place: every JSON type, and strings that look
# like numbers, dates or versions to a lenient reader.
STRANGE = [
    {},
    [],
    "",
    " ",
    "d",
    0,
    -1,
    1,
    1.0,
    2**64,
    True,
    False,
    None,
    HUGE,
    Raw("-" + "1" * 5000),
    Raw("1e999"),
    "²",
    "١",
    "01",
    "１",
    "20111119",
    "2011-W46-6",
    "2011-11-19",
    "0999-01-01",
    "2018-02-06T13:49:22.5+05:00",
    "2018-02-06 13:49:22",
    ") [IMG](x",
    ") _bar",
    "](",
    "\ud800",
    "\x00",
    ["a", "a"],
    {"title": "T"},
    [{}],
]
# In place of a number or a date, what a lenient reader might still take for one.
NUMBERS = [HUGE, Raw("-" + "1" * 5000), 1.0, True, "1", "²", "١", -1, 2**64, Raw("1e999"), Raw("-0")]
NUMBER_TEXTS = ["²", "١", "01", "-1", "1.0", "9" * 4301, " 1", "+1", "1_0", "", "１"]
DATES = ["20111119", "2011-W46-6", "2011-11-19T00:00:00", "0999-01-01", "2011-02-30", "１９９９-01-01", "2011-11-19 "]
# Names of what a page can hold, to forge layout entries that point somewhere.
ANCHORS = ["title", "date", "end", "formats", "sources", "sources[0]", "sources[0].name", "related[9]", "", "x y"]
LAYOUT_KEYS = ["gaps", "spellings", "padding", "omit", "order", "final_newline", "bogus"]
# Drawn afresh each time: the documents are changed in place, the pool must not be.
strange = st.sampled_from(STRANGE).map(copy.deepcopy)
VERSIONS = [1, True, 1.0, "1", "01", "١", "²", 2, 0, None, HUGE]
KINDS = ["event", "day", "front", "Event", "", 1, None, ["event"]]

# --- JSON: documents as trees of pairs, so that a key can be given twice -----------------


class Obj(list):  # type: ignore[type-arg]
    """A JSON object as its list of [key, value] pairs."""


def _pairs(text: str) -> Any:
    return json.loads(text, object_pairs_hook=lambda pairs: Obj([list(p) for p in pairs]))


def write_json(value: Any) -> str:
    """JSON text of a tree of pairs: keys given twice stay twice, Raw numbers are written whole."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Obj):
        return "{" + ", ".join(f"{json.dumps(k)}: {write_json(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(write_json(v) for v in value) + "]"
    return json.dumps(value)


def _containers(value: Any) -> list[Any]:
    """Every object and array in a tree, the root first."""
    found = [value]
    for child in value if not isinstance(value, Obj) else [v for _, v in value]:
        if isinstance(child, list):
            found += _containers(child)
    return found


def _slot_value(container: Any, i: int) -> Any:
    return container[i][1] if isinstance(container, Obj) else container[i]


def _set_slot(container: Any, i: int, value: Any) -> None:
    if isinstance(container, Obj):
        container[i][1] = value
    else:
        container[i] = value


@st.composite
def forged_layout(draw: st.DrawFn) -> Obj:
    """A layout object with entries drawn anywhere from sensible to absurd."""
    layout = Obj()
    for key in draw(st.lists(st.sampled_from(LAYOUT_KEYS), min_size=1, max_size=3)):
        anchors = st.sampled_from(ANCHORS)
        if key == "gaps":
            value: Any = Obj([[draw(anchors), draw(st.sampled_from([0, 1, 2, 5, 10**9, -1, HUGE, "2", 1.0]))]])
        elif key == "spellings":
            value = Obj([[draw(anchors), draw(st.sampled_from(["Source:", "2", "](", "", " x", "&amp;"]))]])
        elif key == "padding":
            pad = st.sampled_from([" ", "", "  ", "x", "\t"])
            value = Obj([[draw(anchors), draw(st.sampled_from([[draw(pad), draw(pad)], [" "], " ", {}]))]])
        elif key in ("omit", "order"):
            value = draw(st.lists(st.sampled_from(["sources", "related", "changes", "formats", "x"]), max_size=3))
        elif key == "final_newline":
            value = draw(st.sampled_from([False, True, "false", 0]))
        else:
            value = draw(strange)
        layout.append([key, value])
    return layout


JSON_OPERATIONS = ["drop", "repeat", "swap", "unknown", "layout", "version", "kind", "nest", "number", "date"]


@st.composite
def mutated_json(draw: st.DrawFn) -> str:
    """The JSON of a real record with one to three structural changes."""
    doc = _pairs(draw(st.sampled_from(JSON_DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        places = _containers(doc)
        place = draw(st.sampled_from(places))
        op = draw(st.sampled_from(JSON_OPERATIONS))
        if op in ("drop", "repeat", "swap") and not place:
            continue
        i = draw(st.integers(0, len(place) - 1)) if place else 0
        if op == "drop":
            del place[i]
        elif op == "repeat":  # the same key (or item) again, with its value or another
            again = copy.deepcopy(place[i])
            if draw(st.booleans()):
                if isinstance(place, Obj):
                    again[1] = draw(strange)
                else:
                    again = draw(strange)
            place.insert(draw(st.integers(0, len(place))), again)
        elif op == "swap":  # a value of another type, most often
            _set_slot(place, i, draw(_other_type(_slot_value(place, i)) | strange))
        elif op == "unknown" and isinstance(place, Obj):
            place.append([draw(st.sampled_from(["mood", "kind", "version", "Title", "@version", "#text"])), 1])
        elif op == "layout":
            _set_key(doc, "layout", draw(forged_layout()))
        elif op == "version":
            _set_key(doc, "version", draw(st.sampled_from(VERSIONS)))
        elif op == "kind":
            _set_key(doc, "kind", draw(st.sampled_from(KINDS).map(copy.deepcopy)))
        elif op in ("number", "date"):  # a number or a date, wherever one is, spelled otherwise
            slots = _slots(doc, _is_number if op == "number" else _is_date)
            if slots:
                container, index = draw(st.sampled_from(slots))
                _set_slot(container, index, draw(st.sampled_from(NUMBERS if op == "number" else DATES)))
        elif op == "nest" and place:  # a value put one level deeper, in a list or an object
            value = _slot_value(place, i)
            _set_slot(place, i, [value] if draw(st.booleans()) else Obj([["value", value]]))
    return write_json(doc)


def _is_number(value: Any) -> bool:
    return value.__class__ is int


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 10 and value[:4].isdigit() and value[4:5] == "-"


def _is_number_text(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _slots(doc: Any, holds: Any) -> list[tuple[Any, int]]:
    """Every (container, index) of the tree whose value ``holds`` says yes to."""
    return [
        (container, i)
        for container in _containers(doc)
        for i in range(len(container))
        if holds(_slot_value(container, i))
    ]


def _other_type(value: Any) -> st.SearchStrategy[Any]:
    """Values of a JSON type other than ``value``'s: an object or a string for a list, and so on."""
    kinds = {
        list: [{}, "", "d", Obj([["title", "T"]]), 0, None],
        str: [0, 1, True, None, [], ["d"], {}],
        int: ["1", "", True, 1.5, None, [1], {}],
        bool: [1, 0, "true", "false", None],
    }
    return st.sampled_from(kinds.get(type(value), [[], {}, "", 0, None])).map(copy.deepcopy)


def _set_key(obj: Any, key: str, value: Any) -> None:
    if not isinstance(obj, Obj):
        return
    for pair in obj:
        if pair[0] == key:
            pair[1] = value
            return
    obj.append([key, value])


# --- XML: documents as element trees ----------------------------------------------------

TEXTS = ["", " ", "²", "١", "01", "1", "-1", "x", "true", "20111119", "2011-W46-6", "9" * 4301, ") [IMG](x", "&", "]("]
TAGS = ["source", "item", "change", "entry", "section", "context", "anchor", "key", "gap", "pad", "kind", "x"]
ATTRIBUTES = ["version", "anchor", "before", "after", "kind", "lang", "xmlns"]


def _elements(root: ET.Element) -> list[ET.Element]:
    return list(root.iter())


@st.composite
def forged_xml_layout(draw: st.DrawFn) -> ET.Element:
    layout = ET.Element("layout")
    for key in draw(st.lists(st.sampled_from(LAYOUT_KEYS), min_size=1, max_size=3)):
        part = ET.SubElement(layout, key)
        if key in ("gaps", "spellings", "padding"):
            tag = {"gaps": "gap", "spellings": "spelling", "padding": "pad"}[key]
            for _ in range(draw(st.integers(0, 3))):
                entry = ET.SubElement(part, draw(st.sampled_from([tag, tag, "x"])))
                names = st.lists(st.sampled_from(["before", "after", "x"]), max_size=2)
                for name in draw(st.sampled_from([["anchor"], ["anchor"], ["anchor", "before", "after"]]) | names):
                    entry.set(name, draw(st.sampled_from([*ANCHORS, " ", "x"])))
                entry.text = draw(st.sampled_from(TEXTS + NUMBER_TEXTS))
        elif key in ("omit", "order"):
            for _ in range(draw(st.integers(0, 3))):
                item = ET.SubElement(part, draw(st.sampled_from(["anchor", "key", "x"])))
                item.text = draw(st.sampled_from(["sources", "related", "changes", "formats", "x", ""]))
        else:
            part.text = draw(st.sampled_from(TEXTS))
    return layout


XML_OPERATIONS = ["drop", "repeat", "attribute", "text", "child", "rename", "elements", "layout", "version"]
XML_OPERATIONS += ["number", "date"]


@st.composite
def mutated_xml(draw: st.DrawFn) -> str:
    """The XML of a real record with one to three structural changes."""
    root = ET.fromstring(draw(st.sampled_from(XML_DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        elements = _elements(root)
        element = draw(st.sampled_from(elements))
        parent = next((p for p in elements if element in list(p)), None)
        op = draw(st.sampled_from(XML_OPERATIONS))
        if op == "drop" and parent is not None:
            parent.remove(element)
        elif op == "repeat" and parent is not None:
            parent.insert(list(parent).index(element), copy.deepcopy(element))
        elif op == "attribute":
            element.set(draw(st.sampled_from(ATTRIBUTES)), draw(st.sampled_from(TEXTS + ANCHORS)))
        elif op == "text":  # text where elements were, or other text
            for child in list(element):
                element.remove(child)
            element.text = draw(st.sampled_from(TEXTS))
        elif op == "child":  # a <kind>day</kind> or other element among the children
            child = ET.SubElement(element, draw(st.sampled_from([*TAGS, "title", "version", "lang"])))
            child.text = draw(st.sampled_from(["day", "event", "front", "1", ""]))
        elif op == "rename":
            element.tag = draw(st.sampled_from([*TAGS, "event", "day", "front"]))
        elif op == "elements":  # elements where text was
            element.text = draw(st.sampled_from([None, " ", "\n  "]))
            ET.SubElement(element, draw(st.sampled_from(TAGS))).text = "x"
        elif op == "layout":
            for old in root.findall("layout"):
                root.remove(old)
            root.append(draw(forged_xml_layout()))
        elif op == "version":
            root.set("version", draw(st.sampled_from(["1", "01", "١", "²", "1.0", "true", "", " 1", "2"])))
        elif op in ("number", "date"):  # a number or a date, wherever one is, spelled otherwise
            holds = _is_number_text if op == "number" else _is_date
            found = [e for e in elements if e.text is not None and holds(e.text)]
            if found:
                draw(st.sampled_from(found)).text = draw(st.sampled_from(NUMBER_TEXTS if op == "number" else DATES))
    declaration = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>\n', ""]))
    return declaration + ET.tostring(root, encoding="unicode")
