"""Files on disk: unreadable sources and unwritable destinations give clear errors, writes get
the modes users expect, and a conversion that cannot finish leaves only complete files behind."""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import newsformat as nf
from newsformat import _files
from newsformat.cli import main, sample_archive

from .conftest import DATA, read

SEED = DATA / "valid" / "en-event-current-seed.md"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _within(seconds: float, work: Callable[[], object]) -> object:
    """Run ``work`` in a thread and return what it returned or raised; fail if it is still
    running after ``seconds`` (a FIFO opened without O_NONBLOCK would hang for ever)."""
    box: list[object] = []

    def run() -> None:
        try:
            box.append(work())
        except BaseException as exc:
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"still running after {seconds} s"
    return box[0]


def _read_error(path: Path | str, **kwargs: Any) -> nf.ReadError:
    result = _within(60, lambda: nf.load(path, **kwargs))
    assert isinstance(result, nf.ReadError), result
    assert isinstance(result, OSError) and not isinstance(result, nf.ParseError)
    return result


# --- reading ------------------------------------------------------------------------------


def test_load_of_a_missing_file_is_a_file_not_found_error(tmp_path: Path) -> None:
    """The errno is kept: ``except FileNotFoundError`` catches a missing page."""
    error = _read_error(tmp_path / "gone.md")
    assert isinstance(error, FileNotFoundError) and error.errno == errno.ENOENT
    assert error.filename == str(tmp_path / "gone.md")
    assert str(error) == f"{tmp_path / 'gone.md'}: Cannot read: No such file or directory"
    with pytest.raises(FileNotFoundError):
        nf.load(tmp_path / "gone.md")


def test_load_of_a_missing_file_without_extension_says_it_is_missing(tmp_path: Path) -> None:
    """The file is looked for before its extension is judged."""
    assert isinstance(_read_error(tmp_path / "nope"), FileNotFoundError)


def test_load_of_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "day.md"
    folder.mkdir()
    error = _read_error(folder)
    assert isinstance(error, IsADirectoryError)
    assert str(error) == f"{folder}: Cannot read: Is a directory"


def test_load_of_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO named like a page is refused before it is opened: nothing waits for a writer."""
    fifo = tmp_path / "page.md"
    os.mkfifo(fifo)
    error = _read_error(fifo)
    assert error.errno is None
    assert str(error) == f"{fifo}: Cannot read: Expected a regular file, found a FIFO"


def test_load_of_a_device_and_a_socket(tmp_path: Path) -> None:
    assert (
        str(_read_error(os.devnull, format="md"))
        == f"{os.devnull}: Cannot read: Expected a regular file, found a device"
    )
    where = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(where))
        assert str(_read_error(where)).endswith("Expected a regular file, found a socket")


def test_a_fifo_swapped_in_after_the_check_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is made again on the open file, which is opened without blocking."""
    fifo = tmp_path / "page.md"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(_files.os, "stat", lambda path, **kw: real_stat(SEED) if path == fifo else real_stat(path))
    assert str(_read_error(fifo)).endswith("Expected a regular file, found a FIFO")


def test_load_of_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    error = _read_error(loop)
    assert error.errno == errno.ELOOP and "Too many levels of symbolic links" in str(error)


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_load_of_an_unreadable_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    shutil.copy(SEED, page)
    page.chmod(0)
    assert isinstance(_read_error(page), PermissionError)


