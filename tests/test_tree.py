"""Whole trees: walking, reading every page, and converting trees where some files are bad.

The trees are real pages (tests/data/tree, copied from the archive) with poisoned files added:
every good page must convert in both directions, every bad one must be reported by name, the
run must end with exit 1 and no traceback, and nothing may hang or be written outside OUT.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import newsformat as nf
from newsformat import _files, _jobs, markdown
from newsformat.cli import main
from newsformat.tree import Tally, convert_tree, find_pages, walk_pages

from .conftest import CORPUS, DATA, read

TREE = DATA / "tree"
DAY = Path("en/news/2014/02/8")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _copy(tmp_path: Path, name: str = "src") -> Path:
    src = tmp_path / name
    shutil.copytree(TREE, src)
    return src


def _pages(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` by its path, extension left out."""
    return {
        str(p.relative_to(root).with_suffix("")): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _cli(*argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own: a hang fails the test instead of the suite."""
    return subprocess.run(
        [sys.executable, "-m", "newsformat", *argv],
        capture_output=True,
        text=True,
        errors="surrogateescape",  # file names that are not UTF-8 are printed as they are
        timeout=timeout,
    )


# --- walking and reading -------------------------------------------------------------------


def test_walk_order_is_stable_and_accepts_str() -> None:
    """Files of a folder in name order, then its subfolders in name order; str or Path."""
    found = list(find_pages(str(TREE)))
    assert len(found) == 22 and found == list(find_pages(TREE))
    day = [p for p in found if p.parent == TREE / DAY]
    assert [p.name for p in day] == sorted(p.name for p in day)
    assert found.index(TREE / "en/news/2005/04/27/index.md") < found.index(TREE / DAY / "README.md")


def test_walk_reports_links_out_of_the_tree_and_skips_excluded_folders(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    (src / "outside.md").symlink_to(DATA / "valid" / "en-event-current-seed.md")
    (src / "inside.md").symlink_to(src / DAY / "README.md")
    items = list(walk_pages(src))
    errors = [i for i in items if isinstance(i, nf.ReadError)]
    assert [str(e) for e in errors] == [
        f"{src / 'outside.md'}: Cannot read: Symbolic link leads out of the tree: not followed"
    ]
    assert src / "inside.md" in items and src / "outside.md" not in list(find_pages(src))
    zh = (src / "zh").stat()
    assert not [p for p in walk_pages(src, exclude={(zh.st_dev, zh.st_ino)}) if "zh" in Path(str(p)).parts]


def test_iter_pages_yields_every_page_with_its_record() -> None:
    """(path, record) for every page, in the walk's order, equal to load()."""
    pages = list(nf.iter_pages(TREE))
    assert [path for path, _ in pages] == list(find_pages(TREE))
    assert all(record == nf.load(path) for path, record in pages)
    assert {type(record).__name__ for _, record in pages} == {"Event", "DayIndex"}


def test_iter_pages_is_lazy_and_raises_at_the_bad_file(tmp_path: Path) -> None:
    """Nothing is read before it is asked for; by default a bad file raises when reached."""
    src = _copy(tmp_path)
    first = next(iter(find_pages(src)))
    broken = list(find_pages(src))[1]
    broken.write_text(read(broken).replace("](", "]("[:1], 1), encoding="utf-8")
    pages = nf.iter_pages(src)
    assert next(pages)[0] == first
    with pytest.raises(nf.ParseError) as info:
        next(pages)
    assert info.value.path == str(broken) and info.value.lineno is not None


def test_iter_pages_collects_errors_and_reports_non_pages(tmp_path: Path) -> None:
    """With on_error, every bad file is handed over and the walk goes on; a folder's README that
    is not a page is handed over too, and skipped silently without on_error."""
    src = _copy(tmp_path)
    (src / "README.md").write_text("# About this archive\n", encoding="utf-8")
    os.mkfifo(src / DAY / "fifo.md")
    (src / DAY / "bad.md").write_bytes(b"\xff\xfe")
    errors: list[nf.NewsformatError] = []
    pages = list(nf.iter_pages(src, on_error=errors.append))
    assert len(pages) == 22
    assert [type(e).__name__ for e in errors] == ["NotAPageError", "ParseError", "ReadError"]
    assert [p for p, _ in nf.iter_pages(src, formats=["md"], on_error=lambda e: None)] == [p for p, _ in pages]
    with pytest.raises(nf.ParseError, match="Invalid UTF-8"):
        list(nf.iter_pages(src))  # the README is skipped; the first bad page raises


def test_iter_pages_checks_its_arguments_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        nf.iter_pages(tmp_path / "nope")
    with pytest.raises(nf.UnknownFormatError):
        nf.iter_pages(TREE, formats=["pdf"])
    assert [p for p, _ in nf.iter_pages(TREE / DAY / "README.md")] == [TREE / DAY / "README.md"]
    assert list(nf.iter_pages(TREE, formats=["json"])) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs the shared corpus")
def test_iter_pages_over_the_corpus_keeps_memory_flat() -> None:
    """Reading every page of the archive holds one page at a time: the peak of memory while
    reading all of it is no higher than the peak while reading its first 2,000 pages (give or
    take the largest page). The reader's caches (parsed links, list items and entries met
    before: each bounded, and shared by every reader in the process) are emptied every 500
    pages, so that the walk alone is measured; tests/test_recent.py holds their bound."""
    markdown.clear_caches()
    tracemalloc.start()
    count = 0
    try:
        for _ in nf.iter_pages(CORPUS, on_error=lambda e: None):
            count += 1
            if count % 500 == 0:
                markdown.clear_caches()
            if count == 2000:
                early = tracemalloc.get_traced_memory()[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        markdown.clear_caches()
    assert count > 7000
    assert peak < 1.5 * early + 2**20, f"{peak / 2**20:.1f} MB for all, {early / 2**20:.1f} MB for 2,000 pages"


# --- a tree with one poisoned file of each kind --------------------------------------------


def _poison_markdown(src: Path) -> dict[str, str]:
    """Add the bad files; return each one's path (relative) and what its report must say."""
    day = src / DAY
    os.mkfifo(day / "fifo.md")
    (day / "loop.md").symlink_to("loop.md")
    (day / "outside.md").symlink_to(DATA / "valid" / "en-event-current-seed.md")
    (day / "bad-bytes.md").write_bytes(read(day / "README.md").encode("utf-8")[:40] + b"\xe9t\xe9\n")
    page = day / "README.md"
    (day / "bad-date.md").write_text(read(page).replace("2014-02-8]", "2014-02-30]", 1), encoding="utf-8")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(day / "socket.md"))
    poisons = {
        "fifo.md": "Expected a regular file, found a FIFO",
        "loop.md": "Too many levels of symbolic links",
        "outside.md": "Symbolic link leads out of the tree",
        "bad-bytes.md": "Invalid UTF-8",
        "bad-date.md": "Invalid date",
        "socket.md": "found a socket",
    }
    if IS_ROOT:
        os.mknod(day / "device.md", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        poisons["device.md"] = "found a device"
    # Hostile but good: converted, and never outside OUT.
    shutil.copy(page, day / "..\\escape.md")
    shutil.copy(page, day / os.fsdecode(b"name-\xff.md"))
    (src / "notes.txt").write_text("not a page format: left alone\n", encoding="utf-8")
    (day / "folder.md").mkdir()
    return {str(DAY / name): why for name, why in poisons.items()}


def _assert_reported(done: subprocess.CompletedProcess[str], root: Path, poisons: dict[str, str]) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    for name, why in poisons.items():
        said = [line for line in lines if line.startswith(f"{root / name}:")]
        assert len(said) == 1 and why in said[0], (name, said)


def test_a_poisoned_tree_converts_every_good_page_both_ways(tmp_path: Path) -> None:
    """Markdown -> JSON -> Markdown and Markdown -> XML -> Markdown, with bad files in every
    tree: the good pages come back byte for byte, each bad one is reported, exit 1."""
    src = _copy(tmp_path)
    good = _pages(src)
    poisons = _poison_markdown(src)
    good_names = set(good) | {str(DAY / "..\\escape"), str(DAY / os.fsdecode(b"name-\xff"))}

    done = _cli("convert", str(src), "--to", "json", "-o", str(tmp_path / "json"), "-j", "2")
    _assert_reported(done, src, poisons)
    assert f"converted {len(good_names)} files, {len(poisons)} failed" in done.stderr
    assert set(_pages(tmp_path / "json")) == good_names
    assert not (tmp_path / "escape.json").exists() and not (tmp_path / "json" / "notes.txt").exists()

    json_tree = tmp_path / "json"
    (json_tree / DAY / "truncated.json").write_text(read(json_tree / DAY / "README.json")[:200], encoding="utf-8")
    os.mkfifo(json_tree / DAY / "fifo.json")
    done = _cli("convert", str(json_tree), "--to", "md", "-o", str(tmp_path / "back"))
    _assert_reported(
        done, json_tree, {str(DAY / "truncated.json"): "Invalid JSON", str(DAY / "fifo.json"): "found a FIFO"}
    )
    back = _pages(tmp_path / "back")
    assert {name: back[name] for name in good} == good

    assert _cli("convert", str(tmp_path / "back"), "--to", "xml", "-o", str(tmp_path / "xml")).returncode == 0
    xml_page = next((tmp_path / "xml" / DAY).glob("large-*.xml"))
    xml_page.write_text(read(xml_page).replace('version="2"', 'version="3"', 1), encoding="utf-8")
    done = _cli("convert", str(tmp_path / "xml"), "--to", "md", "-o", str(tmp_path / "again"))
    _assert_reported(done, tmp_path / "xml", {str(xml_page.relative_to(tmp_path / "xml")): "version"})
    poisoned = str(xml_page.relative_to(tmp_path / "xml").with_suffix(""))
    again = _pages(tmp_path / "again")
    assert poisoned in good and poisoned not in again
    assert {name: again[name] for name in good if name != poisoned} == {n: p for n, p in good.items() if n != poisoned}


def test_validate_reports_each_poisoned_file_and_never_hangs(tmp_path: Path) -> None:
    src = _copy(tmp_path)
    poisons = _poison_markdown(src)
    del poisons[str(DAY / "outside.md")]  # validate leaves links out of the tree alone
    done = _cli("validate", str(src), timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    for name in poisons:
        assert f"{src / name}:" in done.stdout, name


def test_an_unexpected_error_in_one_job_is_its_outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a job raises (here a RuntimeError) is reported for that file alone."""
    real = _jobs.dumps

    def dumps(record: nf.Record, fmt: str = "md") -> str:
        if isinstance(record, nf.Event) and record.title.startswith("Large snowstorms"):
            raise RuntimeError("something nobody expected")
        return real(record, fmt)

    monkeypatch.setattr(_jobs, "dumps", dumps)
    outcomes = list(convert_tree([TREE], tmp_path / "out", "json", jobs=1))
    failed = [o for o in outcomes if not o.ok]
    assert len(outcomes) == 22 and len(failed) == 1
    assert failed[0].error == f"{failed[0].source}: Unexpected RuntimeError: something nobody expected"


# --- up-front errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["convert", "{tmp}/nope", "--to", "json", "-o", "{tmp}/o"],
            "{tmp}/nope: Cannot read: No such file or directory",
        ),
        (
            ["convert", "{tmp}/notes.txt", "--to", "json", "-o", "{tmp}/o"],
            "Cannot tell the format of '{tmp}/notes.txt': expected a .md, .json, .xml or .jsonl file"
            " (or name the format)",
        ),
        (
            ["convert", str(TREE), "--to", "json", "-o", "{tmp}/notes.txt"],
            "{tmp}/notes.txt: Cannot write: Expected a folder for the output, found a file",
        ),
        (
            ["convert", str(TREE), "--to", "jsonl", "-o", "{tmp}/"],
            "{tmp}/: Cannot write: Expected a file for JSON Lines, found a folder",
        ),
        (
            ["convert", str(TREE), "--to", "jsonl", "-o", "{tmp}/d"],
            "{tmp}/d: Cannot write: Expected a file for JSON Lines, found a folder",
        ),
        (
            ["convert", str(TREE), "--to", "jsonl", "-o", "{tmp}/notes.txt"],
            "{tmp}/notes.txt: Cannot write: The file exists (use --force to replace it)",
        ),
        (
            ["convert", str(TREE), "--from", "jsonl", "--to", "md", "-o", "{tmp}/o"],
            f"{TREE}: --from jsonl reads JSON Lines files and standard input, not folders",
        ),
    ],
    ids=["missing", "no-format", "out-is-a-file", "jsonl-slash", "jsonl-folder", "jsonl-exists", "jsonl-tree"],
)
def test_one_clear_error_up_front(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Problems with the arguments themselves: one line, exit 1, nothing written."""
    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    (tmp_path / "d").mkdir()
    assert main([a.format(tmp=tmp_path) for a in argv]) == 1
    assert capsys.readouterr().err == f"newsformat convert: {message.format(tmp=tmp_path)}\n"
    assert not (tmp_path / "o").exists() and list((tmp_path / "d").iterdir()) == []


def test_two_sources_for_one_target_are_a_conflict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """a.md and a.json would both become a.xml: both are reported before anything is written,
    neither is written, the rest are; --from picks one format out of the tree."""
    src = _copy(tmp_path)
    page = src / DAY / "README.md"
    nf.dump(nf.load(page), page.with_suffix(".json"))
    assert main(["convert", str(src), "--to", "xml", "-o", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err.splitlines()
    target = tmp_path / "out" / DAY / "README.xml"
    assert err[:2] == [  # in the walk's order: README.json before README.md
        f"{page.with_suffix('.json')}: Not converted: {page} would also be written to {target}",
        f"{page}: Not converted: {page.with_suffix('.json')} would also be written to {target}",
    ]
    assert err[-1] == "converted 21 files, 2 failed" and not target.exists()
    assert main(["convert", str(src), "--to", "xml", "-o", str(tmp_path / "json-only"), "--from", "json"]) == 0
    assert [p.relative_to(tmp_path / "json-only") for p in (tmp_path / "json-only").rglob("*.xml")] == [
        DAY / "README.xml"
    ]


def test_an_output_inside_the_source_is_not_walked(tmp_path: Path) -> None:
    """Converting a tree into a folder inside it, again and again, converts the same files."""
    src = _copy(tmp_path)
    for _ in range(3):
        assert main(["convert", str(src), "--to", "json", "-o", str(src / "out"), "--force", "--quiet"]) == 0
    assert len(list((src / "out").rglob("*.json"))) == 22 and not (src / "out" / "out").exists()


def test_a_symlink_in_the_output_cannot_lead_writes_outside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder of OUT that is a symbolic link to elsewhere is refused for every file below it."""
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "en" / "news").symlink_to(elsewhere)
    assert main(["convert", str(TREE), "--to", "json", "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count(f"Cannot write {out / 'en' / 'news'}: Refused to write through a symbolic link to a folder") == 13
    assert "converted 9 files, 13 failed" in err and list(elsewhere.iterdir()) == []


def test_in_place_force_keeps_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Converting a tree onto itself with --force replaces plain files, and refuses to replace a
    symbolic link or a file with other hard links (both left as they were)."""
    src = _copy(tmp_path)
    day = src / DAY
    (day / "link.md").symlink_to("README.md")
    twin = day / "twin.md"
    os.link(day / "README.md", twin)
    before = _pages(src)
    assert main(["convert", str(src), "--to", "md", "-o", str(src), "--force", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{day / 'link.md'}: Cannot write {day / 'link.md'}: Not replaced: it is a symbolic link" in err
    assert f"{twin}: Cannot write {twin}: Not replaced: it has 2 hard links, which a new file would break" in err
    assert (day / "link.md").is_symlink() and twin.stat().st_nlink == 2 and _pages(src) == before


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_converted_files_get_the_modes_of_a_plain_open(tmp_path: Path, mask: int, mode: int) -> None:
    """0666 less the umask for new files, 0777 less the umask for new folders; a replaced file
    keeps its mode."""
    old = os.umask(mask)
    try:
        assert main(["convert", str(TREE), "--to", "json", "-o", str(tmp_path / "out"), "--quiet"]) == 0
        page = tmp_path / "out" / DAY / "README.json"
        page.chmod(0o664)
        assert main(["convert", str(TREE), "--to", "json", "-o", str(tmp_path / "out"), "--quiet", "--force"]) == 0
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in files if p != page} == {mode}
    assert stat.S_IMODE(page.stat().st_mode) == 0o664
    folders = [p for p in (tmp_path / "out").rglob("*") if p.is_dir()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o777 & ~mask}


def test_one_and_two_jobs_write_the_same_tree(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        assert main(["convert", str(TREE), "--to", "xml", "-o", str(tmp_path / jobs), "-j", jobs, "--quiet"]) == 0
    assert _pages(tmp_path / "1") == _pages(tmp_path / "2")
    assert main(["convert", str(TREE), "--to", "xml", "-o", str(tmp_path / "0"), "-j", "0"]) == 2


def test_tally_says_it_once() -> None:
    tally = Tally()
    for outcome in (
        _jobs.Outcome("a", "b"),
        _jobs.Outcome("c", "d", passed_through=True),
        _jobs.Outcome("e", None, "e: bad", retried=True),
    ):
        tally.add(outcome)
    assert str(tally) == "converted 1 file, 1 copied unchanged, 1 failed; 1 run again after a worker process died"
    assert not tally.ok


# --- processes: concurrent runs, dead workers, signals -------------------------------------


def _big_tree(tmp_path: Path, copies: int) -> Path:
    """The real pages, ``copies`` times over (each copy its own folder): enough work that a run
    is still going when the test acts on it."""
    src = tmp_path / "big"
    for n in range(copies):
        shutil.copytree(TREE, src / f"copy{n:03}")
    return src


def _wait_for(condition: Callable[[], object], what: str, timeout: float = 120) -> object:
    """Poll ``condition`` until it is true (no fixed sleeps: a loaded machine only waits longer)."""
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.002)
    return found


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def _no_temporary_files(root: Path) -> None:
    assert not list(root.rglob(f"*{_files.TEMP_SUFFIX}"))
    for path in root.rglob("*"):
        if path.is_file():
            nf.load(path)  # each file whole


def test_two_concurrent_runs_write_each_file_once(tmp_path: Path) -> None:
    """Two runs into one OUT without --force: each target is written by exactly one of them (a
    hard link puts a file in place only if nothing is there), the other says it exists."""
    src = _big_tree(tmp_path, 10)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsformat", "convert", str(src), "--to", "json", "-o", str(out), "-j", "1"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errs = [run.communicate(timeout=300)[1] for run in runs]
    converted = [int(err.splitlines()[-1].split()[1]) for err in errs]
    exists = [err.count("The file exists") for err in errs]
    assert sum(converted) == 220 and [c + e for c, e in zip(converted, exists, strict=True)] == [220, 220], errs
    assert len(list(out.rglob("*.json"))) == 220
    _no_temporary_files(out)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds worker processes through /proc")
def test_a_worker_killed_mid_run(tmp_path: Path) -> None:
    """SIGKILL to a worker: the files it and the others held are run again in a new pool, the run
    goes on to the end, and says so."""
    src = _big_tree(tmp_path, 40)
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "newsformat", "convert", str(src), "--to", "json", "-o", str(out), "-j", "2"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        workers = _wait_for(lambda: len(_children(run.pid)) == 2 and _children(run.pid), "two workers")
        assert isinstance(workers, list)
        for pid in workers:  # freeze the work, so that it is surely still going
            os.kill(pid, signal.SIGSTOP)
        assert run.poll() is None and len(list(out.rglob("*.json"))) < 880
        os.kill(workers[0], signal.SIGKILL)
        os.kill(workers[1], signal.SIGCONT)
        err = run.communicate(timeout=300)[1]
    finally:
        run.kill()
    assert run.returncode == 0, err
    assert "Traceback" not in err and "run again after a worker process died" in err.splitlines()[-1]
    assert err.splitlines()[-1].startswith("converted 880 files, 0 failed")
    assert len(list(out.rglob("*.json"))) == 880
    _no_temporary_files(out)


def _default_signal_handlers() -> None:
    """In the child: Ctrl-C and SIGTERM handled the default way. A test run started in the
    background (`nohup`, `cmd &`, some CI runners) has SIGINT ignored, which the child would
    inherit, and newsformat leaves an ignored signal ignored, as a background job expects."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds worker processes through /proc")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_signal_mid_run_leaves_no_temporary_file(tmp_path: Path, signum: int, code: int, jobs: str) -> None:
    """Ctrl-C or SIGTERM while files are being written: the run stops, every file it leaves is
    whole, and no temporary file is left. The process (and its workers) is frozen with SIGSTOP
    before the signal, so the signal surely lands mid-run."""
    src = _big_tree(tmp_path, 40)
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "newsformat", "convert", str(src), "--to", "json", "-o", str(out), "-j", jobs],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_signal_handlers,
    )
    try:
        _wait_for(lambda: any(out.rglob("*.json")), "the first file written")
        frozen = [run.pid, *_children(run.pid)]
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        assert run.poll() is None
        os.kill(run.pid, signum)
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
        err = run.communicate(timeout=300)[1]
    finally:
        run.kill()
    assert run.returncode == code, err
    assert err.endswith("newsformat: interrupted\n" if signum == signal.SIGINT else "newsformat: terminated\n")
    assert "Traceback" not in err
    _no_temporary_files(out)
    assert len(list(out.rglob("*.json"))) < 880


def test_outcomes_stream_while_the_tree_is_walked(tmp_path: Path) -> None:
    """Closing the conversion early stops it: later files are not written."""
    with convert_tree([_big_tree(tmp_path, 10)], tmp_path / "out", "json", jobs=1) as conversion:
        assert conversion.total == 220
        first = [next(conversion) for _ in range(3)]
    assert all(o.ok for o in first) and len(list((tmp_path / "out").rglob("*.json"))) < 220


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers must inherit the patched reader")
def test_a_file_that_kills_its_worker_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose conversion kills the worker every time (as a crash in compiled code would):
    the files lost with it are run again one at a time, and only that file fails."""
    deadly = "large-snowstorms-kill-6-people-and-injure-over-600-in-japan.md"
    real = _jobs.load

    def load(path: str, **kwargs: object) -> nf.Record:
        if path.endswith(deadly):
            os._exit(70)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_jobs, "load", load)
    outcomes = list(convert_tree([TREE], tmp_path / "out", "json", jobs=2))
    failed = [o for o in outcomes if not o.ok]
    assert [o.source for o in outcomes] == [str(p) for p in find_pages(TREE)]
    assert [(Path(o.source).name, o.error) for o in failed] == [
        (deadly, f"{failed[0].source}: Not converted: its worker process died while converting it")
    ]
    assert all(o.retried for o in outcomes) and len(list((tmp_path / "out").rglob("*.json"))) == 21
    _no_temporary_files(tmp_path / "out")
