"""The command's process: signals that stop it cleanly, and a standard output that reports
every failed write.

Kept apart from the command line's arguments and output, which are what :mod:`newsformat.cli`
is about.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ("Terminated", "checked_stdout", "signals_as_exceptions", "silence_stdout")


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that it stops the way Ctrl-C does: running
    jobs finish, temporary files are removed."""


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt and SIGTERM Terminated, once: a second signal while the
    first is being handled is ignored, so that the clean-up it started can finish."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a worker process forked before it set handlers of its own
            os._exit(128 + signum)
        for handled in previous:
            signal.signal(handled, signal.SIG_IGN)
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    owner = os.getpid()
    previous = {
        signum: signal.getsignal(signum)
        for signum in (signal.SIGINT, signal.SIGTERM)
        if signal.getsignal(signum) is not signal.SIG_IGN  # as in a background job: left alone
    }
    for signum in previous:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def checked_stdout() -> Iterator[None]:
    """A buffered standard output for the run, where it is a raw file (PYTHONUNBUFFERED=1).

    A raw file may take part of a write and say so only in the count it returns, which the
    text layer ignores: output would be cut short without an error. A buffered writer writes
    the rest, and raises when nothing more can be written.
    """
    original = sys.stdout
    raw = getattr(original, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        yield
        return
    buffered = io.BufferedWriter(io.FileIO(raw.fileno(), "w", closefd=False))
    sys.stdout = io.TextIOWrapper(
        buffered, encoding=original.encoding, errors=original.errors, line_buffering=bool(original.line_buffering)
    )
    try:
        yield
    finally:
        checked, sys.stdout = sys.stdout, original
        with contextlib.suppress(OSError):  # main() has reported it and silenced the descriptor
            checked.close()


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass
