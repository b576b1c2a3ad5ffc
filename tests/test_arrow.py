"""Events as Arrow tables and Parquet files: the schema, every value, streaming, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import newsformat as nf
from newsformat.errors import NotAPageError

from .conftest import CORPUS, DATA, read

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pd = pytest.importorskip("pandas")

from newsformat.arrow import schema, write_parquet  # noqa: E402  (after the skips: pyarrow is an extra)

SAMPLE = Path(nf.__file__).parent / "sample"
DOCS = Path(__file__).parent.parent / "docs"


def _records(root: Path) -> list[nf.Record]:
    """Every page under ``root`` by a plain sorted walk, leaving out files that are not pages."""
    found = []
    for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        if path.suffix in (".md", ".json", ".xml"):
            try:
                found.append(nf.load(path))
            except NotAPageError:
                continue
    return found


def _events(root: Path) -> list[nf.Event]:
    return [r for r in _records(root) if isinstance(r, nf.Event)]


def _record_of_row(row: dict[str, Any]) -> nf.Event:
    """The event a row holds, rebuilt through the JSON encoding: proof that the row lost nothing."""
    data: dict[str, Any] = {"kind": "event", "version": 2, "date": row["date"].isoformat(), "lang": row["lang"]}
    for name in ("slug", "category", "title", "body"):
        if row[name] is not None:
            data[name] = row[name]

    def item(fields: dict[str, Any]) -> dict[str, Any]:
        out = {k: v.isoformat() if k == "timestamp" else v for k, v in fields.items() if v is not None and v != []}
        if "layout" in out:
            out["layout"] = json.loads(out["layout"])
        return out

    for name in ("sources", "related", "changes"):
        data[name] = [item(fields) for fields in row[name]]
    if row["layout"] is not None:
        data["layout"] = json.loads(row["layout"])
    record = nf.from_dict({k: v for k, v in data.items() if v != []})
    assert isinstance(record, nf.Event)
    return record


def test_importing_newsformat_imports_neither_pyarrow_nor_dask() -> None:
    """`import newsformat` stays light: the extras load on first use."""
    code = (
        "import sys, newsformat; newsformat.to_arrow;"
        " print(sorted(m for m in ('pyarrow', 'dask', 'fsspec', 'pandas') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_missing_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pyarrow, to_arrow raises an ImportError that says which extra to install."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r'^newsformat.arrow needs pyarrow: pip install "newsformat\[arrow\]"$'):
        nf.to_arrow([])


def test_schema_is_fixed() -> None:
    """The columns, their types and which may be null: what docs/api.md documents."""
    text = pa.string()
    assert schema().names == [
        "date",
        "lang",
        "slug",
        "url",
        "category",
        "title",
        "body",
        "sources",
        "related",
        "changes",
        "layout",
    ]
    assert schema().field("date").type == pa.date32()
    assert [f.name for f in schema().field("changes").type.value_type] == [
        "title",
        "url",
        "label",
        "timestamp",
        "layout",
    ]
    assert schema().field("changes").type.value_type.field("timestamp").type == pa.timestamp("us")
    assert schema().field("related").type.value_type.field("contexts").type.value_type == text
    nullable = {f.name for f in schema() if f.nullable}
    assert nullable == {"slug", "url", "category", "body", "layout"}


def test_schema_is_the_documented_one() -> None:
    """docs/api.md's table of columns names each column with its Arrow type."""
    doc = (DOCS / "api.md").read_text(encoding="utf-8")
    for field in schema():
        assert f"| `{field.name}` | `{field.type}` |" in doc


@pytest.mark.parametrize("path", sorted((DATA / "valid").glob("*-event-*.md")), ids=lambda p: p.stem)
def test_a_row_holds_the_whole_event(path: Path) -> None:
    """Every value of a real event, its layout included, comes back from its row."""
    event = nf.load(path)
    assert isinstance(event, nf.Event)
    table = nf.to_arrow([event])
    assert table.schema == schema() and table.num_rows == 1
    (row,) = table.to_pylist()
    rebuilt = _record_of_row(row)
    assert rebuilt == event
    assert nf.to_dict(rebuilt) == nf.to_dict(event)  # the layouts of the page and of every item
    assert nf.dumps(rebuilt) == read(path)
    assert row["url"] == (None if event.url is None else str(event.url))


def test_one_row_per_event_in_order() -> None:
    """The sample archive's five events are five rows, in the order given."""
    events = _events(SAMPLE)
    table = nf.to_arrow(events)
    assert table.num_rows == len(events) == 5
    assert table.column("title").to_pylist() == [e.title for e in events]
    assert table.column("lang").to_pylist() == ["en", "en", "en", "zh", "zh"]


def test_changes_keep_their_timestamps() -> None:
    """A change's timestamp is an Arrow timestamp; a change without one holds null."""
    when = dt.datetime(2018, 3, 5, 21, 30, 7)
    event = nf.Event(
        dt.date(2018, 3, 5),
        "T",
        slug="t",
        changes=[nf.Change("Old", "/news/2018/03/5/old.md", "First version", when), nf.Change("T", "/x", "Update")],
    )
    (row,) = nf.to_arrow([event]).to_pylist()
    assert [c["timestamp"] for c in row["changes"]] == [when, None]
    assert _record_of_row(row) == event


