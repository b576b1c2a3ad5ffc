"""The editions' house styles: labels, blank lines, and the canonical spelling of each field.

The English and Chinese editions lay out the same elements with different words and spacing;
everything a page writes the same way in both lives in the grammars, everything that differs
lives here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, NamedTuple

from .._text import encode
from ._fields import write_front_label, write_line_text, write_link_text, write_plain_label

GapTable = Mapping[tuple[str, str], int]
"""Canonical blank lines between two element kinds; pairs not listed have none."""


class Style(NamedTuple):
    """What an edition writes where the layout is the same but the words differ."""

    lang: str
    sources: str
    related: str
    changes: str
    context: str
    previous: str
    formats: bool  # whether its event and day pages start with a Formats line
    title_pad: str  # what follows a title on its line: the English edition leaves a space
    html_lines: bool  # whether running text (body, summary) has its quotes as entities
    listing_gaps: GapTable

    def heading(self, key: str) -> str:
        """The label of an event's section ("sources", "related", "changes")."""
        return str(getattr(self, key))

    def canonical(self, kind: str, value: str) -> str:
        """The canonical spelling of a text field of ``kind``, padding included."""
        if kind == "title":  # "# Title", "### [Title](", "1. [Title]("
            return write_link_text(value) + self.title_pad
        if kind == "name":  # "1. [Name](", "## [Label]("
            return write_link_text(value)
        if kind == "front":  # "## [Label](" on a front page
            return write_front_label(value)
        if kind == "label":  # "## Opinion": not to be read as a link
            return write_plain_label(value)
        if kind == "line":  # a body or summary line
            return write_line_text(value, html=self.html_lines)
        return encode(value)  # "##### Category"


# Canonical blank lines between element kinds, as the archive's generator wrote them.
# An event page's body is a line that is empty when there is no body: that is why four blank
# lines follow a title with no body and two follow a body.
EVENT_GAPS: Final[GapTable] = {
    ("start", "formats"): 1,
    ("formats", "date"): 1,
    ("date", "category"): 1,
    ("date", "title"): 1,
    ("title", "body"): 1,
    ("title", "heading"): 4,
    ("body", "heading"): 2,
    ("heading", "item"): 1,
    ("item", "heading"): 1,
    ("title", "end"): 3,
    ("body", "end"): 1,
}

_LISTED: Final = ("category", "entry", "previous", "rule")
_EN_LISTING: Final[GapTable] = {
    ("start", "formats"): 1,
    ("formats", "date"): 1,
    ("formats", "section"): 1,
    **{(a, b): 1 for a in ("date", "section") for b in _LISTED},
    **{(a, b): 1 for a in ("entry", "summary", "contexts") for b in _LISTED},
    ("rule", "section"): 1,
    ("previous", "end"): 1,
}
_ZH_LISTING: Final[GapTable] = {
    ("start", "section"): 2,
    **{(a, b): 1 for a in ("date", "section") for b in _LISTED},
    ("rule", "section"): 1,
    ("rule", "end"): 1,
    ("previous", "end"): 1,
}

STYLES: Final = {
    "en": Style("en", "Sources:", "Related:", "Changes:", "Context", "Previous Day...", True, " ", True, _EN_LISTING),
    "zh": Style("zh", "信息来源:", "有关:", "Changes:", "消息", "前一天...", False, "", False, _ZH_LISTING),
}

SECTION_KEYS: Final = {
    "Sources:": "sources",
    "Source:": "sources",  # the legacy English layout
    "信息来源:": "sources",
    "Related:": "related",
    "有关:": "related",
    "Changes:": "changes",
}
"""The section headings of event pages, by the list they head."""

SECTION_ORDER: Final = ("sources", "changes", "related")
"""The order the archive writes an event's sections in."""

CONTEXT_LABELS: Final = frozenset(style.context for style in STYLES.values())
"""The labels the archive gives contexts notes (``_Context: A, B_``)."""

PREVIOUS_LABELS: Final = frozenset(style.previous for style in STYLES.values())
"""The labels the archive gives a day page's link to the day before."""

ZH_MARKERS: Final = frozenset({"信息来源:", "有关:", "消息", "前一天...", "今天", "昨天", "昨天前一天"})
"""Labels only the Chinese edition writes: a page holding one is a Chinese page."""

_CJK: Final = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def guess_lang(found: str | None, hint_lang: str | None, title: str = "") -> str:
    """The page's edition: what the page says (labels, links), then where it lives, then its
    script. A caller's ``lang=`` bypasses this."""
    if found is not None:
        return found
    if hint_lang is not None and hint_lang != "en":  # an explicit edition folder such as zh/
        return hint_lang
    return "zh" if _CJK.search(title) else "en"
