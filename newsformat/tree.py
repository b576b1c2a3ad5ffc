"""Convert whole archive trees between formats, safely and in parallel.

Each file is written atomically (a temporary file beside it, then a rename), never outside
the output folder, and never over an existing file unless asked. A file that fails is
reported and the rest go on. Work is spread over any :class:`concurrent.futures.Executor`:
a process pool by default, or, say, a Dask cluster's ``client.get_executor()``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import Final

import attrs

from .api import FORMATS, dumps, load, write_atomic
from .errors import NewsformatError, NotAPageError

__all__ = ("Outcome", "convert_tree", "find_pages", "safe_target", "write_new")

_PARALLEL_FROM: Final = 64  # fewer files than this convert faster in one process


@attrs.frozen
class Outcome:
    """What became of one file: its target, or the error that stopped it."""

    source: str
    target: str | None
    error: str | None = None
    passed_through: bool = False  # not an archive page: copied unchanged

    @property
    def ok(self) -> bool:
        return self.error is None


def find_pages(root: Path) -> Iterator[Path]:
    """The pages under ``root`` (.md, .json, .xml), sorted; links that lead out of it are skipped."""
    top = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        for name in sorted(filenames):
            path = here / name
            if path.suffix.lstrip(".") not in FORMATS:
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(top):
                continue
            yield path


def safe_target(out: Path, relative: str | os.PathLike[str]) -> Path:
    """``out / relative``, refused when it would land outside ``out``."""
    rel = PurePosixPath(os.fspath(relative).replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise NewsformatError(f"Refused to write outside the output folder: {os.fspath(relative)!r}")
    target = out / rel
    if not target.resolve().is_relative_to(out.resolve()):
        raise NewsformatError(f"Refused to write outside the output folder: {os.fspath(relative)!r}")
    return target


def write_new(target: Path, text: str, *, force: bool = False) -> None:
    """Write ``target`` atomically, creating its folder; refuse to replace it unless ``force``."""
    if target.exists() and not force:
        raise NewsformatError(f"{target} exists (use --force to overwrite)")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)


def _convert_one(job: tuple[str, str, str, bool]) -> Outcome:
    source, target, to, force = job
    dst = Path(target)
    passed = False
    try:
        try:
            text = dumps(load(source), to)
        except NotAPageError as exc:
            if not source.endswith(".md"):
                raise
            # A folder's README or notes: mirrored as they are, so that a tree converted there
            # and back is the same tree.
            text, passed = exc.doc, True
            dst = dst.with_name(Path(source).name)
        write_new(dst, text, force=force)
        return Outcome(source, str(dst), passed_through=passed)
    except NewsformatError as exc:
        return Outcome(source, None, str(exc))
    except OSError as exc:
        return Outcome(source, None, f"{source}: cannot write {target}: {exc.strerror or exc}")


def _jobs(sources: Iterable[Path], out: Path, to: str, force: bool) -> Iterator[tuple[str, str, str, bool]]:
    for source in sources:
        if source.is_dir():
            for page in find_pages(source):
                rel = page.relative_to(source).with_suffix("." + to)
                yield str(page), str(safe_target(out, rel)), to, force
        else:
            yield str(source), str(safe_target(out, source.with_suffix("." + to).name)), to, force


def convert_tree(
    sources: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    to: str,
    *,
    force: bool = False,
    executor: Executor | None = None,
) -> Iterator[Outcome]:
    """Convert files and trees into ``out``, mirroring each tree with extensions changed.

    Args:
        sources: Files and folders to convert.
        out: The output folder.
        to: "md", "json" or "xml".
        force: Overwrite files that exist.
        executor: Where to run the work; by default a process pool on all cores for large
            trees. Outcomes come back in order as they finish.
    """
    if to not in FORMATS:
        raise ValueError(f"Unknown format {to!r}: expected one of {', '.join(FORMATS)}")
    jobs = _jobs([Path(s) for s in sources], Path(out), to, force)
    if executor is not None:
        yield from _in_order(executor, jobs)
        return
    # The tree is walked as it is converted; only the first few jobs are looked at up front,
    # to tell a small conversion (done here, faster than starting workers) from a large one.
    first = list(islice(jobs, _PARALLEL_FROM))
    if len(first) < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(_convert_one, first)
        return
    with ProcessPoolExecutor() as pool:
        yield from _in_order(pool, chain(first, jobs))


_CHUNK: Final = 32  # jobs per task: fewer round trips to the workers


def _convert_many(jobs: list[tuple[str, str, str, bool]]) -> list[Outcome]:
    return [_convert_one(job) for job in jobs]


def _in_order(executor: Executor, jobs: Iterator[tuple[str, str, str, bool]]) -> Iterator[Outcome]:
    """Run the jobs in chunks on ``executor`` and yield their outcomes in order, keeping only a
    few chunks in flight: memory stays flat however large the tree."""
    window = 2 * (os.cpu_count() or 1) + 2
    pending: deque[Future[list[Outcome]]] = deque()
    while chunk := list(islice(jobs, _CHUNK)):
        pending.append(executor.submit(_convert_many, chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
