"""Planning a conversion: the sources and the output checked up front, then the jobs.

Before anything is read or written, every source is classified (a tree, a page file, JSON
Lines) and checked, the output folder or file is checked, and the trees are walked once to
count the files and to find sources that would be written to the same target: each of those is
reported and none written. The jobs are then listed lazily, in the order of the sources.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, Final

import attrs

from ._jobs import Failed, FileJob, Job, LineJob, Sink, source_name
from ._walk import extension, walk_files
from .api import FORMATS
from .errors import ReadError, UnknownFormatError, write_error
from .jsonl import JSONL, iter_lines

__all__ = ("Source", "classify", "check_format", "prepare_out", "Plan")


@attrs.frozen
class Source:
    """One source of a conversion, classified."""

    kind: str  # "tree", "file" or "jsonl"
    path: str
    fmt: str | None = None
    stream: Any = None  # a binary stream read as JSON Lines


def check_format(name: str, allowed: tuple[str, ...], what: str) -> None:
    """Refuse a format name not in ``allowed`` with UnknownFormatError."""
    if name not in allowed:
        raise UnknownFormatError(f"Unknown {what} format {name!r}: expected one of {', '.join(allowed)}")


def classify(source: str | os.PathLike[str] | BinaryIO, from_format: str | None) -> Source:
    """What kind of source this is; checked up front."""
    if not isinstance(source, (str, os.PathLike)):
        if from_format not in (None, JSONL):
            raise UnknownFormatError(f"A stream is read as JSON Lines, not as {from_format!r}")
        return Source(JSONL, str(getattr(source, "name", "<stream>")), JSONL, source)
    path = os.fspath(source)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ReadError.of(exc, path) from None
    if stat.S_ISDIR(mode):
        if from_format == JSONL:
            raise UnknownFormatError(f"{path}: --from jsonl reads JSON Lines files and standard input, not folders")
        return Source("tree", path, from_format)
    ext = extension(os.path.basename(path))
    if ext in (*FORMATS, JSONL) and from_format is not None and ext != from_format:
        raise UnknownFormatError(f"{path}: The extension says {ext!r}, but the source format given is {from_format!r}")
    fmt = from_format or ext
    if fmt not in (*FORMATS, JSONL):
        raise UnknownFormatError(
            f"Cannot tell the format of {path!r}: expected a .md, .json, .xml or .jsonl file (or name the format)"
        )
    return Source(JSONL if fmt == JSONL else "file", path, fmt)


def prepare_out(out: str | os.PathLike[str] | BinaryIO, to: str, force: bool) -> Sink:
    """Check the output, make its folder, and say where the jobs write."""
    if to == JSONL:
        if isinstance(out, (str, os.PathLike)):
            _check_jsonl_file(os.fspath(out), force)
        return Sink(None, to, force)
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"Expected a folder to write {to} files into, not {type(out).__name__}")
    folder = os.fspath(out)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise write_error(errno.ENOTDIR, "Expected a folder for the output, found a file", folder)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise write_error(exc.errno, exc.strerror or str(exc), folder) from None
    return Sink(folder, to, force)


def _check_jsonl_file(path: str, force: bool) -> None:
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        raise write_error(errno.EISDIR, "Expected a file for JSON Lines, found a folder", path)
    if os.path.lexists(path) and not force:
        raise write_error(errno.EEXIST, "The file exists (use --force to replace it)", path)
    parent = os.path.dirname(path)
    if parent:
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError as exc:
            raise write_error(exc.errno, exc.strerror or str(exc), parent) from None


_SPACE: Final = b" \t\r\n"
_PATH_FIRST: Final = re.compile(rb'[ \t\r\n]*\{[ \t\r\n]*"path"[ \t\r\n]*:[ \t\r\n]*')
_DECODER: Final = json.JSONDecoder()


def _line_path(data: bytes) -> str | None:
    """The "path" of a JSON Lines line, cheaply when it comes first (as newsformat writes
    it); None when the line has none (the worker will say what is wrong with it)."""
    try:
        text = data.decode("utf-8")
        found = _PATH_FIRST.match(data)
        if found is not None:
            value: Any = _DECODER.raw_decode(text, len(data[: found.end()].decode("utf-8")))[0]
        else:
            item = json.loads(text)
            value = item.get("path") if isinstance(item, dict) else None
    except (ValueError, RecursionError):  # not UTF-8, not JSON: for the worker to report
        return None
    return value if isinstance(value, str) else None


def _stem(name: str) -> str:
    stem, dot, _ = name.rpartition(".")
    return stem if dot else name


class Plan:
    """The jobs of a conversion, listed lazily in the order of the sources."""

    def __init__(self, sources: Sequence[Source], sink: Sink, exclude: frozenset[tuple[int, int]]) -> None:
        self.sources = sources
        self.sink = sink
        self.exclude = exclude
        self.has_lines = any(s.kind == JSONL for s in sources)
        self._seen: set[str] = set()

    def key(self, rel: Sequence[str]) -> str:
        """What two sources must not share: their target, less its extension (a.md and
        a.json both become a.xml)."""
        if self.sink.out is None:
            return "/".join(rel)
        return "/".join((*rel[:-1], _stem(rel[-1])))

    def shown(self, key: str) -> str:
        """The target a key names, as the user knows it."""
        if self.sink.out is None:
            return f"the path {key!r} in the JSON Lines"
        return os.path.join(self.sink.out, f"{key}.{self.sink.to}")

    def _jobs_of(self, source: Source) -> Iterator[tuple[Job, tuple[str, ...] | None]]:
        """The jobs of a file or tree source, each with its path in the tree (None for a
        failure found by the walk)."""
        if source.kind == "file":
            rel: tuple[str, ...] = (os.path.basename(source.path),)
            yield FileJob(source.path, source.fmt, rel), rel
            return
        wanted = (source.fmt,) if source.fmt is not None else FORMATS
        for item in walk_files(source.path, wanted, self.exclude):
            if isinstance(item, ReadError):
                yield Failed(os.fsdecode(item.filename), str(item)), None
            else:
                path, rel = item
                yield FileJob(path, source.fmt, rel), rel

    def _file_jobs(self) -> Iterator[tuple[Job, tuple[str, ...] | None]]:
        for source in self.sources:
            if source.kind != JSONL:
                yield from self._jobs_of(source)

    def survey(self) -> tuple[int, dict[str, list[str]]]:
        """Walk the trees once: how many jobs they hold, and which sources share a target
        (key -> sources). JSON Lines sources are read only once, by the jobs."""
        seen: set[str] = set()
        twice: set[str] = set()
        total = 0
        for _, rel in self._file_jobs():
            total += 1
            if rel is not None:
                key = self.key(rel)
                (twice if key in seen else seen).add(key)
        conflicts: dict[str, list[str]] = {}
        if twice:
            for job, rel in self._file_jobs():
                if rel is not None and (key := self.key(rel)) in twice:
                    conflicts.setdefault(key, []).append(source_name(job))
        if self.has_lines:
            self._seen = seen  # lines must not write what a tree writes
        return total, conflicts

    def jobs(self, conflicts: dict[str, list[str]]) -> Iterator[tuple[Job, tuple[str, ...] | None]]:
        """Each job, with its target folder (None when it has none); the sources of a
        conflict are left out (they were reported)."""
        for source in self.sources:
            if source.kind == JSONL:
                yield from self._line_jobs(source)
                continue
            for job, rel in self._jobs_of(source):
                if rel is None:
                    yield job, None
                elif self.key(rel) not in conflicts:
                    yield job, rel[:-1]

    def _line_jobs(self, source: Source) -> Iterator[tuple[Job, tuple[str, ...] | None]]:
        try:
            stream = source.stream if source.stream is not None else open(source.path, "rb")  # noqa: SIM115
        except OSError as exc:
            yield Failed(source.path, str(ReadError.of(exc, source.path))), None
            return
        try:
            for lineno, data in iter_lines(stream):
                if data.strip(_SPACE):
                    yield self._line_job(source.path, lineno, data)
        except OSError as exc:
            yield Failed(source.path, str(ReadError.of(exc, source.path))), None
        finally:
            if source.stream is None:
                stream.close()

    def _line_job(self, name: str, lineno: int, data: bytes) -> tuple[Job, tuple[str, ...] | None]:
        path = _line_path(data)
        if path is None:
            return LineJob(name, lineno, data), None
        rel = tuple(path.split("/"))
        key = self.key(rel)
        if key in self._seen:
            where = f"{name}:{lineno}"
            return Failed(where, f"{where}: Not converted: an earlier source also writes {self.shown(key)}"), None
        self._seen.add(key)
        return LineJob(name, lineno, data), rel[:-1]
