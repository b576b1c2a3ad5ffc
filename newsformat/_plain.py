"""Records <-> plain dicts, the shared middle of the JSON and XML codecs.

One cattrs converter of our own (never the global one). A plain document is a dict with
``kind`` ("event", "day", "front"), ``version`` and the record's fields; values are clean
(ISO dates, decoded text, links as their text); ``layout`` appears only when not empty, and
fields at their default (None, empty lists) are left out.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import cattrs
from cattrs.errors import IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._docpaths import explain
from ._jsonread import QUICK_ITEMS
from ._recent import Recent
from ._types import JSONDict
from ._v1 import upgrade
from .errors import ParseError
from .layout import interned
from .links import ArchiveURL, Link, as_link
from .model import RECORD_KINDS, Change, DayIndex, Entry, Event, FrontPage, Layout, Record, Related, Section, Source

__all__ = ("FORMAT_VERSION", "HugeNumber", "make_converter", "to_plain", "from_plain", "kind_name")

FORMAT_VERSION: Final = 2
"""The version of the JSON and XML encodings; bumped on any change readers must know of.
Version 1 documents (one position-keyed layout per page) are still read; see :mod:`._v1`."""

READ_VERSIONS: Final = (1, 2)

_KIND_NAMES: Final = {cls: name for name, cls in RECORD_KINDS.items()}
# Fields a user always sees, even at their default value.
_ALWAYS: Final = {"lang"}


# How dates and date-times must be written: ASCII digits in the extended ISO 8601 form the
# writers use. Python's fromisoformat alone also takes "20111119", "2011-W46-6" and other
# spellings, which would read as a date and never be written back the same way.
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME: Final = re.compile(
    r"""
    [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}   # date, 'T', time to the second
    (?:\.[0-9]{1,6})?                                     # an optional fraction, to microseconds
    (?:Z|[+-][0-9]{2}:[0-9]{2})?                          # an optional offset from UTC
    """,
    re.VERBOSE,
)


class HugeNumber:
    """A JSON number too long for Python to read as an int (more than 4,300 digits).

    The JSON reader puts one in the document's place so that the field holding it is refused
    by name and position, like any other value of the wrong type."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


def _what(value: Any) -> str:
    """The type of a document value, in words for an error message."""
    return repr(value) if isinstance(value, HugeNumber) else type(value).__name__


def _structure_date(value: Any, _: type) -> dt.date:
    if not isinstance(value, str):
        raise TypeError(f"expected a date written YYYY-MM-DD, not {_what(value)}")
    if _DATE.fullmatch(value) is None:
        raise ValueError(f"expected a date written YYYY-MM-DD, found {value[:40]!r}")
    return dt.date.fromisoformat(value)


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected a date-time written YYYY-MM-DDTHH:MM:SS, not {_what(value)}")
    if _DATETIME.fullmatch(value) is None:
        raise ValueError(f"expected a date-time written YYYY-MM-DDTHH:MM:SS, found {value[:40]!r}")
    return dt.datetime.fromisoformat(value)


