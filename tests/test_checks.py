"""Semantic checks: findings with a stable code and a severity, never raised."""

from __future__ import annotations

import datetime as dt
import re

import attrs

import newsformat as nf
from newsformat.checks import RULES, check, link_targets, page_keys

from .conftest import DATA, read


def _codes(record: nf.Record, url: nf.ArchiveURL | None = None) -> list[tuple[str, str]]:
    return [(f.severity, f.name) for f in check(record, url)]


def test_rules_have_unique_codes_and_names() -> None:
    """Codes are letters and three digits grouped by their first digit, names are unique and
    readable, and every rule says what it finds in one sentence."""
    assert len({rule.name for rule in RULES.values()}) == len(RULES)
    for code, rule in RULES.items():
        assert rule.code == code and re.fullmatch(r"NF[0-4][0-9]{2}", code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.severity in ("error", "warning")
        assert rule.summary[0].isupper() and rule.summary.endswith(".")


def test_canonical_seed_has_no_findings(seed_text: str) -> None:
    """The seed is clean: its slug is its title's."""
    event = nf.loads(seed_text)
    assert _codes(event, event.url) == []


def test_slug_that_is_not_the_titles_is_a_warning(seed_text: str) -> None:
    """A title edited after its slug was made gives a warning, not an error."""
    event = attrs.evolve(nf.loads(seed_text), title="Tajikistan frees the pilot.")
    assert _codes(event) == [("warning", "title-slug-mismatch")]
    (finding,) = check(event)
    assert finding.code == "NF103" and finding.anchor == "title" and finding.rule is RULES["NF103"]


def test_date_against_url_is_an_error(seed_text: str) -> None:
    """A date that disagrees with the page's URL is an error, worded for any format."""
    event = nf.loads(seed_text)
    other = nf.ArchiveURL(dt.date(2011, 11, 20), event.slug)
    (finding,) = check(event, other)
    assert (finding.code, finding.severity, finding.anchor) == ("NF101", "error", "date")
    assert finding.message == "The date 2011-11-19 is not the date of the page's path, 2011-11-20"


def test_slug_against_file_name_is_an_error(seed_text: str) -> None:
    """A slug that is not the file's name is an error about the slug."""
    event = nf.loads(seed_text)
    (finding,) = check(event, nf.ArchiveURL(event.date, "another-name"))
    assert (finding.code, finding.anchor) == ("NF102", "slug")
    assert finding.message.endswith("is not the file's name 'another-name'")


def test_duplicates_and_foreign_links(seed_text: str) -> None:
    """Repeated sources and related links are each found once, at the repeat, with the place of
    the first; related links outside the archive are found at their URL."""
    event = nf.loads(seed_text)
    event = attrs.evolve(
        event,
        sources=event.sources * 2,
        related=(*event.related, event.related[1], nf.Related("Elsewhere", "https://example.com/x")),
        layout=nf.Layout(),
    )
    found = {f.code: f for f in check(event)}
    assert [f.code for f in check(event)].count("NF201") == 1
    assert (found["NF202"].anchor, found["NF202"].first) == ("sources[1]", "sources[0]")
    assert (found["NF201"].anchor, found["NF201"].first) == ("related[5]", "related[1]")
    assert found["NF201"].message == f"Related link {str(event.related[1].url)!r} repeats an earlier one"
    assert found["NF301"].anchor == "related[6].url"
    assert found["NF301"].message == "Related link 'https://example.com/x' is not an archive URL"


def test_day_page_listing_another_day() -> None:
    """A day page listing an event of another day is warned about, at the entry's link."""
    day = nf.loads(read(DATA / "valid" / "zh-day.md"))
    moved = attrs.evolve(day, date=dt.date(2011, 11, 2))
    found = check(moved)
    assert [f.name for f in found] == ["entry-date-mismatch"] * len(day.entries)
    assert found[0].anchor == "entries[0].url"


def test_day_page_listing_an_event_twice() -> None:
    """A day page listing one event twice is warned about at the second entry."""
    day = nf.loads(read(DATA / "valid" / "zh-day.md"))
    twice = attrs.evolve(day, entries=(*day.entries, day.entries[0]), layout=nf.Layout())
    (finding,) = check(twice)
    assert (finding.code, finding.anchor, finding.first) == ("NF203", f"entries[{len(day.entries)}]", "entries[0]")


def test_front_page_has_no_findings() -> None:
    """The front page has nothing to check on its own."""
    assert check(nf.loads(read(DATA / "valid" / "en-front-index.md"))) == []


def test_page_keys_follow_the_records_edition() -> None:
    """A page answers to the link of its own edition whatever its path says, and to its path's
    name in any format."""
    event = attrs.evolve(nf.loads(read(DATA / "valid" / "zh-event-body.md")), slug="its-slug")
    assert event.lang == "zh" and event.url is not None
    rooted_at_news = nf.ArchiveURL(event.date, "file-name", "en", "json")
    keys = page_keys(event, rooted_at_news)
    assert keys == {str(event.url), str(nf.ArchiveURL(event.date, "file-name", "zh"))}
    assert page_keys(nf.loads(read(DATA / "valid" / "zh-front-index.md"))) == set()


def test_link_targets_name_each_link_and_its_place() -> None:
    """Each link into the archive comes with the key of its page and a finding at its anchor."""
    event = nf.loads(read(DATA / "valid" / "en-event-changes.md"))
    targets = list(link_targets(event))
    assert len(targets) == len(event.related) + len(event.changes)
    key, finding = targets[0]
    assert key == str(event.related[0].url) and finding.anchor == "related[0].url" and finding.code == "NF302"
    assert [f.anchor for _, f in targets][-2:] == ["changes[0].url", "changes[1].url"]
    day = nf.loads(read(DATA / "valid" / "zh-day.md"))
    day_targets = list(link_targets(day))
    assert day_targets[-1] == (str(day.previous), day_targets[-1][1]) and day_targets[-1][1].anchor == "previous"
    assert day_targets[-1][1].message.startswith("Previous-day link '/zh/news/")


def test_a_label_the_archive_never_wrote_is_warned_about() -> None:
    """`_Contxt:` reads as a spelling of `_Context:` (the page writes back), and is reported."""
    seed = read(DATA / "valid" / "en-event-current-seed.md")
    event = nf.loads(seed.replace("_Context: Russia, Tajikistan_", "_Contxt: Russia, Tajikistan_", 1))
    assert isinstance(event, nf.Event) and event.related[1].contexts == ("Russia", "Tajikistan")
    found = [f for f in check(event) if f.code == "NF401"]
    assert [(f.anchor, f.name, f.severity) for f in found] == [("related[0]", "unknown-label", "warning")]
    assert found[0].message == "The label 'Contxt' is not one the archive writes; a slip for another?"
    assert check(nf.loads(seed)) == [f for f in check(nf.loads(seed)) if f.code != "NF401"]


def test_an_unknown_previous_day_label_is_warned_about() -> None:
    """A day page's link back under a label neither edition writes."""
    page = read(DATA / "valid" / "en-day-summaries-and-contexts.md").replace("[Previous Day...]", "[Previous Dya...]")
    found = [f for f in check(nf.loads(page)) if f.code == "NF401"]
    assert [(f.anchor, f.message) for f in found] == [
        ("previous", "The label 'Previous Dya...' is not one the archive writes; a slip for another?")
    ]
