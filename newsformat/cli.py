"""The ``newsformat`` command: convert archive trees, validate pages, make slugs.

Exit codes: 0 ok, 1 invalid input (or any file failed), 2 usage. Diagnostics go to stderr as
``path:line:col: message``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

from . import __version__
from ._process import Terminated, checked_stdout, signals_as_exceptions, silence_stdout
from ._walk import iter_pages
from .api import FORMATS, dump, dumps, load, loads
from .errors import NewsformatError, NotAPageError, ParseError
from .jsoncodec import json_schema
from .jsonl import JSONL, JsonlWriter, dumps_line
from .lint import Diagnostic, selector, validate, validate_text
from .reports import REPORT_FORMATS, github_line, json_line, sarif_log, summary, text_line
from .slug import slugify
from .tree import Conversion, Outcome, Tally, convert_tree

__all__ = ("main",)

PARQUET: Final = "parquet"
"""The name of the Parquet output on the command line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsformat", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"newsformat {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = commands.add_parser("convert", help="convert files or whole trees between formats")
    convert.add_argument("sources", nargs="*", metavar="SRC", help="files or folders; '-' reads standard input")
    convert.add_argument(
        "--to",
        required=True,
        choices=(*FORMATS, JSONL, PARQUET),
        help="the format to write (parquet: one table of every event, with the arrow extra)",
    )
    convert.add_argument(
        "-o", "--output", metavar="OUT", help="output folder (a file for jsonl); '-' or none: standard output"
    )
    convert.add_argument(
        "--from",
        dest="from_format",
        choices=(*FORMATS, JSONL),
        help="the format to read: of standard input (default md), of files whose extension says none,"
        " and the only one read from folders",
    )
    convert.add_argument("--force", action="store_true", help="replace files that exist")
    convert.add_argument(
        "-j", "--jobs", type=_jobs, metavar="N", help="worker processes (default: one per core; 1: none)"
    )
    convert.add_argument("--sample", action="store_true", help="convert the sample archive shipped with newsformat")
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    _validate_parser(commands.add_parser("validate", help="check files (any format): syntax and semantics"))

    slug = commands.add_parser("slug", help="print the slug the archive makes from a title")
    slug.add_argument("title")
    slug.add_argument("--lang", default="en")

    commands.add_parser("schema", help="print the JSON Schema of the JSON encoding")
    return parser


def _validate_parser(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; '-' reads standard input")
    validate.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="text",
        help="findings as text lines, JSON lines, GitHub workflow annotations or one SARIF 2.1.0 document",
    )
    validate.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="report only these codes, prefixes or names (comma-separated)",
    )
    validate.add_argument(
        "--ignore", action="append", metavar="CODES", help="do not report these codes, prefixes or names"
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate.add_argument(
        "--links",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="report links to pages missing from the validated set (default: when a folder is given)",
    )
    validate.add_argument(
        "--from",
        dest="from_format",
        choices=FORMATS,
        help="format of standard input and of files whose extension names none",
    )
    validate.add_argument(
        "--stdin-filename", metavar="PATH", help="the path standard input stands for, in findings and checks"
    )
    validate.add_argument(
        "-j", "--jobs", type=_jobs, metavar="N", help="processes to use (default: all cores; 1: no pool)"
    )
    validate.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    with checked_stdout(), signals_as_exceptions():
        try:
            code = _run(args)
            sys.stdout.flush()  # a full disk or closed pipe shows here, while it can be reported
            return code
        except Terminated:
            print("newsformat: terminated", file=sys.stderr)
            return 128 + signal.SIGTERM
        except KeyboardInterrupt:
            print("newsformat: interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:  # a reader such as `head` stopped early: not worth a message
            silence_stdout()
            return 1
        except NewsformatError as exc:
            print(f"newsformat: {exc}", file=sys.stderr)
            return 1
        except OSError as exc:  # standard output on a full disk, a closed terminal
            silence_stdout()
            print(f"newsformat: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "convert":
        return _convert(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "slug":
        print(slugify(args.title, args.lang))
        return 0
    print(json.dumps(json_schema(), indent=2))
    return 0


# --- convert ------------------------------------------------------------------------------


def sample_archive() -> Path:
    """The folder of the small real archive shipped with newsformat."""
    return Path(str(resources.files("newsformat").joinpath("sample")))


def _jobs(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of worker processes, 1 or more, not {text!r}")
    return int(text)


def _convert(args: argparse.Namespace) -> int:
    sources = [str(sample_archive())] if args.sample else list(args.sources)
    if not sources:
        print("newsformat convert: give SRC files or folders, '-' or --sample", file=sys.stderr)
        return 2
    to_stdout = args.output in (None, "-")
    if args.to == PARQUET:
        return _to_parquet(sources, args)
    if sources == ["-"] and args.from_format != JSONL:
        return _convert_document(None, args.from_format or "md", args)
    if to_stdout and args.to != JSONL:
        if len(sources) == 1 and not os.path.isdir(sources[0]):
            return _convert_document(sources[0], args.from_format, args)
        print("newsformat convert: converting folders needs -o OUT", file=sys.stderr)
        return 2
    inputs = [sys.stdin.buffer if s == "-" else s for s in sources]
    try:
        conversion = convert_tree(
            inputs,
            sys.stdout.buffer if to_stdout else args.output,
            args.to,
            force=args.force,
            jobs=args.jobs,
            from_format=args.from_format,
        )
    except NewsformatError as exc:
        print(f"newsformat convert: {exc}", file=sys.stderr)
        return 1
    return _report(conversion, args.quiet)


def _to_parquet(sources: list[str], args: argparse.Namespace) -> int:
    """Every event of the sources into one Parquet file; day and front pages are left out, as
    an events table has no row for them, and a file that cannot be read is reported."""
    if args.output in (None, "-") or os.path.isdir(args.output):
        print("newsformat convert: --to parquet needs -o FILE, the Parquet file to write", file=sys.stderr)
        return 2
    if os.path.lexists(args.output) and not args.force:
        print(f"newsformat convert: {args.output}: The file exists (use --force to replace it)", file=sys.stderr)
        return 1
    try:
        from .arrow import write_parquet

        failed: list[NewsformatError] = []
        walks = [iter_pages(source, formats=_formats(args), on_error=failed.append) for source in sources]
        events = (record for walk in walks for _, record in walk)
        rows = write_parquet(events, args.output, skip_non_events=True)
    except (ImportError, NewsformatError) as exc:
        print(f"newsformat convert: {exc}", file=sys.stderr)
        return 1
    for error in failed:
        if not isinstance(error, NotAPageError):
            _say(str(error))
    bad = sum(not isinstance(error, NotAPageError) for error in failed)
    print(f"wrote {rows} event{'s' * (rows != 1)} to {args.output}, {bad} failed", file=sys.stderr)
    return 1 if bad else 0


def _formats(args: argparse.Namespace) -> tuple[str, ...] | None:
    return (args.from_format,) if args.from_format in FORMATS else None


def _report(conversion: Conversion, quiet: bool) -> int:
    tally = Tally()
    try:
        with conversion:
            for outcome in _progress(conversion, quiet):
                tally.add(outcome)
                if outcome.error is not None:
                    _say(outcome.error)
                elif outcome.passed_through:
                    _say(f"{outcome.source}: Not an archive page: copied unchanged")
    except NewsformatError as exc:  # the JSON Lines output could not be written
        print(f"newsformat convert: {exc}", file=sys.stderr)
        return 1
    print(tally, file=sys.stderr)
    return 0 if tally.ok else 1


def _say(line: str) -> None:
    """A line on standard error; a file name that is not UTF-8 shows with escapes, whatever
    the error handler of the stream (Python's own stderr escapes, others may not)."""
    try:
        print(line, file=sys.stderr)
    except UnicodeEncodeError:
        print(line.encode("utf-8", "backslashreplace").decode("utf-8"), file=sys.stderr)


def _progress(outcomes: Conversion, quiet: bool) -> Iterator[Outcome]:
    """A progress bar on a terminal, when tqdm is installed; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return outcomes
    try:
        from tqdm import tqdm
    except ImportError:
        return outcomes
    return iter(tqdm(outcomes, total=outcomes.total, unit="page", file=sys.stderr))


def _convert_document(source: str | None, fmt: str | None, args: argparse.Namespace) -> int:
    """One document, from standard input (``source`` None) or one file, to standard output or
    the file ``-o`` names."""
    try:
        record = loads(sys.stdin.read(), fmt or "md") if source is None else load(source, format=fmt)
        if args.to == JSONL:
            line = dumps_line("-", record)
        else:
            text = dumps(record, args.to)
    except ParseError as exc:
        print(_where(exc, source or "<stdin>"), file=sys.stderr)
        return 1
    except NewsformatError as exc:
        print(f"newsformat convert: {exc}", file=sys.stderr)
        return 1
    if args.output in (None, "-"):
        sys.stdout.write(line if args.to == JSONL else text)
        return 0
    try:
        if args.to == JSONL:
            with JsonlWriter(args.output, replace=args.force) as out:
                out.write(line)
        else:
            dump(record, args.output, format=args.to, replace=args.force)
    except NewsformatError as exc:
        print(f"newsformat convert: {exc}", file=sys.stderr)
        return 1
    return 0


# --- validate -----------------------------------------------------------------------------


def _where(exc: NewsformatError, default: str) -> str:
    """``path:line:col: error: message`` for a ParseError, the message otherwise."""
    if isinstance(exc, ParseError):
        return f"{exc.path or default}:{exc.lineno or 1}:{exc.colno or 1}: error: {exc.msg}" + (
            f" @ {exc.where}" if exc.where else ""
        )
    return f"{default}: error: {exc}"


def _codes(items: Sequence[str] | None) -> list[str]:
    """``--select NF1,NF2 --select NF301`` as one list."""
    return [code for item in items or () for code in item.split(",") if code.strip()]


def _bar(quiet: bool) -> Callable[..., Iterable[Any]]:
    """The same progress bar as convert's, on a terminal with tqdm; a pass-through otherwise."""
    if not quiet and sys.stderr.isatty():
        try:
            from tqdm import tqdm
        except ImportError:
            pass
        else:
            return lambda items, total: tqdm(items, total=total, unit="page", file=sys.stderr)
    return lambda items, total: items


def _validate(args: argparse.Namespace) -> int:
    select, ignore = _codes(args.select), _codes(args.ignore)
    try:
        selector(select, ignore)  # a selection that names no rule is refused before any work
    except ValueError as exc:
        print(f"newsformat validate: {exc}", file=sys.stderr)
        return 2
    if "-" in args.paths and args.paths != ["-"]:
        print("newsformat validate: '-' (standard input) cannot be mixed with paths", file=sys.stderr)
        return 2
    checked = [1]
    bar = _bar(args.quiet)

    def progress(items: Iterable[Any], total: int) -> Iterable[Any]:
        checked[0] = total
        return bar(items, total)

    if args.paths == ["-"]:
        found = validate_text(
            _read_stdin(),
            args.from_format or "md",
            path=args.stdin_filename or "-",
            select=select,
            ignore=ignore,
            links=bool(args.links),
        )
    else:
        found = validate(
            *args.paths,
            format=args.from_format,
            links=args.links,
            select=select,
            ignore=ignore,
            jobs=args.jobs,
            progress=progress,
        )
    _print_findings(found, args.format)
    print(summary(found, checked[0]), file=sys.stderr)
    failing = {"error", "warning"} if args.strict else {"error"}
    return 1 if any(d.severity in failing for d in found) else 0


def _read_stdin() -> str:
    """Standard input as text; bytes that are not UTF-8 become lone surrogates, which every
    reader refuses with their line and column."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream without bytes underneath
        return sys.stdin.read()
    data: bytes = stream.read()
    return data.decode("utf-8", "surrogateescape")


def _print_findings(found: list[Diagnostic], fmt: str) -> None:
    if fmt == "sarif":
        print(json.dumps(sarif_log(found), indent=2, ensure_ascii=False))
        return
    line = {"text": text_line, "json": json_line, "github": github_line}[fmt]
    for diagnostic in found:
        print(line(diagnostic))
