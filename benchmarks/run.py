"""Throughput of newsformat against peers, measured in one process on the same inputs.

Usage: python benchmarks/run.py [--corpus DIR] [--repeat N]

Peers are benchmark extras (pip install ".[bench]"), never runtime dependencies; a peer that
is not installed is reported as missing. Prints a table of throughput and ratios.
"""

import argparse
import contextlib
import datetime as dt
import gc
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xmltodict

import newsformat as nf
from newsformat import jsoncodec, markdown, xmlcodec

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"

# The practical limit: split into lines and match one regex per line, building nothing.
_LINE = re.compile(r"(#{1,5} |\d+\. \[|Formats: |_|---$)?(.*)")


def baseline(text: str) -> int:
    return sum(1 for line in text.split("\n") if _LINE.match(line))


def best(fn: Callable[[], Any], repeat: int) -> float:
    """The best of ``repeat`` timings of ``fn``, in seconds.

    Each run starts with newsformat's caches empty (parsed links, list items met before,
    layouts), so every run pays for what one pass over the corpus parses (what repeats within
    the corpus is reused, as it is in a real conversion), never for none. Times are CPU time
    of this process: other processes on a busy machine do not count."""
    times = []
    for _ in range(repeat):
        markdown.clear_caches()
        gc.collect()
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def pages(corpus: Path) -> list[str]:
    texts = []
    for path in sorted(corpus.rglob("*.md")):
        if path.parent == corpus:
            continue
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def row(name: str, seconds: float, count: int, against: float | None = None) -> str:
    rate = count / seconds
    ratio = f"{against / seconds:8.2f}x" if against else " " * 9
    return f"  {name:<44} {rate:>12,.0f}/s {ratio}"


def bench_markdown(texts: list[str], repeat: int) -> list[str]:
    records = [markdown.loads(t) for t in texts]
    out = ["Markdown (pages/s; ratio = newsformat loads time / peer time, below 1 is faster)"]
    t_loads = best(lambda: [markdown.loads(t) for t in texts], repeat)
    t_dumps = best(lambda: [markdown.dumps(r) for r in records], repeat)
    t_base = best(lambda: [baseline(t) for t in texts], repeat)
    out.append(row("newsformat.loads (md -> record)", t_loads, len(texts)))
    out.append(row("newsformat.dumps (record -> md)", t_dumps, len(texts)))
    out.append(
        row("baseline: split + one regex per line", t_base, len(texts)) + f"  loads is {t_loads / t_base:.2f}x slower"
    )
    try:
        from markdown_it import MarkdownIt

        md = MarkdownIt()
        t_mdit = best(lambda: [md.parse(t) for t in texts], repeat)
        out.append(row("markdown-it-py parse", t_mdit, len(texts)) + f"  loads is {t_mdit / t_loads:.1f}x faster")
    except ImportError:
        out.append("  markdown-it-py: not installed")
    try:
        import mistune

        ast = mistune.create_markdown(renderer=None)
        t_mist = best(lambda: [ast(t) for t in texts], repeat)
        out.append(row("mistune (AST)", t_mist, len(texts)) + f"  loads is {t_mist / t_loads:.1f}x faster")
    except ImportError:
        out.append("  mistune: not installed")
    return out


def bench_memory(texts: list[str]) -> list[str]:
    """Every page loaded at once, against the memory of the texts themselves (tracemalloc)."""
    import tracemalloc

    markdown.clear_caches()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    copies = [t.encode().decode() for t in texts]  # fresh copies: what holding the texts costs
    text_bytes = tracemalloc.get_traced_memory()[0] - before
    del copies
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    records = [markdown.loads(t) for t in texts]
    markdown.clear_caches()  # what stays is what the records hold
    gc.collect()
    record_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del records
    return [
        "Memory (tracemalloc; every page's record held at once)",
        f"  texts {text_bytes / 2**20:.1f} MB, records {record_bytes / 2**20:.1f} MB:"
        f" records cost {record_bytes / text_bytes:.2f}x their texts",
    ]


def _same_data(peer: str, docs: list[str], written: list[Any], out: list[str]) -> None:
    """Say so when a peer's output does not carry the data of the documents it read."""
    lost = sum(json.loads(a) != json.loads(b) for a, b in zip(docs, written, strict=True))
    if lost:
        out.append(f"  ({peer} gave back {lost} of {len(docs)} documents with other data)")


