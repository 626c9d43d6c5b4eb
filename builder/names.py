"""The names pages give chapters, sections, provisions and records, in an edition's language.

Every form comes from the edition's catalogue (`name.*`, `cite.*`, `heading.*`), so templates
and the navigation print names without knowing the language: "第四章第三节（二）" and
"Chapter 4 Section 3 (2)" are one rule with two catalogue entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from builder.editions import localized, say
from builder.importer.text import chinese_number
from builder.text import zh_numeral

_ITEM_LABEL = re.compile(r"（([一二三四五六七八九十]+)）")


def label_number(label: str | None) -> str:
    """An item label with its number in digits: （二） becomes (2)."""
    return _ITEM_LABEL.sub(lambda m: f"({chinese_number(m.group(1))})", label or "")


class Numbered(Protocol):
    n: int


class Placed(Protocol):
    """A provision, as it is today or as a revision recorded it."""

    number: int | None
    label: str | None
    chapter: int
    section: int | None


@dataclass(frozen=True)
class Names:
    code: str  # the edition's language

    def chapter(self, chapter: Numbered) -> str:
        return self._heading("name.chapter", chapter)

    def section(self, section: Numbered) -> str:
        return self._heading("name.section", section)

    def _heading(self, key: str, part: Numbered) -> str:
        title = localized(part, "title", self.code)
        return say(self.code, key, n=part.n, numeral=zh_numeral(part.n), title=title)

    def cite(self, provision: Placed) -> str:
        """Where a provision stands: its article number, else its chapter, section and item."""
        if provision.number:
            return say(self.code, "cite.article", label=provision.label, number=provision.number)
        section = ""
        if provision.section:
            n = provision.section
            section = say(self.code, "cite.section", n=n, numeral=zh_numeral(n))
        label = ""
        if provision.label:
            number = label_number(provision.label)
            label = say(self.code, "cite.label", label=provision.label, label_number=number)
        return say(
            self.code,
            "cite.item",
            chapter=provision.chapter,
            chapter_numeral=zh_numeral(provision.chapter),
            section=section,
            label=label,
        )

    def heading(self, provision: Placed) -> str:
        """A provision's heading: its citation label and its title."""
        key = "heading.numbered" if provision.number else "heading.unnumbered"
        title = localized(provision, "title", self.code)
        label = provision.label or ""
        return say(self.code, key, label=label, cite=self.cite(provision), title=title)

    def indicator(self, number: int, sub: int | None, reference: bool, name: str) -> str:
        key = "name.reference" if reference else "name.indicator"
        return say(self.code, key, number=f"{number}.{sub}" if sub else number, name=name)

    def project(self, number: int, name: str) -> str:
        return say(self.code, "name.project", number=number, name=name)
