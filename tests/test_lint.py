"""validate as a linter: codes, selection, places in every format, links, standard input, jobs.

Most tests run on tests/data/lint, a small tree of real pages with one slip of each kind (see
docs/cli.md, whose examples are checked here too).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

import newsformat as nf
from newsformat.checks import RULES
from newsformat.cli import main, sample_archive
from newsformat.lint import selector, validate_text
from newsformat.reports import text_line

from .conftest import CORPUS, DATA, read

LINT = DATA / "lint"
DOCS = Path(__file__).parent.parent / "docs"
BASEBALL = "news/2011/11/2/in-baseball-the-chicago-cubs-fire-their-manager-mike-quade.md"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _codes(found: list[nf.Diagnostic]) -> list[str]:
    return [d.code for d in found]


# --- what is printed ----------------------------------------------------------------------


def test_cli_prints_what_validate_returns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Each line is ``path:line:col: severity CODE: message [name]``, the findings of
    ``newsformat.validate`` in its order; the last line on stderr counts them by code."""
    monkeypatch.chdir(LINT)
    found = nf.validate(".")
    code, out, err = _run(["."], capsys)
    assert code == 1
    assert out.splitlines() == [text_line(d) for d in found]
    assert out.splitlines()[1] == (
        "json/news/2011/11/2/in-baseball-the-chicago-cubs-fire-their-manager-mike-quade.json:5:12: warning NF103: "
        "The slug 'in-baseball-the-chicago-cubs-fire-their-manager-mike-quade' is not the title's slug "
        "'in-baseball-the-chicago-cubs-fire-mike-quade' (titles edited after the slug was made do this) "
        "@ $.title [title-slug-mismatch]"
    )
    assert err.splitlines()[-1] == (
        "checked 9 files: 3 errors, 23 warnings (1 NF001 parse-error, 1 NF003 not-a-page, 1 NF101 date-mismatch, "
        "1 NF102 slug-mismatch, 4 NF103 title-slug-mismatch, 1 NF104 entry-date-mismatch, 2 NF201 duplicate-related, "
        "2 NF202 duplicate-source, 1 NF203 duplicate-entry, 2 NF301 foreign-related-link, 9 NF302 missing-link-target, "
        "1 NF401 unknown-label)"
    )
    assert {d.code for d in found} == set(RULES) - {"NF002", "NF004"}  # a tree holds no missing or .txt file


