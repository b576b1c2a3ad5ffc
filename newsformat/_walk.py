"""Walking archive trees: every page file in a stable order, and every page read lazily."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from .api import FORMATS, load
from .errors import NewsformatError, NotAPageError, ReadError, UnknownFormatError, read_error
from .model import Record

__all__ = ("walk_pages", "walk_files", "find_pages", "iter_pages", "extension", "formats_of")


def formats_of(formats: Iterable[str] | None) -> frozenset[str]:
    """The set of formats named (all when None); an unknown name raises UnknownFormatError."""
    if formats is None:
        return frozenset(FORMATS)
    wanted = frozenset(formats) if not isinstance(formats, str) else frozenset({formats})
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise UnknownFormatError(f"Unknown format {unknown[0]!r}: expected one of {', '.join(FORMATS)}")
    return wanted


def extension(name: str) -> str:
    """The lower-cased extension of a file name, without the dot ("" for none)."""
    return name.rpartition(".")[2].lower() if "." in name else ""


def walk_pages(
    root: str | os.PathLike[str],
    *,
    formats: Iterable[str] | None = None,
    exclude: Collection[tuple[int, int]] = (),
) -> Iterator[Path | ReadError]:
    """Every file under ``root`` whose extension names one of ``formats`` (all by default).

    Files of a folder come in name order, then its subfolders in name order. Nothing is
    opened: a FIFO or a folder named ``x.md`` is yielded like a page, for :func:`load` to
    refuse. Symbolic links to folders are not followed (as ``find`` does not); a symbolic
    link to a file is followed when the file is inside ``root``.

    Yields:
        Each file's path; a ReadError for a folder that cannot be listed and for a symbolic
        link that leads out of ``root``, in their place, and the walk goes on.
    """
    for item in walk_files(root, formats_of(formats), exclude):
        yield item if isinstance(item, ReadError) else Path(item[0])


def walk_files(
    root: str | os.PathLike[str], wanted: Collection[str], exclude: Collection[tuple[int, int]] = ()
) -> Iterator[tuple[str, tuple[str, ...]] | ReadError]:
    """:func:`walk_pages` as ``(path, parts of the path below root)``, for the formats named."""
    top = os.fspath(root)
    real_top = os.path.realpath(top)
    stack: list[tuple[str, tuple[str, ...]]] = [(top, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield ReadError.of(exc, folder)
            continue
        below: list[tuple[str, tuple[str, ...]]] = []
        for entry in entries:
            if _is_folder(entry):
                if not exclude or _identity(entry) not in exclude:
                    below.append((entry.path, (*parts, entry.name)))
            elif extension(entry.name) in wanted:
                if entry.is_symlink() and not _inside(entry.path, real_top):
                    yield read_error(None, "Symbolic link leads out of the tree: not followed", entry.path)
                else:
                    yield entry.path, (*parts, entry.name)
        stack.extend(reversed(below))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _identity(entry: os.DirEntry[str]) -> tuple[int, int]:
    st = entry.stat(follow_symlinks=False)
    return st.st_dev, st.st_ino


def _inside(path: str, real_top: str) -> bool:
    real = os.path.realpath(path)  # a link loop gives a path, not an error
    return os.path.commonpath([real, real_top]) == real_top


def find_pages(root: str | os.PathLike[str]) -> Iterator[Path]:
    """The pages under ``root`` (.md, .json, .xml), in the order of :func:`walk_pages`;
    folders that cannot be listed and links that lead out of ``root`` are left out."""
    for item in walk_pages(root):
        if isinstance(item, Path):
            yield item


def iter_pages(
    root: str | os.PathLike[str],
    *,
    formats: Iterable[str] | None = None,
    on_error: Callable[[NewsformatError], object] | None = None,
) -> Iterator[tuple[Path, Record]]:
    """``(path, record)`` for every page under the folder ``root``, one at a time.

    Pages come in the stable order of :func:`walk_pages`, read as they are reached, so memory
    stays flat however large the tree. ``root`` may also be one file.

    Args:
        root: The folder (or file).
        formats: The formats to read ("md", "json", "xml"); all by default.
        on_error: Called with the error of each file that cannot be read (a ParseError, a
            ReadError), and the walk goes on. By default the first such file raises. Markdown
            files that are not pages at all (a folder's README, a NotAPageError) are skipped;
            ``on_error``, when given, hears of them too.

    Raises:
        ReadError: ``root`` does not exist (at once, not at the first page).
        UnknownFormatError: ``formats`` names an unknown format (at once).
    """
    wanted = formats_of(formats)
    try:
        whole_tree = stat.S_ISDIR(os.stat(root).st_mode)
    except OSError as exc:
        raise ReadError.of(exc, root) from None
    items: Iterator[Path | ReadError] = walk_pages(root, formats=wanted) if whole_tree else iter([Path(root)])
    return _pages(items, on_error)


def _pages(
    items: Iterator[Path | ReadError], on_error: Callable[[NewsformatError], object] | None
) -> Iterator[tuple[Path, Record]]:
    for item in items:
        try:
            if isinstance(item, ReadError):
                raise item
            record = load(item)
        except NotAPageError as exc:
            if on_error is not None:
                on_error(exc)
            continue
        except NewsformatError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        yield item, record
