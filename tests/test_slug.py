"""Slugs: each step of each edition's rule, the seed's slugs, and idempotence."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import newsformat as nf
from newsformat.slug import EN_TITLE_BYTES, EN_TITLE_CHARS, LATIN1_TABLE, RULES, ZH_TITLE_CHARS

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


@pytest.mark.parametrize(
    "title,slug",
    [
        ("Jürgen Klinsmann", "ja1-4rgen-klinsmann"),
        ("Kraków", "kraka3w"),
        ("Erdoğan", "erdoaan"),
        ("Eyjafjallajökull", "eyjafjallajapkull"),
        ("year’s", "yearas"),
        ("8–7", "8a7"),
    ],
)
def test_en_archive_rule_reads_utf8_as_latin1(title: str, slug: str) -> None:
    """The archive transliterated a title's UTF-8 bytes read as Latin-1: the issue's examples."""
    assert nf.slugify(title) == slug
    assert nf.slugify(title, "en", rule="archive") == slug


def test_en_latin1_table_covers_the_128_upper_characters() -> None:
    """The table maps exactly U+0080-U+00FF, C1 controls and the soft hyphen to nothing."""
    assert sorted(LATIN1_TABLE) == list(range(0x80, 0x100))
    assert all(LATIN1_TABLE[c] == "" for c in range(0x80, 0xA0))
    assert LATIN1_TABLE[0xAD] == ""
    assert all(text.isascii() for text in LATIN1_TABLE.values())


def test_en_archive_rule_examples_from_the_corpus() -> None:
    """Slugs of the English corpus whose titles were later folded to ASCII (Compaoré is not one)."""
    assert nf.slugify("Internet cafés in Larissa") == "internet-cafa-c-s-in-larissa"
    assert nf.slugify("Salvador Dalí") == "salvador-dala"  # the soft hyphen (0xAD) gives nothing
    assert nf.slugify("Đoàn Thị Hương") == "aoa-n-tha-haedegae-ng"
    assert nf.slugify("−12.5°C") == "a12-5adegc"


def test_en_plain_rule_keeps_the_ascii_base() -> None:
    """The plain rule transliterates accented letters to their ASCII base, as a few slugs have it.

    The sample page whose title is now "... L'Art franais de la guerre" (its "ç" lost) is one:
    its slug ends "l-art-francais-de-la-guerre".
    """
    title = "L'Art français de la guerre"
    assert nf.slugify(title, rule="plain") == "l-art-francais-de-la-guerre"
    assert nf.slugify(title) == "l-art-franassais-de-la-guerre"
    assert nf.slugify("Kraków", rule="plain") == "krakow"


def test_unknown_rule_is_refused() -> None:
    """A rule other than "archive" or "plain" is a ValueError that names both."""
    assert RULES == ("archive", "plain")
    with pytest.raises(ValueError, match="Unknown slug rule 'ascii': expected one of 'archive', 'plain'"):
        nf.slugify("Title", rule="ascii")


def test_zh_has_one_rule() -> None:
    """Chinese slugs keep every letter, so the English rule makes no difference to them."""
    assert nf.slugify("Kraków会议", "zh", rule="plain") == nf.slugify("Kraków会议", "zh") == "Kraków会议"


def test_en_cut_at_140_characters_of_the_title_as_written() -> None:
    """The cut counts the title as stored, padding included, before anything else."""
    title = " " + "a" * 200
    assert nf.slugify(title) == "a" * (EN_TITLE_BYTES - 1)
    assert nf.slugify(title, rule="plain") == "a" * (EN_TITLE_CHARS - 1)


def test_en_archive_cut_counts_bytes_and_may_split_a_letter() -> None:
    """The archive's cut falls after 140 bytes of UTF-8, inside a letter if need be."""
    assert nf.slugify("a" * 139 + "é") == "a" * 140  # only 0xC3 of "é" is kept: "Ã" -> "a"
    assert nf.slugify("ü" * 100) == "-".join(["a1", *["4a1"] * 69, "4"])  # 70 letters in 140 bytes


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


@given(st.text(), st.sampled_from(["en", "zh"]), st.sampled_from(RULES))
@example("ü" * 100, "en", "archive")
@example("ﬃ" * 100, "en", "plain")
def test_slug_of_a_slug_is_unchanged(title: str, lang: str, rule: str) -> None:
    """slugify(slugify(t)) == slugify(t) for every slug within the 140 cut.

    A transliteration can make an English slug longer than the cut ("ü" gives "a1-4"), as two
    of the archive's own slugs are; such a slug gives its first 140 characters back.
    """
    once = nf.slugify(title, lang, rule=rule)
    twice = nf.slugify(once, lang, rule=rule)
    if len(once) <= EN_TITLE_CHARS:
        assert twice == once
    else:
        assert lang == "en"
        assert twice == once[:EN_TITLE_CHARS].rstrip("-")
