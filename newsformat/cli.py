"""The ``newsformat`` command: convert archive trees, validate pages, make slugs.

Exit codes: 0 ok, 1 invalid input (or any file failed), 2 usage. Diagnostics go to stderr as
``path:line:col: message``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from ._plain import to_plain
from .api import FORMATS, dumps, load, loads
from .errors import NewsformatError, ParseError
from .jsoncodec import json_schema
from .jsonl import JSONL, jsonl_item, read_jsonl
from .lint import Diagnostic, selector, validate, validate_text
from .reports import REPORT_FORMATS, github_line, json_line, sarif_log, summary, text_line
from .slug import slugify
from .tree import convert_tree, find_pages, safe_target, write_new

__all__ = ("main",)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsformat", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"newsformat {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = commands.add_parser("convert", help="convert files or whole trees between formats")
    convert.add_argument("sources", nargs="*", metavar="SRC", help="files or folders; '-' reads standard input")
    convert.add_argument("--to", required=True, choices=(*FORMATS, JSONL), help="the format to write")
    convert.add_argument(
        "-o", "--output", metavar="OUT", help="output folder (a file for jsonl); '-' or none: standard output"
    )
    convert.add_argument("--from", dest="from_format", choices=FORMATS, default="md", help="format of standard input")
    convert.add_argument("--force", action="store_true", help="overwrite files that exist")
    convert.add_argument("--sample", action="store_true", help="convert the sample archive shipped with newsformat")
    convert.add_argument("--quiet", action="store_true", help="no progress bar")

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
        "-j", "--jobs", type=_positive, metavar="N", help="processes to use (default: all cores; 1: no pool)"
    )
    validate.add_argument("--quiet", action="store_true", help="no progress bar")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1, not {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    try:
        code = _run(args)
        sys.stdout.flush()  # a full disk or closed pipe shows here, while it can be reported
        return code
    except KeyboardInterrupt:
        print("newsformat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # a reader such as `head` stopped early: not worth a message
        _silence_stdout()
        return 1
    except OSError as exc:  # standard output on a full disk, a closed terminal
        _silence_stdout()
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


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass


# --- convert ------------------------------------------------------------------------------


def sample_archive() -> Path:
    """The folder of the small real archive shipped with newsformat."""
    return Path(str(resources.files("newsformat").joinpath("sample")))


def _convert(args: argparse.Namespace) -> int:
    sources = [str(sample_archive())] if args.sample else list(args.sources)
    if not sources:
        print("newsformat convert: give SRC files or folders, '-' or --sample", file=sys.stderr)
        return 2
    if sources == ["-"]:
        return _convert_stream(sys.stdin.read(), args.from_format, args.to, args.output, args.force)
    if args.to == JSONL:
        return _to_jsonl(sources, args.output, args.force)
    if args.output in (None, "-"):
        if len(sources) == 1 and Path(sources[0]).is_file():
            return _convert_stream(None, sources[0], args.to, None, args.force)
        print("newsformat convert: converting folders needs -o OUT", file=sys.stderr)
        return 2
    out = Path(args.output)
    jsonl = [s for s in sources if s.endswith(".jsonl")]
    if jsonl:
        return _from_jsonl(jsonl, out, args.to, args.force)
    outcomes = convert_tree(sources, out, args.to, force=args.force)
    return _report(_progress(outcomes, args.quiet, sources))


def _progress(outcomes: Iterator[Any], quiet: bool, sources: Iterable[str]) -> Iterator[Any]:
    """A progress bar on a terminal, when tqdm is installed; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return outcomes
    try:
        from tqdm import tqdm
    except ImportError:
        return outcomes
    # Sizing the bar walks the trees once more: only worth it when a bar is shown.
    total = sum(sum(1 for _ in find_pages(Path(s))) if Path(s).is_dir() else 1 for s in sources)
    return iter(tqdm(outcomes, total=total, unit="page", file=sys.stderr))


def _report(outcomes: Iterable[Any]) -> int:
    done = failed = passed = 0
    for outcome in outcomes:
        if outcome.passed_through:
            passed += 1
            print(f"{outcome.source}: not an archive page, copied unchanged", file=sys.stderr)
        elif outcome.ok:
            done += 1
        else:
            failed += 1
            print(outcome.error, file=sys.stderr)
    copied = f", {passed} copied unchanged" if passed else ""
    print(f"converted {done} file{'s' * (done != 1)}{copied}, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _convert_stream(text: str | None, source: str, to: str, output: str | None, force: bool) -> int:
    """One document: from standard input (``text``) or one file, to a file or standard output."""
    try:
        record = loads(text, source) if text is not None else load(source)
        if to == JSONL:
            result = json.dumps({"path": "-", "record": to_plain(record)}, ensure_ascii=False) + "\n"
        else:
            result = dumps(record, to)
    except NewsformatError as exc:
        print(_where(exc, "<stdin>"), file=sys.stderr)
        return 1
    if output in (None, "-"):
        sys.stdout.write(result)
        return 0
    try:
        write_new(Path(output), result, force=force)
    except NewsformatError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _to_jsonl(sources: list[str], output: str | None, force: bool) -> int:
    lines: list[str] = []
    failed = kept = 0
    for source in sources:
        root = Path(source)
        pages = [(p, p.relative_to(root)) for p in find_pages(root)] if root.is_dir() else [(root, Path(root.name))]
        for path, rel in pages:
            try:
                item = jsonl_item(rel.as_posix(), path)
            except NewsformatError as exc:
                failed += 1
                print(exc, file=sys.stderr)
                continue
            if "text" in item:
                kept += 1
                print(f"{path}: not an archive page, kept as text", file=sys.stderr)
            lines.append(json.dumps(item, ensure_ascii=False))
    text = "".join(line + "\n" for line in lines)
    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        try:
            write_new(Path(output), text, force=force)
        except NewsformatError as exc:
            print(exc, file=sys.stderr)
            return 1
    done = len(lines) - kept
    copied = f", {kept} kept as text" if kept else ""
    print(f"converted {done} file{'s' * (done != 1)}{copied}, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _from_jsonl(sources: list[str], out: Path, to: str, force: bool) -> int:
    done = failed = copied = 0
    for source in sources:
        try:
            with open(source, encoding="utf-8") as fh:
                items = list(read_jsonl(fh.read(), source))
        except (NewsformatError, OSError) as exc:
            print(exc, file=sys.stderr)
            return 1
        for path, record in items:
            try:
                if isinstance(record, str):  # a file that is not a page, carried as it was
                    write_new(safe_target(out, path), record, force=force)
                    copied += 1
                    continue
                write_new(safe_target(out, Path(path).with_suffix("." + to)), dumps(record, to), force=force)
                done += 1
            except NewsformatError as exc:
                failed += 1
                print(f"{source}: {exc}", file=sys.stderr)
    copies = f", {copied} copied unchanged" if copied else ""
    print(f"converted {done} file{'s' * (done != 1)}{copies}, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


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
