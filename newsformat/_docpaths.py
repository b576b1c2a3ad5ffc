"""Paths to a value inside a document (``$.sources[0].url``): the failure a path leads to,
and the steps a path is made of.

The codecs name the place of a bad value by its path, and find its line and column by
following the path's steps through the text.
"""

from __future__ import annotations

import re
from typing import Final

import cattrs
from cattrs.errors import IterableValidationNote

from .errors import FieldValueError

__all__ = ("explain", "path_steps")


def explain(exc: BaseException) -> tuple[str, str]:
    """A structuring failure as one sentence and the path of the value it is about."""
    cause, name, where = _first_failure(exc, None, "$")
    return _sentence(_describe(cause, name)), where


def _first_failure(exc: BaseException, name: str | None, where: str) -> tuple[BaseException, str | None, str]:
    """The first leaf failure inside cattrs' nested validation errors, with the name of the
    field it is in and the path to it (``$.sources[0].url``)."""
    if isinstance(exc, (cattrs.ClassValidationError, cattrs.IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, IterableValidationNote):
                return _first_failure(inner, f"item of {name}" if name else "item", f"{where}[{note.index}]")
            return _first_failure(inner, note.name, f"{where}.{note.name}")
        for inner in without:
            return _first_failure(inner, None, where)
    if isinstance(exc, FieldValueError):
        # Raised by the record's own validators: the path ends at the record, the field is named.
        return exc, exc.field, f"{where}.{exc.field}"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        first = min(exc.extra_fields)
        # A name that a path cannot spell ("a b", "la\ng") leaves the path at the object.
        return exc, None, f"{where}.{first}" if _is_step_name(first) else where
    return exc, name, where


def _describe(exc: BaseException, name: str | None) -> str:
    """One failure in words: what was wrong and, for a value, which field it is in."""
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        names = ", ".join(n if _is_step_name(n) else repr(n) for n in sorted(exc.extra_fields))
        return f"unknown field{'s' if len(exc.extra_fields) > 1 else ''} {names}"
    if isinstance(exc, KeyError):
        return "required field missing"
    reason = exc.reason if isinstance(exc, FieldValueError) else str(exc)
    return f"invalid {name}: {reason}" if name else reason


def _sentence(msg: str) -> str:
    return msg[:1].upper() + msg[1:]


_STEP: Final = re.compile(r"\.(\w+)|\[(\d+)\]")
_STEP_NAME: Final = re.compile(r"\w+")


def _is_step_name(name: str) -> bool:
    """Whether ``name`` can be a step of a path as :func:`path_steps` reads it."""
    return _STEP_NAME.fullmatch(name) is not None


def path_steps(where: str) -> list[str | int] | None:
    """The steps of a path such as ``$.sources[0].url``: ``["sources", 0, "url"]``; None if
    the path is not made of plain names and indexes."""
    if not where.startswith("$"):
        return None
    steps: list[str | int] = []
    pos = 1
    while pos < len(where):
        match = _STEP.match(where, pos)
        if match is None:
            return None
        name, index = match.groups()
        steps.append(name if name is not None else int(index))
        pos = match.end()
    return steps
