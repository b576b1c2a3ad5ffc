"""Events as Arrow tables and Parquet files, for data frames (the ``arrow`` extra: pyarrow).

One row per event, in a fixed schema (:func:`schema`, documented in docs/api.md): the event's
fields as columns, its sources, related events and changes as lists of structs, and its
layout as the JSON text of the JSON encoding's ``layout``, so that a row holds everything its
page does. Day pages and front pages have no row: they are refused, or left out when asked.

pyarrow (and cattrs, for layouts) are imported on first use, never with newsformat.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any, Final

from .links import Link
from .model import DayIndex, Event, Layout, Record

__all__ = ("schema", "to_arrow", "write_parquet", "BATCH_SIZE")

BATCH_SIZE: Final = 1024
"""Events per record batch (and per Parquet row group): memory stays flat over any archive."""


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError('newsformat.arrow needs pyarrow: pip install "newsformat[arrow]"') from exc
    return pyarrow


@cache
def schema() -> Any:
    """The Arrow schema of an events table (a ``pyarrow.Schema``): one row per event.

    ``date`` (date32), ``lang``, ``slug`` and ``url`` (null while the slug is unknown),
    ``category``, ``title``, ``body``; ``sources`` as list<struct<name, url, image, layout>>,
    ``related`` as list<struct<title, url, contexts: list<string>, layout>>, ``changes`` as
    list<struct<title, url, label, timestamp: timestamp[us], layout>>; ``layout``, the JSON text
    of the page's layout (and in each struct, of the item's), null where it is canonical.
    """
    pa = _pyarrow()
    text = pa.string()

    def required(name: str, kind: Any) -> Any:
        return pa.field(name, kind, nullable=False)

    layout = pa.field("layout", text)
    sources = pa.struct([required("name", text), required("url", text), pa.field("image", text), layout])
    related = pa.struct(
        [required("title", text), required("url", text), required("contexts", pa.list_(required("item", text))), layout]
    )
    changes = pa.struct(
        [
            required("title", text),
            required("url", text),
            required("label", text),
            pa.field("timestamp", pa.timestamp("us")),
            layout,
        ]
    )
    return pa.schema(
        [
            required("date", pa.date32()),
            required("lang", text),
            pa.field("slug", text),
            pa.field("url", text),
            pa.field("category", text),
            required("title", text),
            pa.field("body", text),
            required("sources", pa.list_(required("item", sources))),
            required("related", pa.list_(required("item", related))),
            required("changes", pa.list_(required("item", changes))),
            pa.field("layout", text),
        ]
    )


def _link(link: Link) -> str:
    return str(link)


def _layout(layout: Layout) -> str | None:
    if not layout:
        return None
    from ._plain import unstructure_layout  # imported on first use: newsformat imports no cattrs

    return json.dumps(unstructure_layout(layout), ensure_ascii=False, separators=(",", ":"))


def _row(event: Event) -> dict[str, Any]:
    return {
        "date": event.date,
        "lang": event.lang,
        "slug": event.slug,
        "url": None if event.url is None else str(event.url),
        "category": event.category,
        "title": event.title,
        "body": event.body,
        "sources": [
            {"name": s.name, "url": s.url, "image": s.image, "layout": _layout(s.layout)} for s in event.sources
        ],
        "related": [
            {"title": r.title, "url": _link(r.url), "contexts": list(r.contexts), "layout": _layout(r.layout)}
            for r in event.related
        ],
        "changes": [
            {
                "title": c.title,
                "url": _link(c.url),
                "label": c.label,
                "timestamp": c.timestamp,
                "layout": _layout(c.layout),
            }
            for c in event.changes
        ],
        "layout": _layout(event.layout),
    }


def _name(record: Record) -> str:
    if isinstance(record, Event):
        return repr(str(record.url)) if record.url is not None else f"the event {record.title!r}"
    if isinstance(record, DayIndex):
        return f"the day page {str(record.url)!r}"
    return "the front page"


def _events(records: Iterable[Record], skip_non_events: bool) -> Iterator[Event]:
    for record in records:
        if isinstance(record, Event):
            yield record
        elif not skip_non_events:
            raise TypeError(
                f"An events table has one row per event, not a {type(record).__name__} ({_name(record)}):"
                " pass skip_non_events=True to leave day and front pages out"
            )


def _batches(records: Iterable[Record], skip_non_events: bool, batch_size: int) -> Iterator[Any]:
    pa = _pyarrow()
    events = _events(records, skip_non_events)
    while chunk := list(islice(events, batch_size)):
        batch = pa.RecordBatch.from_pylist([_row(event) for event in chunk], schema=schema())
        chunk.clear()  # hold one batch of events at a time, not two
        yield batch


def to_arrow(records: Iterable[Record], *, skip_non_events: bool = False) -> Any:
    """A ``pyarrow.Table`` of events in the schema of :func:`schema`, one row per event, in order.

    Raises:
        TypeError: A day page or front page, unless ``skip_non_events`` leaves them out.
        ImportError: pyarrow is not installed (the ``arrow`` extra).
    """
    pa = _pyarrow()
    return pa.Table.from_batches(list(_batches(records, skip_non_events, BATCH_SIZE)), schema=schema())


def write_parquet(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    *,
    skip_non_events: bool = False,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write events to a Parquet file at ``path``, in the schema of :func:`schema`; return the
    number of rows.

    ``records`` is read lazily, ``batch_size`` events at a time, each batch a row group: memory
    stays flat however many there are. The file is written atomically (a temporary file
    beside it, then a rename): a failure leaves no file, and an old one as it was.

    Raises:
        TypeError: A day page or front page, unless ``skip_non_events`` leaves them out.
        ImportError: pyarrow is not installed (the ``arrow`` extra).
    """
    if batch_size < 1:
        raise ValueError(f"Expected a batch size of at least 1, not {batch_size!r}")
    _pyarrow()
    import pyarrow.parquet as pq

    target = os.fspath(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target) or "."
    )
    os.close(fd)
    rows = 0
    try:
        with pq.ParquetWriter(tmp, schema()) as writer:
            for batch in _batches(records, skip_non_events, batch_size):
                writer.write_batch(batch)
                rows += batch.num_rows
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
    return rows
