"""Reading documents of version 1 of the JSON and XML encodings.

Version 1 kept a page's whole layout in one table keyed by list positions
(``"related[2].title"``); version 2 gives each list item a layout of its own, keyed by its
parts (``"title"``), so that the trivia of an item travels with it when a list is edited. A
version 1 document is read by moving each positional entry into the item it names.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ._types import JSONDict

__all__ = ("upgrade",)

# "related[2]", "sections[1].entries[0].title": a list, an index, and the rest of the anchor.
_POSITIONAL: Final = re.compile(r"([a-z]+)\[([0-9]+)\](?:\.(.+))?")
_TABLES: Final = ("gaps", "spellings", "padding")


def upgrade(plain: JSONDict) -> JSONDict:
    """The version 2 form of a version 1 document (a new dict; ``plain`` is left as it is).

    Entries whose anchor names no item of the document stay where they are, for the reader to
    refuse as unknown parts, with their path."""
    return _moved(plain)


def _moved(holder: JSONDict) -> JSONDict:
    layout = holder.get("layout")
    if not isinstance(layout, dict):
        return holder
    holder = dict(holder)
    kept: dict[str, Any] = {key: value for key, value in layout.items() if key not in (*_TABLES, "omit")}
    items: dict[tuple[str, int], dict[str, Any]] = {}

    def item_layout(name: str, index: int) -> dict[str, Any] | None:
        found = holder.get(name)
        if not isinstance(found, list) or index >= len(found) or not isinstance(found[index], dict):
            return None
        if "layout" in found[index]:
            return None  # version 1 items have no layout: left for the reader to refuse
        if (name, index) not in items:
            items[(name, index)] = {}
        return items[(name, index)]

    for table in _TABLES:
        entries = layout.get(table)
        if not isinstance(entries, dict):
            if table in layout:
                kept[table] = entries
            continue
        for anchor, value in entries.items():
            target = _target(anchor, item_layout)
            if target is None:
                kept.setdefault(table, {})[anchor] = value
            else:
                into, part = target
                into.setdefault(table, {})[part] = value
    omit = layout.get("omit")
    if isinstance(omit, list):
        for anchor in omit:
            target = _target(anchor, item_layout) if isinstance(anchor, str) else None
            if target is None:
                kept.setdefault("omit", []).append(anchor)
            else:
                target[0].setdefault("omit", []).append(target[1])
    elif "omit" in layout:
        kept["omit"] = omit
    for (name, index), part_layout in items.items():
        listed = holder[name] = list(holder[name])
        item = dict(listed[index])
        item["layout"] = part_layout
        listed[index] = _moved(item)  # a front page's section holds entries of its own
    holder["layout"] = kept
    return holder


def _target(anchor: str, item_layout: Any) -> tuple[dict[str, Any], str] | None:
    m = _POSITIONAL.fullmatch(anchor)
    if m is None:
        return None
    into = item_layout(m[1], int(m[2]))
    if into is None:
        return None
    # "related[2]" alone is the item's own line; "sections[1].entries[0].title" goes to the
    # section as "entries[0].title", and on to the entry when the section is upgraded in turn.
    return into, m[3] or "line"
