"""Bounded cost: reading grows linearly with the input, in every format.

Each case times loads() on inputs of four sizes, each twice the one before, and fits the
slope of log(time) against log(size): about 1 for linear growth, about 2 for quadratic. The
bound, 1.5, sits halfway. Times are this process's CPU time, best of a few runs, so other
processes on a busy machine do not count; and a slope over four sizes does not hang on one
slow run. These are complexity checks, not speed checks; speed is measured in
benchmarks/run.py.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable

import attrs
import pytest

import newsformat as nf

from .conftest import DATA, read

FORMATS = ("md", "json", "xml")
SEED_TEXT = read(DATA / "valid" / "en-event-current-seed.md")
SEED = nf.loads(SEED_TEXT)


def _seconds(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    gc.disable()  # a collection landing in one run but not the other is noise, not growth
    try:
        for _ in range(repeat):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return max(best, 1e-4)  # below the clock's grain a time says nothing


def _loads(text: str, fmt: str) -> Callable[[], object]:
    def work() -> object:
        try:
            return nf.loads(text, fmt, url=SEED.url) if fmt == "md" else nf.loads(text, fmt)
        except nf.ParseError as exc:  # refusing is fine; it must be as quick as accepting
            return exc

    return work


def slope(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size)."""
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def assert_linear(make: Callable[[int], str], fmt: str, small: int) -> None:
    """Reading ``make(n)`` costs time linear in n, for n from ``small`` to 8 times it."""
    sizes = [small * 2**i for i in range(4)]
    gc.collect()  # once: in a full test run the heap is large, and collecting it takes time
    # The smaller sizes twice (their times are the shakier), the larger ones once.
    times = [_seconds(_loads(make(n), fmt), repeat=2 if n < 4 * small else 1) for n in sizes]
    found = slope(sizes, times)
    assert found < 1.5, f"time grew as size^{found:.2f}: {[f'{t:.3f}s' for t in times]} for sizes {sizes}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_10_mb_title(fmt: str) -> None:
    """A title of 10 MB reads in time proportional to its length."""
    assert_linear(lambda n: nf.dumps(attrs.evolve(SEED, title="word " * (n // 5) + "end"), fmt), fmt, 1_250_000)


@pytest.mark.parametrize("fmt", FORMATS)
def test_100k_related_items(fmt: str) -> None:
    """100,000 related items read in time proportional to their number."""
    unit = SEED.related

    def make(n: int) -> str:
        return nf.dumps(attrs.evolve(SEED, related=unit * (n // len(unit))), fmt)

    assert_linear(make, fmt, 12_500)


def _brackets_in_line(i: int, n: int) -> str:
    lines = SEED_TEXT.split("\n")
    return "\n".join([*lines[:i], "[" * n, *lines[i + 1 :]])


def test_a_line_of_1m_brackets_in_markdown() -> None:
    """A line of a million '[' in place of any line of a page: no backtracking blow-up."""
    for i in range(len(SEED_TEXT.split("\n"))):
        assert_linear(lambda n, i=i: _brackets_in_line(i, n), "md", 125_000)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_value_of_1m_brackets(fmt: str) -> None:
    """A million '[' inside a value of a JSON or XML document."""
    text = nf.dumps(SEED, fmt)
    old = '"category": "Tajikistan' if fmt == "json" else "<category>Tajikistan"
    assert_linear(lambda n: text.replace(old, old.replace("Tajikistan", "[" * n)), fmt, 125_000)


def test_a_million_nested_json_arrays_are_refused_quickly() -> None:
    """Nesting is bounded: deep arrays are refused, not recursed into until the stack breaks."""
    with pytest.raises(nf.ParseError, match="nested too deeply"):
        nf.loads('{"layout": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}", "json")
