"""Single edits of a page's record, and the check that writing the edited record changes only
the edited element's lines (list numbers aside).

Used by tests/test_edits.py on the fixtures and the corpus, and runnable on a whole tree to
measure the rate: ``python -m tests.edits ../shared/corpus``.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import attrs

import newsformat as nf
from newsformat.markdown import kind_of
from newsformat.markdown._lines import Page
from newsformat.markdown.day import scan_day
from newsformat.markdown.event import scan_event
from newsformat.markdown.front import scan_front

_NUMBER = re.compile(r"^[0-9]+\. \[")


class Edit(NamedTuple):
    """One edit: where (a list's path such as ``("related",)`` or ``("sections", 1, "entries")``),
    what (delete, insert, move, retitle) and at which index (and to which, for a move)."""

    path: tuple[Any, ...]
    action: str
    index: int
    to: int = 0

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path)
        return f"{self.action} {where}[{self.index}]" + (f" -> {self.to}" if self.action == "move" else "")


def _spans(text: str) -> dict[tuple[Any, ...], list[int]]:
    """For each list item of a page (by path and index), the positions of its elements; for
    each list, the position of its heading (key ``(*path, "heading")``)."""
    page = Page(text)
    spans: dict[tuple[Any, ...], list[int]] = {}
    kind = kind_of(page)
    if kind == "event":
        for section in scan_event(page).sections:
            spans[(section.key, "heading")] = [section.pos]
            for i, (pos, _, _) in enumerate(section.items):
                spans[(section.key, i)] = [pos]
    elif kind == "day":
        for i, entry in enumerate(scan_day(page).entries):
            spans[("entries", i)] = [p for p in (entry.category, entry.entry, entry.under) if p is not None]
    else:
        _, sections = scan_front(page)
        for i, section in enumerate(sections):
            own = [section.pos]
            for j, entry in enumerate(section.entries):
                lines = [p for p in (entry.category, entry.entry, entry.under) if p is not None]
                spans[("sections", i, "entries", j)] = lines
                own += lines
            if section.rule is not None:
                own.append(section.rule)
            spans[("sections", i)] = own
    return spans


def _list(record: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    node = record
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node  # type: ignore[no-any-return]


def _replace(record: Any, path: tuple[Any, ...], items: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        return attrs.evolve(record, **{path[0]: items})
    parent = _list(record, path[:1])
    index = path[1]
    child = _replace(parent[index], path[2:], items)
    return attrs.evolve(record, **{path[0]: (*parent[:index], child, *parent[index + 1 :])})


def _new_item(kind: type) -> Any:
    url = "/news/2020/01/1/an-inserted-event.md"
    return {
        nf.Source: lambda: nf.Source("An inserted source", "https://example.org/inserted"),
        nf.Related: lambda: nf.Related("An inserted event", url),
        nf.Change: lambda: nf.Change("An inserted event", url, "Update"),
        nf.Entry: lambda: nf.Entry("An inserted event", url),
        nf.Section: lambda: nf.Section("Inserted", url),
    }[kind]()


def _retitled(item: Any) -> Any:
    field = "name" if isinstance(item, nf.Source) else "label" if isinstance(item, nf.Section) else "title"
    return attrs.evolve(item, **{field: getattr(item, field) + " (edited)"})


_KINDS = {"sources": nf.Source, "related": nf.Related, "changes": nf.Change, "entries": nf.Entry}


def lists_of(record: nf.Record) -> list[tuple[Any, ...]]:
    """The paths of the record's lists that an edit can work on."""
    if isinstance(record, nf.Event):
        return [(key,) for key in ("sources", "related", "changes")]
    if isinstance(record, nf.DayIndex):
        return [("entries",)]
    paths: list[tuple[Any, ...]] = [("sections",)]
    for i, section in enumerate(record.sections):
        if section.entries:
            paths.append(("sections", i, "entries"))
    return paths


def apply(record: nf.Record, edit: Edit) -> nf.Record:
    items = _list(record, edit.path)
    i = edit.index
    if edit.action == "delete":
        changed = (*items[:i], *items[i + 1 :])
    elif edit.action == "insert":
        kind = type(items[0]) if items else _KINDS[edit.path[-1]]
        changed = (*items[:i], _new_item(kind), *items[i:])
    elif edit.action == "retitle":
        changed = (*items[:i], _retitled(items[i]), *items[i + 1 :])
    else:  # move
        rest = [*items[:i], *items[i + 1 :]]
        rest.insert(edit.to, items[i])
        changed = tuple(rest)
    return _replace(record, edit.path, changed)  # type: ignore[no-any-return]


def check(text: str, record: nf.Record, edit: Edit, written: str | None = None) -> str | None:
    """None when writing the edited record changes only the edited element's lines (list
    numbers aside, and blank lines next to the edit); else what else changed. ``written``
    stands for what the edited record writes, to test the check itself."""
    try:
        edited = apply(record, edit)
    except nf.NewsformatError:
        return None  # a front page cannot lose its last section: the record refuses it
    new = nf.dumps(edited) if written is None else written
    before, after = _spans(text), _spans(new)
    removed: set[int] = set()
    added: set[int] = set()
    key = (*edit.path, edit.index)
    if edit.action in ("delete", "retitle", "move"):
        removed |= set(before[key])
    if edit.action == "retitle":
        added |= set(after[key])
    if edit.action == "insert":
        added |= set(after[key])
    if edit.action == "move":
        added |= set(after[(*edit.path, edit.to)])
    old_items, new_items = _list(record, edit.path), _list(edited, edit.path)
    if old_items and not new_items and (*edit.path, "heading") in before:
        removed |= set(before[(*edit.path, "heading")])  # the list's heading goes with its last item
    if new_items and not old_items and (*edit.path, "heading") in after:
        added |= set(after[(*edit.path, "heading")])
    return _compare(Page(text), Page(new), removed, added)


def _compare(old: Page, new: Page, removed: set[int], added: set[int]) -> str | None:
    keep_old = [i for i in range(len(old.texts)) if i not in removed]
    keep_new = [j for j in range(len(new.texts)) if j not in added]
    if len(keep_old) != len(keep_new):
        return f"{len(keep_old)} other lines before the edit, {len(keep_new)} after"
    for i, j in zip(keep_old, keep_new, strict=True):
        if _NUMBER.sub("#. [", old.texts[i]) != _NUMBER.sub("#. [", new.texts[j]):
            return f"line {old.rows[i] + 1} changed: {old.texts[i]!r} -> {new.texts[j]!r}"
        next_to_edit = (i - 1 in removed) or (j - 1 in added) or i in removed or j in added
        if old.gaps[i] != new.gaps[j] and not next_to_edit:
            return f"blank lines before line {old.rows[i] + 1} changed: {old.gaps[i]} -> {new.gaps[j]}"
    last_old = len(old.texts) - 1 in removed
    last_new = len(new.texts) - 1 in added
    if (old.end_gap, old.final_newline) != (new.end_gap, new.final_newline) and not (last_old or last_new):
        return "the end of the page changed"
    return None


def edits_of(record: nf.Record, rng: random.Random) -> Iterator[Edit]:
    """A few edits of every kind on every list of the record, chosen with ``rng``."""
    for path in lists_of(record):
        n = len(_list(record, path))
        for action in ("delete", "insert", "retitle", "move"):
            if n == 0 and action != "insert":
                continue
            index = rng.randrange(n + 1 if action == "insert" else n)
            to = rng.randrange(n) if action == "move" else 0
            yield Edit(path, action, index, to)


def main(argv: list[str]) -> int:
    rng = random.Random(0)
    done = failed = 0
    for root in argv:
        for path in sorted(Path(root).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            try:
                record = nf.load(path)
            except nf.NotAPageError:
                continue
            for edit in edits_of(record, rng):
                problem = check(text, record, edit)
                done += 1
                if problem is not None:
                    failed += 1
                    if failed <= 10:
                        print(f"{path}: {edit}: {problem}")
    print(
        f"{done - failed} of {done} edits changed only the edited element ({100 * (done - failed) / max(done, 1):.2f}%)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