def bench_json(events: list[nf.Event], repeat: int) -> list[str]:
    docs = [jsoncodec.dumps(e) for e in events]
    out = ["JSON round trip of events (decode + encode, events/s)"]
    t_nf = best(lambda: [jsoncodec.dumps(jsoncodec.loads(d)) for d in docs], repeat)
    out.append(row("newsformat json loads + dumps", t_nf, len(docs)))
    plain = [json.loads(d) for d in docs]
    try:
        from pydantic import BaseModel

        # The peers' models hold all a document holds, the items' layouts included, so that
        # they do the same work; each peer's output is checked to carry the same data.
        class PSource(BaseModel):
            name: str
            url: str
            image: str | None = None
            layout: dict[str, Any] = {}

        class PRelated(BaseModel):
            title: str
            url: str
            contexts: list[str] = []
            layout: dict[str, Any] = {}

        class PChange(BaseModel):
            title: str
            url: str
            label: str
            timestamp: dt.datetime | None = None
            layout: dict[str, Any] = {}

        class PEvent(BaseModel):
            kind: str
            version: int
            date: dt.date
            title: str
            lang: str
            slug: str | None = None
            category: str | None = None
            body: str | None = None
            sources: list[PSource] = []
            related: list[PRelated] = []
            changes: list[PChange] = []
            layout: dict[str, Any] = {}

        t_py = best(
            lambda: [PEvent.model_validate_json(d).model_dump_json(exclude_defaults=True) for d in docs], repeat
        )
        _same_data(
            "pydantic", docs, [PEvent.model_validate_json(d).model_dump_json(exclude_defaults=True) for d in docs], out
        )
        out.append(
            row("pydantic v2 model_validate_json + dump_json", t_py, len(docs))
            + f"  newsformat is {t_py / t_nf:.2f}x its speed"
        )
    except ImportError:
        out.append("  pydantic: not installed")
    try:
        import msgspec

        class MSource(msgspec.Struct, omit_defaults=True):
            name: str
            url: str
            image: str | None = None
            layout: dict[str, Any] = {}

        class MRelated(msgspec.Struct, omit_defaults=True):
            title: str
            url: str
            contexts: list[str] = []
            layout: dict[str, Any] = {}

        class MChange(msgspec.Struct, omit_defaults=True):
            title: str
            url: str
            label: str
            timestamp: dt.datetime | None = None
            layout: dict[str, Any] = {}

        class MEvent(msgspec.Struct, omit_defaults=True):
            kind: str
            version: int
            date: dt.date
            title: str
            lang: str
            slug: str | None = None
            category: str | None = None
            body: str | None = None
            sources: list[MSource] = []
            related: list[MRelated] = []
            changes: list[MChange] = []
            layout: dict[str, Any] = {}

        dec = msgspec.json.Decoder(MEvent)
        enc = msgspec.json.Encoder()
        t_ms = best(lambda: [enc.encode(dec.decode(d)) for d in docs], repeat)
        _same_data("msgspec", docs, [enc.encode(dec.decode(d)) for d in docs], out)
        out.append(
            row("msgspec Struct decode + encode", t_ms, len(docs)) + f"  newsformat is {t_ms / t_nf:.2f}x its speed"
        )
    except ImportError:
        out.append("  msgspec: not installed")
    del plain
    return out


def bench_xml(records: list[nf.Record], repeat: int) -> list[str]:
    docs = [xmlcodec.dumps(r) for r in records]
    trees = [xmltodict.parse(d) for d in docs]
    out = ["XML (documents/s)"]
    t_nf_load = best(lambda: [xmlcodec.loads(d) for d in docs], repeat)
    t_bare_load = best(lambda: [xmltodict.parse(d, strip_whitespace=False) for d in docs], repeat)
    t_nf_dump = best(lambda: [xmlcodec.dumps(r) for r in records], repeat)
    t_bare_dump = best(lambda: [xmltodict.unparse(t, pretty=True) for t in trees], repeat)
    out.append(
        row("newsformat xml loads", t_nf_load, len(docs))
        + f"  {t_nf_load / t_bare_load:.2f}x the time of bare xmltodict.parse"
    )
    out.append(row("bare xmltodict.parse", t_bare_load, len(docs)))
    out.append(
        row("newsformat xml dumps", t_nf_dump, len(docs))
        + f"  {t_nf_dump / t_bare_dump:.2f}x the time of bare xmltodict.unparse"
    )
    out.append(row("bare xmltodict.unparse", t_bare_dump, len(docs)))
    return out


_MEASURE_CHILD = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
seconds = time.perf_counter() - start
# The largest RSS of any process this one waited for: the CLI or one of its workers.
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.returncode)
"""


def _run_cli(*argv: str) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB and exit code of `newsformat ARGV`, run in a fresh process so
    that its peak is its own (and its workers')."""
    command = [sys.executable, "-m", "newsformat", *argv, "--quiet"]
    report = subprocess.run(
        [sys.executable, "-c", _MEASURE_CHILD, *command], capture_output=True, text=True, check=True
    )
    seconds, peak, code = report.stdout.split()
    return float(seconds), float(peak), int(code)


