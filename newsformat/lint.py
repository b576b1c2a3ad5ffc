"""Validate files and trees: every finding placed at a path, line and column.

:func:`validate` reads each file, runs :func:`newsformat.checks.check` on what it holds, and
places each finding in the file: in Markdown at the line of the element concerned, in JSON
and XML at the line and column of the value, named by its JSON path (``@ $.related[2]``).
Links between pages are resolved within the set of files being validated. Selection works
by code, code prefix or name, as in ruff and flake8. Output formats live in
:mod:`newsformat.reports`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from .api import FORMATS, format_of, load, loads
from .checks import RULES, Finding, check, link_targets, page_keys
from .errors import NewsformatError, NotAPageError, ParseError, UnknownFormatError
from .links import ArchiveURL
from .model import Record
from .paths import url_from_path

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ("Diagnostic", "validate", "validate_text", "selector")

_PARALLEL_FROM: Final = 64  # fewer files than this are checked faster in one process
_CHUNK: Final = 32  # files per task sent to a worker


@attrs.frozen
class Diagnostic:
    """A finding placed in a file: what ``newsformat validate`` prints, one per line.

    Attributes:
        path: The file, as it was given or found under a given folder.
        line: Line of the element concerned, from 1 (1 for the whole file).
        column: Column, from 1.
        severity: "error" or "warning".
        code: The rule's code, such as "NF201" (see :data:`newsformat.checks.RULES`).
        name: The rule's readable name, such as "duplicate-related".
        message: What was found; in JSON and XML it ends with the JSON path of the value.
    """

    path: str
    line: int
    column: int
    severity: str
    code: str
    name: str
    message: str


def _diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(path, line, column, rule.severity, code, rule.name, message)


# --- selecting findings ------------------------------------------------------------------

_CODE_PREFIX: Final = re.compile(r"[A-Z]+[0-9]*")


def _specificity(selectors: Sequence[str], code: str) -> int:
    """How closely the best of ``selectors`` names ``code``: -1 for none, the length of a
    matching prefix, or more than any prefix for the code's name."""
    best = -1
    for item in selectors:
        if item == RULES[code].name:
            return len(code) + 1
        if code.startswith(item):
            best = max(best, len(item))
    return best


def _normalized(items: Iterable[str]) -> list[str]:
    known = {rule.name for rule in RULES.values()}
    out = []
    for raw in items:
        item = raw.strip()
        upper = item.upper()
        if item in known:
            out.append(item)
        elif _CODE_PREFIX.fullmatch(upper) and any(code.startswith(upper) for code in RULES):
            out.append(upper)
        else:
            raise ValueError(
                f"Unknown rule {raw!r}: expected a code such as 'NF201', a prefix such as 'NF2', or a name"
            )
    return out