def test_day_and_front_pages_are_refused_unless_skipped() -> None:
    """A day page has no row: an error that names it and the way to leave it out."""
    records = _records(SAMPLE)
    with pytest.raises(TypeError) as caught:
        nf.to_arrow(records)
    assert str(caught.value) == (
        "An events table has one row per event, not a DayIndex (the day page '/news/2011/11/2/index.md'):"
        " pass skip_non_events=True to leave day and front pages out"
    )
    with pytest.raises(TypeError, match=r"not a FrontPage \(the front page\)"):
        nf.to_arrow([nf.FrontPage(sections=[nf.Section("News")])])
    assert nf.to_arrow(records, skip_non_events=True).num_rows == 5


def test_empty_input_gives_an_empty_table() -> None:
    """No events, no rows, the same schema."""
    table = nf.to_arrow([])
    assert table.num_rows == 0 and table.schema == schema()


def test_parquet_reads_back_in_pandas(tmp_path: Path) -> None:
    """write_parquet writes one row per event, a row group per batch, and pandas reads it back."""
    events = _events(SAMPLE)
    target = tmp_path / "events.parquet"
    assert write_parquet(events, target, batch_size=2) == 5
    assert pq.ParquetFile(target).num_row_groups == 3
    assert pq.read_schema(target) == schema()
    frame = pd.read_parquet(target)
    assert len(frame) == 5
    assert list(frame["slug"]) == [e.slug for e in events]
    assert pq.read_table(target).equals(nf.to_arrow(events))
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]


def test_parquet_write_is_atomic(tmp_path: Path) -> None:
    """A failure part-way leaves an existing file as it was, and no temporary file behind."""
    target = tmp_path / "events.parquet"
    target.write_bytes(b"old")
    records = _records(SAMPLE)  # an event, then a day page: refused in the first batch
    with pytest.raises(TypeError):
        write_parquet(records, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]
    target.unlink()
    events = _events(SAMPLE)
    with pytest.raises(TypeError):
        write_parquet(
            [*events, nf.FrontPage(sections=[nf.Section("News")])], target, batch_size=2
        )  # after two row groups
    assert list(tmp_path.iterdir()) == []


def test_parquet_streams_in_batches(tmp_path: Path) -> None:
    """write_parquet holds about one batch of events at a time, however many it is given."""
    template = _events(SAMPLE)[0]
    alive: list[weakref.ref[nf.Event]] = []
    most = 0

    def stream() -> Iterator[nf.Event]:
        nonlocal most
        for i in range(200):
            event = attrs.evolve(template, slug=f"event-{i}")
            alive.append(weakref.ref(event))
            most = max(most, sum(ref() is not None for ref in alive))
            yield event

    assert write_parquet(stream(), tmp_path / "many.parquet", batch_size=16) == 200
    assert most == 16
    assert pq.ParquetFile(tmp_path / "many.parquet").num_row_groups == 13


def test_bad_batch_size_is_refused(tmp_path: Path) -> None:
    """A batch holds at least one event."""
    with pytest.raises(ValueError, match="Expected a batch size of at least 1, not 0"):
        write_parquet([], tmp_path / "x.parquet", batch_size=0)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_whole_corpus_to_parquet(tmp_path: Path) -> None:
    """Every event of the shared corpus is one row of a Parquet file pandas reads back, the
    same table to_arrow makes of them all at once."""
    records = _records(CORPUS)
    events = [r for r in records if isinstance(r, nf.Event)]
    target = tmp_path / "corpus.parquet"
    assert write_parquet(iter(records), target, skip_non_events=True) == len(events)
    frame = pd.read_parquet(target)
    assert len(frame) == len(events) > 4000
    assert list(frame["title"]) == [e.title for e in events]
    assert list(frame["lang"].value_counts().sort_index().index) == ["en", "zh"]
    assert pq.read_table(target).equals(nf.to_arrow(events))


def test_convert_to_parquet_writes_every_event_and_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`newsformat convert TREE --to parquet -o FILE`: one row per event; a bad file is named and
    the rest written (exit 1); day pages have no row; an existing file needs --force."""
    from newsformat.cli import main

    tree = tmp_path / "tree"
    shutil.copytree(SAMPLE, tree)
    broken = tree / "en" / "news" / "2011" / "11" / "2" / "broken.md"
    broken.write_text("### [2011-02-30](/news/2011/02/30/index.md)\n", encoding="utf-8")
    target = tmp_path / "events.parquet"
    assert main(["convert", str(tree), "--to", "parquet", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}: Invalid date '2011-02-30'" in err
    assert err.splitlines()[-1] == f"wrote 5 events to {target}, 1 failed"
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(target)
    assert len(frame) == 5 and set(frame["lang"]) == {"en", "zh"}
    assert main(["convert", str(SAMPLE), "--to", "parquet", "-o", str(target)]) == 1
    assert "The file exists (use --force to replace it)" in capsys.readouterr().err
    assert main(["convert", str(SAMPLE), "--to", "parquet"]) == 2
