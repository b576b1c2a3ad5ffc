"""What every fuzz target checks, for one format: the loaders' contract.

Any input either loads to a record that writes back unchanged (a Markdown page byte for byte,
and the record through JSON and XML), or raises ParseError with a line and column. Anything
else that escapes is a bug, and the fuzzer stops on it.
"""

from __future__ import annotations

import os
import tempfile

import newsformat as nf

_SCRATCH = tempfile.mkdtemp(prefix="newsformat-fuzz-")


def check_text(text: str, fmt: str) -> None:
    try:
        record = nf.loads(text, fmt)
    except nf.ParseError as exc:
        if exc.lineno is None or exc.colno is None:
            raise AssertionError(f"ParseError without a position: {exc}") from exc
        return
    if fmt == "md" and nf.dumps(record) != text:
        raise AssertionError("a page that loads did not write back byte for byte")
    for other in ("json", "xml"):
        if nf.loads(nf.dumps(record, other), other) != record:
            raise AssertionError(f"the record changed on its way through {other}")


def check_bytes(data: bytes, fmt: str) -> None:
    """Text that is UTF-8 goes to loads(); other bytes go through load() from a file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        path = os.path.join(_SCRATCH, f"input.{fmt}")
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            nf.load(path)
        except nf.ParseError as exc:
            if exc.lineno is None or exc.colno is None:
                raise AssertionError(f"ParseError without a position: {exc}") from exc
        return
    check_text(text, fmt)
