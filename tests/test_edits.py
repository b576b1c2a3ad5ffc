"""Edits change only what was edited: the layout of a page travels with its elements.

For a single edit of a real page's record (delete, insert or move one list item, retitle
one), writing the edited record must give the page with only the edited element's lines
changed, list numbers aside (see tests/edits.py for the exact rule).
"""

from __future__ import annotations

import random
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf

from . import edits
from .conftest import CORPUS, DATA, read

VALID = sorted((DATA / "valid").glob("*.md"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_every_kind_of_edit_on_every_fixture_changes_only_its_element(path: Path) -> None:
    """Edits of every kind on every list of every real page of the fixtures."""
    text, record = read(path), nf.load(path)
    tried = 0
    for seed in range(5):
        for edit in edits.edits_of(record, random.Random(seed)):
            assert edits.check(text, record, edit) is None, str(edit)
            tried += 1
    assert tried > 0


_pages = VALID + (sorted(CORPUS.rglob("*/news/**/*.md"))[::97] if CORPUS.is_dir() else [])


@given(st.sampled_from(_pages), st.randoms(use_true_random=False))
def test_a_random_edit_of_a_real_page_changes_only_its_element(path: Path, rng: random.Random) -> None:
    """A random edit of a random real page (fixtures, and a sample of the corpus when present)."""
    text, record = read(path), nf.load(path)
    for edit in edits.edits_of(record, rng):
        assert edits.check(text, record, edit) is None, str(edit)


def test_the_check_sees_trivia_left_at_its_old_position() -> None:
    """The check is not blind: trivia kept by list position (as version 1 did) is caught.

    Deleting the first related item of the seed while leaving each position's layout where it
    was moves the padding of the second item onto the first."""
    path = DATA / "valid" / "en-event-current-seed.md"
    text, record = read(path), nf.load(path)
    assert isinstance(record, nf.Event)
    kept = record.related[1:]
    positional = tuple(attrs.evolve(item, layout=record.related[i].layout) for i, item in enumerate(kept))
    drifted = attrs.evolve(record, related=positional)
    delete_first = edits.Edit(("related",), "delete", 0)
    assert edits.check(text, record, delete_first) is None
    assert edits.apply(record, delete_first) == drifted  # the same values, but:
    problem = edits.check(text, record, delete_first, written=nf.dumps(drifted))
    assert problem is not None and problem.startswith("line 19 changed: '2. [ Russia, Belarus,")
