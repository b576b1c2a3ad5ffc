"""Whole archive trees: walk them, read every page, and convert them between formats.

Conversion treats every source file as a job of its own: whatever goes wrong with one (a
malformed page, a FIFO, a symbolic link loop, a name no format can carry, a worker process
killed) becomes its :class:`Outcome`, and the rest go on. Files are written atomically, never
outside the output folder and never over an existing file unless asked (see ``_files``).
Work is spread over a process pool of our own by default, or over any
:class:`concurrent.futures.Executor`, such as a Dask cluster's ``client.get_executor()``.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor
from typing import BinaryIO, Final

import attrs

from ._jobs import Chunk, Job, Outcome, Result, Sink
from ._plan import Plan, check_format, classify, prepare_out
from ._pool import CHUNK, available_cores, run_here, run_on, run_on_pool
from ._walk import find_pages, iter_pages, walk_pages
from .api import FORMATS
from .jsonl import JSONL, JsonlWriter

__all__ = ("Outcome", "Tally", "Conversion", "convert_tree", "walk_pages", "find_pages", "iter_pages")

_PARALLEL_FROM: Final = 64  # fewer files than this convert faster in one process than in a pool


# --- conversion ---------------------------------------------------------------------------


@attrs.define
class Tally:
    """Counts of outcomes, for the one summary line a conversion ends with."""

    converted: int = 0
    copied: int = 0
    failed: int = 0
    retried: int = 0

    def add(self, outcome: Outcome) -> Outcome:
        """Count ``outcome``, and return it."""
        if not outcome.ok:
            self.failed += 1
        elif outcome.passed_through:
            self.copied += 1
        else:
            self.converted += 1
        self.retried += outcome.retried
        return outcome

    @property
    def ok(self) -> bool:
        """Whether nothing failed."""
        return not self.failed

    def __str__(self) -> str:
        line = f"converted {self.converted} file{'s' * (self.converted != 1)}"
        if self.copied:
            line += f", {self.copied} copied unchanged"
        line += f", {self.failed} failed"
        if self.retried:
            line += f"; {self.retried} run again after a worker process died"
        return line


class Conversion(Iterator[Outcome]):
    """The outcomes of :func:`convert_tree`, one per source file (or JSON Lines line), in
    order, as they are done. ``total`` is how many there will be, when known up front (None
    when a JSON Lines source is read). Closing it (or leaving a ``with`` block) stops the work
    and leaves no temporary file."""

    def __init__(self, outcomes: Iterator[Outcome], total: int | None) -> None:
        self._outcomes = outcomes
        self.total = total

    def __next__(self) -> Outcome:
        return next(self._outcomes)

    def close(self) -> None:
        """Stop: running jobs finish, the others are dropped."""
        close = getattr(self._outcomes, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def convert_tree(
    sources: Iterable[str | os.PathLike[str] | BinaryIO],
    out: str | os.PathLike[str] | BinaryIO,
    to: str,
    *,
    force: bool = False,
    jobs: int | None = None,
    executor: Executor | None = None,
    from_format: str | None = None,
) -> Conversion:
    """Convert files, trees and JSON Lines into ``out``, mirroring each tree with extensions changed.

    Everything that would make the whole run pointless is checked at once, before anything is
    read or written: a missing source, an extension that names no format, an ``out`` of the
    wrong kind, two sources that would be written to one target (each reported, neither
    written). After that each source is a job of its own, and a failure is its Outcome.

    Args:
        sources: Files (.md, .json, .xml, .jsonl), folders, and binary streams (such as
            ``sys.stdin.buffer``), which are read as JSON Lines.
        out: The output folder; for ``to="jsonl"`` a file, or a binary stream.
        to: "md", "json", "xml" or "jsonl".
        force: Replace files that exist. A symbolic link, or a file with other hard links, is
            never replaced: it is reported.
        jobs: Worker processes; 1 converts in this process; by default one per core, and in
            this process for fewer than 64 files.
        executor: Run on this executor instead (any concurrent.futures.Executor, a Dask
            cluster's among them).
        from_format: Read only files of this format from folders ("md", "json", "xml"), and
            read files whose extension says no format as this one; "jsonl" reads every
            file source as JSON Lines.

    Raises:
        ReadError: A source does not exist.
        WriteError: ``out`` is a file where a folder is needed, or a folder where JSON Lines
            needs a file, or a JSON Lines file that exists without ``force``.
        UnknownFormatError: ``to``, ``from_format`` or a file's extension names no format.
    """
    check_format(to, (*FORMATS, JSONL), "output")
    if from_format is not None:
        check_format(from_format, (*FORMATS, JSONL), "source")
    if jobs is not None and jobs < 1:
        raise ValueError(f"Expected at least 1 job, not {jobs}")
    planned = [classify(source, from_format) for source in sources]
    sink = prepare_out(out, to, force)
    exclude: frozenset[tuple[int, int]] = frozenset()
    if sink.out is not None:
        st = os.stat(sink.out)
        exclude = frozenset({(st.st_dev, st.st_ino)})  # OUT inside a source tree is not walked
    plan = Plan(planned, sink, exclude)
    total, conflicts = plan.survey()
    workers = jobs if jobs is not None else available_cores()
    window = 2 * workers + 2
    runner: Callable[[Iterator[Chunk]], Generator[Result, None, None]]
    if executor is not None:
        runner = functools.partial(run_on, executor, window=window)
    elif workers == 1 or (jobs is None and total < _PARALLEL_FROM and not plan.has_lines):
        runner = run_here
    else:
        runner = functools.partial(run_on_pool, workers, window=window)
    jsonl_out = out if sink.out is None else None
    outcomes = _convert(plan, conflicts, runner, jsonl_out)
    return Conversion(outcomes, None if plan.has_lines else total)


def _conflicts(plan: Plan, conflicts: dict[str, list[str]]) -> Iterator[Outcome]:
    for key, sources in conflicts.items():
        for source in sources:
            others = ", ".join(s for s in sources if s != source)
            message = f"{source}: Not converted: {others} would also be written to {plan.shown(key)}"
            yield Outcome(source, None, message)


def _chunks(jobs: Iterator[tuple[Job, tuple[str, ...] | None]], sink: Sink) -> Iterator[Chunk]:
    """Jobs in chunks; the first job of each target folder also sweeps it of stale temporary
    files (the walk reaches each folder's files together)."""
    batch: list[Job] = []
    sweep: set[int] = set()
    last: tuple[str, ...] | None = None
    for job, folder in jobs:
        if folder is not None and folder != last and sink.out is not None:
            sweep.add(len(batch))
            last = folder
        batch.append(job)
        if len(batch) == CHUNK:
            yield Chunk(sink, batch, frozenset(sweep))
            batch, sweep = [], set()
    if batch:
        yield Chunk(sink, batch, frozenset(sweep))


def _convert(
    plan: Plan,
    conflicts: dict[str, list[str]],
    runner: Callable[[Iterator[Chunk]], Generator[Result, None, None]],
    jsonl_out: str | os.PathLike[str] | BinaryIO | None,
) -> Iterator[Outcome]:
    yield from _conflicts(plan, conflicts)
    chunks = _chunks(plan.jobs(conflicts), plan.sink)
    with contextlib.closing(runner(chunks)) as results:
        if jsonl_out is None:
            for outcome, _ in results:
                yield outcome
            return
        with JsonlWriter(jsonl_out, replace=plan.sink.force) as writer:
            for outcome, line in results:
                if line is not None:
                    writer.write(line)
                yield attrs.evolve(outcome, target=writer.shown) if outcome.target == "-" else outcome
