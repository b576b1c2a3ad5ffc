"""The rules a record's fields hold to: one-line text, links, dates, editions.

Every value a record accepts is one every format can write and read back equal (see
docs/format.md, "What a record can hold"); these validators refuse the rest with a
:class:`~newsformat.errors.FieldValueError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ._text import INVALID_CHAR
from .errors import FieldValueError
from .links import EDITIONS, ArchiveURL, as_link

_invalid_char: Final = INVALID_CHAR.search
# A link is written between '(' and ')' and followed by ' _note_' or ' [IMG](...)' on the same
# line: white space in it would make the line ambiguous, and URLs never hold any.
_LINK_BREAKER: Final = re.compile(r"\s|" + INVALID_CHAR.pattern)


def _refuse_text(name: str, value: object, *, empty_ok: bool) -> None:
    """Raise the error that says why ``value`` cannot be the text of field ``name``."""
    if not isinstance(value, str):
        raise FieldValueError(name, f"must be a str, not {type(value).__name__}")
    bad = _invalid_char(value)
    if bad is not None:
        raise FieldValueError(name, f"holds a character no value may hold: {bad.group()!r} at {bad.start()}")
    if value != value.strip(" "):
        raise FieldValueError(name, f"must not start or end with a space: {value!r}")
    if not value and not empty_ok:
        raise FieldValueError(name, "must not be empty")


def is_clean_text(value: Any) -> bool:
    """Whether ``value`` is text a field may hold, empty or not (no line break, no character
    XML cannot carry, no padding spaces)."""
    return value.__class__ is str and _invalid_char(value) is None and value.strip(" ") == value


def check_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A one-line text that may be empty: no line break, no character XML cannot carry, no padding."""
    if value.__class__ is str and _invalid_char(value) is None and value.strip(" ") == value:
        return  # the common case, in as few steps as it can be told
    _refuse_text(attribute.name, value, empty_ok=True)


def check_nonempty(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is str and value and _invalid_char(value) is None and value.strip(" ") == value:
        return
    _refuse_text(attribute.name, value, empty_ok=False)


def check_optional(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_nonempty(inst, attribute, value)


def check_texts(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for item in value:
        check_nonempty(inst, attribute, item)


def check_url(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is ArchiveURL:
        return
    if not isinstance(value, str):
        raise FieldValueError(attribute.name, f"must be an ArchiveURL or str, not {type(value).__name__}")
    bad = _LINK_BREAKER.search(value)
    if bad is not None:
        raise FieldValueError(
            attribute.name, f"must not hold white space or control characters: {bad.group()!r} at {bad.start()}"
        )


def is_clean_link(text: str) -> bool:
    """Whether ``text`` may stand as a link that is not an archive URL: no white space, no
    character no value may hold."""
    return _LINK_BREAKER.search(text) is None


def check_optional_url(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_url(inst, attribute, value)


def check_image(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_url(inst, attribute, value)
        if not value:
            raise FieldValueError(attribute.name, "must not be empty (None for no image)")


def check_lang(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in EDITIONS or value.__class__ is not str:
        raise FieldValueError("lang", f"must be one of the archive's editions {', '.join(EDITIONS)}, not {value!r}")


def check_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value.__class__ is not dt.date:
        raise FieldValueError(attribute.name, f"must be a datetime.date, not {type(value).__name__}")


def check_timestamp(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if value.__class__ is not dt.datetime:
        raise FieldValueError(attribute.name, f"must be a datetime.datetime or None, not {type(value).__name__}")
    if value.tzinfo is not None or value.microsecond:
        # Pages write "2018-02-06 13:49:22": no offset, no fraction.
        raise FieldValueError(attribute.name, f"must be a naive date-time in whole seconds, not {value.isoformat()}")


def to_link(value: Any) -> Any:
    return as_link(value) if value.__class__ is str else value


def to_optional_link(value: Any) -> Any:
    return None if value is None else to_link(value)


def to_tuple(name: str) -> Any:
    def convert(items: Any) -> tuple[Any, ...]:
        if items.__class__ is tuple:
            return items
        if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
            raise FieldValueError(name, f"must be a sequence, not {type(items).__name__}")
        return tuple(items)

    return convert


def instances_of(kind: type) -> Any:
    def check(inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for item in value:
            if item.__class__ is not kind:
                raise FieldValueError(attribute.name, f"must hold {kind.__name__} items, not {type(item).__name__}")

    return check


def items_field(name: str, kind: type) -> Any:
    return attrs.field(default=(), converter=to_tuple(name), validator=instances_of(kind))


def texts_field(name: str) -> Any:
    return attrs.field(default=(), converter=to_tuple(name), validator=check_texts)