def _structure_link(value: Any, _: type) -> Link:
    if not isinstance(value, str):
        raise TypeError(f"expected a link string, not {_what(value)}")
    return as_link(value)


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {_what(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if value.__class__ is not int:  # not a bool, a float such as 1.0, or a huge number
        raise TypeError(f"expected an integer, not {_what(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, not {_what(value)}")
    return value


def _is_tuple_of_items(hint: Any) -> bool:
    args = typing.get_args(hint)
    return typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], tuple[Any, ...]]]:
    """The one rule both converters follow for a list field: a JSON array, and nothing else.

    cattrs' own hook takes any iterable apart, so a str or an object would become a tuple of
    its characters or keys; both converters use this hook instead, so that they accept exactly
    the same documents. The detailed converter also says which item failed."""

    def factory(hint: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        item_type = typing.get_args(hint)[0]
        structure_item = converter.get_structure_hook(item_type)

        def quick(value: Any, _: Any) -> tuple[Any, ...]:
            if value.__class__ is not list:
                raise TypeError(f"expected an array, not {_what(value)}")
            return tuple([structure_item(item, item_type) for item in value])

        def detailed(value: Any, _: Any) -> tuple[Any, ...]:
            if value.__class__ is not list:
                raise TypeError(f"expected an array, not {_what(value)}")
            items, errors = [], []
            for index, item in enumerate(value):
                try:
                    items.append(structure_item(item, item_type))
                except Exception as exc:  # gathered and reported with the item's index
                    note = IterableValidationNote(f"Structuring {hint} @ index {index}", index, item_type)
                    # cattrs reads its notes from __notes__ (objects, which add_note refuses);
                    # set by name, as the typeshed of Python 3.10 has no such attribute.
                    setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010
                    errors.append(exc)
            if errors:
                raise cattrs.IterableValidationError(f"While structuring {hint!r}", errors, hint)
            return tuple(items)

        return detailed if converter.detailed_validation else quick

    return factory


def unstructure_layout(layout: Layout) -> JSONDict:
    """A layout as the JSON encoding writes it (an empty dict for a canonical one)."""
    plain: JSONDict = {}
    if layout.gaps:
        plain["gaps"] = dict(layout.gaps)
    if layout.spellings:
        plain["spellings"] = dict(layout.spellings)
    if layout.padding:
        plain["padding"] = {anchor: [before, after] for anchor, before, after in layout.padding}
    if layout.omit:
        plain["omit"] = list(layout.omit)
    if layout.order:
        plain["order"] = list(layout.order)
    if not layout.final_newline:
        plain["final_newline"] = False
    return plain


def _structure_layout(value: Any, _: type) -> Layout:
    """A layout from its plain form; layouts repeat (a related title's padding is on thousands
    of items), so each distinct one is checked once and shared."""
    try:
        key = _layout_key(value)
        found = _READ_LAYOUTS.get(key)
    except TypeError:  # not the shape a writer writes (or unhashable): read in full, which words it
        return _structure_layout_in_full(value)
    return found if found is not None else _READ_LAYOUTS.keep(key, interned(_structure_layout_in_full(value)))


def _layout_key(value: Any) -> tuple[Any, ...]:
    """A flat, hashable key holding all of a plain layout: equal keys, equal layouts. Values
    other than strings carry their type, so that ``true`` is not taken for ``1``."""
    if value.__class__ is not dict:
        raise TypeError
    key: list[Any] = []
    for name, entry in value.items():
        key.append(name)
        cls = entry.__class__
        if cls is dict:
            for part, item in entry.items():
                key.append(part)
                kind = item.__class__
                key.append(tuple(item) if kind is list else item if kind is str else (kind, item))
            key.append(None)  # the end of the map
        else:
            key.append(tuple(entry) if cls is list else (cls, entry))
    return tuple(key)


_READ_LAYOUTS: Recent[tuple[Any, ...], Layout] = Recent(1 << 10)


def _structure_layout_in_full(value: Any) -> Layout:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, not {type(value).__name__}")
    unknown = set(value) - {"gaps", "spellings", "padding", "omit", "order", "final_newline"}
    if unknown:
        raise cattrs.ForbiddenExtraKeysError("", Layout, unknown)
    gaps = {str(k): _structure_int(v, int) for k, v in _mapping(value.get("gaps", {})).items()}
    if any(n < 0 for n in gaps.values()):
        raise ValueError("a gap must not be negative")
    spellings = {str(k): _structure_str(v, str) for k, v in _mapping(value.get("spellings", {})).items()}
    padding = []
    for anchor, pair in _mapping(value.get("padding", {})).items():
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and not p.strip(" ") for p in pair)
        ):
            raise ValueError(f"padding of {anchor!r} must be two strings of spaces")
        padding.append((anchor, pair[0], pair[1]))
    return Layout(
        gaps=gaps,
        spellings=spellings,
        padding=tuple(padding),
        omit=tuple(_structure_str(v, str) for v in _sequence(value.get("omit", []))),
        order=tuple(_structure_str(v, str) for v in _sequence(value.get("order", []))),
        final_newline=_structure_bool(value.get("final_newline", True), bool),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, not {_what(value)}")
    return value


def _sequence(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected an array, not {_what(value)}")
    return value


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` newsformat's records: simple types first, then the records."""
    # Before the records' hooks, which are generated with the hooks of their fields built in.
    converter.register_structure_hook_factory(_is_tuple_of_items, _tuple_hook_factory(converter))
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(ArchiveURL, str)
    converter.register_structure_hook(Link, _structure_link)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_unstructure_hook(Layout, unstructure_layout)
    converter.register_structure_hook(Layout, _structure_layout)
    for cls in (Source, Related, Change, Entry, Section, Event, DayIndex, FrontPage):
        overrides: dict[str, Any] = {
            a.name: override(omit_if_default=False) for a in attrs.fields(cls) if a.name in _ALWAYS
        }
        converter.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **overrides)
        )
        structure = _objects_only(make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True))
        if cls in QUICK_ITEMS and not converter.detailed_validation:
            structure = _quickly(QUICK_ITEMS[cls], structure)
        converter.register_structure_hook(cls, structure)


def _quickly(quick: Callable[[dict[str, Any], Callable[[Any], Layout]], Any], usual: Callable[[Any, Any], Any]) -> Any:
    """``usual``, after the quick maker of a list item has had its go (see :mod:`._jsonread`)."""

    def structure(value: Any, cls: Any) -> Any:
        made = quick(value, _layout_of) if value.__class__ is dict else None
        return made if made is not None else usual(value, cls)

    return structure


def _layout_of(value: Any) -> Layout:
    return _structure_layout(value, Layout)


def _objects_only(structure: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``structure`` for JSON objects only: anything else is refused in words, where cattrs
    would say "'str' object has no attribute 'keys'"."""

    def objects_only(value: Any, cls: Any) -> Any:
        if value.__class__ is not dict:
            raise TypeError(f"expected an object, not {_what(value)}")
        return structure(value, cls)

    return objects_only


def make_converter() -> cattrs.Converter:
    """A new converter set up for newsformat's records, detailed validation on."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(converter)
    return converter


def _make_quick_converter() -> cattrs.Converter:
    """The converter most documents take: no detailed validation. A document it refuses is
    structured again by the detailed converter, which says what is wrong and where; so only
    wrong documents pay for the detail. Both follow the same hooks, so they accept the same
    documents (tests/test_schema.py checks that they agree)."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=False)
    configure_converter(converter)
    return converter


_CONVERTER: Final = make_converter()
_QUICK: Final = _make_quick_converter()


def kind_name(record: Record) -> str:
    """ "event", "day" or "front"."""
    try:
        return _KIND_NAMES[type(record)]
    except KeyError:
        raise TypeError(f"Expected an Event, DayIndex or FrontPage, not {type(record).__name__}") from None


def to_plain(record: Record) -> JSONDict:
    """The plain document of a record: kind, version, then its fields."""
    plain: JSONDict = {"kind": kind_name(record), "version": FORMAT_VERSION}
    plain.update(_CONVERTER.unstructure(record))
    if plain.get("layout") == {}:
        del plain["layout"]
    return plain


def from_plain(plain: Any, doc: str = "") -> Record:
    """The record of a plain document; ParseError naming the path of a bad value."""
    if not isinstance(plain, Mapping):
        raise ParseError(f"Expected an object, found {type(plain).__name__}", doc, where="$")
    kind: Any = plain.get("kind")
    if not isinstance(kind, str) or kind not in RECORD_KINDS:
        raise ParseError(
            f"Expected 'kind' to be one of {', '.join(map(repr, RECORD_KINDS))}, found {kind!r}", doc, where="$.kind"
        )
    version = plain.get("version")
    if version.__class__ is not int or version not in READ_VERSIONS:  # not true, 1.0 or "1"
        if version is None:
            msg = f"Expected the format version: this newsformat reads versions 1 and {FORMAT_VERSION}"
        else:
            shown = ("false", "true")[version] if isinstance(version, bool) else repr(version)
            msg = f"Unsupported format version {shown}: this newsformat reads versions 1 and {FORMAT_VERSION}"
        raise ParseError(msg, doc, where="$.version")
    if version == 1:
        plain = upgrade(dict(plain))
    fields = {k: v for k, v in plain.items() if k not in ("kind", "version")}
    cls = RECORD_KINDS[kind]
    try:
        return _QUICK.structure(fields, cls)
    except Exception:  # whatever it was, the detailed pass words it
        return _structure_in_detail(fields, cls, doc)


def _structure_in_detail(fields: Mapping[str, Any], cls: type, doc: str) -> Record:
    """Structure a document the quick converter refused, to say what is wrong and where.

    The two converters share their hooks and so agree (tests/test_schema.py checks it on
    every document it draws); should they ever not, the detailed pass's answer stands."""
    try:
        return _CONVERTER.structure(fields, cls)
    except Exception as exc:  # a hook or a record's validator refusing a value of the document
        message, where = explain(exc)
        raise ParseError(message, doc, where=where) from None
