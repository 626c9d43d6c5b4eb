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
        """ "第四章 title"; "［第四章］ title" where the source does not print the number."""
        title = localized(part, "title", self.code)
        number = say(self.code, f"{key}.number", n=part.n, numeral=zh_numeral(part.n))
        if not getattr(part, "number_printed", True):
            number = say(self.code, "cite.supplied", part=number)
        return say(self.code, key, number=number, title=title)

    def cite(self, provision: Placed) -> str:
        """Where a provision stands: its article number, else its chapter, section and item."""
        if provision.number:
            return say(self.code, "cite.article", label=provision.label, number=provision.number)
        supplied = getattr(provision, "supplied", ())
        chapter = self._place("chapter", provision.chapter, supplied)
        section = self._place("section", provision.section, supplied) if provision.section else ""
        label = ""
        if provision.label:
            number = label_number(provision.label)
            label = say(self.code, "cite.label", label=provision.label, label_number=number)
        return say(self.code, "cite.item", chapter=chapter, section=section, label=label)

    def _place(self, part: str, n: int, supplied: tuple[str, ...]) -> str:
        """A chapter's or section's number in a citation, in brackets where the source does
        not print it (the editors supplied it)."""
        number = say(self.code, f"cite.{part}", n=n, numeral=zh_numeral(n))
        if part not in supplied:
            return number
        space = number[: len(number) - len(number.lstrip())]  # " Section 5" in English
        return space + say(self.code, "cite.supplied", part=number.strip())

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
