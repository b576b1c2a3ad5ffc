"""Running chunks of jobs: in this process, on a process pool of our own, or on any Executor.

Results come back in the order of the jobs, with only a few chunks in flight, so memory stays
flat however large the tree. When a worker process of our own pool dies (killed, out of
memory), every chunk in flight is lost with it: those jobs are run again one at a time in a
new pool, so that only a job that kills its worker again fails, and the run goes on.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as WaitTimedOut  # not the builtin before Python 3.11
from concurrent.futures.process import BrokenProcessPool
from types import FrameType
from typing import Final

import attrs

from ._files import discard_pending
from ._jobs import Chunk, Outcome, Result, run_chunk, source_name

__all__ = ("available_cores", "run_here", "run_on", "run_on_pool")

# Jobs per task: fewer round trips, and neighbouring pages (which share links and items) stay
# in one worker's caches; 64 gave two workers 1.62-1.68x one on the corpus, 32 gave 1.58-1.61x.
CHUNK: Final = 64
_POLL: Final = 0.5  # seconds between looks at a pool that may have broken while we waited


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_here(chunks: Iterable[Chunk]) -> Generator[Result, None, None]:
    """Run every chunk in this process."""
    for chunk in chunks:
        yield from run_chunk(chunk)


def run_on(executor: Executor, chunks: Iterable[Chunk], *, window: int) -> Generator[Result, None, None]:
    """Run the chunks on someone else's executor. A chunk whose task fails as a whole (its
    worker lost) fails each of its jobs, and the run goes on."""
    pending: deque[tuple[Chunk, Future[list[Result]] | BaseException]] = deque()
    chunks = iter(chunks)
    while True:
        while len(pending) < window and (chunk := next(chunks, None)) is not None:
            pending.append((chunk, _submit(executor, chunk)))
        if not pending:
            return
        chunk, task = pending.popleft()
        try:
            if isinstance(task, BaseException):
                raise task
            yield from task.result()
        except Exception as exc:
            yield from _lost(chunk, f"the executor lost the task: {type(exc).__name__}: {exc}")


def _submit(executor: Executor, chunk: Chunk) -> Future[list[Result]] | BaseException:
    try:
        return executor.submit(run_chunk, chunk)
    except Exception as exc:  # a broken or closed executor: reported with the chunk's jobs
        return exc


def _lost(chunk: Chunk, why: str) -> list[Result]:
    results: list[Result] = []
    for job in chunk.jobs:
        source = source_name(job)
        results.append((Outcome(source, None, f"{source}: Not converted: {why}", retried=chunk.again), None))
    return results


def _worker_started() -> None:
    """In each worker: Ctrl-C is the main process's to handle (it lets running chunks finish);
    SIGTERM removes the temporary file being written before the worker exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: FrameType | None) -> None:
    discard_pending()
    os._exit(128 + signum)


def run_on_pool(workers: int, chunks: Iterable[Chunk], *, window: int) -> Generator[Result, None, None]:
    """Run the chunks on a process pool of ``workers``; a dead worker's jobs are run again."""
    pool = _Pool(workers)
    pending: deque[tuple[Chunk, Future[list[Result]]]] = deque()
    chunks = iter(chunks)
    try:
        while True:
            while len(pending) < window and (chunk := next(chunks, None)) is not None:
                pending.append((chunk, pool.submit(chunk)))
            if not pending:
                return
            chunk, task = pending.popleft()
            try:
                results = pool.result(task)
            except BrokenProcessPool:
                lost = [chunk, *(c for c, _ in pending)]
                pending.clear()
                pool.renew()
                for chunk in lost:
                    yield from _one_by_one(pool, chunk)
                continue
            yield from results
    finally:
        pool.close()


def _one_by_one(pool: _Pool, chunk: Chunk) -> Generator[Result, None, None]:
    """The jobs of a chunk lost with a dead worker, each alone in the pool; a job whose worker
    dies again is reported."""
    for job in chunk.jobs:
        alone = attrs.evolve(chunk, jobs=[job], sweep=frozenset({0}), again=True)
        try:
            yield from pool.result(pool.submit(alone))
        except BrokenProcessPool:
            pool.renew()
            yield from _lost(alone, "its worker process died while converting it")


class _Pool:
    """A process pool of our own, replaced by a fresh one when a worker dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, initializer=_worker_started)

    def submit(self, chunk: Chunk) -> Future[list[Result]]:
        """The chunk's task; when a worker has died already, a task that fails as if the chunk
        had been lost with it, so that the caller handles both the same way, in order."""
        try:
            return self.executor.submit(run_chunk, chunk)
        except BrokenProcessPool as exc:
            refused: Future[list[Result]] = Future()
            refused.set_exception(exc)
            return refused

    def result(self, task: Future[list[Result]]) -> list[Result]:
        """The task's results, or BrokenProcessPool once the pool is broken. A task submitted
        just as a worker died can be left pending for ever by the executor (its manager has
        failed the tasks it knew of and stopped): the wait looks at the pool now and then."""
        while True:
            try:
                return task.result(timeout=_POLL)
            except WaitTimedOut:
                if getattr(self.executor, "_broken", False):
                    raise BrokenProcessPool("a worker process died") from None

    def renew(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def close(self) -> None:
        # Chunks not started are dropped; running ones finish, so no worker is stopped half way
        # through a file.
        self.executor.shutdown(wait=True, cancel_futures=True)