def test_load_when_permission_is_denied(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same error when the system refuses the open (as it does for others than root)."""

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(_files.os, "open", refuse)
    error = _read_error(SEED)
    assert isinstance(error, PermissionError)
    assert str(error) == f"{SEED}: Cannot read: Permission denied"


def test_load_of_an_unknown_extension(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    shutil.copy(SEED, page)
    with pytest.raises(nf.UnknownFormatError, match=r"Cannot tell the format of .*page\.txt") as info:
        nf.load(page)
    assert isinstance(info.value, ValueError) and isinstance(info.value, nf.NewsformatError)
    assert nf.load(page, format="md") == nf.load(SEED)


def test_read_errors_pickle_with_their_kind() -> None:
    """Errors cross process boundaries in tree conversion."""
    error = _read_error("/nonexistent/x.md")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error) and again.errno == errno.ENOENT


# --- writing ------------------------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for a test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "file_mode", "dir_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)])
def test_dump_gives_the_modes_of_a_plain_open(
    tmp_path: Path, umask: Callable[[int], None], mask: int, file_mode: int, dir_mode: int
) -> None:
    """New files get 0666 less the umask, new folders 0777 less the umask; folders are made."""
    umask(mask)
    target = tmp_path / "new" / "folder" / "page.json"
    nf.dump(nf.load(SEED), target)
    assert _mode(target) == file_mode
    assert _mode(target.parent) == dir_mode and _mode(tmp_path / "new") == dir_mode
    assert nf.load(target) == nf.load(SEED)


def test_dump_over_a_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o077)
    target = tmp_path / "page.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    nf.dump(nf.load(SEED), target)
    assert _mode(target) == 0o664 and read(target) == read(SEED)


def test_dump_does_not_replace_a_symlink_or_break_hard_links(tmp_path: Path) -> None:
    """A symbolic link or a file with other hard links is refused, and left as it was."""
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(nf.WriteError, match="Not replaced: it is a symbolic link"):
        nf.dump(nf.load(SEED), link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "old"
    twin = tmp_path / "twin.md"
    os.link(real, twin)
    with pytest.raises(nf.WriteError, match="Not replaced: it has 2 hard links"):
        nf.dump(nf.load(SEED), twin)
    assert twin.stat().st_nlink == 2 and twin.read_text(encoding="utf-8") == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(_files.TEMP_SUFFIX)]


def test_dump_without_replace_keeps_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(FileExistsError) as info:
        nf.dump(nf.load(SEED), target, replace=False)
    assert isinstance(info.value, nf.WriteError)
    assert target.read_text(encoding="utf-8") == "old"


def test_no_clobber_is_atomic(tmp_path: Path) -> None:
    """Many writers race to create one file: exactly one wins, the others are refused, and
    the file holds the winner's text whole (a hard link puts it in place or fails)."""
    dir_fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    start = threading.Barrier(8)
    results: list[object] = []

    def write(n: int) -> None:
        start.wait()
        try:
            _files.write_at(dir_fd, "page.md", f"writer {n}\n".encode() * 1000, replace=False, shown="page.md")
            results.append(n)
        except nf.WriteError as exc:
            results.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    os.close(dir_fd)
    winners = [r for r in results if isinstance(r, int)]
    assert len(winners) == 1 and all(isinstance(r, FileExistsError) for r in results if r not in winners)
    assert (tmp_path / "page.md").read_text(encoding="utf-8") == f"writer {winners[0]}\n" * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_stale_temporary_files_are_recognised_and_removed(tmp_path: Path) -> None:
    """Only newsformat's own temporary files whose process is gone are removed."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    stale = tmp_path / f".page.json.{dead}-0{_files.TEMP_SUFFIX}"
    live = tmp_path / f".other.json.{os.getpid()}-7{_files.TEMP_SUFFIX}"
    foreign = tmp_path / ".page.json.12345.tmp"
    for path in (stale, live, foreign):
        path.write_text("partial", encoding="utf-8")
    dir_fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        assert _files.sweep_stale(dir_fd) == 1
    finally:
        os.close(dir_fd)
    assert not stale.exists() and live.exists() and foreign.exists()


def test_a_conversion_sweeps_the_folders_it_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A run removes what a killed run left in the folders it writes into."""
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout)
    out = tmp_path / "out"
    day = out / "en" / "news" / "2011" / "11" / "2"
    day.mkdir(parents=True)
    stale = day / f".index.json.{dead}-3{_files.TEMP_SUFFIX}"
    stale.write_text("half", encoding="utf-8")
    assert main(["convert", str(sample_archive()), "--to", "json", "-o", str(out), "--quiet"]) == 0
    assert not stale.exists() and (day / "index.json").is_file()


def test_a_temporary_file_being_written_is_removed_by_the_signal_handler(tmp_path: Path) -> None:
    """What a worker's SIGTERM handler calls: every temporary file in progress goes."""
    dir_fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        new = _files.NewFile(dir_fd, "page.md", replace=False, shown="page.md").__enter__()
        new.write(b"half a page")
        assert (tmp_path / new.temp).exists()
        _files.discard_pending()
        assert list(tmp_path.iterdir()) == []
    finally:
        os.close(dir_fd)


def _only_complete_files(out: Path) -> list[Path]:
    """Every file under ``out`` loads in full; no temporary file is left."""
    files = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in out.rglob(f"*{_files.TEMP_SUFFIX}")]
    for path in files:
        nf.load(path)
    return files


