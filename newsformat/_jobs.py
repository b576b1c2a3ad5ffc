"""The work of tree conversion, one source at a time: what runs in the worker processes.

A job is a small picklable value: a file to read (:class:`FileJob`), a line of a JSON Lines
source (:class:`LineJob`), or a failure already known (:class:`Failed`). :func:`run_chunk` runs
a list of them and turns whatever goes wrong in one (any exception) into its :class:`Outcome`,
so that one bad file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import attrs

from ._files import open_below, open_dir, sweep_stale, write_at
from .api import dumps, load
from .errors import NewsformatError, NotAPageError, WriteError
from .jsonl import dumps_line, file_line, loads_line

__all__ = (
    "Outcome",
    "Sink",
    "FileJob",
    "LineJob",
    "Failed",
    "Job",
    "Chunk",
    "run_chunk",
    "source_name",
    "target_parts",
)


@attrs.frozen
class Outcome:
    """What became of one source: its target, or the error that stopped it.

    Attributes:
        source: The file (or ``name:line`` of a JSON Lines source).
        target: The file written, or the JSON Lines file the line went to; None on failure.
        error: ``"<path>: <message>"`` when it failed, else None.
        passed_through: Not an archive page: copied unchanged (a folder's README).
        retried: Converted again after the worker process that held it died.
    """

    source: str
    target: str | None
    error: str | None = None
    passed_through: bool = False
    retried: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@attrs.frozen
class Sink:
    """Where the jobs of one run go: a folder of ``to`` files, or JSON Lines (``out`` None:
    each job returns its line, which the main process writes in order)."""

    out: str | None
    to: str
    force: bool = False


@attrs.frozen
class FileJob:
    """Convert the file ``source`` (of format ``fmt``; None: by its extension), found at
    ``rel`` (path parts) in its tree."""

    source: str
    fmt: str | None
    rel: tuple[str, ...]


@attrs.frozen
class LineJob:
    """Convert line ``lineno`` (bytes) of the JSON Lines source ``name``."""

    name: str
    lineno: int
    data: bytes


@attrs.frozen
class Failed:
    """A source that failed before it could be read (a walk error, a link out of the tree)."""

    source: str
    error: str


Job = FileJob | LineJob | Failed


@attrs.frozen
class Chunk:
    """Jobs sent to a worker at once. ``sweep``: indexes of jobs that are the first of their
    target folder, where stale temporary files are removed first; ``again``: jobs run before
    by a worker that died, whose target may hold their result already."""

    sink: Sink
    jobs: Sequence[Job]
    sweep: frozenset[int] = frozenset()
    again: bool = False


Result = tuple[Outcome, str | None]  # the outcome, and the JSON Lines line when the sink wants lines


class _Folders:
    """Descriptors of the folders a chunk writes into, each opened once for the chunk: every
    part below OUT without following links (see ``open_below``)."""

    def __init__(self, out: str | None) -> None:
        self.out = out
        self.fds: dict[tuple[str, ...], int] = {}

    def get(self, parts: tuple[str, ...]) -> int:
        fd = self.fds.get(parts)
        if fd is None:
            assert self.out is not None
            if parts:
                fd = open_below(self.get(parts[:-1]), parts[-1], os.path.join(self.out, *parts))
            else:
                fd = open_dir(self.out, ())
            self.fds[parts] = fd
        return fd

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()


def run_chunk(chunk: Chunk) -> list[Result]:
    """Run every job of ``chunk``; a failure of any kind is that job's outcome."""
    folders = _Folders(chunk.sink.out)
    try:
        return [_run(job, chunk, i in chunk.sweep, folders) for i, job in enumerate(chunk.jobs)]
    finally:
        folders.close()


def source_name(job: Job) -> str:
    """How outcomes name a job's source: its path, or ``name:line`` for a JSON Lines line."""
    return f"{job.name}:{job.lineno}" if isinstance(job, LineJob) else job.source


def _run(job: Job, chunk: Chunk, sweep: bool, folders: _Folders) -> Result:
    source = source_name(job)
    if isinstance(job, Failed):
        return Outcome(source, None, job.error), None
    try:
        if isinstance(job, FileJob):
            return _run_file(job, chunk, _Target(folders, sweep, chunk.again))
        return _run_line(job, chunk, _Target(folders, sweep, chunk.again))
    except WriteError as exc:
        message = f"{source}: Cannot write {exc.filename}: {exc.strerror}"
        return Outcome(source, None, message, retried=chunk.again), None
    except NewsformatError as exc:
        message = str(exc)  # errors of reading name the file (and line) already
        if not message.startswith(job.name if isinstance(job, LineJob) else job.source):
            message = f"{source}: {message}"
        return Outcome(source, None, message, retried=chunk.again), None
    except Exception as exc:  # one source's failure, of whatever kind, never stops the others
        message = f"{source}: Unexpected {type(exc).__name__}: {exc}"
        return Outcome(source, None, message, retried=chunk.again), None


def _run_file(job: FileJob, chunk: Chunk, target: _Target) -> Result:
    sink = chunk.sink
    if sink.out is None:
        line, as_text = file_line("/".join(job.rel), job.source, job.fmt)
        return Outcome(job.source, "-", passed_through=as_text, retried=chunk.again), line
    try:
        text, passed = dumps(load(job.source, format=job.fmt), sink.to), False
    except NotAPageError as exc:
        if (job.fmt or job.source.rpartition(".")[2].lower()) != "md":
            raise
        # A folder's README or notes: mirrored as they are, so that a tree converted there and
        # back is the same tree.
        text, passed = exc.doc, True
    name = job.rel[-1] if passed else _with_ext(job.rel[-1], sink.to)
    written = target.write(sink, job.rel[:-1], name, text)
    return Outcome(job.source, written, passed_through=passed, retried=chunk.again), None


def _run_line(job: LineJob, chunk: Chunk, target: _Target) -> Result:
    source = f"{job.name}:{job.lineno}"
    found = loads_line(job.data, lineno=job.lineno, name=job.name)
    if found is None:  # the main process sends no blank lines
        raise NewsformatError("Expected a JSON object, found a blank line")
    path, item = found
    sink = chunk.sink
    if sink.out is None:
        return Outcome(source, "-", passed_through=isinstance(item, str), retried=chunk.again), dumps_line(path, item)
    parts = target_parts(path)
    if isinstance(item, str):  # a file that is not a page, carried as it was
        written = target.write(sink, parts[:-1], parts[-1], item)
        return Outcome(source, written, passed_through=True, retried=chunk.again), None
    text = dumps(item, sink.to)
    written = target.write(sink, parts[:-1], _with_ext(parts[-1], sink.to), text)
    return Outcome(source, written, retried=chunk.again), None


def target_parts(path: str) -> tuple[str, ...]:
    """The parts of a relative path from a JSON Lines line; one that would lead out of the
    output folder (absolute, ``..``, empty parts) is refused."""
    parts = tuple(path.split("/"))
    if not path or path.startswith("/") or any(p in ("", ".", "..") or "\0" in p for p in parts):
        raise NewsformatError(f"Refused to write outside the output folder: {path!r}")
    return parts


def _with_ext(name: str, ext: str) -> str:
    stem, dot, _ = name.rpartition(".")
    return f"{stem if dot else name}.{ext}"


@attrs.frozen
class _Target:
    """How one job writes: into the chunk's folders; ``sweep``: first clear its folder of
    stale temporary files; ``again``: a retried job, whose file may be there already."""

    folders: _Folders
    sweep: bool
    again: bool

    def write(self, sink: Sink, folder: tuple[str, ...], name: str, text: str) -> str:
        """Write ``text`` as ``OUT/folder/name``, opening each folder below OUT without
        following links, so that nothing can be redirected outside OUT; return its path."""
        assert sink.out is not None
        shown = os.path.join(sink.out, *folder, name)
        dir_fd = self.folders.get(folder)
        if self.sweep or self.again:
            sweep_stale(dir_fd)
        write_at(dir_fd, name, text.encode("utf-8"), replace=sink.force, shown=shown, same_ok=self.again)
        return shown
