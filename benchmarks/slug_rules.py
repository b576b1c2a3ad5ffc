"""How many of the English archive's slugs each slug rule reproduces from its titles.

Usage: python benchmarks/slug_rules.py [--corpus DIR]

The pairs are the (title, slug) pairs of the English edition's event pages: each page's own
title and slug, and each related link's title and slug (titles as stored, padding included).
Prints, for the "archive" and "plain" rules of newsformat.slugify, the pairs each reproduces,
then how many of the pairs neither reproduces come out of each rule once characters of the
title are put back as a non-ASCII character that folds to what the title holds now
("Erdogan" as "Erdoğan", "year's" with U+2019 for the apostrophe): the archive's titles were ASCII-folded after
their slugs were made. docs/format.md quotes these figures.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import newsformat as nf
from newsformat.errors import NotAPageError

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

# Typographic punctuation and what the later folding made of it.
_PUNCTUATION = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "−": "-"}


def _fold(char: str) -> str:
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    return unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")


# Latin-1 Supplement and Latin Extended-A letters, and the punctuation above, by their folding.
_UNFOLD: dict[str, list[str]] = {}
for _char in [chr(i) for i in range(0xC0, 0x180) if chr(i).isalpha()] + list(_PUNCTUATION):
    _UNFOLD.setdefault(_fold(_char), []).append(_char)


def pairs(corpus: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The (title, slug) pairs of the English event pages: their own, and their related links'."""
    own: set[tuple[str, str]] = set()
    related: set[tuple[str, str]] = set()
    for path in sorted((corpus / "en").rglob("*.md")):
        try:
            record = nf.load(path)
        except NotAPageError:
            continue
        if not isinstance(record, nf.Event):
            continue
        padding = {anchor: (before, after) for anchor, before, after in record.layout.padding}
        if record.slug is not None:
            before, after = padding.get("title", ("", ""))
            own.add((before + record.title + after, record.slug))
        for i, item in enumerate(record.related):
            if isinstance(item.url, nf.ArchiveURL) and item.url.slug is not None:
                before, after = padding.get(f"related[{i}].title", ("", ""))
                related.add((before + item.title + after, item.url.slug))
    return own, related


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def unfolds_to(title: str, slug: str, rule: str, steps: int = 8) -> bool:
    """Whether putting characters of ``title`` back as non-ASCII ones that fold to them (one
    at a time, each where the slugs part) makes ``rule`` give ``slug``."""
    for _ in range(steps):
        made = nf.slugify(title, rule=rule)
        if made == slug:
            return True
        agreed = _common_prefix(made, slug)
        at = next((i for i in range(len(title) + 1) if len(nf.slugify(title[:i], rule=rule)) > agreed), len(title))
        best, best_agreed = None, agreed
        for i in range(max(0, at - 4), min(len(title), at + 3)):
            for char in _UNFOLD.get(title[i], []):
                tried = title[:i] + char + title[i + 1 :]
                n = _common_prefix(nf.slugify(tried, rule=rule), slug)
                if n > best_agreed:
                    best, best_agreed = tried, n
        if best is None:
            return False
        title = best
    return nf.slugify(title, rule=rule) == slug


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "en").is_dir():
        print(f"No English corpus at {args.corpus / 'en'}", file=sys.stderr)
        return 2
    own, related = pairs(args.corpus)
    every = own | related
    print(f"{'pairs':<24} {'count':>6} {'archive':>8} {'plain':>8}")
    for name, group in (("event pages' own", own), ("related links", related), ("all (distinct)", every)):
        made = {rule: sum(nf.slugify(t, rule=rule) == s for t, s in group) for rule in nf.slug.RULES}
        print(f"{name:<24} {len(group):>6} {made['archive']:>8} {made['plain']:>8}")
    missed = [(t, s) for t, s in sorted(every) if nf.slugify(t) != s and nf.slugify(t, rule="plain") != s]
    print(f"\nneither rule: {len(missed)} pairs; reproduced once the title's folded characters are put back:")
    for rule in nf.slug.RULES:
        print(f"  {rule:<8} {sum(unfolds_to(t, s, rule) for t, s in missed):>4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
