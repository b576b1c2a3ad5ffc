"""Slugs: each step of each edition's rule, the seed's slugs, and idempotence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import newsformat as nf
from newsformat.slug import EN_TITLE_CHARS, ZH_TITLE_CHARS

from .conftest import DATA, read


def test_en_lower_case() -> None:
    """English slugs are lower case."""
    assert nf.slugify("Mount Fuji") == "mount-fuji"


def test_en_runs_of_other_characters_become_one_dash() -> None:
    """Every run of characters outside [a-z0-9] becomes one '-'; digits stay."""
    assert nf.slugify("U.S. state of Georgia: 1,280 kg -- ricin!") == "u-s-state-of-georgia-1-280-kg-ricin"


def test_en_no_dash_at_either_end() -> None:
    """Leading and trailing separators are dropped."""
    assert nf.slugify(" ''Family Guy'' ") == "family-guy"


def test_en_accents_are_transliterated() -> None:
    """Accented letters keep their ASCII base, as the archive did ("français" -> "francais")."""
    assert nf.slugify("L'Art français de la guerre") == "l-art-francais-de-la-guerre"


def test_en_cut_at_140_characters_of_the_title_as_written() -> None:
    """The cut counts the title as stored, padding included, before anything else."""
    title = " " + "a" * 200
    assert nf.slugify(title) == "a" * (EN_TITLE_CHARS - 1)


def test_zh_keeps_case_and_cjk() -> None:
    """Chinese slugs keep case, CJK and Latin letters."""
    assert nf.slugify("Facebook宣布移除账号", lang="zh") == "Facebook宣布移除账号"


def test_zh_dots_and_commas_are_dropped_first() -> None:
    """'.' and ',' are removed before separators are collapsed: 7.0 -> 70, 1,280 -> 1280."""
    assert nf.slugify("发生7.0级地震，1,280人", lang="zh") == "发生70级地震-1280人"


def test_zh_non_word_runs_become_one_dash() -> None:
    """Every run of non-word characters becomes one '-', stripped at both ends."""
    assert nf.slugify("「朱雀一號」 同日發射。", lang="zh") == "朱雀一號-同日發射"


def test_zh_cut_at_60_characters() -> None:
    """Chinese slugs are made from the first 60 characters."""
    assert nf.slugify("中" * 100, lang="zh") == "中" * ZH_TITLE_CHARS


def test_seed_slugs_come_from_their_titles(seed_text: str) -> None:
    """The seed's own slug and its five related slugs are reproduced."""
    event = nf.loads(seed_text)
    raw_titles = [
        line.split("](")[0].split("[", 1)[1]
        for line in seed_text.splitlines()
        if line[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ")
    ]
    related = [r for r in raw_titles if not r.startswith("The Independent")]
    assert [nf.slugify(t) for t in related] == [r.url.slug for r in event.related]  # type: ignore[union-attr]
    title_line = next(line for line in seed_text.splitlines() if line.startswith("# "))
    assert nf.slugify(title_line[2:]) == event.slug


def test_zh_fixture_slugs() -> None:
    """Chinese related links reproduce from their titles as written."""
    text = read(DATA / "valid" / "zh-event-no-body.md")
    for line in text.splitlines():
        if line[:1].isdigit() and "](/zh/news/" in line:
            title, rest = line.split(". [", 1)[1].split("](", 1)
            slug = rest.split(")")[0].rsplit("/", 1)[1][: -len(".md")]
            assert nf.slugify(title, lang="zh") == slug


@given(st.text(), st.sampled_from(["en", "zh"]))
def test_slug_of_a_slug_is_unchanged(title: str, lang: str) -> None:
    """slugify(slugify(t)) == slugify(t)."""
    once = nf.slugify(title, lang)
    assert nf.slugify(once, lang) == once