def selector(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Callable[[str], bool]:
    """A test of codes: is a finding with this code reported?

    ``select`` and ``ignore`` hold codes (``NF201``), prefixes (``NF2``, ``NF``) or names
    (``duplicate-related``); no ``select`` selects every rule. When both name a code, the
    more specific wins (``--select NF201 --ignore NF2`` reports NF201), and ``ignore`` on a
    tie.

    Raises:
        ValueError: An item names no rule.
    """
    chosen, dropped = _normalized(select), _normalized(ignore)

    def wanted(code: str) -> bool:
        picked = _specificity(chosen, code) if chosen else 0
        return picked >= 0 and picked > _specificity(dropped, code)

    return wanted


# --- one file ------------------------------------------------------------------------------


@attrs.frozen
class _Report:
    """What one file gave: its findings, the page names it answers to, and its links."""

    diagnostics: tuple[Diagnostic, ...] = ()
    keys: frozenset[str] = frozenset()
    links: tuple[tuple[str, Diagnostic], ...] = ()


@attrs.frozen
class _Job:
    path: str
    format: str | None  # for files whose extension names none
    links: bool
    codes: frozenset[str]  # the codes reported: others are not placed


def _parent(anchor: str) -> str | None:
    """``related[2].url`` -> ``related[2]`` -> ``related`` -> None."""
    cut = max(anchor.rfind("."), anchor.rfind("["))
    return anchor[:cut] if cut > 0 else None


def _placer(text: str, fmt: str, url: ArchiveURL | None) -> Callable[[str | None], tuple[int, int, str]]:
    """For an anchor, its line, column and the words to add to a message in this format."""
    if fmt == "md":
        from .markdown import anchor_lines

        lines = anchor_lines(text, url=url)

        def place_md(anchor: str | None) -> tuple[int, int, str]:
            key = "formats" if anchor == "slug" else anchor  # the slug is said on the Formats line
            while key is not None and key not in lines:
                key = _parent(key)
            return (lines[key] if key is not None else 1), 1, ""

        return place_md
    if fmt == "json":
        from .jsoncodec import locate
    else:
        from .xmlcodec import locate

    def place(anchor: str | None) -> tuple[int, int, str]:
        where = "$" if anchor is None else f"$.{anchor}"
        line, column = locate(text, where) or (1, 1)
        return line, column, f" @ {where}"

    return place


def _placed(path: str, finding: Finding, place: Callable[[str | None], tuple[int, int, str]]) -> Diagnostic:
    line, column, words = place(finding.anchor)
    message = finding.message + words
    if finding.first is not None:
        message += f" (first at line {place(finding.first)[0]})"
    return _diagnostic(path, line, column, finding.code, message)


def _read_failure(path: str, exc: Exception) -> Diagnostic:
    if isinstance(exc, NotAPageError) and url_from_path(path) is None:
        # A folder's README or notes beside the pages: said, not an error. Inside a day
        # folder every Markdown file is a page, so there it is a parse error.
        return _diagnostic(path, 1, 1, "NF003", "Not an archive page; skipped")
    if isinstance(exc, ParseError):
        where = f" @ {exc.where}" if exc.where else ""
        return _diagnostic(path, exc.lineno or 1, exc.colno or 1, "NF001", exc.msg + where)
    message = str(exc).removeprefix(f"{path}: ")
    return _diagnostic(path, 1, 1, "NF002", message[:1].upper() + message[1:])


def _examine(job: _Job, record: Record, read: Callable[[], str], fmt: str) -> _Report:
    """The findings and links of a record read from ``job.path``, placed in its text."""
    url = url_from_path(job.path)
    findings = [f for f in check(record, url) if f.code in job.codes]
    links = list(link_targets(record)) if job.links else []
    if not findings and not links:
        return _Report(keys=frozenset(page_keys(record, url)))
    place = _placer(read(), fmt, url)
    return _Report(
        tuple(_placed(job.path, f, place) for f in findings),
        frozenset(page_keys(record, url)),
        tuple((key, _placed(job.path, f, place)) for key, f in links),
    )


def _format(job: _Job) -> str | None:
    try:
        return format_of(job.path)
    except ValueError:
        return job.format


def _check_file(job: _Job) -> _Report:
    fmt = _format(job)
    try:
        record = load(job.path, format=fmt)  # reads the file first: a missing one says so
    except UnknownFormatError:
        message = f"Cannot tell the format of {job.path!r}: expected a .md, .json or .xml file, or a format given"
        return _Report((_diagnostic(job.path, 1, 1, "NF004", message),))
    except (NewsformatError, OSError) as exc:
        return _Report((_read_failure(job.path, exc),))
    fmt = cast(str, fmt)  # not None: load() would have raised UnknownFormatError

    def read() -> str:
        with open(job.path, encoding="utf-8", newline="") as fh:
            return fh.read()

    try:
        return _examine(job, record, read, fmt)
    except OSError as exc:  # gone or changed between reading the record and placing its findings
        return _Report((_diagnostic(job.path, 1, 1, "NF002", f"Cannot read: {exc.strerror or exc}"),))


def _check_chunk(jobs: list[_Job]) -> list[_Report]:
    return [_check_file(job) for job in jobs]


# --- many files ----------------------------------------------------------------------------


def _files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    from .tree import find_pages  # the walk; its module brings the process pools, wanted only here

    for name in paths:
        root = Path(name)
        if root.is_dir():
            yield from (str(p) for p in find_pages(root))
        else:
            yield os.fspath(name)


def _chunks(jobs: list[_Job]) -> Iterator[list[_Job]]:
    for start in range(0, len(jobs), _CHUNK):
        yield jobs[start : start + _CHUNK]


def _run(jobs: list[_Job], workers: int | None, executor: Executor | None) -> Iterator[_Report]:
    """The reports of ``jobs``, in order; on ``executor``, a process pool, or here."""
    if executor is not None:
        for chunk in executor.map(_check_chunk, _chunks(jobs)):
            yield from chunk
        return
    from ._pool import available_cores  # the pools' module: wanted only here

    workers = workers or available_cores()
    if workers < 2 or len(jobs) < _PARALLEL_FROM:
        yield from map(_check_file, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor  # 20 ms to import: only when a pool is used

    with ProcessPoolExecutor(workers) as pool:
        for chunk in pool.map(_check_chunk, _chunks(jobs)):
            yield from chunk


def _gather(reports: Iterable[_Report], wanted: Callable[[str], bool]) -> list[Diagnostic]:
    """The diagnostics of every file in order, broken links included, each file's sorted by
    position."""
    per_file: list[list[Diagnostic]] = []
    keys: set[str] = set()
    links: list[tuple[int, str, Diagnostic]] = []
    for index, report in enumerate(reports):
        per_file.append([d for d in report.diagnostics if wanted(d.code)])
        keys |= report.keys
        links.extend((index, key, d) for key, d in report.links)
    for index, key, diagnostic in links:
        if key not in keys:
            per_file[index].append(diagnostic)
    return [d for found in per_file for d in sorted(found, key=lambda d: (d.line, d.column, d.code))]


def validate(
    *paths: str | os.PathLike[str],
    format: str | None = None,
    links: bool | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    jobs: int | None = None,
    executor: Executor | None = None,
    progress: Callable[..., Iterable[Any]] | None = None,
) -> list[Diagnostic]:
    """Validate files and folders of the archive; return the findings, in a stable order.

    Folders are walked for pages (``.md``, ``.json``, ``.xml``). The findings come file by
    file in the order given (a folder's files sorted), each file's by line and column.

    Args:
        paths: Files and folders.
        format: The format of files whose extension names none ("md", "json", "xml");
            without it, such a file is an NF004 finding.
        links: Report links into the archive that point to no page of the validated set
            (NF302). By default, only when a folder is among ``paths``: a few files alone
            link mostly to pages outside them.
        select: Codes, prefixes or names to report (all by default); see :func:`selector`.
        ignore: Codes, prefixes or names not to report.
        jobs: Processes to spread the files over: 1 checks them here, None uses every
            core. Sets of fewer than 64 files are checked here either way.
        executor: Where to run the checks instead, such as a Dask cluster's
            ``client.get_executor()``.
        progress: Wraps the stream of per-file results, called as ``progress(results,
            total=n)``; ``tqdm.tqdm`` fits.

    Raises:
        ValueError: An unknown format, or a selection that names no rule.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"Unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    wanted = selector(select, ignore)
    if links is None:
        links = any(Path(p).is_dir() for p in paths)
    codes = frozenset(code for code in RULES if wanted(code))
    jobs_ = [_Job(path, format, links and "NF302" in codes, codes) for path in _files(paths)]
    reports: Iterable[_Report] = _run(jobs_, jobs, executor)
    if progress is not None:
        reports = progress(reports, total=len(jobs_))
    return _gather(reports, wanted)


def validate_text(
    text: str,
    format: str = "md",
    *,
    path: str = "-",
    links: bool = False,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Diagnostic]:
    """Validate one document given as text, such as standard input.

    ``path`` names it in the findings; when it is an archive path
    (``news/2011/11/19/<slug>.md``), the page is checked against it as a file there would
    be. With ``links``, links are resolved against this page alone.
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    wanted = selector(select, ignore)
    job = _Job(path, format, links, frozenset(code for code in RULES if wanted(code)))
    url = url_from_path(path)
    try:
        record = loads(text, format, url=url) if format == "md" else loads(text, format)
    except NewsformatError as exc:
        report = _Report((_read_failure(path, exc),))
    else:
        report = _examine(job, record, lambda: text, format)
    return _gather([report], wanted)