def test_json_lines_carry_code_and_name(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints one object per finding, with the code and its name."""
    assert main(["validate", "--format", "json", str(DATA / "invalid" / "impossible-date.md")]) == 1
    finding = json.loads(capsys.readouterr().out.splitlines()[0])
    assert finding == {
        "path": str(DATA / "invalid" / "impossible-date.md"),
        "line": 4,
        "column": 6,
        "severity": "error",
        "code": "NF001",
        "name": "parse-error",
        "message": "Invalid date '2011-02-30': day is out of range for month",
    }


def _examples(doc: str) -> list[tuple[str, str]]:
    text = (DOCS / doc).read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for command in re.split(r"^(?=\$ )", block, flags=re.M):
            if command:
                first, _, output = command.partition("\n")
                found.append((first.removeprefix("$ newsformat validate "), output))
    return found


@pytest.mark.parametrize("args,expected", _examples("cli.md"), ids=lambda v: v[:50])
def test_documented_example_is_what_validate_prints(
    args: str, expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each `newsformat validate` example of docs/cli.md prints what the doc shows, run in
    tests/data/lint."""
    monkeypatch.chdir(LINT)
    _, out, _ = _run(shlex.split(args), capsys)
    assert out == expected


def test_every_code_is_documented_with_an_example() -> None:
    """docs/cli.md lists every rule (code, name, severity) and shows an example of each."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    shown = "".join(output for _, output in _examples("cli.md"))
    for rule in RULES.values():
        assert f"| `{rule.code}` | `{rule.name}` | {rule.severity} |" in text
        assert f" {rule.code}: " in shown


def test_documented_python_examples_are_true(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples of docs/api.md's Validating section print what the doc shows."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    examples = re.findall(r"<!-- run in tests/data/lint -->\n```python\n(.*?)```\n\n```text\n(.*?)```", text, re.S)
    assert len(examples) >= 2
    monkeypatch.chdir(LINT)
    for code, expected in examples:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "docs/api.md", "exec"), {})
        assert out.getvalue() == expected


# --- selection and exit status ------------------------------------------------------------


def test_select_and_ignore_by_code_prefix_and_name() -> None:
    """Codes, prefixes and names select; the more specific of --select and --ignore wins, and
    --ignore on a tie."""
    everything = nf.validate(LINT / "news")
    assert _codes(nf.validate(LINT / "news", select=["NF2"])) == [c for c in _codes(everything) if c[:3] == "NF2"]
    assert _codes(nf.validate(LINT / "news", select=["duplicate-related"])) == ["NF201"]
    assert set(_codes(nf.validate(LINT / "news", ignore=["NF", "nf201"]))) == set()
    assert set(_codes(nf.validate(LINT / "news", select=["NF201"], ignore=["NF2"]))) == {"NF201"}
    assert set(_codes(nf.validate(LINT / "news", select=["NF2"], ignore=["NF201", "duplicate-entry"]))) == {"NF202"}
    wanted = selector(["NF1"], ["NF1"])
    assert not any(wanted(code) for code in RULES)


def test_unknown_selection_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A selection that names no rule is refused: ValueError in Python, exit 2 on the command line."""
    with pytest.raises(ValueError, match="Unknown rule 'NF9'"):
        nf.validate(LINT, select=["NF9"])
    code, out, err = _run(["--ignore", "NF1,duplicated", str(LINT)], capsys)
    assert code == 2 and out == ""
    assert err == (
        "newsformat validate: Unknown rule 'duplicated': expected a code such as 'NF201', a prefix such as 'NF2', "
        "or a name\n"
    )


def test_exit_status_and_strict(capsys: pytest.CaptureFixture[str]) -> None:
    """Errors fail, warnings pass unless --strict; findings left out do not count."""
    page = str(LINT / BASEBALL)  # warnings only
    assert _run([page], capsys)[0] == 0
    assert _run(["--strict", page], capsys)[0] == 1
    assert _run(["--strict", "--ignore", "NF1,NF2,NF3", page], capsys)[0] == 0
    broken = str(LINT / "news/2011/11/2/broken.md")
    assert _run([broken], capsys)[0] == 1
    assert _run(["--ignore", "parse-error", broken], capsys)[0] == 0


# --- places --------------------------------------------------------------------------------


def _tree_in(fmt: str, tmp_path: Path) -> Path:
    """The baseball page in ``fmt``, in a day folder of another date."""
    record = nf.load(LINT / BASEBALL)
    target = tmp_path / "news/2011/11/3" / Path(BASEBALL).with_suffix("." + fmt).name
    target.parent.mkdir(parents=True)
    target.write_text(nf.dumps(record, fmt), encoding="utf-8")
    return target


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_findings_in_json_and_xml_are_placed_at_their_value(fmt: str, tmp_path: Path) -> None:
    """In JSON and XML each finding is at the line and column of the value (the element) it is
    about, and says its JSON path rather than Markdown terms."""
    target = _tree_in(fmt, tmp_path)
    lines = target.read_text(encoding="utf-8").splitlines()
    found = {d.code: d for d in nf.validate(target)}
    assert set(found) == {"NF101", "NF103", "NF201", "NF202", "NF301"}
    expected = {
        "NF101": ("$.date", '"2011-11-02"' if fmt == "json" else "<date>"),
        "NF103": ("$.title", '"In baseball' if fmt == "json" else "<title>"),
        "NF202": ("$.sources[1]", "{" if fmt == "json" else "<source>"),
        "NF201": ("$.related[1]", "{" if fmt == "json" else "<item>"),
        "NF301": ("$.related[2].url", '"https://www.mlb.com/cubs"' if fmt == "json" else "<url>"),
    }
    for code, (where, token) in expected.items():
        d = found[code]
        assert f" @ {where}" in d.message
        assert d.line > 1 and lines[d.line - 1][d.column - 1 :].startswith(token)
    assert found["NF101"].message == "The date 2011-11-02 is not the date of the page's path, 2011-11-03 @ $.date"
    first = int(re.search(r"first at line (\d+)", found["NF201"].message)[1])  # type: ignore[index]
    assert first < found["NF201"].line and ("{" in lines[first - 1] or "<item>" in lines[first - 1])


def test_markdown_findings_are_at_their_elements_line() -> None:
    """In Markdown a finding is at the line of the element: the repeated item, the link."""
    lines = (LINT / BASEBALL).read_text(encoding="utf-8").splitlines()
    found = {d.code: d for d in nf.validate(LINT / BASEBALL)}
    assert lines[found["NF103"].line - 1].startswith("# In baseball")
    assert lines[found["NF202"].line - 1].startswith("2. [ESPN]")
    assert lines[found["NF201"].line - 1].startswith("2. [French author")
    assert found["NF201"].message.endswith("repeats an earlier one (first at line 15)")
    assert "https://www.mlb.com/cubs" in lines[found["NF301"].line - 1]


def test_not_a_page_inside_a_day_folder_is_an_error(tmp_path: Path) -> None:
    """A Markdown file that is no page is skipped with a warning beside the pages, but is a parse
    error inside a day folder, where every file is a page."""
    notes = read(LINT / "NOTES.md")
    (tmp_path / "news/2011/11/2").mkdir(parents=True)
    (tmp_path / "NOTES.md").write_text(notes, encoding="utf-8")
    (tmp_path / "news/2011/11/2/x.md").write_text(notes, encoding="utf-8")
    found = nf.validate(tmp_path)
    assert [(Path(d.path).name, d.code, d.severity) for d in found] == [
        ("NOTES.md", "NF003", "warning"),
        ("x.md", "NF001", "error"),
    ]
    assert found[1].message.startswith("Expected a page")


# --- links ---------------------------------------------------------------------------------


def test_one_finding_per_broken_link_at_its_line() -> None:
    """Each broken link is its own finding at the link's line, naming the link; links to pages
    in the set are not found."""
    found = nf.validate(LINT / "news/2011/11/2", select=["NF302"])
    assert len(found) == 3
    for d in found:
        link = re.search(r"'(/news/[^']+)'", d.message)[1]  # type: ignore[index]
        assert f"]({link})" in Path(d.path).read_text(encoding="utf-8").splitlines()[d.line - 1]
    # The baseball page links to the French page, which is in the set.
    assert not [d for d in found if d.path.endswith(Path(BASEBALL).name)]


def test_links_resolve_however_a_chinese_tree_is_rooted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Chinese tree resolves its /zh/news/ links whether validated from above its edition
    folder, at its news/ folder, or below it; an English tree its /news/ links."""
    shutil.copytree(sample_archive(), tmp_path / "archive")
    zh = tmp_path / "archive" / "zh"
    whole = [d for d in nf.validate(tmp_path / "archive") if d.code == "NF302"]
    monkeypatch.chdir(zh)
    at_news = nf.validate("news", select=["NF302"])
    below = nf.validate("news/2011", select=["NF302"])
    messages = [(Path(d.path).name, d.line, d.message) for d in whole if "/zh/" in d.path]
    assert messages == [(Path(d.path).name, d.line, d.message) for d in at_news]
    assert messages == [(Path(d.path).name, d.line, d.message) for d in below]
    # The day page lists the two events of the tree: only its previous-day link is broken.
    day = [d for d in at_news if d.path.endswith("index.md")]
    assert [d.message for d in day] == [
        "Previous-day link '/zh/news/2011/10/29/index.md' points to no page in the validated set"
    ]
    # The English day page lists ten events, one of them in the tree, and the day before.
    en_day = [d for d in whole if d.path.endswith("en/news/2011/11/2/index.md")]
    assert len(en_day) == 10 and not [d for d in en_day if "/french-author-" in d.message]


def test_a_link_finds_its_page_in_any_format(tmp_path: Path) -> None:
    """A link to x.md is satisfied by x.json or x.xml in the set."""
    shutil.copytree(LINT / "news/2011/11/2", tmp_path / "news/2011/11/2")
    french = next((tmp_path / "news/2011/11/2").glob("french-*.md"))
    before = nf.validate(tmp_path, select=["NF302"])
    french.with_suffix(".xml").write_text(nf.dumps(nf.load(french), "xml"), encoding="utf-8")
    french.unlink()
    after = nf.validate(tmp_path, select=["NF302"])

    def links(found: list[nf.Diagnostic]) -> list[str]:
        return [re.search(r"'(/news/[^']+)'", d.message)[1] for d in found]  # type: ignore[index]

    assert links(after) == links(before)  # the XML page's own link is still broken, and no other
    assert [Path(d.path).suffix for d in after] == [".xml", ".md", ".md"]


def test_files_alone_do_not_follow_links_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    """A file alone reports no missing link; --links asks for them; --no-links turns them off
    for folders."""
    day = str(LINT / "news/2011/11/2/index.md")
    assert "NF302" not in _codes(nf.validate(day))
    assert _codes(nf.validate(day, links=True)).count("NF302") == 5  # the set is this page alone
    assert "NF302" in _run(["--links", day], capsys)[1]
    assert "NF302" not in _run(["--no-links", str(LINT / "news")], capsys)[1]
    assert "NF302" in _run([str(LINT / "news")], capsys)[1]


# --- input formats -------------------------------------------------------------------------


def test_stdin_with_from(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate -` reads standard input: Markdown unless --from says otherwise;
    --stdin-filename checks it as the file at that path."""
    record = nf.load(LINT / BASEBALL)
    monkeypatch.setattr(sys, "stdin", io.StringIO(nf.dumps(record, "json")))
    code, out, err = _run(["-", "--from", "json", "--select", "NF201"], capsys)
    assert code == 0 and out.startswith("-:27:5: warning NF201: ") and "@ $.related[1]" in out
    assert err.startswith("checked 1 file: 0 errors, 1 warning")
    monkeypatch.setattr(sys, "stdin", io.StringIO(read(LINT / BASEBALL)))
    code, out, _ = _run(["-", "--stdin-filename", "news/2011/11/3/x.md", "--select", "NF1"], capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("news/2011/11/3/x.md:1:1: error NF101: The date 2011-11-02")
    monkeypatch.setattr(sys, "stdin", io.StringIO("not json"))
    code, out, _ = _run(["-", "--from", "json"], capsys)
    assert code == 1 and out.startswith("-:1:1: error NF001: Invalid JSON")


def test_stdin_cannot_be_mixed_with_paths(capsys: pytest.CaptureFixture[str]) -> None:
    """'-' beside other paths is a usage error."""
    code, _, err = _run(["-", str(LINT)], capsys)
    assert code == 2 and "cannot be mixed" in err


def test_from_gives_the_format_of_other_extensions(capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose extension names no format is NF004 unless --from gives one."""
    page = str(LINT / "page.txt")
    code, out, _ = _run([page], capsys)
    assert code == 1 and " error NF004: " in out
    code, out, _ = _run(["--from", "md", "--select", "NF0", page], capsys)
    assert code == 0 and out == ""
    assert _codes(nf.validate(page, format="md")) == []  # no slug: the path says none
    with pytest.raises(ValueError, match="Unknown format 'pdf'"):
        nf.validate(page, format="pdf")


def test_validate_text() -> None:
    """A document in memory is validated as a file would be, placed and named by ``path``."""
    text = read(LINT / BASEBALL)
    found = validate_text(text, path="news/2011/11/3/x.md", select=["NF101", "NF201"])
    assert [(d.path, d.line, d.code) for d in found] == [
        ("news/2011/11/3/x.md", 1, "NF101"),
        ("news/2011/11/3/x.md", 16, "NF201"),
    ]
    assert _codes(validate_text("<event/>", "xml")) == ["NF001"]


# --- jobs and progress ---------------------------------------------------------------------


def _big_tree(tmp_path: Path) -> Path:
    """70 pages: the baseball page in 70 day folders (a date mismatch in most)."""
    text = read(LINT / BASEBALL)
    for n in range(70):
        folder = tmp_path / "big" / "news" / "2011" / f"{n // 28 + 10:02d}" / str(n % 28 + 1)
        folder.mkdir(parents=True)
        (folder / Path(BASEBALL).name).write_text(text, encoding="utf-8")
    return tmp_path / "big"


def test_jobs_give_the_same_findings_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process pool (-j 2) gives the findings of one process, in the same order."""
    root = _big_tree(tmp_path)
    pools: list[int] = []

    class Counted(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers: int) -> None:
            pools.append(workers)
            super().__init__(workers)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    alone = nf.validate(root, jobs=1)
    assert pools == []
    pooled = nf.validate(root, jobs=2)
    assert pools == [2]
    assert pooled == alone and len(alone) > 70
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        assert nf.validate(root, executor=executor) == alone


def test_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal a tqdm bar counts the files, as for convert; --quiet hides it."""
    tqdm = pytest.importorskip("tqdm")
    # tqdm's monitor thread may warn when bars come and go quickly, and warnings fail the suite.
    monkeypatch.setattr(tqdm.tqdm, "monitor_interval", 0)
    root = _big_tree(tmp_path)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for quiet in ([], ["--quiet"]):
        err = Terminal()
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        assert main(["validate", "-j", "1", *quiet, str(root)]) == 1
        shown = "70/70" in err.getvalue() and "page" in err.getvalue()
        assert shown is not bool(quiet)
        assert err.getvalue().splitlines()[-1].startswith("checked 70 files: 69 errors")


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    """-j takes a whole number from 1."""
    assert main(["validate", "-j", "0", str(LINT)]) == 2
    assert "expected a number of worker processes, 1 or more" in capsys.readouterr().err


def test_stdin_that_is_not_utf8_is_a_placed_parse_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes that are not UTF-8 on standard input give a parse error at their place, not a
    traceback."""
    data = read(LINT / BASEBALL).replace("Mike Quade.", "Mike Qu\x00ade.", 1).encode("utf-8").replace(b"\x00", b"\xe9")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = _run(["-"], capsys)
    assert code == 1 and out.startswith("-:3:45: error NF001: Unexpected character '\\udce9' (U+DCE9)")


@pytest.mark.skipif(not (CORPUS / "zh" / "news").is_dir(), reason="needs the shared corpus")
def test_chinese_corpus_links_resolve_however_rooted(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the real Chinese edition, validated at its edition folder or at its news/ folder, the
    same links are broken, and no broken link names a page the tree holds."""
    above = nf.validate(CORPUS / "zh", select=["NF302"])
    monkeypatch.chdir(CORPUS / "zh")
    at_news = nf.validate("news", select=["NF302"])
    assert len(above) == len(at_news) > 10_000
    assert [(d.line, d.message) for d in above] == [(d.line, d.message) for d in at_news]
    for d in at_news:
        link = re.search(r"'/zh/(news/[^']+)\.md'", d.message)[1]  # type: ignore[index]
        assert not any(Path(f"{link}.{ext}").exists() for ext in ("md", "json", "xml"))
        if link.endswith("/index"):
            assert not Path(link).with_name("README.md").exists()


def test_a_file_gone_before_its_findings_are_placed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be read again to place its findings is reported, not a traceback."""
    import newsformat.lint as lint

    def gone(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(lint, "open", gone, raising=False)
    (d,) = nf.validate(LINT / "news/2011/11/2/index.md", select=["NF0", "NF203"])
    assert (d.code, d.line, d.message) == ("NF002", 1, "Cannot read: No such file or directory")
