"""Files on disk, read and written so that nothing hangs, escapes or is left half done.

Reading refuses what is not a regular file (a FIFO, a device, a socket, a folder) before it is
opened, and opens with O_NONBLOCK and checks again, so that a file swapped in between cannot
block. Writing goes to a temporary file beside the target, put in place only when complete: with
a hard link when an existing file must not be replaced (the link fails if the target appeared
meanwhile), with a rename otherwise. Folders are opened one component at a time relative to
the one above, never following a symbolic link, so that a target cannot be redirected outside
the folder it was meant for, whatever happens to the tree meanwhile.

Temporary files are named ``.<name>.<pid>-<n>.newsformat-tmp``: a later run recognises its own
kind by the suffix and removes one only when the process that wrote it is gone
(:func:`sweep_stale`).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import stat
from collections.abc import Sequence
from types import TracebackType
from typing import BinaryIO, Final

from .errors import ReadError, WriteError, read_error, write_error

__all__ = (
    "FILE_MODE", "TEMP_SUFFIX", "read_bytes", "open_dir", "open_below", "NewFile", "write_at", "write_path",
    "sweep_stale", "discard_pending", "write_stream",
)  # fmt: skip

FILE_MODE: Final = 0o666
"""The mode new files are created with, less the umask: what a plain ``open()`` gives."""

DIR_MODE: Final = 0o777
TEMP_SUFFIX: Final = ".newsformat-tmp"
_TEMP: Final = re.compile(r"\.(?P<pid>[0-9]+)-[0-9]+" + re.escape(TEMP_SUFFIX) + r"\Z")
_NAME_MAX: Final = 255  # bytes in one file name, on the file systems Linux and macOS use
# POSIX flags, 0 where a system lacks one: reading works everywhere; writing relative to folder
# descriptors (dir_fd) needs a POSIX system (Linux, macOS, the BSDs).
_NONBLOCK: Final[int] = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW: Final[int] = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC: Final[int] = getattr(os, "O_CLOEXEC", 0)
_BINARY: Final[int] = getattr(os, "O_BINARY", 0)  # Windows opens in text mode without it
_DIR_FLAGS: Final[int] = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_NEW_FILE: Final[int] = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
_NO_HARD_LINKS: Final = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK})

_counter = itertools.count()
# Temporary files being written by this process, so that a signal handler can remove them.
_pending: dict[int, tuple[int, str]] = {}


# --- reading ------------------------------------------------------------------------------


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse(mode: int, path: str | os.PathLike[str]) -> ReadError:
    if stat.S_ISDIR(mode):
        return read_error(errno.EISDIR, os.strerror(errno.EISDIR), path)
    return read_error(None, f"Expected a regular file, found {_kind(mode)}", path)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at ``path``.

    Raises:
        ReadError: The file is missing, not allowed, or not a regular file; refused before it
            is opened when it is a FIFO, device, socket or folder.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(mode, path)
        # O_NONBLOCK: a FIFO put in the file's place since the check opens without blocking
        # and is refused below, instead of hanging until a writer comes.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError.of(exc, path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(mode, path)
        with open(fd, "rb", closefd=False) as fh:
            return fh.read()
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError.of(exc, path) from None
    finally:
        os.close(fd)


# --- folders ------------------------------------------------------------------------------


def open_dir(base: str | os.PathLike[str], parts: Sequence[str], *, create: bool = True) -> int:
    """A descriptor of the folder ``base/part/part/...``, made when missing if ``create``.

    ``base`` is opened as given (it may be a link the user chose); each part is then opened
    relative to the one above with O_NOFOLLOW (:func:`open_below`), so a symbolic link at any
    part is refused and nothing below ``base`` can lead out of it, whatever changes meanwhile.

    Raises:
        WriteError: A part is a symbolic link or a file, or cannot be made.
    """
    shown = os.fspath(base)
    try:
        fd = os.open(base, _DIR_FLAGS)
    except OSError as exc:
        raise WriteError.of(exc, shown) from None
    try:
        for part in parts:
            shown = os.path.join(shown, part)
            below = open_below(fd, part, shown, create=create)
            os.close(fd)
            fd = below
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_below(dir_fd: int, part: str, shown: str, *, create: bool = True) -> int:
    """A descriptor of the folder ``part`` inside ``dir_fd``, never through a symbolic link;
    made when missing if ``create``. ``shown`` names it in errors."""
    flags = _DIR_FLAGS | _NOFOLLOW
    try:
        return os.open(part, flags, dir_fd=dir_fd)
    except FileNotFoundError:
        if not create:
            raise write_error(errno.ENOENT, os.strerror(errno.ENOENT), shown) from None
    except OSError as exc:
        raise _not_a_folder(dir_fd, part, shown, exc) from None
    try:
        with contextlib.suppress(FileExistsError):  # made meanwhile by another worker
            os.mkdir(part, DIR_MODE, dir_fd=dir_fd)
        return os.open(part, flags, dir_fd=dir_fd)
    except OSError as exc:
        raise _not_a_folder(dir_fd, part, shown, exc) from None


def _not_a_folder(dir_fd: int, part: str, shown: str, exc: OSError) -> WriteError:
    if exc.errno in (errno.ENOTDIR, errno.ELOOP):
        try:
            if stat.S_ISLNK(os.stat(part, dir_fd=dir_fd, follow_symlinks=False).st_mode):
                return write_error(None, "Refused to write through a symbolic link to a folder", shown)
        except OSError:
            pass  # gone meanwhile: the error of the open says enough
    return WriteError.of(exc, shown)


# --- writing ------------------------------------------------------------------------------


def _temp_name(name: str) -> str:
    tag = f".{os.getpid()}-{next(_counter)}{TEMP_SUFFIX}"
    head = os.fsencode("." + name)[: _NAME_MAX - len(tag)]
    return os.fsdecode(head) + tag


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        done = os.write(fd, view)
        if done <= 0:
            raise OSError(errno.EIO, "Short write: the system took no bytes")
        view = view[done:]


def _mode_to_keep(dir_fd: int, name: str, shown: str, *, replace: bool) -> int | None:
    """The mode of the file ``name`` that is about to be replaced (None when there is none, or
    when it is not to be replaced); a folder in the way, and a target that replacing would
    damage, are refused."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode):
        raise write_error(errno.EISDIR, "Not replaced: it is a folder", shown)
    if not replace:
        return None  # the hard link that puts the new file in place refuses an existing one
    if stat.S_ISLNK(st.st_mode):
        raise write_error(
            None, "Not replaced: it is a symbolic link, and newsformat does not write through links", shown
        )
    if not stat.S_ISREG(st.st_mode):
        raise write_error(None, f"Not replaced: it is {_kind(st.st_mode)}", shown)
    if st.st_nlink > 1:
        raise write_error(None, f"Not replaced: it has {st.st_nlink} hard links, which a new file would break", shown)
    return stat.S_IMODE(st.st_mode) & 0o777