def _scratch() -> str | None:
    """A folder on tmpfs when there is one: the tree lines measure the converter, not the disk."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _best_convert(tree: Path, scratch: Path, jobs: int, repeat: int, to: str = "json") -> tuple[float, float, int]:
    best = (float("inf"), 0.0, 0)
    for n in range(repeat):
        out = scratch / f"out-{jobs}-{n}"
        target = out.with_suffix(".jsonl") if to == "jsonl" else out
        result = _run_cli("convert", str(tree), "--to", to, "-o", str(target), "-j", str(jobs))
        shutil.rmtree(out, ignore_errors=True)
        target.unlink(missing_ok=True)
        best = min(best, result)
    return best


def _read_all(corpus: Path, traced: bool, limit: int | None = None) -> tuple[float, int, float]:
    """Seconds, pages and peak traced MB (0 when not traced) of reading every page with
    newsformat.iter_pages; the reader's caches (each bounded) are emptied every 500 pages, so
    that the peak is that of the walk."""
    import tracemalloc

    markdown.clear_caches()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    count = 0
    for _ in nf.iter_pages(corpus, on_error=lambda e: None):
        count += 1
        if count % 500 == 0:
            markdown.clear_caches()
        if count == limit:
            break
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    tracemalloc.stop()
    markdown.clear_caches()
    return seconds, count, peak


def bench_tree(corpus: Path, repeat: int) -> list[str]:
    count = sum(1 for p in corpus.rglob("*.md") if p.parent != corpus)
    where = _scratch()
    out = [
        "Tree convert (`newsformat convert` in a child process, best of"
        f" {repeat}; peak RSS of its largest process; written to {where or 'the temporary folder'})"
    ]
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        scratch = Path(tmp)
        one = _best_convert(corpus, scratch, 1, repeat)
        two = _best_convert(corpus, scratch, 2, repeat)
        out.append(
            f"  md -> json, -j 1: {count} pages in {one[0]:.2f}s = {count / one[0]:,.0f} pages/s, {one[1]:.0f} MB"
        )
        out.append(
            f"  md -> json, -j 2: {count} pages in {two[0]:.2f}s = {count / two[0]:,.0f} pages/s, {two[1]:.0f} MB"
            f"  two workers: {one[0] / two[0]:.2f}x one"
        )
        # The same pages twice over, in one tree twice the size: memory should not grow.
        double = scratch / "double"
        for copy in ("a", "b"):
            shutil.copytree(corpus, double / copy)
        big = _best_convert(double, scratch, 2, repeat)
        out.append(
            f"  twice the corpus, -j 2: {2 * count} pages in {big[0]:.2f}s = {2 * count / big[0]:,.0f} pages/s,"
            f" {big[1]:.0f} MB"
        )
        lines = _best_convert(corpus, scratch, 2, repeat, to="jsonl")
        out.append(f"  md -> jsonl, -j 2: {count / lines[0]:,.0f} pages/s, {lines[1]:.0f} MB")
        lines2 = _best_convert(double, scratch, 2, repeat, to="jsonl")
        out.append(f"  twice the corpus -> jsonl: {2 * count / lines2[0]:,.0f} pages/s, {lines2[1]:.0f} MB")
        bad = [code for code in (one[2], two[2], big[2], lines[2], lines2[2]) if code != 0]
        if bad:
            out.append(f"  exit codes not 0: {bad}")
    seconds, pages, _ = min(_read_all(corpus, traced=False) for _ in range(repeat))
    part = _read_all(corpus, traced=True, limit=2000)[2]
    whole = _read_all(corpus, traced=True)[2]
    out.append(
        f"  iter_pages over the corpus: {pages / seconds:,.0f} pages/s; peak traced memory {part:.1f} MB"
        f" for the first 2,000 pages, {whole:.1f} MB for all {pages:,}"
    )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"benchmarks: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    tree = bench_tree(args.corpus, args.repeat)
    versions = [f"{lib} {importlib.metadata.version(lib)}" for lib in ("attrs", "cattrs", "xmltodict")]
    texts = pages(args.corpus)
    records = [markdown.loads(t) for t in texts]
    events = [r for r in records if isinstance(r, nf.Event)]
    for lib in ("markdown-it-py", "mistune", "pydantic", "msgspec"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):  # a peer not installed
            versions.append(f"{lib} {importlib.metadata.version(lib)}")
    print(
        f"newsformat {nf.__version__}, Python {platform.python_version()}, {platform.machine()},"
        f" {os.cpu_count()} cores; {len(texts)} pages; {', '.join(versions)}"
    )
    for block in (
        bench_markdown(texts, args.repeat),
        bench_memory(texts),
        bench_json(events, args.repeat),
        bench_xml(records, args.repeat),
        tree,
    ):
        print()
        print("\n".join(block))
    return 0


if __name__ == "__main__":
    sys.exit(main())