def test_a_full_disk_mid_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC from the fourth write on: those files are reported, none is left half written."""
    calls = {"n": 0}
    original = _files._write_all

    def filling(fd: int, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] >= 4:
            os.write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        original(fd, data)

    monkeypatch.setattr(_files, "_write_all", filling)
    out = tmp_path / "out"
    assert main(["convert", str(sample_archive()), "--to", "json", "-o", str(out), "--quiet", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("No space left on device") == 6
    assert "converted 3 files, 6 failed" in err
    assert len(_only_complete_files(out)) == 3


@pytest.fixture
def tiny_mount(tmp_path: Path) -> Iterator[Any]:
    """A fresh tmpfs of a given size and mode, where the machine lets the tests mount one."""
    mounted: list[Path] = []

    def make(size: str, *, readonly: bool = False) -> Path:
        where = tmp_path / f"mnt{len(mounted)}"
        where.mkdir()
        options = f"size={size}" + (",ro" if readonly else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(where)
        return where

    if shutil.which("mount") is None or not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root and mount")
    yield make
    for where in mounted:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_a_really_full_disk(tiny_mount: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """A 16 kB file system fills part way through the sample: the files that fit are whole."""
    out = tiny_mount("16k") / "out"
    assert main(["convert", str(sample_archive()), "--to", "json", "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err
    written = _only_complete_files(out)
    assert 0 < len(written) < 9


def test_a_read_only_destination(tiny_mount: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only file system: one error up front, nothing written, exit 1."""
    out = tiny_mount("1m", readonly=True)
    assert main(["convert", str(sample_archive()), "--to", "xml", "-o", str(out / "x"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err == f"newsformat convert: {out / 'x'}: Cannot write: Read-only file system\n"
    assert not list(out.iterdir())


@pytest.mark.skipif(IS_ROOT, reason="root writes into folders whatever their mode")
def test_a_folder_without_write_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    assert main(["convert", str(sample_archive()), "--to", "xml", "-o", str(out), "--quiet"]) == 1
    assert "Permission denied" in capsys.readouterr().err
    assert not list(out.iterdir())


# --- standard output ----------------------------------------------------------------------


def _run_cli(*argv: str, stdout: Any, unbuffered: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "newsformat", *argv], stdout=stdout, stderr=subprocess.PIPE, text=True, env=env
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "PYTHONUNBUFFERED=1"])
@pytest.mark.parametrize(
    "argv",
    [
        ["slug", "A title"],
        ["convert", str(SEED), "--to", "json"],
        ["convert", str(sample_archive()), "--to", "jsonl", "--quiet"],
        ["schema"],
    ],
    ids=["slug", "convert", "jsonl", "schema"],
)
def test_standard_output_on_a_full_device(argv: list[str], unbuffered: bool) -> None:
    """Writing to a full standard output is one line of error and exit 1, not a traceback."""
    with open("/dev/full", "w") as full:
        done = _run_cli(*argv, stdout=full, unbuffered=unbuffered)
    assert done.returncode == 1
    assert done.stderr.endswith("newsformat: cannot write: No space left on device\n"), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", str(DATA / "valid" / "en-front-readme-opinion.json"), "--to", "xml"],  # 17,850 bytes
        ["convert", str(sample_archive()), "--to", "jsonl", "--quiet"],
    ],
    ids=["document", "jsonl"],
)
def test_a_short_write_to_standard_output_is_an_error(tiny_mount: Any, argv: list[str]) -> None:
    """Under PYTHONUNBUFFERED=1 a file system that fills takes part of a write and says so only
    in its count: the rest is written again, the next write fails, and the exit status says so."""
    target = tiny_mount("16k") / "out"
    with open(target, "w") as out:
        done = _run_cli(*argv, stdout=out, unbuffered=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr.endswith("newsformat: cannot write: No space left on device\n")


class _Trickle:
    """A raw stream that takes at most ``step`` bytes a write, and then none at all."""

    def __init__(self, step: int, capacity: int) -> None:
        self.step, self.capacity, self.data = step, capacity, bytearray()

    def write(self, view: memoryview) -> int:
        taken = bytes(view[: min(self.step, self.capacity - len(self.data))])
        self.data += taken
        return len(taken)


def test_write_stream_writes_what_a_short_write_left() -> None:
    stream = _Trickle(step=7, capacity=1000)
    _files.write_stream(stream, b"x" * 100)  # type: ignore[arg-type]
    assert stream.data == b"x" * 100
    with pytest.raises(OSError, match="Short write"):
        _files.write_stream(_Trickle(step=7, capacity=50), b"x" * 100)  # type: ignore[arg-type]


def test_a_folder_where_a_file_should_go(tmp_path: Path) -> None:
    """A folder in the target's place is said to be one, with or without replacing."""
    (tmp_path / "page.md").mkdir()
    for replace in (True, False):
        with pytest.raises(IsADirectoryError, match="Not replaced: it is a folder"):
            nf.dump(nf.load(SEED), tmp_path / "page.md", replace=replace)
    assert list(tmp_path.iterdir()) == [tmp_path / "page.md"]