class NewFile:
    """A file written beside its target and put in place only when complete.

    Use as a context manager: leaving it normally commits (a rename when ``replace``, else a
    hard link that fails if the target exists); leaving it by any exception, KeyboardInterrupt
    included, removes the temporary file.
    """

    def __init__(self, dir_fd: int, name: str, *, replace: bool, shown: str, same_ok: bool = False) -> None:
        self.dir_fd = dir_fd
        self.name = name
        self.replace = replace
        self.shown = shown
        self.same_ok = same_ok
        self.temp = _temp_name(name)
        self._key = id(self)
        self._fd = -1

    def __enter__(self) -> NewFile:
        try:
            mode = _mode_to_keep(self.dir_fd, self.name, self.shown, replace=self.replace)
            _pending[self._key] = (self.dir_fd, self.temp)
            self._fd = os.open(self.temp, _NEW_FILE, FILE_MODE, dir_fd=self.dir_fd)
            if mode is not None:
                os.fchmod(self._fd, mode)
        except BaseException as exc:
            self._discard()
            raise self._translate(exc) from None
        return self

    def write(self, data: bytes) -> None:
        """Append ``data``; a short or failed write raises."""
        try:
            _write_all(self._fd, data)
        except OSError as exc:
            raise WriteError.of(exc, self.shown) from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if exc is not None:
            self._discard()
            return
        try:
            os.close(self._fd)
            self._fd = -1
            if self.replace:
                os.rename(self.temp, self.name, src_dir_fd=self.dir_fd, dst_dir_fd=self.dir_fd)
            else:
                self._link()
        except BaseException as error:
            self._discard()
            raise self._translate(error) from None
        _pending.pop(self._key, None)

    def _link(self) -> None:
        try:
            os.link(self.temp, self.name, src_dir_fd=self.dir_fd, dst_dir_fd=self.dir_fd, follow_symlinks=False)
        except FileExistsError:
            if not (self.same_ok and _holds(self.dir_fd, self.name, self.temp)):
                raise write_error(errno.EEXIST, "The file exists (use --force to replace it)", self.shown) from None
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            _copy_new(self.dir_fd, self.temp, self.name)  # a file system without hard links
        os.unlink(self.temp, dir_fd=self.dir_fd)

    def _discard(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        _pending.pop(self._key, None)
        # Never made, or its folder is gone: the error that brought us here is the one to report.
        with contextlib.suppress(OSError):
            os.unlink(self.temp, dir_fd=self.dir_fd)

    def _translate(self, exc: BaseException) -> BaseException:
        if isinstance(exc, OSError) and not isinstance(exc, (WriteError, ReadError)):
            return WriteError.of(exc, self.shown)
        return exc


def _holds(dir_fd: int, name: str, temp: str) -> bool:
    """Whether the file ``name`` holds what ``temp`` holds (a retried job finds its own work)."""
    try:
        with (
            open(os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY, dir_fd=dir_fd), "rb") as there,
            open(os.open(temp, os.O_RDONLY | _BINARY, dir_fd=dir_fd), "rb") as here,
        ):
            return stat.S_ISREG(os.fstat(there.fileno()).st_mode) and there.read() == here.read()
    except OSError:
        return False


