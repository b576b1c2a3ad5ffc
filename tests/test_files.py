"""Files on disk: unreadable sources and unwritable destinations give clear errors, and a
conversion that cannot finish leaves only complete files behind."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsformat as nf
import newsformat.api as api
from newsformat.cli import main, sample_archive

from .conftest import DATA

SEED = DATA / "valid" / "en-event-current-seed.md"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _read_error(path: Path) -> str:
    with pytest.raises(nf.NewsformatError) as info:
        nf.load(path)
    assert not isinstance(info.value, nf.ParseError)
    return str(info.value)


def test_load_of_a_missing_file(tmp_path: Path) -> None:
    assert _read_error(tmp_path / "gone.md") == f"{tmp_path / 'gone.md'}: cannot read: No such file or directory"


def test_load_of_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "day.md"
    folder.mkdir()
    assert _read_error(folder) == f"{folder}: cannot read: Is a directory"


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_load_of_an_unreadable_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    shutil.copy(SEED, page)
    page.chmod(0)
    assert _read_error(page) == f"{page}: cannot read: Permission denied"


def test_load_when_permission_is_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same error when the system refuses the read (as it does for others than root)."""

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(api, "open", refuse, raising=False)
    assert _read_error(SEED) == f"{SEED}: cannot read: Permission denied"


def test_load_of_an_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"Cannot tell the format of .*page\.txt"):
        nf.load(tmp_path / "page.txt")


# --- destinations --------------------------------------------------------------------------


def _only_complete_files(out: Path) -> list[Path]:
    """Every file under ``out`` loads in full; no temporary file is left."""
    files = [p for p in out.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.endswith(".tmp")]
    for path in files:
        nf.load(path)
    return files


def test_a_full_disk_mid_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC on the fourth file: it and the rest are reported, none is left half written."""
    calls = {"n": 0}
    original = api.os.fdopen

    class FullDisk:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, text: str) -> int:
            self.handle.write(text[: len(text) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        handle = original(fd, *args, **kwargs)
        return FullDisk(handle) if calls["n"] >= 4 else handle

    monkeypatch.setattr(api.os, "fdopen", fdopen)
    out = tmp_path / "out"
    assert main(["convert", str(sample_archive()), "--to", "json", "-o", str(out), "--quiet"]) == 1
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
    """A read-only file system: every file is reported, nothing is written, exit 1."""
    out = tiny_mount("1m", readonly=True)
    assert main(["convert", str(sample_archive()), "--to", "xml", "-o", str(out / "x"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Read-only file system" in err and "converted 0 files, 9 failed" in err
    assert not list(out.iterdir())


@pytest.mark.skipif(IS_ROOT, reason="root writes into folders whatever their mode")
def test_a_folder_without_write_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    assert main(["convert", str(sample_archive()), "--to", "xml", "-o", str(out), "--quiet"]) == 1
    assert "Permission denied" in capsys.readouterr().err
    assert not list(out.iterdir())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["slug", "A title"], ["convert", str(SEED), "--to", "json"], ["schema"]])
def test_standard_output_on_a_full_device(argv: list[str]) -> None:
    """Writing to a full standard output is one line of error and exit 1, not a traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "newsformat", *argv], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr == "newsformat: cannot write: No space left on device\n"
