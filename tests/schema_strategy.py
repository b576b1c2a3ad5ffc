"""Hypothesis strategies that draw documents from a JSON Schema: the schema is the source.

Only the keywords newsformat's schema uses are understood; any other keyword is an error, so
that a schema growing a new rule cannot be drawn from as if the rule were not there. What a
keyword says that a generator cannot build in (``not``, a second ``pattern``, ``oneOf``'s
"exactly one") is checked with jsonschema on what was drawn, so every value drawn is valid.

Patterns are read as ECMA 262 reads them in JSON Schema: ``^...$`` anchors the whole string
(Python's ``$`` would also let a final line break through, which the schema does not mean).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import jsonschema
from hypothesis import strategies as st

# Keywords that only describe. ``examples`` are also drawn now and then (see strategy()).
_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "examples"}
# Keywords this module builds values from; anything else in a schema is refused.
_UNDERSTOOD = {
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "type",
    "const",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "format",
    "minimum",
    "maximum",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
}
# A character class repeated, anchored: its length bounds can go into the repetition.
_STARRED_CLASS = re.compile(r"\^(\[(?:[^\]\\]|\\.)*\])\*\$")
MAX_ITEMS = 4  # lists and maps drawn are kept short, so that documents stay small and fast


class SchemaStrategies:
    """Strategies for the values a schema (draft 2020-12, local ``$ref`` only) accepts."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._validator = jsonschema.Draft202012Validator(schema)

    def documents(self) -> st.SearchStrategy[Any]:
        """Whole documents: what the root of the schema accepts."""
        return self.strategy(self.schema)

    def is_valid(self, value: Any, node: dict[str, Any]) -> bool:
        """Whether ``value`` is valid against ``node``, a part of the schema."""
        return bool(self._validator.evolve(schema=node).is_valid(value))

    def strategy(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        """The values ``node`` accepts."""
        unknown = set(node) - _UNDERSTOOD - _ANNOTATIONS
        if unknown:
            raise ValueError(f"Schema keywords this strategy does not understand: {sorted(unknown)}")
        parts = self._flatten(node)
        negations = [p.pop("not") for p in parts if "not" in p]
        base = self._choice(parts) if any("oneOf" in p or "anyOf" in p for p in parts) else self._merged(parts)
        for negation in negations:
            base = base.filter(lambda v, n=negation: not self.is_valid(v, n))
        examples = self._examples(node)
        if examples:  # values as real documents have them ("en"), which patterns seldom give
            base = st.sampled_from(examples).filter(lambda v: self.is_valid(v, node)) | base
        return base

    def _flatten(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """``node`` as the list of plain parts its ``$ref`` and ``allOf`` make it the conjunction of."""
        own = {k: v for k, v in node.items() if k not in ("$ref", "allOf") and k not in _ANNOTATIONS}
        parts = [own] if own else []
        if "$ref" in node:
            parts += self._flatten(self._deref(node["$ref"]))
        for sub in node.get("allOf", []):
            parts += self._flatten(sub)
        return parts

    def _examples(self, node: dict[str, Any]) -> list[Any]:
        """The ``examples`` of ``node`` and of what its ``$ref`` and ``allOf`` point to."""
        found = list(node.get("examples", ()))
        if "$ref" in node:
            found += self._examples(self._deref(node["$ref"]))
        for sub in node.get("allOf", []):
            found += self._examples(sub)
        return found

    def _deref(self, ref: str) -> dict[str, Any]:
        if not ref.startswith("#/"):
            raise ValueError(f"Only local references are understood, not {ref!r}")
        target: Any = self.schema
        for step in ref[2:].split("/"):
            target = target[step]
        return target  # type: ignore[no-any-return]

    def _choice(self, parts: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
        (part,) = [p for p in parts if "oneOf" in p or "anyOf" in p]
        rest = [p for p in parts if p is not part]
        branches = part.get("oneOf") or part["anyOf"]
        drawn = st.one_of([self.strategy({"allOf": [branch, *rest]}) for branch in branches])
        if "oneOf" in part:  # exactly one branch, as the keyword says
            drawn = drawn.filter(lambda v: sum(self.is_valid(v, b) for b in branches) == 1)
        return drawn

    def _merged(self, parts: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
        merged: dict[str, Any] = {}
        patterns: list[str] = []
        for part in parts:
            for key, value in part.items():
                if key == "pattern":
                    patterns.append(value)
                elif key in merged and merged[key] != value:
                    raise ValueError(f"Conflicting {key!r} in an allOf: {merged[key]!r} and {value!r}")
                else:
                    merged[key] = value
        if "const" in merged:
            return st.just(merged["const"]).filter(lambda v: all(self.is_valid(v, p) for p in parts))
        if "enum" in merged:
            return st.sampled_from(merged["enum"]).filter(lambda v: all(self.is_valid(v, p) for p in parts))
        kind = merged.get("type")
        if kind == "string":
            return _strings(merged, patterns)
        if kind == "integer":
            return st.integers(merged.get("minimum"), merged.get("maximum"))
        if kind == "boolean":
            return st.booleans()
        if kind == "object":
            return self._objects(merged)
        if kind == "array":
            return self._arrays(merged)
        raise ValueError(f"Cannot draw from a schema part without a type, const or enum: {merged}")

    def _objects(self, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties = node.get("properties", {})
        required = set(node.get("required", ()))
        extra = node.get("additionalProperties", True)
        if extra is not False and properties:
            raise ValueError("Objects with both named and other properties are not understood")
        if properties:
            return st.fixed_dictionaries(
                {k: self.strategy(v) for k, v in properties.items() if k in required},
                optional={k: self.strategy(v) for k, v in properties.items() if k not in required},
            )
        keys = self.strategy(node.get("propertyNames", {"type": "string"}))
        values = self.strategy(extra) if isinstance(extra, dict) else _any_json
        return st.dictionaries(keys, values, max_size=MAX_ITEMS)

    def _arrays(self, node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
        low, high = node.get("minItems", 0), node.get("maxItems", MAX_ITEMS)
        prefix = node.get("prefixItems", [])
        if prefix:
            if not low == high == len(prefix):
                raise ValueError("Only prefixItems of a fixed length are understood")
            return st.tuples(*[self.strategy(p) for p in prefix]).map(list)
        items = self.strategy(node.get("items", {}))
        unique = _canonical if node.get("uniqueItems") else None
        return st.lists(items, min_size=low, max_size=max(low, min(high, MAX_ITEMS)), unique_by=unique)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


_any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _strings(node: dict[str, Any], patterns: list[str]) -> st.SearchStrategy[str]:
    low, high = node.get("minLength", 0), node.get("maxLength")
    if not patterns:
        return st.text(min_size=low, max_size=high)
    first, *others = patterns
    starred = _STARRED_CLASS.fullmatch(first)
    if starred is not None:  # the bounds go into the repetition, rather than filtering
        regex = f"{starred[1]}{{{low},{'' if high is None else high}}}"
        drawn = st.from_regex(regex, fullmatch=True)
    else:
        drawn = st.from_regex(_unanchored(first), fullmatch=True)
        drawn = drawn.filter(lambda s: low <= len(s) and (high is None or len(s) <= high))
    if node.get("format") == "date":  # also well-formed dates, which a pattern alone seldom gives
        drawn = drawn | st.dates().map(dt.date.isoformat).filter(re.compile(_unanchored(first)).fullmatch)
    for pattern in others:
        drawn = drawn.filter(re.compile(_unanchored(pattern)).fullmatch)
    return drawn


def _unanchored(pattern: str) -> str:
    """A pattern anchored at both ends (``^...$``) as a pattern for a full match."""
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        raise ValueError(f"Only patterns anchored at both ends are understood, not {pattern!r}")
    return pattern[1:-1]
