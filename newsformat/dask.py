"""Whole archives on Dask, read from any fsspec filesystem (the ``dask`` extra).

:func:`read_archive` lists an archive's pages once, where it is called, and reads them on the
workers, so an archive in object storage (``s3://``, ``gs://``) is never copied to one machine.
:func:`to_dataframe` turns the records into a Dask DataFrame in the Arrow schema of
:func:`newsformat.arrow.schema`, one row per event.

Importing this module needs dask and fsspec; ``import newsformat`` imports neither.
"""

from __future__ import annotations

from typing import Any, Final

try:
    import dask.bag as db
    from dask.delayed import delayed
    from fsspec.core import url_to_fs
except ImportError as exc:  # pragma: no cover - the message is what matters, tested by hiding dask
    raise ImportError('newsformat.dask needs dask and fsspec: pip install "newsformat[dask]"') from exc

from .api import FORMATS, load_bytes
from .errors import NewsformatError, NotAPageError
from .model import Record

__all__ = ("read_archive", "to_dataframe", "FILES_PER_PARTITION")

FILES_PER_PARTITION: Final = 256
"""Files each task of :func:`read_archive` reads: about a second's work."""


def _pages(fs: Any, root: str) -> list[str]:
    """The pages under ``root`` (.md, .json, .xml), sorted by path; ``root`` itself when it is a file."""
    if fs.isfile(root):
        return [root]
    if not fs.isdir(root):
        raise NewsformatError(f"{fs.unstrip_protocol(root)}: no such folder or file")
    return sorted(path for path in fs.find(root) if path.rpartition(".")[2] in FORMATS)


def _load_all(paths: list[str], fs: Any) -> list[Record]:
    """Read the pages at ``paths`` on ``fs``, leaving out files that are not pages."""
    records = []
    for path in paths:
        try:
            records.append(load_bytes(fs.cat_file(path), fs.unstrip_protocol(path)))
        except NotAPageError:
            continue  # a folder's README or notes: no record
    return records


def read_archive(
    urlpath: str,
    storage_options: dict[str, Any] | None = None,
    *,
    files_per_partition: int = FILES_PER_PARTITION,
) -> db.Bag:
    """A Dask bag of the records of every page under ``urlpath``, in the order of their paths.

    Args:
        urlpath: A folder (or one file) on any fsspec filesystem: ``s3://bucket/archive``,
            ``gs://...``, ``memory://archive``, ``file:///srv/archive`` or a local path.
        storage_options: Passed to the filesystem (credentials, endpoints).
        files_per_partition: Files each task reads.

    Markdown, JSON and XML files are read as :func:`newsformat.load` reads them; what a path
    says of a Markdown page (edition, date, slug) is read from the file's path. Markdown files
    that are not pages (a folder's README) are left out. A file that cannot be read raises its
    error, naming the file, when the bag is computed.

    Raises:
        NewsformatError: ``urlpath`` does not exist.
    """
    if files_per_partition < 1:
        raise ValueError(f"Expected at least 1 file per partition, not {files_per_partition!r}")
    fs, root = url_to_fs(urlpath, **(storage_options or {}))
    paths = _pages(fs, root)
    # dask.bag's functions carry no type hints: the bag is typed where it is returned.
    if not paths:
        empty: db.Bag = db.from_sequence([], npartitions=1)  # type: ignore[no-untyped-call]
        return empty
    names: db.Bag = db.from_sequence(paths, partition_size=files_per_partition)  # type: ignore[no-untyped-call]
    bag: db.Bag = names.map_partitions(_load_all, fs)  # type: ignore[no-untyped-call]
    return bag


def _frame(records: list[Record], skip_non_events: bool) -> Any:
    import pandas as pd

    from .arrow import to_arrow

    return to_arrow(records, skip_non_events=skip_non_events).to_pandas(types_mapper=pd.ArrowDtype)


def to_dataframe(records: db.Bag, *, skip_non_events: bool = False) -> Any:
    """A Dask DataFrame of the events of a bag of records, one row per event, in the Arrow
    schema of :func:`newsformat.arrow.schema` (every column a ``pandas.ArrowDtype``).

    Raises:
        TypeError: When computed, for a day page or front page, unless ``skip_non_events``
            leaves them out.
    """
    import dask.dataframe as dd

    partitions = records.to_delayed()  # type: ignore[no-untyped-call]
    parts = [delayed(_frame)(part, skip_non_events) for part in partitions]
    return dd.from_delayed(parts, meta=_frame([], skip_non_events), verify_meta=True)