def _copy_new(dir_fd: int, temp: str, name: str) -> None:
    """Create ``name`` exclusively (O_EXCL) from ``temp``, removing it again if that fails."""
    with open(os.open(temp, os.O_RDONLY | _BINARY, dir_fd=dir_fd), "rb") as fh:
        data = fh.read()
    fd = os.open(name, _NEW_FILE, FILE_MODE, dir_fd=dir_fd)
    try:
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        os.unlink(name, dir_fd=dir_fd)
        raise
    os.close(fd)


def write_at(dir_fd: int, name: str, data: bytes, *, replace: bool, shown: str, same_ok: bool = False) -> None:
    """Write ``data`` as the file ``name`` in the folder ``dir_fd``, atomically.

    Raises:
        WriteError: It cannot be written; it exists and ``replace`` is false (a
            FileExistsError, unless ``same_ok`` and it already holds ``data``); or it is a
            symbolic link, a folder or a file with other hard links, which are never replaced.
    """
    with NewFile(dir_fd, name, replace=replace, shown=shown, same_ok=same_ok) as new:
        new.write(data)


def write_path(path: str | os.PathLike[str], data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` atomically, making its folder if needed."""
    shown = os.fspath(path)
    parent, name = os.path.split(shown)
    if not name or name in (".", ".."):
        raise write_error(errno.EISDIR, "Expected a file name, not a folder", shown)
    try:
        os.makedirs(parent or ".", DIR_MODE, exist_ok=True)
        dir_fd = os.open(parent or ".", _DIR_FLAGS)
    except OSError as exc:
        raise WriteError.of(exc, parent or ".") from None
    try:
        write_at(dir_fd, name, data, replace=replace, shown=shown)
    finally:
        os.close(dir_fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, and someone else's
        return True
    return True


def sweep_stale(dir_fd: int) -> int:
    """Remove the temporary files that newsformat processes now gone left in ``dir_fd``
    (killed before they could clean up); return how many. Other files are never touched."""
    removed = 0
    with os.scandir(dir_fd) as entries:
        for entry in entries:
            found = _TEMP.search(entry.name) if entry.name.startswith(".") else None
            if found is None or not entry.is_file(follow_symlinks=False) or _alive(int(found["pid"])):
                continue
            try:
                os.unlink(entry.name, dir_fd=dir_fd)
                removed += 1
            except FileNotFoundError:  # another run removed it first
                pass
    return removed


def discard_pending() -> None:
    """Remove every temporary file this process is writing (from a signal handler, before exit)."""
    for dir_fd, temp in list(_pending.values()):
        with contextlib.suppress(OSError):  # already put in place, or its folder is gone
            os.unlink(temp, dir_fd=dir_fd)
    _pending.clear()


def write_stream(stream: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` to a binary stream, however few bytes each write takes.

    A raw, unbuffered stream (standard output under PYTHONUNBUFFERED=1) may take part of the
    data and say so only in its return value: that is written again, and a write that takes
    nothing raises.
    """
    view = memoryview(data)
    while view:
        done = stream.write(view)
        if done is None:  # a non-blocking stream that is full
            raise BlockingIOError(errno.EAGAIN, "The output would block")
        if done <= 0:
            raise OSError(errno.EIO, "Short write: the output took no bytes")
        view = view[done:]
