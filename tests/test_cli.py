"""The command line, through main([...]): convert, validate, slug, schema."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

import newsformat as nf
from newsformat import _files as disk
from newsformat import tree as convert_module
from newsformat.cli import main, sample_archive

from .conftest import DATA, read


def _tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(sample_archive(), src)
    return src


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_convert_tree_there_and_back(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A tree converted to JSON/XML and back to Markdown is the same tree, byte for byte."""
    src = _tree(tmp_path)
    assert main(["convert", str(src), "--to", fmt, "-o", str(tmp_path / fmt)]) == 0
    assert (tmp_path / fmt / "en/news/2011/11/2/index").with_suffix("." + fmt).is_file()
    assert main(["convert", str(tmp_path / fmt), "--to", "md", "-o", str(tmp_path / "back")]) == 0
    assert _files(tmp_path / "back") == _files(src)
    assert "converted 9 files, 0 failed" in capsys.readouterr().err


def test_convert_jsonl_and_rebuild(tmp_path: Path) -> None:
    """--to jsonl writes one record per line; converting it to md rebuilds the tree."""
    src = _tree(tmp_path)
    out = tmp_path / "all.jsonl"
    assert main(["convert", str(src), "--to", "jsonl", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9 and all(set(json.loads(line)) == {"path", "record"} for line in lines)
    assert main(["convert", str(out), "--to", "md", "-o", str(tmp_path / "tree")]) == 0
    assert _files(tmp_path / "tree") == _files(src)


def test_jsonl_carries_files_that_are_not_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder's README goes through JSON Lines as text, so the rebuilt tree is the same tree."""
    src = _tree(tmp_path)
    (src / "README.md").write_text("# About this archive\n\nNot a page.\n", encoding="utf-8")
    out = tmp_path / "all.jsonl"
    assert main(["convert", str(src), "--to", "jsonl", "-o", str(out)]) == 0
    assert "converted 9 files, 1 copied unchanged, 0 failed" in capsys.readouterr().err
    texts = [item for item in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if "text" in item]
    assert texts == [{"path": "README.md", "text": "# About this archive\n\nNot a page.\n"}]
    assert main(["convert", str(out), "--to", "md", "-o", str(tmp_path / "tree")]) == 0
    assert _files(tmp_path / "tree") == _files(src)


def test_jsonl_text_path_cannot_climb_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = tmp_path / "evil.jsonl"
    evil.write_text(json.dumps({"path": "../escaped.md", "text": "x"}) + "\n", encoding="utf-8")
    assert main(["convert", str(evil), "--to", "md", "-o", str(tmp_path / "out")]) == 1
    assert "Refused to write outside the output folder" in capsys.readouterr().err
    assert not (tmp_path / "escaped.md").exists()


def test_convert_sample(tmp_path: Path) -> None:
    """--sample converts the archive shipped with the package."""
    assert main(["convert", "--sample", "--to", "json", "-o", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").rglob("*.json"))) == 9


def test_convert_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """'-' reads standard input and writes standard output."""
    text = read(DATA / "valid" / "en-event-current-seed.md")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["convert", "-", "--to", "json"]) == 0
    out = capsys.readouterr().out
    assert nf.dumps(nf.loads(out, "json")) == text


def test_convert_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Existing files are kept unless --force."""
    src = _tree(tmp_path)
    out = tmp_path / "out"
    assert main(["convert", str(src), "--to", "json", "-o", str(out)]) == 0
    assert main(["convert", str(src), "--to", "json", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("The file exists (use --force to replace it)") == 9 and "converted 0 files, 9 failed" in err
    assert main(["convert", str(src), "--to", "json", "-o", str(out), "--force"]) == 0


def test_jsonl_path_cannot_climb_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path in a JSON Lines record that climbs out of OUT is refused; nothing is written."""
    record = json.loads(nf.dumps(nf.loads(read(DATA / "valid" / "en-event-current-seed.md")), "json"))
    evil = tmp_path / "evil.jsonl"
    evil.write_text(json.dumps({"path": "../../escaped.md", "record": record}) + "\n", encoding="utf-8")
    assert main(["convert", str(evil), "--to", "md", "-o", str(tmp_path / "out")]) == 1
    assert "Refused to write outside the output folder" in capsys.readouterr().err
    assert not (tmp_path / "escaped.md").exists() and not list(tmp_path.glob("**/escaped.md"))


def test_a_failed_file_is_reported_and_the_rest_go_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One broken page fails; the others are converted; exit 1."""
    src = _tree(tmp_path)
    broken = src / "en/news/2011/11/2/index.md"
    broken.write_text(read(broken).replace("## [2011-11-2]", "## [2011-02-30]"), encoding="utf-8")
    assert main(["convert", str(src), "--to", "json", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "index.md: Invalid date '2011-02-30'" in err and "converted 8 files, 1 failed" in err


def test_interrupted_conversion_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that dies half way leaves neither a partial target nor a temporary file."""
    src = _tree(tmp_path)
    out = tmp_path / "out"
    calls = {"n": 0}
    original = disk._write_all

    def interrupted(fd: int, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            os.write(fd, data[:10])
            raise KeyboardInterrupt
        original(fd, data)

    monkeypatch.setattr(disk, "_write_all", interrupted)
    assert main(["convert", str(src), "--to", "json", "-o", str(out), "-j", "1"]) == 130
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) == 2
    assert sorted(type(nf.load(p)).__name__ for p in written) == ["DayIndex", "Event"]  # each complete
    assert not list(out.rglob(f"*{disk.TEMP_SUFFIX}"))


def test_validate_clean_tree_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sample archive validates; warnings are counted by kind."""
    assert main(["validate", str(sample_archive())]) == 0
    assert "0 errors" in capsys.readouterr().err


def test_validate_broken_page_names_file_line_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A tree with one broken page exits 1 and names file, line and column."""
    src = _tree(tmp_path)
    page = next((src / "zh").rglob("index.md"))
    page.write_text(
        read(page).replace("### [", "### [[", 1).replace("](/zh/news/2011/11/1/意", "(/zh/news/2011/11/1/意", 1),
        encoding="utf-8",
    )
    assert main(["validate", str(src)]) == 1
    out = capsys.readouterr().out
    assert f"{page}:4:80: error NF001: Expected '](' closing the entry link text [parse-error]" in out.splitlines()


def test_validate_semantic_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A date heading that disagrees with the page's path is an error found by the checks,
    shown with its code and name."""
    day = tmp_path / "news" / "2011" / "11" / "3"
    day.mkdir(parents=True)
    (day / "x.md").write_text(read(DATA / "valid" / "zh-event-no-body.md"), encoding="utf-8")
    assert main(["validate", str(day / "x.md")]) == 1
    expected = "error NF101: The date 2011-11-01 is not the date of the page's path, 2011-11-03 [date-mismatch]"
    assert f"{day / 'x.md'}:1:1: {expected}" in capsys.readouterr().out.splitlines()
    assert main(["validate", "--format", "json", str(day / "x.md")]) == 1
    codes = {json.loads(line)["code"] for line in capsys.readouterr().out.splitlines()}
    assert codes == {"NF101", "NF103"}


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Bad arguments exit 2."""
    assert main(["convert", "--to", "pdf", "x"]) == 2
    assert main([]) == 2


def test_slug_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """slug prints the archive's slug; schema prints the JSON Schema."""
    assert main(["slug", "Summit in Kraków"]) == 0
    assert capsys.readouterr().out == "summit-in-kraka3w\n"
    assert main(["slug", "发生7.0级地震", "--lang", "zh"]) == 0
    assert capsys.readouterr().out == "发生70级地震\n"
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$schema"].endswith("2020-12/schema")


def test_executor_is_pluggable(tmp_path: Path) -> None:
    """The Python API runs on any concurrent.futures.Executor."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(nf_convert(sample_archive(), tmp_path / "out", pool))
    assert len(outcomes) == 9 and all(o.ok for o in outcomes)


def test_conversion_runs_on_a_dask_cluster(tmp_path: Path) -> None:
    """A Dask cluster's executor (the optional ``dask`` extra) converts a tree like the process pool."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster) as client:
        outcomes = nf_convert(sample_archive(), tmp_path / "out", client.get_executor())
    assert len(outcomes) == 9 and all(o.ok for o in outcomes)
    back = tmp_path / "back"
    assert main(["convert", str(tmp_path / "out"), "--to", "md", "-o", str(back), "-q"]) == 0
    assert _files(back) == _files(sample_archive())


def nf_convert(src: Path, out: Path, executor: object) -> list[convert_module.Outcome]:
    return list(convert_module.convert_tree([src], out, "xml", executor=executor))  # type: ignore[arg-type]


def test_old_convert_module_still_imports_with_a_warning():
    """``newsformat.convert``, named by the 0.1 docs, keeps working for one release and says where to go."""
    import importlib
    import sys

    sys.modules.pop("newsformat.convert", None)
    with pytest.warns(DeprecationWarning, match="newsformat.tree"):
        old = importlib.import_module("newsformat.convert")
    assert old.convert_tree is convert_module.convert_tree


def test_convert_one_missing_file_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One document without -o: a file that is missing, or a FIFO, is one line and exit 1."""
    assert main(["convert", str(tmp_path / "nope.md"), "--to", "json"]) == 1
    assert (
        capsys.readouterr().err
        == f"newsformat convert: {tmp_path / 'nope.md'}: Cannot read: No such file or directory\n"
    )
    os.mkfifo(tmp_path / "pipe.md")
    assert main(["convert", str(tmp_path / "pipe.md"), "--to", "json"]) == 1
    assert capsys.readouterr().err.endswith("Cannot read: Expected a regular file, found a FIFO\n")


def test_convert_one_document_to_a_file_keeps_an_existing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard input to -o FILE: an existing file is replaced only with --force."""
    target = tmp_path / "page.json"
    target.write_text("old", encoding="utf-8")
    text = read(DATA / "valid" / "en-event-current-seed.md")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["convert", "-", "--to", "json", "-o", str(target)]) == 1
    assert "The file exists (use --force to replace it)" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["convert", "-", "--to", "json", "-o", str(target), "--force"]) == 0
    assert nf.dumps(nf.load(target)) == text
