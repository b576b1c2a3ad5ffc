"""Archives on Dask: read_archive from fsspec filesystems, on one process and on a cluster."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsformat as nf

from .test_arrow import SAMPLE, _records

pytest.importorskip("dask.bag")
fsspec = pytest.importorskip("fsspec")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from newsformat.dask import read_archive, to_dataframe  # noqa: E402  (after the skips: dask is an extra)


def _sample_files(prefix: str) -> dict[str, bytes]:
    """The sample archive's files, by their path under ``prefix`` on another filesystem."""
    return {
        f"{prefix}/{path.relative_to(SAMPLE).as_posix()}": path.read_bytes()
        for path in sorted(SAMPLE.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def memory_sample() -> Iterator[str]:
    """A copy of the sample archive on fsspec's memory filesystem, with a note that is no page."""
    fs = fsspec.filesystem("memory")
    files = _sample_files("/nf-sample")
    files["/nf-sample/README.md"] = b"# Notes\n\nNot a page of the archive.\n"
    fs.pipe(files)
    yield "memory://nf-sample"
    fs.rm("/nf-sample", recursive=True)


def test_memory_copy_gives_the_records_of_the_folder(memory_sample: str) -> None:
    """read_archive over a memory:// copy of the sample gives what loading each page gives."""
    bag = read_archive(memory_sample, files_per_partition=4)
    assert bag.npartitions == 3  # nine pages and the README, four files a task
    assert bag.compute(scheduler="sync") == _records(SAMPLE)


def test_local_folders_by_path_and_file_url() -> None:
    """A local path and a file:// URL read the same records."""
    expected = _records(SAMPLE)
    assert read_archive(str(SAMPLE)).compute(scheduler="sync") == expected
    assert read_archive(SAMPLE.as_uri()).compute(scheduler="sync") == expected


def test_one_file() -> None:
    """A file's URL gives a bag of its one record."""
    page = SAMPLE / "zh" / "news" / "2011" / "11" / "1" / "index.md"
    assert read_archive(page.as_uri()).compute(scheduler="sync") == [nf.load(page)]


def test_missing_folder_is_an_error() -> None:
    """A folder that is not there is said so at once, not read as an empty archive."""
    with pytest.raises(nf.NewsformatError, match=r"^memory:///no-such-archive: no such folder or file$"):
        read_archive("memory://no-such-archive")


def test_empty_folder_gives_an_empty_bag() -> None:
    """A folder with no pages gives a bag of nothing."""
    fs = fsspec.filesystem("memory")
    fs.pipe("/nf-empty/notes.txt", b"nothing")
    try:
        assert read_archive("memory://nf-empty").compute(scheduler="sync") == []
    finally:
        fs.rm("/nf-empty", recursive=True)


def test_a_bad_page_raises_naming_its_url(memory_sample: str) -> None:
    """A page that cannot be read raises its ParseError, with the file's URL, line and column."""
    fs = fsspec.filesystem("memory")
    fs.pipe("/nf-sample/en/news/2011/11/2/broken.json", b'{"kind": "event", "version": 1, "date": 3}')
    with pytest.raises(nf.ParseError) as caught:
        read_archive(memory_sample).compute(scheduler="sync")
    assert caught.value.path == "memory:///nf-sample/en/news/2011/11/2/broken.json"
    assert str(caught.value).endswith("@ $.date (at line 1, column 41)")


def test_bad_partition_size_is_refused() -> None:
    """A task reads at least one file."""
    with pytest.raises(ValueError, match="Expected at least 1 file per partition, not 0"):
        read_archive(str(SAMPLE), files_per_partition=0)


def test_dataframe_has_one_row_per_event_in_the_arrow_schema(memory_sample: str) -> None:
    """to_dataframe gives the events' rows, each column the Arrow type of newsformat.arrow.schema."""
    bag = read_archive(memory_sample, files_per_partition=4)
    frame = to_dataframe(bag, skip_non_events=True)
    events = [r for r in _records(SAMPLE) if isinstance(r, nf.Event)]
    expected = nf.to_arrow(events).to_pandas(types_mapper=pd.ArrowDtype)
    assert dict(frame.dtypes) == dict(expected.dtypes)
    got = frame.compute(scheduler="sync")
    assert got.reset_index(drop=True).equals(expected)
    with pytest.raises(TypeError, match="pass skip_non_events=True"):
        to_dataframe(bag).compute(scheduler="sync")


def test_on_a_local_cluster() -> None:
    """On two worker processes, the bag and the DataFrame are what one process computes.

    Each process has its own memory filesystem: the copy is made on the workers too.
    """
    distributed = pytest.importorskip("distributed")
    fs = fsspec.filesystem("memory")
    files = _sample_files("/nf-cluster")
    fs.pipe(files)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    try:
        with cluster, distributed.Client(cluster) as client:
            client.run(fs.pipe, files)
            bag = read_archive("memory://nf-cluster", files_per_partition=2)
            assert bag.compute() == _records(SAMPLE)
            frame = to_dataframe(bag, skip_non_events=True).compute()
            assert list(frame["slug"]) == [r.slug for r in _records(SAMPLE) if isinstance(r, nf.Event)]
    finally:
        fs.rm("/nf-cluster", recursive=True)


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without dask, importing newsformat.dask raises an ImportError that says which extra to install."""
    import importlib

    monkeypatch.delitem(sys.modules, "newsformat.dask")
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r'^newsformat.dask needs dask and fsspec: pip install "newsformat\[dask\]"$'):
        importlib.import_module("newsformat.dask")


def test_path_in_errors_is_the_url(tmp_path: Path) -> None:
    """Errors name the file by its URL on its filesystem."""
    (tmp_path / "news" / "2011" / "11" / "2").mkdir(parents=True)
    (tmp_path / "news" / "2011" / "11" / "2" / "x.md").write_bytes(b"\xff")
    with pytest.raises(nf.ParseError) as caught:
        read_archive(str(tmp_path)).compute(scheduler="sync")
    assert caught.value.path == (tmp_path / "news" / "2011" / "11" / "2" / "x.md").as_uri()
