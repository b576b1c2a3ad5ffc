"""Time and peak memory of writing a whole archive to Parquet with newsformat.arrow.write_parquet.

Usage: python benchmarks/parquet_corpus.py [--corpus DIR]

Each run is a fresh process that walks the archive lazily (a sorted walk, newsformat.load on
each page, files that are not pages left out) straight into write_parquet. Runs over the first
quarter and half of the pages, all of them, and all of them two and four times over show
whether memory grows with the archive; the first line is a process that only imports
newsformat, pyarrow and pandas. Needs the arrow extra and pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _pages(corpus: Path) -> list[Path]:
    return sorted((p for p in corpus.rglob("*") if p.suffix in (".md", ".json", ".xml")), key=lambda p: p.as_posix())


def _one_run(corpus: Path, limit: int) -> dict[str, float]:
    import pandas as pd
    import pyarrow  # noqa: F401  (imported before the clock starts, as in the baseline)

    import newsformat as nf
    from newsformat.arrow import write_parquet

    def records() -> Iterator[nf.Record]:
        pages = _pages(corpus)
        for i in range(limit):  # past the end, the archive again
            try:
                yield nf.load(pages[i % len(pages)])
            except nf.NotAPageError:
                continue

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "events.parquet"
        start = time.perf_counter()
        rows = write_parquet(records(), target, skip_non_events=True) if limit else 0
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        size = target.stat().st_size if limit else 0
        if limit:
            assert len(pd.read_parquet(target)) == rows
    return {"pages": limit, "rows": rows, "seconds": seconds, "peak_mib": peak, "size_mib": size / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)  # one run, in this process
    args = parser.parse_args(argv)
    if args.limit is not None:
        print(json.dumps(_one_run(args.corpus, args.limit)))
        return 0
    total = len(_pages(args.corpus))
    print(f"{'pages':>6} {'events':>7} {'seconds':>8} {'peak RSS MiB':>13} {'file MiB':>9}")
    for limit in (0, total // 4, total // 2, total, 2 * total, 4 * total):
        done = subprocess.run(
            [sys.executable, __file__, "--corpus", str(args.corpus), "--limit", str(limit)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        run = json.loads(done.stdout)
        pages, rows, seconds = run["pages"], run["rows"], run["seconds"]
        print(f"{pages:>6} {rows:>7} {seconds:>8.2f} {run['peak_mib']:>13.1f} {run['size_mib']:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
