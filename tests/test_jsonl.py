"""JSON Lines: whole trees as one record per line, streamed both ways, one bad line at a time."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import attrs
import pytest

import newsformat as nf
from newsformat import jsonl
from newsformat.cli import main
from newsformat.tree import convert_tree

from .conftest import DATA

TREE = DATA / "tree"
SEED = DATA / "valid" / "en-event-current-seed.md"


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_bytes().decode("utf-8").split("\n") if line]


def _export(tmp_path: Path, *sources: Path) -> Path:
    out = tmp_path / "all.jsonl"
    assert main(["convert", *map(str, sources), "--to", "jsonl", "-o", str(out), "--quiet"]) == 0
    return out


def test_a_tree_through_json_lines_is_the_same_tree(tmp_path: Path) -> None:
    out = _export(tmp_path, TREE)
    assert len(_lines(out)) == 22 and {"path", "record"} == set(_lines(out)[0])
    assert main(["convert", str(out), "--to", "md", "-o", str(tmp_path / "back"), "--quiet"]) == 0
    assert sorted(p.read_bytes() for p in (tmp_path / "back").rglob("*.md")) == sorted(
        p.read_bytes() for p in TREE.rglob("*.md")
    )


def test_line_separators_in_values_are_escaped(tmp_path: Path) -> None:
    """U+2028, U+2029 and U+0085 are escaped by the writer, so each record is one line for any
    reader; the reader splits on "\\n" alone."""
    title = "Line\u2028separator, paragraph\u2029separator, next\u0085line"
    record = attrs.evolve(nf.load(SEED), title=title)
    line = jsonl.dumps_line("news/x.md", record)
    assert line.count("\n") == 1 and len(line.splitlines()) == 1
    assert "\\u2028" in line and "\\u2029" in line and "\\u0085" in line
    assert jsonl.loads_line(line.encode("utf-8")) == ("news/x.md", record)
    src = tmp_path / "in.jsonl"
    raw = json.dumps({"path": "raw.md", "record": json.loads(nf.dumps(record, "json"))}, ensure_ascii=False)
    src.write_text(line * 2 + raw + "\n", encoding="utf-8")
    assert "\u2028" in src.read_text(encoding="utf-8")  # a raw separator, as other writers leave it
    read = list(jsonl.read_jsonl(src))
    assert [path for path, _ in read] == ["news/x.md", "news/x.md", "raw.md"]
    assert all(item == record for _, item in read)


def test_a_bad_line_is_reported_with_its_number_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _export(tmp_path, TREE)
    capsys.readouterr()
    lines = out.read_bytes().split(b"\n")
    lines[3] = lines[3][:60]  # cut short
    lines[7] = lines[7].replace(b'"en"', b'"\xe9"', 1)  # not UTF-8
    lines[9] = lines[9].replace(b'"version": 2', b'"version": 7', 1)
    out.write_bytes(b"\n".join(lines))
    assert main(["convert", str(out), "--to", "md", "-o", str(tmp_path / "back"), "--quiet"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{out}: Invalid JSON: ") and "(at line 4, column " in err[0]
    assert err[1].startswith(
        f"{out}: Invalid UTF-8 (invalid continuation byte): lines are UTF-8 text (at line 8, column "
    )
    assert (
        err[2].startswith(f"{out}: Unsupported format version 7")
        and "@ $.record.version (at line 10, column " in err[2]
    )
    assert err[3] == "converted 19 files, 3 failed"
    assert len(list((tmp_path / "back").rglob("*.md"))) == 19


def test_read_jsonl_raises_or_collects(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = jsonl.dumps_line("a.md", nf.load(SEED))
    src.write_text(good + "{not json\n\n" + good, encoding="utf-8")
    with pytest.raises(nf.ParseError) as info:
        list(jsonl.read_jsonl(src))
    assert (info.value.lineno, info.value.colno, info.value.path) == (2, 2, str(src))
    errors: list[nf.NewsformatError] = []
    assert len(list(jsonl.read_jsonl(src, on_error=errors.append))) == 2
    assert [e.lineno for e in errors if isinstance(e, nf.ParseError)] == [2]
    with pytest.raises(FileNotFoundError):
        list(jsonl.read_jsonl(tmp_path / "gone.jsonl"))


def test_a_name_too_long_fails_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path whose file name the system refuses (300 characters) fails that line only."""
    src = tmp_path / "in.jsonl"
    record = nf.load(SEED)
    long_name = jsonl.dumps_line("news/" + "x" * 300 + ".md", record)
    src.write_text(long_name + jsonl.dumps_line("ok.md", record), encoding="utf-8")
    assert main(["convert", str(src), "--to", "md", "-o", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:1: Cannot write {tmp_path / 'out' / 'news' / ('x' * 300 + '.md')}: File name too long" in err
    assert "converted 1 file, 1 failed" in err and (tmp_path / "out" / "ok.md").is_file()


def test_paths_that_climb_out_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "evil.jsonl"
    record = nf.load(SEED)
    src.write_text(
        "".join(jsonl.dumps_line(p, record) for p in ("../escaped.md", "/abs.md", "a//b.md", "fine.md"))
        + json.dumps({"path": "../text.md", "text": "x"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["convert", str(src), "--to", "md", "-o", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("Refused to write outside the output folder") == 4
    assert "converted 1 file, 4 failed" in err
    assert [p.name for p in tmp_path.rglob("*.md")] == ["fine.md"]


def test_the_same_path_twice_is_a_conflict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two lines that would write one file: the second is reported, not written (even with
    --force), and so is a line that would write what a tree source also writes."""
    record = nf.load(SEED)
    src = tmp_path / "in.jsonl"
    src.write_text(
        jsonl.dumps_line("a.md", record) + jsonl.dumps_line("a.json", attrs.evolve(record, title="Other")),
        encoding="utf-8",
    )
    assert main(["convert", str(src), "--to", "xml", "-o", str(tmp_path / "out"), "--force", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: Not converted: an earlier source also writes {tmp_path / 'out' / 'a.xml'}" in err
    assert nf.load(tmp_path / "out" / "a.xml") == record


def test_json_lines_mixed_with_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .jsonl source given with a folder: both are converted, nothing is dropped."""
    lines = tmp_path / "extra.jsonl"
    lines.write_text(jsonl.dumps_line("extra/x.md", nf.load(SEED)), encoding="utf-8")
    assert main(["convert", str(lines), str(TREE), "--to", "json", "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert "converted 23 files, 0 failed" in capsys.readouterr().err
    assert (tmp_path / "out" / "extra" / "x.json").is_file()


def test_json_lines_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _export(tmp_path, TREE).read_bytes()
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["convert", "-", "--from", "jsonl", "--to", "md", "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert "converted 22 files, 0 failed" in capsys.readouterr().err
    assert len(list((tmp_path / "out").rglob("*.md"))) == 22


def test_json_lines_to_standard_output_and_back_to_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--to jsonl without -o writes standard output; a .jsonl source with --to jsonl is read and
    written again, the same lines."""
    assert main(["convert", str(TREE), "--to", "jsonl", "--quiet"]) == 0
    written = capsys.readouterr().out
    again = tmp_path / "a.jsonl"
    again.write_text(written, encoding="utf-8")
    assert main(["convert", str(again), "--to", "jsonl", "--quiet"]) == 0
    assert capsys.readouterr().out == written


def test_json_lines_are_written_as_they_come(tmp_path: Path) -> None:
    """The writer holds one line at a time: the stream has the first lines before the last
    source is read."""
    seen: list[int] = []

    class Recording(io.BytesIO):
        def write(self, data: object) -> int:
            seen.append(len(outcomes_so_far))
            return super().write(data)  # type: ignore[arg-type]

    outcomes_so_far: list[object] = []
    stream = Recording()
    for outcome in convert_tree([TREE], stream, "jsonl", jobs=1):
        outcomes_so_far.append(outcome)
    assert len(seen) == 22 and seen == list(range(22))
    assert stream.getvalue().count(b"\n") == 22


def test_a_name_that_is_not_utf8_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON cannot carry a file name that is not UTF-8: that file is reported, the others go."""
    src = tmp_path / "src"
    shutil.copytree(TREE / "en/news/2014/02/8", src)
    shutil.copy(SEED, os.path.join(os.fsencode(src), b"bad-\xff.md"))
    out = tmp_path / "all.jsonl"
    assert main(["convert", str(src), "--to", "jsonl", "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Cannot write the name 'bad-\\udcff.md' in JSON Lines: it is not valid UTF-8; rename the file" in err
    assert "converted 6 files, 1 failed" in err and len(_lines(out)) == 6


def test_an_interrupted_export_leaves_no_file(tmp_path: Path) -> None:
    """Stopping a conversion to a JSON Lines file part way leaves neither it nor a temporary file."""
    out = tmp_path / "all.jsonl"
    with convert_tree([TREE], out, "jsonl", jobs=1) as conversion:
        next(conversion)
    assert list(tmp_path.iterdir()) == []


def test_lone_surrogates_in_a_line_are_refused_with_the_line() -> None:
    """JSON escapes can spell what no file name or page can hold; the line says so."""
    with pytest.raises(nf.ParseError) as info:
        jsonl.loads_line(b'{"path": "a\\ud800.md", "text": "x"}', lineno=3, name="in.jsonl")
    assert str(info.value) == "in.jsonl: Invalid path: it holds a lone surrogate (at line 3, column 1)"
    with pytest.raises(nf.ParseError, match="Invalid text: it holds a lone surrogate"):
        jsonl.loads_line(b'{"path": "a.md", "text": "\\udc80"}')
