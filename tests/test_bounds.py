"""Bounded cost: reading grows linearly with the input, in every format.

Each case times loads() on an input and on one k times larger, and asserts the time grew by
less than 2.5 k: linear growth passes with room for noise, quadratic growth (k squared) fails.
These are complexity checks, not speed checks; speed is measured in benchmarks/run.py.
"""

from __future__ import annotations

import gc
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
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # a collection landing in one run but not the other is noise, not growth
        try:
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def _loads(text: str, fmt: str) -> Callable[[], object]:
    def work() -> object:
        try:
            return nf.loads(text, fmt, url=SEED.url) if fmt == "md" else nf.loads(text, fmt)
        except nf.ParseError as exc:  # refusing is fine; it must be as quick as accepting
            return exc

    return work


def assert_linear(make: Callable[[int], str], fmt: str, small: int, k: int) -> None:
    little, big = make(small), make(small * k)
    t_small = _seconds(_loads(little, fmt), repeat=3)
    t_big = _seconds(_loads(big, fmt), repeat=1)
    assert t_big < 2.5 * k * max(t_small, 1e-3), f"{k}x the input took {t_big / t_small:.1f}x the time"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_10_mb_title(fmt: str) -> None:
    """A title of 10 MB reads in time proportional to its length."""
    assert_linear(lambda n: nf.dumps(attrs.evolve(SEED, title="word " * (n // 5) + "end"), fmt), fmt, 1_250_000, 8)


@pytest.mark.parametrize("fmt", FORMATS)
def test_100k_related_items(fmt: str) -> None:
    """100,000 related items read in time proportional to their number."""
    unit = SEED.related

    def make(n: int) -> str:
        return nf.dumps(attrs.evolve(SEED, related=unit * (n // len(unit))), fmt)

    assert_linear(make, fmt, 25_000, 4)


def _brackets_in_every_line(n: int) -> list[str]:
    lines = SEED_TEXT.split("\n")
    return ["\n".join([*lines[:i], "[" * n, *lines[i + 1 :]]) for i in range(len(lines))]


def test_a_line_of_1m_brackets_in_markdown() -> None:
    """A line of a million '[' in place of any line of a page: no backtracking blow-up."""
    for small, big in zip(_brackets_in_every_line(125_000), _brackets_in_every_line(1_000_000), strict=True):
        t_small = _seconds(_loads(small, "md"), repeat=2)
        t_big = _seconds(_loads(big, "md"), repeat=1)
        assert t_big < 2.5 * 8 * max(t_small, 1e-3)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_value_of_1m_brackets(fmt: str) -> None:
    """A million '[' inside a value of a JSON or XML document."""
    text = nf.dumps(SEED, fmt)
    old = '"category": "Tajikistan' if fmt == "json" else "<category>Tajikistan"
    assert_linear(lambda n: text.replace(old, old.replace("Tajikistan", "[" * n)), fmt, 125_000, 8)


def test_a_million_nested_json_arrays_are_refused_quickly() -> None:
    """Nesting is bounded: deep arrays are refused, not recursed into until the stack breaks."""
    with pytest.raises(nf.ParseError, match="nested too deeply"):
        nf.loads('{"layout": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}", "json")
